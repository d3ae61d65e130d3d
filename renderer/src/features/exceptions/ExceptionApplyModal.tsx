import { useState } from 'react';
import { App, Button, Descriptions, Form, Modal, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ExceptionApplicationView, ExceptionOptions } from '../../../../preload/contract';
import { alreadyShown, call } from '../../lib/api';

export interface ExceptionTarget {
  certificateId: string;
  certificateNumber: string;
}

interface Values {
  reasonCode?: string;
  operationCode?: string;
}

/**
 * 异常申请 (manual 5.2): the reason and the operation type, then 提交; 取消打印 closes it
 * and nothing is applied for. A refusal (archived, an open application, offline) is shown
 * and the form stays, so the user can read why.
 */
export function ExceptionApplyModal({
  target,
  options,
  onClose,
  onSubmitted,
}: {
  target: ExceptionTarget | null;
  options: ExceptionOptions | undefined;
  onClose: () => void;
  onSubmitted: (application: ExceptionApplicationView) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);

  async function submit(values: Values): Promise<void> {
    if (!target || !values.reasonCode || !values.operationCode) return;
    setSubmitting(true);
    try {
      const application = await call('exceptions:submit', {
        certificateId: target.certificateId,
        reasonCode: values.reasonCode,
        operationCode: values.operationCode,
      });
      void message.success(t('exceptions.submitted'));
      onSubmitted(application);
    } catch (error) {
      alreadyShown(error);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={target !== null}
      title={t('exceptions.form.title')}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      afterOpenChange={(open) => {
        if (open) form.resetFields();
      }}
      footer={[
        <Button key="cancel" onClick={onClose} disabled={submitting} data-testid="exception-cancel">
          {t('exceptions.form.cancel')}
        </Button>,
        <Button key="submit" type="primary" loading={submitting} onClick={() => form.submit()} data-testid="exception-submit">
          {t('exceptions.form.submit')}
        </Button>,
      ]}
    >
      {target && (
        <div data-testid="exception-form" data-certificate-number={target.certificateNumber}>
          <Descriptions size="small" column={1} items={[{ key: 'number', label: t('exceptions.form.certificate'), children: target.certificateNumber }]} />
          <Form<Values> form={form} layout="vertical" onFinish={(values) => void submit(values)} className="exception-form">
            <Form.Item label={t('exceptions.form.reason')} name="reasonCode" rules={[{ required: true, message: t('exceptions.form.reasonRequired') }]}>
              <Select
                placeholder={t('exceptions.form.choose')}
                options={options?.reasons.map((option) => ({ value: option.code, label: option.label })) ?? []}
                loading={!options}
                data-testid="exception-reason"
              />
            </Form.Item>
            <Form.Item label={t('exceptions.form.operation')} name="operationCode" rules={[{ required: true, message: t('exceptions.form.operationRequired') }]}>
              <Radio.Group data-testid="exception-operation">
                {options?.operations.map((option) => (
                  <Radio key={option.code} value={option.code} data-testid={`exception-operation-${option.code}`}>
                    {option.label}
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
          </Form>
        </div>
      )}
    </Modal>
  );
}
