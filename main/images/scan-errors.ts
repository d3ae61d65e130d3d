// A scan that cannot be checked at all (not an image we read, broken, too big, or
// the checker gave up on it) is a ScanInputError: code SCAN_INVALID and a Chinese
// message saying what is wrong with the file and what to do. A file that CAN be
// checked but fails a rule is not an error: it is a refused ScanReport.

import { AppFailure } from '../core/errors';

export type ScanInputProblem =
  | 'empty'
  | 'too-large'
  | 'too-many-pixels'
  | 'unsupported-format'
  | 'corrupt'
  | 'animated'
  | 'timeout'
  | 'crashed';

export class ScanInputError extends AppFailure {
  constructor(
    readonly problem: ScanInputProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('SCAN_INVALID', message, options);
    this.name = 'ScanInputError';
  }
}

export const PROBLEMS: readonly ScanInputProblem[] = ['empty', 'too-large', 'too-many-pixels', 'unsupported-format', 'corrupt', 'animated', 'timeout', 'crashed'];

export function isScanInputProblem(value: unknown): value is ScanInputProblem {
  return typeof value === 'string' && (PROBLEMS as readonly string[]).includes(value);
}

const MB = 1024 * 1024;

export const inputErrors = {
  empty: () => new ScanInputError('empty', '文件为空(0 字节),请重新选择扫描文件。'),
  tooLarge: (bytes: number, maxBytes: number) =>
    new ScanInputError(
      'too-large',
      `文件过大(${(bytes / MB).toFixed(1)} MB,上限 ${(maxBytes / MB).toFixed(0)} MB)。请以 600 dpi 扫描整页 A4,保存为 JPEG 或 PNG 后重试。`,
    ),
  tooManyPixels: (width: number, height: number, maxPixels: number) =>
    new ScanInputError(
      'too-many-pixels',
      `图片尺寸过大(${width}×${height} 像素,约 ${Math.round((width * height) / 1e6)} 百万像素,上限 ${Math.round(maxPixels / 1e6)} 百万像素)。请以 600–1200 dpi 扫描 A4 纸后重试。`,
    ),
  unsupported: (what: string) =>
    new ScanInputError('unsupported-format', `不支持的文件格式(${what})。请提供扫描仪生成的 PNG、JPEG、TIFF 或 BMP 文件。`),
  corrupt: (detail: string, cause?: unknown) =>
    new ScanInputError('corrupt', `图片无法解析:${detail}。文件可能已损坏或不完整,请重新扫描或重新复制该文件。`, { cause }),
  animated: (what: string) =>
    new ScanInputError('animated', `${what}包含多帧(动图或多页文件),无法检查。请提供只含一页扫描图像的文件。`),
  timeout: (seconds: number) =>
    new ScanInputError('timeout', `图片检查超时(超过 ${seconds} 秒),已停止。请确认文件是正常的扫描件(600 dpi 的 A4 纸)后重试。`),
  crashed: (detail: string) =>
    new ScanInputError('crashed', `图片无法解析:检查程序在处理该文件时异常退出(${detail})。文件可能已损坏,请重新扫描后重试。`),
};
