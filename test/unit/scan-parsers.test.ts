// The checker's building blocks on hand-made inputs: the EXIF reader, provenance
// rules, the BMP decoder, format sniffing, density judgement, ink classification,
// and the outline geometry.

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeBmp, readBmpHeader } from '../../main/images/bmp-decode';
import { NO_EXIF_FACTS, readExif, type ExifFacts } from '../../main/images/exif-read';
import { axisAlignedSides, convexHull, minAreaBox, polygonArea, type Point } from '../../main/images/geometry';
import { readPngHeader, sniffFormat } from '../../main/images/image-sniff';
import { INK, classifyAbsorption } from '../../main/images/ink';
import { ScanInputError } from '../../main/images/scan-errors';
import { cameraEvidence, editorEvidence } from '../../main/images/scan-provenance';
import { judgeDensity } from '../../main/images/scan-source';
import { classifyShape } from '../../main/images/seal-checker';
import { writeBmp, writeTiff } from '../fixtures/scans/encoders';

const facts = (overrides: Partial<ExifFacts>): ExifFacts => ({ ...NO_EXIF_FACTS, ...overrides });

describe('EXIF and TIFF metadata', () => {
  it('reads make, model, software and camera settings from a JPEG EXIF block', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'HUAWEI', Model: 'P60 Pro', Software: 'HarmonyOS' }, IFD2: { ExposureTime: '1/120', FNumber: '2.8', FocalLength: '6.7' } })
      .toBuffer();
    const exif = readExif((await sharp(jpeg).metadata()).exif ?? new Uint8Array());
    expect(exif).toMatchObject({ make: 'HUAWEI', model: 'P60 Pro', software: 'HarmonyOS', gps: false });
    expect(exif?.exposureTime).toBeCloseTo(1 / 120, 6);
    expect(exif?.fNumber).toBeCloseTo(2.8, 6);
    expect(exif?.focalLength).toBeCloseTo(6.7, 6);
  });

  it("reads a TIFF file's own first directory", () => {
    const tiff = writeTiff({ width: 2, height: 2, pixels: new Uint8Array(12), dpi: 600, make: 'Canon', model: 'CanoScan LiDE 400', software: 'Adobe Photoshop CC 2019' });
    expect(readExif(tiff)).toMatchObject({ make: 'Canon', model: 'CanoScan LiDE 400', software: 'Adobe Photoshop CC 2019' });
  });

  it('returns null for anything that is not TIFF-structured, and survives loops and overruns', () => {
    expect(readExif(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(readExif(new TextEncoder().encode('Exif\0\0garbage!'))).toBeNull();
    const loop = new Uint8Array(64);
    const view = new DataView(loop.buffer);
    loop.set([0x49, 0x49, 42, 0]);
    view.setUint32(4, 8, true);
    view.setUint16(8, 2, true);
    // Exif pointer → IFD0 itself; GPS pointer → far past the end.
    view.setUint16(10, 0x8769, true);
    view.setUint16(12, 4, true);
    view.setUint32(14, 1, true);
    view.setUint32(18, 8, true);
    view.setUint16(22, 0x8825, true);
    view.setUint16(24, 4, true);
    view.setUint32(26, 1, true);
    view.setUint32(30, 0xfffffff0, true);
    expect(readExif(loop)).toMatchObject({ make: null, gps: false });
  });
});

describe('provenance', () => {
  it('knows a phone or camera from its brand, its model or its exposure settings', () => {
    expect(cameraEvidence(facts({ make: 'Apple', model: 'iPhone 14' })).signs).toEqual(['拍摄设备 Apple iPhone 14']);
    expect(cameraEvidence(facts({ make: 'Xiaomi', model: '2211133C' })).signs).toHaveLength(1);
    expect(cameraEvidence(facts({ make: 'Canon', model: 'Canon EOS R6' })).signs).toHaveLength(1);
    expect(cameraEvidence(facts({ make: 'NIKON', model: 'Z 6', exposureTime: 0.004, gps: true })).signs).toEqual(['曝光时间 1/250 s', 'GPS 定位信息']);
  });

  it('does not take a scanner for a camera, even from a maker of both', () => {
    expect(cameraEvidence(facts({ make: 'Canon', model: 'CanoScan LiDE 400', software: 'MP Navigator EX' })).signs).toEqual([]);
    expect(cameraEvidence(facts({ make: 'EPSON', model: 'DS-530' })).signs).toEqual([]);
    expect(cameraEvidence(facts({ make: 'FUJITSU', model: 'fi-7160' })).signs).toEqual([]);
    expect(cameraEvidence(null).signs).toEqual([]);
  });

  it('finds an editor in EXIF Software, PNG text, XMP creator tool and history, and Photoshop\'s own traces', () => {
    const none = { exif: null, xmp: null, comments: [] };
    expect(editorEvidence({ ...none, exif: facts({ software: 'Adobe Photoshop 25.0 (Windows)' }) })).toBe('Adobe Photoshop 25.0 (Windows)');
    expect(editorEvidence({ ...none, comments: [{ keyword: 'Software', text: 'paint.net 5.0.13' }] })).toBe('paint.net 5.0.13');
    expect(editorEvidence({ ...none, exif: facts({ software: '美图秀秀' }) })).toBe('美图秀秀');
    expect(editorEvidence({ ...none, xmp: '<x:xmpmeta><rdf:Description xmp:CreatorTool="GIMP 2.10"/></x:xmpmeta>' })).toBe('GIMP 2.10');
    expect(editorEvidence({ ...none, xmp: '<rdf:li stEvt:action="saved" stEvt:softwareAgent="Adobe Photoshop Lightroom Classic 12.0"/>' })).toContain('Lightroom');
    expect(editorEvidence({ ...none, exif: facts({ photoshop: true }) })).toContain('Photoshop');
    expect(editorEvidence({ ...none, xmp: '<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"/>' })).toContain('Photoshop');
    expect(editorEvidence({ ...none, exif: facts({ software: 'EPSON Scan 2' }) })).toBeNull();
    expect(editorEvidence({ ...none, comments: [{ keyword: 'Software', text: 'NAPS2' }] })).toBeNull();
  });
});

describe('BMP decoder', () => {
  const image = { width: 3, height: 2, channels: 3 as const, data: new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90]) };

  it('decodes a 24-bit bottom-up file with its resolution', () => {
    const bmp = writeBmp(image, 600);
    expect(readBmpHeader(bmp)).toMatchObject({ width: 3, height: 2, bitsPerPixel: 24, dpiX: 600, topDown: false });
    expect(Array.from(decodeBmp(bmp).data)).toEqual(Array.from(image.data));
  });

  it('decodes 1-bit palette (black-and-white scans), top-down, with 0 pixels per metre as no resolution', () => {
    const bmp = new Uint8Array(54 + 8 + 8);
    const view = new DataView(bmp.buffer);
    bmp.set([0x42, 0x4d]);
    view.setUint32(10, 62, true);
    view.setUint32(14, 40, true);
    view.setInt32(18, 9, true);
    view.setInt32(22, -2, true);
    view.setUint16(26, 1, true);
    view.setUint16(28, 1, true);
    bmp.set([0, 0, 0, 0, 255, 255, 255, 0], 54);
    bmp.set([0b10000000, 0b10000000, 0, 0, 0b01111111, 0b10000000, 0, 0], 62);
    const decoded = decodeBmp(bmp);
    expect(decoded).toMatchObject({ width: 9, height: 2, dpiX: null, topDown: true, channels: 3 });
    const firstRow = Array.from({ length: 9 }, (_, x) => decoded.data[x * 3]);
    const secondRow = Array.from({ length: 9 }, (_, x) => decoded.data[27 + x * 3]);
    expect(firstRow).toEqual([255, 0, 0, 0, 0, 0, 0, 0, 255]);
    expect(secondRow).toEqual([0, 255, 255, 255, 255, 255, 255, 255, 255]);
  });

  it('refuses truncated pixel data and impossible headers with a ScanInputError', () => {
    const bmp = writeBmp(image, 600);
    expect(() => decodeBmp(bmp.slice(0, bmp.length - 1))).toThrow(ScanInputError);
    const broken = bmp.slice();
    new DataView(broken.buffer).setUint16(28, 13, true);
    expect(() => readBmpHeader(broken)).toThrow(/位深 13/);
  });
});

describe('format sniffing and resolution', () => {
  it('goes by the bytes, not the name', () => {
    expect(sniffFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(sniffFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffFormat(new Uint8Array([0x4d, 0x4d, 0x00, 0x2a]))).toBe('tiff');
    expect(() => sniffFormat(new TextEncoder().encode('  <svg/>'))).toThrow(/SVG/);
    expect(() => sniffFormat(new TextEncoder().encode('GIF89a'))).toThrow(/GIF/);
  });

  it('reads a PNG header without trusting its chunk lengths', () => {
    const png = new Uint8Array(33 + 12);
    const view = new DataView(png.buffer);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    view.setUint32(16, 640);
    view.setUint32(20, 480);
    png[24] = 8;
    png[25] = 6;
    view.setUint32(33, 0xfffffff0);
    expect(readPngHeader(png)).toEqual({ width: 640, height: 480, bitDepth: 8, colourType: 6, animated: false });
  });

  it('treats 72 and 96 dpi as unknown, refuses nonsense, and keeps real scanner settings', () => {
    expect(judgeDensity(null)).toEqual({ status: 'missing', dpi: null });
    expect(judgeDensity(72)).toEqual({ status: 'unknown', dpi: null });
    expect(judgeDensity(96.01)).toEqual({ status: 'unknown', dpi: null });
    expect(judgeDensity(5)).toEqual({ status: 'implausible', dpi: null });
    expect(judgeDensity(100000)).toEqual({ status: 'implausible', dpi: null });
    expect(judgeDensity(300)).toEqual({ status: 'ok', dpi: 300 });
    expect(judgeDensity(599.999)).toEqual({ status: 'ok', dpi: 600 });
  });
});

describe('ink and shape', () => {
  it('classifies absorption by its ratios, on white and tinted paper alike', () => {
    const on = (paper: [number, number, number], pixel: [number, number, number]) =>
      classifyAbsorption(paper[0] - pixel[0], paper[1] - pixel[1], paper[2] - pixel[2], 28);
    expect(on([246, 246, 244], [205, 32, 42])).toBe(INK.red);
    expect(on([244, 238, 220], [196, 30, 36])).toBe(INK.red);
    expect(on([246, 246, 244], [235, 190, 195])).toBe(INK.red); // a pale stamp
    expect(on([246, 246, 244], [28, 62, 168])).toBe(INK.blue);
    expect(on([236, 241, 248], [26, 59, 166])).toBe(INK.blue);
    expect(on([246, 246, 244], [24, 24, 28])).toBe(INK.dark);
    expect(on([246, 246, 244], [120, 100, 80])).toBe(INK.dark); // brown dust
    expect(on([246, 246, 244], [236, 226, 160])).toBe(INK.other); // a yellow stain
    expect(on([246, 246, 244], [60, 200, 60])).toBe(INK.other); // green
    expect(on([246, 246, 244], [230, 230, 230])).toBe(INK.none);
  });

  it('measures a turned rectangle and square along their own sides', () => {
    const turned = (width: number, height: number, degrees: number): Point[] => {
      const angle = (degrees * Math.PI) / 180;
      return [[0, 0], [width, 0], [width, height], [0, height]].map(([x, y]) => [x! * Math.cos(angle) - y! * Math.sin(angle), x! * Math.sin(angle) + y! * Math.cos(angle)]);
    };
    for (const degrees of [-5, -2, 0, 3, 5, 30]) {
      const box = axisAlignedSides(minAreaBox(convexHull(turned(500, 300, degrees))));
      expect(box.width).toBeCloseTo(500, 6);
      expect(box.height).toBeCloseTo(300, 6);
      const square = minAreaBox(convexHull(turned(400, 400, degrees)));
      expect(square.length).toBeCloseTo(400, 6);
      expect(square.breadth).toBeCloseTo(400, 6);
    }
    expect(polygonArea(convexHull(turned(10, 20, 17)))).toBeCloseTo(200, 6);
  });

  it('tells round, oval and rectangular apart', () => {
    expect(classifyShape({ width: 1000, height: 1004, fill: Math.PI / 4 })).toBe('round');
    expect(classifyShape({ width: 1200, height: 900, fill: Math.PI / 4 })).toBe('oval');
    expect(classifyShape({ width: 1200, height: 900, fill: 0.97 })).toBe('rectangular');
    expect(classifyShape({ width: 900, height: 900, fill: 0.99 })).toBe('rectangular');
  });
});
