// A list's filter resolved once: every matching rowid in the list's order, memoized per
// list, filter and data version (listDataVersion). Any block is then its rowids looked up
// by primary key and the total is the memo's length, where OFFSET walks every skipped index
// entry and count(*) scans the whole filter on every block request (368 ms at 1,000,000).
// 证书打印 (certificates.ts) and 证书下载 (e-certificates.ts) page their lists this way.

import type { Db } from '../connection';
import { listDataVersion } from './list-version';

// Small: the renderer pages through one filter at a time, and each entry is 4 bytes a row.
const MEMO_SIZE = 4;

interface Memo {
  filter: string;
  version: string;
  rowids: Int32Array;
}

// Per list as well as per connection, so paging one list does not evict another's filters.
const memos = new WeakMap<Db, Map<string, Memo[]>>();

function memoOf(db: Db, list: string): Memo[] {
  const lists = memos.get(db) ?? new Map<string, Memo[]>();
  memos.set(db, lists);
  const memo = lists.get(list) ?? [];
  lists.set(list, memo);
  return memo;
}

/** Sorted fields, so the same filter is the same key however its object was built. */
const keyOf = (filter: object): string => JSON.stringify(Object.entries(filter).sort(([a], [b]) => a.localeCompare(b)));

/** The rowids `filter` yields in `list` at this data version if they are memoized, else null; a hit becomes the most recent. */
export function memoizedOrder(db: Db, list: string, filter: object): Int32Array | null {
  const memo = memoOf(db, list);
  const found = memo.findIndex((entry) => entry.filter === keyOf(filter));
  if (found < 0) return null;
  const [entry] = memo.splice(found, 1);
  if (entry!.version !== listDataVersion(db)) return null;
  memo.unshift(entry!);
  return entry!.rowids;
}

/** The rowids `filter` yields in `list`, in list order: from the memo while the data is unchanged, else from `resolve`. */
export function memoizedListOrder(db: Db, list: string, filter: object, resolve: () => readonly number[] | Int32Array): Int32Array {
  const known = memoizedOrder(db, list, filter);
  if (known) return known;
  const version = listDataVersion(db);
  const resolved = resolve();
  const rowids = resolved instanceof Int32Array ? resolved : Int32Array.from(resolved);
  const memo = memoOf(db, list);
  memo.unshift({ filter: keyOf(filter), version, rowids });
  memo.length = Math.min(memo.length, MEMO_SIZE);
  return rowids;
}
