// A small, bounded reader of TIFF-structured metadata: the EXIF block of a JPEG or
// PNG (sharp hands it over raw) and the first directory of a TIFF file itself. It
// only extracts what tells a scanner from a camera or an editor. Untrusted input:
// every offset is range-checked, directories are visited once, counts are capped.

export interface ExifFacts {
  make: string | null;
  model: string | null;
  software: string | null;
  hostComputer: string | null;
  /** Camera-only tags (a scanner writes none of them). */
  exposureTime: number | null;
  fNumber: number | null;
  focalLength: number | null;
  iso: number | null;
  lensModel: string | null;
  /** A GPS directory with at least one entry. */
  gps: boolean;
  /** XMP packet stored in a TIFF (tag 700). */
  xmp: string | null;
  /** Photoshop's private TIFF tag (34377): written only by Photoshop. */
  photoshop: boolean;
}

/** A file that says nothing about its origin. */
export const NO_EXIF_FACTS: ExifFacts = {
  make: null,
  model: null,
  software: null,
  hostComputer: null,
  exposureTime: null,
  fNumber: null,
  focalLength: null,
  iso: null,
  lensModel: null,
  gps: false,
  xmp: null,
  photoshop: false,
};

const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };
const MAX_ENTRIES = 1000;
const MAX_STRING = 4096;
const MAX_XMP = 1 << 20;

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Offset of the value bytes within the TIFF block. */
  at: number;
}

/** Reads EXIF (optionally prefixed "Exif\0\0") or a TIFF file's first directory. Returns null if it is not TIFF-structured. */
export function readExif(input: Uint8Array): ExifFacts | null {
  let bytes = input;
  if (bytes.length >= 6 && String.fromCharCode(...bytes.subarray(0, 4)) === 'Exif' && bytes[4] === 0 && bytes[5] === 0) bytes = bytes.subarray(6);
  if (bytes.length < 8) return null;
  const little = bytes[0] === 0x49 && bytes[1] === 0x49;
  const big = bytes[0] === 0x4d && bytes[1] === 0x4d;
  if (!little && !big) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(2, little) !== 42) return null;

  const visited = new Set<number>();
  const readIfd = (offset: number): Entry[] => {
    if (visited.has(offset) || offset < 8 || offset + 2 > bytes.length) return [];
    visited.add(offset);
    const count = Math.min(view.getUint16(offset, little), MAX_ENTRIES);
    const entries: Entry[] = [];
    for (let index = 0; index < count; index += 1) {
      const at = offset + 2 + index * 12;
      if (at + 12 > bytes.length) break;
      const type = view.getUint16(at + 2, little);
      const size = TYPE_SIZES[type];
      if (size === undefined) continue;
      const valueCount = view.getUint32(at + 4, little);
      const total = size * valueCount;
      const valueAt = total <= 4 ? at + 8 : view.getUint32(at + 8, little);
      if (total > bytes.length || valueAt + total > bytes.length) continue;
      entries.push({ tag: view.getUint16(at, little), type, count: valueCount, at: valueAt });
    }
    return entries;
  };
  const text = (entry: Entry | undefined, limit = MAX_STRING): string | null => {
    if (!entry || (entry.type !== 2 && entry.type !== 1 && entry.type !== 7)) return null;
    const raw = bytes.subarray(entry.at, entry.at + Math.min(entry.count, limit));
    const value = new TextDecoder('utf-8', { fatal: false }).decode(raw).replace(/\0+$/g, '').replace(/\0/g, ' ').trim();
    return value === '' ? null : value;
  };
  const number = (entry: Entry | undefined): number | null => {
    if (!entry || entry.count < 1) return null;
    switch (entry.type) {
      case 3:
        return view.getUint16(entry.at, little);
      case 4:
        return view.getUint32(entry.at, little);
      case 5:
      case 10: {
        const numerator = entry.type === 5 ? view.getUint32(entry.at, little) : view.getInt32(entry.at, little);
        const denominator = entry.type === 5 ? view.getUint32(entry.at + 4, little) : view.getInt32(entry.at + 4, little);
        return denominator === 0 ? null : numerator / denominator;
      }
      default:
        return null;
    }
  };
  const byTag = (entries: Entry[]) => new Map(entries.map((entry) => [entry.tag, entry]));

  const ifd0 = byTag(readIfd(view.getUint32(4, little)));
  const exifPointer = number(ifd0.get(0x8769));
  const exif = exifPointer === null ? new Map<number, Entry>() : byTag(readIfd(exifPointer));
  const gpsPointer = number(ifd0.get(0x8825));
  const gps = gpsPointer === null ? [] : readIfd(gpsPointer);
  return {
    ...NO_EXIF_FACTS,
    make: text(ifd0.get(0x010f)),
    model: text(ifd0.get(0x0110)),
    software: text(ifd0.get(0x0131)),
    hostComputer: text(ifd0.get(0x013c)),
    exposureTime: number(exif.get(0x829a)),
    fNumber: number(exif.get(0x829d)),
    focalLength: number(exif.get(0x920a)),
    iso: number(exif.get(0x8827)),
    lensModel: text(exif.get(0xa434)),
    gps: gps.length > 0,
    xmp: text(ifd0.get(700), MAX_XMP),
    photoshop: ifd0.has(34377),
  };
}
