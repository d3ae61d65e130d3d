// Messages between main and the export worker, parsed on both sides: the worker's
// input arrives as workerData, its replies as messages.

import { z } from 'zod';
import { certificateExportQuery } from '../ipc/schemas';

/** Why a write failed, for the Chinese message main shows; the errno code goes to the log only. */
export const FAILURE_KINDS = ['target', 'database', 'internal'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export const exportJobSchema = z
  .object({
    databasePath: z.string().min(1),
    /** Already parsed by main/ipc; re-checked here because a worker trusts nobody either. */
    query: certificateExportQuery,
    target: z.string().min(1),
    temp: z.string().min(1),
    /** Int32Array over it: [0] becomes 1 when the user cancels. */
    cancelFlag: z.instanceof(SharedArrayBuffer),
    rowsPerSheet: z.number().int().min(1).optional(),
  })
  .strict();
export type ExportJob = z.infer<typeof exportJobSchema>;

export const exportReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), total: z.number().int().min(0) }),
  z.object({ type: z.literal('progress'), written: z.number().int().min(0), total: z.number().int().min(0) }),
  z.object({ type: z.literal('done'), rows: z.number().int().min(0), heapPeakBytes: z.number().min(0) }),
  z.object({ type: z.literal('cancelled') }),
  z.object({ type: z.literal('failed'), kind: z.enum(FAILURE_KINDS), errno: z.string().nullable(), detail: z.string() }),
]);
export type ExportReply = z.infer<typeof exportReplySchema>;
