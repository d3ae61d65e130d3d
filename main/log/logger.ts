// One logger per module, with a prefix (`[sync]`). Personal data and secrets are
// redacted before anything is written: tokens, passwords, PINs, bearer headers.

import { redactText } from './redact-text';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, error?: unknown, fields?: Record<string, unknown>): void;
  child(prefix: string): Logger;
}

export type LogSink = (line: string) => void;

const SECRET_KEYS = /token|password|pin|secret|authorization|cookie|key$|id_?number|id_?card/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 4) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = SECRET_KEYS.test(key) ? '[redacted]' : redact(item, depth + 1);
    }
    return out;
  }
  // Free text gets the same redaction the support export applies: the file on disk is no less careful than the zip.
  if (typeof value === 'string') return redactText(value);
  return value;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(redact(error));
  const cause = error.cause === undefined ? '' : `\ncaused by: ${describeError(error.cause)}`;
  return `${error.stack ?? error.message}${cause}`;
}

export function createLogger(sink: LogSink, prefix = ''): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>, extra = '') => {
    const tail = fields ? ` ${JSON.stringify(redact(fields))}` : '';
    sink(`${new Date().toISOString()} ${level} ${prefix}${String(redact(message))}${tail}${String(redact(extra))}`);
  };
  return {
    info: (message, fields) => write('INFO ', message, fields),
    warn: (message, fields) => write('WARN ', message, fields),
    error: (message, error, fields) =>
      write('ERROR', message, fields, error === undefined ? '' : `\n${describeError(error)}`),
    child: (child) => createLogger(sink, `${prefix}[${child}] `),
  };
}

/** For tests and tools that want silence. */
export const silentLogger: Logger = createLogger(() => {});
