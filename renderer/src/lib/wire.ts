// The encodings shared by the browser bridge (this renderer) and the loopback HTTP
// server in main/browser. IPC in Electron carries Uint8Array natively; JSON does not.
// Calls and answers travel as binary frames (below); the JSON form, with binary values as
// `{ "$bytes": "<base64>" }`, remains for the event stream and plain-JSON calls.
//
// Keep this file dependency-free and free of DOM-only APIs: the Node 20 server imports it
// as is (atob/btoa are globals in Node ≥ 16 and in every browser).

export const BYTES_KEY = '$bytes';

export interface WireBytes {
  [BYTES_KEY]: string;
}

// String.fromCharCode(...chunk) has an argument-count limit; 32 K stays far below it.
const CHUNK = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** Throws on text that is not base64 (atob's DOMException), so bad input never becomes bytes silently. */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function isWireBytes(value: unknown): value is WireBytes {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === BYTES_KEY && typeof (value as Record<string, unknown>)[BYTES_KEY] === 'string';
}

/**
 * JSON.stringify replacer. It is a `function` on purpose: JSON.stringify calls a value's
 * toJSON BEFORE the replacer, and Node's Buffer (a Uint8Array) has one that turns it into
 * `{ type: 'Buffer', data: [...] }`; `this[key]` is the original value, so both Buffer and
 * plain Uint8Array are encoded the same way.
 */
export function wireReplacer(this: unknown, key: string, value: unknown): unknown {
  const original = typeof this === 'object' && this !== null ? (this as Record<string, unknown>)[key] : value;
  if (original instanceof Uint8Array) return { [BYTES_KEY]: bytesToBase64(original) } satisfies WireBytes;
  return value;
}

/** JSON.parse reviver: `{ "$bytes": "…" }` → Uint8Array. */
export function wireReviver(_key: string, value: unknown): unknown {
  return isWireBytes(value) ? base64ToBytes(value[BYTES_KEY]) : value;
}

export function toWire(value: unknown): string {
  return JSON.stringify(value, wireReplacer);
}

/** Parses wire JSON; the result is unknown until the caller checks its shape. */
export function fromWire(text: string): unknown {
  return JSON.parse(text, wireReviver);
}

// ---- Binary frames: the bridge's calls and answers --------------------------------
// Base64 in JSON cost about 20 s for a 600 dpi scan (encoding 85 MB into a string on
// both sides, then parsing it back), so calls and their answers travel as one binary
// frame instead, and the bytes cross as they are, as Electron's structured clone does:
//
//   "COW1" | u32 JSON length | JSON (UTF-8) | u32 part count | u32 length per part | parts
//
// (u32 big-endian.) In the JSON each Uint8Array is `{ "$bin": <part index> }`. Decoding
// is strict: anything but exactly this layout, every part referenced exactly once, throws.

export const FRAME_CONTENT_TYPE = 'application/vnd.co-wire';
export const BIN_KEY = '$bin';
const FRAME_MAGIC = [0x43, 0x4f, 0x57, 0x31]; // "COW1"
/** More parts than any answer of the contract carries; bounds the length table a frame may claim. */
export const MAX_FRAME_PARTS = 10_000;

export class WireFrameError extends Error {
  constructor(reason: string) {
    super(`bad wire frame: ${reason}`);
    this.name = 'WireFrameError';
  }
}

function u32(value: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

/**
 * The frame as a list of chunks, the parts among them uncopied, for a Blob (browser) or
 * successive writes (Node) to send without joining them into one buffer first.
 */
export function encodeFrame(value: unknown): Uint8Array[] {
  const parts: Uint8Array[] = [];
  // A `function` for the same reason as wireReplacer: `this[key]` is the value before Buffer's toJSON.
  const json = JSON.stringify(value, function (this: unknown, key: string, current: unknown): unknown {
    const original = typeof this === 'object' && this !== null ? (this as Record<string, unknown>)[key] : current;
    if (original instanceof Uint8Array) {
      parts.push(original);
      return { [BIN_KEY]: parts.length - 1 };
    }
    return current;
  }) as string | undefined;
  // JSON.stringify(undefined) is undefined: a call without a value still needs a frame.
  const text = new TextEncoder().encode(json ?? 'null');
  const table = new Uint8Array(4 + 4 * parts.length);
  const view = new DataView(table.buffer);
  view.setUint32(0, parts.length);
  parts.forEach((part, index) => view.setUint32(4 + 4 * index, part.length));
  return [Uint8Array.from(FRAME_MAGIC), u32(text.length), text, table, ...parts];
}

export function frameLength(chunks: readonly Uint8Array[]): number {
  return chunks.reduce((total, chunk) => total + chunk.length, 0);
}

/** The value of a frame; its Uint8Arrays are views into `frame` (no copy). Throws WireFrameError on any other input. */
export function decodeFrame(frame: Uint8Array): unknown {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const need = (offset: number, length: number, what: string): void => {
    if (offset + length > frame.length) throw new WireFrameError(`${what} beyond the end`);
  };
  need(0, 8, 'header');
  if (FRAME_MAGIC.some((byte, index) => frame[index] !== byte)) throw new WireFrameError('not a frame');
  const jsonLength = view.getUint32(4);
  need(8, jsonLength, 'JSON');
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(8, 8 + jsonLength));
  } catch {
    throw new WireFrameError('JSON is not UTF-8');
  }
  let offset = 8 + jsonLength;
  need(offset, 4, 'part count');
  const count = view.getUint32(offset);
  offset += 4;
  if (count > MAX_FRAME_PARTS) throw new WireFrameError('too many parts');
  need(offset, 4 * count, 'part table');
  const parts: Uint8Array[] = [];
  let start = offset + 4 * count;
  for (let index = 0; index < count; index += 1) {
    const length = view.getUint32(offset + 4 * index);
    need(start, length, 'part');
    parts.push(new Uint8Array(frame.buffer, frame.byteOffset + start, length));
    start += length;
  }
  if (start !== frame.length) throw new WireFrameError('bytes after the last part');
  const used = new Set<number>();
  let value: unknown;
  try {
    value = JSON.parse(json, (_key, current: unknown) => {
      if (typeof current !== 'object' || current === null || Array.isArray(current) || !(BIN_KEY in current)) return current;
      const keys = Object.keys(current);
      const index = (current as Record<string, unknown>)[BIN_KEY];
      if (keys.length !== 1 || typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= parts.length || used.has(index)) {
        throw new WireFrameError('bad part reference');
      }
      used.add(index);
      return parts[index];
    }) as unknown;
  } catch (error) {
    throw error instanceof WireFrameError ? error : new WireFrameError('JSON does not parse');
  }
  if (used.size !== parts.length) throw new WireFrameError('a part nobody refers to');
  return value;
}
