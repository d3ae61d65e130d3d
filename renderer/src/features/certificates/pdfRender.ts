// Renders a PDF's pages to <canvas> with pdf.js. An <iframe>/<embed> of a blob: URL is not
// reliable in headless Chromium or in Electron's sandboxed renderer (no PDF viewer plugin),
// and the CSP forbids frames and objects anyway.

type PdfJs = typeof import('pdfjs-dist');

let pdfjsPromise: Promise<PdfJs> | null = null;

// Loaded on first preview only: pdf.js is the largest module of the renderer.
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([pdfjs, worker]) => {
    // A same-origin worker file, as the CSP's worker-src 'self' requires.
    pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
    return pdfjs;
  });
  return pdfjsPromise;
}

/**
 * Draws every page into `container` (emptied first), `width` CSS pixels wide, sharp on
 * high-DPI screens. Returns the page count. Aborting stops the work and frees the document.
 */
export async function renderPdf(data: Uint8Array, container: HTMLElement, width: number, signal: AbortSignal): Promise<number> {
  const pdfjs = await loadPdfJs();
  signal.throwIfAborted();
  const task = pdfjs.getDocument({
    // pdf.js transfers the buffer to its worker; a copy keeps the caller's bytes usable.
    data: data.slice(),
    // script-src 'self' forbids eval: pdf.js then interprets fonts instead of compiling them.
    isEvalSupported: false,
    enableXfa: false,
  });
  const abort = (): void => void task.destroy();
  signal.addEventListener('abort', abort, { once: true });
  try {
    const document = await task.promise;
    container.replaceChildren();
    const ratio = window.devicePixelRatio || 1;
    for (let number = 1; number <= document.numPages; number += 1) {
      signal.throwIfAborted();
      const page = await document.getPage(number);
      const viewport = page.getViewport({ scale: width / page.getViewport({ scale: 1 }).width });
      const canvas = window.document.createElement('canvas');
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = `${Math.floor(viewport.width)}px`;
      canvas.style.height = `${Math.floor(viewport.height)}px`;
      canvas.className = 'preview-page';
      canvas.dataset.testid = 'preview-page';
      canvas.dataset.page = String(number);
      container.append(canvas);
      await page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] }).promise;
    }
    return document.numPages;
  } finally {
    signal.removeEventListener('abort', abort);
    // Rendering is finished (or abandoned); the worker's copy of the document is no longer needed.
    void task.destroy();
  }
}
