// Where the session token rests between runs. Electron keeps it with the OS key store
// (main/electron/secret-store.ts: DPAPI, Keychain, libsecret); browser mode, which is
// for development and tests, in a file only the user can read (main/browser). Passwords
// and PINs are never given to either.

import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface SecretStore {
  /** Whether secrets can be stored here at all. Valid only after app 'ready'. */
  isAvailable(): Promise<boolean>;
  /** The stored secret, or null when there is none or it can no longer be decrypted. */
  read(): Promise<string | null>;
  /** Throws when storage is unavailable. */
  write(secret: string): Promise<void>;
  clear(): Promise<void>;
}

/** Writes a file readable by its owner only, through a temporary name, so a crash never leaves half of it. */
export async function writePrivateFile(filePath: string, bytes: Uint8Array | string): Promise<void> {
  await mkdir(dirname(filePath), { recursive: true });
  const temporary = `${filePath}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, bytes, { mode: 0o600, flush: true });
  await rename(temporary, filePath);
}
