import type { PrinterInfo } from '../../../../preload/contract';
import { invoke } from '../../lib/api';

/**
 * The printer used last becomes the workstation's default printer (设置 → 默认打印机):
 * one setting, kept by main, that this dialog and the settings page both read and write.
 */
export function rememberPrinter(name: string): void {
  // Failing to remember only means the default is offered next time; the print already started.
  void invoke('settings:setPrinter', { printer: name });
}

/** The default printer from 设置 if it still exists, else the system default, else the first. */
export function choosePrinter(printers: readonly PrinterInfo[], settingDefault: string | null): string | undefined {
  if (settingDefault && printers.some((printer) => printer.name === settingDefault)) return settingDefault;
  return (printers.find((printer) => printer.isDefault) ?? printers[0])?.name;
}
