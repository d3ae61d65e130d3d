import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_HEADER, apiErrorSchema, paths } from '../../main/net/contract';
import { startSandbox, type Sandbox } from './server';
import { ApiClient, type HttpResult, json, manualClock, tempDir } from './test-client';

/** Every refusal is a 4xx with the contract's error body. */
function expectError(result: HttpResult, status: number, code: string): string {
  expect(result.status).toBe(status);
  expect(result.headers['content-type']).toMatch(/^application\/json/);
  const body = apiErrorSchema.parse(json(result));
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error.message;
}

describe('bad input', () => {
  const dir = tempDir('sandbox-bad-input');
  const clock = manualClock('2026-11-20T02:00:00.000Z');
  let sandbox: Sandbox;
  let client: ApiClient;
  let printBody: { printId: string; certificateId: string; kind: string; printerName: string };

  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    client.raw(path, { method: 'POST', body, headers: { 'content-type': 'application/json', [IDEMPOTENCY_HEADER]: randomUUID(), ...headers } });

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: dir.path, seed: 6, certificateCount: 200, clock: clock.now, tickIntervalMs: 0 });
    client = new ApiClient(sandbox.url, sandbox.caCertPem);
    await client.login('demo', 'demo123');
    const certificate = sandbox.control.findPrintable();
    if (!certificate) throw new Error('nothing printable');
    printBody = { printId: 'p_bad_input', certificateId: certificate.certificateId, kind: 'both', printerName: 'Printer' };
  });
  afterAll(async () => {
    await sandbox?.stop();
    dir.remove();
  });

  it('malformed JSON → 400 VALIDATION', async () => {
    expectError(await post(paths.prints, '{"printId": '), 400, 'VALIDATION');
    expectError(await post(paths.passwordLogin, 'not json'), 400, 'VALIDATION');
  });

  it('invalid UTF-8 → 400 VALIDATION', async () => {
    expectError(await post(paths.prints, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 400, 'VALIDATION');
  });

  it('wrong types, missing fields and bad values → 400 VALIDATION naming the field', async () => {
    expect(expectError(await post(paths.prints, JSON.stringify({ ...printBody, kind: 'triple' })), 400, 'VALIDATION')).toMatch(/kind/);
    expect(expectError(await post(paths.prints, JSON.stringify({ ...printBody, printerName: 42 })), 400, 'VALIDATION')).toMatch(/printerName/);
    expectError(await post(paths.prints, JSON.stringify({ certificateId: printBody.certificateId })), 400, 'VALIDATION');
    expectError(await post(paths.prints, JSON.stringify({ ...printBody, printId: 'has spaces/and slashes' })), 400, 'VALIDATION');
    expectError(await post(paths.prints, JSON.stringify([printBody])), 400, 'VALIDATION');
    expectError(await post(paths.printConfirmation('p_x'), JSON.stringify({ answer: 'maybe', spoolerOutcome: 'completed' })), 400, 'VALIDATION');
    expectError(await post(paths.passwordLogin, JSON.stringify({ username: '', password: 'x' })), 400, 'VALIDATION');
    expect(sandbox.control.getPrint(printBody.printId)).toBeNull();
  });

  it('wrong content type → 415', async () => {
    expectError(await post(paths.prints, JSON.stringify(printBody), { 'content-type': 'text/plain' }), 415, 'VALIDATION');
  });

  it('a body over 1 MB → 413, whether announced or streamed', async () => {
    const huge = JSON.stringify({ ...printBody, printerName: 'x'.repeat(1024 * 1024 + 10) });
    expectError(await post(paths.prints, huge), 413, 'VALIDATION');
    expectError(await post(paths.prints, huge, { 'transfer-encoding': 'chunked' }), 413, 'VALIDATION');
    expect(sandbox.control.getPrint(printBody.printId)).toBeNull();
    // The server is still fine afterwards.
    expect((await client.raw(`${paths.changes}?limit=1`)).status).toBe(200);
  });

  it('a write without an idempotency key → 400, and nothing is applied', async () => {
    const result = await client.raw(paths.prints, { method: 'POST', body: JSON.stringify(printBody), headers: { 'content-type': 'application/json' } });
    expect(expectError(result, 400, 'VALIDATION')).toMatch(/idempotency-key/);
    const confirmation = await client.raw(paths.printConfirmation('p_x'), {
      method: 'POST', body: JSON.stringify({ answer: 'yes', spoolerOutcome: 'completed' }), headers: { 'content-type': 'application/json' },
    });
    expectError(confirmation, 400, 'VALIDATION');
    expect(sandbox.control.getPrint(printBody.printId)).toBeNull();
  });

  it('bad, missing or expired tokens → 401 UNAUTHENTICATED', async () => {
    const anonymous = new ApiClient(sandbox.url, sandbox.caCertPem);
    expectError(await anonymous.raw(paths.changes), 401, 'UNAUTHENTICATED');
    anonymous.token = 'f'.repeat(64);
    expectError(await anonymous.raw(paths.changes), 401, 'UNAUTHENTICATED');
    expectError(await anonymous.write(paths.prints, printBody), 401, 'UNAUTHENTICATED');
    expectError(await client.raw(paths.changes, { headers: { authorization: `Basic ${client.token ?? ''}` } }), 401, 'UNAUTHENTICATED');

    const session = await anonymous.login('operator', 'operator123');
    expect(Date.parse(session.expiresAt) - clock.now().getTime()).toBe(8 * 3600 * 1000);
    expect((await anonymous.raw(paths.changes)).status).toBe(200);
    clock.advance(8 * 3600 * 1000);
    expectError(await anonymous.raw(paths.changes), 401, 'UNAUTHENTICATED');
    expectError(await client.raw(paths.changes), 401, 'UNAUTHENTICATED');
    // The shared client's session expired with it; the following tests need a fresh one.
    await client.login('demo', 'demo123');
  });

  it('wrong credentials → 401 BAD_CREDENTIALS', async () => {
    const anonymous = new ApiClient(sandbox.url, sandbox.caCertPem);
    expectError(await anonymous.postJson(paths.passwordLogin, { username: 'demo', password: 'wrong' }), 401, 'BAD_CREDENTIALS');
    expectError(await anonymous.postJson(paths.passwordLogin, { username: 'nobody', password: 'demo123' }), 401, 'BAD_CREDENTIALS');
  });

  it('logging out ends the session', async () => {
    const other = new ApiClient(sandbox.url, sandbox.caCertPem);
    await other.login('demo', 'demo123');
    const logout = await other.raw(paths.session, { method: 'DELETE' });
    expect(logout.status).toBe(204);
    expectError(await other.raw(paths.changes), 401, 'UNAUTHENTICATED');
  });

  it('bad queries → 400; unknown routes → 404; wrong methods → 405', async () => {
    expectError(await client.raw(`${paths.changes}?limit=5000`), 400, 'VALIDATION');
    expectError(await client.raw(`${paths.changes}?cursor=-1`), 400, 'VALIDATION');
    expectError(await client.raw(`${paths.changes}?cursor=abc`), 400, 'VALIDATION');
    expectError(await client.raw('/api/v1/nothing-here'), 404, 'NOT_FOUND');
    expectError(await client.raw('/api/v1/certificates/%E0%A4%A/layouts/original'), 404, 'NOT_FOUND');
    const wrongMethod = await client.raw(paths.changes, { method: 'DELETE' });
    expectError(wrongMethod, 405, 'NOT_FOUND');
    expect(wrongMethod.headers.allow).toBe('GET');
  });
});
