// The report of the local seal and signature check: plain data, so it crosses the
// worker boundary and IPC unchanged, and the CLI prints it as JSON. Its fields match
// ScanCheckResult in the IPC contract (less the checkId that the seal service adds).

export type ScanKind = 'seal' | 'signature';
export type SealShape = 'round' | 'oval' | 'rectangular';
export type InkColor = 'red' | 'blue' | 'black';

/** One line of the check: what was measured, against which limit, and the verdict. */
export interface ScanCheck {
  id: ScanCheckId;
  /** Chinese, e.g. "分辨率". */
  label: string;
  /** The measured figure, e.g. "600 dpi", "4.21 cm". */
  figure: string;
  limit: string;
  verdict: 'pass' | 'fail';
  /** Chinese; present when the check failed, and says what to do. */
  reason?: string;
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

export interface ScanReport {
  kind: ScanKind;
  accepted: boolean;
  /** The file's resolution when it is plausible; null when missing or unknown (e.g. 72). */
  dpi: number | null;
  /** Along the mark's own axes: width is the side nearer the horizontal. Null without a resolution. */
  widthCm: number | null;
  heightCm: number | null;
  shape: SealShape | null;
  color: InkColor | null;
  checks: ScanCheck[];
  /** Chinese: the failed checks' reasons, in check order. */
  reasons: string[];
  /** The mark alone on a transparent background at `cleanedDpi` (pHYs set); only when accepted. */
  cleanedPng: Uint8Array | null;
  cleanedDpi: number;
}

/** The same report with the PNG replaced by its size: what the CLI prints and logs carry. */
export type ScanReportSummary = Omit<ScanReport, 'cleanedPng'> & { cleanedPngBytes: number | null };

export function summarizeReport(report: ScanReport): ScanReportSummary {
  const { cleanedPng, ...rest } = report;
  return { ...rest, cleanedPngBytes: cleanedPng ? cleanedPng.length : null };
}
