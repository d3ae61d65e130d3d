// `npm run dev`: the sandbox server and the app against it, for development and
// training. Browser mode by default (prints the URL to open); `-- --electron` runs
// the desktop app instead, where the Electron binary is installed. Expects `out/`
// to be built (the npm script builds first).

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { SOFT_CARD_PIN, describeUsers, startSandbox } from './server';

async function main(): Promise<void> {
  const electron = process.argv.includes('--electron');
  const sandbox = await startSandbox({ dataDir: resolve('.sandbox-data'), port: 8443, log: () => {} });
  console.log(`[dev] sandbox ${sandbox.url}; e-port card service (stand-in) ${sandbox.cardService.url}, card inserted: ${sandbox.cardService.inserted() ?? 'none'}`);
  for (const line of describeUsers(SOFT_CARD_PIN)) console.log(`[dev]   ${line}`);
  console.log(`[dev] switch cards: PUT ${sandbox.url}/__sandbox/card {"userId": "u_operator" | null} with x-sandbox-control-token: ${sandbox.controlToken}`);
  // The app signs through the stand-in exactly as it would through the real e-port control;
  // a CO_SOFT_CARD left in the shell would make it bypass the stand-in.
  const { CO_SOFT_CARD: _softCard, ...inherited } = process.env;
  const env = { ...inherited, CO_SERVER_URL: sandbox.url, CO_CA_CERT: sandbox.caCertPath, CO_CARD_SERVICE_URL: sandbox.cardService.url };
  const [command, args] = electron
    ? [resolve('node_modules/.bin/electron'), ['.']]
    : [process.execPath, [resolve('out/main/browser-mode.js')]];
  const app = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  app.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    const match = /BROWSER_MODE_URL (\S+)/.exec(text);
    process.stdout.write(match ? `[dev] open ${match[1]} in Chromium\n` : text);
  });
  const stop = async (code: number) => {
    app.kill('SIGTERM');
    await sandbox.stop();
    process.exit(code);
  };
  app.once('exit', (code) => void stop(code ?? 0));
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
}

main().catch((error: unknown) => {
  console.error('[dev] failed to start', error);
  process.exit(1);
});
