// 印章签名授权: set the default seal and signature, 授权, and 授权结果 (the latest
// receipts). The manual lets the result be viewed 120 s after 授权 is pressed; the
// deadline is kept in the cache by this workstation's clock, so it survives leaving
// the page or restarting, and the server's clock (which may differ) plays no part.

import { randomUUID } from 'node:crypto';
import type { AuthorizationState, AuthorizationView, ScanKind } from '../../../preload/contract';
import type { Logger } from '../../log/logger';
import type { ApiClient } from '../../net/client';
import type { AuthorizationDto } from '../../net/contract';
import type { Profile } from '../session/session-service';

/** 授权结果 can be viewed this long after 授权 (the manual's countdown). */
export const RESULT_COUNTDOWN_MS = 120_000;

export interface AuthorizationServiceDeps {
  api: ApiClient;
  profile(): Profile;
  /** Replaces the cached authorizations (ProxyService.refresh), so the certificate flags follow at once. */
  refreshAuthorizations(profile: Profile): Promise<void>;
  log: Logger;
  now?: () => Date;
}

export class AuthorizationService {
  constructor(private readonly deps: AuthorizationServiceDeps) {}

  async state(): Promise<AuthorizationState> {
    const profile = this.deps.profile();
    const state = await this.deps.api.authorizationState();
    // The receipts that brought the first authorization into force make certificates
    // printable: the list should say so now, not after the next sync.
    if ((await profile.db.call('cachedSelfPrintSince')) !== state.selfPrintSince) {
      await this.deps.refreshAuthorizations(profile).catch((error: unknown) =>
        this.deps.log.warn('could not refresh the cached authorizations', { reason: String(error) }),
      );
    }
    return { latest: state.latest ? await this.view(state.latest) : null, selfPrintSince: state.selfPrintSince };
  }

  async setDefault(kind: ScanKind, markId: string): Promise<void> {
    // Setting the same default twice is harmless, so each press is its own write.
    await this.deps.api.setDefaultMark(kind, markId, `default-${kind}-${randomUUID()}`);
  }

  async submit(): Promise<AuthorizationView> {
    const profile = this.deps.profile();
    const authorization = await this.deps.api.authorize(randomUUID());
    const availableAt = new Date(this.nowMs() + RESULT_COUNTDOWN_MS).toISOString();
    await profile.db.call('setMeta', resultKey(authorization.authorizationId), availableAt);
    this.deps.log.info('authorization submitted', { authorizationId: authorization.authorizationId });
    return this.view(authorization);
  }

  private async view(authorization: AuthorizationDto): Promise<AuthorizationView> {
    // An authorization made on another workstation counts from when the server took it.
    const recorded = await this.deps.profile().db.call('getMeta', resultKey(authorization.authorizationId));
    return {
      authorizationId: authorization.authorizationId,
      submittedAt: authorization.submittedAt,
      sealName: authorization.seal.name,
      signatureName: authorization.signature.name,
      sealReceipt: authorization.sealReceipt,
      signatureReceipt: authorization.signatureReceipt,
      resultAvailableAt: recorded ?? new Date(Date.parse(authorization.submittedAt) + RESULT_COUNTDOWN_MS).toISOString(),
    };
  }

  private nowMs(): number {
    return (this.deps.now?.() ?? new Date()).getTime();
  }
}

function resultKey(authorizationId: string): string {
  return `authorization.resultAvailableAt.${authorizationId}`;
}
