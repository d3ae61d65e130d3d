import { useCallback, useEffect, useState } from 'react';
import type { PrinterCalibration } from '../../../../preload/contract';
import { invoke } from '../../lib/api';

/**
 * The printer's calibration as main keeps it; `set` takes what a save or 恢复默认 returned.
 * A failed read shows nothing: the print dialog works without it, and the modal asks again.
 */
export function usePrinterCalibration(printer: string | undefined): {
  calibration: PrinterCalibration | null;
  set: (calibration: PrinterCalibration) => void;
} {
  const [calibration, setCalibration] = useState<PrinterCalibration | null>(null);
  useEffect(() => {
    setCalibration(null);
    if (!printer) return;
    let alive = true;
    void invoke('calibration:get', { printer }).then((result) => {
      if (alive && result.ok) setCalibration(result.value);
    });
    return () => {
      alive = false;
    };
  }, [printer]);
  const set = useCallback((next: PrinterCalibration) => {
    if (next.printer === printer) setCalibration(next);
  }, [printer]);
  return { calibration, set };
}
