// Identifies a file by its first bytes, never by its name, before any decoder sees
// it: only the four formats scanners write go on to the (native) decoders, so an SVG
// or HTML file renamed .png never reaches librsvg, and a GIF or HEIC photo is named
// in the refusal.

import { inputErrors } from './scan-errors';

export type ScanFormat = 'png' | 'jpeg' | 'tiff' | 'bmp';

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((byte, index) => bytes[at + index] === byte);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));
}

/** The format of a scan file, or a ScanInputError naming what it is instead. */
export function sniffFormat(bytes: Uint8Array): ScanFormat {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(bytes, [0x42, 0x4d]) && bytes.length >= 26) return 'bmp';
  throw inputErrors.unsupported(describeOther(bytes));
}

function describeOther(bytes: Uint8Array): string {
  const head = ascii(bytes, 0, 16);
  if (head.startsWith('GIF8')) return 'GIF 图片';
  if (head.startsWith('RIFF') && ascii(bytes, 8, 12) === 'WEBP') return 'WebP 图片';
  if (head.startsWith('%PDF')) return 'PDF 文件';
  if (ascii(bytes, 4, 8) === 'ftyp') return 'HEIC/AVIF 手机照片格式';
  if (startsWith(bytes, [0x49, 0x49, 0x2b, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2b])) return 'BigTIFF';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return '压缩包或 Office 文档';
  if (startsWith(bytes, [0x42, 0x4d])) return '不完整的 BMP 文件';
  // Text formats (SVG, HTML, XML) may start with a BOM or whitespace before '<'.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 256)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'SVG 矢量图';
  if (text.startsWith('<')) return 'HTML/XML 文本';
  return '无法识别的文件内容';
}

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  /** An APNG (acTL before the first IDAT): libvips would quietly show only its first frame. */
  animated: boolean;
}

const PNG_COLOUR_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/** Reads IHDR and walks the chunks before the image data. Never reads past the buffer. */
export function readPngHeader(bytes: Uint8Array): PngHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 33 || ascii(bytes, 12, 16) !== 'IHDR' || view.getUint32(8) !== 13) throw inputErrors.corrupt('PNG 文件头(IHDR)缺失或不完整');
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = bytes[24] ?? 0;
  const colourType = bytes[25] ?? 0;
  if (width === 0 || height === 0) throw inputErrors.corrupt(`PNG 声明的尺寸为 ${width}×${height}`);
  if (width > 0x7fffffff || height > 0x7fffffff) throw inputErrors.corrupt('PNG 声明的尺寸超出规范');
  if (!(PNG_COLOUR_DEPTHS[colourType] ?? []).includes(bitDepth)) throw inputErrors.corrupt(`PNG 颜色类型 ${colourType} 与位深 ${bitDepth} 不合法`);
  let animated = false;
  let offset = 33;
  // A bounded walk: at most 10 000 chunks, each length checked against what is left.
  for (let chunks = 0; chunks < 10_000 && offset + 8 <= bytes.length; chunks += 1) {
    const length = view.getUint32(offset);
    const type = ascii(bytes, offset + 4, offset + 8);
    if (type === 'IDAT' || type === 'IEND') break;
    if (type === 'acTL') animated = true;
    if (length > bytes.length - offset - 12) break;
    offset += 12 + length;
  }
  return { width, height, bitDepth, colourType, animated };
}
