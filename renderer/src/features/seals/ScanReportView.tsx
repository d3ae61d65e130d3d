import type { ReactNode } from 'react';
import { Alert, Descriptions, Spin, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ScanCheckLine, ScanCheckResult } from '../../../../preload/contract';
import { errorText } from '../../lib/errors';
import { missingCase } from '../../lib/missingCase';
import { dataAttributes } from '../../lib/testId';
import type { ScanState } from './useScanCheck';

interface Props {
  state: ScanState;
  /** The true-size preview, placed beside the verdict. */
  children: ReactNode;
}

/** The reasons to show for a refusal: main's list, or the failed lines' own reasons if it sent none. */
function refusalReasons(result: ScanCheckResult): string[] {
  if (result.reasons.length > 0) return result.reasons;
  return result.checks.filter((line) => line.verdict === 'fail').map((line) => line.reason ?? line.label);
}

function Verdict({ state }: { state: ScanState }) {
  const { t } = useTranslation();
  switch (state.phase) {
    case 'empty':
      return null;
    case 'checking':
      return <Spin className="scan-report-spin" description={t('scans.checking')} />;
    case 'expired':
      return <Alert type="warning" showIcon title={t('scans.expired')} data-testid="scan-expired" />;
    case 'failed':
      return <Alert type="error" showIcon title={t('scans.failed')} description={<span data-testid="scan-reason">{errorText(state.error)}</span>} />;
    case 'checked':
      return state.result.accepted ? (
        <Alert type="success" showIcon title={t('scans.accepted')} description={t('scans.acceptedHint')} />
      ) : (
        <Alert
          type="error"
          showIcon
          title={t('scans.refused')}
          description={
            <>
              <div>{t('scans.refusedHint')}</div>
              <ul className="scan-reasons">
                {refusalReasons(state.result).map((reason) => (
                  <li key={reason} data-testid="scan-reason">
                    {reason}
                  </li>
                ))}
              </ul>
            </>
          }
        />
      );
    default:
      return missingCase(state);
  }
}

function Figures({ fileName, result }: { fileName: string; result: ScanCheckResult }) {
  const { t } = useTranslation();
  const unknown = t('scans.unknown');
  const size =
    result.widthCm !== null && result.heightCm !== null
      ? t('scans.sizeCm', { width: result.widthCm.toFixed(2), height: result.heightCm.toFixed(2) })
      : unknown;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      className="scan-figures"
      items={[
        { key: 'file', label: t('scans.summary.file'), children: <span className="scan-file-name">{fileName}</span> },
        { key: 'dpi', label: t('scans.summary.dpi'), children: result.dpi !== null ? t('scans.dpiValue', { dpi: result.dpi }) : unknown },
        { key: 'size', label: t('scans.summary.size'), children: size },
        // A signature has no shape to classify; the line is left out rather than shown empty.
        ...(result.kind === 'seal'
          ? [{ key: 'shape', label: t('scans.summary.shape'), children: result.shape ? t(`marks.shapes.${result.shape}`) : unknown }]
          : []),
        { key: 'color', label: t('scans.summary.color'), children: result.color ? t(`marks.colors.${result.color}`) : unknown },
      ]}
    />
  );
}

function ChecksTable({ checks }: { checks: ScanCheckLine[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<ScanCheckLine> = [
    { key: 'label', title: t('scans.columns.label'), dataIndex: 'label', width: 140 },
    { key: 'figure', title: t('scans.columns.figure'), dataIndex: 'figure', width: 140 },
    { key: 'limit', title: t('scans.columns.limit'), dataIndex: 'limit', width: 160 },
    {
      key: 'verdict',
      title: t('scans.columns.verdict'),
      width: 96,
      render: (_, line) =>
        line.verdict === 'pass' ? <Tag color="success">✓ {t('scans.pass')}</Tag> : <Tag color="error">✗ {t('scans.fail')}</Tag>,
    },
    { key: 'reason', title: t('scans.columns.reason'), dataIndex: 'reason', render: (reason?: string) => reason ?? '' },
  ];
  return (
    <Table<ScanCheckLine>
      size="small"
      className="scan-checks"
      rowKey="id"
      columns={columns}
      dataSource={checks}
      pagination={false}
      rowClassName={(line) => (line.verdict === 'fail' ? 'scan-check-fail' : '')}
      onRow={(line) => ({ ...dataAttributes({ testid: 'scan-check', 'check-id': line.id, verdict: line.verdict }) })}
    />
  );
}

/**
 * The local check's answer: the verdict (with the refusal reasons in Chinese, prominently),
 * the measured figures and every check line. `data-accepted` is only set once there is an answer.
 */
export function ScanReportView({ state, children }: Props) {
  const accepted = state.phase === 'checked' ? state.result.accepted : state.phase === 'failed' || state.phase === 'expired' ? false : undefined;
  return (
    <section className="scan-report" data-testid="scan-report" data-checking={state.phase === 'checking'} data-accepted={accepted}>
      <div className="scan-report-top">
        {children}
        <div className="scan-report-summary">
          <Verdict state={state} />
          {state.phase === 'checked' && <Figures fileName={state.fileName} result={state.result} />}
        </div>
      </div>
      {state.phase === 'checked' && state.result.checks.length > 0 && <ChecksTable checks={state.result.checks} />}
    </section>
  );
}
