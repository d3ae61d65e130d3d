import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerSaveDialog, SAVE_DIALOG_ANSWER_FILE } from '../../main/browser/save-dialog';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'co-save-dialog-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("browser mode's save dialog", () => {
  const downloads = () => join(dir, 'downloads');
  const answer = (value: unknown) => writeFileSync(join(dir, SAVE_DIALOG_ANSWER_FILE), JSON.stringify(value));

  it('saves to downloads under the suggested name when nobody answered ahead', async () => {
    expect(await answerSaveDialog(dir, downloads(), '../原产地证书.xlsx')).toBe(join(downloads(), '原产地证书.xlsx'));
    expect(existsSync(downloads())).toBe(true);
  });

  it('takes a prepared answer once: a path, or a cancel', async () => {
    answer({ path: '/tmp/chosen.xlsx' });
    expect(await answerSaveDialog(dir, downloads(), 'a.xlsx')).toBe('/tmp/chosen.xlsx');
    expect(await answerSaveDialog(dir, downloads(), 'a.xlsx')).toBe(join(downloads(), 'a.xlsx'));
    answer({ cancel: true });
    expect(await answerSaveDialog(dir, downloads(), 'a.xlsx')).toBeNull();
  });

  it('refuses a relative path or a malformed answer', async () => {
    answer({ path: 'relative.xlsx' });
    await expect(answerSaveDialog(dir, downloads(), 'a.xlsx')).rejects.toThrow();
    writeFileSync(join(dir, SAVE_DIALOG_ANSWER_FILE), '{ nope');
    await expect(answerSaveDialog(dir, downloads(), 'a.xlsx')).rejects.toThrow();
  });
});
