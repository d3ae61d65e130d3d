// Loaded into the app's process with `node --require` by the event-loop benchmark
// (./event-loop.ts), so the app itself carries no measuring code. It watches the process's
// event loop with perf_hooks.monitorEventLoopDelay and, on SIGUSR2, writes what it saw since
// the last SIGUSR2 to the file named by CO_BENCH_EVENT_LOOP_OUTPUT, then starts afresh.
'use strict';
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { renameSync, writeFileSync } = require('node:fs');

const output = process.env.CO_BENCH_EVENT_LOOP_OUTPUT;
if (!output) throw new Error('event-loop-probe: CO_BENCH_EVENT_LOOP_OUTPUT is not set');
// The histogram's samples are the intervals between timer wake-ups at this resolution, so
// an idle loop reads about RESOLUTION_MS and a block of B ms reads about B + RESOLUTION_MS.
const RESOLUTION_MS = 10;
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();

process.on('SIGUSR2', () => {
  const ms = (ns) => ns / 1e6;
  const figures = {
    maxMs: ms(histogram.max),
    p99Ms: ms(histogram.percentile(99)),
    meanMs: ms(histogram.mean),
    minMs: ms(histogram.min),
    samples: histogram.count,
    resolutionMs: RESOLUTION_MS,
  };
  histogram.reset();
  // Whole or not at all: the benchmark reads the file as soon as it appears.
  writeFileSync(`${output}.partial`, JSON.stringify(figures));
  renameSync(`${output}.partial`, output);
});
