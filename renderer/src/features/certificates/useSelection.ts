import { useCallback, useMemo, useState } from 'react';
import type { CertificateRow } from '../../../../preload/contract';

/**
 * Selected certificates by id, with their rows: a selected row may scroll out of the block
 * cache, and printing still needs its id and number.
 */
export function useSelection() {
  const [selected, setSelected] = useState<ReadonlyMap<string, CertificateRow>>(new Map());

  const select = useCallback((rows: readonly CertificateRow[], checked: boolean) => {
    setSelected((current) => {
      const next = new Map(current);
      for (const row of rows) {
        if (checked) next.set(row.certificateId, row);
        else next.delete(row.certificateId);
      }
      return next;
    });
  }, []);

  const clear = useCallback(() => setSelected(new Map()), []);
  const rows = useMemo(() => [...selected.values()], [selected]);

  return { selected, rows, select, clear };
}
