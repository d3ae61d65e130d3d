// 打印校准: moves every page's content by the printer's offset, and nothing else. Each
// page's content streams are wrapped in `q <translate> cm … Q`, so the page size, the
// boxes, the rotation, the resources and the text stay exactly as the customs made them;
// only where they land on the sheet changes.

import { PDFArray, PDFDocument, PDFName, PDFRef, PDFStream } from 'pdf-lib';
import type { PrinterOffset } from '../../preload/contract';
import { isZeroOffset, userSpaceShift } from '../core/calibration';

/** Five decimals of a point (a few nanometres): exact enough, and no exponent notation. */
const pdfNumber = (value: number): string => (Math.round(value * 1e5) / 1e5 || 0).toFixed(5).replace(/\.?0+$/, '');

export async function shiftPdf(bytes: Uint8Array, offset: PrinterOffset | null): Promise<Uint8Array> {
  if (isZeroOffset(offset) || offset === null) return bytes;
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const { context } = doc;
  const after = context.register(context.stream('\nQ\n'));
  for (const page of doc.getPages()) {
    const { dx, dy } = userSpaceShift(offset, page.getRotation().angle);
    const before = context.register(context.stream(`q 1 0 0 1 ${pdfNumber(dx)} ${pdfNumber(dy)} cm\n`));
    const existing = page.node.get(PDFName.of('Contents'));
    const resolved = existing === undefined ? undefined : context.lookup(existing);
    const parts: PDFRef[] = [];
    if (resolved instanceof PDFArray) {
      for (let i = 0; i < resolved.size(); i++) {
        const part = resolved.get(i);
        if (part instanceof PDFRef) parts.push(part);
      }
    } else if (resolved instanceof PDFStream && existing instanceof PDFRef) {
      parts.push(existing);
    }
    // A fresh array per page: pages that share one Contents array must not be shifted twice.
    page.node.set(PDFName.of('Contents'), context.obj([before, ...parts, after]));
  }
  return doc.save();
}
