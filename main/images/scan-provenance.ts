// Where the file came from, from its metadata alone: a phone or camera (the manual
// forbids photos) or image-editing software (the manual forbids editing). Scanner
// drivers write neither exposure settings nor GPS; cameras always write them. Brand
// names decide only where they are unambiguous: Canon, Ricoh, Fujitsu, Panasonic and
// Epson make scanners too, so for them only the camera tags count.

import type { ExifFacts } from './exif-read';

export interface CameraEvidence {
  /** E.g. "Apple iPhone 14", or null when the file names no device. */
  device: string | null;
  /** Chinese descriptions of each camera sign found; empty for a scanner file. */
  signs: string[];
}

const PHONE_MAKERS =
  /\b(apple|huawei|honor|xiaomi|redmi|oppo|vivo|oneplus|meizu|realme|iqoo|nubia|google|motorola|nokia|zte|lenovo|htc|gopro|dji|leica|hasselblad|olympus)\b/i;
const CAMERA_MODELS = /\b(iphone|ipad|galaxy|pixel|sm-[a-z]\d|mi \d|eos\b|powershot|ixus|coolpix|ilce-|dsc-|dmc-|x-t\d|gfx)/i;
/** The editors our users actually have, in their English and Chinese names. */
const EDITORS =
  /photoshop|adobe\s*lightroom|gimp|paint\.net|pixelmator|affinity\s*photo|snapseed|picsart|photopea|photoscape|acdsee|coreldraw|corel\s*photo|illustrator|inkscape|krita|fotor|canva|polarr|美图|meitu|醒图|光影魔术手|可牛|稿定|\bps\b/i;

export function cameraEvidence(exif: ExifFacts | null): CameraEvidence {
  if (!exif) return { device: null, signs: [] };
  const device = [exif.make, exif.model].filter((part): part is string => !!part).join(' ') || null;
  const signs: string[] = [];
  if (device && (PHONE_MAKERS.test(exif.make ?? '') || CAMERA_MODELS.test(exif.model ?? ''))) signs.push(`拍摄设备 ${device}`);
  if (exif.exposureTime !== null) signs.push(`曝光时间 ${formatExposure(exif.exposureTime)}`);
  if (exif.fNumber !== null) signs.push(`光圈 f/${round(exif.fNumber, 1)}`);
  if (exif.focalLength !== null) signs.push(`焦距 ${round(exif.focalLength, 1)} mm`);
  if (exif.iso !== null) signs.push(`ISO ${exif.iso}`);
  if (exif.lensModel) signs.push(`镜头 ${exif.lensModel}`);
  if (exif.gps) signs.push('GPS 定位信息');
  return { device, signs };
}

export interface EditorSources {
  exif: ExifFacts | null;
  xmp: string | null;
  /** PNG text chunks. */
  comments: { keyword: string; text: string }[];
}

/** The editing program named anywhere in the metadata, or null. */
export function editorEvidence(sources: EditorSources): string | null {
  const candidates: string[] = [];
  if (sources.exif?.software) candidates.push(sources.exif.software);
  if (sources.exif?.hostComputer) candidates.push(sources.exif.hostComputer);
  for (const comment of sources.comments) {
    if (/software|comment|description|source|creator/i.test(comment.keyword)) candidates.push(comment.text);
  }
  const xmp = sources.xmp ?? sources.exif?.xmp ?? null;
  if (xmp) candidates.push(...xmpTools(xmp));
  for (const candidate of candidates) {
    if (EDITORS.test(candidate)) return candidate.slice(0, 80);
  }
  // Photoshop's private TIFF tag and its XMP namespace are Photoshop's own signature.
  if (sources.exif?.photoshop) return 'Adobe Photoshop(TIFF 专用标记)';
  if (xmp && /xmlns:photoshop=/i.test(xmp)) return 'Adobe Photoshop(XMP 记录)';
  return null;
}

/** The tools an XMP packet names: the creator tool and every history step's agent. */
function xmpTools(xmp: string): string[] {
  const tools: string[] = [];
  const pattern = /(?:xmp:CreatorTool|stEvt:softwareAgent)(?:="([^"]{0,200})"|>([^<]{0,200})<)/g;
  for (const match of xmp.slice(0, 1 << 20).matchAll(pattern)) tools.push(match[1] ?? match[2] ?? '');
  return tools;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function formatExposure(seconds: number): string {
  return seconds > 0 && seconds < 1 ? `1/${Math.round(1 / seconds)} s` : `${round(seconds, 2)} s`;
}
