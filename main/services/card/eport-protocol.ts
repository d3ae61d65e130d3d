// The local signing service of the e-port client control (中国电子口岸客户端控件,
// ≥ 1.5.15), as public integrations document it: a websocket on 127.0.0.1:61232 that
// greets with an `open` message, then answers each JSON request
//   { "_id": 1, "_method": "cus-sec_SpcSignDataAsPEM", "args": { "inData": "…", "passwd": "…" } }
// with
//   { "_id": 1, "_method": "cus-sec_SpcSignDataAsPEM", "_status": "00",
//     "_args": { "Result": true, "Data": ["<base64 signature>", "<certificate number>"], "Error": [] } }
// The client (eport-card.ts) and the sandbox's stand-in (test/sandbox/eport-control.ts)
// both speak it through these definitions.

import { z } from 'zod';

export const EPORT_SERVICE_URL = 'ws://127.0.0.1:61232';

export const EPORT_METHODS = {
  /** Signs inData (text) with the card's key after the PIN; Data = [signature base64, certificate number]. */
  signDataAsPem: 'cus-sec_SpcSignDataAsPEM',
  /** Data = [the card's signing certificate, base64 DER, with or without PEM armour]. */
  getSignCertAsPem: 'cus-sec_SpcGetSignCertAsPEM',
  /** Data = [card number]. */
  getCardId: 'cus-sec_SpcGetCardID',
} as const;
export type EportMethod = (typeof EPORT_METHODS)[keyof typeof EPORT_METHODS];

/** The greeting the service sends when a connection opens. */
export const EPORT_OPEN_METHOD = 'open';

export const eportRequestSchema = z.object({
  _id: z.number().int().nonnegative(),
  _method: z.string().min(1).max(100),
  args: z.record(z.string(), z.string().max(200_000)),
});
export type EportRequest = z.infer<typeof eportRequestSchema>;

export const eportArgsSchema = z.object({
  Result: z.boolean(),
  Data: z.array(z.unknown()).max(16),
  Error: z.array(z.string().max(2000)).max(16),
});
export type EportArgs = z.infer<typeof eportArgsSchema>;

export const eportReplySchema = z.object({
  _id: z.union([z.number(), z.string()]).optional(),
  _method: z.string().max(100),
  _status: z.string().max(10).optional(),
  _args: eportArgsSchema.optional(),
});
export type EportReply = z.infer<typeof eportReplySchema>;

/**
 * How a refusal is told apart. The control's texts for a wrong PIN and a locked card
 * are not publicly specified; these patterns cover the wording public integrations
 * report (密码 / 口令 / PIN, 锁) and are what the sandbox stand-in sends.
 */
export const EPORT_ERROR_PATTERNS = {
  locked: /锁定|已锁|被锁|locked/i,
  wrongPin: /密码|口令|PIN/i,
} as const;

/** Reads "还可尝试 N 次" (tries left) from a wrong-PIN text, when the control says it. */
export function triesLeftIn(text: string): number | null {
  const match = /(?:还可|剩余)[^\d]{0,8}(\d{1,2})\s*次/.exec(text);
  return match?.[1] === undefined ? null : Number(match[1]);
}
