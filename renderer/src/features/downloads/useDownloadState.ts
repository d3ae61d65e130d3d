import { useEffect, useRef, useState } from 'react';
import type { DownloadState } from '../../../../preload/contract';
import { api, invoke } from '../../lib/api';

/** The download batch as main pushes it; null until main has answered once. */
export function useDownloadState(): DownloadState | null {
  const [state, setState] = useState<DownloadState | null>(null);
  const eventSeen = useRef(false);
  useEffect(() => {
    const off = api.on('downloads:state', (next) => {
      eventSeen.current = true;
      setState(next);
    });
    void invoke('downloads:state').then((result) => {
      // An event that arrived while the call was in flight is newer than the call's answer.
      if (result.ok && !eventSeen.current) setState(result.value);
    });
    return off;
  }, []);
  return state;
}
