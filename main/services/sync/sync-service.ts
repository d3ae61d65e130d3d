// Sync: refresh the authorizations that decide what may be self-printed (the
// enterprise's own and its principals'), fetch the server's changes after our cursor,
// page by page, each page and its cursor committed in one transaction (so an
// interruption resumes where it stopped and never half-writes), then fetch the
// layouts of certificates waiting to be printed so they can be previewed and printed
// offline.
//
// Certificates that a sync made printable (received, unarchived, pending, authorized)
// and that were not printable in the cache before are counted page by page, from the
// page's own rows, and told as 'sync:newPrintable' (a notification).
//
// State (pushed as 'sync:state'):
//   idle ──start──▶ running ──done──▶ idle
//                      │──error───▶ failed ──start──▶ running
//                      └──cancel──▶ cancelled ──start──▶ running

import type { SyncState } from '../../../preload/contract';
import { AppFailure, toAppError } from '../../core/errors';
import { MESSAGES } from '../../core/messages';
import type { Logger } from '../../log/logger';
import type { ApiClient } from '../../net/client';
import type { LayoutStore } from '../certificates/layout-store';
import type { Profile } from '../session/session-service';

export interface SyncServiceDeps {
  api: ApiClient;
  layouts: LayoutStore;
  profile(): Profile;
  emit(state: SyncState): void;
  /** Replaces the cached authorizations (ProxyService.refresh). */
  refreshAuthorizations(profile: Profile, signal: AbortSignal): Promise<void>;
  log: Logger;
  now?: () => Date;
  pageSize?: number;
  /** How many layouts one sync prefetches at most. */
  layoutPrefetch?: number;
  /** A sync brought certificates that are printable now and were not before (never on a first sync). */
  onNewPrintable?(count: number): void;
}

export class SyncService {
  private state: SyncState = { state: 'idle', lastSuccessAt: null };
  private controller: AbortController | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly deps: SyncServiceDeps) {}

  current(): SyncState {
    return this.state;
  }

  /** Starts a sync in the background; refuses while one runs. */
  start(): void {
    if (this.running) throw new AppFailure('BUSY', MESSAGES.BUSY);
    const profile = this.deps.profile();
    const controller = new AbortController();
    this.controller = controller;
    this.running = this.run(profile, controller.signal).finally(() => {
      this.running = null;
      this.controller = null;
    });
  }

  /** Resolves when the current sync (if any) has ended. */
  async settled(): Promise<void> {
    await this.running;
  }

  cancel(): void {
    this.controller?.abort();
  }

  /** After sign-out: forget the state of the previous user's cache. */
  async reset(): Promise<void> {
    this.cancel();
    await this.settled();
    this.state = { state: 'idle', lastSuccessAt: null };
  }

  private async run(profile: Profile, signal: AbortSignal): Promise<void> {
    const lastSuccessAt = await profile.db.call('getLastSyncSuccess');
    let received = 0;
    let layoutsDownloaded = 0;
    let newlyPrintable = 0;
    // A first sync fills an empty cache: everything in it is "new", which is no news.
    const countNewlyPrintable = lastSuccessAt !== null;
    this.set({ state: 'running', received, layoutsDownloaded });
    try {
      await this.deps.refreshAuthorizations(profile, signal);
      let cursor = await profile.db.call('getSyncCursor');
      // Pipelined: page n+1 is requested as soon as page n has arrived, so the server and
      // the network work while the database worker writes page n. Pages are still applied
      // one after another, in order, each with its own cursor.
      const pages = new AbortController();
      const pageSignal = AbortSignal.any([signal, pages.signal]);
      const fetchPage = (from: number) => {
        const request = this.deps.api.changes(from, this.deps.pageSize ?? 500, pageSignal);
        // Seen when awaited; a prefetch left behind by a failed write must not be an unhandled rejection.
        request.catch(() => undefined);
        return request;
      };
      let next = fetchPage(cursor);
      try {
        for (;;) {
          const page = await next;
          if (signal.aborted) throw new AppFailure('CANCELLED', MESSAGES.CANCELLED);
          if (page.hasMore && page.nextCursor <= cursor) {
            // A server that says "more" without moving the cursor would keep us here forever.
            this.deps.log.warn('changes cursor did not advance', { cursor });
            throw new AppFailure('SERVER_ERROR', MESSAGES.SERVER_ERROR);
          }
          if (page.hasMore) next = fetchPage(page.nextCursor);
          newlyPrintable += await profile.db.call('applyChangesPage', page.items, page.nextCursor, { countNewlyPrintable });
          cursor = page.nextCursor;
          received += page.items.length;
          this.set({ state: 'running', received, layoutsDownloaded });
          if (!page.hasMore) break;
        }
      } finally {
        // Whatever ended the loop, a prefetch still in flight is not wanted.
        pages.abort();
      }
      const missing = await profile.db.call('certificatesMissingLayouts', this.deps.layoutPrefetch ?? 200);
      for (const { certificateId, kind } of missing) {
        if (signal.aborted) throw new AppFailure('CANCELLED', MESSAGES.CANCELLED);
        const certificate = await profile.db.call('getCertificate', certificateId);
        if (!certificate) continue;
        try {
          await this.deps.layouts.read(profile, certificate, kind, signal);
          layoutsDownloaded += 1;
        } catch (error) {
          // One damaged layout must not stop the rest; it is fetched again on preview.
          if (!(error instanceof AppFailure && error.code === 'LAYOUT_CORRUPT')) throw error;
        }
        this.set({ state: 'running', received, layoutsDownloaded });
      }
      const at = (this.deps.now?.() ?? new Date()).toISOString();
      await profile.db.call('setLastSyncSuccess', at);
      this.deps.log.info('sync done', { received, layoutsDownloaded });
      this.set({ state: 'idle', lastSuccessAt: at });
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'CANCELLED' || signal.aborted) {
        this.set({ state: 'cancelled', lastSuccessAt });
      } else {
        if (!(error instanceof AppFailure)) this.deps.log.error('sync failed', error);
        this.set({ state: 'failed', error: appError, lastSuccessAt });
      }
    }
    // The pages applied stay applied, whatever ended the run: their news is told now or never.
    if (newlyPrintable > 0) {
      this.deps.log.info('new printable certificates', { count: newlyPrintable });
      this.deps.onNewPrintable?.(newlyPrintable);
    }
  }

  private set(state: SyncState): void {
    this.state = state;
    this.deps.emit(state);
  }
}
