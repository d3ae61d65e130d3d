// The temporary files of exports in progress, listed in a small file in the data folder,
// so that what a crash or a power cut left beside the user's target (a half-written
// .part file) is removed at the next start. Only names the export itself makes are
// ever removed.

import { readFile, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../services/storage/atomic-file';

const TEMP_NAME = /^\..+\.[0-9a-f]{12}\.part$/;
const journalSchema = z.array(z.string().min(1)).max(100);

export function isExportTempName(path: string): boolean {
  return TEMP_NAME.test(basename(path));
}

export class TempJournal {
  // One write at a time: add and remove race otherwise, each rewriting the whole list.
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  add(temp: string): Promise<void> {
    return this.update((paths) => [...paths.filter((path) => path !== temp), temp]);
  }

  remove(temp: string): Promise<void> {
    return this.update((paths) => paths.filter((path) => path !== temp));
  }

  /** Removes every listed temp file that is still there; returns how many were found. */
  async sweep(): Promise<number> {
    let removed = 0;
    await this.update(async (paths) => {
      for (const path of paths.filter(isExportTempName)) {
        const existed = await rm(path).then(
          () => true,
          () => false,
        );
        if (existed) removed += 1;
      }
      return [];
    });
    return removed;
  }

  private update(change: (paths: string[]) => string[] | Promise<string[]>): Promise<void> {
    const next = this.chain.then(async () => {
      const paths = await change(await this.read());
      await writeFileAtomically(this.file, JSON.stringify(paths));
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<string[]> {
    const text = await readFile(this.file, 'utf8').catch(() => null);
    if (text === null) return [];
    try {
      const parsed = journalSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : [];
    } catch {
      // A journal torn by a crash lists nothing we can trust.
      return [];
    }
  }
}
