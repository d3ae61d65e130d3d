// Delivers the outbox: writes recorded locally (with the change they report) that
// the server must receive exactly once. Delivery is in order, one at a time; a row
// leaves the outbox only after the server acknowledged it, and its idempotency key
// makes a repeat after a crash or a lost answer harmless. While the server cannot
// be reached, delivery is retried with growing pauses.

import { z } from 'zod';
import { AppFailure } from '../../core/errors';
import type { Logger } from '../../log/logger';
import type { ApiClient } from '../../net/client';
import { spoolerOutcomeSchema } from '../../net/contract';
import type { OutboxEntry } from '../../db/queries/outbox';
import type { Profile } from '../session/session-service';

const confirmationPayload = z.object({
  printId: z.string().min(1),
  answer: z.enum(['yes', 'no']),
  spoolerOutcome: spoolerOutcomeSchema,
});

const exceptionPrintPayload = z.object({ applicationId: z.string().min(1), printId: z.string().min(1) });

export interface OutboxServiceDeps {
  api: ApiClient;
  profile(): Profile;
  log: Logger;
  /** Called when delivered writes changed certificates, so the UI can refresh. */
  onDelivered?: () => void;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export class OutboxService {
  private flushing: Promise<void> | null = null;
  private again = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(private readonly deps: OutboxServiceDeps) {}

  /** Starts (or joins) a delivery run. Never throws: failures are retried later. */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = this.deliverAll()
      .catch((error: unknown) => this.deps.log.error('outbox delivery crashed', error))
      .finally(() => {
        this.flushing = null;
        if (this.again) {
          this.again = false;
          void this.flush();
        }
      });
    return this.flushing;
  }

  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async deliverAll(): Promise<void> {
    let profile: Profile;
    try {
      profile = this.deps.profile();
    } catch {
      return; // signed out: the rows wait in that enterprise's database for its next sign-in
    }
    for (;;) {
      const [entry] = await profile.db.call('pendingOutbox', 1);
      if (!entry) break;
      try {
        await this.deliver(profile, entry);
        await profile.db.call('removeOutbox', entry.id);
        this.failures = 0;
        this.deps.onDelivered?.();
      } catch (error) {
        await profile.db.call('noteOutboxFailure', entry.id, error instanceof Error ? error.message : String(error));
        this.scheduleRetry(error);
        return;
      }
    }
  }

  private async deliver(profile: Profile, entry: OutboxEntry): Promise<void> {
    switch (entry.operation) {
      case 'print-confirmation': {
        const payload = confirmationPayload.parse(JSON.parse(entry.payload));
        const response = await this.deps.api.confirmPrint(
          payload.printId,
          { answer: payload.answer, spoolerOutcome: payload.spoolerOutcome },
          entry.idempotencyKey,
        );
        await profile.db.call('upsertCertificates', [response.certificate]);
        this.deps.log.info('confirmation delivered', { printId: payload.printId });
        return;
      }
      case 'exception-print': {
        // 打印异常申请: the reprint of an original, counted by the server once per key.
        const payload = exceptionPrintPayload.parse(JSON.parse(entry.payload));
        const response = await this.deps.api.reportExceptionPrint(payload.applicationId, payload.printId, entry.idempotencyKey);
        await profile.db.call('upsertCertificates', [response.certificate]);
        await profile.db.call('upsertExceptionApplications', [response.application]);
        this.deps.log.info('exception print delivered', { printId: payload.printId });
        return;
      }
    }
  }

  private scheduleRetry(error: unknown): void {
    this.failures += 1;
    const base = this.deps.retryBaseMs ?? 2_000;
    const delay = Math.min(base * 2 ** (this.failures - 1), this.deps.retryMaxMs ?? 60_000);
    const code = error instanceof AppFailure ? error.code : 'INTERNAL';
    this.deps.log.warn('outbox delivery failed; will retry', { code, delayMs: delay });
    this.stop();
    this.retryTimer = setTimeout(() => void this.flush(), delay);
    this.retryTimer.unref();
  }
}
