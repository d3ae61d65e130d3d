// Every size the benchmarks use, read from the environment in this one place. The defaults
// are issue 9's design sizes; BENCH_ROWS alone scales the whole suite (CI runs it at 2,000),
// and each derived size can still be set on its own.

export interface BenchSizes {
  /** Certificates in the cache for the list and 证书下载 benchmarks (the design size: 1,000,000). */
  rows: number;
  /** Certificates exported to .xlsx (the 100,000). */
  exportRows: number;
  /** Certificates of the first sync over HTTPS (the 100,000). */
  firstSyncRows: number;
  /** The big cache of the new-printable count (200,000) and its small one (20,000). */
  syncRows: number;
  syncSmallRows: number;
  /** Layout files the cache figures of 设置 walk (two per certificate of a 10,000-certificate profile). */
  layouts: number;
  /** Size of each of the two log files 导出日志 zips, in MB. */
  logMb: number;
  /** Checks per scan after the first (the 1200 dpi scan gets half). */
  sealRuns: number;
  /** Repetitions of each calibration shift. */
  calibrationRuns: number;
}

export const SIZE_VARIABLES = {
  rows: 'BENCH_ROWS',
  exportRows: 'BENCH_EXPORT_ROWS',
  firstSyncRows: 'BENCH_FIRST_SYNC_ROWS',
  syncRows: 'BENCH_SYNC_ROWS',
  syncSmallRows: 'BENCH_SYNC_SMALL_ROWS',
  layouts: 'BENCH_LAYOUTS',
  logMb: 'BENCH_LOG_MB',
  sealRuns: 'BENCH_SEAL_RUNS',
  calibrationRuns: 'BENCH_RUNS',
} as const satisfies Record<keyof BenchSizes, string>;

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return Math.max(1, Math.round(fallback));
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} 必须是正整数(可写作 1000000 或 1_000_000),当前为 "${raw}"`);
  return value;
}

export function readBenchSizes(env: NodeJS.ProcessEnv = process.env): BenchSizes {
  const rows = positiveInteger(env, SIZE_VARIABLES.rows, 1_000_000);
  return {
    rows,
    exportRows: positiveInteger(env, SIZE_VARIABLES.exportRows, rows / 10),
    firstSyncRows: positiveInteger(env, SIZE_VARIABLES.firstSyncRows, rows / 10),
    syncRows: positiveInteger(env, SIZE_VARIABLES.syncRows, rows / 5),
    syncSmallRows: positiveInteger(env, SIZE_VARIABLES.syncSmallRows, rows / 50),
    layouts: positiveInteger(env, SIZE_VARIABLES.layouts, rows / 50),
    logMb: positiveInteger(env, SIZE_VARIABLES.logMb, 5),
    sealRuns: positiveInteger(env, SIZE_VARIABLES.sealRuns, 5),
    calibrationRuns: positiveInteger(env, SIZE_VARIABLES.calibrationRuns, 30),
  };
}
