// `npm run seal-check -- [--kind seal|signature] [--out DIR] FILE...` — the scan check
// for IT staff preparing scans in bulk. It runs the app's own checker in the app's
// own worker, so a file passes here exactly when it passes in the app. One JSON line
// per file on stdout (the report, with the PNG's size instead of its bytes); logs go
// to stderr with --verbose. Exit code: 0 all accepted, 1 any refused or unreadable,
// 2 usage error.

import { mkdir, stat, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { AppFailure } from '../core/errors';
import { createLogger, silentLogger } from '../log/logger';
import { ScanChecker } from './scan-check-client';
import { ScanInputError } from './scan-errors';
import { summarizeReport, type ScanKind } from './scan-report';
import { DEFAULT_LIMITS } from './scan-source';

const USAGE = `用法: npm run seal-check -- [--kind seal|signature] [--out 目录] [--timeout 秒] [--verbose] 文件...
  --kind     seal(印章,默认)或 signature(签名)
  --out      把通过检查的印章/签名(透明背景 PNG,600 dpi)写入该目录
  --timeout  每个文件的检查时限,默认 60 秒
每个文件输出一行 JSON 报告;有任何文件未通过时退出码为 1,参数错误时为 2。`;

interface Options {
  kind: ScanKind;
  out: string | null;
  timeoutMs: number;
  verbose: boolean;
  files: string[];
}

export function parseArgs(args: readonly string[]): Options | string {
  const options: Options = { kind: 'seal', out: null, timeoutMs: 60_000, verbose: false, files: [] };
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    const value = () => {
      const next = args[index + 1];
      index += 1;
      return next;
    };
    if (arg === '--kind') {
      const kind = value();
      if (kind !== 'seal' && kind !== 'signature') return `--kind 只能是 seal 或 signature(收到 ${kind ?? '空'})`;
      options.kind = kind;
    } else if (arg === '--out') {
      const out = value();
      if (!out) return '--out 需要一个目录';
      options.out = out;
    } else if (arg === '--timeout') {
      const seconds = Number(value());
      if (!Number.isFinite(seconds) || seconds <= 0) return '--timeout 需要一个正数(秒)';
      options.timeoutMs = seconds * 1000;
    } else if (arg === '--verbose') {
      options.verbose = true;
    } else if (arg === '--help' || arg === '-h') {
      return '';
    } else if (arg.startsWith('--')) {
      return `未知参数 ${arg}`;
    } else {
      options.files.push(arg);
    }
  }
  if (options.files.length === 0) return '没有指定要检查的文件';
  return options;
}

/** The worker as the CLI runs it: from source through tsx, or built next to this file. */
function workerEntry(): { path: string; execArgv: string[] } {
  if (extname(__filename) === '.ts') return { path: resolve(__dirname, 'scan-worker.ts'), execArgv: ['--require', require.resolve('tsx/cjs')] };
  return { path: resolve(__dirname, 'scan-worker.js'), execArgv: [] };
}

export async function runCli(args: readonly string[], write: (line: string) => void, writeError: (line: string) => void): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    writeError(options === '' ? USAGE : `${options}\n\n${USAGE}`);
    return options === '' ? 0 : 2;
  }
  const log = options.verbose ? createLogger((line) => writeError(line), '[seal-check] ') : silentLogger;
  const worker = workerEntry();
  const checker = new ScanChecker({ workerPath: worker.path, execArgv: worker.execArgv, timeoutMs: options.timeoutMs, log });
  if (options.out) await mkdir(options.out, { recursive: true });
  let refused = 0;
  try {
    for (const file of options.files) {
      const line = await checkFile(checker, file, options);
      if (line.accepted !== true) refused += 1;
      write(JSON.stringify(line));
    }
  } finally {
    await checker.close();
  }
  return refused > 0 ? 1 : 0;
}

async function checkFile(checker: ScanChecker, file: string, options: Options): Promise<Record<string, unknown>> {
  try {
    // Too big is known from the file system: never read a 10 GB file into memory.
    const size = (await stat(file)).size;
    if (size > DEFAULT_LIMITS.maxBytes) throw new ScanInputError('too-large', `文件过大(${Math.round(size / 1024 / 1024)} MB)`);
    const bytes = new Uint8Array(await readFile(file));
    const report = await checker.check(bytes, options.kind);
    const line: Record<string, unknown> = { file, ...summarizeReport(report) };
    if (options.out && report.cleanedPng) {
      const target = join(options.out, `${basename(file, extname(file))}.${options.kind}.png`);
      await writeFile(target, report.cleanedPng);
      line.cleanedPngPath = target;
    }
    return line;
  } catch (error) {
    if (error instanceof AppFailure) {
      return { file, kind: options.kind, accepted: false, error: { code: error.code, ...(error instanceof ScanInputError ? { problem: error.problem } : {}), message: error.message } };
    }
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'ERROR';
    return { file, kind: options.kind, accepted: false, error: { code: 'READ_FAILED', message: `无法读取文件(${code})` } };
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`), (line) => process.stderr.write(`${line}\n`)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
