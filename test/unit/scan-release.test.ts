// The scan worker gives a checked file's memory back at once rather than at a garbage
// collection it may never run while idle (main/images/release-bytes.ts). This relies on
// Node dropping an undelivered message's buffer when its channel closes, so it is
// checked here: a Node upgrade that changed it would otherwise only show in the benchmark.

import { markAsUntransferable } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { releaseBytes } from '../../main/images/release-bytes';

const MB = 1024 * 1024;

/** The isolate's ArrayBuffer memory, polled until it falls to `below` or a second has passed. */
async function arrayBuffersAfterRelease(below: number): Promise<number> {
  const deadline = performance.now() + 1000;
  let now = process.memoryUsage().arrayBuffers;
  while (now > below && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    now = process.memoryUsage().arrayBuffers;
  }
  return now;
}

describe('releaseBytes', () => {
  it('frees a large buffer without a garbage collection, and leaves the view empty', async () => {
    const bytes = new Uint8Array(64 * MB).fill(7);
    const held = process.memoryUsage().arrayBuffers;
    releaseBytes(bytes);
    expect(bytes.byteLength).toBe(0);
    // `bytes` is still referenced here, so only the release can have freed its memory.
    expect(await arrayBuffersAfterRelease(held - 60 * MB)).toBeLessThanOrEqual(held - 60 * MB);
  });

  it('frees the whole buffer under a view of part of it', () => {
    const buffer = new ArrayBuffer(4 * MB);
    const view = new Uint8Array(buffer, 1024, 2 * MB);
    releaseBytes(view);
    expect(buffer.byteLength).toBe(0);
  });

  it('leaves small, shared and untransferable buffers alone', () => {
    const small = new Uint8Array(64 * 1024).fill(1);
    releaseBytes(small);
    expect(small.byteLength).toBe(64 * 1024);

    const shared = new Uint8Array(new SharedArrayBuffer(2 * MB));
    releaseBytes(shared);
    expect(shared.byteLength).toBe(2 * MB);

    const pinned = new Uint8Array(2 * MB).fill(3);
    markAsUntransferable(pinned.buffer);
    expect(() => releaseBytes(pinned)).not.toThrow();
    expect(pinned[0]).toBe(3);
  });
});
