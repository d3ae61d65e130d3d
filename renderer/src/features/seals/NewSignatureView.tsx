import { useCallback, useRef } from 'react';
import { App, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Declarant, SignatureView } from '../../../../preload/contract';
import { call, invoke } from '../../lib/api';
import { DeclarantGuidance } from './DeclarantGuidance';
import { MarkEditor } from './MarkEditor';
import { PinModal } from './PinModal';
import { ScanDropZone } from './ScanDropZone';
import { INCOMPLETE, usePinSave } from './usePinSave';
import { useRemoteList } from '../../lib/useRemote';
import { acceptedCheckId, useScanCheck } from './useScanCheck';

interface SignatureForm {
  declarantId?: string;
  name?: string;
}

const loadDeclarants = () => call('signatures:declarants');

/** 新增签名 (manual 2.2): a declarant registered with an ID card, the signature name, the scanned signature, save. */
export function NewSignatureView({ onSaved, onBack }: { onSaved: (signature: SignatureView) => void; onBack: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SignatureForm>();
  const declarants = useRemoteList(loadDeclarants);
  const scan = useScanCheck('signature');
  const declarantId = Form.useWatch('declarantId', form);
  const declarant = declarants.rows.find((row) => row.declarantId === declarantId);
  const checkId = acceptedCheckId(scan.state);
  // The name last filled in from a declarant: replaced on the next choice unless the user edited it.
  const filledName = useRef<string | null>(null);

  const save = useCallback(
    (pin: string) => {
      const values = form.getFieldsValue();
      if (!checkId || !values.declarantId || !values.name) return Promise.resolve(INCOMPLETE);
      return invoke('signatures:create', { checkId, name: values.name.trim(), declarantId: values.declarantId, pin });
    },
    [checkId, form],
  );
  const saved = useCallback(
    (signature: SignatureView) => {
      void message.success(t('signatures.saved'));
      onSaved(signature);
    },
    [message, onSaved, t],
  );
  const pinSave = usePinSave(save, saved, scan.expire);

  function declarantChanged(_: string, option?: Declarant | Declarant[]): void {
    const chosen = Array.isArray(option) ? undefined : option;
    const current = (form.getFieldValue('name') as string | undefined) ?? '';
    // The manual: 系统反填 … 签名名称.
    if (chosen && (current.trim() === '' || current === filledName.current)) {
      form.setFieldValue('name', chosen.name);
      filledName.current = chosen.name;
    }
  }

  async function askPin(): Promise<void> {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    pinSave.ask();
  }

  return (
    <MarkEditor
      kind="signature"
      title={t('signatures.addTitle')}
      tips={{
        title: t('signatures.tipTitle'),
        collectTips: t('signatures.collectTips', { returnObjects: true }),
        specTitle: t('signatures.specTitle'),
        specs: t('signatures.specs', { returnObjects: true }),
      }}
      scan={scan.state}
      saveLabel={t('signatures.save')}
      canSave={checkId !== null}
      onSave={() => void askPin()}
      onBack={onBack}
    >
      <Form<SignatureForm> form={form} layout="vertical" className="mark-form" data-testid="signature-form">
        <Form.Item
          name="declarantId"
          label={t('signatures.declarant')}
          rules={[{ required: true, message: t('signatures.declarantRequired') }]}
          extra={t('signatures.declarantHint')}
        >
          <Select<string, Declarant>
            placeholder={t('signatures.declarantPlaceholder')}
            loading={declarants.loading}
            options={declarants.rows}
            fieldNames={{ value: 'declarantId', label: 'name' }}
            showSearch={{ optionFilterProp: 'name' }}
            optionRender={(option) => (
              <span className="declarant-option">
                <span>{option.data.name}</span>
                <Typography.Text type="secondary">{option.data.idNumberMasked}</Typography.Text>
              </span>
            )}
            onChange={declarantChanged}
            data-testid="signature-declarant-select"
          />
        </Form.Item>
        {declarants.loaded && (
          <div className="mark-form-guidance">
            <DeclarantGuidance listEmpty={declarants.rows.length === 0} />
          </div>
        )}
        <Form.Item label={t('signatures.idNumber')}>
          <Input value={declarant?.idNumberMasked ?? ''} readOnly variant="filled" data-testid="signature-id-number" />
        </Form.Item>
        <Form.Item name="name" label={t('signatures.name')} rules={[{ required: true, whitespace: true, message: t('signatures.nameRequired') }]}>
          <Input maxLength={50} showCount data-testid="signature-name" />
        </Form.Item>
        <Form.Item label={t('signatures.choose')} required>
          <ScanDropZone fileName={scan.state.phase === 'empty' ? null : scan.state.fileName} busy={scan.state.phase === 'checking'} onFile={(file) => void scan.check(file)} />
        </Form.Item>
      </Form>
      <PinModal open={pinSave.open} error={pinSave.error} onSubmit={pinSave.submit} onCancel={pinSave.cancel} />
    </MarkEditor>
  );
}
