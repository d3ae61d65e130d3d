import { describe, expect, it, vi } from 'vitest';
import { AppFailure } from '../../main/core/errors';
import { createDispatch, type Handlers } from '../../main/ipc/dispatch';
import { argSchemas } from '../../main/ipc/schemas';
import { silentLogger } from '../../main/log/logger';
import { CHANNELS } from '../../preload/contract';

const origin = 'app://bundle';
const mainFrame = { url: 'app://bundle/index.html', isMainFrame: true };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const unexpected = () => Promise.reject(new Error('not expected in this test'));
  const all = Object.fromEntries(CHANNELS.map((channel) => [channel, vi.fn(unexpected)])) as unknown as Handlers;
  return { ...all, ...overrides };
}

describe('dispatch', () => {
  it('parses the arguments and returns the handler value as a Result', async () => {
    const search = vi.fn(async () => ({ total: 0, offset: 0, rows: [] }));
    const dispatch = createDispatch({ schemas: argSchemas, handlers: handlers({ 'certificates:search': search }), trustedOrigin: origin, log: silentLogger });
    const result = await dispatch('certificates:search', [{ number: 'E24', offset: 0, limit: 100 }], mainFrame);
    expect(result).toEqual({ ok: true, value: { total: 0, offset: 0, rows: [] } });
    expect(search).toHaveBeenCalledWith({ number: 'E24', offset: 0, limit: 100 });
  });

  it.each([
    ['a subframe of the app', { url: 'app://bundle/index.html', isMainFrame: false }],
    ['another origin', { url: 'https://evil.example/', isMainFrame: true }],
    ['a look-alike origin', { url: 'app://bundle.evil/index.html', isMainFrame: true }],
    ['an unparsable URL', { url: 'not a url', isMainFrame: true }],
  ])('refuses calls from %s without calling the service', async (_name, sender) => {
    const logout = vi.fn(async () => null);
    const dispatch = createDispatch({ schemas: argSchemas, handlers: handlers({ 'session:logout': logout }), trustedOrigin: origin, log: silentLogger });
    const result = await dispatch('session:logout', [], sender);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(logout).not.toHaveBeenCalled();
  });

  it.each([
    ['an unknown channel', 'fs:readFile', []],
    ['a prototype key as channel', '__proto__', []],
    ['arguments that are not a tuple', 'session:login', { username: 'a', password: 'b' }],
    ['a missing field', 'session:login', [{ username: 'a' }]],
    ['an extra field', 'print:confirm', [{ printId: 'p1', answer: 'yes', force: true }]],
    ['a wrong enum', 'print:confirm', [{ printId: 'p1', answer: 'maybe' }]],
    ['an id with path characters', 'certificates:layout', [{ certificateId: '../../etc/passwd', kind: 'copy' }]],
    ['a negative offset', 'certificates:search', [{ offset: -1, limit: 10 }]],
    ['a huge limit', 'certificates:search', [{ offset: 0, limit: 1_000_000 }]],
    ['duplicate certificates in a print', 'print:start', [{ certificateIds: ['a', 'a'], kind: 'copy', printer: 'P' }]],
    ['an empty print', 'print:start', [{ certificateIds: [], kind: 'copy', printer: 'P' }]],
    ['an export with a page', 'export:start', [{ offset: 0, limit: 50 }]],
    ['an export with a wrong status', 'export:start', [{ printStatus: 'lost' }]],
    ['an export with a target path', 'export:start', [{ target: '/etc/passwd' }]],
  ])('answers INVALID_ARGUMENT in Chinese for %s, and calls nothing', async (_name, channel, args) => {
    const all = handlers();
    const dispatch = createDispatch({ schemas: argSchemas, handlers: all, trustedOrigin: origin, log: silentLogger });
    const result = await dispatch(channel, args, mainFrame);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(result.ok ? '' : result.error.message).toMatch(/[\u4e00-\u9fff]/);
    for (const handler of Object.values(all)) expect(handler).not.toHaveBeenCalled();
  });

  it('passes a domain failure through with its code, and hides anything else', async () => {
    const dispatch = createDispatch({
      schemas: argSchemas,
      handlers: handlers({
        'print:confirm': async () => {
          throw new AppFailure('NOT_FOUND', '未找到该打印任务。');
        },
        'session:logout': async () => {
          throw new Error('SQLITE_CORRUPT at /home/user/secret/path');
        },
      }),
      trustedOrigin: origin,
      log: silentLogger,
    });
    expect(await dispatch('print:confirm', [{ printId: 'p1', answer: 'yes' }], mainFrame)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: '未找到该打印任务。' },
    });
    const hidden = await dispatch('session:logout', [], mainFrame);
    expect(hidden).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(hidden)).not.toContain('secret');
  });
});
