import { useCallback, useState } from 'react';
import { App } from 'antd';
import type { AppError, ErrorCode, Result } from '../../../../preload/contract';
import { errorText } from '../../lib/errors';

/**
 * What a failed save means for the form:
 *  - retry: the PIN dialog stays open with the error in it (wrong PIN, card not ready, network);
 *  - rescan: the checked image is gone or was refused on saving: close, choose the file again;
 *  - stop: anything else: close the dialog, the form stays as it is.
 */
export type SaveFailure = 'retry' | 'rescan' | 'stop';

/** The answer for a save attempted with the form incomplete (the form's own checks run first). */
export const INCOMPLETE: Result<never> = { ok: false, error: { code: 'INVALID_ARGUMENT', message: '' } };

export function classifySaveFailure(code: ErrorCode): SaveFailure {
  switch (code) {
    case 'WRONG_PIN':
    case 'CARD_UNAVAILABLE':
    case 'OFFLINE':
    case 'SERVER_ERROR':
    case 'BUSY':
      return 'retry';
    case 'CHECK_EXPIRED':
    case 'SCAN_REFUSED':
      return 'rescan';
    default:
      return 'stop';
  }
}

/**
 * The PIN step of 保存印章 / 保存签名: `ask` opens the dialog, `submit` runs one save with the
 * PIN (which is not kept anywhere here). Errors the user can fix in the dialog are shown in it,
 * so that a wrong PIN's message does not outlive the dialog as a toast.
 */
export function usePinSave<T>(save: (pin: string) => Promise<Result<T>>, onSaved: (value: T) => void, onRescan: () => void) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const close = useCallback(() => {
    setOpen(false);
    setError(null);
  }, []);

  const submit = useCallback(
    async (pin: string): Promise<void> => {
      setError(null);
      const result = await save(pin);
      if (result.ok) {
        close();
        onSaved(result.value);
        return;
      }
      const outcome = classifySaveFailure(result.error.code);
      if (outcome === 'retry') {
        setError(result.error);
        return;
      }
      close();
      void message.error(errorText(result.error));
      if (outcome === 'rescan') onRescan();
    },
    [save, onSaved, onRescan, close, message],
  );

  return {
    open,
    error: error ? errorText(error) : null,
    ask: useCallback(() => setOpen(true), []),
    cancel: close,
    submit,
  };
}
