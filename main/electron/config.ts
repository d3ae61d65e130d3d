// Where the server is. Order: environment (developers, the sandbox, tests), then
// <userData>/settings.json (an installation's own server), then the sandbox default.
// No Electron here, so it is tested in plain Node.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { AppConfig, CardConfig } from '../app-core';
import { loopbackUrl } from '../services/card/eport-card';
import { EPORT_SERVICE_URL } from '../services/card/eport-protocol';
import type { Logger } from '../log/logger';

/** The development sandbox (test/sandbox) listens here. */
export const DEFAULT_SERVER_URL = 'https://127.0.0.1:8443';

const SettingsFile = z.object({ serverUrl: z.string().optional() }).loose();

export async function loadAppConfig(options: {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  trustedOrigin: string;
  log: Logger;
}): Promise<AppConfig> {
  const { dataDir, env, trustedOrigin, log } = options;
  return {
    serverUrl: await resolveServerUrl(dataDir, env, log),
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

async function resolveServerUrl(dataDir: string, env: NodeJS.ProcessEnv, log: Logger): Promise<string> {
  const fromEnv = nonEmpty(env.CO_SERVER_URL);
  if (fromEnv !== undefined) {
    // A developer's typo should stop the app, not silently talk to another server.
    if (!isHttpsUrl(fromEnv)) throw new Error(`CO_SERVER_URL must be an https URL: ${fromEnv}`);
    return stripTrailingSlash(fromEnv);
  }

  const settingsPath = join(dataDir, 'settings.json');
  let text: string;
  try {
    text = await readFile(settingsPath, 'utf8');
  } catch {
    return DEFAULT_SERVER_URL;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    log.warn('settings.json is not JSON; using the default server', { settingsPath });
    return DEFAULT_SERVER_URL;
  }
  const parsed = SettingsFile.safeParse(json);
  const url = parsed.success ? nonEmpty(parsed.data.serverUrl) : undefined;
  if (url === undefined) return DEFAULT_SERVER_URL;
  if (!isHttpsUrl(url)) {
    log.warn('settings.json serverUrl is not an https URL; using the default server', { settingsPath });
    return DEFAULT_SERVER_URL;
  }
  return stripTrailingSlash(url);
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
