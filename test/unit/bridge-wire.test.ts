// The browser bridge's binary frames (renderer/src/lib/wire.ts) and the loopback server
// that speaks them: every value kind the contract carries survives a round trip with its
// bytes as bytes, and a frame that is not exactly right reaches no service.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBridgeServer, type BridgeServer } from '../../main/browser/bridge-server';
import { createDispatch, type Handlers } from '../../main/ipc/dispatch';
import { argSchemas, MAX_SCAN_BYTES } from '../../main/ipc/schemas';
import { silentLogger } from '../../main/log/logger';
import { CHANNELS, type LayoutDocument, type ScanCheckResult } from '../../preload/contract';
import { decodeFrame, encodeFrame, FRAME_CONTENT_TYPE, MAX_FRAME_PARTS, WireFrameError } from '../../renderer/src/lib/wire';

function join2(chunks: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(chunks));
}

function roundTrip(value: unknown): unknown {
  return decodeFrame(join2(encodeFrame(value)));
}

/** A frame built by hand: JSON text, then the part table and parts as given. */
function handFrame(json: string, parts: Uint8Array[], options: { magic?: string; jsonLength?: number; count?: number; lengths?: number[] } = {}): Uint8Array {
  const text = Buffer.from(json, 'utf8');
  const header = Buffer.alloc(8);
  header.write(options.magic ?? 'COW1', 0, 'latin1');
  header.writeUInt32BE(options.jsonLength ?? text.length, 4);
  const lengths = options.lengths ?? parts.map((part) => part.length);
  const table = Buffer.alloc(4 + 4 * lengths.length);
  table.writeUInt32BE(options.count ?? lengths.length, 0);
  lengths.forEach((length, index) => table.writeUInt32BE(length, 4 + 4 * index));
  return new Uint8Array(Buffer.concat([header, text, table, ...parts]));
}

const bytes = (...values: number[]) => Uint8Array.from(values);

const refused: Array<[string, Uint8Array]> = [
  ['an empty body', new Uint8Array(0)],
  ['plain JSON', new Uint8Array(Buffer.from('[{"kind":"seal"}]'))],
  ['a wrong magic', handFrame('null', [], { magic: 'COW2' })],
  ['a header cut short', new Uint8Array(Buffer.from('COW1'))],
  ['a JSON length beyond the end', handFrame('null', [], { jsonLength: 1000 })],
  ['JSON that is not UTF-8', handFrame('"\u00ff"', []).map((byte, index) => (index === 9 ? 0xff : byte))],
  ['JSON that does not parse', handFrame('{"a":', [])],
  ['no part count', handFrame('null', []).subarray(0, 12)],
  ['a part table beyond the end', handFrame('null', [], { count: 3, lengths: [] })],
  ['more parts than allowed', handFrame('null', [], { count: MAX_FRAME_PARTS + 1, lengths: [] })],
  ['a part longer than the frame', handFrame('{"$bin":0}', [bytes(1)], { lengths: [5] })],
  ['bytes after the last part', handFrame('{"$bin":0}', [bytes(1, 2)], { lengths: [1] })],
  ['a reference to a missing part', handFrame('{"$bin":1}', [bytes(1)])],
  ['a negative reference', handFrame('{"$bin":-1}', [bytes(1)])],
  ['a fractional reference', handFrame('{"$bin":0.5}', [bytes(1)])],
  ['a string reference', handFrame('{"$bin":"0"}', [bytes(1)])],
  ['a reference with another key beside it', handFrame('{"$bin":0,"x":1}', [bytes(1)])],
  ['a part referred to twice', handFrame('[{"$bin":0},{"$bin":0}]', [bytes(1)])],
  ['a part nobody refers to', handFrame('null', [bytes(1)])],
];

describe('binary wire frames', () => {
  it.each([
    ['null', null],
    ['true', true],
    ['false', false],
    ['an integer', 42],
    ['a negative float', -0.125],
    ['an empty string', ''],
    ['Chinese text and an emoji', '原产地证书 合同专用章 🖨'],
    ['a string that looks like a placeholder', '{"$bin":0}'],
    ['an empty array', []],
    ['an array of mixed values', [1, 'a', null, false, { b: [2] }]],
    ['a nested object', { ok: true, value: { rows: [{ id: 'c1', copies: 2, note: null }], total: 1 } }],
  ])('round-trips %s unchanged', (_name, value) => {
    expect(roundTrip(value)).toEqual(value);
  });

  it('drops undefined properties and encodes undefined as null, as JSON (and the JSON bridge) does', () => {
    expect(roundTrip({ a: undefined, b: 1 })).toEqual({ b: 1 });
    expect(roundTrip(undefined)).toBeNull();
  });

  it('carries Uint8Array and Buffer as bytes, at the top, nested in objects and arrays, empty or not', () => {
    const big = new Uint8Array(3 * 1024 * 1024).map((_, index) => (index * 7) & 0xff);
    const value = {
      top: bytes(0, 1, 255),
      empty: new Uint8Array(0),
      buffer: Buffer.from('PNG\u0000data'),
      nested: { list: [bytes(9), { deeper: [big] }] },
      // A view into a larger buffer: only its own bytes travel.
      view: new Uint8Array(bytes(1, 2, 3, 4, 5).buffer, 1, 3),
    };
    const decoded = roundTrip(value) as Record<string, unknown>;
    expect(decoded.top).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(decoded.buffer)).toBe(false);
    expect(decoded).toEqual({
      top: bytes(0, 1, 255),
      empty: new Uint8Array(0),
      buffer: new Uint8Array(Buffer.from('PNG\u0000data')),
      nested: { list: [bytes(9), { deeper: [expect.any(Uint8Array)] }] },
      view: bytes(2, 3, 4),
    });
    // Compared as buffers: element-wise deep equality of megabytes takes seconds.
    const deeper = ((decoded.nested as { list: [unknown, { deeper: Uint8Array[] }] }).list[1].deeper[0])!;
    expect(Buffer.from(deeper.buffer, deeper.byteOffset, deeper.length).equals(big)).toBe(true);
    expect(roundTrip(bytes(7, 8))).toEqual(bytes(7, 8));
  });

  it('round-trips the contract values that carry bytes: a scan check, a layout PDF, a call with a scan', () => {
    const check: ScanCheckResult = {
      checkId: 'k1', kind: 'seal', accepted: true, dpi: 600, widthCm: 4.2, heightCm: 4.2, shape: 'round', color: 'red',
      checks: [{ id: 'dpi', label: '分辨率', figure: '600 dpi', limit: '≥ 600 dpi', verdict: 'pass' }], reasons: [],
      cleanedPng: bytes(0x89, 0x50, 0x4e, 0x47), cleanedDpi: 600,
    };
    const layout: LayoutDocument = { certificateId: 'c1', kind: 'original', fileName: 'E24.pdf', pdf: Buffer.from('%PDF-1.7') };
    expect(roundTrip({ ok: true, value: check })).toEqual({ ok: true, value: check });
    expect(roundTrip({ ok: true, value: [layout, layout] })).toEqual({ ok: true, value: [{ ...layout, pdf: new Uint8Array(layout.pdf) }, { ...layout, pdf: new Uint8Array(layout.pdf) }] });
    const call = [{ kind: 'seal', fileName: '扫描件.png', bytes: bytes(1, 2, 3) }];
    expect(argSchemas['scans:check'].safeParse(roundTrip(call)).success).toBe(true);
  });

  it('sends the parts as they are, uncopied, beside the JSON', () => {
    const scan = new Uint8Array(1024);
    const chunks = encodeFrame([{ bytes: scan }]);
    expect(chunks).toContain(scan);
    expect(chunks.reduce((total, chunk) => total + chunk.length, 0)).toBeLessThan(scan.length + 100);
  });

  it.each(refused)('refuses %s', (_name, frame) => {
    expect(() => decodeFrame(frame)).toThrow(WireFrameError);
  });
});

describe('the bridge server with binary frames', () => {
  let bridge: BridgeServer;
  let rendererDir: string;
  let token: string;
  const check = vi.fn(async (_kind: string, scan: Uint8Array) => ({
    checkId: 'k1', kind: 'seal' as const, accepted: true, dpi: 600, widthCm: 4.2, heightCm: 4.2, shape: 'round' as const, color: 'red' as const,
    checks: [], reasons: [], cleanedPng: Buffer.from(scan.subarray(0, 4)), cleanedDpi: 600,
  }));

  beforeAll(async () => {
    rendererDir = mkdtempSync(join(tmpdir(), 'co-bridge-wire-'));
    bridge = await startBridgeServer({ rendererDir, log: silentLogger });
    token = new URL(bridge.url).hash.replace('#token=', '');
    const unexpected = () => Promise.reject(new Error('not expected in this test'));
    const handlers = { ...Object.fromEntries(CHANNELS.map((channel) => [channel, vi.fn(unexpected)])), 'scans:check': ({ kind, bytes: scan }: { kind: string; bytes: Uint8Array }) => check(kind, scan) } as unknown as Handlers;
    bridge.setDispatch(createDispatch({ schemas: argSchemas, handlers, trustedOrigin: bridge.origin, log: silentLogger }));
  });

  afterAll(async () => {
    await bridge.close();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  async function post(body: Uint8Array, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${bridge.origin}/ipc/scans%3Acheck`, {
      method: 'POST',
      headers: { 'content-type': FRAME_CONTENT_TYPE, 'x-bridge-token': token, ...headers },
      body: body as Uint8Array<ArrayBuffer>,
    });
  }

  it('hands the scan to the service as bytes and answers with a binary frame', async () => {
    check.mockClear();
    const scan = new Uint8Array(2 * 1024 * 1024).map((_, index) => index & 0xff);
    const response = await post(join2(encodeFrame([{ kind: 'seal', fileName: '印章.png', bytes: scan }])));
    expect(response.headers.get('content-type')).toBe(FRAME_CONTENT_TYPE);
    const result = decodeFrame(new Uint8Array(await response.arrayBuffer())) as { ok: boolean; value: ScanCheckResult };
    expect(result.ok).toBe(true);
    expect(result.value.cleanedPng).toEqual(scan.subarray(0, 4));
    expect(check).toHaveBeenCalledTimes(1);
    const received = check.mock.calls[0]?.[1];
    expect(received).toBeInstanceOf(Uint8Array);
    expect(received && Buffer.from(received.buffer, received.byteOffset, received.length).equals(scan)).toBe(true);
  });

  it.each(refused)('answers %s with INVALID_ARGUMENT in Chinese, and no service runs', async (_name, frame) => {
    check.mockClear();
    const response = await post(frame);
    const result = decodeFrame(new Uint8Array(await response.arrayBuffer()));
    expect(result).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: '参数不正确,操作未执行。' } });
    expect(check).not.toHaveBeenCalled();
  });

  it('refuses a well-formed frame whose value breaks the schema (an empty scan)', async () => {
    check.mockClear();
    const response = await post(join2(encodeFrame([{ kind: 'seal', fileName: 'a.png', bytes: new Uint8Array(0) }])));
    expect(decodeFrame(new Uint8Array(await response.arrayBuffer()))).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(check).not.toHaveBeenCalled();
  });

  it('keeps the token and the size bound for frames', async () => {
    check.mockClear();
    const frame = join2(encodeFrame([{ kind: 'seal', fileName: 'a.png', bytes: bytes(1) }]));
    expect((await post(frame, { 'x-bridge-token': '0'.repeat(64) })).status).toBe(403);
    const tooBig = new Uint8Array(MAX_SCAN_BYTES + 1024 * 1024 + 1);
    expect((await post(tooBig)).status).toBe(413);
    expect(check).not.toHaveBeenCalled();
  });
});
