// 打印校准: the offset rules, the shift of a PDF (read back with poppler, including rotated
// pages), and the IPC validation and access of the calibration channels.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { normaliseOffset, offsetFromMeasurement, refuseOffset, userSpaceShift } from '../../main/core/calibration';
import { createDispatch, type Handlers } from '../../main/ipc/dispatch';
import { CHANNEL_ACCESS, refuseForRole } from '../../main/ipc/permissions';
import { argSchemas } from '../../main/ipc/schemas';
import { silentLogger } from '../../main/log/logger';
import { shiftPdf } from '../../main/pdf/offset';
import { CALIBRATION_CROSSHAIR_MM, CHANNELS } from '../../preload/contract';
import { MM_PER_POINT, pdfWords } from '../support/poppler';

const root = mkdtempSync(join(tmpdir(), 'co-calibration-rules-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('offset rules', () => {
  it.each([
    [{ xMm: 0, yMm: 0 }],
    [{ xMm: 10, yMm: -10 }],
    [{ xMm: 3.5, yMm: -2 }],
    [{ xMm: 0.3, yMm: -9.9 }],
  ])('accept %o', (offset) => {
    expect(refuseOffset(offset)).toBeNull();
  });

  it.each([
    [{ xMm: 10.1, yMm: 0 }, '水平偏移必须在 -10 到 10 毫米之间'],
    [{ xMm: 0, yMm: -10.1 }, '垂直偏移必须在 -10 到 10 毫米之间'],
    [{ xMm: 0.05, yMm: 0 }, '0.1 毫米为单位'],
    [{ xMm: 0, yMm: 1.23 }, '0.1 毫米为单位'],
    [{ xMm: Number.NaN, yMm: 0 }, '必须是数字'],
    [{ xMm: 0, yMm: Number.POSITIVE_INFINITY }, '必须是数字'],
  ])('refuse %o in Chinese', (offset, reason) => {
    expect(refuseOffset(offset)).toContain(reason);
  });

  it('drops float noise and negative zero', () => {
    expect(normaliseOffset({ xMm: 0.1 + 0.2, yMm: -0 })).toEqual({ xMm: 0.3, yMm: 0 });
    expect(Object.is(normaliseOffset({ xMm: -0, yMm: 0 }).xMm, 0)).toBe(true);
  });

  it('computes the correction from what the user measured, on top of the offset the page was printed with', () => {
    const expected = CALIBRATION_CROSSHAIR_MM;
    // The crosshair landed 1.5 mm too far right and 0.8 mm too high: move the print left and down.
    expect(offsetFromMeasurement(expected, { xMm: expected.xMm + 1.5, yMm: expected.yMm - 0.8 }, null)).toEqual({ xMm: -1.5, yMm: 0.8 });
    // Printed with (-1.0, 0.5) already: the rest is added.
    expect(offsetFromMeasurement(expected, { xMm: expected.xMm + 0.5, yMm: expected.yMm - 0.3 }, { xMm: -1, yMm: 0.5 })).toEqual({ xMm: -1.5, yMm: 0.8 });
    expect(offsetFromMeasurement(expected, expected, { xMm: 2, yMm: -1 })).toEqual({ xMm: 2, yMm: -1 });
  });

  it('maps the offset on the sheet into the user space of a rotated page', () => {
    const k = 72 / 25.4;
    expect(userSpaceShift({ xMm: 1, yMm: 2 }, 0)).toEqual({ dx: k, dy: -2 * k });
    expect(userSpaceShift({ xMm: 1, yMm: 2 }, 90)).toEqual({ dx: 2 * k, dy: k });
    expect(userSpaceShift({ xMm: 1, yMm: 2 }, 180)).toEqual({ dx: -k, dy: 2 * k });
    expect(userSpaceShift({ xMm: 1, yMm: 2 }, 270)).toEqual({ dx: -2 * k, dy: -k });
    expect(userSpaceShift({ xMm: 1, yMm: 2 }, -90)).toEqual(userSpaceShift({ xMm: 1, yMm: 2 }, 270));
  });
});

describe('shiftPdf', () => {
  async function sample(rotations: number[]): Promise<Uint8Array> {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    rotations.forEach((rotation, i) => {
      const page = doc.addPage([595.28, 841.89]);
      page.setRotation(degrees(rotation));
      page.drawText(`PAGE${i + 1} MARKER`, { x: 100, y: 600, size: 12, font });
      page.drawText('CORNER', { x: 300, y: 200, size: 9, font });
    });
    return doc.save();
  }

  it('moves every word on every page by the offset as seen on the sheet, rotated pages too', async () => {
    const rotations = [0, 90, 180, 270];
    const original = await sample(rotations);
    const offset = { xMm: 3.5, yMm: -2 };
    const shifted = await shiftPdf(original, offset);
    writeFileSync(join(root, 'a.pdf'), original);
    writeFileSync(join(root, 'b.pdf'), shifted);
    const before = await pdfWords(join(root, 'a.pdf'));
    const after = await pdfWords(join(root, 'b.pdf'));
    expect(after.pages).toEqual(before.pages);
    expect(after.words.map((w) => [w.page, w.text])).toEqual(before.words.map((w) => [w.page, w.text]));
    expect(before.words).toHaveLength(rotations.length * 3);
    for (const [i, word] of after.words.entries()) {
      const was = before.words[i]!;
      expect(Math.abs((word.xMin - was.xMin) * MM_PER_POINT - offset.xMm)).toBeLessThanOrEqual(0.05);
      expect(Math.abs((word.yMin - was.yMin) * MM_PER_POINT - offset.yMm)).toBeLessThanOrEqual(0.05);
    }
    const doc = await PDFDocument.load(shifted);
    expect(doc.getPages().map((page) => page.getRotation().angle)).toEqual(rotations);
  });

  it('returns the very bytes for a printer without an offset, or a zero one', async () => {
    const original = await sample([0]);
    expect(await shiftPdf(original, null)).toBe(original);
    expect(await shiftPdf(original, { xMm: 0, yMm: 0 })).toBe(original);
  });
});

describe('calibration channels', () => {
  const mainFrame = { url: 'app://bundle/index.html', isMainFrame: true };
  const calibrationChannels = CHANNELS.filter((channel) => channel.startsWith('calibration:'));

  it('are open to every role that may print, and to nobody signed out', () => {
    expect(calibrationChannels.sort()).toEqual(['calibration:clear', 'calibration:get', 'calibration:printPage', 'calibration:set']);
    for (const channel of calibrationChannels) {
      expect(CHANNEL_ACCESS[channel]).toBe('print');
      for (const role of ['legal-person', 'operator', 'password'] as const) expect(refuseForRole(channel, role)).toBeNull();
      expect(refuseForRole(channel, null)).toMatchObject({ code: 'NOT_SIGNED_IN' });
    }
  });

  it.each([
    ['no printer', 'calibration:get', [{}]],
    ['an empty printer name', 'calibration:printPage', [{ printer: '' }]],
    ['a printer name too long for any spooler', 'calibration:clear', [{ printer: 'P'.repeat(128) }]],
    ['an offset as text', 'calibration:set', [{ printer: 'P', offset: { xMm: '3.5', yMm: 0 } }]],
    ['a missing axis', 'calibration:set', [{ printer: 'P', offset: { xMm: 1 } }]],
    ['an extra field', 'calibration:set', [{ printer: 'P', offset: { xMm: 1, yMm: 0, zMm: 1 } }]],
    ['NaN', 'calibration:set', [{ printer: 'P', offset: { xMm: Number.NaN, yMm: 0 } }]],
    ['no tuple', 'calibration:get', { printer: 'P' }],
  ])('refuse %s in Chinese and call nothing', async (_name, channel, args) => {
    const handler = vi.fn(async () => {
      throw new Error('must not be called');
    });
    const handlers = Object.fromEntries(CHANNELS.map((name) => [name, handler])) as unknown as Handlers;
    const dispatch = createDispatch({ schemas: argSchemas, handlers, trustedOrigin: 'app://bundle', log: silentLogger });
    const result = await dispatch(channel, args, mainFrame);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/[\u4e00-\u9fff]/) } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('pass a well-formed call through to the service', async () => {
    const set = vi.fn(async () => ({ printer: 'P', offset: { xMm: 3.5, yMm: -2 }, updatedAt: '2026-01-01T00:00:00.000Z' }));
    const handlers = { ...(Object.fromEntries(CHANNELS.map((name) => [name, vi.fn()])) as unknown as Handlers), 'calibration:set': set };
    const dispatch = createDispatch({ schemas: argSchemas, handlers, trustedOrigin: 'app://bundle', log: silentLogger });
    await expect(dispatch('calibration:set', [{ printer: 'P', offset: { xMm: 3.5, yMm: -2 } }], mainFrame)).resolves.toMatchObject({ ok: true });
    expect(set).toHaveBeenCalledWith({ printer: 'P', offset: { xMm: 3.5, yMm: -2 } });
  });
});
