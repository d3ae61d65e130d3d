import { execFile } from 'node:child_process';

// How the backends run the spooler's command-line tools. Injectable so unit tests can
// replay recorded outputs; the default runs the real executable with execFile, never
// through a shell, so no argument is ever re-parsed.

export interface CommandResult {
  stdout: string;
  stderr: string;
  /** The process's exit code; the runner does not throw on a non-zero exit so callers can read stderr. */
  exitCode: number;
}

export interface RunOptions {
  /** Every call has a deadline: a wedged spooler must not hang a print batch. */
  timeoutMs: number;
  /** Extra environment variables (merged over the inherited environment). */
  env?: Record<string, string>;
}

export type CommandRunner = (file: string, args: readonly string[], options: RunOptions) => Promise<CommandResult>;

export type CommandFailureKind = 'not-installed' | 'timeout' | 'failed-to-run';

/** Thrown by a runner when the program could not run to its end (as opposed to exiting non-zero). */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    readonly kind: CommandFailureKind,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

interface ExecFailure {
  code?: unknown;
  killed?: unknown;
  signal?: unknown;
}

function asExecFailure(value: unknown): ExecFailure {
  return typeof value === 'object' && value !== null ? (value as ExecFailure) : {};
}

export const execFileRunner: CommandRunner = (file, args, options) =>
  new Promise<CommandResult>((resolve, reject) => {
    execFile(
      file,
      [...args],
      {
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_OUTPUT_BYTES,
        encoding: 'utf8',
        windowsHide: true,
        env: { ...process.env, ...options.env },
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, stderr, exitCode: 0 });
          return;
        }
        const failure = asExecFailure(error);
        if (failure.code === 'ENOENT') {
          reject(new CommandError('not-installed', file, `${file} is not installed`, { cause: error }));
        } else if (failure.killed === true || failure.signal === 'SIGKILL') {
          reject(new CommandError('timeout', file, `${file} did not finish within ${options.timeoutMs} ms`, { cause: error }));
        } else if (typeof failure.code === 'number') {
          resolve({ stdout, stderr, exitCode: failure.code });
        } else {
          reject(new CommandError('failed-to-run', file, `${file} could not be run: ${error.message}`, { cause: error }));
        }
      },
    );
  });
