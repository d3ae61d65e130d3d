import { useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Form, InputNumber, Modal, Segmented, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CALIBRATION_CROSSHAIR_MM, CALIBRATION_LIMIT_MM, CALIBRATION_STEP_MM, type AppError, type PrinterCalibration, type PrinterOffset } from '../../../../preload/contract';
// The rules main applies to the same numbers ('calibration:set'), so the preview and main's
// verdict cannot differ. Pure and dependency-free, like main/core/enterprise-codes.
import { offsetFromMeasurement, refuseOffset } from '../../../../main/core/calibration';
import { invoke } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { testId } from '../../lib/testId';
import { offsetValues } from './format';
import { usePrinterCalibration } from './usePrinterCalibration';

type Mode = 'measured' | 'offset';

interface Props {
  /** null: closed. */
  printer: string | null;
  onClose: () => void;
  /** After a save or 恢复默认, with what main now keeps for the printer. */
  onChanged?: (calibration: PrinterCalibration) => void;
}

/**
 * 打印校准 for one printer: print the calibration page, type where the crosshair landed (or
 * the offset itself), 保存; 恢复默认 removes the offset. Exported for a settings page too.
 */
export function CalibrationModal({ printer, onClose, onChanged }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { calibration, set } = usePrinterCalibration(printer ?? undefined);
  const [mode, setMode] = useState<Mode>('measured');
  const [measuredX, setMeasuredX] = useState<number | null>(null);
  const [measuredY, setMeasuredY] = useState<number | null>(null);
  const [offsetX, setOffsetX] = useState<number | null>(null);
  const [offsetY, setOffsetY] = useState<number | null>(null);
  const [busy, setBusy] = useState<'print' | 'save' | 'clear' | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const open = printer !== null;
  const current = calibration?.offset ?? null;

  useEffect(() => {
    setMeasuredX(null);
    setMeasuredY(null);
    setError(null);
  }, [printer]);

  useEffect(() => {
    setOffsetX(current?.xMm ?? 0);
    setOffsetY(current?.yMm ?? 0);
  }, [current?.xMm, current?.yMm]);

  // The page is printed with the current offset, so a measurement corrects on top of it.
  const next: PrinterOffset | null =
    mode === 'measured'
      ? measuredX === null || measuredY === null
        ? null
        : offsetFromMeasurement(CALIBRATION_CROSSHAIR_MM, { xMm: measuredX, yMm: measuredY }, current)
      : offsetX === null || offsetY === null
        ? null
        : { xMm: offsetX, yMm: offsetY };
  const refusal = next ? refuseOffset(next) : null;

  async function printPage(): Promise<void> {
    if (!printer || busy) return;
    setBusy('print');
    setError(null);
    const result = await invoke('calibration:printPage', { printer });
    setBusy(null);
    if (result.ok) void message.success(t('calibration.pageSent'));
    else setError(result.error);
  }

  async function save(): Promise<void> {
    if (!printer || !next || refusal || busy) return;
    setBusy('save');
    setError(null);
    const result = await invoke('calibration:set', { printer, offset: next });
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    set(result.value);
    setMeasuredX(null);
    setMeasuredY(null);
    void message.success(t('calibration.saved'));
    onChanged?.(result.value);
  }

  async function reset(): Promise<void> {
    if (!printer || busy) return;
    setBusy('clear');
    setError(null);
    const result = await invoke('calibration:clear', { printer });
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    set(result.value);
    void message.success(t('calibration.cleared'));
    onChanged?.(result.value);
  }

  const mmInput = (value: number | null, onChange: (value: number | null) => void, id: string, min: number, max: number) => (
    <InputNumber<number>
      value={value}
      onChange={onChange}
      min={min}
      max={max}
      step={CALIBRATION_STEP_MM}
      precision={1}
      suffix="mm"
      className="calibration-input"
      data-testid={id}
    />
  );

  return (
    <Modal
      open={open}
      title={t('calibration.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={() => void reset()} loading={busy === 'clear'} disabled={!current} {...testId('calibration-reset')}>
            {t('calibration.reset')}
          </Button>
          <Button onClick={onClose} {...testId('calibration-close')}>
            {t('calibration.close')}
          </Button>
          <Button type="primary" onClick={() => void save()} loading={busy === 'save'} disabled={!next || refusal !== null} {...testId('calibration-save')}>
            {t('calibration.save')}
          </Button>
        </Space>
      }
    >
      <div data-testid="calibration-modal" data-printer={printer ?? undefined}>
        <Descriptions column={1} size="small" className="calibration-facts">
          <Descriptions.Item label={t('calibration.printer')}>{printer}</Descriptions.Item>
          <Descriptions.Item label={t('calibration.current')}>
            <span data-testid="calibration-current">{current ? t('calibration.offset', offsetValues(current)) : t('calibration.none')}</span>
          </Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary">{t('calibration.direction', { limit: CALIBRATION_LIMIT_MM })}</Typography.Paragraph>
        <ol className="help-list">
          {(t('calibration.steps', { returnObjects: true }) as string[]).map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
        <Button onClick={() => void printPage()} loading={busy === 'print'} {...testId('calibration-print-page')}>
          {t('calibration.printPage')}
        </Button>
        <Segmented<Mode>
          className="calibration-mode"
          value={mode}
          onChange={setMode}
          options={[
            { value: 'measured', label: t('calibration.modeMeasured') },
            { value: 'offset', label: t('calibration.modeOffset') },
          ]}
          data-testid="calibration-mode"
        />
        <Form layout="vertical">
          {mode === 'measured' ? (
            <>
              <Typography.Paragraph type="secondary">
                {t('calibration.expected', { x: CALIBRATION_CROSSHAIR_MM.xMm, y: CALIBRATION_CROSSHAIR_MM.yMm })}
              </Typography.Paragraph>
              <Space size="large" wrap>
                <Form.Item label={t('calibration.measuredX')}>{mmInput(measuredX, setMeasuredX, 'calibration-measured-x', 0, 210)}</Form.Item>
                <Form.Item label={t('calibration.measuredY')}>{mmInput(measuredY, setMeasuredY, 'calibration-measured-y', 0, 297)}</Form.Item>
              </Space>
            </>
          ) : (
            <Space size="large" wrap>
              <Form.Item label={t('calibration.offsetX')}>{mmInput(offsetX, setOffsetX, 'calibration-offset-x', -CALIBRATION_LIMIT_MM, CALIBRATION_LIMIT_MM)}</Form.Item>
              <Form.Item label={t('calibration.offsetY')}>{mmInput(offsetY, setOffsetY, 'calibration-offset-y', -CALIBRATION_LIMIT_MM, CALIBRATION_LIMIT_MM)}</Form.Item>
            </Space>
          )}
        </Form>
        {next && !refusal && (
          <Typography.Paragraph strong data-testid="calibration-result">
            {t('calibration.result', offsetValues(next))}
          </Typography.Paragraph>
        )}
        {refusal && <Alert type="warning" showIcon title={refusal} data-testid="calibration-refusal" />}
        {error && <Alert type="error" showIcon title={errorText(error)} data-testid="calibration-error" className="calibration-error" />}
      </div>
    </Modal>
  );
}
