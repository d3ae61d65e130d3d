// Who is signed in, and the cache that belongs to them. Each enterprise on each
// server has its own database and layout folder, so one enterprise's certificates
// are never shown to another user of the same workstation.

import type { SessionInfo } from '../../../preload/contract';
import { AppFailure } from '../../core/errors';
import { MESSAGES } from '../../core/messages';
import type { DbClient } from '../../db/client';
import type { Logger } from '../../log/logger';
import type { ApiClient } from '../../net/client';

export interface Profile {
  db: DbClient;
  layoutsDir: string;
}

export interface SessionServiceDeps {
  api: ApiClient;
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

export class SessionService {
  private active: Active | null = null;

  constructor(private readonly deps: SessionServiceDeps) {}

  async login(username: string, password: string): Promise<SessionInfo> {
    if (this.active) await this.end('logout');
    const session = await this.deps.api.login({ username, password });
    this.deps.api.setToken(session.token);
    const profile = await this.deps.openProfile(session.user.enterpriseCode);
    const info: SessionInfo = {
      userName: session.user.name,
      role: session.user.role,
      enterpriseCode: session.user.enterpriseCode,
      enterpriseName: session.user.enterpriseName,
      expiresAt: session.expiresAt,
    };
    this.active = { info, profile };
    this.deps.log.info('signed in', { role: info.role });
    this.deps.onSignedIn?.(profile);
    return info;
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

  async dispose(): Promise<void> {
    if (this.active) await this.active.profile.db.close();
    this.active = null;
  }

  private isExpired(info: SessionInfo): boolean {
    return new Date(info.expiresAt).getTime() <= (this.deps.now?.() ?? new Date()).getTime();
  }

  private async end(reason: 'logout' | 'expired'): Promise<void> {
    const active = this.active;
    this.active = null;
    this.deps.api.setToken(null);
    this.deps.onSignedOut?.(reason);
    if (active) await active.profile.db.close();
  }
}
