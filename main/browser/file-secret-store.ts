// Browser mode's secret store: the session token in a file only the user can read.
// Browser mode runs on developers' and CI machines without Electron, so there is no OS
// key store to ask; the packaged app never uses this (main/electron/secret-store.ts).

import { readFile, rm } from 'node:fs/promises';
import { writePrivateFile, type SecretStore } from '../services/session/secret-store';

export function createFileSecretStore(filePath: string): SecretStore {
  return {
    isAvailable: async () => true,
    async read() {
      try {
        return await readFile(filePath, 'utf8');
      } catch {
        return null;
      }
    },
    write: (secret) => writePrivateFile(filePath, secret),
    clear: () => rm(filePath, { force: true }),
  };
}
