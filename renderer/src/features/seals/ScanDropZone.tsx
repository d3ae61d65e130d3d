import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { UploadIcon } from '../../layout/icons';

/** The image types a scanner writes; the checker decides what the bytes really are. */
export const SCAN_ACCEPT = 'image/png,image/jpeg,image/tiff,image/bmp';

interface Props {
  /** The file in use, shown under the hint; null before the first choice. */
  fileName: string | null;
  busy: boolean;
  disabled?: boolean;
  onFile: (file: File) => void;
}

/**
 * 选择印章 / 选择签名: click (or Enter/Space) opens the file picker, or a file is dropped on
 * the zone. Both end in `take`, so a picked and a dropped file go the same way.
 */
export function ScanDropZone({ fileName, busy, disabled = false, onFile }: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const inactive = disabled || busy;

  function take(files: FileList | null): void {
    const file = files?.[0];
    if (file && !inactive) onFile(file);
  }

  function open(): void {
    if (!inactive) input.current?.click();
  }

  function keyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    open();
  }

  function dragOver(event: DragEvent<HTMLDivElement>): void {
    // Without preventDefault the browser refuses the drop (or, in Electron, opens the file).
    event.preventDefault();
    event.dataTransfer.dropEffect = inactive ? 'none' : 'copy';
    setOver(!inactive);
  }

  function dragLeave(event: DragEvent<HTMLDivElement>): void {
    // Leaving for a child element is not leaving the zone.
    if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget))) setOver(false);
  }

  function drop(event: DragEvent<HTMLDivElement>): void {
    event.preventDefault();
    setOver(false);
    take(event.dataTransfer.files);
  }

  return (
    <div
      role="button"
      tabIndex={inactive ? -1 : 0}
      aria-disabled={inactive}
      className={`scan-drop-zone${over ? ' scan-drop-zone-over' : ''}${inactive ? ' scan-drop-zone-inactive' : ''}`}
      onClick={open}
      onKeyDown={keyDown}
      onDragEnter={dragOver}
      onDragOver={dragOver}
      onDragLeave={dragLeave}
      onDrop={drop}
      data-testid="scan-drop-zone"
      data-busy={busy}
    >
      <input
        ref={input}
        type="file"
        accept={SCAN_ACCEPT}
        hidden
        // antd's form styles set `input[type=file] { display: block }`, which beats the attribute.
        style={{ display: 'none' }}
        // The zone's click handler opens the picker; the input's own click must not bubble back into it.
        onClick={(event) => event.stopPropagation()}
        onChange={(event) => {
          take(event.target.files);
          // Cleared so that choosing the same file again (after rescanning it) fires change again.
          event.target.value = '';
        }}
        data-testid="scan-file-input"
      />
      {busy ? <Spin className="scan-drop-zone-icon" /> : <UploadIcon className="scan-drop-zone-icon" />}
      <div className="scan-drop-zone-title">{busy ? t('scans.checking') : t('scans.dropTitle')}</div>
      <Typography.Text type="secondary" className="scan-drop-zone-hint">
        {t('scans.dropHint')}
      </Typography.Text>
      {fileName && (
        <Typography.Text className="scan-drop-zone-file" ellipsis title={fileName}>
          {t('scans.chosen', { name: fileName })}
        </Typography.Text>
      )}
    </div>
  );
}
