// 证书下载 at the IPC boundary: who may call it, and what arguments reach the service.

import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, ROLE_PERMISSIONS, type Channel, type Role } from '../../preload/contract';
import { createDispatch, type Handlers } from '../../main/ipc/dispatch';
import { CHANNEL_ACCESS, refuseForRole } from '../../main/ipc/permissions';
import { argSchemas } from '../../main/ipc/schemas';
import { silentLogger } from '../../main/log/logger';

const DOWNLOAD_CHANNELS = CHANNELS.filter((channel) => channel.startsWith('downloads:'));

describe('证书下载 over IPC', () => {
  it('needs the print permission on every channel: any signed-in role that may print, nobody before sign-in', () => {
    expect(DOWNLOAD_CHANNELS.sort()).toEqual(
      ['downloads:cancel', 'downloads:open', 'downloads:save', 'downloads:scope', 'downloads:search', 'downloads:start', 'downloads:state'],
    );
    for (const channel of DOWNLOAD_CHANNELS) {
      expect(CHANNEL_ACCESS[channel]).toBe('print');
      expect(refuseForRole(channel, null)).toMatchObject({ code: 'NOT_SIGNED_IN' });
      for (const role of Object.keys(ROLE_PERMISSIONS) as Role[]) expect(refuseForRole(channel, role)).toBeNull();
    }
  });

  it('refuses bad arguments with a Chinese message before any service is called', async () => {
    const handler = vi.fn(async () => null);
    const handlers = Object.fromEntries(CHANNELS.map((channel) => [channel, handler])) as unknown as Handlers;
    const dispatch = createDispatch({
      schemas: argSchemas,
      handlers,
      trustedOrigin: 'app://bundle',
      authorize: (channel: Channel) => refuseForRole(channel, 'password'),
      log: silentLogger,
    });
    const sender = { url: 'app://bundle/index.html', isMainFrame: true };
    const page = { offset: 0, limit: 20 };
    const bad: [Channel, unknown][] = [
      ['downloads:search', [{ ...page, type: 'E' }]],
      ['downloads:search', [{ ...page, limit: 5000 }]],
      ['downloads:search', [{ ...page, issueDateFrom: '2024-13-01' }]],
      ['downloads:search', [{ ...page, destinations: ['美国'] }]],
      ['downloads:search', [{ ...page, number: 'X'.repeat(21) }]],
      ['downloads:start', [{ certificateIds: [] }]],
      ['downloads:start', [{ certificateIds: ['a', 'a'] }]],
      ['downloads:start', [{ certificateIds: ['../etc/passwd'] }]],
      ['downloads:start', [{ certificateIds: Array.from({ length: 1001 }, (_, i) => `c${i}`) }]],
      ['downloads:open', [{ certificateId: 'a/b' }]],
      ['downloads:save', [{ certificateId: '' }]],
      ['downloads:save', [{ certificateId: 'a', path: '/tmp/x.pdf' }]],
      ['downloads:cancel', [{}]],
    ];
    for (const [channel, args] of bad) {
      const result = await dispatch(channel, args, sender);
      expect(result, `${channel} ${JSON.stringify(args).slice(0, 80)}`).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: '参数不正确,操作未执行。' } });
    }
    expect(handler).not.toHaveBeenCalled();
    expect(await dispatch('downloads:search', [{ ...page, type: 'BR', destinationCountry: '日本', number: 'BR24' }], sender)).toEqual({ ok: true, value: null });
    expect(await dispatch('downloads:start', [{ certificateIds: ['co_1', 'co_2'] }], sender)).toEqual({ ok: true, value: null });
    expect(handler).toHaveBeenCalledTimes(2);
  });
});
