// 打印校准页: an A4 sheet with millimetre rulers along the top and left edges and a
// crosshair at a known place (CALIBRATION_CROSSHAIR_MM). The user measures where the
// crosshair landed on the paper; the difference is the printer's offset.
//
// The ruler numbers are text in a standard font (so they are searchable, and tests read
// them back with poppler). The Chinese instructions need a CJK font, which pdf-lib cannot
// embed without fontkit; they are rendered to an image by sharp (Pango, the system's
// fonts) and placed at 300 dpi. If that fails the page still carries the rulers, the
// crosshair and an English line, which is all the measurement needs.
//
// The image goes in as raw grey pixels compressed by zlib on the thread pool: pdf-lib's
// embedPng decodes and re-encodes the PNG in JavaScript, 80–500 ms on the main loop (measured).

import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import { concatTransformationMatrix, drawObject, PDFDocument, popGraphicsState, pushGraphicsState, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import sharp from 'sharp';
import { CALIBRATION_CROSSHAIR_MM, type PrinterOffset } from '../../preload/contract';
import { POINTS_PER_MM } from '../core/calibration';

export const A4_POINTS: readonly [number, number] = [595.28, 841.89];
export const A4_MM = { width: 210, height: 297 } as const;
/** Tick lengths from the edge: every 10 mm (numbered), every 5 mm, every 1 mm. */
export const TICK_MM = { long: 7, medium: 4.5, short: 2.5 } as const;
export const RULER_NUMBER_SIZE = 7;
/** The numbers sit this far from the edge (mm), just past the long ticks. */
export const RULER_NUMBER_GAP_MM = 1;

const INK = rgb(0, 0, 0);
const CROSS = rgb(0.8, 0, 0);
const mm = (value: number): number => value * POINTS_PER_MM;

export interface CalibrationPageOptions {
  /** The offset this page is printed with (the printer's current one), stated on the page. */
  applied: PrinterOffset | null;
  /** Where the instructions' Chinese text image comes from; tests and fallback may replace it. */
  renderText?: (lines: readonly string[]) => Promise<TextImage | null>;
  /** Told when the instructions could not be rendered (the page goes out without them). */
  onTextFailure?: (error: unknown) => void;
}

/** 8-bit grey pixels, one byte each, row by row; 0 is ink, 255 is paper. Rendered at 300 dpi. */
export interface TextImage {
  gray: Uint8Array;
  widthPx: number;
  heightPx: number;
}

const deflateAsync = promisify(deflate);

const signed = (value: number): string => `${value > 0 ? '+' : ''}${value.toFixed(1)}`;

export function calibrationInstructions(applied: PrinterOffset | null): string[] {
  const { xMm, yMm } = CALIBRATION_CROSSHAIR_MM;
  return [
    '打印校准页',
    '测量十字线到纸张左边缘和上边缘的距离,填写实际值,系统自动计算偏移。',
    `十字线的标准位置:距纸张左边缘 ${xMm} mm,距纸张上边缘 ${yMm} mm。`,
    '上边和左边的刻度从纸张边缘起算,长刻度每 10 mm,中刻度每 5 mm,短刻度每 1 mm。',
    '偏移的正值表示向右、向下移动,负值表示向左、向上移动。',
    applied ? `本页已应用校准偏移 X ${signed(applied.xMm)} mm / Y ${signed(applied.yMm)} mm。` : '本页未应用校准偏移。',
  ];
}

/** Pango through sharp: the same fonts the user's system shows Chinese with. */
export async function renderTextWithSharp(lines: readonly string[]): Promise<TextImage | null> {
  const escape = (text: string): string => text.replace(/[&<>]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[ch] ?? ch);
  const markup = lines.map((line, i) => (i === 0 ? `<b><big>${escape(line)}</big></b>` : escape(line))).join('\n');
  const { data, info } = await sharp({ text: { text: markup, font: 'sans 10', dpi: 300, rgba: true, spacing: 12 } })
    .flatten({ background: '#ffffff' })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1 || data.length !== info.width * info.height) return null;
  return { gray: new Uint8Array(data), widthPx: info.width, heightPx: info.height };
}

function drawRulers(page: PDFPage, font: PDFFont): void {
  const [, height] = A4_POINTS;
  const tick = (n: number): number => (n % 10 === 0 ? TICK_MM.long : n % 5 === 0 ? TICK_MM.medium : TICK_MM.short);
  // Top edge: x from the left edge, ticks hanging down from the top.
  for (let n = 1; n < A4_MM.width; n++) {
    const x = mm(n);
    page.drawLine({ start: { x, y: height }, end: { x, y: height - mm(tick(n)) }, thickness: n % 10 === 0 ? 0.5 : 0.3, color: INK });
    if (n % 10 === 0) {
      const label = String(n);
      const w = font.widthOfTextAtSize(label, RULER_NUMBER_SIZE);
      page.drawText(label, { x: x - w / 2, y: height - mm(TICK_MM.long + RULER_NUMBER_GAP_MM) - font.heightAtSize(RULER_NUMBER_SIZE, { descender: false }), size: RULER_NUMBER_SIZE, font, color: INK });
    }
  }
  // Left edge: y from the top edge, ticks reaching in from the left.
  for (let n = 1; n < A4_MM.height; n++) {
    const y = height - mm(n);
    page.drawLine({ start: { x: 0, y }, end: { x: mm(tick(n)), y }, thickness: n % 10 === 0 ? 0.5 : 0.3, color: INK });
    // 10 is left out: it would sit on the top ruler's 10 in the corner.
    if (n % 10 === 0 && n > 10) {
      const capHeight = font.heightAtSize(RULER_NUMBER_SIZE, { descender: false });
      page.drawText(String(n), { x: mm(TICK_MM.long + RULER_NUMBER_GAP_MM), y: y - capHeight / 2, size: RULER_NUMBER_SIZE, font, color: INK });
    }
  }
}

function drawCrosshair(page: PDFPage): void {
  const [, height] = A4_POINTS;
  const x = mm(CALIBRATION_CROSSHAIR_MM.xMm);
  const y = height - mm(CALIBRATION_CROSSHAIR_MM.yMm);
  const arm = mm(15);
  page.drawLine({ start: { x: x - arm, y }, end: { x: x + arm, y }, thickness: 0.4, color: CROSS });
  page.drawLine({ start: { x, y: y - arm }, end: { x, y: y + arm }, thickness: 0.4, color: CROSS });
  page.drawCircle({ x, y, size: mm(3), borderColor: CROSS, borderWidth: 0.4 });
}

export async function makeCalibrationPage(options: CalibrationPageOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('打印校准页');
  doc.setProducer('原产地证书自助打印客户端');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([...A4_POINTS]);
  drawRulers(page, font);
  drawCrosshair(page);

  const [, height] = A4_POINTS;
  const { xMm, yMm } = CALIBRATION_CROSSHAIR_MM;
  const left = mm(30);
  let top = height - mm(120);
  const lines = calibrationInstructions(options.applied);
  const image = await (options.renderText ?? renderTextWithSharp)(lines).catch((error: unknown) => {
    options.onTextFailure?.(error);
    return null;
  });
  if (image && image.gray.length === image.widthPx * image.heightPx) {
    const ref = doc.context.register(
      doc.context.stream(await deflateAsync(image.gray), {
        Type: 'XObject',
        Subtype: 'Image',
        Width: image.widthPx,
        Height: image.heightPx,
        ColorSpace: 'DeviceGray',
        BitsPerComponent: 8,
        Filter: 'FlateDecode',
      }),
    );
    const name = page.node.newXObject('Instructions', ref);
    // 300 dpi: a pixel is 72/300 of a point; narrowed if it would run past the right margin.
    const w = Math.min((image.widthPx * 72) / 300, A4_POINTS[0] - left - mm(15));
    const h = (w * image.heightPx) / image.widthPx;
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(w, 0, 0, h, left, top - h), drawObject(name), popGraphicsState());
    top -= h + mm(6);
  }
  page.drawText(`Crosshair at ${xMm} mm from the left edge and ${yMm} mm from the top edge.`, { x: left, y: top - 10, size: 9, font, color: INK });
  return doc.save();
}
