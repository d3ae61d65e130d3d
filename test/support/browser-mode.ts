// Starts the built app in browser mode (out/main/browser-mode.js) as its own
// process, the way a developer does, so a test can kill it like a crash would.

import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export interface BrowserModeApp {
  url: string;
  process: ChildProcess;
  /** SIGKILL: no shutdown code runs, as in a crash or a power cut. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

const ENTRY = resolve('out/main/browser-mode.js');

export async function startBrowserMode(options: {
  serverUrl: string;
  caCertPath: string;
  dataDir: string;
  /** The e-port signing service the app's card login talks to: the sandbox's stand-in. */
  cardServiceUrl: string;
  /** A fixed bridge port and token, so an open page reaches the app again after a restart. */
  bridge?: { port: number; token: string };
  /** Node options before the entry (a benchmark's `--require` probe) and the variables they read. */
  node?: { args: string[]; env: Record<string, string> };
}): Promise<BrowserModeApp> {
  const child = spawn(process.execPath, [...(options.node?.args ?? []), ENTRY], {
    env: {
      ...process.env,
      ...options.node?.env,
      CO_SERVER_URL: options.serverUrl,
      CO_CA_CERT: options.caCertPath,
      CO_DATA_DIR: options.dataDir,
      CO_SOFT_CARD: '',
      CO_CARD_SERVICE_URL: options.cardServiceUrl,
      ...(options.bridge ? { CO_BRIDGE_PORT: String(options.bridge.port), CO_BRIDGE_TOKEN: options.bridge.token } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`browser mode did not start in time\n${stderr}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /BROWSER_MODE_URL (\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited with ${code} (run 'npm run build' first?)\n${stderr}`));
    });
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  return {
    url,
    process: child,
    async crash() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
