// `npm run sandbox -- [--data DIR] [--seed N] [--count N] [--port N] [--card-port N]`
// Starts the sandbox server for development and stays up until SIGINT/SIGTERM.

import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CONTROL_TOKEN_HEADER, SOFT_CARD_PIN, describeUsers, startSandbox } from './server';

const argsSchema = z.object({
  data: z.string().min(1).default('.sandbox-data'),
  seed: z.coerce.number().int().min(0).max(0xffffffff).optional(),
  count: z.coerce.number().int().min(1).max(2_000_000).optional(),
  port: z.coerce.number().int().min(0).max(65535).default(8443),
  'card-port': z.coerce.number().int().min(0).max(65535).default(0),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      seed: { type: 'string' },
      count: { type: 'string' },
      port: { type: 'string' },
      'card-port': { type: 'string' },
    },
    strict: true,
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(z.prettifyError(parsed.error));
    process.exit(2);
  }
  const args = parsed.data;
  const sandbox = await startSandbox({
    dataDir: args.data,
    port: args.port,
    cardServicePort: args['card-port'],
    // Left out, an existing data dir is reused as it is; given, a data dir made with other values is rebuilt.
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(args.count !== undefined ? { certificateCount: args.count } : {}),
    log: (line) => console.log(line),
  });
  const info = sandbox.control.info();
  console.log(`[sandbox] listening on ${sandbox.url}`);
  console.log(`[sandbox] CA certificate: ${sandbox.caCertPath}`);
  console.log(`[sandbox] control token (${CONTROL_TOKEN_HEADER}): ${sandbox.controlToken}`);
  console.log(`[sandbox] data: ${info.dataDir} (seed ${info.seed}, ${info.totalCount} certificates)`);
  console.log(`[sandbox] e-port card service (stand-in): ${sandbox.cardService.url}, card inserted: ${sandbox.cardService.inserted() ?? 'none'}`);
  console.log('[sandbox] users:');
  for (const line of describeUsers(SOFT_CARD_PIN)) console.log(`[sandbox]   ${line}`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`[sandbox] ${signal}: stopping`);
    sandbox.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('[sandbox] stop failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('[sandbox] failed to start', error);
  process.exit(1);
});
