import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, changesPageSchema, paths, printResponseSchema, type CertificateDto } from '../../main/net/contract';
import { DEMO_ENTERPRISE, startSandbox, type Sandbox } from './server';
import { ApiClient, json, type HttpResult, tempDir } from './test-client';

const code = (result: HttpResult): string => apiErrorSchema.parse(json(result)).error.code;

describe('prints and confirmations', () => {
  const dir = tempDir('sandbox-prints');
  let sandbox: Sandbox;
  let client: ApiClient;
  let printable: CertificateDto[];
  const take = (): CertificateDto => {
    const next = printable.shift();
    if (!next) throw new Error('out of printable certificates');
    return next;
  };
  const registration = (certificate: CertificateDto, kind: 'both' | 'original' | 'copy' = 'both') => ({
    printId: `p_${randomUUID()}`,
    certificateId: certificate.certificateId,
    kind,
    printerName: 'HP Color LaserJet Pro M454dw',
  });

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: dir.path, seed: 21, certificateCount: 600, tickIntervalMs: 0 });
    client = new ApiClient(sandbox.url, sandbox.caCertPem);
    await client.login('operator', 'operator123');
    printable = sandbox.control.listPrintable(40);
    expect(printable.length).toBe(40);
  });
  afterAll(async () => {
    await sandbox?.stop();
    dir.remove();
  });

  it('registers a print: the original becomes printed and the change appears in the feed', async () => {
    const certificate = take();
    const body = registration(certificate);
    const before = sandbox.control.stats().printsRegistered;
    const result = await client.write(paths.prints, body);
    expect(result.status).toBe(201);
    const response = printResponseSchema.parse(json(result));
    expect(response.printId).toBe(body.printId);
    expect(response.certificate.printStatus).toBe('printed');
    expect(response.certificate.archiveStatus).toBe('unarchived');
    expect(response.certificate.seq).toBeGreaterThan(certificate.seq);
    expect(sandbox.control.stats().printsRegistered).toBe(before + 1);
    // DEMO prints its own certificates and, as their agent, its principals'.
    const onBehalfOf = certificate.applicantCode === DEMO_ENTERPRISE.code ? null : { code: certificate.applicantCode, name: certificate.applicant };
    expect(response.onBehalfOf).toEqual(onBehalfOf);
    expect(sandbox.control.getPrint(body.printId)).toMatchObject({ certificateId: certificate.certificateId, kind: 'both', confirmationsApplied: 0, onBehalfOf });

    const feed = changesPageSchema.parse(json(await client.raw(`${paths.changes}?cursor=${certificate.seq}&limit=1000`)));
    expect(feed.items.find((item) => item.certificateId === certificate.certificateId)).toEqual(response.certificate);
  });

  it('prints an original once: a second original or both is refused, a copy is not', async () => {
    const certificate = take();
    expect((await client.write(paths.prints, registration(certificate, 'original'))).status).toBe(201);
    const again = await client.write(paths.prints, registration(certificate, 'original'));
    expect(again.status).toBe(409);
    expect(code(again)).toBe('ORIGINAL_ALREADY_PRINTED');
    const both = await client.write(paths.prints, registration(certificate, 'both'));
    expect(code(both)).toBe('ORIGINAL_ALREADY_PRINTED');
    const copy = await client.write(paths.prints, registration(certificate, 'copy'));
    expect(copy.status).toBe(201);
    // A copy changes nothing on the certificate, so it does not move in the feed.
    const seqAfterOriginal = sandbox.control.getCertificate(certificate.certificateId)?.seq;
    expect(printResponseSchema.parse(json(copy)).certificate.seq).toBe(seqAfterOriginal);
  });

  it('replays a repeated request with the same key without applying it again', async () => {
    const certificate = take();
    const body = registration(certificate, 'original');
    const key = randomUUID();
    const before = sandbox.control.stats();
    const first = await client.postJson(paths.prints, body, key);
    // Same body, keys in another order: still the same request.
    const reordered = { printerName: body.printerName, kind: body.kind, certificateId: body.certificateId, printId: body.printId };
    const second = await client.postJson(paths.prints, reordered, key);
    const third = await client.postJson(paths.prints, body, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.equals(first.body)).toBe(true);
    expect(third.body.equals(first.body)).toBe(true);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const after = sandbox.control.stats();
    expect(after.printsRegistered).toBe(before.printsRegistered + 1);
    expect(after.printRegistrationReplays).toBe(before.printRegistrationReplays + 2);
  });

  it('rejects the same key with a different body as IDEMPOTENCY_CONFLICT, and a reused printId too', async () => {
    const certificate = take();
    const body = registration(certificate, 'copy');
    const key = randomUUID();
    expect((await client.postJson(paths.prints, body, key)).status).toBe(201);
    const conflict = await client.postJson(paths.prints, { ...body, printerName: 'Another printer' }, key);
    expect(conflict.status).toBe(409);
    expect(code(conflict)).toBe('IDEMPOTENCY_CONFLICT');
    const samePrintId = await client.write(paths.prints, body);
    expect(code(samePrintId)).toBe('IDEMPOTENCY_CONFLICT');
    expect(sandbox.control.stats().idempotencyConflicts).toBeGreaterThanOrEqual(1);
  });

  it('keys are per user: another user may use the same key for their own request', async () => {
    const certificate = take();
    const key = randomUUID();
    const demo = new ApiClient(sandbox.url, sandbox.caCertPem);
    await demo.login('demo', 'demo123');
    expect((await client.postJson(paths.prints, registration(certificate, 'copy'), key)).status).toBe(201);
    expect((await demo.postJson(paths.prints, registration(certificate, 'copy'), key)).status).toBe(201);
  });

  it('refuses archived certificates and layouts that are not received', async () => {
    const [archived, pending] = sandbox.control.insertCertificates([
      { archiveStatus: 'archived' },
      { layoutStatus: 'sending', receivedAfterMs: 3_600_000 },
    ]);
    if (!archived || !pending) throw new Error('insert failed');
    const a = await client.write(paths.prints, registration(archived, 'copy'));
    expect(a.status).toBe(409);
    expect(code(a)).toBe('ARCHIVED');
    const p = await client.write(paths.prints, registration(pending, 'both'));
    expect(p.status).toBe(409);
    expect(code(p)).toBe('LAYOUT_NOT_READY');
    const missing = await client.write(paths.prints, { ...registration(archived), certificateId: 'co_missing' });
    expect(missing.status).toBe(404);
  });

  it('confirmation 是 archives the certificate once, however often it is delivered', async () => {
    const certificate = take();
    const body = registration(certificate);
    expect((await client.write(paths.prints, body)).status).toBe(201);
    const seqBefore = sandbox.control.getCertificate(certificate.certificateId)?.seq ?? 0;
    const key = randomUUID();
    const confirmation = { answer: 'yes', spoolerOutcome: 'completed' };
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await client.postJson(paths.printConfirmation(body.printId), confirmation, key));
    for (const reply of replies) expect(reply.status).toBe(200);
    const [first] = replies;
    if (!first) throw new Error('no reply');
    const response = printResponseSchema.parse(json(first));
    expect(response.certificate.archiveStatus).toBe('archived');
    expect(response.onBehalfOf).toEqual(certificate.applicantCode === DEMO_ENTERPRISE.code ? null : { code: certificate.applicantCode, name: certificate.applicant });
    expect(response.certificate.seq).toBeGreaterThan(seqBefore);
    expect(sandbox.control.stats().confirmations[body.printId]).toEqual({ applied: 1, replayed: 2 });
    expect(sandbox.control.getCertificate(certificate.certificateId)?.seq).toBe(response.certificate.seq);
    // An archived certificate cannot be printed any more, not even a copy.
    expect(code(await client.write(paths.prints, registration(certificate, 'copy')))).toBe('ARCHIVED');
  });

  it('confirmation 否 records the failure and changes nothing else', async () => {
    const certificate = take();
    const body = registration(certificate);
    expect((await client.write(paths.prints, body)).status).toBe(201);
    const before = sandbox.control.getCertificate(certificate.certificateId);
    const result = await client.write(paths.printConfirmation(body.printId), { answer: 'no', spoolerOutcome: 'aborted' });
    expect(result.status).toBe(200);
    const response = printResponseSchema.parse(json(result));
    expect(response.certificate).toEqual(before);
    expect(sandbox.control.getPrint(body.printId)).toMatchObject({ answer: 'no', spoolerOutcome: 'aborted', failed: true, confirmationsApplied: 1 });
    expect(sandbox.control.getCertificate(certificate.certificateId)).toEqual(before);
  });

  it('answers 404 for a confirmation of an unknown print or of another enterprise', async () => {
    const unknown = await client.write(paths.printConfirmation('p_unknown'), { answer: 'yes', spoolerOutcome: 'completed' });
    expect(unknown.status).toBe(404);
    expect(code(unknown)).toBe('NOT_FOUND');
    const certificate = take();
    const body = registration(certificate, 'copy');
    expect((await client.write(paths.prints, body)).status).toBe(201);
    const other = new ApiClient(sandbox.url, sandbox.caCertPem);
    await other.login('other', 'other123');
    const foreign = await other.write(paths.printConfirmation(body.printId), { answer: 'yes', spoolerOutcome: 'completed' });
    expect(foreign.status).toBe(404);
    expect(sandbox.control.getCertificate(certificate.certificateId)?.archiveStatus).toBe('unarchived');
  });
});
