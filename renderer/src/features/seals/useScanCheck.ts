import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, ScanCheckResult, ScanKind } from '../../../../preload/contract';
import { invoke } from '../../lib/api';
import i18n from '../../i18n';

/**
 * One chosen file's way through the local check:
 *   empty → checking → checked (accepted or refused) | failed (unreadable, not an image, …)
 *   checked → expired (main no longer holds the checked image; choose the file again)
 * Choosing another file at any time starts again from checking.
 */
export type ScanState =
  | { phase: 'empty' }
  | { phase: 'checking'; fileName: string }
  | { phase: 'checked'; fileName: string; result: ScanCheckResult }
  | { phase: 'failed'; fileName: string; error: AppError }
  | { phase: 'expired'; fileName: string };

// A 600 dpi colour A4 is about 100 MB as an uncompressed TIFF; anything far beyond that is not
// a scan, and reading it would only burden the renderer. The real checks are main's.
const MAX_SCAN_BYTES = 300 * 1024 * 1024;

function localFailure(fileName: string, message: string): ScanState {
  return { phase: 'failed', fileName, error: { code: 'SCAN_INVALID', message } };
}

/** The check id a save may use: only an accepted check has one worth sending. */
export function acceptedCheckId(state: ScanState): string | null {
  return state.phase === 'checked' && state.result.accepted ? state.result.checkId : null;
}

export function useScanCheck(kind: ScanKind) {
  const [state, setState] = useState<ScanState>({ phase: 'empty' });
  // Only the newest file's answer counts: a slow check of an earlier file must not overwrite it.
  const latest = useRef(0);

  useEffect(
    () => () => {
      latest.current += 1;
    },
    [],
  );

  const check = useCallback(
    async (file: File) => {
      const id = (latest.current += 1);
      const fileName = file.name;
      setState({ phase: 'checking', fileName });
      if (file.size > MAX_SCAN_BYTES) {
        setState(localFailure(fileName, i18n.t('scans.tooLarge')));
        return;
      }
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await file.arrayBuffer());
      } catch {
        // The file vanished or is unreadable (a network drive that went away, permissions).
        if (id === latest.current) setState(localFailure(fileName, i18n.t('scans.unreadable')));
        return;
      }
      const result = await invoke('scans:check', { kind, fileName, bytes });
      if (id !== latest.current) return;
      // Shown inline beside the drop zone rather than as a toast: it is the answer to this file.
      setState(result.ok ? { phase: 'checked', fileName, result: result.value } : { phase: 'failed', fileName, error: result.error });
    },
    [kind],
  );

  const expire = useCallback(() => {
    latest.current += 1;
    setState((current) => ({ phase: 'expired', fileName: current.phase === 'empty' ? '' : current.fileName }));
  }, []);

  return { state, check, expire };
}
