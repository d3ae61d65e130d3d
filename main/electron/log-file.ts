// The main process's log file. Appends through a stream so logging never blocks the
// event loop; keeps one previous file so the log cannot grow without bound.

import { createWriteStream, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LogSink } from '../log/logger';

const MAX_BYTES = 5 * 1024 * 1024;

export function createFileSink(filePath: string, options: { echo?: boolean } = {}): LogSink {
  mkdirSync(dirname(filePath), { recursive: true });
  try {
    if (statSync(filePath).size > MAX_BYTES) renameSync(filePath, filePath.replace(/\.log$/, '.old.log'));
  } catch {
    // No log yet: nothing to rotate.
  }
  const stream = createWriteStream(filePath, { flags: 'a', encoding: 'utf8' });
  stream.on('error', (error) => process.stderr.write(`log file unusable: ${String(error)}\n`));
  return (line) => {
    stream.write(`${line}\n`);
    if (options.echo) process.stdout.write(`${line}\n`);
  };
}
