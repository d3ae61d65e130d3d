// Windowed access to a result of up to millions of certificates: blocks of BLOCK_SIZE rows
// are fetched from 'certificates:search' (offset/limit) as the visible range needs them,
// cached (bounded), and dropped when the query changes.
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef } from 'react';
import type { CertificatePage, CertificateQuery, CertificateRow } from '../../../../preload/contract';
import { alreadyShown, call } from '../../lib/api';

export const BLOCK_SIZE = 200;
// 50 blocks = 10,000 rows, a few MB: enough to scroll back and forth without refetching.
const MAX_CACHED_BLOCKS = 50;
// Dragging the scrollbar across a million rows must not fire a request per scroll event.
const FETCH_INTERVAL_MS = 100;
// A failed block is not asked for again at once, so an offline bridge does not spin.
const RETRY_AFTER_MS = 3000;
// Rows fetched beyond either edge of the visible range, so ordinary scrolling finds them ready.
const PREFETCH_ROWS = 60;

export type CertificateFilter = Omit<CertificateQuery, 'offset' | 'limit'>;

interface Block {
  rows: readonly CertificateRow[];
  generation: number;
}

interface WindowState {
  filter: CertificateFilter;
  /** One per search: answers to an older search are dropped. */
  epoch: number;
  /** One per refresh of the same search: older blocks stay on screen until replaced. */
  generation: number;
  /** null until the first answer of this search. */
  total: number | null;
  blocks: ReadonlyMap<number, Block>;
  pending: number;
}

type Action =
  | { type: 'search'; filter: CertificateFilter }
  | { type: 'refresh' }
  | { type: 'request'; epoch: number }
  | { type: 'settled'; epoch: number; generation: number; block: number; page: CertificatePage | null; near: number };

function evict(blocks: Map<number, Block>, near: number): void {
  if (blocks.size <= MAX_CACHED_BLOCKS) return;
  const farthestFirst = [...blocks.keys()].sort((a, b) => Math.abs(b - near) - Math.abs(a - near));
  for (const block of farthestFirst.slice(0, blocks.size - MAX_CACHED_BLOCKS)) blocks.delete(block);
}

function reducer(state: WindowState, action: Action): WindowState {
  switch (action.type) {
    case 'search':
      return { filter: action.filter, epoch: state.epoch + 1, generation: 0, total: null, blocks: new Map(), pending: 0 };
    case 'refresh':
      // An empty result is asked again too: a sync may just have filled it.
      return { ...state, generation: state.generation + 1, total: state.total === 0 ? null : state.total };
    case 'request':
      return action.epoch === state.epoch ? { ...state, pending: state.pending + 1 } : state;
    case 'settled': {
      if (action.epoch !== state.epoch) return state;
      const next = { ...state, pending: Math.max(0, state.pending - 1) };
      const { page } = action;
      if (!page) return next;
      const existing = state.blocks.get(action.block);
      if (!existing || existing.generation <= action.generation) {
        const blocks = new Map(state.blocks);
        blocks.set(action.block, { rows: page.rows, generation: action.generation });
        evict(blocks, action.near);
        next.blocks = blocks;
      }
      // The newest generation knows the current total; an older one only fills the gap before it.
      if (action.generation === state.generation || state.total === null) next.total = page.total;
      return next;
    }
  }
}

export interface CertificateWindow {
  /** null while the first block of a search is loading. */
  total: number | null;
  loading: boolean;
  /** Changes with every search: the table scrolls back to the top. */
  epoch: number;
  rowAt: (index: number) => CertificateRow | undefined;
  setVisibleRange: (first: number, last: number) => void;
}

/**
 * `searchId` changes on every 查询 (even with the same filter, the user expects fresh data);
 * `refreshKey` changes when statuses may have changed (print confirmed, sync finished):
 * the same search is reloaded in place, without jumping.
 */
export function useCertificateWindow(filter: CertificateFilter, searchId: number, refreshKey: number): CertificateWindow {
  const [state, dispatch] = useReducer(reducer, { filter, epoch: 0, generation: 0, total: null, blocks: new Map(), pending: 0 });
  const stateRef = useRef(state);
  const range = useRef<[number, number]>([0, 0]);
  const inflight = useRef(new Set<string>());
  const failures = useRef(new Map<string, number>());
  const lastFetchAt = useRef(0);
  const timer = useRef<number | undefined>(undefined);

  // Layout effect: runs before any passive effect (the table's included), so `ensure` sees this render's state.
  useLayoutEffect(() => {
    stateRef.current = state;
  }, [state]);

  const ensure = useCallback(() => {
    const s = stateRef.current;
    if (s.total === 0) return;
    lastFetchAt.current = Date.now();
    const [first, last] = range.current;
    const lastRow = s.total === null ? first : Math.min(last + PREFETCH_ROWS, s.total - 1);
    const fromBlock = Math.floor(Math.max(0, first - PREFETCH_ROWS) / BLOCK_SIZE);
    const toBlock = Math.floor(Math.max(first, lastRow) / BLOCK_SIZE);
    for (let block = fromBlock; block <= toBlock; block += 1) {
      const cached = s.blocks.get(block);
      if (cached && cached.generation >= s.generation) continue;
      const key = `${s.epoch}:${s.generation}:${block}`;
      if (inflight.current.has(key)) continue;
      const failedAt = failures.current.get(key);
      if (failedAt !== undefined && Date.now() - failedAt < RETRY_AFTER_MS) continue;

      inflight.current.add(key);
      const { epoch, generation } = s;
      const near = (): number => Math.floor((range.current[0] + range.current[1]) / 2 / BLOCK_SIZE);
      dispatch({ type: 'request', epoch });
      call('certificates:search', { ...s.filter, offset: block * BLOCK_SIZE, limit: BLOCK_SIZE })
        .then((page) => dispatch({ type: 'settled', epoch, generation, block, page, near: near() }))
        .catch((error: unknown) => {
          alreadyShown(error);
          failures.current.set(key, Date.now());
          dispatch({ type: 'settled', epoch, generation, block, page: null, near: near() });
        })
        .finally(() => inflight.current.delete(key));
    }
  }, []);

  const setVisibleRange = useCallback(
    (first: number, last: number) => {
      const [oldFirst, oldLast] = range.current;
      if (first === oldFirst && last === oldLast) return;
      range.current = [first, last];
      // Throttle with a trailing call: at most one round of requests per interval, and the
      // range where scrolling stopped is always fetched.
      window.clearTimeout(timer.current);
      const wait = FETCH_INTERVAL_MS - (Date.now() - lastFetchAt.current);
      if (wait <= 0) ensure();
      else timer.current = window.setTimeout(ensure, wait);
    },
    [ensure],
  );

  useEffect(() => () => window.clearTimeout(timer.current), []);

  useEffect(() => {
    dispatch({ type: 'search', filter });
    range.current = [0, 0];
  }, [filter, searchId]);

  const lastRefreshKey = useRef(refreshKey);
  useEffect(() => {
    if (lastRefreshKey.current === refreshKey) return;
    lastRefreshKey.current = refreshKey;
    dispatch({ type: 'refresh' });
  }, [refreshKey]);

  // A new search, a refresh, or a first total: fetch whatever the visible range now lacks.
  useEffect(() => {
    if (state.epoch > 0) ensure();
  }, [state.epoch, state.generation, state.total, ensure]);

  const rowAt = useCallback(
    (index: number) => state.blocks.get(Math.floor(index / BLOCK_SIZE))?.rows[index % BLOCK_SIZE],
    [state.blocks],
  );

  return { total: state.total, loading: state.pending > 0, epoch: state.epoch, rowAt, setVisibleRange };
}
