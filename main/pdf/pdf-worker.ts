// The PDF worker thread: every pdf-lib document a print job needs is parsed and written
// here, away from the main event loop (./pdf-worker-protocol.ts has the messages). The
// documents are the customs' layouts from the cache, already hash-checked, and pages the
// app draws itself; a failure is answered with its message, and the worker goes on.

import { parentPort } from 'node:worker_threads';
import { makeCalibrationPage } from './calibration-page';
import { concatenatePdfs } from './merge';
import { shiftPdf } from './offset';
import { pdfRequestSchema, type PdfReply, type PdfRequest } from './pdf-worker-protocol';

const port = parentPort;
if (!port) throw new Error('the PDF worker must run in a worker thread');

async function perform(request: PdfRequest): Promise<{ bytes: Uint8Array; warnings: string[] }> {
  switch (request.op) {
    case 'concatenate':
      return { bytes: await concatenatePdfs(request.documents), warnings: [] };
    case 'shift':
      return { bytes: await shiftPdf(request.bytes, request.offset), warnings: [] };
    case 'calibration-page': {
      const warnings: string[] = [];
      const page = await makeCalibrationPage({
        applied: request.applied,
        onTextFailure: (error) => warnings.push(String(error)),
      });
      return { bytes: await shiftPdf(page, request.applied), warnings };
    }
  }
}

port.on('message', (raw: unknown) => {
  const parsed = pdfRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const id = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'number' ? raw.id : -1;
    port.postMessage({ id, ok: false, message: 'malformed PDF request' } satisfies PdfReply);
    return;
  }
  const request = parsed.data;
  perform(request).then(
    ({ bytes, warnings }) => {
      // Moved, not copied: a fresh buffer of its own (pdf-lib's output, or the input when nothing changed).
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
      port.postMessage({ id: request.id, ok: true, bytes: own, warnings } satisfies PdfReply, [own.buffer as ArrayBuffer]);
    },
    (error: unknown) => port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies PdfReply),
  );
});
