// Scrolling a list taller than a browser can lay out. Browsers cap an element's height
// (Chromium ~33.5 million px, Firefox lower): a million rows of 40 px do not fit. The
// scroller's content is therefore capped at MAX_SCROLL_HEIGHT and the scrollbar maps
// proportionally onto the rows. Wheel and keys would then jump many rows per step, so in
// that case they move the rows by their natural distance and the scrollbar follows.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface ScaledScroll {
  /** How far the rows are scrolled, in content pixels. */
  offset: number;
  /** Height of the scroller's content (what the spacer must add up to). */
  scrollHeight: number;
  onScroll: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  reset: () => void;
  /** Scrolls the rows to this offset (content pixels), as the keyboard focus needs. */
  scrollTo: (offset: number) => void;
}

function clamp(value: number, max: number): number {
  return Math.min(Math.max(0, value), Math.max(0, max));
}

export function useScaledScroll(
  scroller: RefObject<HTMLDivElement | null>,
  contentHeight: number,
  viewportHeight: number,
  rowHeight: number,
): ScaledScroll {
  const [rawOffset, setOffset] = useState(0);
  const scrollHeight = Math.min(contentHeight, MAX_SCROLL_HEIGHT);
  const maxOffset = Math.max(0, contentHeight - viewportHeight);
  const maxScroll = Math.max(0, scrollHeight - viewportHeight);
  const scaled = contentHeight > MAX_SCROLL_HEIGHT && maxScroll > 0;
  const ratio = scaled ? maxOffset / maxScroll : 1;
  const offset = clamp(rawOffset, maxOffset);

  // The latest metrics for the native wheel listener, which is attached once.
  const metrics = useRef({ scaled, ratio, maxOffset, offset });
  useEffect(() => {
    metrics.current = { scaled, ratio, maxOffset, offset };
  });
  // The scrollTop we set ourselves: its scroll event must not be read back as a user's drag.
  const ownScrollTop = useRef<number | null>(null);

  const moveTo = useCallback(
    (next: number) => {
      const element = scroller.current;
      const m = metrics.current;
      const target = clamp(next, m.maxOffset);
      m.offset = target;
      setOffset(target);
      if (element) {
        const top = Math.round(target / m.ratio);
        ownScrollTop.current = top;
        element.scrollTop = top;
      }
    },
    [scroller],
  );

  const onScroll = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    const top = element.scrollTop;
    if (ownScrollTop.current !== null && Math.abs(top - ownScrollTop.current) <= 1) return;
    ownScrollTop.current = null;
    setOffset(top * metrics.current.ratio);
  }, [scroller]);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onWheel = (event: WheelEvent): void => {
      const m = metrics.current;
      if (!m.scaled || event.ctrlKey || Math.abs(event.deltaY) < Math.abs(event.deltaX)) return;
      event.preventDefault();
      const unit = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? rowHeight : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? element.clientHeight : 1;
      moveTo(m.offset + event.deltaY * unit);
    };
    // Not passive: in the scaled case the browser's own (scaled) wheel scroll is replaced.
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [scroller, moveTo, rowHeight]);

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      const m = metrics.current;
      // Keys inside the rows (a checkbox) keep their meaning; only the grid's own focus scrolls.
      if (!m.scaled || event.target !== event.currentTarget) return;
      const page = Math.max(rowHeight, viewportHeight - rowHeight);
      const moves: Record<string, number> = {
        ArrowDown: m.offset + rowHeight,
        ArrowUp: m.offset - rowHeight,
        PageDown: m.offset + page,
        PageUp: m.offset - page,
        Home: 0,
        End: m.maxOffset,
      };
      const next = moves[event.key];
      if (next === undefined) return;
      event.preventDefault();
      moveTo(next);
    },
    [moveTo, rowHeight, viewportHeight],
  );

  const reset = useCallback(() => {
    ownScrollTop.current = null;
    if (scroller.current) scroller.current.scrollTop = 0;
    setOffset(0);
  }, [scroller]);

  return { offset, scrollHeight, onScroll, onKeyDown, reset, scrollTo: moveTo };
}
