import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, CardInfo } from '../../../../preload/contract';
import { invoke } from '../../lib/api';

/**
 * The inserted e-port card as 'card:read' last reported it:
 *   reading → ready (number, holder, validity) | unavailable (no card, control not running, locked)
 *   ready | unavailable → reading (刷新)
 */
export type CardReadState = { state: 'reading' } | { state: 'ready'; card: CardInfo } | { state: 'unavailable'; error: AppError };

/** Reads the card when the card login opens, and again on `read` (刷新). */
export function useCardReader() {
  const [state, setState] = useState<CardReadState>({ state: 'reading' });
  // Only the newest read counts: a slow answer about a card since pulled must not win.
  const latest = useRef(0);

  const read = useCallback(async () => {
    const id = (latest.current += 1);
    setState({ state: 'reading' });
    // invoke, not call: the answer is shown in the login form, not as a toast.
    const result = await invoke('card:read');
    if (id !== latest.current) return;
    setState(result.ok ? { state: 'ready', card: result.value } : { state: 'unavailable', error: result.error });
  }, []);

  useEffect(() => {
    void read();
    return () => {
      latest.current += 1;
    };
  }, [read]);

  return { state, read };
}
