import type { PrinterInfo } from '../../../../preload/contract';

const STORAGE_KEY = 'print.lastPrinter';

export function rememberPrinter(name: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, name);
  } catch {
    // Without storage the system default is offered next time; nothing is lost.
  }
}

/** The printer last used if it still exists, else the app setting, else the system default, else the first. */
export function choosePrinter(printers: readonly PrinterInfo[], settingDefault: string | null): string | undefined {
  let remembered: string | null = null;
  try {
    remembered = localStorage.getItem(STORAGE_KEY);
  } catch {
    remembered = null;
  }
  const names = new Set(printers.map((printer) => printer.name));
  for (const candidate of [remembered, settingDefault]) if (candidate && names.has(candidate)) return candidate;
  return (printers.find((printer) => printer.isDefault) ?? printers[0])?.name;
}
