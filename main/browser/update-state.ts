// Browser mode's stand-in for the self-updater: electron-updater needs Electron, so here a
// test (or a developer) states what the updater would report in update-state.json in the
// data folder, read on every 'update:state' call. Without the file, or with one that is
// not an updater state, the updater is idle, as in an unpackaged Electron build. The
// renderer asks when 版本说明 opens; nothing is pushed when the file changes.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { UpdateState } from '../../preload/contract';
import type { Logger } from '../log/logger';

export const UPDATE_STATE_FILE = 'update-state.json';

const release = { version: z.string().min(1).max(50), notes: z.string().max(20_000) };
const updateStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('idle') }).strict(),
  z.object({ state: z.literal('checking') }).strict(),
  z.object({ state: z.literal('available'), ...release }).strict(),
  z.object({ state: z.literal('downloading'), ...release, percent: z.number().min(0).max(100) }).strict(),
  z.object({ state: z.literal('downloaded'), ...release }).strict(),
  z.object({ state: z.literal('error'), message: z.string().max(500) }).strict(),
]) satisfies z.ZodType<UpdateState>;

export async function statedUpdate(dataDir: string, log: Logger): Promise<UpdateState> {
  const text = await readFile(join(dataDir, UPDATE_STATE_FILE), 'utf8').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return { state: 'idle' };
  try {
    return updateStateSchema.parse(JSON.parse(text));
  } catch {
    log.warn(`${UPDATE_STATE_FILE} is not an updater state; the updater stays idle`);
    return { state: 'idle' };
  }
}
