// The report of the local seal and signature check: plain data, so it crosses the
// worker boundary and IPC unchanged, and the CLI prints it as JSON. It IS the IPC
// contract's ScanCheckResult, less the checkId that the seal service adds.

import type { ScanCheckLine, ScanCheckResult } from '../../preload/contract';

export type { InkColor, ScanKind, SealShape } from '../../preload/contract';

/** One line of the check: what was measured, against which limit, and the verdict (labels and reasons in Chinese). */
export interface ScanCheck extends ScanCheckLine {
  id: ScanCheckId;
}

export type ScanCheckId =
  | 'resolution'
  | 'camera'
  | 'lighting'
  | 'perspective'
  | 'software'
  | 'transparency'
  | 'found'
  | 'color'
  | 'edge'
  | 'size'
  | 'shape'
  | 'sharpness'
  | 'contrast';

export interface ScanReport extends Omit<ScanCheckResult, 'checkId' | 'checks'> {
  checks: ScanCheck[];
}

/** The same report with the PNG replaced by its size: what the CLI prints and logs carry. */
export type ScanReportSummary = Omit<ScanReport, 'cleanedPng'> & { cleanedPngBytes: number | null };

export function summarizeReport(report: ScanReport): ScanReportSummary {
  const { cleanedPng, ...rest } = report;
  return { ...rest, cleanedPngBytes: cleanedPng ? cleanedPng.length : null };
}
