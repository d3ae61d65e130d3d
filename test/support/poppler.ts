// Reads back what a PDF puts where, with poppler (not pdf-lib, which wrote it): word boxes
// from `pdftotext -bbox` in points from the page's top-left corner, as a reader sees the sheet.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PdfWord {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PdfWords {
  pages: { width: number; height: number }[];
  words: PdfWord[];
}

const unescape = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|apos);/g, (_m, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name] ?? '');

export async function pdfWords(file: string): Promise<PdfWords> {
  const { stdout } = await run('pdftotext', ['-bbox', file, '-'], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  const pages: PdfWords['pages'] = [];
  const words: PdfWord[] = [];
  const pattern = /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g;
  for (const match of stdout.matchAll(pattern)) {
    if (match[1] !== undefined) {
      pages.push({ width: Number(match[1]), height: Number(match[2]) });
    } else {
      words.push({ page: pages.length, text: unescape(match[7]!), xMin: Number(match[3]), yMin: Number(match[4]), xMax: Number(match[5]), yMax: Number(match[6]) });
    }
  }
  return { pages, words };
}

export const MM_PER_POINT = 25.4 / 72;

/** The text in content order (`pdftotext -raw`): equal for two PDFs that say the same, wherever it sits. */
export async function pdfRawText(file: string): Promise<string> {
  const { stdout } = await run('pdftotext', ['-raw', file, '-'], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  return stdout;
}

/**
 * Words in an order that a uniform move of the page's content keeps: poppler's reading
 * order groups words into lines and blocks, and a shift can regroup them.
 */
export function byPosition(words: readonly PdfWord[]): PdfWord[] {
  const key = (w: PdfWord): [number, string, number, number] => [w.page, w.text, Math.round(w.yMin * 100), w.xMin];
  return [...words].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) {
      if (ka[i]! < kb[i]!) return -1;
      if (ka[i]! > kb[i]!) return 1;
    }
    return 0;
  });
}
