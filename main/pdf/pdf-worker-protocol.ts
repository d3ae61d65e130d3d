// What main and the PDF worker (./pdf-worker.ts) say to each other. pdf-lib parses and
// writes whole documents in JavaScript: 60–90 ms for a certificate's pair on this machine,
// which in main would hold the event loop (issue 9: never over 50 ms), so all of it runs there.

import { z } from 'zod';

const offsetSchema = z.object({ xMm: z.number().finite(), yMm: z.number().finite() }).nullable();
// Not z.instanceof: that would type the bytes as backed by an ArrayBuffer only, as no caller's are.
const bytesSchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'bytes expected');

export const pdfRequestSchema = z.discriminatedUnion('op', [
  /** 打印正副本: the original's and the copy's layouts as one document. */
  z.object({ id: z.number().int(), op: z.literal('concatenate'), documents: z.array(bytesSchema).min(1) }),
  /** 打印校准: every page's content moved by the printer's offset. */
  z.object({ id: z.number().int(), op: z.literal('shift'), bytes: bytesSchema, offset: offsetSchema }),
  /** The calibration page, already moved by the offset it reports. */
  z.object({ id: z.number().int(), op: z.literal('calibration-page'), applied: offsetSchema }),
]);
export type PdfRequest = z.infer<typeof pdfRequestSchema>;

export const pdfReplySchema = z.discriminatedUnion('ok', [
  /** warnings: why a part of the document was left out (the calibration page's text), for main's log. */
  z.object({ id: z.number().int(), ok: z.literal(true), bytes: bytesSchema, warnings: z.array(z.string()) }),
  z.object({ id: z.number().int(), ok: z.literal(false), message: z.string() }),
]);
export type PdfReply = z.infer<typeof pdfReplySchema>;
