// The JSON encoding shared by the browser bridge (this renderer) and the loopback HTTP
// server in main/browser. IPC in Electron carries Uint8Array natively; JSON does not, so
// binary values travel as `{ "$bytes": "<base64>" }` in both directions.
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
