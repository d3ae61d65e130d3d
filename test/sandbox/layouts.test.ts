import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYOUT_HASH_HEADER, apiErrorSchema, changesPageSchema, paths, type CertificateDto } from '../../main/net/contract';
import { buildApplicants, generateContent, generateCore } from './generate';
import { A4, createLayoutRenderer } from './layout-pdf';
import { OTHER_ENTERPRISE, startSandbox, type Sandbox } from './server';
import { ApiClient, json, tempDir } from './test-client';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('layout PDFs', () => {
  const dir = tempDir('sandbox-layouts');
  let sandbox: Sandbox;
  let client: ApiClient;
  let items: CertificateDto[];

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: dir.path, seed: 3, certificateCount: 400, tickIntervalMs: 0 });
    client = new ApiClient(sandbox.url, sandbox.caCertPem);
    await client.login('demo', 'demo123');
    items = changesPageSchema.parse(json(await client.raw(`${paths.changes}?limit=1000`))).items;
  });
  afterAll(async () => {
    await sandbox?.stop();
    dir.remove();
  });

  it('serves exactly the bytes whose hash and size the feed reported', async () => {
    const received = items.filter((item) => item.layoutStatus === 'received').slice(0, 25);
    expect(received.length).toBe(25);
    for (const item of received) {
      for (const kind of ['original', 'copy'] as const) {
        const result = await client.raw(paths.layout(item.certificateId, kind));
        expect(result.status).toBe(200);
        expect(result.headers['content-type']).toBe('application/pdf');
        expect(result.headers[LAYOUT_HASH_HEADER]).toBe(sha256(result.body));
        expect(item.layouts?.[kind]).toEqual({ sha256: sha256(result.body), size: result.body.length });
      }
    }
  });

  it('is an A4 two-page PDF with the certificate on it; original and copy differ', async () => {
    const item = items.find((candidate) => candidate.layoutStatus === 'received' && candidate.goods.length >= 2);
    if (!item) throw new Error('no multi-item certificate');
    const original = (await client.raw(paths.layout(item.certificateId, 'original'))).body;
    const copy = (await client.raw(paths.layout(item.certificateId, 'copy'))).body;
    for (const bytes of [original, copy]) {
      const doc = await PDFDocument.load(bytes);
      expect(doc.getPageCount()).toBe(2);
      for (const page of doc.getPages()) {
        expect(page.getWidth()).toBeCloseTo(A4[0], 1);
        expect(page.getHeight()).toBeCloseTo(A4[1], 1);
      }
    }
    expect(sha256(original)).not.toBe(sha256(copy));
    // The per-certificate text streams are uncompressed: the number and goods are literally in the file.
    const text = original.toString('latin1');
    expect(text).toContain(`(${item.number})`);
    expect(text).toContain(item.goods[0]?.hsCode ?? 'missing');
  });

  it('puts goods that do not fit on the front onto the back page', async () => {
    const renderer = await createLayoutRenderer();
    const plan = { seed: 3, count: 400, applicants: buildApplicants(3) };
    let index = 0;
    while (generateContent(plan, index, generateCore(plan, index).slot, 'E24310ABCDEF0001').goods.length < 18) index++;
    const content = generateContent(plan, index, generateCore(plan, index).slot, 'E24310ABCDEF0001');
    const text = renderer.render(content, 'original').toString('latin1');
    // Parentheses inside PDF string literals are escaped.
    expect(text).toContain('MORE ITEM\\(S\\) CONTINUED ON THE BACK PAGE');
    const lastItem = content.goods.at(-1);
    expect(text).toContain(`(${lastItem?.itemNumber}. `);
  });

  it('renders deterministically and fast (well under 50 ms per PDF)', async () => {
    const renderer = await createLayoutRenderer();
    const again = await createLayoutRenderer();
    expect(again.fingerprint).toBe(renderer.fingerprint);
    const plan = { seed: 9, count: 1000, applicants: buildApplicants(9) };
    const contents = Array.from({ length: 200 }, (_, i) => generateContent(plan, i, generateCore(plan, i).slot, `C24310ABCDEF${String(i).padStart(4, '0')}`));
    const started = performance.now();
    const hashes = contents.map((content) => sha256(renderer.render(content, 'original')));
    const perPdf = (performance.now() - started) / contents.length;
    console.log(`[sandbox] layout PDF render + sha256: ${perPdf.toFixed(3)} ms per PDF`);
    expect(perPdf).toBeLessThan(50);
    expect(contents.map((content) => sha256(again.render(content, 'original')))).toEqual(hashes);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('refuses a layout that has not been received yet with 409 LAYOUT_NOT_READY', async () => {
    const pending = items.find((item) => item.layoutStatus !== 'received');
    if (!pending) throw new Error('no pending layout in the data');
    const result = await client.raw(paths.layout(pending.certificateId, 'original'));
    expect(result.status).toBe(409);
    expect(apiErrorSchema.parse(json(result)).error.code).toBe('LAYOUT_NOT_READY');
  });

  it("answers 404 for unknown certificates, unknown kinds and another enterprise's certificates", async () => {
    const unknown = await client.raw(paths.layout('co_doesnotexist', 'original'));
    expect(unknown.status).toBe(404);
    expect(apiErrorSchema.parse(json(unknown)).error.code).toBe('NOT_FOUND');
    const item = items[0];
    if (!item) throw new Error('no items');
    const badKind = await client.raw(`/api/v1/certificates/${item.certificateId}/layouts/triplicate`);
    expect(badKind.status).toBe(404);
    const [foreign] = sandbox.control.insertCertificates([{ enterpriseCode: OTHER_ENTERPRISE.code }]);
    if (!foreign) throw new Error('insert failed');
    const forbidden = await client.raw(paths.layout(foreign.certificateId, 'original'));
    expect(forbidden.status).toBe(404);
  });
});
