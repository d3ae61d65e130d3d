// The scan worker thread: decodes and analyses untrusted image files away from the
// main thread. ScanChecker starts it with V8 heap limits, gives it one file at a
// time, and terminates and replaces it when a check overruns its time or it dies.
// Messages are { id, kind, bytes, limits } → { id, ok, report | problem+message, usage }.

import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { releaseBytes } from './release-bytes';
import { ScanInputError } from './scan-errors';
import { analyzeScan } from './seal-checker';
import { checkRequestSchema, type CheckReply, type CheckUsage } from './scan-worker-protocol';

const port = parentPort;
if (!port) throw new Error('scan worker must run in a worker thread');

// Every file is different and untrusted: nothing is worth caching between files, and
// an empty cache gives memory back as soon as a check ends.
sharp.cache(false);

const MB = 1024 * 1024;

/** Samples the process's resident memory while a check runs (the event loop is free while libvips works). */
function watchMemory(): () => { peakRssMb: number; startRssMb: number } {
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  return () => {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage.rss());
    return { peakRssMb: Math.round((peak / MB) * 10) / 10, startRssMb: Math.round((start / MB) * 10) / 10 };
  };
}

port.on('message', (raw: unknown) => {
  const parsed = checkRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const id = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'number' ? raw.id : -1;
    port.postMessage({ id, ok: false, message: 'malformed check request', usage: { ms: 0, peakRssMb: 0, startRssMb: 0, heapUsedMb: 0 } } satisfies CheckReply);
    return;
  }
  const request = parsed.data;
  const started = performance.now();
  const stop = watchMemory();
  const usage = (): CheckUsage => ({
    ms: Math.round(performance.now() - started),
    ...stop(),
    heapUsedMb: Math.round((process.memoryUsage().heapUsed / MB) * 10) / 10,
  });
  analyzeScan(request.bytes, request.kind, request.limits).then(
    (report) => {
      // The PNG travels as a transferred buffer of its own, not a copy.
      const png = report.cleanedPng ? report.cleanedPng.slice() : null;
      const reply: CheckReply = { id: request.id, ok: true, report: { ...report, cleanedPng: png }, usage: usage() };
      port.postMessage(reply, png ? [png.buffer] : []);
    },
    (error: unknown) => {
      const reply: CheckReply =
        error instanceof ScanInputError
          ? { id: request.id, ok: false, problem: error.problem, message: error.message, usage: usage() }
          : {
              id: request.id,
              ok: false,
              message: error instanceof Error ? error.message : String(error),
              ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
              usage: usage(),
            };
      port.postMessage(reply);
    },
  ).finally(() => {
    // The bytes are this worker's own copy (cloned or moved to it) and nothing reads them now.
    releaseBytes(request.bytes);
  });
});
