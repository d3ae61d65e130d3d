// Pure bookkeeping of print jobs as the renderer sees them: merges the answers of
// 'print:start' / 'print:jobs' / 'print:confirm' with 'print:job' events.
import type { PrintJobState, PrintJobView } from '../../../../preload/contract';

export interface PrintJobsState {
  jobs: ReadonlyMap<string, PrintJobView>;
  /** Bumped whenever a job reaches a state after which certificate statuses may have changed. */
  listVersion: number;
}

export const initialPrintJobsState: PrintJobsState = { jobs: new Map(), listVersion: 0 };

// The order of PrintJobState (see the contract). An answer can arrive after a newer event
// for the same job — e.g. 'print:start' resolving after the 'reserving' event — and must
// not move the job back.
const RANK: Record<PrintJobState['state'], number> = {
  queued: 0,
  reserving: 1,
  spooling: 2,
  printing: 3,
  'awaiting-confirmation': 4,
  confirmed: 5,
  failed: 5,
};

const CHANGES_LIST: ReadonlySet<PrintJobState['state']> = new Set(['printing', 'awaiting-confirmation', 'confirmed', 'failed']);

export function isActive(job: PrintJobView): boolean {
  return job.status.state !== 'confirmed' && job.status.state !== 'failed';
}

export function upsertJobs(state: PrintJobsState, views: readonly PrintJobView[]): PrintJobsState {
  let jobs: Map<string, PrintJobView> | null = null;
  let listChanged = false;
  for (const view of views) {
    const current = (jobs ?? state.jobs).get(view.printId);
    if (current && RANK[current.status.state] > RANK[view.status.state]) continue;
    if (current === view) continue;
    jobs ??= new Map(state.jobs);
    jobs.set(view.printId, view);
    if (current?.status.state !== view.status.state && CHANGES_LIST.has(view.status.state)) listChanged = true;
  }
  if (!jobs) return state;
  return { jobs, listVersion: listChanged ? state.listVersion + 1 : state.listVersion };
}

/** Newest first, for the queue panel. */
export function jobsNewestFirst(state: PrintJobsState): PrintJobView[] {
  return [...state.jobs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Oldest first: the user confirms in the order the certificates came out of the printer. */
export function awaitingConfirmation(state: PrintJobsState): PrintJobView[] {
  return [...state.jobs.values()]
    .filter((job) => job.status.state === 'awaiting-confirmation')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
