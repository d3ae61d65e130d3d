// Fault injection for the product API (never for /__sandbox/ control requests).
// Decisions come from a PRNG seeded by the sandbox seed and reset by every
// setFaults(), so the same settings and the same request order give the same faults.
//
//   error     → 500 INTERNAL before the request is applied (nothing changes)
//   drop      → the request IS applied, then the socket is destroyed without an answer
//   truncate  → the request IS applied, half the body is sent, then the socket is destroyed
//   failNext  → the next N requests get the error fault, regardless of the rates
//
// drop and truncate apply first so a client that retries must rely on its idempotency key.

import { z } from 'zod';
import { Rng, streamSeed } from './prng';

const rate = z.number().min(0).max(1);

export const faultSettingsSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    errorRate: rate.default(0),
    dropRate: rate.default(0),
    truncateRate: rate.default(0),
    failNext: z.number().int().min(0).max(1_000_000).default(0),
  })
  .strict()
  .refine((f) => f.errorRate + f.dropRate + f.truncateRate <= 1, { message: 'errorRate + dropRate + truncateRate must not exceed 1' });

export type FaultSettings = z.output<typeof faultSettingsSchema>;
export type FaultSettingsInput = z.input<typeof faultSettingsSchema>;

export type FaultDecision = { latencyMs: number; fault: 'error' | 'drop' | 'truncate' | null };

export interface FaultCounts {
  error: number;
  drop: number;
  truncate: number;
}

export class FaultInjector {
  private settings: FaultSettings = faultSettingsSchema.parse({});
  private rng: Rng;
  readonly counts: FaultCounts = { error: 0, drop: 0, truncate: 0 };

  constructor(private readonly seed: number) {
    this.rng = new Rng(streamSeed(seed, 0, 0xfa));
  }

  /** Replaces all settings (omitted ones are off) and restarts the fault sequence. */
  set(input: FaultSettingsInput): FaultSettings {
    this.settings = faultSettingsSchema.parse(input);
    this.rng = new Rng(streamSeed(this.seed, 0, 0xfa));
    return this.get();
  }

  get(): FaultSettings {
    return { ...this.settings };
  }

  decide(): FaultDecision {
    const s = this.settings;
    let fault: FaultDecision['fault'] = null;
    if (s.failNext > 0) {
      s.failNext--;
      fault = 'error';
    } else if (s.errorRate + s.dropRate + s.truncateRate > 0) {
      const roll = this.rng.next();
      if (roll < s.dropRate) fault = 'drop';
      else if (roll < s.dropRate + s.errorRate) fault = 'error';
      else if (roll < s.dropRate + s.errorRate + s.truncateRate) fault = 'truncate';
    }
    if (fault) this.counts[fault]++;
    return { latencyMs: s.latencyMs, fault };
  }
}
