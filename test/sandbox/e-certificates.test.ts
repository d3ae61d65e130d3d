// 证书下载 on the sandbox: the allowed destinations come from the announcement in force,
// RCEP and RCEP back-to-back certificates for them are served as a one-page e-version PDF
// with its SHA-256, everything else is refused with a Chinese reason, and faults apply.

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  E_CERTIFICATE_HASH_HEADER, apiErrorSchema, eCertificatePaths, eCertificateScopeSchema, paths, type CertificateDto,
} from '../../main/net/contract';
import { CONTROL_TOKEN_HEADER, DEFAULT_E_CERTIFICATE_DESTINATIONS, E_CERTIFICATE_REFUSALS, startSandbox, type Sandbox } from './server';
import { ApiClient, httpsRequest, json, tempDir, type HttpResult } from './test-client';

const refusal = (result: HttpResult) => ({ status: result.status, ...apiErrorSchema.parse(json(result)).error });
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('证书下载 (sandbox)', () => {
  const dir = tempDir('sandbox-e-certificates');
  let sandbox: Sandbox;
  let demo: ApiClient;
  let other: ApiClient;
  let japan: CertificateDto;
  let backToBack: CertificateDto;
  let usa: CertificateDto;
  let formE: CertificateDto;

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: dir.path, seed: 23, certificateCount: 50, tickIntervalMs: 0 });
    demo = new ApiClient(sandbox.url, sandbox.caCertPem);
    await demo.login('demo', 'demo123');
    other = new ApiClient(sandbox.url, sandbox.caCertPem);
    await other.login('other', 'other123');
    [japan, backToBack, usa, formE] = sandbox.control.insertCertificates([
      { type: 'RC', content: { destinationCountry: '日本', destinationEn: 'JAPAN' } },
      { type: 'BR', content: { destinationCountry: '韩国', destinationEn: 'KOREA' } },
      { type: 'RC', content: { destinationCountry: '越南', destinationEn: 'VIET NAM' } },
      { type: 'E', content: { destinationCountry: '新加坡', destinationEn: 'SINGAPORE' } },
    ]) as [CertificateDto, CertificateDto, CertificateDto, CertificateDto];
  });
  afterAll(async () => {
    await sandbox?.stop();
    dir.remove();
  });

  it('tells a signed-in session the destinations of the announcement in force, and nobody else', async () => {
    const scope = eCertificateScopeSchema.parse(await demo.getJson(eCertificatePaths.scope));
    expect(scope.destinations).toEqual(['日本', '新加坡', '新西兰', '澳大利亚', '韩国']);
    expect(scope.destinations).toEqual(DEFAULT_E_CERTIFICATE_DESTINATIONS);
    const anonymous = new ApiClient(sandbox.url, sandbox.caCertPem);
    expect((await anonymous.raw(eCertificatePaths.scope)).status).toBe(401);
    expect((await demo.raw(eCertificatePaths.scope, { method: 'POST' })).status).toBe(405);
  });

  it('serves an RCEP certificate’s e-version: one A4 page with a verification line, the same bytes each time, hashed in the header', async () => {
    const first = await demo.raw(eCertificatePaths.file(japan.certificateId));
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    expect(first.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(first.headers[E_CERTIFICATE_HASH_HEADER]).toBe(sha256(first.body));
    const again = await demo.raw(eCertificatePaths.file(japan.certificateId));
    expect(again.body.equals(first.body)).toBe(true);

    const file = join(dir.path, 'e.pdf');
    writeFileSync(file, first.body);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('ELECTRONIC CERTIFICATE OF ORIGIN');
    expect(text).toContain(japan.number);
    expect(text).toMatch(new RegExp(`VERIFICATION: origin\\.customs\\.gov\\.cn\\s+No\\. ${japan.number}\\s+Code [0-9A-F]{16}`));
    expect(text).toContain('JAPAN');

    // Distinct from the print layout (two pages, original/copy).
    const layout = await demo.raw(paths.layout(japan.certificateId, 'copy'));
    if (layout.status === 200) expect(layout.body.equals(first.body)).toBe(false);

    const br = await demo.raw(eCertificatePaths.file(backToBack.certificateId));
    expect(br.status).toBe(200);
    expect(br.headers[E_CERTIFICATE_HASH_HEADER]).toBe(sha256(br.body));
    expect(br.body.equals(first.body)).toBe(false);
  });

  it('refuses other types, other destinations and other enterprises’ certificates, in Chinese', async () => {
    expect(refusal(await demo.raw(eCertificatePaths.file(formE.certificateId)))).toEqual({
      status: 409, code: 'CONFLICT', message: E_CERTIFICATE_REFUSALS.type,
    });
    const vietnam = refusal(await demo.raw(eCertificatePaths.file(usa.certificateId)));
    expect(vietnam).toEqual({ status: 409, code: 'CONFLICT', message: E_CERTIFICATE_REFUSALS.destination('越南') });
    expect(vietnam.message).toContain('越南');
    expect(refusal(await other.raw(eCertificatePaths.file(japan.certificateId)))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(refusal(await demo.raw(eCertificatePaths.file('no_such_certificate')))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(refusal(await demo.raw(eCertificatePaths.file('bad%20id')))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('follows a new announcement set through the control endpoint', async () => {
    const control = (method: string, path: string, body?: unknown) =>
      httpsRequest(`${sandbox.url}/__sandbox${path}`, {
        method,
        ca: sandbox.caCertPem,
        headers: { [CONTROL_TOKEN_HEADER]: sandbox.controlToken, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await control('PUT', '/e-certificates/scope', { destinations: ['日本', '越南'] })).status).toBe(200);
    expect(eCertificateScopeSchema.parse(await demo.getJson(eCertificatePaths.scope)).destinations).toEqual(['日本', '越南']);
    expect((await demo.raw(eCertificatePaths.file(usa.certificateId))).status).toBe(200);
    expect(refusal(await demo.raw(eCertificatePaths.file(backToBack.certificateId))).message).toBe(E_CERTIFICATE_REFUSALS.destination('韩国'));
    expect((await control('PUT', '/e-certificates/scope', { destinations: ['日本', '日本'] })).status).toBe(400);
    expect((await control('PUT', '/e-certificates/scope', { destinations: 'all' })).status).toBe(400);
    expect((await httpsRequest(`${sandbox.url}/__sandbox/e-certificates/scope`, { ca: sandbox.caCertPem })).status).toBe(401);
    sandbox.control.setECertificateDestinations(DEFAULT_E_CERTIFICATE_DESTINATIONS);
    expect(sandbox.control.getECertificateScope().destinations).toEqual(DEFAULT_E_CERTIFICATE_DESTINATIONS);
  });

  it('serves a corrupt file under the true hash when asked, and the general faults apply', async () => {
    const good = await demo.raw(eCertificatePaths.file(japan.certificateId));
    sandbox.control.setECertificateFaults({ corruptNext: 1 });
    const corrupt = await demo.raw(eCertificatePaths.file(japan.certificateId));
    expect(corrupt.status).toBe(200);
    expect(corrupt.headers[E_CERTIFICATE_HASH_HEADER]).toBe(sha256(good.body));
    expect(sha256(corrupt.body)).not.toBe(sha256(good.body));
    expect(corrupt.body.length).toBe(good.body.length);
    expect((await demo.raw(eCertificatePaths.file(japan.certificateId))).body.equals(good.body)).toBe(true);

    sandbox.control.setFaults({ truncateRate: 1 });
    await expect(demo.raw(eCertificatePaths.file(japan.certificateId))).rejects.toThrow();
    sandbox.control.setFaults({ dropRate: 1 });
    await expect(demo.raw(eCertificatePaths.file(japan.certificateId))).rejects.toThrow();
    sandbox.control.setFaults({ failNext: 1 });
    expect((await demo.raw(eCertificatePaths.file(japan.certificateId))).status).toBe(500);
    sandbox.control.clearFaults();
    expect((await demo.raw(eCertificatePaths.file(japan.certificateId))).status).toBe(200);
  });
});
