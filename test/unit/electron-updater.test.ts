// The updater's states as the contract draws them, driven through a fake
// electron-updater (the real one needs the Electron binary), with Electron faked too.

import { describe, expect, it, vi } from 'vitest';
import type { UpdateState } from '../../preload/contract';
import { createUpdater, describe as describeUpdate, MAX_NOTES_CHARS, UPDATE_ERROR_MESSAGE, type UpdaterLike } from '../../main/electron/updater';
import { silentLogger } from '../../main/log/logger';

vi.mock('electron', () => ({ app: { isPackaged: true, getVersion: () => '0.1.0' } }));

function fakeUpdater() {
  const listeners = new Map<string, (...args: never[]) => void>();
  const updater = {
    logger: null,
    on: (event: string, listener: (...args: never[]) => void) => {
      listeners.set(event, listener);
      return updater;
    },
    checkForUpdates: vi.fn(async () => null),
  };
  const fire = (event: string, ...args: unknown[]) => (listeners.get(event) as ((...a: unknown[]) => void) | undefined)?.(...args);
  return { updater: updater as unknown as UpdaterLike, fire, check: updater.checkForUpdates };
}

async function started() {
  const fake = fakeUpdater();
  const pushed: UpdateState[] = [];
  const instance = createUpdater({ log: silentLogger, isPackaged: true, load: async () => fake.updater, onState: (state) => pushed.push(state) });
  instance.start();
  await vi.waitFor(() => expect(fake.check).toHaveBeenCalledOnce());
  return { ...fake, pushed, instance };
}

describe('updater states', () => {
  it('starts idle and goes back to idle when there is nothing newer', async () => {
    const { fire, pushed, instance } = await started();
    expect(pushed).toEqual([]);
    fire('checking-for-update');
    expect(instance.state()).toEqual({ state: 'checking' });
    fire('update-not-available', { version: '0.1.0' });
    expect(pushed).toEqual([{ state: 'checking' }, { state: 'idle' }]);
  });

  it('carries the new version and its notes, as plain text, through download to downloaded', async () => {
    const { fire, pushed, instance } = await started();
    fire('checking-for-update');
    fire('update-available', { version: '0.2.0', releaseNotes: '<h3>新增</h3><ul><li>常见问题及解答</li><li>版本说明 &amp; 批量打印取消</li></ul><script>x</script>' });
    const notes = '新增\n• 常见问题及解答\n• 版本说明 & 批量打印取消';
    expect(instance.state()).toEqual({ state: 'available', version: '0.2.0', notes });
    fire('download-progress', { percent: 10.2 });
    fire('download-progress', { percent: 10.7 });
    fire('download-progress', { percent: 55.5 });
    fire('update-downloaded', { version: '0.2.0', releaseNotes: '<p>新增</p>' });
    expect(pushed.map((state) => state.state)).toEqual(['checking', 'available', 'downloading', 'downloading', 'downloaded']);
    // Whole percents only: 10.2 and 10.7 are one push.
    expect(pushed[2]).toEqual({ state: 'downloading', version: '0.2.0', notes, percent: 10.2 });
    expect(pushed[3]).toMatchObject({ percent: 55.5 });
    expect(instance.state()).toEqual({ state: 'downloaded', version: '0.2.0', notes: '新增' });
  });

  it('tells the renderer a Chinese message for a failure, never the updater’s own words', async () => {
    const { fire, instance } = await started();
    fire('checking-for-update');
    fire('error', new Error('net::ERR_CONNECTION_REFUSED https://updates.example/latest.yml'));
    expect(instance.state()).toEqual({ state: 'error', message: UPDATE_ERROR_MESSAGE });
  });

  it('keeps a progress figure outside 0–100 inside it', async () => {
    const { fire, instance } = await started();
    fire('update-available', { version: '0.2.0' });
    fire('download-progress', { percent: Number.NaN });
    expect(instance.state()).toMatchObject({ state: 'downloading', percent: 0 });
    fire('download-progress', { percent: 140 });
    expect(instance.state()).toMatchObject({ state: 'downloading', percent: 100 });
  });
});

describe('release notes from the feed', () => {
  it('joins the notes of several versions and cuts oversized ones', () => {
    expect(describeUpdate({ version: '0.3.0', releaseNotes: [{ version: '0.3.0', note: '<p>b</p>' }, { version: '0.2.0', note: null }] })).toEqual({
      version: '0.3.0',
      notes: '0.3.0\nb\n\n0.2.0',
    });
    expect(describeUpdate({ version: '0.3.0', releaseNotes: null }).notes).toBe('');
    expect(describeUpdate({ version: '0.3.0', releaseNotes: 'x'.repeat(MAX_NOTES_CHARS * 2) }).notes).toHaveLength(MAX_NOTES_CHARS);
  });
});
