// The main thread's handle on the database worker: typed calls by query name,
// answered in order by the single writer connection.

import { Worker } from 'node:worker_threads';
import type { Logger } from '../log/logger';
import type { QueryArgs, QueryName, QueryResult } from './queries';

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: { message: string; stack?: string };
  slowMs?: number;
}

interface Pending {
  name: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class DatabaseError extends Error {
  override name = 'DatabaseError';
}

export class DbClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed: Promise<void> | null = null;
  /** The cache file: the export worker opens it read-only beside this writer. */
  readonly databasePath: string;

  constructor(
    options: { databasePath: string; workerPath: string; execArgv?: string[] },
    private readonly log: Logger,
  ) {
    this.databasePath = options.databasePath;
    this.worker = new Worker(options.workerPath, {
      workerData: { path: options.databasePath },
      execArgv: options.execArgv ?? [],
    });
    this.worker.on('message', (reply: Reply) => this.settle(reply));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => {
      // After close() the worker is terminated, which exits with code 1: that is no failure.
      if (code !== 0 && !this.closed) this.failAll(new DatabaseError(`database worker exited with code ${code}`));
    });
  }

  call<N extends QueryName>(name: N, ...args: QueryArgs<N>): Promise<QueryResult<N>> {
    if (this.closed) return Promise.reject(new DatabaseError('database is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { name, resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, name, args });
    });
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      this.worker.once('exit', () => resolve());
      this.worker.postMessage('close');
    }).then(() => undefined);
    return this.closed;
  }

  private settle(reply: Reply): void {
    if (reply.id === -1) {
      void this.worker.terminate();
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.slowMs !== undefined) this.log.warn('slow query', { name: pending.name, ms: reply.slowMs });
    if (reply.ok) pending.resolve(reply.value);
    else {
      const error = new DatabaseError(`${pending.name}: ${reply.error?.message ?? 'failed'}`);
      if (reply.error?.stack) error.stack = reply.error.stack;
      pending.reject(error);
    }
  }

  private failAll(error: Error): void {
    this.log.error('database worker failed', error);
    for (const pending of this.pending.values()) pending.reject(new DatabaseError(error.message, { cause: error }));
    this.pending.clear();
  }
}
