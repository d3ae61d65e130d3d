import { useEffect, useState } from 'react';

function secondsLeft(deadline: number): number {
  return Number.isFinite(deadline) ? Math.max(0, Math.ceil((deadline - Date.now()) / 1000)) : 0;
}

/**
 * Whole seconds until `deadline` (ISO time), 0 once it has passed or when there is none.
 * Computed from Date.now() at every render and re-rendered once a second, so the count is
 * right after leaving and returning to the page (the deadline comes from main), and a test
 * can drive it with a fake clock.
 */
export function useSecondsUntil(deadline: string | null): number {
  const target = deadline === null ? Number.NaN : Date.parse(deadline);
  const [, setTick] = useState(0);
  const remaining = secondsLeft(target);

  useEffect(() => {
    if (secondsLeft(target) === 0) return;
    const timer = window.setInterval(() => {
      setTick((tick) => tick + 1);
      if (secondsLeft(target) === 0) window.clearInterval(timer);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [target]);

  return remaining;
}
