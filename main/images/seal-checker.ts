// The local check of a seal or signature scan, as a pure function of the file's
// bytes: analyzeScan(bytes, kind) → ScanReport. It runs inside the scan worker (and
// the CLI uses the same worker), never on the main thread.
//
// Two passes keep it fast and small: the whole sheet on a ~150 dpi copy (find the
// ink, group it into marks, look at the paper), then only the chosen mark's crop at
// 600 dpi (measure it, judge it, cut it out). A 600 dpi A4 is 35 Mpx; the two passes
// hold about 4 Mpx in arrays here, while libvips streams the file through.
//
// A PNG has no reduced decode, so it is decoded twice: whole for the first pass, and down
// to the crop's last row for the second. Keeping the first pass's full-resolution pixels
// instead was measured: 100 MB more at the peak (600 dpi A4, RGB) for under 0.1 s less
// CPU: filling and reading that 104 MB buffer costs nearly what decoding the rows again does.

import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { clusterBlobs, dominantClass, labelBlobs, type Box, type Cluster } from './components';
import { INK, estimatePaper, mapInk, paperAt, type InkClass, type PaperModel, type RgbImage } from './ink';
import { cutOut, measureFine, type FineMeasure } from './seal-measure';
import { cameraEvidence, editorEvidence } from './scan-provenance';
import type { ScanCheck, ScanKind, ScanReport, SealShape } from './scan-report';
import { MM_PER_INCH, SCAN_RULES } from './scan-rules';
import { analyseSheet } from './scan-sheet';
import { DEFAULT_LIMITS, describeDecodeError, openScan, type ScanLimits, type ScanSource } from './scan-source';
import * as verdict from './scan-verdicts';

export { ScanInputError } from './scan-errors';
export type { ScanLimits } from './scan-source';

export async function analyzeScan(bytes: Uint8Array, kind: ScanKind, limits: ScanLimits = DEFAULT_LIMITS): Promise<ScanReport> {
  const source = await openScan(bytes, limits);
  const checks: ScanCheck[] = [];
  checks.push(verdict.resolutionCheck(source.densityStatus, source.statedDpi, source.dpi));
  checks.push(verdict.cameraCheck(cameraEvidence(source.exif).signs));

  const scale = Math.min(1, SCAN_RULES.workingDpi / ruleDpi(source));
  const working = await readPixels(
    source.pixels().resize(Math.max(1, Math.round(source.width * scale)), Math.max(1, Math.round(source.height * scale)), { fit: 'fill' }),
    limits,
  );
  const scaleX = working.image.width / source.width;
  const scaleY = working.image.height / source.height;
  const workPxPerMm = (ruleDpi(source) * scaleX) / MM_PER_INCH;
  const blockPx = Math.max(8, Math.round(10 * workPxPerMm));
  const paper = estimatePaper(working.image, blockPx);
  const ink = mapInk(working.image, (x, y, out) => paperAt(paper, x, y, out), SCAN_RULES.inkThreshold);
  const candidates = findMarks(ink.kind, working.image.width, working.image.height, workPxPerMm, kind);
  const sheet = analyseSheet(working.image, paper);

  checks.push(verdict.lightingCheck(sheet.lightingSpread));
  checks.push(verdict.perspectiveCheck(sheet.backgroundVisible, sheet.keystone));
  checks.push(verdict.softwareCheck(editorEvidence({ exif: source.exif, xmp: source.xmp, comments: source.comments })));
  checks.push(verdict.transparencyCheck(working.transparentShare));

  const wanted = (family: InkClass) => (kind === 'seal' ? family === INK.red || family === INK.blue : family === INK.dark);
  const right = candidates.filter((candidate) => wanted(candidate.family));
  const pool = right.length > 0 ? right : candidates;
  const main = [...pool].sort((a, b) => boxArea(b.box) - boxArea(a.box))[0];
  checks.push(verdict.foundCheck(kind, right.length > 0 ? right.length : main ? 1 : 0));

  let report: Omit<ScanReport, 'checks' | 'reasons' | 'accepted' | 'cleanedPng'> = {
    kind,
    dpi: source.dpi,
    widthCm: null,
    heightCm: null,
    shape: null,
    color: null,
    cleanedDpi: SCAN_RULES.cleanedDpi,
  };
  let fine: { measure: FineMeasure; pxPerCm: number | null } | null = null;
  if (main) {
    const { box } = main;
    const { width, height } = working.image;
    const margin = Math.max(1, SCAN_RULES.edgeMarginMm * workPxPerMm);
    const touching = box.x0 < margin || box.y0 < margin || box.x1 > width - 1 - margin || box.y1 > height - 1 - margin;
    const distance = Math.min(box.x0, box.y0, width - 1 - box.x1, height - 1 - box.y1) / workPxPerMm / 10;
    fine = await measureMark(source, limits, main, { scaleX, scaleY, paper, kind });
    const family = main.family;
    checks.push(verdict.colourCheck(kind, family, fine?.measure.colourShare ?? main.byClass[family]! / Math.max(1, main.area)));
    checks.push(verdict.edgeCheck(kind, distance, touching));
    report = { ...report, color: verdict.inkColorOf(family) };
    if (fine) {
      const { measure, pxPerCm } = fine;
      const widthCm = pxPerCm === null ? null : round2(measure.width / pxPerCm);
      const heightCm = pxPerCm === null ? null : round2(measure.height / pxPerCm);
      const shape = kind === 'seal' ? classifyShape(measure) : null;
      checks.push(verdict.sizeCheck({ kind, shape, widthCm, heightCm }));
      if (shape) {
        const aspect = Math.max(measure.width, measure.height) / Math.max(1, Math.min(measure.width, measure.height));
        checks.push(verdict.shapeCheck(shape, measure.fill, aspect, measure.tiltDeg));
      }
      checks.push(verdict.sharpnessCheck(kind, measure.edgeWidth, pxPerCm === null ? null : pxPerCm / 10));
      checks.push(verdict.contrastCheck(kind, measure.contrast));
      report = { ...report, widthCm, heightCm, shape };
    } else {
      checks.push(verdict.unmeasurableCheck(kind));
    }
  }
  const reasons = checks.flatMap((check) => (check.verdict === 'fail' && check.reason ? [check.reason] : []));
  const accepted = reasons.length === 0 && fine !== null && fine.pxPerCm !== null;
  const cleanedPng = accepted && fine ? await encodeCleaned(fine.measure) : null;
  return { ...report, accepted, checks, reasons, cleanedPng };
}

/**
 * The scale the millimetre RULES use (dust size, grouping distance, margins). It is the
 * file's resolution when known. Without one, nothing is measured or reported in
 * centimetres, but the rules still need a scale: a sheet with A4's proportions is
 * taken to be A4 (photos and screenshots of a page), anything else to be at 600 dpi.
 */
function ruleDpi(source: ScanSource): number {
  if (source.dpi !== null) return source.dpi;
  const short = Math.min(source.width, source.height);
  const long = Math.max(source.width, source.height);
  const a4 = Math.abs(long / short - Math.SQRT2) < 0.07;
  return a4 ? (short / 210) * MM_PER_INCH : SCAN_RULES.analysisDpi;
}

interface Candidate extends Cluster {
  family: InkClass;
}

/**
 * Ink blobs → marks: dust (shorter than 1 mm) and anything too long to be a mark are
 * dropped first, so a speck beside a seal cannot stretch its outline; the rest are
 * grouped by colour family and proximity; groups of mark size are the candidates.
 */
function findMarks(kind: Uint8Array, width: number, height: number, pxPerMm: number, scanKind: ScanKind): Candidate[] {
  const { blobs } = labelBlobs(kind, width, height);
  const speck = SCAN_RULES.speckMaxMm * pxPerMm;
  const tooLong = SCAN_RULES.markMaxMm * pxPerMm;
  const families = new Map<InkClass, typeof blobs>();
  for (const blob of blobs) {
    const side = Math.max(blob.box.x1 - blob.box.x0 + 1, blob.box.y1 - blob.box.y0 + 1);
    if (side < speck || side > tooLong) continue;
    const family = dominantClass(blob.byClass);
    families.set(family, [...(families.get(family) ?? []), blob]);
  }
  const gap = SCAN_RULES.clusterGapMm[scanKind] * pxPerMm;
  const candidates: Candidate[] = [];
  for (const [family, members] of families) {
    for (const cluster of clusterBlobs(members, gap)) {
      const long = Math.max(cluster.box.x1 - cluster.box.x0 + 1, cluster.box.y1 - cluster.box.y0 + 1);
      const short = Math.min(cluster.box.x1 - cluster.box.x0 + 1, cluster.box.y1 - cluster.box.y0 + 1);
      // Lines are not marks: the scanner lid's shadow along an edge, a fold, a hair.
      if (long / short > SCAN_RULES.maxMarkElongation) continue;
      if (long >= SCAN_RULES.markMinMm * pxPerMm && long <= tooLong) candidates.push({ ...cluster, family });
    }
  }
  return candidates;
}

interface WorkingFrame {
  scaleX: number;
  scaleY: number;
  paper: PaperModel;
  kind: ScanKind;
}

/** Crops the mark (plus 4 mm) from the full-resolution image at 600 dpi and measures it there. */
async function measureMark(source: ScanSource, limits: ScanLimits, mark: Candidate, frame: WorkingFrame): Promise<{ measure: FineMeasure; pxPerCm: number | null } | null> {
  const sourcePxPerMm = ruleDpi(source) / MM_PER_INCH;
  const margin = Math.ceil(4 * sourcePxPerMm);
  const left = Math.max(0, Math.floor(mark.box.x0 / frame.scaleX) - margin);
  const top = Math.max(0, Math.floor(mark.box.y0 / frame.scaleY) - margin);
  const right = Math.min(source.width, Math.ceil((mark.box.x1 + 1) / frame.scaleX) + margin);
  const bottom = Math.min(source.height, Math.ceil((mark.box.y1 + 1) / frame.scaleY) + margin);
  const factor = source.dpi !== null ? SCAN_RULES.analysisDpi / source.dpi : 1;
  let pipeline = source.pixels().extract({ left, top, width: right - left, height: bottom - top });
  const fineWidth = Math.max(1, Math.round((right - left) * factor));
  const fineHeight = Math.max(1, Math.round((bottom - top) * factor));
  if (factor !== 1) pipeline = pipeline.resize(fineWidth, fineHeight, { fit: 'fill' });
  const { image } = await readPixels(pipeline, limits);
  const fx = image.width / (right - left);
  const fy = image.height / (bottom - top);
  const finePxPerMm = sourcePxPerMm * (fx + fy) / 2;
  const slack = finePxPerMm; // 1 mm around the coarse box
  const target: Box = {
    x0: (mark.box.x0 / frame.scaleX - left) * fx - slack,
    y0: (mark.box.y0 / frame.scaleY - top) * fy - slack,
    x1: ((mark.box.x1 + 1) / frame.scaleX - left) * fx + slack,
    y1: ((mark.box.y1 + 1) / frame.scaleY - top) * fy + slack,
  };
  const measure = measureFine({
    roi: image,
    paperFor: (x, y, out) => paperAt(frame.paper, (left + x / fx) * frame.scaleX, (top + y / fy) * frame.scaleY, out),
    target,
    family: mark.family,
    inkThreshold: SCAN_RULES.fineInkThreshold,
    outline: frame.kind === 'seal' ? 'oriented' : 'upright',
  });
  if (!measure) return null;
  return { measure, pxPerCm: source.dpi === null ? null : finePxPerMm * 10 };
}

/** Rectangle if it fills its box; otherwise an ellipse, round when its sides are nearly equal. */
export function classifyShape(measure: Pick<FineMeasure, 'width' | 'height' | 'fill'>): SealShape {
  if (measure.fill >= SCAN_RULES.rectangleFill) return 'rectangular';
  const aspect = Math.max(measure.width, measure.height) / Math.max(1, Math.min(measure.width, measure.height));
  return aspect <= SCAN_RULES.roundAspect ? 'round' : 'oval';
}

async function encodeCleaned(measure: FineMeasure): Promise<Uint8Array> {
  // A 1 mm transparent margin around the mark.
  const margin = Math.round(SCAN_RULES.analysisDpi / MM_PER_INCH);
  const { width, height, rgba } = cutOut(measure, margin);
  const png = await sharp(rgba, { raw: { width, height, channels: 4 } })
    .withMetadata({ density: SCAN_RULES.cleanedDpi })
    .png({ compressionLevel: 9 })
    .toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.length);
}

/** Decodes a pipeline to 8-bit RGB, compositing any alpha over white and counting see-through pixels. */
async function readPixels(pipeline: Sharp, limits: ScanLimits): Promise<{ image: RgbImage; transparentShare: number }> {
  let raw: { data: Buffer; info: OutputInfo };
  try {
    // No ensureAlpha(): an opaque scan (nearly all of them) comes out as RGB and is used as
    // it is, without an RGBA copy and a pass over every pixel to drop the alpha again.
    raw = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw describeDecodeError(error, limits);
  }
  const { data, info } = raw;
  if (info.channels === 3) return { image: { width: info.width, height: info.height, data }, transparentShare: 0 };
  // sRGB is three channels, plus alpha if the file has one.
  if (info.channels !== 4) throw new Error(`expected RGB or RGBA pixels, got ${info.channels} channels`);
  const pixels = info.width * info.height;
  const rgb = new Uint8Array(pixels * 3);
  let transparent = 0;
  for (let index = 0; index < pixels; index += 1) {
    const alpha = data[index * 4 + 3]!;
    if (alpha < 128) transparent += 1;
    for (let channel = 0; channel < 3; channel += 1) {
      const value = data[index * 4 + channel]!;
      rgb[index * 3 + channel] = alpha === 255 ? value : Math.round((value * alpha + 255 * (255 - alpha)) / 255);
    }
  }
  return { image: { width: info.width, height: info.height, data: rgb }, transparentShare: pixels === 0 ? 0 : transparent / pixels };
}

function boxArea(box: Box): number {
  return (box.x1 - box.x0 + 1) * (box.y1 - box.y0 + 1);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
