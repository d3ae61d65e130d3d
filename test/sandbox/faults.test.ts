import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, certificateSchema, paths, printResponseSchema } from '../../main/net/contract';
import { CONTROL_TOKEN_HEADER, startSandbox, type Sandbox } from './server';
import { ApiClient, httpsRequest, json, tempDir } from './test-client';

type Outcome = 'ok' | 'error' | 'failed';

describe('fault injection', () => {
  const dir = tempDir('sandbox-faults');
  let sandbox: Sandbox;
  let client: ApiClient;

  const changes = (): Promise<unknown> => client.raw(`${paths.changes}?limit=5`);
  const outcome = async (): Promise<Outcome> => {
    try {
      const result = await client.raw(`${paths.changes}?limit=5`);
      return result.status === 200 ? 'ok' : 'error';
    } catch {
      return 'failed';
    }
  };
  const registration = () => {
    const certificate = sandbox.control.findPrintable();
    if (!certificate) throw new Error('nothing printable');
    return { printId: `p_${randomUUID()}`, certificateId: certificate.certificateId, kind: 'both', printerName: 'Printer' };
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: dir.path, seed: 8, certificateCount: 300, tickIntervalMs: 0 });
    client = new ApiClient(sandbox.url, sandbox.caCertPem);
    await client.login('demo', 'demo123');
  });
  afterEach(() => sandbox.control.clearFaults());
  afterAll(async () => {
    await sandbox?.stop();
    dir.remove();
  });

  it('adds latency', async () => {
    sandbox.control.setFaults({ latencyMs: 300 });
    const started = performance.now();
    await changes();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('errorRate answers 500 INTERNAL and applies nothing', async () => {
    const body = registration();
    const before = sandbox.control.stats();
    sandbox.control.setFaults({ errorRate: 1 });
    const result = await client.write(paths.prints, body);
    expect(result.status).toBe(500);
    expect(apiErrorSchema.parse(json(result)).error.code).toBe('INTERNAL');
    expect(sandbox.control.getPrint(body.printId)).toBeNull();
    const after = sandbox.control.stats();
    expect(after.printsRegistered).toBe(before.printsRegistered);
    expect(after.faultsInjected.error).toBe(before.faultsInjected.error + 1);
  });

  it('dropRate destroys the connection after applying: a retry with the same key replays', async () => {
    const body = registration();
    const key = randomUUID();
    const before = sandbox.control.stats();
    sandbox.control.setFaults({ dropRate: 1 });
    await expect(client.postJson(paths.prints, body, key)).rejects.toThrow(/socket hang up|ECONNRESET/);
    // The server did register it: the answer was lost, not the request.
    expect(sandbox.control.getPrint(body.printId)).not.toBeNull();
    sandbox.control.clearFaults();
    const retry = await client.postJson(paths.prints, body, key);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(printResponseSchema.parse(json(retry)).certificate.printStatus).toBe('printed');
    const after = sandbox.control.stats();
    expect(after.printsRegistered).toBe(before.printsRegistered + 1);
    expect(after.printRegistrationReplays).toBe(before.printRegistrationReplays + 1);
    expect(after.faultsInjected.drop).toBe(before.faultsInjected.drop + 1);
  });

  it('truncateRate sends the headers and half the body, then cuts the connection', async () => {
    const certificate = sandbox.control.findPrintable();
    if (!certificate) throw new Error('nothing printable');
    sandbox.control.setFaults({ truncateRate: 1 });
    await expect(client.raw(paths.layout(certificate.certificateId, 'original'))).rejects.toThrow(/aborted|truncated|ECONNRESET/);
    await expect(changes()).rejects.toThrow();
    expect(sandbox.control.stats().faultsInjected.truncate).toBeGreaterThanOrEqual(2);
  });

  it('failNext fails exactly the next N requests', async () => {
    sandbox.control.setFaults({ failNext: 2 });
    expect([await outcome(), await outcome(), await outcome()]).toEqual(['error', 'error', 'ok']);
  });

  it('produces the same fault sequence for the same seed and settings', async () => {
    const settings = { errorRate: 0.3, dropRate: 0.2, truncateRate: 0.2 };
    sandbox.control.setFaults(settings);
    const first: Outcome[] = [];
    for (let i = 0; i < 20; i++) first.push(await outcome());
    sandbox.control.setFaults(settings);
    const second: Outcome[] = [];
    for (let i = 0; i < 20; i++) second.push(await outcome());
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(3);

    // Another sandbox with the same seed makes the same decisions.
    const twinDir = tempDir('sandbox-faults-twin');
    const twin = await startSandbox({ dataDir: twinDir.path, seed: 8, certificateCount: 300, tickIntervalMs: 0 });
    try {
      const twinClient = new ApiClient(twin.url, twin.caCertPem);
      await twinClient.login('demo', 'demo123');
      twin.control.setFaults(settings);
      const third: Outcome[] = [];
      for (let i = 0; i < 20; i++) {
        try {
          third.push((await twinClient.raw(`${paths.changes}?limit=5`)).status === 200 ? 'ok' : 'error');
        } catch {
          third.push('failed');
        }
      }
      expect(third).toEqual(first);
    } finally {
      await twin.stop();
      twinDir.remove();
    }
  });

  it('rejects invalid fault settings', () => {
    expect(() => sandbox.control.setFaults({ errorRate: 0.8, dropRate: 0.5 })).toThrow();
    expect(() => sandbox.control.setFaults({ latencyMs: -1 })).toThrow();
  });
});

describe('control endpoints over HTTPS', () => {
  const dir = tempDir('sandbox-control');
  let sandbox: Sandbox;
  const control = (path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) =>
    httpsRequest(`${sandbox.url}/__sandbox${path}`, {
      method: init.method ?? 'GET',
      ca: sandbox.caCertPem,
      headers: {
        ...(init.token === null ? {} : { [CONTROL_TOKEN_HEADER]: init.token ?? sandbox.controlToken }),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: dir.path, seed: 2, certificateCount: 200, tickIntervalMs: 0 });
  });
  afterAll(async () => {
    await sandbox?.stop();
    dir.remove();
  });

  it('needs the control token', async () => {
    expect(sandbox.controlToken).toMatch(/^[0-9a-f]{64}$/);
    const none = await control('/stats', { token: null });
    expect(none.status).toBe(401);
    expect(apiErrorSchema.parse(json(none)).error.code).toBe('UNAUTHENTICATED');
    expect((await control('/stats', { token: 'f'.repeat(64) })).status).toBe(401);
    expect((await control('/faults', { method: 'PUT', body: { errorRate: 1 }, token: 'wrong' })).status).toBe(401);
    expect(sandbox.control.getFaults().errorRate).toBe(0);
  });

  it('sets faults, which hit the API but never the control routes', async () => {
    const set = await control('/faults', { method: 'PUT', body: { failNext: 1 } });
    expect(set.status).toBe(200);
    expect(json(set)).toMatchObject({ failNext: 1, errorRate: 0 });
    expect((await control('/stats')).status).toBe(200);
    const api = await httpsRequest(`${sandbox.url}${paths.changes}`, { ca: sandbox.caCertPem });
    expect(api.status).toBe(500);
    expect((await control('/faults', { method: 'PUT', body: { errorRate: 2 } })).status).toBe(400);
  });

  it('inserts certificates, finds printable ones, advances layouts and reports stats', async () => {
    const inserted = await control('/certificates', { method: 'POST', body: { certificates: [{ type: 'RC', layoutStatus: 'generated' }] } });
    expect(inserted.status).toBe(201);
    const [certificate] = (json(inserted) as { items: unknown[] }).items.map((item) => certificateSchema.parse(item));
    expect(certificate?.type).toBe('RC');
    expect(certificate?.layoutStatus).toBe('generated');
    const advanced = await control('/advance-layouts', { method: 'POST' });
    expect(json(advanced)).toEqual({ changed: expect.any(Number) });
    const fetched = certificateSchema.parse(json(await control(`/certificates/${certificate?.certificateId ?? ''}`)));
    expect(fetched.layoutStatus).toBe('received');
    const printable = json(await control('/printable?limit=3')) as { items: unknown[] };
    expect(printable.items).toHaveLength(3);
    for (const item of printable.items) expect(certificateSchema.parse(item)).toMatchObject({ layoutStatus: 'received', archiveStatus: 'unarchived', printStatus: 'pending' });
    expect(json(await control('/stats'))).toMatchObject({ printsRegistered: 0, confirmations: {} });
    expect((await control('/certificates/co_nope')).status).toBe(404);
    expect((await control('/certificates', { method: 'POST', body: { certificates: [{ type: 'ZZ' }] } })).status).toBe(400);
  });
});
