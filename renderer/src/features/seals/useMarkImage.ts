import { useEffect, useState } from 'react';
import type { ScanKind } from '../../../../preload/contract';
import { invoke } from '../../lib/api';
import { useObjectUrl } from './useObjectUrl';

export interface MarkImage {
  url: string | null;
  failed: boolean;
}

/**
 * The stored image of an existing seal or signature ('scans:image'), for a list row.
 * A missing thumbnail is not worth a toast per row: the row shows a placeholder instead.
 */
export function useMarkImage(kind: ScanKind, markId: string): MarkImage {
  const [png, setPng] = useState<Uint8Array | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let alive = true;
    setPng(null);
    setFailed(false);
    void invoke('scans:image', { kind, markId }).then((result) => {
      if (!alive) return;
      if (result.ok) setPng(result.value.png);
      else setFailed(true);
    });
    return () => {
      alive = false;
    };
  }, [kind, markId]);

  return { url: useObjectUrl(png), failed };
}
