import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('main/index.ts'),
          // The database runs in its own worker thread so the main event loop never waits on it.
          'db-worker': resolve('main/db/worker.ts'),
          // Untrusted scans are decoded and analysed in their own worker (main/images).
          'scan-worker': resolve('main/images/scan-worker.ts'),
          // 导出证书 writes its workbook (exceljs) in a worker of its own (main/export).
          'export-worker': resolve('main/export/export-worker.ts'),
          // Print jobs' PDFs (pdf-lib) are joined and shifted in a worker of their own (main/pdf).
          'pdf-worker': resolve('main/pdf/pdf-worker.ts'),
          // Browser mode is a development and test tool; electron-builder.yml leaves it out of the package.
          'browser-mode': resolve('main/browser/start.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
