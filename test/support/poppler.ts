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
