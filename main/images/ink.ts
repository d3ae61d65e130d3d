// Ink against paper. The paper's colour is estimated per 1 cm block (its bright 90th
// percentile); a smooth surface (a quadratic in x and y) is then fitted through the
// blocks, refitting without the blocks that lie well below it — blocks covered by
// ink, or the desk around a photographed sheet. Paper is taken from the block itself
// where it fits and from the surface where it does not, which follows tinted paper
// and a lamp's gradient without ever mistaking a seal, even a solid one, for paper.
// Each pixel's ABSORPTION (paper minus pixel, per channel) then says whether it is
// ink and which: red ink absorbs green and blue, blue ink absorbs red and green,
// black absorbs all three alike. Absorption ratios do not change with how much of a
// pixel the ink covers, so anti-aliased and pale edges keep their colour.

export const INK = { none: 0, red: 1, blue: 2, dark: 3, other: 4 } as const;
export type InkClass = (typeof INK)[keyof typeof INK];

/** 8-bit RGB pixels, row-major. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface PaperModel {
  /** Block size in pixels of the image it was estimated on. */
  block: number;
  columns: number;
  rows: number;
  /** Per block: the raw 90th-percentile colour (RGB) — for lighting analysis. */
  raw: Float32Array;
  /** Per block: the paper colour under any ink — for segmentation. */
  paper: Float32Array;
  /** Per block: 1 where the block is clean paper (it fits the paper surface), 0 under ink or background. */
  clean: Uint8Array;
}

export function estimatePaper(image: RgbImage, block: number): PaperModel {
  const columns = Math.max(1, Math.ceil(image.width / block));
  const rows = Math.max(1, Math.ceil(image.height / block));
  const histograms = new Uint32Array(columns * rows * 3 * 256);
  for (let y = 0; y < image.height; y += 1) {
    const rowBase = Math.floor(y / block) * columns;
    for (let x = 0; x < image.width; x += 1) {
      const base = (rowBase + Math.floor(x / block)) * 768;
      const offset = (y * image.width + x) * 3;
      histograms[base + image.data[offset]!]! += 1;
      histograms[base + 256 + image.data[offset + 1]!]! += 1;
      histograms[base + 512 + image.data[offset + 2]!]! += 1;
    }
  }
  const raw = new Float32Array(columns * rows * 3);
  for (let cell = 0; cell < columns * rows; cell += 1) {
    for (let channel = 0; channel < 3; channel += 1) {
      const base = cell * 768 + channel * 256;
      let total = 0;
      for (let value = 0; value < 256; value += 1) total += histograms[base + value]!;
      const target = total * 0.9;
      let seen = 0;
      let value = 0;
      for (; value < 255; value += 1) {
        seen += histograms[base + value]!;
        if (seen >= target) break;
      }
      raw[cell * 3 + channel] = value;
    }
  }
  return { block, columns, rows, raw, ...fitPaper(raw, columns, rows) };
}

/** Blocks this much darker than the fitted surface are ink or background, not paper. */
const OUTLIER_LEVELS = 12;

function fitPaper(raw: Float32Array, columns: number, rows: number): { paper: Float32Array; clean: Uint8Array } {
  const cells = columns * rows;
  const weights = new Uint8Array(cells).fill(1);
  // Coordinates in [-1, 1] keep the normal equations well conditioned.
  const u = (cell: number) => ((cell % columns) + 0.5) / columns * 2 - 1;
  const v = (cell: number) => (Math.floor(cell / columns) + 0.5) / rows * 2 - 1;
  const terms = cells >= 24 ? 6 : 1;
  const basis = (cell: number): number[] => {
    const x = u(cell);
    const y = v(cell);
    return terms === 6 ? [1, x, y, x * x, x * y, y * y] : [1];
  };
  let surface = new Float32Array(cells * 3);
  for (let round = 0; round < 6; round += 1) {
    surface = new Float32Array(cells * 3);
    for (let channel = 0; channel < 3; channel += 1) {
      const coefficients = leastSquares(cells, terms, basis, (cell) => raw[cell * 3 + channel]!, weights);
      for (let cell = 0; cell < cells; cell += 1) {
        const row = basis(cell);
        let value = 0;
        for (let term = 0; term < terms; term += 1) value += row[term]! * coefficients[term]!;
        surface[cell * 3 + channel] = value;
      }
    }
    let changed = false;
    for (let cell = 0; cell < cells; cell += 1) {
      let below = false;
      for (let channel = 0; channel < 3; channel += 1) below ||= raw[cell * 3 + channel]! < surface[cell * 3 + channel]! - OUTLIER_LEVELS;
      const weight = below ? 0 : 1;
      if (weights[cell] !== weight) changed = true;
      weights[cell] = weight;
    }
    if (!changed) break;
  }
  const paper = new Float32Array(cells * 3);
  for (let cell = 0; cell < cells; cell += 1) {
    for (let channel = 0; channel < 3; channel += 1) {
      const index = cell * 3 + channel;
      paper[index] = weights[cell] === 1 ? raw[index]! : surface[index]!;
    }
  }
  return { paper, clean: weights };
}

/** Weighted least squares by the normal equations and Gaussian elimination (at most 6 unknowns). */
function leastSquares(count: number, terms: number, basis: (index: number) => number[], value: (index: number) => number, weights: Uint8Array): number[] {
  const matrix = Array.from({ length: terms }, () => new Array<number>(terms + 1).fill(0));
  let total = 0;
  let sum = 0;
  for (let index = 0; index < count; index += 1) {
    const weight = weights[index]!;
    if (weight === 0) continue;
    total += weight;
    sum += weight * value(index);
    const row = basis(index);
    const target = value(index);
    for (let i = 0; i < terms; i += 1) {
      for (let j = 0; j < terms; j += 1) matrix[i]![j]! += weight * row[i]! * row[j]!;
      matrix[i]![terms]! += weight * row[i]! * target;
    }
  }
  // Too few clean blocks for a surface: a flat sheet at their mean (or white if there are none).
  const flat = [total === 0 ? 255 : sum / total, ...new Array<number>(terms - 1).fill(0)];
  if (total < terms * 2) return flat;
  for (let column = 0; column < terms; column += 1) {
    let pivot = column;
    for (let row = column + 1; row < terms; row += 1) if (Math.abs(matrix[row]![column]!) > Math.abs(matrix[pivot]![column]!)) pivot = row;
    [matrix[column], matrix[pivot]] = [matrix[pivot]!, matrix[column]!];
    const lead = matrix[column]![column]!;
    if (Math.abs(lead) < 1e-9) return flat;
    for (let row = 0; row < terms; row += 1) {
      if (row === column) continue;
      const factor = matrix[row]![column]! / lead;
      for (let k = column; k <= terms; k += 1) matrix[row]![k]! -= factor * matrix[column]![k]!;
    }
  }
  return matrix.map((row, index) => row[terms]! / row[index]!);
}

/** The paper colour at a point (in the model's pixel coordinates), bilinear between block centres. */
export function paperAt(model: PaperModel, x: number, y: number, out: Float32Array): void {
  const gx = Math.min(Math.max(x / model.block - 0.5, 0), model.columns - 1);
  const gy = Math.min(Math.max(y / model.block - 0.5, 0), model.rows - 1);
  const x0 = Math.floor(gx);
  const y0 = Math.floor(gy);
  const x1 = Math.min(x0 + 1, model.columns - 1);
  const y1 = Math.min(y0 + 1, model.rows - 1);
  const fx = gx - x0;
  const fy = gy - y0;
  // No helper closure here: this runs once per four pixels of every image.
  const grid = model.paper;
  const a = (y0 * model.columns + x0) * 3;
  const b = (y0 * model.columns + x1) * 3;
  const c = (y1 * model.columns + x0) * 3;
  const d = (y1 * model.columns + x1) * 3;
  for (let channel = 0; channel < 3; channel += 1) {
    out[channel] = (grid[a + channel]! * (1 - fx) + grid[b + channel]! * fx) * (1 - fy) + (grid[c + channel]! * (1 - fx) + grid[d + channel]! * fx) * fy;
  }
}

/**
 * The ink class of one absorption triple. Red: green and blue absorbed alike, red
 * hardly. Blue: red and green absorbed, blue hardly. Dark: all three within a factor
 * of two. Anything else (yellow stains, green, cyan) is "other".
 */
export function classifyAbsorption(dr: number, dg: number, db: number, threshold: number): InkClass {
  const strength = Math.max(dr, dg, db);
  if (strength < threshold) return INK.none;
  const gbLow = Math.min(dg, db);
  const gbHigh = Math.max(dg, db);
  if (dr <= 0.5 * gbLow && gbLow >= 0.45 * gbHigh) return INK.red;
  const rgLow = Math.min(dr, dg);
  const rgHigh = Math.max(dr, dg);
  if (db <= 0.65 * rgHigh && rgLow >= 0.35 * rgHigh) return INK.blue;
  if (Math.min(dr, dg, db) >= 0.5 * strength) return INK.dark;
  return INK.other;
}

export interface InkMap {
  width: number;
  height: number;
  /** Absorption in the strongest channel, 0–255. */
  strength: Uint8Array;
  kind: Uint8Array;
}

/**
 * Absorption and class of every pixel. `paperFor(x, y, out)` gives the paper colour
 * under a pixel; it is sampled once per 4×4 pixels because paper changes slowly.
 */
export function mapInk(image: RgbImage, paperFor: (x: number, y: number, out: Float32Array) => void, threshold: number): InkMap {
  const { width, height, data } = image;
  const strength = new Uint8Array(width * height);
  const kind = new Uint8Array(width * height);
  const paper = new Float32Array(3);
  const step = 4;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      if (x % step === 0) paperFor(x + step / 2, y, paper);
      const index = y * width + x;
      const offset = index * 3;
      const dr = Math.max(0, paper[0]! - data[offset]!);
      const dg = Math.max(0, paper[1]! - data[offset + 1]!);
      const db = Math.max(0, paper[2]! - data[offset + 2]!);
      const s = Math.max(dr, dg, db);
      strength[index] = s > 255 ? 255 : s;
      kind[index] = classifyAbsorption(dr, dg, db, threshold);
    }
  }
  return { width, height, strength, kind };
}
