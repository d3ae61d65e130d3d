import { useState } from 'react';
import { Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { testId } from '../../lib/testId';
import { CalibrationModal } from './CalibrationModal';
import { offsetValues } from './format';
import { usePrinterCalibration } from './usePrinterCalibration';

/** In the print dialog, next to the printer choice: the offset in force, and 打印校准. */
export function PrinterCalibrationLine({ printer }: { printer: string | undefined }) {
  const { t } = useTranslation();
  const { calibration, set } = usePrinterCalibration(printer);
  const [open, setOpen] = useState(false);
  const offset = calibration?.offset ?? null;
  return (
    <div className="printer-calibration" data-testid="printer-calibration">
      {offset && (
        <Typography.Text type="secondary" data-testid="calibration-applied">
          {t('calibration.applied', offsetValues(offset))}
        </Typography.Text>
      )}
      <Button type="link" size="small" disabled={!printer} onClick={() => setOpen(true)} {...testId('open-calibration')}>
        {t('calibration.link')}
      </Button>
      <CalibrationModal printer={open && printer ? printer : null} onClose={() => setOpen(false)} onChanged={set} />
    </div>
  );
}
