// BMP, which libvips (as bundled with sharp) cannot read, decoded here in plain
// TypeScript: uncompressed 1/4/8-bit palette, 16/24/32-bit RGB and bit-field files —
// what scanner software writes. Every offset is checked against the buffer before it
// is read; the header is read (and the pixel count checked) before anything is allocated.

import { inputErrors } from './scan-errors';

export interface BmpHeader {
  width: number;
  height: number;
  topDown: boolean;
  bitsPerPixel: number;
  /** Pixels per inch from the header's pixels per metre; null when it says 0. */
  dpiX: number | null;
  dpiY: number | null;
  hasAlpha: boolean;
}

export interface BmpImage extends BmpHeader {
  channels: 3 | 4;
  data: Uint8Array;
}

interface Layout extends BmpHeader {
  pixelOffset: number;
  stride: number;
  palette: Uint8Array[];
  masks: [number, number, number, number] | null;
}

function readLayout(bytes: Uint8Array): Layout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 26) throw inputErrors.corrupt('BMP 文件头不完整');
  const pixelOffset = view.getUint32(10, true);
  const dibSize = view.getUint32(14, true);
  if (![12, 40, 52, 56, 64, 108, 124].includes(dibSize)) throw inputErrors.corrupt(`BMP 信息头长度 ${dibSize} 不合法`);
  if (bytes.length < 14 + dibSize) throw inputErrors.corrupt('BMP 信息头不完整');
  const core = dibSize === 12;
  const width = core ? view.getUint16(18, true) : view.getInt32(18, true);
  const rawHeight = core ? view.getInt16(20, true) : view.getInt32(22, true);
  const planes = view.getUint16(core ? 22 : 26, true);
  const bitsPerPixel = view.getUint16(core ? 24 : 28, true);
  const compression = core ? 0 : view.getUint32(30, true);
  if (width <= 0 || rawHeight === 0 || rawHeight === -0x80000000) throw inputErrors.corrupt(`BMP 声明的尺寸为 ${width}×${rawHeight}`);
  if (planes !== 1) throw inputErrors.corrupt('BMP 平面数不为 1');
  if (compression === 1 || compression === 2 || compression === 4 || compression === 5) {
    throw inputErrors.unsupported('压缩的 BMP(RLE/JPEG/PNG 编码)');
  }
  if (compression !== 0 && compression !== 3 && compression !== 6) throw inputErrors.corrupt(`BMP 压缩方式 ${compression} 不合法`);
  if (![1, 4, 8, 16, 24, 32].includes(bitsPerPixel)) throw inputErrors.corrupt(`BMP 位深 ${bitsPerPixel} 不合法`);
  const height = Math.abs(rawHeight);
  const ppmX = core ? 0 : view.getInt32(38, true);
  const ppmY = core ? 0 : view.getInt32(42, true);
  const toDpi = (ppm: number) => (ppm > 0 ? Math.round(ppm * 0.0254 * 100) / 100 : null);

  let masks: Layout['masks'] = null;
  if (compression === 3 || compression === 6) {
    // Masks follow a 40-byte header; larger headers carry them inside.
    const at = 14 + 40;
    if (bytes.length < at + 12) throw inputErrors.corrupt('BMP 位域掩码不完整');
    const alphaMask = compression === 6 || dibSize >= 56 ? (bytes.length >= at + 16 ? view.getUint32(at + 12, true) : 0) : 0;
    masks = [view.getUint32(at, true), view.getUint32(at + 4, true), view.getUint32(at + 8, true), alphaMask];
    if (masks.slice(0, 3).some((mask) => mask === 0)) throw inputErrors.corrupt('BMP 位域掩码为 0');
  } else if (bitsPerPixel === 16) {
    masks = [0x7c00, 0x03e0, 0x001f, 0];
  }

  const palette: Uint8Array[] = [];
  if (bitsPerPixel <= 8) {
    const declared = core ? 0 : view.getUint32(46, true);
    const entries = declared === 0 ? 1 << bitsPerPixel : declared;
    if (entries > 1 << bitsPerPixel) throw inputErrors.corrupt('BMP 调色板条目过多');
    const entrySize = core ? 3 : 4;
    const start = 14 + dibSize + (compression === 3 && dibSize === 40 ? 12 : 0);
    if (start + entries * entrySize > bytes.length) throw inputErrors.corrupt('BMP 调色板不完整');
    for (let index = 0; index < entries; index += 1) {
      const at = start + index * entrySize;
      palette.push(new Uint8Array([bytes[at + 2] ?? 0, bytes[at + 1] ?? 0, bytes[at] ?? 0]));
    }
  }
  const stride = Math.ceil((width * bitsPerPixel) / 32) * 4;
  const hasAlpha = masks !== null && masks[3] !== 0;
  return { width, height, topDown: rawHeight < 0, bitsPerPixel, dpiX: toDpi(ppmX), dpiY: toDpi(ppmY), hasAlpha, pixelOffset, stride, palette, masks };
}

export function readBmpHeader(bytes: Uint8Array): BmpHeader {
  const { width, height, topDown, bitsPerPixel, dpiX, dpiY, hasAlpha } = readLayout(bytes);
  return { width, height, topDown, bitsPerPixel, dpiX, dpiY, hasAlpha };
}

function maskShift(mask: number): { shift: number; max: number } {
  let shift = 0;
  while (shift < 32 && ((mask >>> shift) & 1) === 0) shift += 1;
  const max = mask >>> shift;
  return { shift, max: max === 0 ? 1 : max };
}

/** Decodes the pixels; the caller has already checked width × height against its limit. */
export function decodeBmp(bytes: Uint8Array): BmpImage {
  const layout = readLayout(bytes);
  const { width, height, stride, pixelOffset, bitsPerPixel, palette, masks, hasAlpha } = layout;
  if (pixelOffset < 14 || pixelOffset > bytes.length || stride * height > bytes.length - pixelOffset) {
    throw inputErrors.corrupt('BMP 像素数据不完整(文件被截断)');
  }
  const channels = hasAlpha ? 4 : 3;
  const data = new Uint8Array(width * height * channels);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fields = masks?.map(maskShift) ?? null;
  for (let row = 0; row < height; row += 1) {
    const y = layout.topDown ? row : height - 1 - row;
    const rowStart = pixelOffset + row * stride;
    let out = y * width * channels;
    for (let x = 0; x < width; x += 1) {
      let r: number;
      let g: number;
      let b: number;
      let a = 255;
      if (bitsPerPixel <= 8) {
        const bit = x * bitsPerPixel;
        const byte = bytes[rowStart + (bit >> 3)] ?? 0;
        const index = (byte >> (8 - bitsPerPixel - (bit & 7))) & ((1 << bitsPerPixel) - 1);
        const colour = palette[index];
        if (!colour) throw inputErrors.corrupt('BMP 像素引用了不存在的调色板颜色');
        r = colour[0] ?? 0;
        g = colour[1] ?? 0;
        b = colour[2] ?? 0;
      } else if (bitsPerPixel === 24) {
        const at = rowStart + x * 3;
        b = bytes[at] ?? 0;
        g = bytes[at + 1] ?? 0;
        r = bytes[at + 2] ?? 0;
      } else if (bitsPerPixel === 32 && !fields) {
        const at = rowStart + x * 4;
        b = bytes[at] ?? 0;
        g = bytes[at + 1] ?? 0;
        r = bytes[at + 2] ?? 0;
      } else {
        const value = bitsPerPixel === 16 ? view.getUint16(rowStart + x * 2, true) : view.getUint32(rowStart + x * 4, true);
        const channel = (index: number) => {
          const field = fields?.[index];
          const mask = masks?.[index] ?? 0;
          if (!field) return 0;
          return Math.round((((value & mask) >>> field.shift) * 255) / field.max);
        };
        r = channel(0);
        g = channel(1);
        b = channel(2);
        if (hasAlpha) a = channel(3);
      }
      data[out] = r;
      data[out + 1] = g;
      data[out + 2] = b;
      if (channels === 4) data[out + 3] = a;
      out += channels;
    }
  }
  return { width, height, topDown: layout.topDown, bitsPerPixel, dpiX: layout.dpiX, dpiY: layout.dpiY, hasAlpha, channels, data };
}
