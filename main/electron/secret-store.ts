// Keeps one secret (the session token) encrypted at rest with the OS's key store
// (DPAPI on Windows, libsecret/kwallet on Linux) through safeStorage. Where no real
// key store exists it refuses rather than writing something only obfuscated: the
// caller then keeps the token in memory and the user signs in again next start.

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { safeStorage } from 'electron';
import type { Logger } from '../log/logger';

export interface SecretStore {
  /** Whether secrets can be stored here at all. Valid only after app 'ready'. */
  isAvailable(): Promise<boolean>;
  /** The stored secret, or null when there is none or it can no longer be decrypted. */
  read(): Promise<string | null>;
  /** Throws when encryption is unavailable. */
  write(secret: string): Promise<void>;
  clear(): Promise<void>;
}

export function createSecretStore(filePath: string, log: Logger): SecretStore {
  const isAvailable = async (): Promise<boolean> => {
    // On Linux without a keyring Chromium falls back to 'basic_text': a hard-coded
    // key, which is obfuscation and not encryption.
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return false;
    return safeStorage.isAsyncEncryptionAvailable();
  };

  const write = async (secret: string): Promise<void> => {
    if (!(await isAvailable())) throw new Error('secure storage is not available on this system');
    const encrypted = await safeStorage.encryptStringAsync(secret);
    await mkdir(dirname(filePath), { recursive: true });
    // Write then rename, so a crash never leaves half a file that fails to decrypt.
    const temporary = `${filePath}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, encrypted, { mode: 0o600 });
    await rename(temporary, filePath);
  };

  return {
    isAvailable,
    write,
    async read() {
      let encrypted: Buffer;
      try {
        encrypted = await readFile(filePath);
      } catch {
        return null;
      }
      if (!(await isAvailable())) return null;
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(encrypted);
        if (shouldReEncrypt) await write(result);
        return result;
      } catch (error) {
        // The OS key changed (new user profile, reinstalled keyring): the token is lost,
        // which only means signing in again.
        log.warn('a stored secret could not be decrypted; it is discarded', {
          reason: error instanceof Error ? error.message : String(error),
        });
        await rm(filePath, { force: true });
        return null;
      }
    },
    async clear() {
      await rm(filePath, { force: true });
    },
  };
}
