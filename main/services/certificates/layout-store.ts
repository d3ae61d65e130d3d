// Layout PDFs on disk, content-addressed by their SHA-256. A file is written to a
// temporary name and renamed into place, so a crash never leaves half a PDF under a
// valid name; a file whose hash no longer matches is fetched again.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LayoutKind } from '../../../preload/contract';
import { AppFailure } from '../../core/errors';
import { MESSAGES } from '../../core/messages';
import type { ApiClient } from '../../net/client';
import type { CertificateDto } from '../../net/contract';
import type { Profile } from '../session/session-service';
import { writeFileAtomically } from '../storage/atomic-file';

export class LayoutStore {
  constructor(private readonly api: ApiClient) {}

  /** The layout's bytes, from disk when they are there and intact, else from the server. */
  async read(profile: Profile, certificate: CertificateDto, kind: LayoutKind, signal?: AbortSignal): Promise<Buffer> {
    if (certificate.layoutStatus !== 'received' || !certificate.layouts) {
      throw new AppFailure('LAYOUT_NOT_READY', MESSAGES.LAYOUT_NOT_READY);
    }
    const expected = certificate.layouts[kind].sha256;
    const known = await profile.db.call('getLayout', certificate.certificateId, kind);
    if (known && known.sha256 === expected) {
      const cached = await readIfIntact(join(profile.layoutsDir, known.fileName), expected);
      if (cached) return cached;
    }
    const bytes = await this.api.layout(certificate.certificateId, kind, expected, signal);
    const fileName = `${expected}.pdf`;
    await writeFileAtomically(join(profile.layoutsDir, fileName), bytes);
    await profile.db.call('recordLayout', {
      certificateId: certificate.certificateId,
      kind,
      sha256: expected,
      size: bytes.length,
      fileName,
    });
    return bytes;
  }
}

async function readIfIntact(path: string, sha256: string): Promise<Buffer | null> {
  try {
    const bytes = await readFile(path);
    return createHash('sha256').update(bytes).digest('hex') === sha256 ? bytes : null;
  } catch {
    return null;
  }
}
