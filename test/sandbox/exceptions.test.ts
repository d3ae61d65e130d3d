// 打印异常申请 on the sandbox: the options, who may apply for what, the customs side's
// decision later on the sandbox clock (and the control switches), the one extra
// original an approval allows, and the exception print counted once.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiErrorSchema, exceptionApplicationSchema, exceptionOptionsSchema, exceptionPaths, exceptionPrintResponseSchema, paths, printResponseSchema,
  type CertificateDto, type ExceptionApplicationDto,
} from '../../main/net/contract';
import { drawExceptionDecision } from './exceptions';
import { EXCEPTION_REFUSALS, startSandbox, type Sandbox } from './server';
import { ApiClient, json, manualClock, tempDir, type HttpResult } from './test-client';

const refusal = (result: HttpResult) => ({ status: result.status, ...apiErrorSchema.parse(json(result)).error });

describe('打印异常申请', () => {
  const dir = tempDir('sandbox-exceptions');
  const clock = manualClock('2026-11-25T02:00:00.000Z');
  let sandbox: Sandbox;
  let demo: ApiClient;
  let other: ApiClient;

  const register = (certificate: CertificateDto, kind: 'original' | 'both' | 'copy', printId = `p_${randomUUID()}`) =>
    demo.postJson(paths.prints, { printId, certificateId: certificate.certificateId, kind, printerName: 'Printer' }, `print-${printId}`);
  /** A certificate whose original was printed (the user answered 否). */
  const printedOriginal = async (): Promise<CertificateDto> => {
    const certificate = sandbox.control.listPrintable(40).find((entry) => entry.printStatus === 'pending' && !used.has(entry.certificateId));
    if (!certificate) throw new Error('no printable certificate');
    used.add(certificate.certificateId);
    expect((await register(certificate, 'original')).status).toBe(201);
    return sandbox.control.getCertificate(certificate.certificateId)!;
  };
  const used = new Set<string>();
  const apply = (certificate: CertificateDto, fields: Partial<{ reasonCode: string; operationCode: string; applicationId: string }> = {}, client = demo) => {
    const applicationId = fields.applicationId ?? `x_${randomUUID()}`;
    return client.postJson(
      exceptionPaths.applications,
      { applicationId, certificateId: certificate.certificateId, reasonCode: 'printer-fault', operationCode: 'reprint-original', ...fields },
      `exception-${applicationId}`,
    );
  };
  const applied = async (certificate: CertificateDto): Promise<ExceptionApplicationDto> => {
    const result = await apply(certificate);
    expect(result.status).toBe(201);
    return exceptionApplicationSchema.parse(json(result));
  };
  const list = async (): Promise<ExceptionApplicationDto[]> => exceptionApplicationSchema.array().parse(await demo.getJson(exceptionPaths.applications));

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: dir.path, seed: 23, certificateCount: 300, clock: clock.now, tickIntervalMs: 0 });
    demo = new ApiClient(sandbox.url, sandbox.caCertPem);
    await demo.login('demo', 'demo123');
    other = new ApiClient(sandbox.url, sandbox.caCertPem);
    await other.login('other', 'other123');
  });
  afterAll(async () => {
    await sandbox?.stop();
    dir.remove();
  });

  it('lists the reasons and operation types the customs side accepts', async () => {
    const options = exceptionOptionsSchema.parse(await demo.getJson(exceptionPaths.options));
    expect(options.reasons.map((entry) => entry.label)).toEqual(['打印机卡纸或故障', '打印位置偏移', '打印机设置错误(非彩色或非双面)', '纸张或墨粉问题', '其他']);
    expect(options.operations.map((entry) => entry.label)).toEqual(['重新打印正本', '重新打印正副本']);
    expect((await new ApiClient(sandbox.url, sandbox.caCertPem).raw(exceptionPaths.options)).status).toBe(401);
  });

  it('decides an application later on the sandbox clock; an approval allows exactly one more original, counted once when reported', async () => {
    sandbox.control.setExceptionSettings({ forceNext: 'approve' });
    const certificate = await printedOriginal();
    expect(refusal(await register(certificate, 'original'))).toMatchObject({ status: 409, code: 'ORIGINAL_ALREADY_PRINTED' });

    const application = await applied(certificate);
    expect(application).toMatchObject({ status: 'pending', reviewMessage: '', decidedAt: null, usedByPrintId: null, certificateNumber: certificate.number });
    expect(application.reason.label).toBe('打印机卡纸或故障');
    // Pending is not approved: still refused.
    expect(refusal(await register(certificate, 'original'))).toMatchObject({ code: 'ORIGINAL_ALREADY_PRINTED' });
    // Decided 30–120 s after submission, by the ticker.
    clock.advance(29_000);
    sandbox.control.tick();
    expect(sandbox.control.getExceptionApplication(application.applicationId)?.status).toBe('pending');
    clock.advance(92_000);
    sandbox.control.tick();
    const decided = (await list()).find((entry) => entry.applicationId === application.applicationId);
    expect(decided).toMatchObject({ status: 'approved', reviewMessage: '审核通过' });
    expect(decided?.decidedAt).not.toBeNull();

    // The reprint uses the approval up; a copy never needed one.
    const printId = `p_${randomUUID()}`;
    const reprint = await register(certificate, 'original', printId);
    expect(reprint.status).toBe(201);
    expect(printResponseSchema.parse(json(reprint)).certificate.exceptionPrintCount).toBe(0);
    expect(sandbox.control.getExceptionApplication(application.applicationId)?.usedByPrintId).toBe(printId);
    expect(refusal(await register(certificate, 'original'))).toMatchObject({ code: 'ORIGINAL_ALREADY_PRINTED' });
    expect((await register(certificate, 'copy')).status).toBe(201);
    // The registration replayed under its key is the same answer, and uses nothing more.
    expect((await register(certificate, 'original', printId)).headers['idempotent-replayed']).toBe('true');

    // The report counts it: once, whatever the retries; another key for the same print is refused.
    const report = () => demo.postJson(exceptionPaths.prints(application.applicationId), { printId }, `exception-print-${printId}`);
    const first = exceptionPrintResponseSchema.parse(json(await report()));
    expect(first.certificate.exceptionPrintCount).toBe(1);
    expect(first.application.printReportedAt).not.toBeNull();
    expect((await report()).headers['idempotent-replayed']).toBe('true');
    expect(refusal(await demo.postJson(exceptionPaths.prints(application.applicationId), { printId }, randomUUID()))).toMatchObject({
      status: 409, code: 'CONFLICT', message: '该异常打印已登记',
    });
    expect(sandbox.control.getCertificate(certificate.certificateId)?.exceptionPrintCount).toBe(1);
    expect(sandbox.control.stats().exceptionPrintsReported).toBe(1);
    // A print that did not use the approval is not an exception print.
    const stranger = await applied(await printedOriginal());
    expect(refusal(await demo.postJson(exceptionPaths.prints(stranger.applicationId), { printId }, randomUUID()))).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses archived and unprinted certificates, a second open application, unknown options and others’ certificates', async () => {
    const [archived, fresh] = sandbox.control.insertCertificates([{ archiveStatus: 'archived', printStatus: 'printed' }, {}]);
    expect(refusal(await apply(archived!))).toMatchObject({ status: 409, code: 'ARCHIVED', message: EXCEPTION_REFUSALS.archived });
    expect(refusal(await apply(fresh!))).toMatchObject({ status: 409, code: 'CONFLICT', message: EXCEPTION_REFUSALS.notPrinted });

    const certificate = await printedOriginal();
    sandbox.control.setExceptionSettings({ forceNext: 'approve' });
    const first = await applied(certificate);
    expect(refusal(await apply(certificate))).toMatchObject({ status: 409, code: 'CONFLICT', message: EXCEPTION_REFUSALS.open });
    // Approved but unused is still open.
    expect(sandbox.control.decideExceptions()).toBeGreaterThanOrEqual(1);
    expect(sandbox.control.getExceptionApplication(first.applicationId)?.status).toBe('approved');
    expect(refusal(await apply(certificate))).toMatchObject({ message: EXCEPTION_REFUSALS.open });

    expect(refusal(await apply(await printedOriginal(), { reasonCode: 'bad-luck' }))).toMatchObject({ status: 400, code: 'VALIDATION' });
    expect(refusal(await apply(certificate, { operationCode: 'reprint-nothing' }))).toMatchObject({ status: 400, code: 'VALIDATION' });
    expect(refusal(await apply(certificate, {}, other))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const noKey = await demo.postJson(exceptionPaths.applications, { applicationId: 'x1', certificateId: certificate.certificateId, reasonCode: 'other', operationCode: 'reprint-both' });
    expect(refusal(noKey)).toMatchObject({ status: 400, code: 'VALIDATION' });
    expect(refusal(await demo.postJson(exceptionPaths.applications, { applicationId: 'x2', extra: 1 }, randomUUID()))).toMatchObject({ status: 400 });
  });

  it('rejects when told to, and a rejected application leaves the certificate free to apply again', async () => {
    const certificate = await printedOriginal();
    sandbox.control.setExceptionSettings({ forceNext: 'reject' });
    const rejected = await applied(certificate);
    expect(sandbox.control.getExceptionSettings().forceNext).toBeNull();
    sandbox.control.decideExceptions();
    const after = sandbox.control.getExceptionApplication(rejected.applicationId);
    expect(after?.status).toBe('rejected');
    expect(after?.reviewMessage.length).toBeGreaterThan(0);
    expect(refusal(await register(certificate, 'original'))).toMatchObject({ code: 'ORIGINAL_ALREADY_PRINTED' });
    // control.decideExceptions('approve') overrides what was drawn.
    sandbox.control.setExceptionSettings({ approveRate: 0 });
    const again = await applied(certificate);
    expect(sandbox.control.decideExceptions('approve')).toBe(1);
    expect(sandbox.control.getExceptionApplication(again.applicationId)?.status).toBe('approved');
  });

  it('draws decisions from the seed at the approval rate', async () => {
    sandbox.control.setExceptionSettings({ approveRate: 1 });
    const all = await Promise.all([printedOriginal(), printedOriginal(), printedOriginal()]);
    const apps = [];
    for (const certificate of all) apps.push(await applied(certificate));
    sandbox.control.decideExceptions();
    for (const app of apps) expect(sandbox.control.getExceptionApplication(app.applicationId)?.status).toBe('approved');
  });

  it('answers bad requests with the contract’s error body, changing nothing', async () => {
    const before = (await list()).length;
    const post = (path: string, body: string) =>
      demo.raw(path, { method: 'POST', body, headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() } });
    expect(refusal(await post(exceptionPaths.applications, '{not json'))).toMatchObject({ status: 400, code: 'VALIDATION' });
    expect(refusal(await post(exceptionPaths.prints('x%ZZ'), '{}'))).toMatchObject({ status: 404 });
    expect(refusal(await post(exceptionPaths.prints('no-such-application'), JSON.stringify({ printId: 'p1' })))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(refusal(await post(exceptionPaths.prints('no-such-application'), JSON.stringify({ printId: '../x' })))).toMatchObject({ status: 400 });
    expect((await demo.raw(exceptionPaths.applications, { method: 'DELETE' })).status).toBe(405);
    expect((await demo.raw(exceptionPaths.options, { method: 'POST', body: '{}' })).status).toBe(405);
    expect((await list()).length).toBe(before);
  });

  it('serves the control switches over HTTPS', async () => {
    const control = (path: string, method: string, body?: unknown) =>
      demo.raw(`/__sandbox${path}`, {
        method,
        headers: { 'x-sandbox-control-token': sandbox.controlToken, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect(json(await control('/exception-settings', 'PUT', { approveRate: 0.5 }))).toEqual({ approveRate: 0.5, forceNext: null });
    expect(json(await control('/exception-settings', 'GET'))).toEqual({ approveRate: 0.5, forceNext: null });
    const application = await applied(await printedOriginal());
    expect(json(await control('/exceptions/decide', 'POST', { outcome: 'reject' }))).toEqual({ decided: 1 });
    expect(json(await control(`/exceptions/${application.applicationId}`, 'GET'))).toMatchObject({ status: 'rejected' });
    expect((await control('/exceptions/decide', 'POST', { outcome: 'maybe' })).status).toBe(400);
  });
});

describe('打印异常申请: the seeded decision', () => {
  // a and b: the same seed; c: another. Each gets the same applications at the same sandbox instants.
  const SEEDS = [41, 41, 42] as const;
  const RATE = 0.5;
  const IDS = Array.from({ length: 12 }, (_, index) => `seeded-${index}`);
  const dirs = SEEDS.map((_, index) => tempDir(`sandbox-exception-seed-${index}`));
  const sandboxes: Sandbox[] = [];
  /** Per sandbox, the applications of IDS as decided. */
  const decided: ExceptionApplicationDto[][] = [];

  beforeAll(async () => {
    for (const [index, seed] of SEEDS.entries()) {
      const clock = manualClock('2026-11-25T02:00:00.000Z');
      const sandbox = await startSandbox({ dataDir: dirs[index]?.path ?? '', seed, certificateCount: 200, clock: clock.now, tickIntervalMs: 0 });
      sandboxes.push(sandbox);
      const client = new ApiClient(sandbox.url, sandbox.caCertPem);
      await client.login('demo', 'demo123');
      sandbox.control.setExceptionSettings({ approveRate: RATE });
      const certificates = sandbox.control.listPrintable(40).filter((entry) => entry.printStatus === 'pending');
      for (const [position, applicationId] of IDS.entries()) {
        const certificate = certificates[position];
        if (!certificate) throw new Error('no printable certificate');
        const printId = `p_${applicationId}`;
        const print = await client.postJson(paths.prints, { printId, certificateId: certificate.certificateId, kind: 'original', printerName: 'Printer' }, `print-${printId}`);
        expect(print.status).toBe(201);
        const body = { applicationId, certificateId: certificate.certificateId, reasonCode: 'printer-fault', operationCode: 'reprint-original' };
        expect((await client.postJson(exceptionPaths.applications, body, `exception-${applicationId}`)).status).toBe(201);
      }
      // Past the longest decision delay (120 s): every one is decided at its own due time.
      clock.advance(121_000);
      sandbox.control.tick();
      decided.push(IDS.map((applicationId) => sandbox.control.getExceptionApplication(applicationId)!));
    }
  });
  afterAll(async () => {
    for (const sandbox of sandboxes) await sandbox.stop();
    for (const dir of dirs) dir.remove();
  });

  const outcomes = (applications: readonly ExceptionApplicationDto[] | undefined) =>
    (applications ?? []).map(({ status, reviewMessage, submittedAt, decidedAt }) => ({ status, reviewMessage, submittedAt, decidedAt }));

  it('gives the same applications the same decisions on two sandboxes with the same seed, as drawn from it', () => {
    const [a, b] = decided;
    expect(outcomes(b)).toEqual(outcomes(a));
    expect(new Set(a?.map((application) => application.status))).toEqual(new Set(['approved', 'rejected']));
    // What the sandbox decided is the draw for (seed, applicationId) at the rate set, delay included.
    a?.forEach((application, index) => {
      const draw = drawExceptionDecision(SEEDS[0], IDS[index] ?? '', RATE);
      expect(application.status, application.applicationId).toBe(draw.approve ? 'approved' : 'rejected');
      expect(application.reviewMessage).toBe(draw.approve ? '审核通过' : draw.rejectionMessage);
      expect(Date.parse(application.decidedAt ?? '') - Date.parse(application.submittedAt)).toBe(draw.delayS * 1000);
    });
  });

  it('gives the same applications another decision sequence on a sandbox with another seed', () => {
    const [a, , c] = decided;
    // Computed, not hoped for: over these twelve ids at 0.5, seeds 41 and 42 draw five different outcomes.
    expect(c?.map((application) => application.status)).not.toEqual(a?.map((application) => application.status));
    expect(outcomes(c)).not.toEqual(outcomes(a));
  });

  it('approves about the share the approval rate says, and rejects the rest', () => {
    const ids = Array.from({ length: 200 }, (_, index) => `share-${index}`);
    const share = (rate: number) => ids.filter((id) => drawExceptionDecision(SEEDS[0], id, rate).approve).length / ids.length;
    // Seeded, so each share is fixed (0.25, 0.56 and 0.815 at seed 41): the bound is loose on
    // purpose, and still fails a rate that is ignored, inverted or applied to the wrong draw.
    for (const rate of [0.2, 0.5, 0.8]) {
      const approved = share(rate);
      expect(approved, `rate ${rate}`).toBeGreaterThan(0);
      expect(approved, `rate ${rate}`).toBeLessThan(1);
      expect(Math.abs(approved - rate), `rate ${rate}`).toBeLessThan(0.15);
    }
    expect([share(0), share(1)]).toEqual([0, 1]);
  });
});
