import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CERTIFICATE_NUMBER, MAX_CHANGES_PAGE, certificateSchema, changesPageSchema, type CertificateDto,
} from '../../main/net/contract';
import { usccCheckChar } from '../../main/core/enterprise-codes';
import { DEMO_ENTERPRISE, OTHER_ENTERPRISE, startSandbox, type Sandbox } from './server';
import { ApiClient, json, manualClock, tempDir } from './test-client';

const START = '2026-11-20T02:00:00.000Z';

async function allChanges(client: ApiClient, limit: number): Promise<{ items: CertificateDto[]; pages: number }> {
  const items: CertificateDto[] = [];
  let cursor = 0;
  let pages = 0;
  for (;;) {
    const page = changesPageSchema.parse(json(await client.raw(`/api/v1/certificates/changes?cursor=${cursor}&limit=${limit}`)));
    pages++;
    items.push(...page.items);
    if (page.items.length > 0) expect(page.nextCursor).toBe(page.items.at(-1)?.seq);
    cursor = page.nextCursor;
    if (!page.hasMore) return { items, pages };
    expect(page.items).toHaveLength(limit);
  }
}

describe('generated data', () => {
  const dirs = [tempDir('sandbox-data-a'), tempDir('sandbox-data-b'), tempDir('sandbox-data-c')];
  const sandboxes: Sandbox[] = [];
  const clients: ApiClient[] = [];

  beforeAll(async () => {
    // a and b: same seed; c: another seed. All with the same clock, since layout due times hang off creation time.
    for (const [i, seed] of [11, 11, 12].entries()) {
      const clock = manualClock(START);
      const sandbox = await startSandbox({ dataDir: dirs[i]?.path ?? '', seed, certificateCount: 1500, clock: clock.now, tickIntervalMs: 0 });
      sandboxes.push(sandbox);
      const client = new ApiClient(sandbox.url, sandbox.caCertPem);
      await client.login('demo', 'demo123');
      clients.push(client);
    }
  });
  afterAll(async () => {
    for (const sandbox of sandboxes) await sandbox.stop();
    for (const dir of dirs) dir.remove();
  });

  it('is the same for the same seed, layouts included, and different for another seed', async () => {
    const [a, b, c] = await Promise.all(clients.map((client) => allChanges(client, 1000)));
    expect(a?.items.length).toBeGreaterThan(1000);
    expect(JSON.stringify(a?.items)).toBe(JSON.stringify(b?.items));
    const numbersA = a?.items.map((item) => item.number) ?? [];
    const numbersC = new Set(c?.items.map((item) => item.number));
    expect(numbersA.filter((number) => numbersC.has(number)).length).toBeLessThan(numbersA.length / 10);
  });

  it('walks the changes feed page by page with the cursor, in seq order, without gaps or repeats', async () => {
    const client = clients[0];
    if (!client) throw new Error('no client');
    const { items, pages } = await allChanges(client, 97);
    const seqs = items.map((item) => item.seq);
    // hasMore is exact, so a last full page is not followed by an empty one.
    expect(pages).toBe(Math.ceil(items.length / 97));
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] ?? Infinity);
    expect(new Set(items.map((item) => item.certificateId)).size).toBe(items.length);
    const single = await allChanges(client, MAX_CHANGES_PAGE);
    expect(single.items.map((item) => item.certificateId)).toEqual(items.map((item) => item.certificateId));

    // Past the end: an empty page that keeps the cursor.
    const last = seqs.at(-1) ?? 0;
    const empty = changesPageSchema.parse(json(await client.raw(`/api/v1/certificates/changes?cursor=${last}`)));
    expect(empty).toEqual({ items: [], nextCursor: last, hasMore: false });
    // A cursor in the middle returns exactly what follows it.
    const middle = seqs[500] ?? 0;
    const after = changesPageSchema.parse(json(await client.raw(`/api/v1/certificates/changes?cursor=${middle}&limit=3`)));
    expect(after.items.map((item) => item.seq)).toEqual(seqs.slice(501, 504));
    expect(after.hasMore).toBe(true);
  });

  it('gives each enterprise only its own certificates', async () => {
    const sandbox = sandboxes[0];
    if (!sandbox) throw new Error('no sandbox');
    const other = new ApiClient(sandbox.url, sandbox.caCertPem);
    const session = await other.login('other', 'other123');
    expect(session.user.enterpriseCode).toBe(OTHER_ENTERPRISE.code);
    const [mine, theirs] = await Promise.all([allChanges(clients[0] ?? other, 1000), allChanges(other, 1000)]);
    expect(theirs.items.length).toBeGreaterThan(0);
    expect(mine.items.length + theirs.items.length).toBe(1500);
    const mineIds = new Set(mine.items.map((item) => item.certificateId));
    expect(theirs.items.some((item) => mineIds.has(item.certificateId))).toBe(false);
    expect(mine.items.some((item) => item.applicant === DEMO_ENTERPRISE.nameCn)).toBe(true);
  });

  it('looks like real certificates of origin', async () => {
    const { items } = await allChanges(clients[0] ?? new ApiClient('', ''), 1000);
    for (const item of items) {
      certificateSchema.parse(item);
      expect(item.number).toMatch(CERTIFICATE_NUMBER);
      // Type letters, then the 2-digit year of issue, the 9-character registration number and a 4-digit serial.
      expect(item.number.startsWith(item.type)).toBe(true);
      expect(item.number.slice(item.type.length, item.type.length + 2)).toBe(item.issueDate.slice(2, 4));
      expect(item.number).toHaveLength(item.type.length + 15);
      expect(item.applicantCode).toHaveLength(18);
      expect(usccCheckChar(item.applicantCode.slice(0, 17))).toBe(item.applicantCode[17]);
      expect(item.transport).toMatch(/^FROM (NINGBO|SHANGHAI), CHINA TO .+ BY (SEA|AIR)/);
      expect(item.goods.length).toBeGreaterThan(0);
      for (const goods of item.goods) expect(goods.hsCode).toMatch(/^\d{6,10}$/);
      expect(Date.parse(item.invoiceDate)).toBeLessThan(Date.parse(item.issueDate));
      expect(item.approvedAt.slice(0, 10)).toBe(item.issueDate);
      expect(item.layouts === null).toBe(item.layoutStatus !== 'received');
      if (item.archiveStatus === 'archived') expect(item.printStatus).toBe('printed');
    }
    const destinations = (type: string): Set<string> => new Set(items.filter((item) => item.type === type).map((item) => item.destinationCountry));
    const asean = ['越南', '泰国', '马来西亚', '印度尼西亚', '菲律宾', '新加坡', '缅甸', '柬埔寨', '老挝', '文莱'];
    for (const country of destinations('E')) expect(asean).toContain(country);
    for (const country of destinations('K')) expect(country).toBe('韩国');
    for (const country of destinations('RC')) expect([...asean, '日本', '韩国', '澳大利亚', '新西兰']).toContain(country);
    expect(destinations('E').size).toBeGreaterThan(3);
    const criteria = new Set(items.flatMap((item) => item.goods.map((goods) => goods.originCriterion)));
    for (const criterion of ['WO', 'PE', 'CTC', 'RVC 40%']) expect(criteria).toContain(criterion);
    expect(items.filter((item) => item.type === 'C').every((item) => item.goods.every((goods) => goods.originCriterion === ''))).toBe(true);

    // The status mix a user sees: mostly received, some on their way; some archived, some printed, many printable.
    const count = (predicate: (item: CertificateDto) => boolean): number => items.filter(predicate).length;
    expect(count((item) => item.layoutStatus === 'received')).toBeGreaterThan(items.length * 0.9);
    expect(count((item) => item.layoutStatus === 'generated')).toBeGreaterThan(0);
    expect(count((item) => item.layoutStatus === 'sending')).toBeGreaterThan(0);
    expect(count((item) => item.archiveStatus === 'archived')).toBeGreaterThan(items.length * 0.2);
    expect(count((item) => item.printStatus === 'printed' && item.archiveStatus === 'unarchived')).toBeGreaterThan(0);
    expect(count((item) => item.printStatus === 'pending' && item.layoutStatus === 'received')).toBeGreaterThan(items.length * 0.2);
    expect(count((item) => item.exceptionPrintCount > 0)).toBeGreaterThan(0);
    // Issue dates spread over about three years.
    const days = items.map((item) => Date.parse(item.issueDate)).sort((x, y) => x - y);
    expect(((days.at(-1) ?? 0) - (days[0] ?? 0)) / 86_400_000).toBeGreaterThan(3 * 365 - 10);
  });

  it('has unique certificate numbers and ids', async () => {
    const demo = await allChanges(clients[0] ?? new ApiClient('', ''), 1000);
    const numbers = demo.items.map((item) => item.number);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});

describe('generation at volume', () => {
  const dir = tempDir('sandbox-volume');
  afterAll(() => dir.remove());

  it('generates 100,000 certificates well under a minute and serves them', async () => {
    const started = performance.now();
    const sandbox = await startSandbox({ dataDir: dir.path, seed: 5, certificateCount: 100_000, tickIntervalMs: 0 });
    try {
      const info = sandbox.control.info();
      console.log(`[sandbox] 100k certificates: generated in ${Math.round(info.generationMs ?? -1)} ms, started in ${Math.round(performance.now() - started)} ms`);
      expect(info.totalCount).toBe(100_000);
      expect(info.generationMs).not.toBeNull();
      expect(info.generationMs ?? Infinity).toBeLessThan(20_000);
      const client = new ApiClient(sandbox.url, sandbox.caCertPem);
      await client.login('demo', 'demo123');
      const pageStarted = performance.now();
      const page = changesPageSchema.parse(json(await client.raw(`/api/v1/certificates/changes?cursor=50000&limit=1000`)));
      const pageMs = performance.now() - pageStarted;
      console.log(`[sandbox] a 1000-item changes page with fresh layout hashes: ${Math.round(pageMs)} ms`);
      expect(page.items).toHaveLength(1000);
      expect(page.items.every((item) => item.layouts !== null)).toBe(true);
      expect(pageMs).toBeLessThan(10_000);
    } finally {
      await sandbox.stop();
    }
  });
});

describe('data dir reuse', () => {
  const dir = tempDir('sandbox-reuse');
  afterAll(() => dir.remove());

  it('keeps state across restarts and rebuilds when asked for another seed', async () => {
    let sandbox = await startSandbox({ dataDir: dir.path, seed: 31, certificateCount: 100, tickIntervalMs: 0 });
    const [inserted] = sandbox.control.insertCertificates([{ printStatus: 'printed' }]);
    if (!inserted) throw new Error('insert failed');
    await sandbox.stop();

    sandbox = await startSandbox({ dataDir: dir.path, tickIntervalMs: 0 });
    expect(sandbox.control.info()).toMatchObject({ seed: 31, generatedCount: 100, totalCount: 101, generationMs: null });
    expect(sandbox.control.getCertificate(inserted.certificateId)).toEqual(inserted);
    await sandbox.stop();

    sandbox = await startSandbox({ dataDir: dir.path, seed: 32, certificateCount: 100, tickIntervalMs: 0 });
    expect(sandbox.control.info()).toMatchObject({ seed: 32, totalCount: 100 });
    expect(sandbox.control.info().generationMs).not.toBeNull();
    expect(sandbox.control.getCertificate(inserted.certificateId)).toBeNull();
    await sandbox.stop();
  });
});
