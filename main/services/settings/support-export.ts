// 导出日志: the main log (and the one rotated before it), redacted once more and zipped,
// for the user to send to support through the save dialog. Compression runs in fflate's
// worker thread, so a 10 MB log does not stall the main loop.

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { strToU8, zip, type Zippable } from 'fflate';
import { redactText } from '../../log/redact-text';
import type { Logger } from '../../log/logger';

export interface SupportExportDeps {
  /** The main process's log file; the rotated one is beside it as *.old.log. */
  logFile: string;
  saveFile(suggestedName: string, bytes: Uint8Array): Promise<string | null>;
  /** Version, server, platform: what support asks first. No personal data. */
  describe(): Promise<Record<string, string | number | null>>;
  now?: () => Date;
  log: Logger;
}

export class SupportExport {
  constructor(private readonly deps: SupportExportDeps) {}

  async export(): Promise<{ savedTo: string } | null> {
    const files: Zippable = {};
    for (const path of [this.deps.logFile.replace(/\.log$/, '.old.log'), this.deps.logFile]) {
      const text = await readFile(path, 'utf8').catch(() => null);
      if (text !== null) files[basename(path)] = strToU8(redactText(text));
    }
    const about = await this.deps.describe();
    files['about.txt'] = strToU8(`${Object.entries(about).map(([key, value]) => `${key}: ${value ?? '—'}`).join('\n')}\n`);
    const bytes = await zipAsync(files);
    const savedTo = await this.deps.saveFile(`原产地证书客户端日志-${stamp(this.deps.now?.() ?? new Date())}.zip`, bytes);
    this.deps.log.info(savedTo === null ? 'log export cancelled' : 'logs exported', { bytes: bytes.length });
    return savedTo === null ? null : { savedTo };
  }
}

function zipAsync(files: Zippable): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip(files, { level: 6 }, (error, data) => (error ? reject(error) : resolve(data)));
  });
}

function stamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}
