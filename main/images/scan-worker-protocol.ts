// The messages between ScanChecker (main thread) and the scan worker. Both ends parse
// what they receive: the worker handles untrusted files, so its replies are treated
// as untrusted too — a confused worker cannot hand the app a malformed report.

import { z } from 'zod';
import { isScanInputProblem, type ScanInputProblem } from './scan-errors';
import type { ScanReport } from './scan-report';

export const checkRequestSchema = z.object({
  id: z.number().int().positive(),
  kind: z.enum(['seal', 'signature']),
  bytes: z.instanceof(Uint8Array),
  limits: z.object({ maxBytes: z.number().int().positive(), maxPixels: z.number().int().positive() }),
});
export type CheckRequest = z.infer<typeof checkRequestSchema>;

const checkSchema = z.object({
  id: z.enum(['resolution', 'camera', 'lighting', 'perspective', 'software', 'transparency', 'found', 'color', 'edge', 'size', 'shape', 'sharpness', 'contrast']),
  label: z.string(),
  figure: z.string(),
  limit: z.string(),
  verdict: z.enum(['pass', 'fail']),
  reason: z.string().optional(),
});

export const reportSchema = z.object({
  kind: z.enum(['seal', 'signature']),
  accepted: z.boolean(),
  dpi: z.number().positive().nullable(),
  widthCm: z.number().nonnegative().nullable(),
  heightCm: z.number().nonnegative().nullable(),
  shape: z.enum(['round', 'oval', 'rectangular']).nullable(),
  color: z.enum(['red', 'blue', 'black']).nullable(),
  checks: z.array(checkSchema),
  reasons: z.array(z.string()),
  cleanedPng: z.instanceof(Uint8Array).nullable(),
  cleanedDpi: z.number().positive(),
}) satisfies z.ZodType<ScanReport>;

/** What the worker measured about itself while checking one file. */
export const usageSchema = z.object({
  ms: z.number().nonnegative(),
  /** Peak resident set size of the process during the check (sampled every 20 ms), MB. */
  peakRssMb: z.number().nonnegative(),
  /** Resident set size when the check started, MB: peak minus this is what the check itself took. */
  startRssMb: z.number().nonnegative(),
  /** Heap used by the worker's own isolate at the end of the check, MB. */
  heapUsedMb: z.number().nonnegative(),
});
export type CheckUsage = z.infer<typeof usageSchema>;

export const checkReplySchema = z.discriminatedUnion('ok', [
  z.object({ id: z.number(), ok: z.literal(true), report: reportSchema, usage: usageSchema }),
  z.object({
    id: z.number(),
    ok: z.literal(false),
    /** Set when the file itself is at fault (a ScanInputError); absent for a bug in the checker. */
    problem: z.string().optional(),
    message: z.string(),
    stack: z.string().optional(),
    usage: usageSchema,
  }),
]);
export type CheckReply = z.infer<typeof checkReplySchema>;

export function problemOf(value: string | undefined): ScanInputProblem | null {
  return isScanInputProblem(value) ? value : null;
}
