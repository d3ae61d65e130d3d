import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Form, Input, Progress, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { DownloadPage, DownloadQuery, DownloadRow, DownloadScope, DownloadState, DownloadStatus } from '../../../../preload/contract';
import { alreadyShown, call } from '../../lib/api';
import { dataAttributes } from '../../lib/testId';
import { dateTime } from '../../lib/time';
import { useFollowedValue } from '../../lib/useFollowedState';
import { certTypeLabel } from '../certificates/certTypes';
import { ECertificateViewer } from './ECertificateViewer';

const PAGE_SIZE = 20;
const TYPES = ['RC', 'BR'] as const;

type Filter = Omit<DownloadQuery, 'offset' | 'limit'>;

interface QueryValues {
  number?: string;
  type?: 'RC' | 'BR';
  destinationCountry?: string;
  issueDate?: [Dayjs | null, Dayjs | null] | null;
}

function toFilter(values: QueryValues): Filter {
  const [from, to] = values.issueDate ?? [null, null];
  const filter: Filter = {
    number: values.number?.trim().toUpperCase() || undefined,
    type: values.type,
    destinationCountry: values.destinationCountry,
    issueDateFrom: from?.format('YYYY-MM-DD'),
    issueDateTo: to?.format('YYYY-MM-DD'),
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as Filter;
}

/** The manual's 小提示 of chapter 6, and the destinations the server allows today. */
function ScopeTip({ scope }: { scope: DownloadScope | null }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="info"
      showIcon
      className="downloads-tip"
      title={t('downloads.tipTitle')}
      description={
        <>
          <Typography.Paragraph className="downloads-tip-text">{t('downloads.tip')}</Typography.Paragraph>
          <Space wrap size={[4, 4]} data-testid="download-destinations" data-offline={scope?.offline ?? false}>
            <span>{t('downloads.allowedDestinations')}</span>
            {scope?.destinations.map((name) => (
              <Tag key={name} color="blue" {...dataAttributes({ testid: 'download-destination', name })}>
                {name}
              </Tag>
            ))}
            {scope !== null && scope.destinations.length === 0 && <span>{t('common.unknown')}</span>}
          </Space>
          {scope?.offline && (
            <Typography.Paragraph type="warning" className="downloads-offline" data-testid="download-scope-offline">
              {scope.fetchedAt ? t('downloads.offlineScope', { time: dateTime(scope.fetchedAt) }) : t('downloads.noScope')}
            </Typography.Paragraph>
          )}
        </>
      }
      data-testid="download-tip"
    />
  );
}

function StatusTag({ status }: { status: DownloadStatus }) {
  const { t } = useTranslation();
  const color = status === 'downloaded' ? 'success' : status === 'damaged' ? 'error' : 'default';
  return <Tag color={color}>{t(`downloads.status.${status}`)}</Tag>;
}

function BatchProgress({ state, onCancel, onDismiss }: { state: DownloadState | null; onCancel: () => void; onDismiss: () => void }) {
  const { t } = useTranslation();
  if (state === null || state.state === 'idle') return null;
  if (state.state === 'running') {
    const percent = Math.floor((100 * (state.done + state.failed)) / Math.max(1, state.total));
    return (
      <Alert
        type="info"
        className="downloads-progress"
        title={t('downloads.progress.running', { done: state.done + state.failed, total: state.total, number: state.current ?? '' })}
        description={<Progress percent={percent} size="small" />}
        action={
          <Button size="small" danger onClick={onCancel} data-testid="download-cancel">
            {t('downloads.actions.cancel')}
          </Button>
        }
        data-testid="download-progress"
        data-state="running"
      />
    );
  }
  const title = state.cancelled
    ? t('downloads.progress.cancelled', { done: state.done, total: state.total })
    : t('downloads.progress.finished', { done: state.done, failed: state.failures.length });
  return (
    <Alert
      type={state.failures.length > 0 ? 'warning' : state.cancelled ? 'info' : 'success'}
      showIcon
      closable={{ onClose: onDismiss }}
      className="downloads-progress"
      title={title}
      description={
        state.failures.length > 0 ? (
          <ul className="downloads-failures">
            {state.failures.map((failure) => (
              <li key={failure.certificateId} data-testid="download-failure">
                {failure.number}: {failure.message}
              </li>
            ))}
          </ul>
        ) : undefined
      }
      data-testid="download-progress"
      data-state="finished"
      data-done={state.done}
      data-cancelled={state.cancelled}
    />
  );
}

/** 证书下载 (manual chapter 6): the electronic versions of RCEP and RCEP back-to-back certificates. */
export function DownloadsPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<QueryValues>();
  const [scope, setScope] = useState<DownloadScope | null>(null);
  const [filter, setFilter] = useState<Filter>({});
  const [pageNumber, setPageNumber] = useState(1);
  const [page, setPage] = useState<DownloadPage | null>(null);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<string[]>([]);
  const [viewing, setViewing] = useState<DownloadRow | null>(null);
  const [dismissed, setDismissed] = useState(false);
  const state = useFollowedValue('downloads:state');

  // Each 查询 asks the server for the scope again (an announcement may have changed it); offline, main answers from its cache.
  const search = useCallback((next: Filter) => {
    setFilter(next);
    setPageNumber(1);
    setVersion((current) => current + 1);
  }, []);

  // Turning pages reads the cache only; the scope is asked for again at each 查询 (version).
  const scopeVersion = useRef(-1);
  useEffect(() => {
    let alive = true;
    setLoading(true);
    const query: DownloadQuery = { ...filter, offset: (pageNumber - 1) * PAGE_SIZE, limit: PAGE_SIZE };
    const scopeFirst =
      scopeVersion.current === version
        ? Promise.resolve()
        : call('downloads:scope')
            .then((next) => {
              scopeVersion.current = version;
              if (alive) setScope(next);
            })
            // Shown already; the list still comes, under the scope main has cached.
            .catch(alreadyShown);
    scopeFirst
      .then(() => call('downloads:search', query))
      .then((next) => {
        if (alive) setPage(next);
      })
      .catch(alreadyShown)
      .finally(() => {
        if (alive) setLoading(false);
      });
    return () => {
      alive = false;
    };
  }, [filter, pageNumber, version]);

  // A batch that ends changes the rows' states: show them. Each end is its own pushed object; a short batch's
  // running and finished can reach React in one render, so the end is recognised by identity, not by a transition.
  // The state first read on opening the page is already reflected in the list it loads.
  const lastEnd = useRef<DownloadState | null | undefined>(undefined);
  useEffect(() => {
    if (state === null) return;
    const end = state.state === 'finished' ? state : null;
    if (lastEnd.current === undefined) {
      lastEnd.current = end;
      return;
    }
    if (end === null || end === lastEnd.current) return;
    lastEnd.current = end;
    setVersion((current) => current + 1);
  }, [state]);

  async function start(certificateIds: string[]): Promise<void> {
    if (certificateIds.length === 0) return;
    setDismissed(false);
    try {
      await call('downloads:start', { certificateIds });
      // The selection was for this batch; the next one starts from a clean slate.
      setSelected([]);
    } catch (error) {
      alreadyShown(error);
    }
  }

  const running = state?.state === 'running';

  const columns: TableColumnsType<DownloadRow> = [
    { key: 'number', title: t('certificates.columns.number'), width: 190, render: (_, row) => row.number },
    { key: 'type', title: t('certificates.columns.type'), width: 150, render: (_, row) => certTypeLabel(row.type, t) },
    { key: 'applicant', title: t('certificates.columns.applicant'), ellipsis: true, render: (_, row) => row.applicant },
    { key: 'destination', title: t('certificates.columns.destinationCountry'), width: 100, render: (_, row) => row.destinationCountry },
    { key: 'issueDate', title: t('certificates.columns.issueDate'), width: 110, render: (_, row) => row.issueDate },
    {
      key: 'status',
      title: t('downloads.columns.status'),
      width: 170,
      render: (_, row) => (
        <Space size={4} wrap>
          <StatusTag status={row.download} />
          {row.downloadedAt && row.download === 'downloaded' && <Typography.Text type="secondary">{dateTime(row.downloadedAt)}</Typography.Text>}
        </Space>
      ),
    },
    {
      key: 'actions',
      title: t('downloads.columns.actions'),
      width: 190,
      render: (_, row) => (
        <Space size={0}>
          {row.download !== 'none' && (
            <Button type="link" size="small" onClick={() => setViewing(row)} data-testid="download-view">
              {t('downloads.actions.view')}
            </Button>
          )}
          <Button type="link" size="small" disabled={running} onClick={() => void start([row.certificateId])} data-testid="download-one">
            {row.download === 'none' ? t('downloads.actions.download') : t('downloads.actions.redownload')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Card className="downloads-page" title={t('downloads.title')} data-testid="downloads-page">
      <Typography.Paragraph>{t('downloads.intro')}</Typography.Paragraph>
      <ScopeTip scope={scope} />
      <Form<QueryValues> form={form} className="query-form" labelCol={{ flex: '80px' }} labelWrap onFinish={(values) => search(toFilter(values))} data-testid="download-query">
        <Row gutter={[16, 0]}>
          <Col xs={24} md={12} xl={6}>
            <Form.Item label={t('certificates.query.number')} name="number">
              <Input allowClear maxLength={20} data-testid="download-query-number" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Form.Item label={t('certificates.query.type')} name="type">
              <Select
                allowClear
                placeholder={t('certificates.query.all')}
                options={TYPES.map((code) => ({ value: code, label: certTypeLabel(code, t) }))}
                data-testid="download-query-type"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Form.Item label={t('certificates.query.destinationCountry')} name="destinationCountry">
              <Select
                allowClear
                placeholder={t('certificates.query.all')}
                options={(scope?.destinations ?? []).map((name) => ({ value: name, label: name }))}
                data-testid="download-query-destination"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Form.Item label={t('certificates.query.issueDate')} name="issueDate">
              <DatePicker.RangePicker
                allowEmpty={[true, true]}
                placeholder={[t('certificates.query.issueDateFrom'), t('certificates.query.issueDateTo')]}
                className="query-date-range"
                data-testid="download-query-issue-date"
              />
            </Form.Item>
          </Col>
        </Row>
        <Space className="query-actions">
          <Button type="primary" htmlType="submit" loading={loading} data-testid="download-query-search">
            {t('certificates.query.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              search({});
            }}
          >
            {t('certificates.query.reset')}
          </Button>
        </Space>
      </Form>
      <Space className="downloads-toolbar">
        <Button type="primary" disabled={selected.length === 0 || running} onClick={() => void start(selected)} data-testid="download-selected">
          {t('downloads.actions.downloadSelected', { count: selected.length })}
        </Button>
        <Typography.Text data-testid="download-total" data-total={page?.total ?? 0}>
          {t('certificates.total', { total: page?.total ?? 0 })}
        </Typography.Text>
      </Space>
      {!dismissed && <BatchProgress state={state} onCancel={() => void call('downloads:cancel').catch(alreadyShown)} onDismiss={() => setDismissed(true)} />}
      <Table<DownloadRow>
        size="middle"
        rowKey="certificateId"
        columns={columns}
        dataSource={page?.rows ?? []}
        loading={loading}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)), getCheckboxProps: (row) => ({ 'aria-label': t('certificates.columns.selectRow', { number: row.number }) }) }}
        pagination={{ current: pageNumber, pageSize: PAGE_SIZE, total: page?.total ?? 0, showSizeChanger: false, onChange: setPageNumber }}
        locale={{ emptyText: t('downloads.empty') }}
        onRow={(row) => ({ ...dataAttributes({ testid: 'download-row', 'certificate-number': row.number, status: row.download }) })}
        data-testid="download-table"
      />
      <ECertificateViewer
        row={viewing}
        onClose={() => setViewing(null)}
        onRedownload={(row) => {
          setViewing(null);
          void start([row.certificateId]);
        }}
      />
    </Card>
  );
}
