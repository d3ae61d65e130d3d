// 代理打印授权 / 委托企业列表 on the sandbox: enterprise lookup, grants and revokes, the
// principals list, and the print rules an agent prints under.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiErrorSchema, changesPageSchema, enterpriseSchema, paths, principalsSchema, printResponseSchema, proxyGrantSchema, proxyPaths,
  type CertificateDto, type PrincipalsDto, type ProxyGrantDto,
} from '../../main/net/contract';
import { checkEnterpriseCode } from '../../main/core/enterprise-codes';
import { AGENT_ENTERPRISE, DEMO_ENTERPRISE, OTHER_ENTERPRISE, SELF_PRINT_REFUSALS, startSandbox, type Sandbox } from './server';
import { ApiClient, json, manualClock, tempDir, type HttpResult } from './test-client';

const refusal = (result: HttpResult) => ({ status: result.status, ...apiErrorSchema.parse(json(result)).error });
const DEMO_DTO = { code: DEMO_ENTERPRISE.code, customsCode: DEMO_ENTERPRISE.customsCode, name: DEMO_ENTERPRISE.nameCn };
const AGENT_DTO = { code: AGENT_ENTERPRISE.code, customsCode: AGENT_ENTERPRISE.customsCode, name: AGENT_ENTERPRISE.nameCn };

describe('代理打印授权', () => {
  const dir = tempDir('sandbox-proxy');
  const clock = manualClock('2026-11-20T02:00:00.000Z');
  let sandbox: Sandbox;
  let legal: ApiClient;
  let agent: ApiClient;
  let demo: ApiClient;
  let grant: ProxyGrantDto;

  const grants = async (client = legal): Promise<ProxyGrantDto[]> => proxyGrantSchema.array().parse(await client.getJson(proxyPaths.grants));
  const principals = async (client: ApiClient): Promise<PrincipalsDto> => principalsSchema.parse(await client.getJson(proxyPaths.principals));
  const newGrant = (agentCode: string, client = legal) => client.write(proxyPaths.grants, { grantId: `g_${randomUUID()}`, agentCode });
  /** A certificate the agent declared for DEMO (applicant slot 0), approved now. */
  const declaredByAgent = (): CertificateDto => {
    const [certificate] = sandbox.control.insertCertificates([{ enterpriseCode: AGENT_ENTERPRISE.code, applicantSlot: 0 }]);
    if (!certificate) throw new Error('insert failed');
    return certificate;
  };
  const registration = (certificate: CertificateDto, kind: 'both' | 'copy' = 'both') => ({
    printId: `p_${randomUUID()}`, certificateId: certificate.certificateId, kind, printerName: 'Printer',
  });

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: dir.path, seed: 17, certificateCount: 600, clock: clock.now, tickIntervalMs: 0 });
    legal = new ApiClient(sandbox.url, sandbox.caCertPem);
    await legal.loginWithCard(sandbox.softCards.get('u_legal')!);
    agent = new ApiClient(sandbox.url, sandbox.caCertPem);
    await agent.login('agent', 'agent123');
    demo = new ApiClient(sandbox.url, sandbox.caCertPem);
    await demo.login('demo', 'demo123');
  });
  afterAll(async () => {
    await sandbox?.stop();
    dir.remove();
  });

  it('finds an enterprise by its credit code or its customs code, and nothing else', async () => {
    expect(checkEnterpriseCode(AGENT_ENTERPRISE.code)).toMatchObject({ ok: true, kind: 'uscc' });
    expect(checkEnterpriseCode(AGENT_ENTERPRISE.customsCode)).toMatchObject({ ok: true, kind: 'customs' });
    for (const code of [AGENT_ENTERPRISE.code, AGENT_ENTERPRISE.customsCode]) {
      expect(enterpriseSchema.parse(await demo.getJson(proxyPaths.enterprise(code)))).toEqual(AGENT_DTO);
    }
    for (const code of ['91330206MA2KL5T3Y1', '3302999999', 'not-a-code']) {
      expect(refusal(await demo.raw(proxyPaths.enterprise(code)))).toEqual({ status: 404, code: 'NOT_FOUND', message: '未找到该企业,请核对代码' });
    }
  });

  it('lists a principal’s grants and an agent’s principals from the seeded history', async () => {
    expect(await grants()).toEqual([]);
    const list = await principals(demo);
    expect(list.self).toEqual({ enterprise: DEMO_DTO, selfPrintSince: '2024-03-01T10:15:00+08:00' });
    // Every generated principal of DEMO granted it on 2023-10-01: slots 1–199 but the 20 ending in 9, which are OTHER's.
    expect(list.principals).toHaveLength(179);
    expect(new Set(list.principals.map((principal) => principal.enterprise.code)).size).toBe(179);
    for (const principal of list.principals) {
      expect(principal).toMatchObject({ grantedAt: '2023-10-01T09:00:00+08:00', revokedAt: null });
      expect(principal.enterprise.customsCode).toMatch(/^\d{4}[0-9A-Z]{6}$/);
      expect(checkEnterpriseCode(principal.enterprise.code).ok).toBe(true);
      if (principal.selfPrintSince !== null) {
        expect(Date.parse(principal.selfPrintSince)).toBeGreaterThanOrEqual(Date.parse('2023-11-01T00:00:00Z'));
        expect(Date.parse(principal.selfPrintSince)).toBeLessThan(Date.parse('2024-11-01T00:00:00Z'));
      }
    }
    const never = list.principals.filter((principal) => principal.selfPrintSince === null).length;
    expect(never).toBeGreaterThan(5);
    expect(never).toBeLessThan(40);
    const other = new ApiClient(sandbox.url, sandbox.caCertPem);
    await other.login('other', 'other123');
    const otherList = await principals(other);
    expect(otherList.self.selfPrintSince).toBe('2024-05-20T14:00:00+08:00');
    expect(otherList.principals).toHaveLength(19);
    expect(await principals(agent)).toEqual({ self: { enterprise: AGENT_DTO, selfPrintSince: null }, principals: [] });
  });

  it('prints only certificates that pass every rule: the printable lists agree with the principals list', async () => {
    const list = await principals(demo);
    const since = new Map([[DEMO_ENTERPRISE.code, list.self.selfPrintSince], ...list.principals.map((p) => [p.enterprise.code, p.selfPrintSince] as const)]);
    const printable = sandbox.control.listPrintable(200);
    expect(printable.length).toBeGreaterThan(50);
    for (const certificate of printable) {
      const authorized = since.get(certificate.applicantCode);
      expect(authorized).toBeTruthy();
      expect(Date.parse(certificate.approvedAt)).toBeGreaterThan(Date.parse(authorized ?? ''));
    }
    // The feed still carries the ones that fail, with their reason at print time.
    const feed = changesPageSchema.parse(json(await demo.raw(`${paths.changes}?limit=1000`))).items;
    const neverAuthorized = feed.find((item) => item.layoutStatus === 'received' && item.archiveStatus === 'unarchived' && since.get(item.applicantCode) === null);
    if (!neverAuthorized) throw new Error('no certificate of a principal that never authorized');
    expect(refusal(await demo.write(paths.prints, registration(neverAuthorized, 'copy')))).toEqual({
      status: 409, code: 'SELF_PRINT_NOT_ALLOWED', message: SELF_PRINT_REFUSALS.notAuthorized,
    });
  });

  it('refuses an agent print of a certificate its principal has not granted', async () => {
    const certificate = declaredByAgent();
    const feed = changesPageSchema.parse(json(await agent.raw(`${paths.changes}?limit=1000`))).items;
    expect(feed.map((item) => item.certificateId)).toContain(certificate.certificateId);
    expect(certificate).toMatchObject({ applicantCode: DEMO_ENTERPRISE.code, applicant: DEMO_ENTERPRISE.nameCn });
    expect(refusal(await agent.write(paths.prints, registration(certificate)))).toEqual({
      status: 409, code: 'SELF_PRINT_NOT_ALLOWED', message: SELF_PRINT_REFUSALS.noGrant,
    });
    expect(sandbox.control.listPrintable(10, { enterpriseCode: AGENT_ENTERPRISE.code })).toEqual([]);
  });

  it('grants an agent once, by either code; refuses itself, unknown agents and non-legal sessions', async () => {
    const created = await newGrant(AGENT_ENTERPRISE.customsCode);
    expect(created.status).toBe(201);
    grant = proxyGrantSchema.parse(json(created));
    expect(grant).toMatchObject({ agent: AGENT_DTO, revokedAt: null });
    expect(Date.parse(grant.grantedAt)).toBe(Math.floor(clock.now().getTime() / 1000) * 1000);
    expect(await grants()).toEqual([grant]);

    for (const code of [AGENT_ENTERPRISE.code, AGENT_ENTERPRISE.customsCode]) {
      expect(refusal(await newGrant(code))).toEqual({ status: 409, code: 'CONFLICT', message: '已对该企业授权代理打印,无需重复授权' });
    }
    expect(refusal(await newGrant(DEMO_ENTERPRISE.customsCode))).toEqual({ status: 409, code: 'CONFLICT', message: '不能对本企业授权' });
    expect(refusal(await newGrant('3302999999'))).toEqual({ status: 404, code: 'NOT_FOUND', message: '未找到该企业,请核对代码' });
    expect(refusal(await newGrant(OTHER_ENTERPRISE.code, demo))).toEqual({ status: 403, code: 'FORBIDDEN', message: '代理打印授权需要使用电子口岸法人卡登录' });
    expect(await grants()).toEqual([grant]);
  });

  it('lets the agent see the principal and print on its behalf while the grant is in force', async () => {
    const list = await principals(agent);
    expect(list.principals).toEqual([
      { enterprise: DEMO_DTO, grantId: grant.grantId, grantedAt: grant.grantedAt, revokedAt: null, selfPrintSince: '2024-03-01T10:15:00+08:00' },
    ]);
    const certificate = declaredByAgent();
    expect(sandbox.control.listPrintable(10, { enterpriseCode: AGENT_ENTERPRISE.code }).map((item) => item.certificateId)).toContain(certificate.certificateId);
    const body = registration(certificate);
    const registered = await agent.write(paths.prints, body);
    expect(registered.status).toBe(201);
    const response = printResponseSchema.parse(json(registered));
    expect(response.onBehalfOf).toEqual({ code: DEMO_ENTERPRISE.code, name: DEMO_ENTERPRISE.nameCn });
    expect(response.certificate.printStatus).toBe('printed');
    const confirmed = printResponseSchema.parse(json(await agent.write(paths.printConfirmation(body.printId), { answer: 'yes', spoolerOutcome: 'completed' })));
    expect(confirmed).toMatchObject({ onBehalfOf: response.onBehalfOf, certificate: { archiveStatus: 'archived' } });
    expect(sandbox.control.getPrint(body.printId)).toMatchObject({ userId: 'u_agent', onBehalfOf: { code: DEMO_ENTERPRISE.code, name: DEMO_ENTERPRISE.nameCn } });
  });

  it('still applies the principal’s own authorization rule to the agent', async () => {
    const [early] = sandbox.control.insertCertificates([
      { enterpriseCode: AGENT_ENTERPRISE.code, applicantCode: DEMO_ENTERPRISE.code, content: { issueDate: '2024-03-01', approvedAt: '2024-03-01T10:15:00+08:00' } },
    ]);
    if (!early) throw new Error('insert failed');
    expect(refusal(await agent.write(paths.prints, registration(early, 'copy')))).toEqual({
      status: 409, code: 'SELF_PRINT_NOT_ALLOWED', message: SELF_PRINT_REFUSALS.approvedBefore,
    });
  });

  it('compares approval and authorization as instants, not as text', async () => {
    // 03:00 UTC is 11:00 in China, after the 10:15 (+08:00) receipt, though "03" sorts before "10".
    const [later, earlier] = sandbox.control.insertCertificates([
      { content: { issueDate: '2024-03-01', approvedAt: '2024-03-01T03:00:00Z' } },
      { content: { issueDate: '2024-03-01', approvedAt: '2024-03-01T10:14:59+08:00' } },
    ]);
    if (!later || !earlier) throw new Error('insert failed');
    expect((await demo.write(paths.prints, registration(later, 'copy'))).status).toBe(201);
    expect(refusal(await demo.write(paths.prints, registration(earlier, 'copy'))).message).toBe(SELF_PRINT_REFUSALS.approvedBefore);
  });

  it('revokes its own grant once; the agent can no longer print; a new grant is allowed afterwards', async () => {
    clock.advance(60_000);
    expect(refusal(await demo.write(proxyPaths.revoke(grant.grantId), {}))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    // g_seed_19 is a grant OTHER's principal made: not DEMO's to revoke.
    expect(refusal(await legal.write(proxyPaths.revoke('g_seed_19'), {}))).toEqual({ status: 404, code: 'NOT_FOUND', message: '授权记录不存在' });

    const revoked = proxyGrantSchema.parse(json(await legal.write(proxyPaths.revoke(grant.grantId), {})));
    expect(revoked).toMatchObject({ grantId: grant.grantId, revokedAt: expect.any(String) });
    expect(Date.parse(revoked.revokedAt ?? '')).toBe(Math.floor(clock.now().getTime() / 1000) * 1000);
    expect(refusal(await legal.write(proxyPaths.revoke(grant.grantId), {}))).toEqual({ status: 409, code: 'CONFLICT', message: '该授权已撤销' });
    expect(refusal(await agent.write(paths.prints, registration(declaredByAgent())))).toMatchObject({ status: 409, message: SELF_PRINT_REFUSALS.noGrant });
    expect((await principals(agent)).principals).toEqual([expect.objectContaining({ grantId: grant.grantId, revokedAt: revoked.revokedAt })]);

    clock.advance(60_000);
    const again = await newGrant(AGENT_ENTERPRISE.code);
    expect(again.status).toBe(201);
    const renewed = proxyGrantSchema.parse(json(again));
    expect((await grants()).map((entry) => entry.grantId)).toEqual([renewed.grantId, grant.grantId]);
    expect((await principals(agent)).principals).toEqual([expect.objectContaining({ grantId: renewed.grantId, revokedAt: null })]);
    expect((await agent.write(paths.prints, registration(declaredByAgent(), 'copy'))).status).toBe(201);
  });
});
