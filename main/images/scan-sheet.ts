// The sheet as a whole, on the working copy: is the paper evenly lit (a flatbed) or
// lit by a lamp or window (a phone photo), and if there is background around the
// paper, is the paper a rectangle (a flatbed with the lid up) or a trapezoid (a photo
// taken at an angle)?

import { paperAt, type PaperModel, type RgbImage } from './ink';

export interface SheetFacts {
  /** P95 − P5 of the paper's brightness over clean blocks (levels); null when too few blocks. */
  lightingSpread: number | null;
  blocksMeasured: number;
  /** Background (desk, scanner lid) visible around the paper. */
  backgroundVisible: boolean;
  /** Relative difference of opposite paper sides (0.08 = 8 %); null when the paper fills the image. */
  keystone: number | null;
}

const luminance = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b;

export function analyseSheet(image: RgbImage, model: PaperModel): SheetFacts {
  const { columns, rows } = model;
  const levels = new Float32Array(columns * rows);
  for (let cell = 0; cell < levels.length; cell += 1) {
    levels[cell] = luminance(model.raw[cell * 3]!, model.raw[cell * 3 + 1]!, model.raw[cell * 3 + 2]!);
  }
  const split = otsuSplit(levels);
  const backgroundVisible = split !== null;
  const isPaper = (cell: number) => split === null || levels[cell]! >= split.threshold;

  // Clean paper blocks: not on the image border (partial blocks, the scanner's edge),
  // not next to background, and not under ink (the paper fit left those out).
  const clean: number[] = [];
  for (let row = 1; row < rows - 1; row += 1) {
    for (let column = 1; column < columns - 1; column += 1) {
      let ok = model.clean[row * columns + column] === 1;
      for (let dy = -1; dy <= 1 && ok; dy += 1) {
        for (let dx = -1; dx <= 1 && ok; dx += 1) ok = isPaper((row + dy) * columns + column + dx);
      }
      if (ok) clean.push(levels[row * columns + column]!);
    }
  }
  clean.sort((a, b) => a - b);
  const lightingSpread = clean.length >= 6 ? quantile(clean, 0.95) - quantile(clean, 0.05) : null;
  return {
    lightingSpread: lightingSpread === null ? null : Math.round(lightingSpread),
    blocksMeasured: clean.length,
    backgroundVisible,
    keystone: split === null ? null : keystone(image, model, levels, split),
  };
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}

/**
 * Otsu's threshold over block brightness, accepted only when it separates two real
 * populations: the darker one at least 3 % of the blocks and 60 levels darker. An
 * evenly lit page, or one with a lamp's gradient, has no such gap.
 */
function otsuSplit(levels: Float32Array): { threshold: number; background: number } | null {
  const sorted = Array.from(levels).sort((a, b) => a - b);
  const n = sorted.length;
  if (n < 12) return null;
  const prefix = [0];
  for (const value of sorted) prefix.push(prefix[prefix.length - 1]! + value);
  let best = { score: -1, index: 0 };
  for (let index = 1; index < n; index += 1) {
    const lowMean = prefix[index]! / index;
    const highMean = (prefix[n]! - prefix[index]!) / (n - index);
    const score = index * (n - index) * (highMean - lowMean) ** 2;
    if (score > best.score) best = { score, index };
  }
  const lowMean = prefix[best.index]! / best.index;
  const highMean = (prefix[n]! - prefix[best.index]!) / (n - best.index);
  if (best.index / n < 0.03 || highMean - lowMean < 60) return null;
  return { threshold: (lowMean + highMean) / 2, background: lowMean };
}

/**
 * How far the paper is from a rectangle: the paper's width measured along rows (from
 * the top to the bottom of the paper) and its height along columns; a trapezoid has
 * one of them change linearly. Rows near the top and bottom are skipped, where a
 * merely tilted rectangle's corners would look like a change in width.
 */
function keystone(image: RgbImage, model: PaperModel, levels: Float32Array, split: { threshold: number; background: number }): number | null {
  const { width, height, data } = image;
  const { block, columns, rows } = model;
  // Paper blocks by the split; then, within one block of them, paper pixels are those
  // nearer the local paper brightness than the background's — a single global
  // threshold would lose the darkest corner of a lamp-lit sheet.
  const nearPaper = new Uint8Array(columns * rows);
  for (let row = 0; row < rows; row += 1) {
    for (let column = 0; column < columns; column += 1) {
      for (let dy = -1; dy <= 1; dy += 1) {
        for (let dx = -1; dx <= 1; dx += 1) {
          const r = row + dy;
          const c = column + dx;
          if (r >= 0 && c >= 0 && r < rows && c < columns && levels[r * columns + c]! >= split.threshold) nearPaper[row * columns + column] = 1;
        }
      }
    }
  }
  const paper = new Uint8Array(width * height);
  const colour = new Float32Array(3);
  let threshold = 0;
  for (let y = 0; y < height; y += 1) {
    const rowBase = Math.min(rows - 1, Math.floor(y / block)) * columns;
    for (let x = 0; x < width; x += 1) {
      if (x % 8 === 0) {
        paperAt(model, x + 4, y, colour);
        threshold = (luminance(colour[0]!, colour[1]!, colour[2]!) + split.background) / 2;
      }
      const index = y * width + x;
      if (nearPaper[rowBase + Math.min(columns - 1, Math.floor(x / block))] !== 1) continue;
      paper[index] = luminance(data[index * 3]!, data[index * 3 + 1]!, data[index * 3 + 2]!) >= threshold ? 1 : 0;
    }
  }
  // Each line's paper extent, first to last paper pixel: ink on the paper (the seal)
  // must not shorten it.
  const spans = (count: number, length: number, at: (line: number, position: number) => number) => {
    const out: { line: number; span: number }[] = [];
    for (let line = 0; line < count; line += 1) {
      let first = -1;
      let last = -1;
      for (let position = 0; position < length; position += 1) {
        if (at(line, position) !== 1) continue;
        if (first < 0) first = position;
        last = position;
      }
      if (first >= 0 && last - first + 1 >= length * 0.3) out.push({ line, span: last - first + 1 });
    }
    return out;
  };
  const change = (samples: { line: number; span: number }[]): number | null => {
    if (samples.length < 20) return null;
    const first = samples[0]!.line;
    const last = samples[samples.length - 1]!.line;
    const inner = samples.filter((sample) => sample.line >= first + (last - first) * 0.15 && sample.line <= last - (last - first) * 0.15);
    if (inner.length < 10) return null;
    // Least-squares line through span(line); its change over the paper's extent, relative to the mean span.
    const n = inner.length;
    const mx = inner.reduce((sum, sample) => sum + sample.line, 0) / n;
    const my = inner.reduce((sum, sample) => sum + sample.span, 0) / n;
    let sxy = 0;
    let sxx = 0;
    for (const sample of inner) {
      sxy += (sample.line - mx) * (sample.span - my);
      sxx += (sample.line - mx) ** 2;
    }
    const slope = sxx === 0 ? 0 : sxy / sxx;
    return Math.abs(slope * (last - first)) / my;
  };
  const horizontal = change(spans(height, width, (line, position) => paper[line * width + position]!));
  const vertical = change(spans(width, height, (line, position) => paper[position * width + line]!));
  if (horizontal === null && vertical === null) return null;
  return Math.max(horizontal ?? 0, vertical ?? 0);
}
