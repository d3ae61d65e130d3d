// Connected ink blobs and their grouping into marks. A seal is many blobs (the ring,
// each character, the star) that its ring encloses; a signature is a few strokes a
// few millimetres apart. Blobs are found by 8-connected labelling (two passes with
// union–find) and grouped when their boxes overlap or nearly touch.

import { INK, type InkClass } from './ink';

export interface Box {
  x0: number;
  y0: number;
  /** Inclusive. */
  x1: number;
  y1: number;
}

export interface Blob {
  label: number;
  box: Box;
  area: number;
  /** Pixel counts by ink class (index = InkClass). */
  byClass: [number, number, number, number, number];
}

export interface Labelling {
  labels: Int32Array;
  blobs: Blob[];
}

function find(parent: Int32Array, node: number): number {
  let root = node;
  while (parent[root]! !== root) root = parent[root]!;
  // Path compression keeps later look-ups short.
  let current = node;
  while (parent[current]! !== root) {
    const next = parent[current]!;
    parent[current] = root;
    current = next;
  }
  return root;
}

/** Labels the pixels whose class is in `accept` (all ink classes by default). */
export function labelBlobs(kind: Uint8Array, width: number, height: number, accept: (value: number) => boolean = (value) => value !== INK.none): Labelling {
  const labels = new Int32Array(width * height);
  // Provisional labels: at most one per pixel; grown on demand to keep memory small.
  let parent = new Int32Array(1024);
  let next = 1;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const index = y * width + x;
      if (!accept(kind[index]!)) continue;
      let label = 0;
      // West, north-west, north, north-east (no array or closure: this is the hot loop).
      for (let which = 0; which < 4; which += 1) {
        let neighbour = 0;
        if (which === 0) neighbour = x > 0 ? labels[index - 1]! : 0;
        else if (which === 1) neighbour = y > 0 && x > 0 ? labels[index - width - 1]! : 0;
        else if (which === 2) neighbour = y > 0 ? labels[index - width]! : 0;
        else neighbour = y > 0 && x < width - 1 ? labels[index - width + 1]! : 0;
        if (neighbour === 0) continue;
        if (label === 0) label = neighbour;
        else if (neighbour !== label) {
          const a = find(parent, label);
          const b = find(parent, neighbour);
          if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
        }
      }
      if (label === 0) {
        if (next >= parent.length) {
          const grown = new Int32Array(parent.length * 2);
          grown.set(parent);
          parent = grown;
        }
        parent[next] = next;
        label = next;
        next += 1;
      }
      labels[index] = label;
    }
  }
  // Second pass: final labels 1..n and statistics.
  const finalLabel = new Int32Array(next);
  const blobs: Blob[] = [];
  for (let provisional = 1; provisional < next; provisional += 1) {
    const root = find(parent, provisional);
    if (finalLabel[root] === 0) {
      blobs.push({ label: blobs.length + 1, box: { x0: Infinity, y0: Infinity, x1: -1, y1: -1 }, area: 0, byClass: [0, 0, 0, 0, 0] });
      finalLabel[root] = blobs.length;
    }
    finalLabel[provisional] = finalLabel[root]!;
  }
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const index = y * width + x;
      const provisional = labels[index]!;
      if (provisional === 0) continue;
      const label = finalLabel[provisional]!;
      labels[index] = label;
      const blob = blobs[label - 1]!;
      blob.area += 1;
      blob.byClass[kind[index]! as InkClass] += 1;
      const box = blob.box;
      if (x < box.x0) box.x0 = x;
      if (x > box.x1) box.x1 = x;
      if (y < box.y0) box.y0 = y;
      if (y > box.y1) box.y1 = y;
    }
  }
  return { labels, blobs };
}

/** The class most of a blob's pixels have. */
export function dominantClass(byClass: readonly number[]): InkClass {
  let best: InkClass = INK.none;
  let count = 0;
  for (const candidate of [INK.red, INK.blue, INK.dark, INK.other]) {
    if (byClass[candidate]! > count) {
      best = candidate;
      count = byClass[candidate]!;
    }
  }
  return best;
}

export function boxGap(a: Box, b: Box): number {
  const dx = Math.max(0, Math.max(a.x0, b.x0) - Math.min(a.x1, b.x1) - 1);
  const dy = Math.max(0, Math.max(a.y0, b.y0) - Math.min(a.y1, b.y1) - 1);
  return Math.max(dx, dy);
}

export function unionBox(a: Box, b: Box): Box {
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

export interface Cluster {
  box: Box;
  area: number;
  byClass: [number, number, number, number, number];
  labels: number[];
}

/**
 * Groups blobs whose boxes are within `gap` pixels of each other, repeatedly, until no
 * two groups are that close. Quadratic per round, which is fine for the few hundred
 * blobs left once dust is dropped.
 */
export function clusterBlobs(blobs: readonly Blob[], gap: number): Cluster[] {
  let clusters: Cluster[] = blobs.map((blob) => ({ box: { ...blob.box }, area: blob.area, byClass: [...blob.byClass], labels: [blob.label] }));
  for (let merged = true; merged; ) {
    merged = false;
    const out: Cluster[] = [];
    for (const cluster of clusters) {
      const target = out.find((candidate) => boxGap(candidate.box, cluster.box) <= gap);
      if (!target) {
        out.push(cluster);
        continue;
      }
      target.box = unionBox(target.box, cluster.box);
      target.area += cluster.area;
      target.byClass = target.byClass.map((count, index) => count + cluster.byClass[index]!) as Cluster['byClass'];
      target.labels.push(...cluster.labels);
      merged = true;
    }
    clusters = out;
  }
  return clusters;
}
