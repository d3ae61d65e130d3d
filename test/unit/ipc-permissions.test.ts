import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, can, type Channel } from '../../preload/contract';
import { createDispatch, type Handlers } from '../../main/ipc/dispatch';
import { CHANNEL_ACCESS, refuseForRole } from '../../main/ipc/permissions';
import { argSchemas } from '../../main/ipc/schemas';
import { silentLogger } from '../../main/log/logger';

describe('roles', () => {
  it('let only the legal-person card manage seals and authorize; every role prints', () => {
    for (const permission of ['manage-seals', 'authorize'] as const) {
      expect(can('legal-person', permission)).toBe(true);
      expect(can('operator', permission)).toBe(false);
      expect(can('password', permission)).toBe(false);
    }
    for (const role of ['legal-person', 'operator', 'password'] as const) expect(can(role, 'print')).toBe(true);
  });

  it('guard every seal, signature, authorization and grant channel', () => {
    const markChannels = CHANNELS.filter((channel) => /^(seals|signatures|scans):/.test(channel));
    expect(markChannels.length).toBeGreaterThan(10);
    for (const channel of markChannels) expect(CHANNEL_ACCESS[channel]).toBe('manage-seals');
    const authorizing = CHANNELS.filter((channel) => /^authorization:|^proxy:(grants|grant|revoke|lookup)$/.test(channel));
    expect(authorizing).toHaveLength(7);
    for (const channel of authorizing) expect(CHANNEL_ACCESS[channel]).toBe('authorize');
  });

  it('leave only signing in (and what the login page shows) open before sign-in', () => {
    const open = CHANNELS.filter((channel) => refuseForRole(channel, null) === null).sort();
    expect(open).toEqual([
      'app:about',
      'card:read',
      'session:cardLogin',
      'session:current',
      'session:login',
      'session:logout',
      // 设置 on the login page: the server address, the language, logs for support.
      'settings:exportLogs',
      'settings:get',
      'settings:setLanguage',
      'settings:setServer',
    ]);
    // An agent's operator sees its principals; a password user may not grant.
    expect(refuseForRole('proxy:principals', 'password')).toBeNull();
    expect(refuseForRole('proxy:grant', 'password')).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('法人卡') });
  });

  it('answer FORBIDDEN in Chinese for an operator, NOT_SIGNED_IN without a session', () => {
    expect(refuseForRole('seals:create', 'operator')).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('法人卡') });
    expect(refuseForRole('seals:create', null)).toMatchObject({ code: 'NOT_SIGNED_IN' });
    expect(refuseForRole('seals:create', 'legal-person')).toBeNull();
    expect(refuseForRole('certificates:search', 'operator')).toBeNull();
  });

  it('let every signed-in role export what it may search, and nobody before sign-in', () => {
    for (const channel of ['export:start', 'export:cancel', 'export:state'] as const) {
      expect(refuseForRole(channel, null)).toMatchObject({ code: 'NOT_SIGNED_IN' });
      for (const role of ['legal-person', 'operator', 'password'] as const) expect(refuseForRole(channel, role)).toBeNull();
    }
  });

  it('are enforced by dispatch before the arguments are even parsed', async () => {
    const create = vi.fn(async () => {
      throw new Error('must not be called');
    });
    const handlers = Object.fromEntries(CHANNELS.map((channel) => [channel, create])) as unknown as Handlers;
    const dispatch = createDispatch({
      schemas: argSchemas,
      handlers,
      trustedOrigin: 'app://bundle',
      authorize: (channel: Channel) => refuseForRole(channel, 'operator'),
      log: silentLogger,
    });
    const result = await dispatch('seals:delete', [{ sealId: 'x' }], { url: 'app://bundle/index.html', isMainFrame: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(create).not.toHaveBeenCalled();
  });
});
