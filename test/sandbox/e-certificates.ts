// 证书下载 on the customs side: the electronic version (电子版) of RCEP (RC) and RCEP
// back-to-back (BR) certificates for the destinations the announcement (公告) allows.
// The e-version is a one-page PDF distinct from the print layout (版式): an "electronic
// certificate" with the certificate's facts and a verification line. Its bytes are a pure
// function of the certificate's content, so the hash header always matches the body
// unless a test asks for a corrupt one (corruptNext).

import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { z } from 'zod';
import {
  API_PREFIX, E_CERTIFICATE_HASH_HEADER, E_CERTIFICATE_TYPES, certificateSchema, eCertificatePaths, type ECertificateScopeDto,
} from '../../main/net/contract';
import type { CertificateContent } from './generate';
import { chinaTime } from './generate';
import { ApiFailure, discardBody, type Reply } from './http';
import { A4, describeLayout, type LayoutFile } from './layout-pdf';
import { authenticate, decode, methodNotAllowed, readRoute, type ApiContext } from './routes';

/** The announcement in force today (manual 第六章 小提示): 日本、新加坡、新西兰、澳大利亚、韩国. */
export const DEFAULT_E_CERTIFICATE_DESTINATIONS: readonly string[] = ['日本', '新加坡', '新西兰', '澳大利亚', '韩国'];

export const E_CERTIFICATE_REFUSALS = {
  type: '该证书不是 RCEP 证书或 RCEP 背对背证书,不支持电子版下载',
  destination: (destination: string) => `目的国为${destination}的 RCEP 证书暂不支持电子版下载(适用证书范围依据公告进行增减)`,
} as const;

export const eCertificateScopeInputSchema = z
  .object({ destinations: z.array(z.string().trim().min(1).max(60)).max(200).refine((list) => new Set(list).size === list.length, 'duplicate destination') })
  .strict();
export const eCertificateFaultsSchema = z.object({ corruptNext: z.number().int().min(0).max(1000) }).strict();

/** What the sandbox holds for 证书下载: the scope in force and the corrupt-file switch. */
export class ECertificateStore {
  private destinations: string[] = [...DEFAULT_E_CERTIFICATE_DESTINATIONS];
  private updatedAtMs: number;
  /** The next N e-versions are served with one byte flipped after hashing (the header stays the true hash). */
  private corruptNext = 0;
  served = 0;

  constructor(private readonly clock: () => Date) {
    this.updatedAtMs = Date.parse('2022-01-01T00:00:00+08:00');
  }

  scope(): ECertificateScopeDto {
    return { destinations: [...this.destinations], updatedAt: chinaTime(this.updatedAtMs) };
  }

  /** A new announcement: replaces the destinations whose RCEP certificates have an e-version. */
  setDestinations(destinations: readonly string[]): ECertificateScopeDto {
    this.destinations = [...eCertificateScopeInputSchema.parse({ destinations }).destinations];
    this.updatedAtMs = Math.floor(this.clock().getTime() / 1000) * 1000;
    return this.scope();
  }

  setFaults(faults: z.input<typeof eCertificateFaultsSchema>): { corruptNext: number } {
    this.corruptNext = eCertificateFaultsSchema.parse(faults).corruptNext;
    return { corruptNext: this.corruptNext };
  }

  allows(destination: string): boolean {
    return this.destinations.includes(destination);
  }

  takeCorruption(): boolean {
    if (this.corruptNext === 0) return false;
    this.corruptNext--;
    return true;
  }
}

// ---------------------------------------------------------------------------
// The PDF

const INK = rgb(0.1, 0.12, 0.45);
const GREEN = rgb(0.05, 0.45, 0.25);
const LEFT = 48;

/** Deterministic per certificate: stands for the customs side's verification code. */
export function verificationCode(number: string, approvedAt: string): string {
  return createHash('sha256').update(`e-certificate|${number}|${approvedAt}`).digest('hex').slice(0, 16).toUpperCase();
}

function line(page: PDFPage, font: PDFFont, text: string, y: number, size = 9, x = LEFT): void {
  // Standard fonts are WinAnsi: anything else (Chinese names) becomes '?', as on the print layout.
  page.drawText(text.replace(/[^\x20-\x7e]/g, '?').slice(0, 110), { x, y, size, font, color: INK });
}

/** The e-version of one certificate: one A4 page, same bytes for the same content. */
export async function renderECertificate(content: CertificateContent): Promise<LayoutFile> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`Electronic Certificate of Origin ${content.number}`);
  doc.setProducer('co-self-print sandbox');
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([...A4]);
  const [width, height] = A4;
  page.drawRectangle({ x: 28, y: 28, width: width - 56, height: height - 56, borderColor: GREEN, borderWidth: 2 });
  page.drawText('ELECTRONIC CERTIFICATE OF ORIGIN', { x: LEFT, y: height - 80, size: 18, font: bold, color: GREEN });
  line(page, bold, content.formTitle, height - 102, 8);
  let y = height - 140;
  const field = (label: string, value: string): void => {
    line(page, bold, label, y, 9);
    line(page, regular, value, y, 9, LEFT + 150);
    y -= 18;
  };
  field('Certificate No.', content.number);
  field('Type', content.type === 'BR' ? 'RCEP BACK-TO-BACK' : 'RCEP');
  field('Issue date', content.issueDate);
  field('Approved at', content.approvedAt);
  field('Country of destination', content.destinationEn);
  field('Invoice', `${content.invoiceNumber} ${content.invoiceDate}`);
  y -= 6;
  for (const [label, value] of [['Exporter', content.exporter], ['Consignee', content.consignee]] as const) {
    line(page, bold, label, y, 9);
    y -= 14;
    for (const part of value.split('\n').slice(0, 3)) {
      line(page, regular, part, y, 8);
      y -= 12;
    }
    y -= 6;
  }
  line(page, bold, 'Goods', y, 9);
  y -= 14;
  for (const item of content.goods.slice(0, 12)) {
    line(page, regular, `${item.itemNumber}. ${item.description.split('\n')[0] ?? ''}  HS ${item.hsCode}  ${item.originCriterion}  ${item.quantity}`, y, 8);
    y -= 12;
  }
  const code = verificationCode(content.number, content.approvedAt);
  page.drawLine({ start: { x: LEFT, y: 120 }, end: { x: width - LEFT, y: 120 }, thickness: 0.8, color: GREEN });
  line(page, bold, `VERIFICATION: origin.customs.gov.cn  No. ${content.number}  Code ${code}`, 100, 10);
  line(page, regular, 'This electronic certificate was issued by the China Customs certificate of origin system.', 84, 8);
  line(page, regular, 'SANDBOX E-VERSION: generated for development and testing; not a valid certificate of origin.', 70, 8);
  return describeLayout(Buffer.from(await doc.save({ useObjectStreams: false })));
}

// ---------------------------------------------------------------------------
// Routes

const certificateIdSchema = certificateSchema.shape.certificateId;
const FILE_PATH = new RegExp(`^${API_PREFIX}/certificates/([^/]+)/e-certificate$`);

async function eCertificate(ctx: ApiContext, req: IncomingMessage, rawId: string): Promise<Reply> {
  const { user } = authenticate(ctx, req);
  discardBody(req);
  const id = certificateIdSchema.safeParse(rawId);
  const row = id.success ? ctx.store.rowById(id.data) : null;
  // Another enterprise's certificate is reported as missing: its existence is not the caller's business.
  if (!row || row.owner_code !== user.enterprise_code) throw new ApiFailure(404, 'NOT_FOUND', `certificate ${rawId} not found`);
  const content = ctx.store.content(row);
  if (!(E_CERTIFICATE_TYPES as readonly string[]).includes(content.type)) throw new ApiFailure(409, 'CONFLICT', E_CERTIFICATE_REFUSALS.type);
  if (!ctx.eCertificates.allows(content.destinationCountry)) {
    throw new ApiFailure(409, 'CONFLICT', E_CERTIFICATE_REFUSALS.destination(content.destinationCountry));
  }
  const file = await renderECertificate(content);
  let body = file.bytes;
  if (ctx.eCertificates.takeCorruption()) {
    body = Buffer.from(file.bytes);
    const middle = Math.floor(body.length / 2);
    body[middle] = (body[middle] ?? 0) ^ 0xff;
  }
  ctx.eCertificates.served++;
  return {
    status: 200,
    headers: {
      'content-type': 'application/pdf',
      [E_CERTIFICATE_HASH_HEADER]: file.sha256,
      'content-disposition': `attachment; filename="${row.number}-e.pdf"`,
    },
    body,
  };
}

/** Answers the 证书下载 routes, or returns null for a path that is not one of them. */
export async function eCertificateRoute(ctx: ApiContext, req: IncomingMessage, url: URL): Promise<Reply | null> {
  const path = url.pathname;
  if (path === eCertificatePaths.scope) return readRoute(ctx, req, () => ctx.eCertificates.scope());
  const file = FILE_PATH.exec(path);
  if (file) {
    if (req.method !== 'GET') methodNotAllowed(req, 'GET');
    return eCertificate(ctx, req, decode(file[1] ?? ''));
  }
  return null;
}
