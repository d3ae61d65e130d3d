// Opening an untrusted scan: identify it by its bytes, read its header with every
// limit enforced BEFORE any pixel is decoded, collect the metadata the rules need,
// and hand out sharp pipelines over its pixels (always 8-bit sRGB, whatever the file
// holds: grey, 1-bit, 16-bit, CMYK or with an ICC profile).

import sharp, { type Metadata, type Sharp } from 'sharp';
import { decodeBmp, readBmpHeader } from './bmp-decode';
import { readExif, type ExifFacts } from './exif-read';
import { readPngHeader, sniffFormat, type ScanFormat } from './image-sniff';
import { inputErrors, ScanInputError } from './scan-errors';
import { SCAN_RULES } from './scan-rules';

export interface ScanLimits {
  maxBytes: number;
  maxPixels: number;
}

/** A 1200 dpi A4 scan is 140 Mpx; 200 Mpx leaves room for 1400 dpi and margins. */
export const DEFAULT_LIMITS: ScanLimits = { maxBytes: 150 * 1024 * 1024, maxPixels: 200_000_000 };

export type DensityStatus = 'ok' | 'missing' | 'unknown' | 'implausible';

export interface ScanSource {
  format: ScanFormat;
  width: number;
  height: number;
  /** As the file states it (pixels per inch), if at all. */
  statedDpi: number | null;
  densityStatus: DensityStatus;
  /** The resolution measurements may use: statedDpi when its status is 'ok'. */
  dpi: number | null;
  hasAlpha: boolean;
  exif: ExifFacts | null;
  xmp: string | null;
  comments: { keyword: string; text: string }[];
  /** A fresh pipeline over the pixels as sRGB (alpha kept if present), with the limits set. */
  pixels(): Sharp;
}

const FORMAT_NAMES: Record<ScanFormat, string> = { png: 'PNG', jpeg: 'JPEG', tiff: 'TIFF', bmp: 'BMP' };

export function formatName(format: ScanFormat): string {
  return FORMAT_NAMES[format];
}

export async function openScan(bytes: Uint8Array, limits: ScanLimits = DEFAULT_LIMITS): Promise<ScanSource> {
  if (bytes.length === 0) throw inputErrors.empty();
  if (bytes.length > limits.maxBytes) throw inputErrors.tooLarge(bytes.length, limits.maxBytes);
  const format = sniffFormat(bytes);
  if (format === 'bmp') return openBmp(bytes, limits);
  if (format === 'png') {
    const header = readPngHeader(bytes);
    if (header.width * header.height > limits.maxPixels) throw inputErrors.tooManyPixels(header.width, header.height, limits.maxPixels);
    if (header.animated) throw inputErrors.animated('PNG 动画(APNG)');
  }
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // failOn 'truncated': a cut-off file is refused rather than analysed with a grey hole;
  // harmless decoder warnings (common in scanner JPEGs) are tolerated.
  const options = { limitInputPixels: limits.maxPixels, sequentialRead: true, failOn: 'warning' as const, autoOrient: true };
  let metadata: Metadata;
  try {
    // The header alone (no pixels are decoded here), read without sharp's pixel limit so
    // that an oversized image is refused below with its actual dimensions.
    metadata = await sharp(input, { ...options, limitInputPixels: false }).metadata();
  } catch (error) {
    throw describeDecodeError(error, limits);
  }
  if (metadata.format !== format) {
    throw inputErrors.corrupt(`文件头为 ${FORMAT_NAMES[format]},内容却不是`);
  }
  const { width, height } = metadata;
  if (!width || !height) throw inputErrors.corrupt('图片宽度或高度为 0');
  if (width * height > limits.maxPixels) throw inputErrors.tooManyPixels(width, height, limits.maxPixels);
  if ((metadata.pages ?? 1) > 1) throw inputErrors.animated(format === 'tiff' ? '多页 TIFF 文件' : `${FORMAT_NAMES[format]} 文件`);
  if (metadata.channels > 4 || (metadata.space === 'cmyk' && metadata.hasAlpha)) throw inputErrors.unsupported(`${metadata.channels} 个颜色通道的图片`);

  // A TIFF's own first directory holds Make/Software; other formats carry an EXIF block.
  const exif = format === 'tiff' ? readExif(bytes) : metadata.exif ? readExif(metadata.exif) : null;
  const stated = metadata.density ?? null;
  const { status, dpi } = judgeDensity(stated);
  return {
    format,
    width: metadata.autoOrient.width,
    height: metadata.autoOrient.height,
    statedDpi: stated,
    densityStatus: status,
    dpi,
    hasAlpha: metadata.hasAlpha,
    exif,
    xmp: metadata.xmpAsString ?? null,
    comments: metadata.comments ?? [],
    pixels: () => sharp(input, options).toColourspace('srgb'),
  };
}

function openBmp(bytes: Uint8Array, limits: ScanLimits): ScanSource {
  const header = readBmpHeader(bytes);
  if (header.width * header.height > limits.maxPixels) throw inputErrors.tooManyPixels(header.width, header.height, limits.maxPixels);
  const image = decodeBmp(bytes);
  // Non-square pixels are not something a scanner writes: treat as an implausible density.
  const square = image.dpiX !== null && image.dpiY !== null && Math.abs(image.dpiX - image.dpiY) <= 1;
  const judged = judgeDensity(image.dpiX);
  const density = square || image.dpiX === null ? judged : { status: 'implausible' as const, dpi: null };
  const raw = { width: image.width, height: image.height, channels: image.channels };
  return {
    format: 'bmp',
    width: image.width,
    height: image.height,
    statedDpi: image.dpiX,
    densityStatus: density.status,
    dpi: density.dpi,
    hasAlpha: image.hasAlpha,
    exif: null,
    xmp: null,
    comments: [],
    pixels: () => sharp(image.data, { raw, limitInputPixels: limits.maxPixels }),
  };
}

export function judgeDensity(stated: number | null): { status: DensityStatus; dpi: number | null } {
  if (stated === null || !Number.isFinite(stated) || stated <= 0) return { status: 'missing', dpi: null };
  if (SCAN_RULES.unknownDpis.some((value) => Math.abs(stated - value) < 0.5)) return { status: 'unknown', dpi: null };
  if (stated < SCAN_RULES.plausibleDpi.min || stated > SCAN_RULES.plausibleDpi.max) return { status: 'implausible', dpi: null };
  return { status: 'ok', dpi: Math.round(stated * 100) / 100 };
}

/** Turns a libvips/sharp failure into a Chinese message; never passes the raw text to the user. */
export function describeDecodeError(error: unknown, limits: ScanLimits): ScanInputError {
  if (error instanceof ScanInputError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) {
    return new ScanInputError('too-many-pixels', `图片像素数超过上限(${Math.round(limits.maxPixels / 1e6)} 百万像素)。请以 600–1200 dpi 扫描 A4 纸后重试。`, { cause: error });
  }
  if (/unsupported image format|bad seek|not a known file format/i.test(message)) return inputErrors.corrupt('文件内容不是可识别的图像', error);
  if (/premature|truncat|end of (file|data|stream)|read error|short read|unexpected end/i.test(message)) {
    return inputErrors.corrupt('文件不完整(被截断)', error);
  }
  return inputErrors.corrupt('图像数据损坏', error);
}
