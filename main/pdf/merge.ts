// 打印正副本 sends the original and the copy as ONE spooler job, so the pair is
// followed and confirmed together and cannot be split by another job in between.

import { PDFDocument } from 'pdf-lib';

export async function concatenatePdfs(documents: readonly Uint8Array[]): Promise<Uint8Array> {
  const merged = await PDFDocument.create();
  for (const bytes of documents) {
    const source = await PDFDocument.load(bytes);
    const pages = await merged.copyPages(source, source.getPageIndices());
    for (const page of pages) merged.addPage(page);
  }
  return merged.save();
}
