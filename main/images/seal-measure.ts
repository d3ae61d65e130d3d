// The fine stage: the mark's own crop, resampled to 600 dpi, where it is measured,
// classified, judged for sharpness and contrast, and cut out. Sizes are taken from
// pixels whose absorption is at least half the ink's typical absorption — the
// half-coverage point of an edge — so a soft or pale edge does not shift the outline.

import { convexHull, minAreaBox, axisAlignedSides, polygonArea, type Point } from './geometry';
import { labelBlobs, type Box } from './components';
import { INK, mapInk, type InkClass, type RgbImage } from './ink';

export interface FineInput {
  roi: RgbImage;
  /** The paper colour under a ROI pixel. */
  paperFor: (x: number, y: number, out: Float32Array) => void;
  /** The coarse mark's box in ROI pixels: blobs centred outside it are dust, not the mark. */
  target: Box;
  family: InkClass;
  inkThreshold: number;
  /** How to measure: the oriented outline (seals) or the upright box (signatures). */
  outline: 'oriented' | 'upright';
}

export interface FineMeasure {
  /** In ROI pixels, along the mark's axes (width = the side nearer horizontal). */
  width: number;
  height: number;
  tiltDeg: number;
  /** Hull area ÷ enclosing rectangle: π/4 for an ellipse, ~1 for a rectangle. */
  fill: number;
  /** Typical absorption of the ink (90th percentile, 0–255). */
  contrast: number;
  /** Ink contrast ÷ median gradient at the edges, in ROI pixels. */
  edgeWidth: number;
  /** Share of the mark's ink pixels that are of its colour family. */
  colourShare: number;
  /** The ink as it would look on white paper. */
  inkColour: [number, number, number];
  /** The measured pixels' upright box in the ROI. */
  box: Box;
  roiWidth: number;
  roiHeight: number;
  /** Per ROI pixel: absorption, and 1 where it belongs to the mark. */
  strength: Uint8Array;
  member: Uint8Array;
}

export function measureFine(input: FineInput): FineMeasure | null {
  const { roi, target, family } = input;
  const { width, height } = roi;
  const ink = mapInk(roi, input.paperFor, input.inkThreshold);
  const { labels, blobs } = labelBlobs(ink.kind, width, height, (value) => value === family);
  const keep = new Uint8Array(blobs.length + 1);
  for (const blob of blobs) {
    const cx = (blob.box.x0 + blob.box.x1) / 2;
    const cy = (blob.box.y0 + blob.box.y1) / 2;
    if (blob.area >= 3 && cx >= target.x0 && cx <= target.x1 && cy >= target.y0 && cy <= target.y1) keep[blob.label] = 1;
  }
  const member = new Uint8Array(width * height);
  const histogram = new Uint32Array(256);
  let members = 0;
  for (let index = 0; index < member.length; index += 1) {
    if (keep[labels[index]!] === 1) {
      member[index] = 1;
      histogram[ink.strength[index]!]! += 1;
      members += 1;
    }
  }
  if (members < 20) return null;
  const contrast = percentile(histogram, members, 0.9);
  const half = Math.max(input.inkThreshold * 0.5, contrast * 0.5);

  // Outline points: the leftmost and rightmost measured pixel of every row.
  const points: Point[] = [];
  const box: Box = { x0: Infinity, y0: Infinity, x1: -1, y1: -1 };
  for (let y = 0; y < height; y += 1) {
    let left = -1;
    let right = -1;
    for (let x = 0; x < width; x += 1) {
      const index = y * width + x;
      if (member[index] !== 1 || ink.strength[index]! < half) continue;
      if (left < 0) left = x;
      right = x;
    }
    if (left < 0) continue;
    points.push([left, y], [right, y]);
    box.x0 = Math.min(box.x0, left);
    box.x1 = Math.max(box.x1, right);
    box.y0 = Math.min(box.y0, y);
    box.y1 = Math.max(box.y1, y);
  }
  if (points.length < 6) return null;
  const hull = convexHull(points);
  let sides: { width: number; height: number; tiltDeg: number };
  let rectangleArea: number;
  if (input.outline === 'oriented') {
    const oriented = minAreaBox(hull);
    // Extents run from pixel centre to pixel centre: one pixel more is the true size.
    sides = axisAlignedSides({ ...oriented, length: oriented.length + 1, breadth: oriented.breadth + 1 });
    rectangleArea = (oriented.length + 1) * (oriented.breadth + 1);
  } else {
    sides = { width: box.x1 - box.x0 + 1, height: box.y1 - box.y0 + 1, tiltDeg: 0 };
    rectangleArea = sides.width * sides.height;
  }
  // The hull through pixel centres misses half a pixel all round: add half its perimeter.
  const fill = Math.min(1, (polygonArea(hull) + perimeter(hull) / 2 + 1) / rectangleArea);

  return {
    width: sides.width,
    height: sides.height,
    tiltDeg: sides.tiltDeg,
    fill,
    contrast,
    edgeWidth: edgeWidth(ink.strength, member, width, height, contrast, half),
    colourShare: colourShare(ink.kind, ink.strength, box, family, half, width),
    inkColour: inkColour(roi, input.paperFor, ink.strength, member, contrast),
    box,
    roiWidth: width,
    roiHeight: height,
    strength: ink.strength,
    member,
  };
}

function perimeter(points: readonly Point[]): number {
  let total = 0;
  for (let index = 0; index < points.length; index += 1) {
    const a = points[index]!;
    const b = points[(index + 1) % points.length]!;
    total += Math.hypot(b[0] - a[0], b[1] - a[1]);
  }
  return total;
}

function percentile(histogram: Uint32Array, total: number, q: number): number {
  const target = total * q;
  let seen = 0;
  for (let value = 0; value < histogram.length; value += 1) {
    seen += histogram[value]!;
    if (seen >= target) return value;
  }
  return histogram.length - 1;
}

/**
 * Edge width = contrast ÷ the median steepest slope (Sobel) across the mark's outline:
 * the mark's pixels at or above half absorption that touch one below it. There an
 * edge is steepest, so a perfect step measures 2 px and a Gaussian blur of σ about
 * 2.5 σ — and a black-and-white (1-bit) scan, which has no in-between levels, still
 * has its outline measured.
 */
function edgeWidth(strength: Uint8Array, member: Uint8Array, width: number, height: number, contrast: number, half: number): number {
  const slopes: number[] = [];
  for (let y = 1; y < height - 1; y += 1) {
    for (let x = 1; x < width - 1; x += 1) {
      const index = y * width + x;
      if (member[index] !== 1 || strength[index]! < half) continue;
      const up = index - width;
      const down = index + width;
      if (strength[index - 1]! >= half && strength[index + 1]! >= half && strength[up]! >= half && strength[down]! >= half) continue;
      const gx = strength[up + 1]! + 2 * strength[index + 1]! + strength[down + 1]! - strength[up - 1]! - 2 * strength[index - 1]! - strength[down - 1]!;
      const gy = strength[down - 1]! + 2 * strength[down]! + strength[down + 1]! - strength[up - 1]! - 2 * strength[up]! - strength[up + 1]!;
      slopes.push(Math.hypot(gx, gy) / 8);
    }
  }
  if (slopes.length < 20) return Infinity;
  slopes.sort((a, b) => a - b);
  const median = slopes[Math.floor(slopes.length / 2)]!;
  return median <= 0 ? Infinity : contrast / median;
}

function colourShare(kind: Uint8Array, strength: Uint8Array, box: Box, family: InkClass, half: number, width: number): number {
  let all = 0;
  let same = 0;
  for (let y = box.y0; y <= box.y1; y += 1) {
    for (let x = box.x0; x <= box.x1; x += 1) {
      const index = y * width + x;
      if (kind[index] === INK.none || strength[index]! < half) continue;
      all += 1;
      if (kind[index] === family) same += 1;
    }
  }
  return all === 0 ? 0 : same / all;
}

/** The median colour of fully inked pixels, divided by the paper under them (ink on white). */
function inkColour(roi: RgbImage, paperFor: FineInput['paperFor'], strength: Uint8Array, member: Uint8Array, contrast: number): [number, number, number] {
  const histograms = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  const paper = new Float32Array(3);
  let count = 0;
  for (let y = 0; y < roi.height; y += 2) {
    for (let x = 0; x < roi.width; x += 2) {
      const index = y * roi.width + x;
      if (member[index] !== 1 || strength[index]! < contrast * 0.8) continue;
      paperFor(x, y, paper);
      for (let channel = 0; channel < 3; channel += 1) {
        const value = Math.min(255, Math.round((255 * roi.data[index * 3 + channel]!) / Math.max(paper[channel]!, 1)));
        histograms[channel]![value]! += 1;
      }
      count += 1;
    }
  }
  if (count === 0) return [0, 0, 0];
  return [percentile(histograms[0]!, count, 0.5), percentile(histograms[1]!, count, 0.5), percentile(histograms[2]!, count, 0.5)];
}

/**
 * The cleaned mark: its ink colour everywhere, opacity from absorption (so pale and
 * anti-aliased edges stay soft), transparent wherever it is not the mark.
 */
export function cutOut(measure: FineMeasure, marginPx: number): { width: number; height: number; rgba: Uint8Array } {
  const { roiWidth, roiHeight } = measure;
  const x0 = Math.max(0, measure.box.x0 - marginPx);
  const y0 = Math.max(0, measure.box.y0 - marginPx);
  const x1 = Math.min(roiWidth - 1, measure.box.x1 + marginPx);
  const y1 = Math.min(roiHeight - 1, measure.box.y1 + marginPx);
  const width = x1 - x0 + 1;
  const height = y1 - y0 + 1;
  const rgba = new Uint8Array(width * height * 4);
  const floor = measure.contrast * 0.12;
  const span = Math.max(1, measure.contrast - floor);
  // Opaque only within one pixel of the mark's own pixels: keeps each stroke's soft rim, drops dust.
  const near = dilate(measure.member, roiWidth, roiHeight);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const source = (y0 + y) * roiWidth + (x0 + x);
      const out = (y * width + x) * 4;
      rgba[out] = measure.inkColour[0];
      rgba[out + 1] = measure.inkColour[1];
      rgba[out + 2] = measure.inkColour[2];
      const value = measure.strength[source]!;
      if (value <= floor || near[source] !== 1) continue;
      rgba[out + 3] = Math.min(255, Math.round(((value - floor) / span) * 255));
    }
  }
  return { width, height, rgba };
}

/** A 3×3 dilation of a 0/1 mask. */
function dilate(mask: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      if (mask[y * width + x] !== 1) continue;
      for (let dy = -1; dy <= 1; dy += 1) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx += 1) {
          const xx = x + dx;
          if (xx >= 0 && xx < width) out[yy * width + xx] = 1;
        }
      }
    }
  }
  return out;
}
