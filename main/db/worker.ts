// The database worker thread: the only connection that reads or writes the cache,
// so the main process event loop never waits on SQLite. Messages are
// { id, name, args } → { id, ok, value | error }. Slow queries are logged.

import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './connection';
import { queries, type QueryName } from './queries';

interface Request {
  id: number;
  name: QueryName;
  args: unknown[];
}

const SLOW_MS = 40;
const port = parentPort;
if (!port) throw new Error('db worker must run in a worker thread');

const { path } = workerData as { path: string };
const db = openDatabase(path);

port.on('message', (request: Request | 'close') => {
  if (request === 'close') {
    db.close();
    port.postMessage({ id: -1, ok: true, value: null });
    return;
  }
  const started = performance.now();
  try {
    const query = queries[request.name] as (db: unknown, ...args: unknown[]) => unknown;
    if (typeof query !== 'function') throw new Error(`unknown query ${String(request.name)}`);
    const value = query(db, ...request.args);
    const elapsed = performance.now() - started;
    port.postMessage({ id: request.id, ok: true, value, slowMs: elapsed > SLOW_MS ? Math.round(elapsed) : undefined });
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    port.postMessage({ id: request.id, ok: false, error: { message: err.message, stack: err.stack } });
  }
});
