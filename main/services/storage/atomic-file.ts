// The one way this app replaces a file of its own (settings, offsets, the FAQ copy,
// layouts, the session token, journals): a temporary file of its own beside the target,
// flushed to the disk, then renamed over it. A crash, a power cut or a full disk leaves
// either the old file or the new one under the real name, never half of one.

import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeFileAtomically(target: string, data: Uint8Array | string, options: { mode?: number } = {}): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  // A name of its own: two writers of the same file (two cores, a test) never share a temporary.
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, data, { mode: options.mode, flush: true });
    await rename(temporary, target);
  } catch (error) {
    // Best effort: the folder that refused the write may refuse the clean-up too.
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}
