import { Button, Col, DatePicker, Form, Input, Row, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ArchiveStatus, CertificateQuery } from '../../../../preload/contract';
import { CERT_TYPES, certTypeLabel } from '../certificates/certTypes';

/** The query area of 打印异常申请: the printed certificates, by number, type, issue date and archive status. */
export type ExceptionFilter = Pick<CertificateQuery, 'number' | 'type' | 'issueDateFrom' | 'issueDateTo' | 'archiveStatus'>;

interface Values {
  number?: string;
  type?: string;
  issueDate?: [Dayjs | null, Dayjs | null] | null;
  archiveStatus?: ArchiveStatus;
}

const ARCHIVE_STATUSES: ArchiveStatus[] = ['unarchived', 'archived'];

function toFilter(values: Values): ExceptionFilter {
  const [from, to] = values.issueDate ?? [null, null];
  const number = values.number?.trim().toUpperCase();
  const filter: ExceptionFilter = {
    number: number ? number : undefined,
    type: values.type,
    issueDateFrom: from?.format('YYYY-MM-DD'),
    issueDateTo: to?.format('YYYY-MM-DD'),
    archiveStatus: values.archiveStatus,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as ExceptionFilter;
}

export function ExceptionQueryForm({ initialNumber, onSearch }: { initialNumber?: string; onSearch: (filter: ExceptionFilter) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  return (
    <Form<Values>
      form={form}
      className="query-form"
      labelCol={{ flex: '80px' }}
      labelWrap
      initialValues={{ number: initialNumber }}
      onFinish={(values) => onSearch(toFilter(values))}
      data-testid="exception-query"
    >
      <Row gutter={[16, 0]}>
        <Col xs={24} md={12} xl={6}>
          <Form.Item label={t('exceptions.query.number')} name="number">
            <Input allowClear maxLength={20} data-testid="exception-query-number" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Form.Item label={t('exceptions.query.type')} name="type">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('exceptions.query.all')}
              options={CERT_TYPES.map((code) => ({ value: code, label: certTypeLabel(code, t) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Form.Item label={t('exceptions.query.issueDate')} name="issueDate">
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              placeholder={[t('exceptions.query.issueDateFrom'), t('exceptions.query.issueDateTo')]}
              className="query-date-range"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Form.Item label={t('exceptions.query.archiveStatus')} name="archiveStatus">
            <Select
              allowClear
              placeholder={t('exceptions.query.all')}
              options={ARCHIVE_STATUSES.map((value) => ({ value, label: t(`status.archive.${value}`) }))}
            />
          </Form.Item>
        </Col>
        <Col span={24} className="query-actions">
          <Space>
            <Button
              onClick={() => {
                form.setFieldsValue({ number: undefined, type: undefined, issueDate: null, archiveStatus: undefined });
                onSearch({});
              }}
            >
              {t('exceptions.query.reset')}
            </Button>
            <Button type="primary" htmlType="submit" data-testid="exception-query-search">
              {t('exceptions.query.search')}
            </Button>
          </Space>
        </Col>
      </Row>
    </Form>
  );
}
