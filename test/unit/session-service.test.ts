// The session against the real sandbox over HTTPS: sign-in by password and by card,
// the token kept in a secret store and taken up again after a restart, expiry, and
// 退出. The secret store is browser mode's private file; Electron's is tested with
// the adapters.

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFileSecretStore } from '../../main/browser/file-secret-store';
import { createLogger } from '../../main/log/logger';
import { SoftCardProvider } from '../../main/services/card/soft-card';
import { SessionService, type Profile } from '../../main/services/session/session-service';
import { SOFT_CARD_PIN, startSandbox, type Sandbox } from '../sandbox/server';
import { openTestProfile, removeTestProfiles, testApi } from '../support/app-services';

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'co-session-'));
  sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), seed: 3, certificateCount: 50, tickIntervalMs: 0 });
});

afterAll(async () => {
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
  removeTestProfiles();
});

interface Harness {
  session: SessionService;
  ended: string[];
  opened: string[];
  logLines: string[];
}

function harness(secretFile: string, options: { now?: () => Date; p12Path?: string; serverOrigin?: string } = {}): Harness {
  const ended: string[] = [];
  const opened: string[] = [];
  const logLines: string[] = [];
  const api = testApi(sandbox.url, sandbox.caCertPem);
  const legalCard = sandbox.softCards.get('u_legal');
  const session = new SessionService({
    api,
    card: new SoftCardProvider(options.p12Path ?? legalCard?.p12Path ?? ''),
    secrets: createFileSecretStore(secretFile),
    serverOrigin: options.serverOrigin ?? new URL(sandbox.url).origin,
    openProfile: async (enterpriseCode): Promise<Profile> => {
      opened.push(enterpriseCode);
      return openTestProfile(undefined, enterpriseCode);
    },
    log: createLogger((line) => logLines.push(line)),
    now: options.now,
    onSignedOut: (reason) => ended.push(reason),
  });
  return { session, ended, opened, logLines };
}

describe('SessionService', () => {
  it('signs in by password with the server’s role, keeps the token in a file only the user can read, and takes it up after a restart', async () => {
    const secretFile = join(dir, 'restart', 'session.json');
    const first = harness(secretFile);
    const info = await first.session.login('demo', 'demo123');
    expect(info).toMatchObject({ role: 'password', userName: '张敏' });
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(secretFile, 'utf8')).not.toContain('demo123');
    await first.session.dispose();

    const second = harness(secretFile);
    await second.session.restore();
    expect(second.session.current()).toEqual(info);
    expect(second.opened).toEqual([info.enterpriseCode]);
    await second.session.logout();
    expect(second.ended).toEqual(['logout']);
    expect(readdirSync(join(dir, 'restart'))).toEqual([]);
  });

  it('signs in with the legal-person card: the card signs the challenge, the role is the card’s, the PIN is never written', async () => {
    const secretFile = join(dir, 'card', 'session.json');
    const { session, logLines } = harness(secretFile);
    await expect(session.readCard()).resolves.toMatchObject({ holderName: '王建国' });
    const info = await session.cardLogin(SOFT_CARD_PIN);
    expect(info).toMatchObject({ role: 'legal-person', userName: '王建国' });
    expect(readFileSync(secretFile, 'utf8')).not.toContain(SOFT_CARD_PIN);
    expect(logLines.join('\n')).not.toContain(SOFT_CARD_PIN);
    await expect(session.cardLogin('00000000')).rejects.toMatchObject({ code: 'WRONG_PIN' });
    // A failed card sign-in signed the previous user out first, and left nothing stored.
    expect(session.current()).toBeNull();
    expect(readdirSync(join(dir, 'card'))).toEqual([]);
  });

  it('does not take up a stored session of another server, an expired one, or one the server no longer knows', async () => {
    const secretFile = join(dir, 'stale', 'session.json');
    const first = harness(secretFile);
    const info = await first.session.login('operator', 'operator123');
    await first.session.dispose();

    const otherServer = harness(secretFile, { serverOrigin: 'https://127.0.0.2:8443' });
    await otherServer.session.restore();
    expect(otherServer.session.current()).toBeNull();

    const again = harness(secretFile);
    await again.session.login('operator', 'operator123');
    await again.session.dispose();
    const later = harness(secretFile, { now: () => new Date(Date.parse(info.expiresAt) + 1000) });
    await later.session.restore();
    expect(later.session.current()).toBeNull();

    const revoked = harness(secretFile);
    await revoked.session.login('operator', 'operator123');
    await revoked.session.dispose();
    // The server forgets the token (signed out elsewhere, or expired on the customs side).
    const stored = JSON.parse(readFileSync(secretFile, 'utf8')) as { token: string };
    const api = testApi(sandbox.url, sandbox.caCertPem);
    api.setToken(stored.token);
    await api.logout();
    const restored = harness(secretFile);
    await restored.session.restore();
    expect(restored.session.current()?.userName).toBe('李强');
    await vi.waitFor(() => expect(restored.ended).toEqual(['expired']));
    expect(restored.session.current()).toBeNull();
  });

  it('ends the session by itself when it expires, without waiting for a call', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let now = Date.now();
      const { session, ended } = harness(join(dir, 'expiry', 'session.json'), { now: () => new Date(now) });
      const info = await session.login('demo', 'demo123');
      const lifetime = Date.parse(info.expiresAt) - now;
      now += lifetime - 1000;
      await vi.advanceTimersByTimeAsync(lifetime - 1000);
      expect(ended).toEqual([]);
      now += 1000;
      await vi.advanceTimersByTimeAsync(1000);
      expect(ended).toEqual(['expired']);
      expect(() => session.profile()).toThrow(/请先登录/);
    } finally {
      vi.useRealTimers();
    }
  });
});
