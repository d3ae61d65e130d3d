// Browser mode's stand-in for the OS save dialog: there is no native dialog here, so a
// test (or a developer) answers it ahead with save-dialog.json in the data folder; each
// answer is used once. Without one the file goes to the data folder's downloads.

import { mkdir, readFile, rm } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { z } from 'zod';

export const SAVE_DIALOG_ANSWER_FILE = 'save-dialog.json';

const answerSchema = z.union([z.object({ path: z.string().min(1).refine(isAbsolute, 'absolute path') }).strict(), z.object({ cancel: z.literal(true) }).strict()]);

export async function answerSaveDialog(dataDir: string, downloads: string, suggestedName: string): Promise<string | null> {
  const answerFile = join(dataDir, SAVE_DIALOG_ANSWER_FILE);
  const text = await readFile(answerFile, 'utf8').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) {
    await mkdir(downloads, { recursive: true });
    return join(downloads, basename(suggestedName));
  }
  await rm(answerFile, { force: true });
  const answer = answerSchema.parse(JSON.parse(text));
  return 'cancel' in answer ? null : answer.path;
}
