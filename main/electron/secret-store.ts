// Keeps one secret (the session token) encrypted at rest with the OS's key store
// (DPAPI on Windows, libsecret/kwallet on Linux) through safeStorage. Where no real
// key store exists it refuses rather than writing something only obfuscated: the
// caller then keeps the token in memory and the user signs in again next start.

import { readFile, rm } from 'node:fs/promises';
import { safeStorage } from 'electron';
import type { Logger } from '../log/logger';
import { writePrivateFile, type SecretStore } from '../services/session/secret-store';

export function createSecretStore(filePath: string, log: Logger): SecretStore {
  const isAvailable = async (): Promise<boolean> => {
    // On Linux without a keyring Chromium falls back to 'basic_text': a hard-coded
    // key, which is obfuscation and not encryption.
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return false;
    return safeStorage.isAsyncEncryptionAvailable();
  };

  const write = async (secret: string): Promise<void> => {
    if (!(await isAvailable())) throw new Error('secure storage is not available on this system');
    await writePrivateFile(filePath, await safeStorage.encryptStringAsync(secret));
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
