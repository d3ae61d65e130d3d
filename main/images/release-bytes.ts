// Giving a checked file's memory back at once. A buffer's memory is otherwise freed only
// when the garbage collector finds it unreachable, and the scan worker, idle between
// checks, often has not collected when the next file arrives: the last one is then still
// resident beside it. For a 600 dpi A4 PNG (76 MB) the two copies together were the
// worker's peak in the benchmark.

import { MessageChannel } from 'node:worker_threads';

// Below this a buffer is not worth a channel of its own; it goes at the next collection.
const RELEASE_MIN_BYTES = 1024 * 1024;

/**
 * Frees the memory under `bytes` now, without waiting for a garbage collection: moving
 * its buffer into a channel that is closed before anyone reads it detaches it here, and
 * the undelivered message (and the memory with it) is dropped when the channel closes.
 * Afterwards `bytes` and every other view of its buffer are empty. Only for bytes nothing
 * will read again, native code included: sharp decodes a Buffer in place, without a copy,
 * so a scan's bytes are released only once every sharp call on them has settled.
 */
export function releaseBytes(bytes: Uint8Array): void {
  const { buffer } = bytes;
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength < RELEASE_MIN_BYTES) return;
  const { port1, port2 } = new MessageChannel();
  try {
    port1.postMessage(null, [buffer]);
  } catch {
    // A buffer that cannot be moved (Node marks some untransferable) waits for the collector.
  } finally {
    port1.close();
    port2.close();
  }
}
