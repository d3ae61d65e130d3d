// Errors raised by the print backends. The app maps `code` to its own error codes;
// `message` is Chinese because it may be shown to the user as it is.

export type PrintErrorCode = 'PRINTER_NOT_FOUND' | 'PRINT_FAILED';

export class PrintError extends Error {
  override readonly name = 'PrintError';
  readonly code: PrintErrorCode;

  constructor(code: PrintErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function printerNotFound(printer: string, cause?: unknown): PrintError {
  // The name is quoted, not trusted: it may be whatever the caller passed in.
  return new PrintError('PRINTER_NOT_FOUND', `未找到打印机“${printer.slice(0, 128)}”，请检查打印机名称或重新选择打印机`, { cause });
}

export function invalidPrinterName(printer: string): PrintError {
  return new PrintError('PRINTER_NOT_FOUND', `打印机名称无效：“${printer.slice(0, 128)}”`);
}

export function printFailed(detail: string, cause?: unknown): PrintError {
  return new PrintError('PRINT_FAILED', `打印失败：${detail}`, { cause });
}

export function isPrintError(value: unknown): value is PrintError {
  return value instanceof PrintError;
}
