// A REAL print spooler for tests: CUPS, with printers simulated by ippeveprinter
// (ENVIRONMENT.md, "A real print spooler with a simulated printer").
//
//   const sim = await startCups({ name: 'CoDuplex', duplex: true, color: true });
//   ... print to sim.printerName, then readSpooledJobs(sim.spoolDir) ...
//   await sim.stop();
//
// Needs root. dbus, avahi and cupsd are started only if they are not running already,
// and stopped (by PID) only by whoever started them: several startCups() calls in one
// test file share them through a reference count, so they may be stopped in any order.
// Each call creates its own simulated printer (ippeveprinter on a free port) and CUPS
// queue, and stop() removes both.
//
// What reached the printer: ippeveprinter keeps every document in the spool folder
// (-k) and runs a small recorder for each job (-c) that stores the job's IPP
// attributes, which ippeveprinter passes as IPP_* environment variables, next to the
// document (<document>.job.json). That record survives, unlike the printer's own job
// list, which ippeveprinter forgets 60 s after a job ends. The recorder also makes a job
// finish as soon as it is recorded instead of ippeveprinter's simulated 5–15 s.

import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface StartCupsOptions {
  /** Name of the CUPS queue (and of the simulated printer). */
  name: string;
  /** false: a printer that cannot print two-sided. */
  duplex: boolean;
  /** Colour printer (default false: monochrome only). */
  color?: boolean;
  /** Jobs whose name contains this text fail at the printer (the recorder exits 1). */
  failJobsNamed?: string;
}

export interface CupsSim {
  printerName: string;
  /** Where the simulated printer keeps the documents it printed. */
  spoolDir: string;
  /** ipp://localhost:PORT/ipp/print — the simulated printer itself, not the CUPS queue. */
  printerUri: string;
  port: number;
  stop(): Promise<void>;
}

export interface SpooledJob {
  /** The document file at the printer. */
  file: string;
  jobName: string | undefined;
  pages: number;
  /** pdfinfo's "Page size", e.g. "595.28 x 841.89 pts (A4)". */
  pageSize: string;
  /** The job's sides, or the printer's default when the job did not say. */
  sides: string | undefined;
  printColorMode: string | undefined;
  copies: number;
  /** All IPP_* attributes ippeveprinter passed for the job. */
  ipp: Record<string, string>;
}

// ---------------------------------------------------------------------------------
// Executables

const REQUIRED: Record<string, string> = {
  'dbus-daemon': 'dbus',
  'avahi-daemon': 'avahi-daemon',
  cupsd: 'cups',
  lpadmin: 'cups-client',
  lpstat: 'cups-client',
  ippeveprinter: 'cups-ipp-utils',
  ipptool: 'cups-ipp-utils',
  pdfinfo: 'poppler-utils',
};

const SEARCH_PATH = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function findExecutable(name: string): string | undefined {
  for (const dir of SEARCH_PATH) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function requireExecutables(): Record<string, string> {
  const found: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of Object.keys(REQUIRED)) {
    const path = findExecutable(name);
    if (path) found[name] = path;
    else missing.push(name);
  }
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((m) => REQUIRED[m]))].join(' ');
    throw new Error(`The print tests need a real CUPS and a simulated printer, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing.\nInstall with: apt-get install -y ${packages}`);
  }
  if (process.getuid?.() !== 0) {
    throw new Error('The print tests start cupsd, avahi-daemon and dbus-daemon, which needs root.');
  }
  return found;
}

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

const C_LOCALE = { ...process.env, LANG: 'C', LC_ALL: 'C' };

function run(file: string, args: readonly string[], timeoutMs = 15_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: timeoutMs, killSignal: 'SIGKILL', env: C_LOCALE, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr, code: 0 });
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'number') return resolve({ stdout, stderr, code });
      reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}`, { cause: error }));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, onFail?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${onFail ? `\n${onFail()}` : ''}`);
    await sleep(100);
  }
}

// ---------------------------------------------------------------------------------
// Daemons, shared by every startCups() in this process

interface Daemon {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
  log: string;
}

interface Shared {
  bin: Record<string, string>;
  workDir: string;
  recorder: string;
  getJobsTest: string;
  started: Daemon[];
  refs: number;
}

let shared: Promise<Shared> | undefined;

function logTail(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

function startDaemon(name: string, file: string, args: string[], logDir: string, env: NodeJS.ProcessEnv = C_LOCALE): Daemon {
  const log = join(logDir, `${name}.log`);
  const fd = openSync(log, 'a');
  // Foreground processes that we spawn ourselves: we know their PIDs and reap them,
  // and their output goes to a log we can quote when they fail.
  const child = spawn(file, args, { stdio: ['ignore', fd, fd], env, detached: false });
  closeSync(fd);
  child.unref();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', () => undefined);
  return { name, child, exited, log };
}

function alive(daemon: Daemon): boolean {
  return daemon.child.exitCode === null && daemon.child.signalCode === null;
}

async function stopDaemon(daemon: Daemon): Promise<void> {
  if (!alive(daemon) || daemon.child.pid === undefined) return;
  process.kill(daemon.child.pid, 'SIGTERM');
  const stopped = await Promise.race([daemon.exited.then(() => true), sleep(5_000).then(() => false)]);
  if (!stopped && alive(daemon)) {
    process.kill(daemon.child.pid, 'SIGKILL');
    await daemon.exited;
  }
}

function canConnect(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const DBUS_SOCKET = '/run/dbus/system_bus_socket';

async function schedulerRunning(bin: Record<string, string>): Promise<boolean> {
  const result = await run(bin.lpstat!, ['-r']);
  return /scheduler is running/.test(result.stdout);
}

const RECORDER = (nodePath: string): string => `#!${nodePath}
// The simulated printer's print engine: ippeveprinter runs it for every job with the
// document as argument and the job's IPP attributes as IPP_* environment variables.
import { writeFileSync } from 'node:fs';
const ipp = {};
for (const [key, value] of Object.entries(process.env)) if (key.startsWith('IPP_') || key === 'CONTENT_TYPE') ipp[key] = value;
writeFileSync(process.argv[2] + '.job.json', JSON.stringify({ document: process.argv[2], ipp }, null, 1));
const marker = process.env.CO_SIM_FAIL_MARKER;
if (marker && (ipp.IPP_JOB_NAME ?? '').includes(marker)) {
  process.stderr.write('ERROR: simulated printer failure\\n');
  process.exit(1);
}
`;

const GET_JOBS_TEST = `{
  NAME "all jobs at the simulated printer"
  OPERATION Get-Jobs
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR language attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR name requesting-user-name $user
  ATTR keyword which-jobs all
  ATTR keyword requested-attributes job-id,job-name,job-state,sides,print-color-mode,copies
  STATUS successful-ok
  DISPLAY job-id
  DISPLAY job-name
  DISPLAY job-state
  DISPLAY sides
  DISPLAY print-color-mode
  DISPLAY copies
}
`;

async function acquireDaemons(): Promise<Shared> {
  shared ??= (async () => {
    const bin = requireExecutables();
    const workDir = await mkdtemp(join(tmpdir(), 'co-cups-'));
    const recorder = join(workDir, 'record-job.mjs');
    await writeFile(recorder, RECORDER(process.execPath));
    await chmod(recorder, 0o755);
    const getJobsTest = join(workDir, 'get-jobs.test');
    await writeFile(getJobsTest, GET_JOBS_TEST);
    const state: Shared = { bin, workDir, recorder, getJobsTest, started: [], refs: 0 };
    try {
      // ippeveprinter exits with "Unable to initialize DNS-SD" without avahi, and avahi
      // needs the system bus.
      if (!(await canConnect(DBUS_SOCKET))) {
        mkdirSync('/run/dbus', { recursive: true });
        const dbus = startDaemon('dbus', bin['dbus-daemon']!, ['--system', '--nofork', '--nopidfile'], workDir);
        state.started.push(dbus);
        await waitFor('dbus-daemon', () => canConnect(DBUS_SOCKET), 10_000, () => logTail(dbus.log));
      }
      if ((await run(bin['avahi-daemon']!, ['--check'])).code !== 0) {
        const avahi = startDaemon('avahi', bin['avahi-daemon']!, ['--no-rlimits'], workDir);
        state.started.push(avahi);
        await waitFor('avahi-daemon', async () => alive(avahi) && (await run(bin['avahi-daemon']!, ['--check'])).code === 0, 10_000, () => logTail(avahi.log));
      }
      if (!(await schedulerRunning(bin))) {
        const cupsd = startDaemon('cupsd', bin.cupsd!, ['-f'], workDir);
        state.started.push(cupsd);
        await waitFor('cupsd', async () => alive(cupsd) && (await schedulerRunning(bin)), 15_000, () => logTail(cupsd.log));
      }
    } catch (error) {
      for (const daemon of [...state.started].reverse()) await stopDaemon(daemon);
      shared = undefined;
      throw error;
    }
    return state;
  })();
  const state = await shared;
  state.refs += 1;
  return state;
}

async function releaseDaemons(state: Shared): Promise<void> {
  state.refs -= 1;
  if (state.refs > 0) return;
  shared = undefined;
  // Reverse order: cupsd before avahi before dbus.
  for (const daemon of [...state.started].reverse()) await stopDaemon(daemon);
  await rm(state.workDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------
// Simulated printers

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function queueExists(bin: Record<string, string>, name: string): Promise<boolean> {
  return (await run(bin.lpstat!, ['-p', name])).code === 0;
}

export async function startCups(options: StartCupsOptions): Promise<CupsSim> {
  if (!/^[A-Za-z0-9_]{1,60}$/.test(options.name)) throw new Error(`startCups: use a plain test printer name, not ${JSON.stringify(options.name)}`);
  const state = await acquireDaemons();
  const { bin } = state;
  let printer: Daemon | undefined;
  let spoolDir: string | undefined;
  try {
    const port = await freePort();
    spoolDir = await mkdtemp(join(tmpdir(), `co-printer-${options.name}-`));
    const printerUri = `ipp://localhost:${port}/ipp/print`;
    // -2: two-sided support. Colour: `-s ppm,color-ppm` with a colour speed above 0 makes
    // ippeveprinter a colour printer (color-supported true, print-color-mode-supported
    // auto,color,monochrome). An attributes file (-a) cannot do it here: ippeveprinter
    // refuses -a together with -2, -f or -s (it prints its usage; measured).
    const args = [
      ...(options.duplex ? ['-2'] : []),
      ...(options.color ? ['-s', '10,10'] : []),
      '-k',
      '-c',
      state.recorder,
      '-d',
      spoolDir,
      '-f',
      'application/pdf',
      '-p',
      String(port),
      '-n',
      'localhost',
      options.name,
    ];
    printer = startDaemon(`ippeveprinter-${options.name}`, bin.ippeveprinter!, args, state.workDir, {
      ...C_LOCALE,
      CO_SIM_FAIL_MARKER: options.failJobsNamed ?? '',
    });
    const started = printer;
    await waitFor(
      `ippeveprinter ${options.name}`,
      async () => {
        if (!alive(started)) throw new Error(`ippeveprinter exited:\n${logTail(started.log)}`);
        return (await run(bin.ipptool!, ['-T', '2', '-q', printerUri, 'get-printer-attributes.test'])).code === 0;
      },
      15_000,
      () => logTail(started.log),
    );

    // A queue left behind by a crashed run has the same name but a dead port.
    if (await queueExists(bin, options.name)) await run(bin.lpadmin!, ['-x', options.name]);
    const added = await run(bin.lpadmin!, ['-p', options.name, '-E', '-v', printerUri, '-m', 'everywhere'], 30_000);
    if (added.code !== 0) throw new Error(`lpadmin could not add ${options.name}: ${added.stderr}`);
    await waitFor(
      `queue ${options.name} to accept jobs`,
      async () => {
        const accepting = await run(bin.lpstat!, ['-a', options.name]);
        const status = await run(bin.lpstat!, ['-p', options.name]);
        return /accepting requests/.test(accepting.stdout) && /\b(idle|enabled)\b/.test(status.stdout) && !/disabled/.test(status.stdout);
      },
      15_000,
    );

    let stopped = false;
    const ownDir = spoolDir;
    return {
      printerName: options.name,
      spoolDir: ownDir,
      printerUri,
      port,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await run(bin.lpadmin!, ['-x', options.name]);
        await stopDaemon(started);
        await rm(ownDir, { recursive: true, force: true });
        await releaseDaemons(state);
      },
    };
  } catch (error) {
    if (printer) await stopDaemon(printer);
    if (await queueExists(bin, options.name).catch(() => false)) await run(bin.lpadmin!, ['-x', options.name]);
    if (spoolDir) await rm(spoolDir, { recursive: true, force: true });
    await releaseDaemons(state);
    throw error;
  }
}

// ---------------------------------------------------------------------------------
// What reached the printer

async function pdfInfo(file: string): Promise<{ pages: number; pageSize: string }> {
  const pdfinfo = findExecutable('pdfinfo');
  if (!pdfinfo) throw new Error('pdfinfo is missing: apt-get install -y poppler-utils');
  const result = await run(pdfinfo, [file]);
  if (result.code !== 0) throw new Error(`pdfinfo ${file}: ${result.stderr}`);
  const pages = /^Pages:\s+(\d+)/m.exec(result.stdout)?.[1];
  const pageSize = /^Page size:\s+(.*)$/m.exec(result.stdout)?.[1] ?? '';
  if (pages === undefined) throw new Error(`pdfinfo ${file}: no page count in\n${result.stdout}`);
  return { pages: Number(pages), pageSize };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

/** Every document the simulated printer printed, oldest first, with its job attributes. */
export async function readSpooledJobs(spoolDir: string): Promise<SpooledJob[]> {
  const names = (await readdir(spoolDir)).filter((n) => n.endsWith('.pdf'));
  // ippeveprinter names documents "<job id>-<job name>.pdf".
  names.sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
  const jobs: SpooledJob[] = [];
  for (const name of names) {
    const file = join(spoolDir, name);
    let ipp: Record<string, string> = {};
    try {
      const record: unknown = JSON.parse(await readFile(`${file}.job.json`, 'utf8'));
      const value = typeof record === 'object' && record !== null ? (record as { ipp?: unknown }).ipp : undefined;
      if (isStringRecord(value)) ipp = value;
    } catch {
      // Still arriving: the recorder has not run yet.
      continue;
    }
    const { pages, pageSize } = await pdfInfo(file);
    jobs.push({
      file,
      jobName: ipp.IPP_JOB_NAME,
      pages,
      pageSize,
      sides: ipp.IPP_SIDES ?? ipp.IPP_SIDES_DEFAULT,
      printColorMode: ipp.IPP_PRINT_COLOR_MODE ?? ipp.IPP_PRINT_COLOR_MODE_DEFAULT,
      copies: Number(ipp.IPP_COPIES ?? ipp.IPP_COPIES_DEFAULT ?? '1'),
      ipp,
    });
  }
  return jobs;
}

/** Waits until the printer has printed a job with this name, and returns it. */
export async function waitForSpooledJob(spoolDir: string, jobName: string, timeoutMs = 20_000): Promise<SpooledJob> {
  let job: SpooledJob | undefined;
  await waitFor(`job "${jobName}" at the printer`, async () => {
    job = (await readSpooledJobs(spoolDir)).find((j) => j.jobName === jobName);
    return job !== undefined;
  }, timeoutMs);
  return job!;
}

function splitCsvRow(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < row.length; i += 1) {
    const ch = row[i];
    if (quoted && ch === '"' && row[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells;
}

export interface PrinterJob {
  id: number;
  name: string;
  state: string;
  sides: string | undefined;
  printColorMode: string | undefined;
}

/**
 * The simulated printer's own job list (IPP Get-Jobs, which-jobs=all), a second witness
 * of what it was asked to do. ippeveprinter forgets a job 60 s after it ends.
 */
export async function printerJobs(sim: CupsSim): Promise<PrinterJob[]> {
  const state = await shared;
  if (!state) throw new Error('printerJobs: no CUPS started');
  // CSV output: a header row of the DISPLAYed attributes, then one row per job.
  const result = await run(state.bin.ipptool!, ['-T', '5', '-c', sim.printerUri, state.getJobsTest]);
  if (result.code !== 0) throw new Error(`Get-Jobs at ${sim.printerUri} failed: ${result.stderr}${result.stdout}`);
  const [header, ...rows] = result.stdout.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const columns = splitCsvRow(header ?? '');
  return rows.map((row) => {
    const cells = splitCsvRow(row);
    const get = (name: string): string | undefined => {
      const index = columns.indexOf(name);
      const value = index >= 0 ? cells[index] : undefined;
      return value === undefined || value === '' ? undefined : value;
    };
    return { id: Number(get('job-id')), name: get('job-name') ?? '', state: get('job-state') ?? '', sides: get('sides'), printColorMode: get('print-color-mode') };
  });
}

export type CupsCommand = 'lpadmin' | 'lpstat' | 'cancel' | 'cupsdisable' | 'cupsenable' | 'cupsreject' | 'cupsaccept';

/** Runs a CUPS administration command (argument array, C locale) for a test to change a queue. */
export async function runCupsCommand(command: CupsCommand, args: readonly string[]): Promise<Run> {
  const path = findExecutable(command);
  if (!path) throw new Error(`${command} is missing: apt-get install -y cups-client`);
  return run(path, args);
}
