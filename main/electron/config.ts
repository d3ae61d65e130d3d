// The configured defaults: the server from the environment (developers, the sandbox,
// tests), else the sandbox's address. An address saved in 设置 (<userData>/settings.json,
// main/services/settings/settings-store.ts) wins over this default.
// No Electron here, so it is tested in plain Node.

import type { AppConfig, CardConfig } from '../app-core';
import { loopbackUrl } from '../services/card/eport-card';
import { EPORT_SERVICE_URL } from '../services/card/eport-protocol';
import type { Logger } from '../log/logger';

/** The development sandbox (test/sandbox) listens here. */
export const DEFAULT_SERVER_URL = 'https://127.0.0.1:8443';

export async function loadAppConfig(options: {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  trustedOrigin: string;
  log: Logger;
}): Promise<AppConfig> {
  const { env, trustedOrigin } = options;
  return {
    serverUrl: await resolveServerUrl(env),
    caCertPath: nonEmpty(env.CO_CA_CERT) ?? null,
    card: cardConfig(env),
    trustedOrigin,
  };
}

/** The soft card when one is named (training), else the e-port control at its address (CO_CARD_SERVICE_URL: the sandbox's stand-in). */
export function cardConfig(env: NodeJS.ProcessEnv): CardConfig {
  const p12Path = nonEmpty(env.CO_SOFT_CARD);
  if (p12Path !== undefined) return { kind: 'soft', p12Path };
  // The PIN goes to this address: anything but a ws:// address on this machine stops the app.
  return { kind: 'eport', url: loopbackUrl(nonEmpty(env.CO_CARD_SERVICE_URL) ?? EPORT_SERVICE_URL) };
}

async function resolveServerUrl(env: NodeJS.ProcessEnv): Promise<string> {
  const fromEnv = nonEmpty(env.CO_SERVER_URL);
  if (fromEnv === undefined) return DEFAULT_SERVER_URL;
  // A developer's typo should stop the app, not silently talk to another server.
  if (!isHttpsUrl(fromEnv)) throw new Error(`CO_SERVER_URL must be an https URL: ${fromEnv}`);
  return stripTrailingSlash(fromEnv);
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
