import type { PrintBackend } from './backend';
import { CupsBackend, type CupsBackendOptions } from './cups';
import { PrintError } from './errors';
import { WindowsBackend, type WindowsBackendOptions } from './windows';

export * from './backend';
export * from './errors';
export { CupsBackend, isValidCupsPrinterName, type CupsBackendOptions } from './cups';
export { WindowsBackend, isValidWindowsPrinterName, UNTRACKED_JOB_ID, type PdfToPrinterApi, type WindowsBackendOptions } from './windows';
export { execFileRunner, CommandError, type CommandRunner, type CommandResult, type RunOptions } from './run';

export interface PrintBackendDeps {
  cups?: CupsBackendOptions;
  windows?: WindowsBackendOptions;
}

/** The spooler backend for this OS: Windows' spooler, or CUPS on Linux and macOS. */
export function createPrintBackend(platform: NodeJS.Platform, deps: PrintBackendDeps = {}): PrintBackend {
  switch (platform) {
    case 'win32':
      return new WindowsBackend(deps.windows);
    case 'linux':
    case 'darwin':
    case 'freebsd':
    case 'openbsd':
      return new CupsBackend(deps.cups);
    default:
      throw new PrintError('PRINT_FAILED', `不支持在此操作系统（${platform}）上打印`);
  }
}
