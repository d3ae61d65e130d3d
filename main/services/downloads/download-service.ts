// 证书下载 (manual chapter 6): the electronic version (电子版) of RCEP and RCEP
// back-to-back certificates. Which destinations have one is the server's answer (an
// announcement can change it), cached for offline use. A downloaded e-version is kept in
// the profile beside the layouts: verified before it gets its name (temporary file, hash,
// rename), so a cut or corrupt download never replaces a good file, and checked against
// the recorded hash at every opening, online or offline.

import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type {
  DownloadFailure, DownloadPage, DownloadQuery, DownloadScope, DownloadState, ECertificateDocument,
} from '../../../preload/contract';
import { DOWNLOAD_MESSAGES } from '../../core/download-messages';
import { AppFailure } from '../../core/errors';
import { MESSAGES } from '../../core/messages';
import type { Logger } from '../../log/logger';
import type { ApiClient } from '../../net/client';
import { E_CERTIFICATE_TYPES } from '../../net/contract';
import type { Profile } from '../session/session-service';

export interface DownloadServiceDeps {
  api: ApiClient;
  profile(): Profile;
  emit(state: DownloadState): void;
  saveFile(suggestedName: string, bytes: Uint8Array): Promise<string | null>;
  log: Logger;
  now?: () => Date;
}

const SCOPE_KEY = 'e-certificate-scope';
const cachedScopeSchema = z.object({
  destinations: z.array(z.string().min(1).max(60)).max(200),
  updatedAt: z.string().nullable(),
  fetchedAt: z.string(),
});
type CachedScope = z.infer<typeof cachedScopeSchema>;

/** Progress events at most this often: a fast link would otherwise flood the renderer. */
const PROGRESS_INTERVAL_MS = 100;

const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The e-versions live in the profile folder, beside its layouts. */
export function eCertificatesDir(profile: Profile): string {
  return join(dirname(profile.layoutsDir), 'e-certificates');
}

export function eCertificateFileName(number: string): string {
  return `${number}-电子版.pdf`;
}

export class DownloadService {
  private state: DownloadState = { state: 'idle' };
  private controller: AbortController | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly deps: DownloadServiceDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** The allowed destinations, fresh from the server (and cached), or as last cached when it cannot be reached. */
  async scope(): Promise<DownloadScope> {
    const profile = this.deps.profile();
    try {
      const fresh = await this.deps.api.eCertificateScope();
      const cached: CachedScope = { destinations: fresh.destinations, updatedAt: fresh.updatedAt, fetchedAt: this.now().toISOString() };
      await profile.db.call('setMeta', SCOPE_KEY, JSON.stringify(cached));
      return { ...cached, offline: false };
    } catch (error) {
      if (!(error instanceof AppFailure && error.code === 'OFFLINE')) throw error;
      this.deps.log.warn('e-certificate scope shown from the cache: the server cannot be reached');
      const cached = await this.cachedScope(profile);
      return { destinations: cached?.destinations ?? [], updatedAt: cached?.updatedAt ?? null, fetchedAt: cached?.fetchedAt ?? null, offline: true };
    }
  }

  /** The cached certificates that have an e-version under the last known scope; offline too. */
  async search(query: DownloadQuery): Promise<DownloadPage> {
    const profile = this.deps.profile();
    const scope = await this.cachedScope(profile);
    return profile.db.call('searchECertificates', { ...query, destinations: scope?.destinations ?? [] });
  }

  current(): DownloadState {
    return this.state;
  }

  /** Starts downloading the selected certificates' e-versions, one after the other; progress is pushed. */
  start(certificateIds: readonly string[]): DownloadState {
    if (this.state.state === 'running') throw new AppFailure('BUSY', MESSAGES.BUSY);
    const profile = this.deps.profile();
    const controller = new AbortController();
    this.controller = controller;
    this.publish({ state: 'running', total: certificateIds.length, done: 0, failed: 0, current: null, receivedBytes: 0 });
    this.running = this.run(profile, [...certificateIds], controller.signal).catch((error: unknown) => {
      this.deps.log.error('e-certificate downloads failed', error);
      this.publish({ state: 'finished', total: certificateIds.length, done: 0, failures: [], cancelled: controller.signal.aborted });
    });
    return this.state;
  }

  cancel(): void {
    this.controller?.abort();
  }

  /** Resolves when no download is running. */
  settled(): Promise<void> {
    return this.running;
  }

  /** Sign-out: stop what runs for the previous enterprise and forget its progress. */
  async reset(): Promise<void> {
    this.cancel();
    await this.running;
    this.state = { state: 'idle' };
  }

  /** The kept e-version, checked against the hash recorded when it was downloaded. */
  async open(certificateId: string): Promise<ECertificateDocument> {
    const profile = this.deps.profile();
    const record = await profile.db.call('getECertificate', certificateId);
    const certificate = await profile.db.call('getCertificate', certificateId);
    if (!certificate) throw new AppFailure('NOT_FOUND', DOWNLOAD_MESSAGES.NOT_CACHED);
    if (!record) throw new AppFailure('NOT_FOUND', DOWNLOAD_MESSAGES.MISSING);
    const bytes = await readFile(join(eCertificatesDir(profile), record.fileName)).catch(() => null);
    if (!bytes || bytes.length !== record.size || sha256Of(bytes) !== record.sha256) {
      await profile.db.call('markECertificateDamaged', certificateId);
      this.deps.log.warn('kept e-certificate failed its hash check', { certificateId, missing: bytes === null });
      throw new AppFailure('LAYOUT_CORRUPT', DOWNLOAD_MESSAGES.DAMAGED);
    }
    return { certificateId, fileName: eCertificateFileName(certificate.number), pdf: new Uint8Array(bytes) };
  }

  /** 保存: the kept e-version, checked, wherever the user chooses; null when the user cancelled. */
  async save(certificateId: string): Promise<{ savedTo: string } | null> {
    const document = await this.open(certificateId);
    const savedTo = await this.deps.saveFile(document.fileName, document.pdf);
    return savedTo === null ? null : { savedTo };
  }

  private publish(state: DownloadState): void {
    this.state = state;
    this.deps.emit(state);
  }

  private async run(profile: Profile, certificateIds: string[], signal: AbortSignal): Promise<void> {
    const total = certificateIds.length;
    const failures: DownloadFailure[] = [];
    let done = 0;
    let lastProgress = 0;
    for (const certificateId of certificateIds) {
      if (signal.aborted) break;
      const certificate = await profile.db.call('getCertificate', certificateId);
      const number = certificate?.number ?? certificateId;
      this.publish({ state: 'running', total, done, failed: failures.length, current: number, receivedBytes: 0 });
      const onBytes = (receivedBytes: number): void => {
        const now = Date.now();
        if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
        lastProgress = now;
        this.publish({ state: 'running', total, done, failed: failures.length, current: number, receivedBytes });
      };
      try {
        if (!certificate) throw new AppFailure('NOT_FOUND', DOWNLOAD_MESSAGES.NOT_CACHED);
        if (!(E_CERTIFICATE_TYPES as readonly string[]).includes(certificate.type)) {
          throw new AppFailure('INVALID_ARGUMENT', DOWNLOAD_MESSAGES.NOT_ELIGIBLE);
        }
        await this.downloadOne(profile, certificateId, signal, onBytes);
        done++;
      } catch (error) {
        if (signal.aborted) break;
        const message = error instanceof AppFailure ? error.message : MESSAGES.SERVER_ERROR;
        if (!(error instanceof AppFailure)) this.deps.log.error('e-certificate download failed', error);
        failures.push({ certificateId, number, message });
      }
    }
    this.controller = null;
    this.publish({ state: 'finished', total, done, failures, cancelled: signal.aborted });
    this.deps.log.info('e-certificate downloads finished', { total, done, failed: failures.length, cancelled: signal.aborted });
  }

  private async downloadOne(profile: Profile, certificateId: string, signal: AbortSignal, onBytes: (bytes: number) => void): Promise<void> {
    const { bytes, sha256 } = await this.deps.api.eCertificate(certificateId, signal, onBytes);
    const dir = eCertificatesDir(profile);
    await mkdir(dir, { recursive: true });
    // The id is [A-Za-z0-9_-] (contract), safe in a file name; the hash makes a new version a new file.
    const fileName = `${certificateId}-${sha256.slice(0, 16)}.pdf`;
    const target = join(dir, fileName);
    const temporary = join(dir, `${fileName}.${randomUUID()}.tmp`);
    try {
      await writeFile(temporary, bytes, { flush: true });
      // What reached the disk is what gets the name, not just what arrived.
      if (sha256Of(await readFile(temporary)) !== sha256) throw new AppFailure('LAYOUT_CORRUPT', DOWNLOAD_MESSAGES.CORRUPT);
      if (signal.aborted) throw new AppFailure('CANCELLED', MESSAGES.CANCELLED);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    const previous = await profile.db.call('getECertificate', certificateId);
    await profile.db.call('recordECertificate', { certificateId, sha256, size: bytes.length, fileName, downloadedAt: this.now().toISOString() });
    if (previous && previous.fileName !== fileName) await rm(join(dir, previous.fileName), { force: true });
  }

  private async cachedScope(profile: Profile): Promise<CachedScope | null> {
    const raw = await profile.db.call('getMeta', SCOPE_KEY);
    if (raw === null) return null;
    try {
      const parsed = cachedScopeSchema.safeParse(JSON.parse(raw) as unknown);
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
