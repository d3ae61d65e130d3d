import { useCallback, useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { alreadyShown } from './api';

export interface RemoteValue<T> {
  /** undefined until the first answer arrived (or after a failure before any answer). */
  value: T | undefined;
  /** True until the first answer (or failure), and again during a reload. */
  loading: boolean;
  reload: () => void;
  /** For updating the value in place from an action's answer, without a round trip. */
  setValue: Dispatch<SetStateAction<T | undefined>>;
}

/**
 * Loads one value from main once and on reload; `load` must be stable (a module-level
 * function or a useCallback). Failures were shown by `call`; the previous value stays.
 */
export function useRemoteValue<T>(load: () => Promise<T>): RemoteValue<T> {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let alive = true;
    setLoading(true);
    load()
      .then((next) => {
        if (alive) setValue(() => next);
      })
      .catch(alreadyShown)
      .finally(() => {
        if (alive) setLoading(false);
      });
    return () => {
      alive = false;
    };
  }, [load, version]);

  const reload = useCallback(() => setVersion((current) => current + 1), []);
  return { value, loading, reload, setValue };
}

export interface RemoteList<T> {
  rows: T[];
  /** True until the first answer (or failure), and again during a reload. */
  loading: boolean;
  /** False until the first answer arrived: an empty list is only "empty" after that. */
  loaded: boolean;
  reload: () => void;
  /** For updating rows in place from an action's answer, without a round trip. */
  setRows: Dispatch<SetStateAction<T[]>>;
}

const NO_ROWS: never[] = [];

/** A short list (seals, holders, grants, principals): useRemoteValue with [] before the first answer. */
export function useRemoteList<T>(load: () => Promise<T[]>): RemoteList<T> {
  const { value, loading, reload, setValue } = useRemoteValue(load);
  const setRows = useCallback<Dispatch<SetStateAction<T[]>>>(
    (action) => setValue((current) => (typeof action === 'function' ? action(current ?? NO_ROWS) : action)),
    [setValue],
  );
  return { rows: value ?? NO_ROWS, loading, loaded: value !== undefined, reload, setRows };
}
