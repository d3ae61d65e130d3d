// Where the session token rests between runs. Electron keeps it with the OS key store
// (main/electron/secret-store.ts: DPAPI, Keychain, libsecret); browser mode, which is
// for development and tests, in a file only the user can read (main/browser). Passwords
// and PINs are never given to either.

import { writeFileAtomically } from '../storage/atomic-file';

export interface SecretStore {
  /** Whether secrets can be stored here at all. Valid only after app 'ready'. */
  isAvailable(): Promise<boolean>;
  /** The stored secret, or null when there is none or it can no longer be decrypted. */
  read(): Promise<string | null>;
  /** Throws when storage is unavailable. */
  write(secret: string): Promise<void>;
  clear(): Promise<void>;
}

/** Writes a file readable by its owner only, so a crash never leaves half of it. */
export function writePrivateFile(filePath: string, bytes: Uint8Array | string): Promise<void> {
  return writeFileAtomically(filePath, bytes, { mode: 0o600 });
}
