// 打印校准: the modal stands alone so a settings page can mount it for any printer.
export { CalibrationModal } from './CalibrationModal';
export { PrinterCalibrationLine } from './PrinterCalibrationLine';
