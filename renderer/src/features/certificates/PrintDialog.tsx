import { useEffect, useState } from 'react';
import { App, Form, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CertificateRow, PrinterCheck, PrinterInfo, PrintJobView, PrintKind } from '../../../../preload/contract';
import { alreadyShown, call, invoke } from '../../lib/api';
import { PrinterCalibrationLine } from '../calibration';
import { testId } from '../../lib/testId';
import { choosePrinter, rememberPrinter } from './printerMemory';
import { PrinterCheckView } from './PrinterCheckView';

interface Props {
  /** null: closed. */
  kind: PrintKind | null;
  certificates: readonly CertificateRow[];
  onClose: () => void;
  onStarted: (jobs: PrintJobView[]) => void;
}

/**
 * Choose the printer, see whether it can print an original (A4, colour, automatic duplex),
 * then start. The rules (archived, original only once) are enforced by main; its Chinese
 * refusal is shown and the dialog stays open.
 */
export function PrintDialog({ kind, certificates, onClose, onStarted }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [printers, setPrinters] = useState<PrinterInfo[] | null>(null);
  const [printer, setPrinter] = useState<string | undefined>(undefined);
  const [check, setCheck] = useState<PrinterCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const [starting, setStarting] = useState(false);
  const open = kind !== null;

  // Printers are listed afresh on every opening: one may have been added or unplugged since.
  useEffect(() => {
    if (!open) return;
    let alive = true;
    setPrinters(null);
    setPrinter(undefined);
    // The settings only refine the default choice; their failure is not worth a message.
    const settings = invoke('settings:get').then((result) => (result.ok ? result.value.defaultPrinter : null));
    void Promise.all([call('printers:list'), settings])
      .then(([list, defaultPrinter]) => {
        if (!alive) return;
        setPrinters(list);
        setPrinter(choosePrinter(list, defaultPrinter));
      })
      .catch((error: unknown) => {
        alreadyShown(error);
        if (alive) setPrinters([]);
      });
    return () => {
      alive = false;
    };
  }, [open]);

  useEffect(() => {
    setCheck(null);
    setChecking(open && printer !== undefined);
    if (!open || !printer) return;
    let alive = true;
    void call('printers:check', { printer })
      .then((result) => {
        if (alive) setCheck(result);
      })
      .catch(alreadyShown)
      .finally(() => {
        if (alive) setChecking(false);
      });
    return () => {
      alive = false;
    };
  }, [open, printer]);

  async function start(): Promise<void> {
    if (!kind || !printer) return;
    setStarting(true);
    try {
      const jobs = await call('print:start', { certificateIds: certificates.map((row) => row.certificateId), kind, printer });
      rememberPrinter(printer);
      void message.success(t('print.dialog.started', { count: jobs.length }));
      onStarted(jobs);
    } catch (error) {
      alreadyShown(error);
    } finally {
      setStarting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={kind ? t(`print.kinds.${kind}`) : ''}
      okText={t('print.dialog.ok')}
      cancelText={t('print.dialog.cancel')}
      okButtonProps={{ disabled: !printer || certificates.length === 0, ...testId('print-dialog-ok') }}
      cancelButtonProps={{ ...testId('print-dialog-cancel') }}
      confirmLoading={starting}
      onOk={() => void start()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form layout="vertical" className="print-dialog-form" data-testid="print-dialog" data-kind={kind ?? undefined}>
        <Form.Item label={t('print.dialog.certificates')}>
          <div className="print-dialog-numbers" data-testid="print-dialog-certificates">
            {certificates.slice(0, 20).map((row) => (
              <Typography.Text key={row.certificateId} code>
                {row.number}
              </Typography.Text>
            ))}
            {certificates.length > 20 && <Typography.Text type="secondary">…</Typography.Text>}
          </div>
          <Typography.Text type="secondary">{t('print.dialog.certificateCount', { count: certificates.length })}</Typography.Text>
        </Form.Item>
        <Form.Item label={t('print.dialog.printer')}>
          <Select<string>
            value={printer}
            onChange={setPrinter}
            loading={printers === null}
            notFoundContent={t('print.dialog.noPrinters')}
            options={(printers ?? []).map((info) => ({
              value: info.name,
              label: info.isDefault ? `${info.name}${t('print.dialog.defaultMark')}` : info.name,
            }))}
            data-testid="printer-select"
          />
          <PrinterCalibrationLine printer={printer} />
        </Form.Item>
        <PrinterCheckView check={check} checking={checking} />
      </Form>
    </Modal>
  );
}
