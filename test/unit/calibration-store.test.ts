// 打印校准: the workstation's offsets file — written atomically, read back by a new store
// (a restart), a corrupt or tampered file read as "no offsets" with a log line, and the
// limits refused in Chinese without touching the file.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../main/log/logger';
import { CalibrationStore } from '../../main/services/calibration/calibration-store';

const root = mkdtempSync(join(tmpdir(), 'co-calibration-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let folders = 0;
function fresh(): { dir: string; file: string; lines: string[]; store: () => CalibrationStore } {
  const dir = join(root, String(++folders));
  const file = join(dir, 'calibration.json');
  const lines: string[] = [];
  const log = createLogger((line) => lines.push(line));
  return { dir, file, lines, store: () => new CalibrationStore({ file, log, now: () => new Date('2026-12-03T06:00:00.000Z') }) };
}

describe('CalibrationStore', () => {
  it('keeps an offset per printer across a restart, and 恢复默认 removes only that printer’s', async () => {
    const { file, store } = fresh();
    const first = store();
    await expect(first.get('CalA')).resolves.toEqual({ printer: 'CalA', offset: null, updatedAt: null });
    await expect(first.set('CalA', { xMm: 3.5, yMm: -2 })).resolves.toEqual({ printer: 'CalA', offset: { xMm: 3.5, yMm: -2 }, updatedAt: '2026-12-03T06:00:00.000Z' });
    await first.set('CalB', { xMm: -0.1 + 0.3, yMm: 10 });

    const restarted = store();
    expect(await restarted.offsetFor('CalA')).toEqual({ xMm: 3.5, yMm: -2 });
    expect(await restarted.offsetFor('CalB')).toEqual({ xMm: 0.2, yMm: 10 });
    expect(await restarted.offsetFor('CalC')).toBeNull();
    await restarted.clear('CalA');
    expect(await store().offsetFor('CalA')).toBeNull();
    expect(await store().offsetFor('CalB')).toEqual({ xMm: 0.2, yMm: 10 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, printers: { CalB: { xMm: 0.2, yMm: 10, updatedAt: '2026-12-03T06:00:00.000Z' } } });
  });

  it('writes through a temporary file and a rename: many saves at once end in one whole file and no leftovers', async () => {
    const { dir, file, store } = fresh();
    const one = store();
    await Promise.all(Array.from({ length: 40 }, (_, i) => one.set(`Cal${i}`, { xMm: (i % 20) / 2 - 5, yMm: 1 })));
    expect(readdirSync(dir)).toEqual(['calibration.json']);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { printers: Record<string, unknown> };
    expect(Object.keys(saved.printers)).toHaveLength(40);
    expect(await store().offsetFor('Cal7')).toEqual({ xMm: -1.5, yMm: 1 });
  });

  it.each([
    ['not JSON at all', '{"version":1,"printers":{"CalA":{"xMm":3'],
    ['an empty file', ''],
    ['a newer version', JSON.stringify({ version: 2, printers: { CalA: { xMm: 1, yMm: 1, updatedAt: '2026-01-01T00:00:00.000Z' } } })],
    ['an offset beyond the limits', JSON.stringify({ version: 1, printers: { CalA: { xMm: 25, yMm: 0, updatedAt: '2026-01-01T00:00:00.000Z' } } })],
    ['an offset as text', JSON.stringify({ version: 1, printers: { CalA: { xMm: '1', yMm: 0, updatedAt: '2026-01-01T00:00:00.000Z' } } })],
    ['an array', '[1,2,3]'],
  ])('reads %s as no offsets, logs it, and does not crash', async (_name, content) => {
    const { dir, file, lines, store } = fresh();
    await store().set('CalZ', { xMm: 0, yMm: 0 }); // creates the folder
    writeFileSync(file, content);
    const s = store();
    expect(await s.offsetFor('CalA')).toBeNull();
    expect(lines.some((line) => line.includes('WARN') && line.includes('calibration file'))).toBe(true);
    // A save afterwards starts a clean file rather than failing.
    await s.set('CalA', { xMm: 1, yMm: 1 });
    expect(await store().offsetFor('CalA')).toEqual({ xMm: 1, yMm: 1 });
    expect(readdirSync(dir)).toEqual(['calibration.json']);
  });

  it('does not let a printer named like an Object property find anything', async () => {
    const { file, store } = fresh();
    await store().set('CalA', { xMm: 1, yMm: 1 });
    writeFileSync(file, '{"version":1,"printers":{"__proto__":{"xMm":1,"yMm":1,"updatedAt":"2026-01-01T00:00:00.000Z"}}}');
    expect(await store().offsetFor('constructor')).toBeNull();
    expect(await store().offsetFor('toString')).toBeNull();
  });

  it.each([
    [{ xMm: 10.5, yMm: 0 }, '水平偏移必须在 -10 到 10 毫米之间'],
    [{ xMm: 0, yMm: -11 }, '垂直偏移必须在 -10 到 10 毫米之间'],
    [{ xMm: 1.25, yMm: 0 }, '以 0.1 毫米为单位'],
  ])('refuses %o with a Chinese reason and leaves the file as it was', async (offset, reason) => {
    const { file, store } = fresh();
    const s = store();
    await s.set('CalA', { xMm: 2, yMm: 2 });
    const before = readFileSync(file, 'utf8');
    await expect(s.set('CalA', offset)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(reason) });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(await s.offsetFor('CalA')).toEqual({ xMm: 2, yMm: 2 });
  });

  it('reports a save it cannot make in Chinese and keeps the offsets it had', async () => {
    const { dir, store } = fresh();
    const s = store();
    await s.set('CalA', { xMm: 2, yMm: 2 });
    // The data folder turns into a file: nothing can be written there any more.
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'not a folder');
    await expect(s.set('CalA', { xMm: 3, yMm: 3 })).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('校准偏移未能保存') });
    expect(await s.offsetFor('CalA')).toEqual({ xMm: 2, yMm: 2 });
    rmSync(dir, { force: true });
  });
});
