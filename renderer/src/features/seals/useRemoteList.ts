import { useCallback, useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { alreadyShown } from '../../lib/api';

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

/** Loads a short list (seals, signatures, holders, declarants) once and on reload. `load` must be stable. */
export function useRemoteList<T>(load: () => Promise<T[]>): RemoteList<T> {
  const [rows, setRows] = useState<T[]>([]);
  const [loading, setLoading] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let alive = true;
    setLoading(true);
    load()
      .then((next) => {
        if (!alive) return;
        setRows(next);
        setLoaded(true);
      })
      .catch(alreadyShown)
      .finally(() => {
        if (alive) setLoading(false);
      });
    return () => {
      alive = false;
    };
  }, [load, version]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return { rows, loading, loaded, reload, setRows };
}
