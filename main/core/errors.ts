// Domain failures carry a stable code from the IPC contract and a Chinese message;
// anything else that escapes a service becomes INTERNAL with a generic message, so
// no stack trace or server detail ever reaches the renderer.

import type { AppError, ErrorCode } from '../../preload/contract';

export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppFailure';
  }
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppFailure) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: '程序内部错误,操作未完成。详情已记录在日志中。' };
}

/** For exhaustive switches: the compiler proves this is unreachable. */
export function missingCaseError(value: never): Error {
  return new Error(`unhandled case: ${String(value)}`);
}
