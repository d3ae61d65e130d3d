import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { testId } from '../../lib/testId';

interface Props {
  open: boolean;
  /** The last attempt's error, shown in the dialog; null when there is none. */
  error: string | null;
  /** Receives the PIN for one attempt; the parent closes the dialog when it is done with it. */
  onSubmit: (pin: string) => Promise<void>;
  onCancel: () => void;
}

interface PinValues {
  pin: string;
}

/**
 * Asks for the legal-person card PIN for one save. The PIN lives only in the form field: it is
 * cleared after every attempt (right or wrong) and when the dialog closes, and never reaches
 * React state.
 */
export function PinModal({ open, error, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PinValues>();
  const [submitting, setSubmitting] = useState(false);

  async function submit({ pin }: PinValues): Promise<void> {
    setSubmitting(true);
    try {
      await onSubmit(pin);
    } finally {
      form.resetFields();
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('scans.pin.title')}
      okText={t('scans.pin.ok')}
      cancelText={t('scans.pin.cancel')}
      // The OK button submits the form below, so Enter in the field and a click take one path.
      okButtonProps={{ htmlType: 'submit', ...testId('pin-ok') }}
      cancelButtonProps={{ disabled: submitting, ...testId('pin-cancel') }}
      confirmLoading={submitting}
      onCancel={() => {
        if (!submitting) onCancel();
      }}
      afterClose={() => form.resetFields()}
      mask={{ closable: false }}
      destroyOnHidden
      width={400}
      modalRender={(dialog) => (
        <Form<PinValues> form={form} layout="vertical" requiredMark={false} clearOnDestroy onFinish={(values) => void submit(values)}>
          {dialog}
        </Form>
      )}
    >
      {error && <Alert type="error" showIcon title={error} className="pin-error" data-testid="pin-error" />}
      <Form.Item name="pin" label={t('scans.pin.label')} rules={[{ required: true, message: t('scans.pin.required') }]} extra={t('scans.pin.hint')}>
        <Input.Password autoFocus autoComplete="off" maxLength={64} data-testid="pin-input" />
      </Form.Item>
    </Modal>
  );
}
