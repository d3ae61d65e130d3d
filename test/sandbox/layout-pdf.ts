// Layout PDFs (版式) of certificates: A4, two pages, original and copy.
//
// The form itself (boxes, labels, seals, signatures, the ORIGINAL/COPY mark) is drawn
// once per kind with pdf-lib into a template. A certificate's own text is one extra
// content stream per page that the template leaves as its last objects; rendering a
// certificate writes those two streams and a fresh cross-reference table after the
// template's bytes. That makes a layout ~0.1 ms instead of several ms, which is what
// lets the changes feed hash layouts on the fly for a 1,000,000-certificate sandbox
// while the served bytes stay exactly the hashed ones (same input → same bytes).

import { createHash } from 'node:crypto';
import { PDFDocument, PDFName, StandardFonts, degrees, rgb, type PDFFont, type PDFPage, type PDFRef } from 'pdf-lib';
import type { CertificateContent } from './generate';

export type LayoutKind = 'original' | 'copy';

/** Bump when the per-certificate text layout changes, so cached hashes are recomputed. */
const LAYOUT_VERSION = 3;

export const A4: readonly [number, number] = [595.28, 841.89];
const LEFT = 28;
const RIGHT = 567.28;
const MID = 300;
const BOTTOM = 36;
const RED = rgb(0.86, 0.08, 0.12);
const INK = rgb(0.1, 0.12, 0.45);
const LINE = rgb(0.2, 0.2, 0.2);

// Page 1 rows (top y of each band).
const ROW1 = 813;
const ROW2 = 703;
const ROW3 = 613;
const TABLE_HEAD = 543;
const TABLE_BODY = 513;
const FOOT = 258;

// Goods table columns: [left, right] for boxes 6–10.
const COLS = {
  marks: [LEFT, 112],
  description: [112, 318],
  hs: [318, 392],
  quantity: [392, 482],
  invoice: [482, RIGHT],
} as const;

// Page 2 bands.
const BACK_GOODS_TOP = 770;
const BACK_REMARKS_TOP = 330;
const BACK_NOTES_TOP = 190;

// Font resource names the per-certificate streams use; set on every page of the template.
const FONT_REGULAR = 'SbR';
const FONT_BOLD = 'SbB';

interface Widths {
  regular: Float64Array;
  bold: Float64Array;
}

interface Template {
  prefix: Buffer;
  /** Object number of page 1's and page 2's text streams (the last two objects). */
  firstTextObject: number;
  /** Offsets of objects 1 … firstTextObject-1, as 10-digit xref entries. */
  xrefEntries: string[];
  trailer: string;
}

export interface LayoutRenderer {
  render(content: CertificateContent, kind: LayoutKind): Buffer;
  /** Changes whenever rendered bytes for the same content would change. */
  readonly fingerprint: string;
}

export interface LayoutFile {
  bytes: Buffer;
  sha256: string;
  size: number;
}

export function describeLayout(bytes: Buffer): LayoutFile {
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

// ---------------------------------------------------------------------------
// Template (pdf-lib)

function box(page: PDFPage, x1: number, yTop: number, x2: number, yBottom: number): void {
  page.drawRectangle({ x: x1, y: yBottom, width: x2 - x1, height: yTop - yBottom, borderColor: LINE, borderWidth: 0.6 });
}

function label(page: PDFPage, font: PDFFont, text: string, x: number, y: number, size = 6.5): void {
  page.drawText(text, { x, y, size, font, color: LINE });
}

function starPath(radius: number): string {
  const points: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? radius : radius * 0.4;
    const angle = (Math.PI / 5) * i;
    // SVG y grows downwards; drawSvgPath flips it, so -cos puts the first point on top.
    points.push(`${(r * Math.sin(angle)).toFixed(2)},${(-r * Math.cos(angle)).toFixed(2)}`);
  }
  return `M ${points.join(' L ')} Z`;
}

function seal(page: PDFPage, font: PDFFont, cx: number, cy: number, radius: number, top: string, bottom: string, doubleRing: boolean): void {
  page.drawCircle({ x: cx, y: cy, size: radius, borderColor: RED, borderWidth: 2.2 });
  if (doubleRing) page.drawCircle({ x: cx, y: cy, size: radius - 5, borderColor: RED, borderWidth: 0.8 });
  page.drawSvgPath(starPath(radius * 0.33), { x: cx, y: cy + 2, color: RED, borderWidth: 0 });
  const topWidth = font.widthOfTextAtSize(top, 6);
  page.drawText(top, { x: cx - topWidth / 2, y: cy + radius * 0.36, size: 6, font, color: RED });
  const bottomWidth = font.widthOfTextAtSize(bottom, 6);
  page.drawText(bottom, { x: cx - bottomWidth / 2, y: cy - radius * 0.6, size: 6, font, color: RED });
}

function signature(page: PDFPage, x: number, y: number): void {
  page.drawSvgPath('M 0 0 C 8 -22 14 10 20 -4 S 30 -18 36 2 C 40 10 44 -12 52 -6 S 62 4 70 -10 M 12 6 L 64 -2', {
    x, y, borderColor: INK, borderWidth: 1.1,
  });
}

function kindMark(page: PDFPage, bold: PDFFont, kind: LayoutKind): void {
  if (kind === 'copy') {
    // A light diagonal watermark makes a copy recognisable at a glance, as on the real forms.
    page.drawText('COPY', { x: 150, y: 260, size: 150, font: bold, color: rgb(0.9, 0.9, 0.9), rotate: degrees(35) });
  }
  const text = kind === 'original' ? 'ORIGINAL' : 'COPY';
  const width = bold.widthOfTextAtSize(text, 13);
  page.drawText(text, { x: RIGHT - width - 6, y: ROW1 + 8, size: 13, font: bold, color: kind === 'original' ? RED : LINE });
}

function drawFront(page: PDFPage, regular: PDFFont, bold: PDFFont, kind: LayoutKind): void {
  kindMark(page, bold, kind);
  // Row 1: exporter | reference number and title.
  box(page, LEFT, ROW1, MID, ROW2);
  label(page, regular, "1. Exporter's name, address and country", LEFT + 3, ROW1 - 9);
  box(page, MID, ROW1, RIGHT, ROW2);
  label(page, regular, 'Reference No.', MID + 4, ROW1 - 12, 7.5);
  label(page, regular, "Issued in THE PEOPLE'S REPUBLIC OF CHINA", MID + 4, ROW2 + 6, 7);
  // Row 2: consignee | destination and check boxes.
  box(page, LEFT, ROW2, MID, ROW3);
  label(page, regular, "2. Consignee's name, address and country", LEFT + 3, ROW2 - 9);
  box(page, MID, ROW2, RIGHT, ROW3);
  label(page, regular, '4. Country / region of destination', MID + 4, ROW2 - 9);
  const checks = ['Back-to-back', 'Third-party invoicing', 'ISSUED RETROACTIVELY'];
  checks.forEach((text, i) => {
    const x = MID + 6 + i * 80;
    page.drawRectangle({ x, y: ROW3 + 8, width: 7, height: 7, borderColor: LINE, borderWidth: 0.6 });
    label(page, regular, text, x + 10, ROW3 + 9, 6.5);
  });
  // Row 3: transport | producer.
  box(page, LEFT, ROW3, MID, TABLE_HEAD);
  label(page, regular, '3. Means of transport and route (as far as known)', LEFT + 3, ROW3 - 9);
  box(page, MID, ROW3, RIGHT, TABLE_HEAD);
  label(page, regular, "5. Producer's name and address (if known)", MID + 4, ROW3 - 9);
  // Goods table.
  const heads: [readonly [number, number], string[]][] = [
    [COLS.marks, ['6. Marks and', 'numbers on', 'packages']],
    [COLS.description, ['7. Item number; number and kind of packages;', 'description of goods']],
    [COLS.hs, ['8. H.S. code', '(6-10 digits);', 'origin criterion']],
    [COLS.quantity, ['9. Quantity,', 'gross weight and', 'FOB value']],
    [COLS.invoice, ['10. Number and', 'date of invoice']],
  ];
  for (const [[x1, x2], lines] of heads) {
    box(page, x1, TABLE_HEAD, x2, TABLE_BODY);
    box(page, x1, TABLE_BODY, x2, FOOT);
    lines.forEach((line, i) => label(page, regular, line, x1 + 3, TABLE_HEAD - 9 - i * 7.5, 6.2));
  }
  // Declaration and certification.
  box(page, LEFT, FOOT, 297, BOTTOM);
  label(page, bold, '11. Declaration by the exporter', LEFT + 3, FOOT - 11, 7.5);
  const declaration = [
    'The undersigned hereby declares that the above details and',
    'statements are correct, that all the goods were produced in',
    "THE PEOPLE'S REPUBLIC OF CHINA and that they comply with the",
    'origin requirements specified for these goods.',
  ];
  declaration.forEach((line, i) => label(page, regular, line, LEFT + 6, FOOT - 26 - i * 9, 7));
  seal(page, bold, LEFT + 70, 112, 38, 'EXPORTER', 'SEAL', false);
  signature(page, LEFT + 140, 110);
  page.drawLine({ start: { x: LEFT + 6, y: 58 }, end: { x: 290, y: 58 }, thickness: 0.5, color: LINE });
  label(page, regular, 'Place and date, signature and stamp of authorized signatory', LEFT + 6, 48, 6.2);

  box(page, 297, FOOT, RIGHT, BOTTOM);
  label(page, bold, '12. Certification', 300, FOOT - 11, 7.5);
  const certification = [
    'It is hereby certified, on the basis of control carried out,',
    'that the declaration by the exporter is correct.',
  ];
  certification.forEach((line, i) => label(page, regular, line, 303, FOOT - 26 - i * 9, 7));
  seal(page, bold, 372, 120, 42, 'CHINA CUSTOMS', 'ORIGIN VISA', true);
  signature(page, 440, 108);
  page.drawLine({ start: { x: 303, y: 58 }, end: { x: RIGHT - 6, y: 58 }, thickness: 0.5, color: LINE });
  label(page, regular, 'Place and date, signature and stamp of certifying authority', 303, 48, 6.2);
}

function drawBack(page: PDFPage, regular: PDFFont, bold: PDFFont, kind: LayoutKind): void {
  kindMark(page, bold, kind);
  page.drawText('CONTINUATION SHEET AND REMARKS', { x: LEFT, y: ROW1 - 4, size: 11, font: bold, color: LINE });
  label(page, regular, 'Page 2 of 2', RIGHT - 40, BOTTOM - 14, 7);
  box(page, LEFT, BACK_GOODS_TOP, RIGHT, BACK_REMARKS_TOP);
  label(page, bold, 'Goods (continued from boxes 6-10)', LEFT + 3, BACK_GOODS_TOP - 10, 7.5);
  box(page, LEFT, BACK_REMARKS_TOP, RIGHT, BACK_NOTES_TOP);
  label(page, bold, 'Remarks', LEFT + 3, BACK_REMARKS_TOP - 10, 7.5);
  box(page, LEFT, BACK_NOTES_TOP, RIGHT, BOTTOM);
  label(page, bold, 'Notes', LEFT + 3, BACK_NOTES_TOP - 10, 7.5);
  const notes = [
    '1. This certificate is printed by the exporter from the layout issued by China Customs. Only one original may be printed;',
    '   a reprint of the original requires an approved print exception application.',
    '2. The authenticity of this certificate can be verified on the website of China Customs (origin.customs.gov.cn)',
    '   once the certificate has been archived after printing.',
    '3. Origin criteria: WO wholly obtained; PE produced exclusively from originating materials; CTC / CTH / CTSH change',
    '   in tariff classification; RVC regional value content; PSR product-specific rule.',
    '4. SANDBOX LAYOUT: generated for development and testing; not a valid certificate of origin.',
  ];
  notes.forEach((line, i) => label(page, regular, line, LEFT + 6, BACK_NOTES_TOP - 26 - i * 10, 7));
}

async function buildTemplate(kind: LayoutKind): Promise<{ template: Template; widths: Widths }> {
  // updateMetadata: false keeps creation dates out, so the template is the same bytes in every run.
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle('Certificate of Origin');
  doc.setProducer('co-self-print sandbox');
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const front = doc.addPage([...A4]);
  const back = doc.addPage([...A4]);
  drawFront(front, regular, bold, kind);
  drawBack(back, regular, bold, kind);

  const textRefs: PDFRef[] = [];
  for (const page of [front, back]) {
    page.node.setFontDictionary(PDFName.of(FONT_REGULAR), regular.ref);
    page.node.setFontDictionary(PDFName.of(FONT_BOLD), bold.ref);
    const ref = doc.context.register(doc.context.stream('%TEXT'));
    page.node.addContentStream(ref);
    textRefs.push(ref);
  }
  const bytes = Buffer.from(await doc.save({ useObjectStreams: false }));
  const text = bytes.toString('latin1');

  const first = textRefs[0]?.objectNumber ?? 0;
  const highest = doc.context.largestObjectNumber;
  if (textRefs[1]?.objectNumber !== first + 1 || highest !== first + 1) {
    throw new Error('layout template: the text streams must be the last two objects');
  }
  const start = text.indexOf(`\n${first} 0 obj\n`);
  const xrefAt = text.lastIndexOf('\nxref\n');
  const trailerAt = text.indexOf('trailer\n', xrefAt);
  const startxrefAt = text.indexOf('startxref', trailerAt);
  if (start < 0 || xrefAt < 0 || trailerAt < 0 || startxrefAt < 0) throw new Error('layout template: unexpected pdf-lib output');
  const entries = text
    .slice(xrefAt + 1, trailerAt)
    .split('\n')
    .filter((line) => / n $/.test(line))
    .map((line) => line.slice(0, 10));
  if (entries.length !== first + 1) throw new Error('layout template: unexpected xref table');

  const widthTable = (font: PDFFont): Float64Array => {
    const table = new Float64Array(128);
    for (let code = 32; code < 127; code++) table[code] = font.widthOfTextAtSize(String.fromCharCode(code), 1);
    return table;
  };
  return {
    template: {
      prefix: bytes.subarray(0, start + 1),
      firstTextObject: first,
      xrefEntries: entries.slice(0, first - 1),
      trailer: text.slice(trailerAt, startxrefAt),
    },
    widths: { regular: widthTable(regular), bold: widthTable(bold) },
  };
}

// ---------------------------------------------------------------------------
// Per-certificate text

/** Standard fonts use WinAnsi; the form's values are English, anything else becomes '?'. */
const printable = (text: string): string => text.replace(/[^\x20-\x7e]/g, '?');
const escapePdf = (text: string): string => text.replace(/[\\()]/g, (ch) => `\\${ch}`);
const n = (value: number): string => (Math.round(value * 100) / 100).toString();

class TextStream {
  private readonly parts: string[] = ['q 0 0 0 rg'];

  constructor(private readonly widths: Widths) {}

  width(text: string, size: number, bold = false): number {
    const table = bold ? this.widths.bold : this.widths.regular;
    let sum = 0;
    for (let i = 0; i < text.length; i++) sum += table[text.charCodeAt(i)] ?? 0.5;
    return sum * size;
  }

  /** Greedy word wrap; words longer than the box are cut. */
  wrap(text: string, maxWidth: number, size: number, bold = false): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split('\n').map(printable)) {
      let line = '';
      for (const word of paragraph.split(' ')) {
        let candidate = line ? `${line} ${word}` : word;
        if (this.width(candidate, size, bold) <= maxWidth) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        candidate = word;
        while (this.width(candidate, size, bold) > maxWidth && candidate.length > 1) {
          let cut = candidate.length - 1;
          while (cut > 1 && this.width(candidate.slice(0, cut), size, bold) > maxWidth) cut--;
          lines.push(candidate.slice(0, cut));
          candidate = candidate.slice(cut);
        }
        line = candidate;
      }
      lines.push(line);
    }
    return lines;
  }

  line(text: string, x: number, y: number, size: number, bold = false): void {
    this.parts.push(`BT /${bold ? FONT_BOLD : FONT_REGULAR} ${n(size)} Tf ${n(x)} ${n(y)} Td (${escapePdf(printable(text))}) Tj ET`);
  }

  /** Writes wrapped lines from the top down and returns the y below the last one. */
  block(text: string, x: number, yTop: number, maxWidth: number, size: number, maxLines = Infinity, bold = false): number {
    const leading = size * 1.22;
    let y = yTop - size;
    const lines = this.wrap(text, maxWidth, size, bold).slice(0, maxLines);
    for (const line of lines) {
      this.line(line, x, y, size, bold);
      y -= leading;
    }
    return y + leading - size * 0.3;
  }

  cross(x: number, y: number): void {
    this.parts.push(`${n(x)} ${n(y)} m ${n(x + 7)} ${n(y + 7)} l ${n(x)} ${n(y + 7)} m ${n(x + 7)} ${n(y)} l 0.9 w S`);
  }

  finish(): string {
    return `${this.parts.join('\n')}\nQ`;
  }
}

type Goods = CertificateContent['goods'];
const GOODS_SIZE = 7;
const GOODS_LEADING = 8.6;

interface GoodsRow {
  cells: [x: number, lines: string[]][];
  height: number;
}

function goodsRows(stream: TextStream, goods: Goods, content: CertificateContent): GoodsRow[] {
  const fit = (col: readonly [number, number], text: string): string[] => stream.wrap(text, col[1] - col[0] - 6, GOODS_SIZE);
  return goods.map((item, i) => {
    const cells: [number, string[]][] = [
      [COLS.marks[0] + 3, fit(COLS.marks, item.marks)],
      [COLS.description[0] + 3, fit(COLS.description, `${item.itemNumber}. ${item.description}`)],
      [COLS.hs[0] + 3, [...fit(COLS.hs, item.hsCode), ...(item.originCriterion ? fit(COLS.hs, `"${item.originCriterion}"`) : [])]],
      [COLS.quantity[0] + 3, [...fit(COLS.quantity, item.quantity), ...fit(COLS.quantity, `G.W. ${item.grossWeight}`), ...fit(COLS.quantity, `FOB ${item.fobValue}`)]],
      [COLS.invoice[0] + 3, i === 0 ? [...fit(COLS.invoice, content.invoiceNumber), content.invoiceDate] : []],
    ];
    const height = Math.max(...cells.map(([, lines]) => lines.length)) * GOODS_LEADING + 4;
    return { cells, height };
  });
}

function drawRows(stream: TextStream, rows: GoodsRow[], yTop: number): number {
  let y = yTop;
  for (const row of rows) {
    for (const [x, lines] of row.cells) {
      lines.forEach((line, i) => stream.line(line, x, y - GOODS_SIZE - i * GOODS_LEADING, GOODS_SIZE));
    }
    y -= row.height;
  }
  return y;
}

function frontText(widths: Widths, content: CertificateContent): { text: string; rest: GoodsRow[] } {
  const s = new TextStream(widths);
  s.line(content.number, MID + 62, ROW1 - 12, 10, true);
  s.block(content.formTitle, MID + 4, ROW1 - 22, RIGHT - MID - 10, 9, 4, true);
  s.block(content.exporter, LEFT + 6, ROW1 - 14, MID - LEFT - 12, 8, 10);
  s.block(content.consignee, LEFT + 6, ROW2 - 14, MID - LEFT - 12, 8, 8);
  s.block(content.destinationEn, MID + 8, ROW2 - 14, RIGHT - MID - 14, 10, 2, true);
  if (content.backToBack) s.cross(MID + 6, ROW3 + 8);
  if (content.thirdPartyInvoicing) s.cross(MID + 86, ROW3 + 8);
  if (content.issuedRetroactively) s.cross(MID + 166, ROW3 + 8);
  s.block(content.transport, LEFT + 6, ROW3 - 14, MID - LEFT - 12, 7.5, 6);
  s.block(content.producer, MID + 8, ROW3 - 14, RIGHT - MID - 14, 7.5, 6);

  const rows = goodsRows(s, content.goods, content);
  const floor = FOOT + 16;
  let fitting = 0;
  let used = 0;
  for (const row of rows) {
    if (TABLE_BODY - 4 - used - row.height < floor) break;
    used += row.height;
    fitting++;
  }
  const y = drawRows(s, rows.slice(0, fitting), TABLE_BODY - 4);
  const rest = rows.slice(fitting);
  if (rest.length > 0) s.line(`(${rest.length} MORE ITEM(S) CONTINUED ON THE BACK PAGE)`, COLS.description[0] + 3, FOOT + 6, 7, true);
  else s.line('******************************', COLS.description[0] + 3, y - 6, 7);

  const place = `NINGBO, CHINA   ${content.issueDate}`;
  s.line(place, LEFT + 6, 62, 8);
  s.line(`NINGBO CUSTOMS   ${content.issueDate}`, 303, 62, 8);
  return { text: s.finish(), rest };
}

function backText(widths: Widths, content: CertificateContent, rest: GoodsRow[]): string {
  const s = new TextStream(widths);
  s.line(`Certificate No. ${content.number}`, RIGHT - 190, ROW1 - 4, 10, true);
  if (rest.length === 0) {
    s.line('NIL', LEFT + 6, BACK_GOODS_TOP - 24, 8);
  } else {
    let y = BACK_GOODS_TOP - 16;
    const floor = BACK_REMARKS_TOP + 16;
    let shown = 0;
    for (const row of rest) {
      if (y - row.height < floor) break;
      y = drawRows(s, [row], y);
      shown++;
    }
    if (shown < rest.length) s.line(`(${rest.length - shown} FURTHER ITEM(S) LISTED IN THE ANNEX HELD BY THE EXPORTER)`, LEFT + 6, floor - 10, 7, true);
    else s.line('******************************', COLS.description[0] + 3, y - 6, 7);
  }
  s.block(content.remarks || 'NIL', LEFT + 6, BACK_REMARKS_TOP - 16, RIGHT - LEFT - 12, 8, 12);
  return s.finish();
}

// ---------------------------------------------------------------------------
// Assembly: template prefix + two text streams + a new xref table.

function assemble(template: Template, streams: [string, string]): Buffer {
  const chunks: Buffer[] = [template.prefix];
  let offset = template.prefix.length;
  const offsets: number[] = [];
  streams.forEach((content, i) => {
    const body = Buffer.from(content, 'latin1');
    const head = Buffer.from(`${template.firstTextObject + i} 0 obj\n<<\n/Length ${body.length}\n>>\nstream\n`, 'latin1');
    const tail = Buffer.from('\nendstream\nendobj\n\n', 'latin1');
    offsets.push(offset);
    chunks.push(head, body, tail);
    offset += head.length + body.length + tail.length;
  });
  const size = template.firstTextObject + 2;
  const lines = ['xref', `0 ${size}`, '0000000000 65535 f '];
  for (const entry of template.xrefEntries) lines.push(`${entry} 00000 n `);
  for (const at of offsets) lines.push(`${String(at).padStart(10, '0')} 00000 n `);
  chunks.push(Buffer.from(`${lines.join('\n')}\n\n${template.trailer}startxref\n${offset}\n%%EOF`, 'latin1'));
  return Buffer.concat(chunks);
}

export async function createLayoutRenderer(): Promise<LayoutRenderer> {
  const [original, copy] = await Promise.all([buildTemplate('original'), buildTemplate('copy')]);
  const widths = original.widths;
  const fingerprint = createHash('sha256')
    .update(`v${LAYOUT_VERSION}`)
    .update(original.template.prefix)
    .update(copy.template.prefix)
    .digest('hex');
  return {
    fingerprint,
    render(content, kind) {
      const front = frontText(widths, content);
      const back = backText(widths, content, front.rest);
      return assemble(kind === 'original' ? original.template : copy.template, [front.text, back]);
    },
  };
}
