// 常见问题及解答: the built-in FAQ until a first refresh, then the newest edition the
// server published, kept in a file under the data dir. It is the same for every
// enterprise and needed before sign-in, so it lives outside the profiles' caches.
// A refresh that fails in any way (offline, refused or unparsable content, a broken
// cache file) leaves the copy the user sees as it was.

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { FaqDocument, FaqRefresh, FaqView } from '../../../preload/contract';
import { AppFailure } from '../../core/errors';
import type { Logger } from '../../log/logger';
import type { ApiClient } from '../../net/client';
import { faqDocumentSchema } from '../../net/contract';
import { BUILT_IN_FAQ } from './builtin-faq';
import { writeFileAtomically } from '../storage/atomic-file';

export const FAQ_MESSAGES = {
  OFFLINE: '无法连接服务器,未能下载最新的常见问题及解答,仍显示当前版本。',
  SERVER_ERROR: '服务器返回的常见问题及解答内容无法识别,未予采用,仍显示当前版本。',
} as const;

const cacheFileSchema = z.object({ downloadedAt: z.iso.datetime({ offset: true }), document: faqDocumentSchema }).strict();

export interface HelpServiceDeps {
  api: Pick<ApiClient, 'faq'>;
  /** The cached edition (JSON); written whole and renamed into place, so a crash never leaves half of it. */
  faqFile: string;
  log: Logger;
  builtIn?: FaqDocument;
  now?: () => Date;
}

export class HelpService {
  private refreshing: Promise<FaqRefresh> | null = null;

  constructor(private readonly deps: HelpServiceDeps) {}

  async faq(): Promise<FaqView> {
    const cached = await this.readCache();
    if (cached && cached.document.version >= this.builtIn().version) {
      return { document: cached.document, source: 'downloaded', downloadedAt: cached.downloadedAt };
    }
    // A cache older than the edition this app was built with is of no use any more.
    return { document: this.builtIn(), source: 'built-in', downloadedAt: null };
  }

  /** 下载最新的常见问题及解答. Concurrent calls (the button and a sync) share one request. */
  refreshFaq(signal?: AbortSignal): Promise<FaqRefresh> {
    this.refreshing ??= this.refreshOnce(signal).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refreshOnce(signal?: AbortSignal): Promise<FaqRefresh> {
    let document: FaqDocument;
    try {
      document = await this.deps.api.faq(signal);
    } catch (error) {
      if (error instanceof AppFailure && error.code === 'OFFLINE') throw new AppFailure('OFFLINE', FAQ_MESSAGES.OFFLINE, { cause: error });
      if (error instanceof AppFailure && error.code === 'CANCELLED') throw error;
      this.deps.log.warn('faq refused', { reason: error instanceof AppFailure ? error.code : String(error) });
      throw new AppFailure('SERVER_ERROR', FAQ_MESSAGES.SERVER_ERROR, { cause: error });
    }
    const shown = await this.faq();
    // An edition the user already has (or an older one, from a server rolled back) changes nothing.
    if (document.version <= shown.document.version) return { view: shown, changed: false };
    const downloadedAt = (this.deps.now?.() ?? new Date()).toISOString();
    await this.writeCache({ downloadedAt, document });
    this.deps.log.info('faq refreshed', { version: document.version });
    return { view: { document, source: 'downloaded', downloadedAt }, changed: true };
  }

  private builtIn(): FaqDocument {
    return this.deps.builtIn ?? BUILT_IN_FAQ;
  }

  private async readCache(): Promise<z.infer<typeof cacheFileSchema> | null> {
    let text: string;
    try {
      text = await readFile(this.deps.faqFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.deps.log.warn('faq cache unreadable', { reason: String(error) });
      return null;
    }
    let json: unknown;
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      json = undefined;
    }
    const parsed = cacheFileSchema.safeParse(json);
    if (!parsed.success) {
      this.deps.log.warn('faq cache damaged: the built-in copy is shown');
      return null;
    }
    return parsed.data;
  }

  private async writeCache(content: z.infer<typeof cacheFileSchema>): Promise<void> {
    await writeFileAtomically(this.deps.faqFile, JSON.stringify(content));
  }
}
