// 导出日志: the main log (and the one rotated before it), redacted once more and zipped,
// for the user to send to support through the save dialog. Redaction and compression run
// in slices, so 10 MB of log does not stall the main loop.

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { strToU8, Zip, ZipDeflate } from 'fflate';
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
    const entries: { name: string; text: string }[] = [];
    for (const path of [this.deps.logFile.replace(/\.log$/, '.old.log'), this.deps.logFile]) {
      const text = await readFile(path, 'utf8').catch(() => null);
      if (text !== null) entries.push({ name: basename(path), text });
    }
    const about = await this.deps.describe();
    entries.push({ name: 'about.txt', text: `${Object.entries(about).map(([key, value]) => `${key}: ${value ?? '—'}`).join('\n')}\n` });
    const bytes = await zipRedacted(entries);
    const savedTo = await this.deps.saveFile(`原产地证书客户端日志-${stamp(this.deps.now?.() ?? new Date())}.zip`, bytes);
    this.deps.log.info(savedTo === null ? 'log export cancelled' : 'logs exported', { bytes: bytes.length });
    return savedTo === null ? null : { savedTo };
  }
}

const SLICE_CHARS = 64 * 1024;

/**
 * Redacts, encodes, checksums and deflates in slices of about 64 KB, yielding between
 * them. fflate's one-call async zip checksums every file on the calling thread first:
 * 10 MB of log held the main loop for 100-200 ms that way. Slices end at line ends,
 * where no redaction pattern reaches over.
 */
async function zipRedacted(entries: readonly { name: string; text: string }[]): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let failure: Error | null = null;
  let finished = false;
  const archive = new Zip((error, data, final) => {
    if (error) failure = error;
    else {
      parts.push(data);
      if (final) finished = true;
    }
  });
  for (const entry of entries) {
    const file = new ZipDeflate(entry.name, { level: 6 });
    archive.add(file);
    const { text } = entry;
    if (text.length === 0) file.push(new Uint8Array(0), true);
    for (let start = 0; start < text.length; ) {
      const newline = text.indexOf('\n', Math.min(start + SLICE_CHARS, text.length));
      const end = newline === -1 ? text.length : newline + 1;
      file.push(strToU8(redactText(text.slice(start, end))), end === text.length);
      start = end;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  archive.end();
  if (failure) throw failure;
  if (!finished) throw new Error('the zip archive did not finish');
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function stamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}
