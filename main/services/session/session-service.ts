// Who is signed in, and the cache that belongs to them. Each enterprise on each
// server has its own database and layout folder, so one enterprise's certificates
// are never shown to another user of the same workstation.
//
// Two ways in, as the manual has them: username and password, or the e-port card
// (卡介质登录: the card signs the server's one-time challenge after its PIN). The role
// is the server's answer, never the renderer's. The token is kept with the OS secret
// store so a restart does not sign the user out; passwords and PINs are never kept.
//
//   signed out ──login / cardLogin / restore──▶ signed in ──logout──▶ signed out
//                                                   └──expiresAt passed, or the server refuses the token──▶ signed out ('expired')

import { z } from 'zod';
import type { CardInfo, SessionInfo } from '../../../preload/contract';
import { AppFailure } from '../../core/errors';
import { MESSAGES } from '../../core/messages';
import type { DbClient } from '../../db/client';
import type { Logger } from '../../log/logger';
import type { ApiClient } from '../../net/client';
import { cardSigningPayload, roleSchema, type SessionDto } from '../../net/contract';
import type { CardProvider } from '../card/card-provider';
import type { SecretStore } from './secret-store';

export interface Profile {
  db: DbClient;
  layoutsDir: string;
  /** The signed-in enterprise: a certificate of another applicant is printed on its behalf. */
  enterpriseCode: string;
}

export interface SessionServiceDeps {
  api: ApiClient;
  card: CardProvider;
  secrets: SecretStore;
  /** A stored session is taken up only for the server it came from; a function when 设置 can change it. */
  serverOrigin: string | (() => string);
  openProfile(enterpriseCode: string): Promise<Profile>;
  log: Logger;
  now?: () => Date;
  /** Called after sign-in, once the profile is open (resume prints, flush the outbox, sync). */
  onSignedIn?: (profile: Profile) => void;
  onSignedOut?: (reason: 'logout' | 'expired') => void;
}

interface Active {
  info: SessionInfo;
  profile: Profile;
}

const storedSessionSchema = z.object({
  version: z.literal(1),
  serverOrigin: z.string(),
  token: z.string().min(16).max(512),
  info: z.object({
    userName: z.string(),
    role: roleSchema,
    enterpriseCode: z.string().regex(/^[0-9A-Z]{10}$|^[0-9A-Z]{18}$/),
    enterpriseName: z.string(),
    expiresAt: z.iso.datetime({ offset: true }),
  }),
});

// setTimeout takes at most a signed 32-bit number of milliseconds (about 24.8 days).
const MAX_TIMER_MS = 2 ** 31 - 1;

export class SessionService {
  private active: Active | null = null;
  private expiryTimer: NodeJS.Timeout | null = null;
  private restoring: Promise<void> = Promise.resolve();

  constructor(private readonly deps: SessionServiceDeps) {}

  /** Takes up the session a previous run left, if it is for this server and not expired. */
  restore(): Promise<void> {
    this.restoring = this.takeUpStored().catch((error: unknown) => this.deps.log.error('restoring the session failed', error));
    return this.restoring;
  }

  /** Resolves once a stored session has been taken up (or found absent). */
  ready(): Promise<void> {
    return this.restoring;
  }

  async login(username: string, password: string): Promise<SessionInfo> {
    await this.signOutFirst();
    const origin = this.serverOrigin();
    return this.begin(await this.deps.api.login({ username, password }), origin);
  }

  /** 卡介质登录: the card signs the server's one-time challenge; the PIN goes to the card only. */
  async cardLogin(pin: string): Promise<SessionInfo> {
    await this.signOutFirst();
    const origin = this.serverOrigin();
    const { challengeId, challenge } = await this.deps.api.cardChallenge();
    const signature = await this.deps.card.sign(cardSigningPayload('card-login', { challengeId, challenge }), pin);
    return this.begin(await this.deps.api.cardLogin({ challengeId, signature }), origin);
  }

  readCard(): Promise<CardInfo> {
    return this.deps.card.read();
  }

  async logout(): Promise<void> {
    if (!this.active) return;
    try {
      await this.deps.api.logout();
    } catch (error) {
      // Signing out locally must work offline too; the server token expires anyway.
      this.deps.log.warn('server logout failed', { reason: String(error) });
    }
    await this.end('logout');
  }

  /**
   * 设置 → 服务器地址: signs out at once. The old server is told if it answers within
   * `waitMs` (it may be the very server that is unreachable); its token expires anyway.
   */
  async leaveServer(waitMs = 3_000): Promise<void> {
    await this.restoring;
    if (!this.active) {
      // A session stored for the old server must not be taken up later.
      await this.deps.secrets.clear().catch((error: unknown) => this.deps.log.error('clearing the stored session failed', error));
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const told = this.deps.api.logout().catch((error: unknown) => this.deps.log.warn('server logout failed', { reason: String(error) }));
    await Promise.race([told, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    await this.end('logout');
  }

  current(): SessionInfo | null {
    if (this.active && this.isExpired(this.active.info)) void this.end('expired');
    return this.active?.info ?? null;
  }

  /** The signed-in user's cache; every service that touches data goes through here. */
  profile(): Profile {
    const active = this.active;
    if (!active) throw new AppFailure('NOT_SIGNED_IN', MESSAGES.NOT_SIGNED_IN);
    if (this.isExpired(active.info)) {
      void this.end('expired');
      throw new AppFailure('SESSION_EXPIRED', MESSAGES.SESSION_EXPIRED);
    }
    return active.profile;
  }

  /** The server said the token is no longer valid. */
  async expire(): Promise<void> {
    if (this.active) await this.end('expired');
  }

  /**
   * 清除缓存: closes the signed-in user's cache, lets `clear` delete its files, opens it
   * afresh and announces the sign-in again (which re-syncs). The session itself stays.
   */
  async reopenProfile(clear: (profile: Profile) => Promise<void>): Promise<Profile> {
    const active = this.active;
    if (!active) throw new AppFailure('NOT_SIGNED_IN', MESSAGES.NOT_SIGNED_IN);
    // No service may reach the closing database meanwhile: they see 'not signed in' for that moment.
    this.active = null;
    try {
      await active.profile.db.close();
      await clear(active.profile);
    } finally {
      const profile = await this.deps.openProfile(active.info.enterpriseCode);
      this.active = { info: active.info, profile };
      this.deps.onSignedIn?.(profile);
    }
    return this.profile();
  }

  /** Closes the cache; the stored session stays for the next start. */
  async dispose(): Promise<void> {
    this.clearTimer();
    if (this.active) await this.active.profile.db.close();
    this.active = null;
  }

  private async signOutFirst(): Promise<void> {
    await this.restoring;
    if (this.active) await this.end('logout');
  }

  /** `origin`: the server the sign-in was sent to; a session it gave is never used with another one. */
  private async begin(session: SessionDto, origin: string): Promise<SessionInfo> {
    // 设置 switched the server while the answer was on its way: this token belongs to the old one.
    if (origin !== this.serverOrigin()) throw new AppFailure('SESSION_EXPIRED', '服务器地址已更改,请重新登录。');
    const info: SessionInfo = {
      userName: session.user.name,
      role: session.user.role,
      enterpriseCode: session.user.enterpriseCode,
      enterpriseName: session.user.enterpriseName,
      expiresAt: session.expiresAt,
    };
    this.deps.api.setToken(session.token);
    await this.activate(info);
    await this.store(session.token, info);
    return info;
  }

  private async activate(info: SessionInfo): Promise<void> {
    const profile = await this.deps.openProfile(info.enterpriseCode);
    this.active = { info, profile };
    this.scheduleExpiry(info);
    this.deps.log.info('signed in', { role: info.role });
    this.deps.onSignedIn?.(profile);
  }

  private async takeUpStored(): Promise<void> {
    const text = await this.deps.secrets.read();
    if (text === null) return;
    const stored = parseStored(text);
    if (!stored || stored.serverOrigin !== this.serverOrigin() || this.isExpired(stored.info)) {
      await this.deps.secrets.clear();
      return;
    }
    this.deps.api.setToken(stored.token);
    await this.activate(stored.info);
    // Offline, the stored session still opens the cache for review; the server's
    // answer, when it comes, ends a session it no longer knows.
    void this.deps.api.currentSession().then(
      (current) => {
        if (current.user.enterpriseCode !== stored.info.enterpriseCode) void this.expire();
      },
      (error: unknown) => {
        if (error instanceof AppFailure && error.code === 'SESSION_EXPIRED') void this.expire();
        else this.deps.log.warn('could not check the restored session', { reason: error instanceof AppFailure ? error.code : String(error) });
      },
    );
  }

  private async store(token: string, info: SessionInfo): Promise<void> {
    try {
      if (!(await this.deps.secrets.isAvailable())) {
        this.deps.log.warn('no secure storage on this system; the session lasts for this run only');
        return;
      }
      await this.deps.secrets.write(JSON.stringify({ version: 1, serverOrigin: this.serverOrigin(), token, info }));
    } catch (error) {
      this.deps.log.error('storing the session failed; it lasts for this run only', error);
    }
  }

  private scheduleExpiry(info: SessionInfo): void {
    this.clearTimer();
    const remaining = new Date(info.expiresAt).getTime() - this.nowMs();
    // The user sees the login page when the session ends, not at their next click. A
    // timer cut short by MAX_TIMER_MS only schedules the next one.
    this.expiryTimer = setTimeout(() => {
      const active = this.active;
      if (active && this.isExpired(active.info)) void this.expire();
      else if (active) this.scheduleExpiry(active.info);
    }, Math.min(Math.max(remaining, 0), MAX_TIMER_MS));
    this.expiryTimer.unref?.();
  }

  private clearTimer(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
  }

  private serverOrigin(): string {
    const origin = this.deps.serverOrigin;
    return typeof origin === 'string' ? origin : origin();
  }

  private isExpired(info: SessionInfo): boolean {
    return new Date(info.expiresAt).getTime() <= this.nowMs();
  }

  private nowMs(): number {
    return (this.deps.now?.() ?? new Date()).getTime();
  }

  private async end(reason: 'logout' | 'expired'): Promise<void> {
    const active = this.active;
    this.active = null;
    this.clearTimer();
    this.deps.api.setToken(null);
    this.deps.onSignedOut?.(reason);
    await this.deps.secrets.clear().catch((error: unknown) => this.deps.log.error('clearing the stored session failed', error));
    if (active) await active.profile.db.close();
  }
}

function parseStored(text: string): z.infer<typeof storedSessionSchema> | null {
  try {
    const parsed = storedSessionSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
