// The notification adapter with a fake Electron Notification.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { createNotifier } from '../../main/electron/notifications';
import { silentLogger } from '../../main/log/logger';

const fake = vi.hoisted(() => {
  class FakeNotification {
    static supported = true;
    static shown: FakeNotification[] = [];
    static isSupported() {
      return FakeNotification.supported;
    }
    readonly listeners = new Map<string, () => void>();
    constructor(readonly options: { title: string; body: string }) {}
    on(event: string, listener: () => void) {
      this.listeners.set(event, listener);
      return this;
    }
    show() {
      FakeNotification.shown.push(this);
    }
  }
  return { FakeNotification };
});

vi.mock('electron', () => ({ Notification: fake.FakeNotification }));

function fakeWindow(minimized: boolean) {
  return { isDestroyed: () => false, isMinimized: () => minimized, restore: vi.fn(), show: vi.fn(), focus: vi.fn() };
}

describe('notifier', () => {
  beforeEach(() => {
    fake.FakeNotification.shown.length = 0;
    fake.FakeNotification.supported = true;
  });

  it('shows the notice, and a click brings a minimized window forward', () => {
    const window = fakeWindow(true);
    createNotifier(() => window as unknown as BrowserWindow, silentLogger)({ title: 't', body: '同步到 2 份新的可打印证书' });
    const [shown] = fake.FakeNotification.shown;
    expect(shown?.options).toMatchObject({ title: 't', body: '同步到 2 份新的可打印证书' });
    shown?.listeners.get('click')?.();
    expect(window.restore).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();
  });

  it('shows nothing where notifications are not supported, and a click without a window does nothing', () => {
    fake.FakeNotification.supported = false;
    createNotifier(() => null, silentLogger)({ title: 't', body: 'b' });
    expect(fake.FakeNotification.shown).toEqual([]);
    fake.FakeNotification.supported = true;
    createNotifier(() => null, silentLogger)({ title: 't', body: 'b' });
    expect(() => fake.FakeNotification.shown[0]?.listeners.get('click')?.()).not.toThrow();
  });
});
