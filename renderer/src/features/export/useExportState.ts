import { useEffect, useRef, useState } from 'react';
import type { ExportState } from '../../../../preload/contract';
import { api, invoke } from '../../lib/api';

/** The export's state as main pushes it; null until main has answered once. */
export function useExportState(): ExportState | null {
  const [state, setState] = useState<ExportState | null>(null);
  const eventSeen = useRef(false);
  useEffect(() => {
    const off = api.on('export:state', (next) => {
      eventSeen.current = true;
      setState(next);
    });
    void invoke('export:state').then((result) => {
      // An event that arrived while the call was in flight is newer than its answer.
      if (result.ok && !eventSeen.current) setState(result.value);
    });
    return off;
  }, []);
  return state;
}
