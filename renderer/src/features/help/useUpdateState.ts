import { useEffect, useRef, useState } from 'react';
import type { UpdateState } from '../../../../preload/contract';
import { api, invoke } from '../../lib/api';

/** The self-updater's state: asked for once, then followed through 'update:state'. */
export function useUpdateState(): UpdateState | null {
  const [state, setState] = useState<UpdateState | null>(null);
  const eventSeen = useRef(false);

  useEffect(() => {
    const off = api.on('update:state', (next) => {
      eventSeen.current = true;
      setState(next);
    });
    void invoke('update:state').then((result) => {
      // An event that arrived while the call was in flight is newer than its answer.
      if (result.ok && !eventSeen.current) setState(result.value);
    });
    return off;
  }, []);

  return state;
}
