import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../main/net/contract';
import { startSandbox, type Sandbox } from './server';
import { httpsRequest, json, tempDir } from './test-client';

describe('sandbox TLS', () => {
  const dir = tempDir('sandbox-tls');
  const otherDir = tempDir('sandbox-tls-other');
  let sandbox: Sandbox;
  let other: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: dir.path, certificateCount: 20, tickIntervalMs: 0 });
    other = await startSandbox({ dataDir: otherDir.path, certificateCount: 20, tickIntervalMs: 0 });
  });
  afterAll(async () => {
    await sandbox?.stop();
    await other?.stop();
    dir.remove();
    otherDir.remove();
  });

  it('serves https on 127.0.0.1 to a client that trusts the sandbox CA', async () => {
    expect(sandbox.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const result = await httpsRequest(`${sandbox.url}/api/v1/certificates/changes`, { ca: sandbox.caCertPem });
    // Reaching the API (401 without a session) proves the TLS handshake verified.
    expect(result.status).toBe(401);
    expect(apiErrorSchema.parse(json(result)).error.code).toBe('UNAUTHENTICATED');
  });

  it('is valid for localhost too', async () => {
    const port = new URL(sandbox.url).port;
    const result = await httpsRequest(`https://localhost:${port}/api/v1/certificates/changes`, { ca: sandbox.caCertPem });
    expect(result.status).toBe(401);
  });

  it('fails verification without the CA', async () => {
    await expect(httpsRequest(`${sandbox.url}/api/v1/certificates/changes`)).rejects.toMatchObject({
      code: expect.stringMatching(/SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/),
    });
  });

  it("fails verification with another sandbox's CA", async () => {
    expect(other.caCertPem).not.toBe(sandbox.caCertPem);
    await expect(httpsRequest(`${sandbox.url}/api/v1/certificates/changes`, { ca: other.caCertPem })).rejects.toHaveProperty('code');
  });

  it('writes the CA to sandbox-ca.pem and a server certificate it signed for 127.0.0.1 and localhost', () => {
    expect(sandbox.caCertPath).toBe(`${dir.path}/sandbox-ca.pem`);
    expect(readFileSync(sandbox.caCertPath, 'utf8')).toBe(sandbox.caCertPem);
    const ca = new X509Certificate(sandbox.caCertPem);
    const server = new X509Certificate(readFileSync(`${dir.path}/sandbox-server.pem`, 'utf8'));
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(server.subjectAltName).toContain('DNS:localhost');
  });

  it('reuses the persisted CA, and the cards it issued, on restart', async () => {
    const before = sandbox.caCertPem;
    const cardBefore = sandbox.softCards.get('u_legal')?.certificatePem;
    await sandbox.stop();
    sandbox = await startSandbox({ dataDir: dir.path, tickIntervalMs: 0 });
    expect(sandbox.caCertPem).toBe(before);
    expect(sandbox.softCards.get('u_legal')?.certificatePem).toBe(cardBefore);
    const result = await httpsRequest(`${sandbox.url}/api/v1/certificates/changes`, { ca: before });
    expect(result.status).toBe(401);
  });
});
