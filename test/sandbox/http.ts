// HTTP plumbing shared by the API and control routes: replies as values (so fault
// injection can decide afterwards how much of a reply reaches the client), error
// bodies in the contract's shape, and a bounded JSON body reader.

import type { IncomingMessage } from 'node:http';
import type { ApiError } from '../../main/net/contract';

export type ErrorCode = ApiError['error']['code'];

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Thrown by handlers for an expected failure; turned into an error reply. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const MAX_BODY_BYTES = 1024 * 1024;

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: Buffer.from(JSON.stringify(body)) };
}

export function errorReply(status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}): Reply {
  const body: ApiError = { error: { code, message: message.slice(0, 2000) } };
  return jsonReply(status, body, headers);
}

export function emptyReply(status: number): Reply {
  return { status, headers: {}, body: Buffer.alloc(0) };
}

export function failureReply(error: ApiFailure): Reply {
  return errorReply(error.status, error.code, error.message, error.headers);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = (): ApiFailure =>
    // The rest of the upload is not read; closing the connection keeps it from being parsed as the next request.
    new ApiFailure(413, 'VALIDATION', `request body exceeds ${limit} bytes`, { connection: 'close' });
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        settled = true;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
  });
}

/** Reads a JSON body: JSON content type only, at most 1 MB, valid UTF-8, valid JSON. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    throw new ApiFailure(415, 'VALIDATION', 'request body must be application/json');
  }
  const bytes = await readBody(req, MAX_BODY_BYTES);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiFailure(400, 'VALIDATION', 'request body is not valid UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiFailure(400, 'VALIDATION', 'request body is not valid JSON');
  }
}

/** Discards a body nobody asked for, so keep-alive connections stay in sync. */
export function discardBody(req: IncomingMessage): void {
  req.resume();
}
