// Starts the PDF worker from its TypeScript source in tests: tsx's require hook
// compiles it on load, as electron-vite does for the built app.
require('tsx/cjs');
require('../../main/pdf/pdf-worker.ts');
