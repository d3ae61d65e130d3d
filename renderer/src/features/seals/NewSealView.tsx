import { useCallback, useMemo } from 'react';
import { App, DatePicker, Form, Input, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CardHolder, SealView } from '../../../../preload/contract';
import { call, invoke } from '../../lib/api';
import { MarkEditor } from './MarkEditor';
import { PinModal } from './PinModal';
import { ScanDropZone } from './ScanDropZone';
import { INCOMPLETE, usePinSave } from './usePinSave';
import { useRemoteList } from '../../lib/useRemote';
import { acceptedCheckId, useScanCheck } from './useScanCheck';

interface SealForm {
  operatorId?: string;
  validity?: [Dayjs, Dayjs];
  name?: string;
}

const loadHolders = () => call('seals:holders');
const DAY = 'YYYY-MM-DD';

function outsideCertificate(holder: CardHolder | undefined, date: Dayjs): boolean {
  if (!holder) return true;
  return date.isBefore(dayjs(holder.certificateValidFrom), 'day') || date.isAfter(dayjs(holder.certificateValidTo), 'day');
}

/** The month the calendar opens on: today if the certificate covers it, else the nearest valid month. */
function firstPickerMonth(holder: CardHolder | undefined): Dayjs | undefined {
  if (!holder) return undefined;
  const today = dayjs();
  const from = dayjs(holder.certificateValidFrom);
  const to = dayjs(holder.certificateValidTo);
  if (today.isBefore(from, 'day')) return from;
  // Two months are shown side by side; ending on `to` keeps both in the valid range where possible.
  if (today.isAfter(to, 'day')) return to.subtract(1, 'month');
  return today;
}

/** 新增印章 (manual 2.1): operator, validity inside the card certificate's, name, scanned seal, save with the card PIN. */
export function NewSealView({ onSaved, onBack }: { onSaved: (seal: SealView) => void; onBack: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SealForm>();
  const holders = useRemoteList(loadHolders);
  const scan = useScanCheck('seal');
  const operatorId = Form.useWatch('operatorId', form);
  const holder = holders.rows.find((row) => row.operatorId === operatorId);
  const checkId = acceptedCheckId(scan.state);

  const save = useCallback(
    (pin: string) => {
      const values = form.getFieldsValue();
      // Unreachable after validateFields and with 保存印章 enabled; kept as a guard, not a message.
      if (!checkId || !values.operatorId || !values.validity || !values.name) return Promise.resolve(INCOMPLETE);
      return invoke('seals:create', {
        checkId,
        name: values.name.trim(),
        operatorId: values.operatorId,
        validFrom: values.validity[0].format(DAY),
        validTo: values.validity[1].format(DAY),
        pin,
      });
    },
    [checkId, form],
  );
  const saved = useCallback(
    (seal: SealView) => {
      void message.success(t('seals.saved'));
      onSaved(seal);
    },
    [message, onSaved, t],
  );
  const pinSave = usePinSave(save, saved, scan.expire);

  const holderOptions = useMemo(
    () =>
      holders.rows.map((row) => ({
        value: row.operatorId,
        label: `${row.name}(${t(`seals.holderRoles.${row.role}`)})`,
      })),
    [holders.rows, t],
  );

  function holderChanged(next: string): void {
    // A period chosen for another card may not fit this one's certificate: start it afresh.
    const chosen = holders.rows.find((row) => row.operatorId === next);
    const validity = form.getFieldValue('validity') as SealForm['validity'];
    if (validity && validity.some((date) => outsideCertificate(chosen, date))) form.setFieldValue('validity', undefined);
  }

  async function askPin(): Promise<void> {
    try {
      await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    pinSave.ask();
  }

  return (
    <MarkEditor
      kind="seal"
      title={t('seals.addTitle')}
      tips={{
        title: t('seals.tipTitle'),
        collectTips: t('seals.collectTips', { returnObjects: true }),
        specTitle: t('seals.specTitle'),
        specs: t('seals.specs', { returnObjects: true }),
      }}
      scan={scan.state}
      saveLabel={t('seals.save')}
      canSave={checkId !== null}
      onSave={() => void askPin()}
      onBack={onBack}
    >
      <Form<SealForm> form={form} layout="vertical" className="mark-form" data-testid="seal-form">
        <Form.Item label={t('seals.method')}>
          <Radio.Group value="real-image" options={[{ value: 'real-image', label: t('seals.methodRealImage') }]} />
        </Form.Item>
        <Form.Item
          name="operatorId"
          label={t('seals.holder')}
          rules={[{ required: true, message: t('seals.holderRequired') }]}
          extra={
            holder
              ? t('seals.holderValidity', { from: dayjs(holder.certificateValidFrom).format(DAY), to: dayjs(holder.certificateValidTo).format(DAY) })
              : t('seals.holderHint')
          }
        >
          <Select<string>
            placeholder={t('seals.holderPlaceholder')}
            loading={holders.loading}
            options={holderOptions}
            onChange={holderChanged}
            data-testid="seal-holder-select"
          />
        </Form.Item>
        <Form.Item
          name="validity"
          label={t('seals.validity')}
          extra={t('seals.validityHint')}
          rules={[
            { required: true, message: t('seals.validityRequired') },
            {
              validator: (_, value: SealForm['validity']) =>
                value && value.some((date) => outsideCertificate(holder, date)) ? Promise.reject(new Error(t('seals.validityOutside'))) : Promise.resolve(),
            },
          ]}
        >
          <DatePicker.RangePicker
            className="mark-form-range"
            disabled={!holder}
            disabledDate={(date) => outsideCertificate(holder, date)}
            defaultPickerValue={firstPickerMonth(holder)}
            placeholder={[t('seals.validityStart'), t('seals.validityEnd')]}
            format={DAY}
            data-testid="seal-validity"
          />
        </Form.Item>
        <Form.Item name="name" label={t('seals.name')} rules={[{ required: true, whitespace: true, message: t('seals.nameRequired') }]}>
          <Input placeholder={t('seals.namePlaceholder')} maxLength={50} showCount data-testid="seal-name" />
        </Form.Item>
        <Form.Item label={t('seals.choose')} required>
          <ScanDropZone fileName={scan.state.phase === 'empty' ? null : scan.state.fileName} busy={scan.state.phase === 'checking'} onFile={(file) => void scan.check(file)} />
        </Form.Item>
      </Form>
      <PinModal open={pinSave.open} error={pinSave.error} onSubmit={pinSave.submit} onCancel={pinSave.cancel} />
    </MarkEditor>
  );
}
