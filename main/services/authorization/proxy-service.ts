// 代理打印授权 (an exporter grants an agent proxy printing) and 委托企业列表 (an agent's
// principals). The principals and their authorizations are also what the cache needs
// to flag certificates offline, so every answer from the server replaces them there.

import { randomUUID } from 'node:crypto';
import type { EnterpriseView, PrincipalView, ProxyGrantView } from '../../../preload/contract';
import { checkEnterpriseCode } from '../../core/enterprise-codes';
import { AppFailure } from '../../core/errors';
import type { Logger } from '../../log/logger';
import type { ApiClient } from '../../net/client';
import type { ProxyGrantDto } from '../../net/contract';
import type { Profile } from '../session/session-service';

export interface ProxyServiceDeps {
  api: ApiClient;
  profile(): Profile;
  log: Logger;
  now?: () => Date;
}

export class ProxyService {
  constructor(private readonly deps: ProxyServiceDeps) {}

  async grants(): Promise<ProxyGrantView[]> {
    return (await this.deps.api.proxyGrants()).map(toGrantView);
  }

  async lookup(input: string): Promise<EnterpriseView> {
    const code = this.validCode(input);
    try {
      return await this.deps.api.enterprise(code);
    } catch (error) {
      if (error instanceof AppFailure && error.code === 'NOT_FOUND') {
        throw new AppFailure('NOT_FOUND', '未找到该企业,请核对统一社会信用代码或海关编码。');
      }
      throw error;
    }
  }

  async grant(agentCode: string): Promise<ProxyGrantView> {
    const code = this.validCode(agentCode);
    const grant = await this.deps.api.grantProxy({ grantId: randomUUID(), agentCode: code });
    this.deps.log.info('proxy printing granted', { grantId: grant.grantId });
    return toGrantView(grant);
  }

  async revoke(grantId: string): Promise<ProxyGrantView> {
    const grant = await this.deps.api.revokeProxy(grantId);
    this.deps.log.info('proxy printing revoked', { grantId });
    return toGrantView(grant);
  }

  /** 委托企业列表: fresh from the server when it can be reached, else as last cached. */
  async principals(): Promise<PrincipalView[]> {
    const profile = this.deps.profile();
    try {
      await this.refresh(profile);
    } catch (error) {
      if (!(error instanceof AppFailure && error.code === 'OFFLINE')) throw error;
      this.deps.log.warn('principals shown from the cache: the server cannot be reached');
    }
    return profile.db.call('cachedPrincipals');
  }

  /** Replaces the cached authorizations (the enterprise's own and its principals'). */
  async refresh(profile: Profile, signal?: AbortSignal): Promise<void> {
    const list = await this.deps.api.principals(signal);
    await profile.db.call('replaceEnterprises', list, (this.deps.now?.() ?? new Date()).toISOString());
  }

  private validCode(input: string): string {
    const check = checkEnterpriseCode(input);
    if (!check.ok) throw new AppFailure('INVALID_ARGUMENT', check.reason);
    return check.code;
  }
}

function toGrantView(grant: ProxyGrantDto): ProxyGrantView {
  return { grantId: grant.grantId, agent: grant.agent, grantedAt: grant.grantedAt, revokedAt: grant.revokedAt };
}
