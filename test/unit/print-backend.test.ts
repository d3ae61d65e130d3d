// waitForJobEnd with a scripted backend and a fake clock; the original-printer check;
// request validation; picking the backend per OS.

import { describe, expect, it } from 'vitest';
import {
  checkPrinterForOriginal,
  validateJobRequest,
  waitForJobEnd,
  type PrintBackend,
  type SpoolerJobState,
  type WaitForJobEndOptions,
} from '../../main/print/backend';
import { CupsBackend } from '../../main/print/cups';
import { PrintError, printerNotFound } from '../../main/print/errors';
import { createPrintBackend } from '../../main/print/index';
import { WindowsBackend } from '../../main/print/windows';

/** A backend whose jobState answers from a script, one entry per poll (the last repeats). */
function scripted(answers: (SpoolerJobState | Error)[]): { backend: PrintBackend; polls: () => number } {
  let polls = 0;
  const backend: PrintBackend = {
    listPrinters: async () => [],
    capabilities: async () => ({ a4: true, color: true, duplex: true }),
    submit: async () => '1',
    jobState: async () => {
      const answer = answers[Math.min(polls, answers.length - 1)]!;
      polls += 1;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return { backend, polls: () => polls };
}

function fakeClock(): Pick<WaitForJobEndOptions, 'now' | 'sleep'> & { elapsed: () => number } {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
    elapsed: () => t,
  };
}

describe('waitForJobEnd', () => {
  it('follows a job to completed and reports every state', async () => {
    const { backend } = scripted(['pending', 'processing', 'processing', 'completed']);
    const clock = fakeClock();
    const seen: SpoolerJobState[] = [];
    const end = await waitForJobEnd(backend, 'P', '1', { pollMs: 500, timeoutMs: 60_000, ...clock, onState: (s) => seen.push(s) });
    expect(end).toBe('completed');
    expect(seen).toEqual(['pending', 'processing', 'processing', 'completed']);
    expect(clock.elapsed()).toBe(1500);
  });

  it.each(['aborted', 'canceled'] as const)('ends at %s', async (state) => {
    const { backend } = scripted(['processing', state]);
    expect(await waitForJobEnd(backend, 'P', '1', { pollMs: 100, timeoutMs: 10_000, ...fakeClock() })).toBe(state);
  });

  it("gives up with 'unknown' at the timeout, after polling until then", async () => {
    const { backend, polls } = scripted(['processing']);
    const clock = fakeClock();
    expect(await waitForJobEnd(backend, 'P', '1', { pollMs: 1000, timeoutMs: 5_500, ...clock })).toBe('unknown');
    expect(clock.elapsed()).toBe(5_500);
    expect(polls()).toBe(7);
  });

  it('keeps waiting on a stopped job by default, but reports it when asked to', async () => {
    const stuck = scripted(['stopped']);
    expect(await waitForJobEnd(stuck.backend, 'P', '1', { pollMs: 1000, timeoutMs: 10_000, ...fakeClock() })).toBe('unknown');
    expect(stuck.polls()).toBe(11);

    const recovering = scripted(['stopped', 'stopped', 'processing', 'completed']);
    expect(await waitForJobEnd(recovering.backend, 'P', '1', { pollMs: 1000, timeoutMs: 10_000, stoppedAfterMs: 5_000, ...fakeClock() })).toBe('completed');

    const stopped = scripted(['processing', 'stopped']);
    const clock = fakeClock();
    expect(await waitForJobEnd(stopped.backend, 'P', '1', { pollMs: 1000, timeoutMs: 60_000, stoppedAfterMs: 3_000, ...clock })).toBe('stopped');
    expect(clock.elapsed()).toBe(4_000);
  });

  it("ends 'unknown' when the spooler keeps not knowing the job", async () => {
    const { backend, polls } = scripted(['processing', 'unknown', 'processing', 'unknown', 'unknown', 'unknown', 'completed']);
    expect(await waitForJobEnd(backend, 'P', '1', { pollMs: 100, timeoutMs: 60_000, ...fakeClock() })).toBe('unknown');
    expect(polls()).toBe(6);
  });

  it('retries a failed poll, but not an unknown printer', async () => {
    const flaky = scripted([new Error('lpstat timed out'), 'processing', new Error('busy'), 'completed']);
    expect(await waitForJobEnd(flaky.backend, 'P', '1', { pollMs: 100, timeoutMs: 60_000, ...fakeClock() })).toBe('completed');

    const gone = scripted(['processing', printerNotFound('P')]);
    const error = await waitForJobEnd(gone.backend, 'P', '1', { pollMs: 100, timeoutMs: 60_000, ...fakeClock() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrintError);
    expect((error as PrintError).code).toBe('PRINTER_NOT_FOUND');
  });

  it('stops when aborted, with the real timer', async () => {
    const { backend, polls } = scripted(['processing']);
    const controller = new AbortController();
    const waiting = waitForJobEnd(backend, 'P', '1', { pollMs: 10_000, timeoutMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('app closing')), 20);
    await expect(waiting).rejects.toThrow('app closing');
    expect(polls()).toBe(1);
  });
});

describe('checkPrinterForOriginal', () => {
  it('lists every missing capability in Chinese, and nothing for a fit printer', () => {
    expect(checkPrinterForOriginal({ a4: true, color: true, duplex: true })).toEqual([]);
    expect(checkPrinterForOriginal({ a4: false, color: false, duplex: false })).toEqual(['打印机不支持A4纸张', '打印机不支持彩色打印', '打印机不支持自动双面打印']);
    expect(checkPrinterForOriginal({ a4: true, color: true, duplex: false })).toEqual(['打印机不支持自动双面打印']);
  });
});

describe('validateJobRequest', () => {
  const base = { printer: 'P', filePath: '/tmp/a.pdf', title: 'CO', duplex: true, color: true, copies: 1 };
  it('cleans the title and checks copies and the path', () => {
    expect(validateJobRequest({ ...base, title: '  CO\r\n2026\t正本\u200b ' }).title).toBe('CO  2026 正本');
    expect(validateJobRequest({ ...base, title: '\n' }).title).toBe('原产地证书');
    expect(validateJobRequest({ ...base, title: 'x'.repeat(500) }).title).toHaveLength(255);
    // 255 octets at most, cut between characters: 85 Chinese characters.
    expect(validateJobRequest({ ...base, title: '原'.repeat(200) }).title).toBe('原'.repeat(85));
    for (const bad of [{ copies: 0 }, { copies: 100 }, { copies: Number.NaN }, { filePath: '' }, { filePath: '/tmp/a\0.pdf' }]) {
      expect(() => validateJobRequest({ ...base, ...bad })).toThrow(PrintError);
    }
  });
});

describe('createPrintBackend', () => {
  it('uses the Windows spooler on win32 and CUPS on Linux and macOS', () => {
    expect(createPrintBackend('win32')).toBeInstanceOf(WindowsBackend);
    expect(createPrintBackend('linux')).toBeInstanceOf(CupsBackend);
    expect(createPrintBackend('darwin')).toBeInstanceOf(CupsBackend);
    expect(() => createPrintBackend('aix')).toThrow(PrintError);
  });
});
