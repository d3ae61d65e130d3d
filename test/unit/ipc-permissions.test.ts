import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, can, type Channel } from '../../preload/contract';
import { createDispatch, type Handlers } from '../../main/ipc/dispatch';
import { CHANNEL_PERMISSIONS, refuseForRole } from '../../main/ipc/permissions';
import { argSchemas } from '../../main/ipc/schemas';
import { silentLogger } from '../../main/log/logger';

describe('roles', () => {
  it('let only the legal-person card manage seals; every role prints', () => {
    expect(can('legal-person', 'manage-seals')).toBe(true);
    expect(can('operator', 'manage-seals')).toBe(false);
    expect(can('password', 'manage-seals')).toBe(false);
    for (const role of ['legal-person', 'operator', 'password'] as const) expect(can(role, 'print')).toBe(true);
  });

  it('guard every seal and signature channel', () => {
    const markChannels = CHANNELS.filter((channel) => /^(seals|signatures|scans):/.test(channel));
    expect(markChannels.length).toBeGreaterThan(10);
    for (const channel of markChannels) expect(CHANNEL_PERMISSIONS[channel]).toBe('manage-seals');
  });

  it('answer FORBIDDEN in Chinese for an operator, NOT_SIGNED_IN without a session', () => {
    expect(refuseForRole('seals:create', 'operator')).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('法人卡') });
    expect(refuseForRole('seals:create', null)).toMatchObject({ code: 'NOT_SIGNED_IN' });
    expect(refuseForRole('seals:create', 'legal-person')).toBeNull();
    expect(refuseForRole('certificates:search', 'operator')).toBeNull();
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
