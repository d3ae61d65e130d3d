// 常见问题及解答 on the sandbox: the published edition, public, parsed by the contract.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, faqDocumentSchema, helpPaths } from '../../main/net/contract';
import { BUILT_IN_FAQ } from '../../main/services/help/builtin-faq';
import { SANDBOX_FAQ, startSandbox, type Sandbox } from './server';
import { ApiClient, json, tempDir } from './test-client';

describe('常见问题及解答 endpoint', () => {
  const dir = tempDir('sandbox-help');
  let sandbox: Sandbox;
  let anonymous: ApiClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: dir.path, seed: 2, certificateCount: 10, tickIntervalMs: 0 });
    anonymous = new ApiClient(sandbox.url, sandbox.caCertPem);
  });

  afterAll(async () => {
    await sandbox?.stop();
    dir.remove();
  });

  it('serves, without a session, an edition newer than the built-in copy that the contract accepts', async () => {
    const faq = faqDocumentSchema.parse(await anonymous.getJson(helpPaths.faq));
    expect(faq).toEqual(SANDBOX_FAQ);
    expect(faq.version).toBeGreaterThan(BUILT_IN_FAQ.version);
    expect(faq.sections.map((section) => section.title)).toContain('证书下载');
  });

  it('serves what a test publishes, and raw bodies as they are', async () => {
    sandbox.help.publish({ ...SANDBOX_FAQ, version: 7 });
    expect(faqDocumentSchema.parse(await anonymous.getJson(helpPaths.faq)).version).toBe(7);
    sandbox.help.publishRaw('{"version":"eight"}');
    const raw = await anonymous.raw(helpPaths.faq);
    expect(raw.status).toBe(200);
    expect(faqDocumentSchema.safeParse(json(raw)).success).toBe(false);
  });

  it('refuses to publish an edition outside the contract', () => {
    expect(() => sandbox.help.publish({ ...SANDBOX_FAQ, sections: [] })).toThrow();
  });

  it('answers only GET', async () => {
    const result = await anonymous.postJson(helpPaths.faq, {});
    expect(result.status).toBe(405);
    expect(apiErrorSchema.parse(json(result)).error.code).toBe('NOT_FOUND');
  });
});
