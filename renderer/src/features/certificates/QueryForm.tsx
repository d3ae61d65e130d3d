import { Button, Col, DatePicker, Form, Input, Row, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { KEYWORD_MAX_LENGTH, KEYWORD_MIN_LENGTH, type ArchiveStatus, type LayoutStatus, type PrintStatus } from '../../../../preload/contract';
import { CERT_TYPES, certTypeLabel } from './certTypes';
import type { CertificateFilter } from './useCertificateWindow';

interface QueryValues {
  number?: string;
  type?: string;
  applicant?: string;
  keyword?: string;
  issueDate?: [Dayjs | null, Dayjs | null] | null;
  destinationCountry?: string;
  layoutStatus?: LayoutStatus;
  archiveStatus?: ArchiveStatus;
  printStatus?: PrintStatus;
}

const LAYOUT_STATUSES: LayoutStatus[] = ['generated', 'sending', 'received'];
const ARCHIVE_STATUSES: ArchiveStatus[] = ['unarchived', 'archived'];
const PRINT_STATUSES: PrintStatus[] = ['pending', 'printed'];

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Form values → the query's filter; empty fields are left out rather than sent as ''. */
function toFilter(values: QueryValues): CertificateFilter {
  const [from, to] = values.issueDate ?? [null, null];
  const filter: CertificateFilter = {
    number: text(values.number)?.toUpperCase(),
    type: values.type,
    applicant: text(values.applicant),
    keyword: text(values.keyword),
    issueDateFrom: from?.format('YYYY-MM-DD'),
    issueDateTo: to?.format('YYYY-MM-DD'),
    destinationCountry: text(values.destinationCountry),
    layoutStatus: values.layoutStatus,
    archiveStatus: values.archiveStatus,
    printStatus: values.printStatus,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as CertificateFilter;
}

export function QueryForm({ onSearch }: { onSearch: (filter: CertificateFilter) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<QueryValues>();

  return (
    <Form<QueryValues>
      form={form}
      className="query-form"
      labelCol={{ flex: '80px' }}
      labelWrap
      onFinish={(values) => onSearch(toFilter(values))}
      data-testid="certificate-query"
    >
      <Row gutter={[16, 0]}>
        <Col xs={24} md={12} xl={8} xxl={6}>
          <Form.Item
            label={t('certificates.query.keyword')}
            name="keyword"
            rules={[
              {
                validator: (_, value: string | undefined) => {
                  const trimmed = value?.trim() ?? '';
                  return trimmed === '' || [...trimmed].length >= KEYWORD_MIN_LENGTH
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('certificates.query.keywordTooShort', { min: KEYWORD_MIN_LENGTH })));
                },
              },
            ]}
          >
            <Input allowClear maxLength={KEYWORD_MAX_LENGTH} placeholder={t('certificates.query.keywordPlaceholder')} data-testid="query-keyword" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8} xxl={6}>
          <Form.Item label={t('certificates.query.number')} name="number">
            <Input allowClear maxLength={40} data-testid="query-number" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8} xxl={6}>
          <Form.Item label={t('certificates.query.type')} name="type">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('certificates.query.all')}
              options={CERT_TYPES.map((code) => ({ value: code, label: certTypeLabel(code, t) }))}
              data-testid="query-type"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8} xxl={6}>
          <Form.Item label={t('certificates.query.applicant')} name="applicant">
            <Input allowClear maxLength={200} data-testid="query-applicant" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8} xxl={6}>
          <Form.Item label={t('certificates.query.destinationCountry')} name="destinationCountry">
            <Input allowClear maxLength={100} data-testid="query-destination" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8} xxl={6}>
          <Form.Item label={t('certificates.query.issueDate')} name="issueDate">
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              placeholder={[t('certificates.query.issueDateFrom'), t('certificates.query.issueDateTo')]}
              className="query-date-range"
              data-testid="query-issue-date"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8} xxl={6}>
          <Form.Item label={t('certificates.query.layoutStatus')} name="layoutStatus">
            <Select
              allowClear
              placeholder={t('certificates.query.all')}
              options={LAYOUT_STATUSES.map((value) => ({ value, label: t(`status.layout.${value}`) }))}
              data-testid="query-layout-status"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8} xxl={6}>
          <Form.Item label={t('certificates.query.archiveStatus')} name="archiveStatus">
            <Select
              allowClear
              placeholder={t('certificates.query.all')}
              options={ARCHIVE_STATUSES.map((value) => ({ value, label: t(`status.archive.${value}`) }))}
              data-testid="query-archive-status"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8} xxl={6}>
          <Form.Item label={t('certificates.query.printStatus')} name="printStatus">
            <Select
              allowClear
              placeholder={t('certificates.query.all')}
              options={PRINT_STATUSES.map((value) => ({ value, label: t(`status.print.${value}`) }))}
              data-testid="query-print-status"
            />
          </Form.Item>
        </Col>
        {/* The buttons take the rest of the last row, whatever the number of columns. */}
        <Col xs={24} md={12} xl={8} xxl={18} className="query-actions">
          <Space>
            <Button
              onClick={() => {
                form.resetFields();
                onSearch({});
              }}
              data-testid="query-reset"
            >
              {t('certificates.query.reset')}
            </Button>
            <Button type="primary" htmlType="submit" data-testid="query-search">
              {t('certificates.query.search')}
            </Button>
          </Space>
        </Col>
      </Row>
    </Form>
  );
}
