// The main thread's handle on the scan worker. Every check runs in the worker, one
// at a time; a check that overruns its time is stopped by terminating the worker,
// and a worker that dies (heap limit, an exception, a crash in native code that the
// thread survives) is replaced for the next check. The caller always gets a report
// or a ScanInputError with a Chinese message — never a hang, never a raw error.
//
// A worker thread shares the process: it contains hangs, runaway JS memory and
// exceptions, but a segfault inside libvips would still end the process. The limits
// checked before decoding (bytes, pixels, format by magic bytes) are what keep the
// native decoders on well-formed, bounded input.

import { Worker } from 'node:worker_threads';
import { AppFailure } from '../core/errors';
import type { Logger } from '../log/logger';
import { inputErrors, ScanInputError } from './scan-errors';
import type { ScanKind, ScanReport } from './scan-report';
import { DEFAULT_LIMITS } from './scan-source';
import { checkReplySchema, problemOf, type CheckUsage } from './scan-worker-protocol';

export interface ScanCheckerOptions {
  /** The built scan-worker script (or a source shim in tests). */
  workerPath: string;
  execArgv?: string[];
  /** Per check, from when the worker starts on it. */
  timeoutMs?: number;
  maxBytes?: number;
  maxPixels?: number;
  /** V8 old-generation cap for the worker (MB); decoded pixels live outside it, bounded by maxPixels. */
  maxHeapMb?: number;
  log: Logger;
}

export interface CheckOutcome {
  report: ScanReport;
  usage: CheckUsage;
}

interface Job {
  id: number;
  kind: ScanKind;
  bytes: Uint8Array;
  handOver: boolean;
  resolve(outcome: CheckOutcome): void;
  reject(error: Error): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

const DEFAULT_TIMEOUT_MS = 60_000;
// Below this a copy is cheaper than it matters (and Node's shared pool of small buffers must never be moved).
const HAND_OVER_MIN_BYTES = 1024 * 1024;

export interface CheckOptions {
  signal?: AbortSignal;
  /**
   * The caller will not touch the bytes again (they came over IPC for this check), so a large
   * buffer is moved to the worker, not copied: the copy of a 90 MB 600 dpi PNG held the main
   * loop for about 300 ms. The bytes (and the rest of their ArrayBuffer) are unusable after.
   */
  handOver?: boolean;
}

export class ScanChecker {
  private readonly timeoutMs: number;
  private readonly limits: { maxBytes: number; maxPixels: number };
  private worker: Worker | null = null;
  private readonly queue: Job[] = [];
  private current: { job: Job; timer: NodeJS.Timeout; worker: Worker } | null = null;
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: ScanCheckerOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.limits = { maxBytes: options.maxBytes ?? DEFAULT_LIMITS.maxBytes, maxPixels: options.maxPixels ?? DEFAULT_LIMITS.maxPixels };
  }

  /** Checks one scan; resolves with the report (accepted or refused), rejects with ScanInputError if the file cannot be checked. */
  async check(bytes: Uint8Array, kind: ScanKind, options: CheckOptions = {}): Promise<ScanReport> {
    return (await this.checkDetailed(bytes, kind, options)).report;
  }

  /** As check(), with the worker's time and memory for the check (for benchmarks and logs). */
  checkDetailed(bytes: Uint8Array, kind: ScanKind, options: CheckOptions = {}): Promise<CheckOutcome> {
    if (this.closed) return Promise.reject(new AppFailure('CANCELLED', '图片检查已关闭。'));
    // Size limits need no decoder: refuse before the bytes even reach the worker.
    if (bytes.length === 0) return Promise.reject(inputErrors.empty());
    if (bytes.length > this.limits.maxBytes) return Promise.reject(inputErrors.tooLarge(bytes.length, this.limits.maxBytes));
    if (options.signal?.aborted) return Promise.reject(cancelled());
    return new Promise<CheckOutcome>((resolve, reject) => {
      const job: Job = { id: this.nextId++, kind, bytes, handOver: options.handOver === true, resolve, reject, signal: options.signal, onAbort: undefined };
      if (job.signal) {
        job.onAbort = () => this.cancel(job);
        job.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Stops the worker; checks still waiting are cancelled. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.finish(job, cancelled());
    if (this.current) {
      clearTimeout(this.current.timer);
      this.finish(this.current.job, cancelled());
      this.current = null;
    }
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private pump(): void {
    if (this.current || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    const worker = this.ensureWorker();
    const timer = setTimeout(() => this.timedOut(), this.timeoutMs);
    this.current = { job, timer, worker };
    const { buffer } = job.bytes;
    const move = job.handOver && job.bytes.byteLength >= HAND_OVER_MIN_BYTES && buffer instanceof ArrayBuffer;
    worker.postMessage({ id: job.id, kind: job.kind, bytes: job.bytes, limits: this.limits }, move ? [buffer] : []);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.workerPath, {
      execArgv: this.options.execArgv ?? [],
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 512, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
    });
    // Events from a worker that has since been replaced are ignored.
    worker.on('message', (raw: unknown) => {
      if (this.worker === worker) this.settle(raw);
    });
    worker.on('error', (error) => {
      if (this.worker === worker) this.died(error.message, error);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.died(`exit code ${code}`, null);
    });
    this.worker = worker;
    return worker;
  }

  private settle(raw: unknown): void {
    const parsed = checkReplySchema.safeParse(raw);
    const current = this.current;
    if (!current) return;
    if (!parsed.success || parsed.data.id !== current.job.id) {
      this.options.log.error('scan worker sent a malformed reply', parsed.success ? undefined : parsed.error);
      this.replaceWorker();
      this.endCurrent(inputErrors.crashed('检查结果无法识别'));
      return;
    }
    const reply = parsed.data;
    const { usage } = reply;
    if (reply.ok) {
      this.options.log.info('scan checked', { kind: reply.report.kind, accepted: reply.report.accepted, ms: usage.ms, peakRssMb: usage.peakRssMb });
      this.endCurrent(null, { report: reply.report, usage });
      return;
    }
    const problem = problemOf(reply.problem);
    if (problem) {
      this.options.log.info('scan not checkable', { problem, ms: usage.ms });
      this.endCurrent(new ScanInputError(problem, reply.message));
      return;
    }
    // Not the file's fault as far as we know: a bug in the checker. The user still gets a plain answer.
    const bug = new Error(reply.message);
    if (reply.stack) bug.stack = reply.stack;
    this.options.log.error('scan check failed', bug);
    this.endCurrent(inputErrors.crashed('检查程序出错'));
  }

  private timedOut(): void {
    this.options.log.warn('scan check timed out; worker replaced', { timeoutMs: this.timeoutMs });
    this.replaceWorker();
    this.endCurrent(inputErrors.timeout(Math.round(this.timeoutMs / 1000)));
  }

  private died(detail: string, error: Error | null): void {
    this.options.log.error('scan worker died', error ?? new Error(detail));
    this.worker = null;
    const outOfMemory = error !== null && 'code' in error && error.code === 'ERR_WORKER_OUT_OF_MEMORY';
    this.endCurrent(inputErrors.crashed(outOfMemory ? '内存不足' : '意外退出'));
  }

  private cancel(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.finish(job, cancelled());
      return;
    }
    if (this.current?.job === job) {
      // The only way to stop native decoding mid-file is to end the thread.
      this.replaceWorker();
      this.endCurrent(cancelled());
    }
  }

  private replaceWorker(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
  }

  private endCurrent(error: Error | null, outcome?: CheckOutcome): void {
    const current = this.current;
    if (!current) return;
    clearTimeout(current.timer);
    this.current = null;
    this.finish(current.job, error, outcome);
    this.pump();
  }

  private finish(job: Job, error: Error | null, outcome?: CheckOutcome): void {
    if (job.signal && job.onAbort) job.signal.removeEventListener('abort', job.onAbort);
    if (error) job.reject(error);
    else if (outcome) job.resolve(outcome);
  }
}

function cancelled(): AppFailure {
  return new AppFailure('CANCELLED', '已取消图片检查。');
}
