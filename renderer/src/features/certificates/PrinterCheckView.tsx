import { Alert, Space, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PrinterCheck } from '../../../../preload/contract';

function Capability({ label, ok, testId }: { label: string; ok: boolean; testId: string }) {
  return (
    <Tag color={ok ? 'success' : 'error'} data-testid={testId} data-ok={ok}>
      {label} {ok ? '✓' : '✗'}
    </Tag>
  );
}

export function PrinterCheckView({ check, checking }: { check: PrinterCheck | null; checking: boolean }) {
  const { t } = useTranslation();
  if (checking) return <Spin size="small" description={t('print.dialog.checking')} />;
  if (!check) return null;
  const suitable = check.problems.length === 0;
  return (
    <Space orientation="vertical" size={8} className="printer-check" data-testid="printer-check" data-suitable={suitable}>
      <Space size={4}>
        <Capability label={t('print.dialog.a4')} ok={check.a4} testId="printer-check-a4" />
        <Capability label={t('print.dialog.color')} ok={check.color} testId="printer-check-color" />
        <Capability label={t('print.dialog.duplex')} ok={check.duplex} testId="printer-check-duplex" />
      </Space>
      {suitable ? (
        <Alert type="success" showIcon title={t('print.dialog.suitable')} />
      ) : (
        <Alert
          type="warning"
          showIcon
          title={t('print.dialog.problems')}
          description={
            <ul className="printer-problems">
              {check.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          }
          data-testid="printer-problems"
        />
      )}
    </Space>
  );
}
