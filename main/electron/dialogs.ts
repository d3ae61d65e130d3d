// The `saveFile` adapter: the user picks where a copy goes, the main process writes it.
// The renderer never gets a path or a file handle, only the answer.
// `chooseSavePath` only asks: 导出证书 writes the file itself, from its worker.

import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { app, dialog, type BrowserWindow, type SaveDialogOptions } from 'electron';

export function createSaveFile(
  getWindow: () => BrowserWindow | null,
): (suggestedName: string, bytes: Uint8Array) => Promise<string | null> {
  return async (suggestedName, bytes) => {
    const options: SaveDialogOptions = {
      title: '保存文件',
      defaultPath: join(app.getPath('downloads'), safeFileName(suggestedName)),
      filters: filtersFor(suggestedName),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const window = getWindow();
    // Modal to the window when there is one, so the dialog cannot get lost behind it.
    const result =
      window !== null && !window.isDestroyed()
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options);
    if (result.canceled || result.filePath === undefined || result.filePath === '') return null;
    await writeFile(result.filePath, bytes);
    return result.filePath;
  };
}

/** The file's own type first, so the dialog neither hides it nor appends another extension. */
function filtersFor(name: string): SaveDialogOptions['filters'] {
  const all = { name: '所有文件', extensions: ['*'] };
  if (/\.zip$/i.test(name)) return [{ name: 'ZIP 压缩文件', extensions: ['zip'] }, all];
  return [{ name: 'PDF 文件', extensions: ['pdf'] }, all];
}

/**
 * The suggested name comes from server data (a certificate number): keep only its last
 * path segment and drop characters Windows refuses in file names.
 */
export function safeFileName(name: string): string {
  const cleaned = basename(name.replaceAll('\\', '/'))
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  return cleaned === '' ? 'document.pdf' : cleaned;
}

/** The `chooseSavePath` adapter: the OS save dialog, in the user's downloads folder; null when cancelled. */
export function createChooseSavePath(
  getWindow: () => BrowserWindow | null,
): (suggestedName: string, filter: { name: string; extensions: string[] }) => Promise<string | null> {
  return async (suggestedName, filter) => {
    const options: SaveDialogOptions = {
      title: '导出证书',
      defaultPath: join(app.getPath('downloads'), safeFileName(suggestedName)),
      filters: [filter],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const window = getWindow();
    const result =
      window !== null && !window.isDestroyed()
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options);
    if (result.canceled || result.filePath === undefined || result.filePath === '') return null;
    return result.filePath;
  };
}
