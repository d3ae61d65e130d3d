// THE IPC contract between the renderer and the main process. It is read by three
// consumers — main/ipc (zod schemas that `satisfies` these types), preload/index.ts
// (the exposed object `satisfies Api`) and the renderer (lib/api.ts) — so a drift
// between them is a compile error. No dependencies: plain types and constants only.

// ---------------------------------------------------------------------------
// Results and errors

/** Stable error codes; the renderer maps each to a Chinese message through i18n. */
export const ERROR_CODES = [
  'INVALID_ARGUMENT', // the renderer sent arguments that do not parse
  'FORBIDDEN_SENDER', // the call did not come from the app's own main frame
  'NOT_SIGNED_IN',
  'SESSION_EXPIRED',
  'BAD_CREDENTIALS',
  'OFFLINE', // the server could not be reached in time
  'SERVER_ERROR', // the server answered with an error or with something unparsable
  'NOT_FOUND',
  'ARCHIVED', // 已归档的证书不可打印
  'ORIGINAL_ALREADY_PRINTED', // 正本只能打印一次
  'LAYOUT_NOT_READY', // 版式状态不是接收成功
  'LAYOUT_CORRUPT', // the downloaded layout's hash did not match
  'PRINTER_UNSUITABLE', // not A4 / colour / two-sided
  'PRINTER_NOT_FOUND',
  'PRINT_FAILED', // the spooler refused or lost the job
  'FORBIDDEN', // the signed-in role may not do this (e.g. seals need the legal-person card)
  'SCAN_INVALID', // the file is not an image the checker can read
  'SCAN_REFUSED', // the scan failed the local check; the reasons are in the report
  'CHECK_EXPIRED', // the checked image is no longer held; check the file again
  'WRONG_PIN',
  'CARD_LOCKED', // too many wrong PINs: the card must be unlocked where it was issued
  'CARD_UNAVAILABLE', // no card, or the e-port client control is not running
  'NOT_SELF_PRINTABLE', // approved before the authorization, never authorized, or no proxy grant
  'BUSY', // the same long operation is already running
  'CANCELLED',
  'INTERNAL',
  'EXPORT_FAILED', // 导出证书: the workbook could not be written where the user chose
  'OUTBOX_PENDING', // the cache still holds actions the server has not received (设置 → 清除缓存)
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  /** Chinese, for the user; never contains secrets or personal data beyond what the user typed. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

// ---------------------------------------------------------------------------
// Domain values shared with the UI (labels live in renderer i18n)

export type Role = 'legal-person' | 'operator' | 'password';
/** 版式状态: 海关端生成 → 发送中 → 接收成功 */
export type LayoutStatus = 'generated' | 'sending' | 'received';
/** 归档状态: 未归档 / 已归档 */
export type ArchiveStatus = 'unarchived' | 'archived';
/** 打印状态: 待打印 / 已打印 */
export type PrintStatus = 'pending' | 'printed';
/** 打印正副本 / 打印正本 / 打印副本 */
export type PrintKind = 'both' | 'original' | 'copy';
export type LayoutKind = 'original' | 'copy';

export interface SessionInfo {
  userName: string;
  role: Role;
  enterpriseCode: string;
  enterpriseName: string;
  expiresAt: string;
}

/** What the inserted e-port card (or soft card) tells before its PIN is entered. */
export interface CardInfo {
  cardId: string;
  /** The card certificate's holder; null when the card does not say without its PIN. */
  holderName: string | null;
  /** YYYY-MM-DD; null when unknown. */
  validTo: string | null;
}

/**
 * Whether a certificate may be self-printed as far as the authorizations go (PRODUCT §3):
 *   ok                              its approval receipt is later than the applicant's authorization receipt
 *   approved-before-authorization   approved at or before it: customs must return and re-approve it
 *   not-authorized                  the applicant has no authorization in force (印章签名授权)
 *   proxy-not-granted               a principal's certificate without (or after revoking) 代理打印授权
 *   unknown                         the authorizations have not been synced yet; the server decides
 */
export type SelfPrintStatus = 'ok' | 'approved-before-authorization' | 'not-authorized' | 'proxy-not-granted' | 'unknown';
/** The statuses that refuse a self-print ('unknown' is no verdict: the server decides). */
export type SelfPrintRefusal = Exclude<SelfPrintStatus, 'ok' | 'unknown'>;

export function refusesSelfPrint(status: SelfPrintStatus): status is SelfPrintRefusal {
  return status !== 'ok' && status !== 'unknown';
}

export interface CertificateRow {
  certificateId: string;
  number: string;
  type: string;
  applicant: string;
  destinationCountry: string;
  issueDate: string;
  layoutStatus: LayoutStatus;
  archiveStatus: ArchiveStatus;
  printStatus: PrintStatus;
  exceptionPrintCount: number;
  selfPrint: SelfPrintStatus;
}

/** 关键字 shorter than this is refused: one character would match most of the cache. */
export const KEYWORD_MIN_LENGTH = 2;
export const KEYWORD_MAX_LENGTH = 100;

export interface CertificateQuery {
  number?: string; // prefix of the certificate number, case-insensitive
  type?: string;
  applicant?: string; // substring of the applicant's name
  /** 关键字: number prefix, or substring of applicant, consignee or a goods description; at least KEYWORD_MIN_LENGTH characters. */
  keyword?: string;
  issueDateFrom?: string; // YYYY-MM-DD, inclusive
  issueDateTo?: string; // YYYY-MM-DD, inclusive
  destinationCountry?: string;
  layoutStatus?: LayoutStatus;
  archiveStatus?: ArchiveStatus;
  printStatus?: PrintStatus;
  offset: number;
  limit: number;
}

export interface CertificatePage {
  total: number;
  offset: number;
  rows: CertificateRow[];
}

export interface LayoutDocument {
  certificateId: string;
  kind: LayoutKind;
  fileName: string;
  pdf: Uint8Array;
}

export interface PrinterInfo {
  name: string;
  isDefault: boolean;
}

/** What a printer can do, and whether that is enough for an original. */
export interface PrinterCheck {
  name: string;
  a4: boolean;
  color: boolean;
  duplex: boolean;
  /** Chinese reasons why an original cannot go to this printer; empty when suitable. */
  problems: string[];
}

export interface PrintRequest {
  certificateIds: string[];
  kind: PrintKind;
  printer: string;
}

/**
 * A print job's life, as the user sees it. Transitions:
 *   queued → reserving → spooling → printing → awaiting-confirmation → confirmed | failed
 *   queued | reserving | spooling | printing → failed (with error)
 *   queued → failed (CANCELLED): the user cancelled it before it was sent to the server or the spooler
 */
export type PrintJobState =
  | { state: 'queued' }
  | { state: 'reserving' }
  | { state: 'spooling' }
  | { state: 'printing'; spoolerJobId: string }
  | { state: 'awaiting-confirmation'; spoolerOutcome: SpoolerOutcome }
  | { state: 'confirmed'; answer: 'yes' | 'no' }
  | { state: 'failed'; error: AppError };

export type SpoolerOutcome = 'completed' | 'aborted' | 'canceled' | 'unknown';

export interface PrintJobView {
  printId: string;
  certificateId: string;
  certificateNumber: string;
  /** The principal (委托企业) an agent prints for; null for the enterprise's own certificate. */
  onBehalfOf: string | null;
  kind: PrintKind;
  printer: string;
  createdAt: string;
  status: PrintJobState;
}

/**
 * Sync as a long-lived status. Transitions:
 *   idle → running → idle (lastSuccessAt set) | failed → running …
 *   running → cancelled (user) → running …
 */
export type SyncState =
  | { state: 'idle'; lastSuccessAt: string | null }
  | { state: 'running'; received: number; layoutsDownloaded: number }
  | { state: 'failed'; error: AppError; lastSuccessAt: string | null }
  | { state: 'cancelled'; lastSuccessAt: string | null };

// ---------------------------------------------------------------------------
// 印章管理: seals (印章制作) and declarant signatures (签名制作)

/**
 * What each role may do; main enforces it per channel, the renderer hides the rest.
 * print: print, apply for exceptions, download; manage-seals: 印章制作 and 签名制作;
 * authorize: 印章签名授权 and 代理打印授权. The last two need the legal-person card.
 */
export type Permission = 'print' | 'manage-seals' | 'authorize';

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  'legal-person': ['print', 'manage-seals', 'authorize'],
  operator: ['print'],
  password: ['print'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export type ScanKind = 'seal' | 'signature';
export type SealShape = 'round' | 'oval' | 'rectangular';
export type InkColor = 'red' | 'blue' | 'black';

/** One line of the local scan check: what was measured, the limit, the verdict. */
export interface ScanCheckLine {
  id: string;
  label: string;
  figure: string;
  limit: string;
  verdict: 'pass' | 'fail';
  reason?: string;
}

export interface ScanCheckResult {
  /** Refers to the checked, cleaned image kept in main; a save uploads exactly that. */
  checkId: string | null;
  kind: ScanKind;
  accepted: boolean;
  dpi: number | null;
  widthCm: number | null;
  heightCm: number | null;
  shape: SealShape | null;
  color: InkColor | null;
  checks: ScanCheckLine[];
  reasons: string[];
  /** The cleaned image (transparent PNG) and its resolution, to show at true size. */
  cleanedPng: Uint8Array | null;
  cleanedDpi: number;
}

/** 印章操作员: the legal person or an operator bound to the card, with the card certificate's validity. */
export interface CardHolder {
  operatorId: string;
  name: string;
  role: 'legal-person' | 'operator';
  certificateValidFrom: string;
  certificateValidTo: string;
}

/** 申报员 registered with an ID card. */
export interface Declarant {
  declarantId: string;
  name: string;
  idNumberMasked: string;
}

export type MarkStatus = 'active' | 'disabled';

export interface SealView {
  sealId: string;
  name: string;
  operatorId: string;
  operatorName: string;
  validFrom: string;
  validTo: string;
  status: MarkStatus;
  shape: SealShape;
  color: InkColor;
  widthMm: number;
  heightMm: number;
  /** 默认印章: the one 授权 authorizes. */
  isDefault: boolean;
  createdAt: string;
}

export interface SignatureView {
  signatureId: string;
  name: string;
  declarantId: string;
  declarantName: string;
  status: MarkStatus;
  widthMm: number;
  heightMm: number;
  /** 默认签名: the one 授权 authorizes. */
  isDefault: boolean;
  createdAt: string;
}

export interface NewSeal {
  checkId: string;
  name: string;
  operatorId: string;
  validFrom: string;
  validTo: string;
  /** The card PIN: used once to sign the save, never stored or logged. */
  pin: string;
}

export interface NewSignature {
  checkId: string;
  name: string;
  declarantId: string;
  pin: string;
}

// ---------------------------------------------------------------------------
// 授权管理: 印章签名授权 (authorization of the default seal and signature), 代理打印授权

/** 回执 status: 处理中 / 接收成功 / 失败 */
export type ReceiptStatus = 'pending' | 'received' | 'failed';

export interface Receipt {
  status: ReceiptStatus;
  /** The customs side's words. */
  message: string;
  at: string | null;
}

export interface AuthorizationView {
  authorizationId: string;
  submittedAt: string;
  sealName: string;
  signatureName: string;
  sealReceipt: Receipt;
  signatureReceipt: Receipt;
  /** When 授权结果 may be opened: 120 s after 授权 was pressed, on this workstation's clock. */
  resultAvailableAt: string;
}

export interface AuthorizationState {
  latest: AuthorizationView | null;
  /** The receipt time from which certificates can be self-printed; null: no authorization in force yet. */
  selfPrintSince: string | null;
}

export interface EnterpriseView {
  code: string;
  customsCode: string | null;
  name: string;
}

/** 代理打印授权: one agent this enterprise granted proxy printing. */
export interface ProxyGrantView {
  grantId: string;
  agent: EnterpriseView;
  grantedAt: string;
  revokedAt: string | null;
}

/** 委托企业列表: one principal that granted this enterprise proxy printing. */
export interface PrincipalView {
  enterprise: EnterpriseView;
  grantedAt: string;
  revokedAt: string | null;
  selfPrintSince: string | null;
}

/** 查看解决办法: why a certificate cannot be printed now; the renderer says what to do for each. */
export type CertificateProblem =
  | 'archived'
  | 'layout-not-ready'
  | 'original-printed'
  | 'approved-before-authorization'
  | 'not-authorized'
  | 'proxy-not-granted';

export interface CertificateDiagnosis {
  certificateId: string;
  number: string;
  applicant: string;
  /** The certificate's last approval receipt. */
  approvedAt: string;
  /** The applicant's self-print authorization receipt, when known. */
  selfPrintSince: string | null;
  /** Empty: nothing stops printing it (except that an original prints once). */
  problems: CertificateProblem[];
}

// ---------------------------------------------------------------------------
// 导出证书: the current query result as an Excel workbook

/** What 导出证书 exports: the query area's conditions, all matching rows (no page). */
export type CertificateExportQuery = Omit<CertificateQuery, 'offset' | 'limit'>;

/**
 * An export as a long-lived status. Transitions:
 *   idle | done | failed | cancelled ──start──▶ running ──▶ done | failed | cancelled (user)
 * The file appears at `path` only in 'done'; every other end leaves nothing behind.
 */
export type ExportState =
  | { state: 'idle' }
  | { state: 'running'; exportId: string; fileName: string; written: number; total: number }
  | { state: 'done'; exportId: string; path: string; rows: number }
  | { state: 'failed'; exportId: string; error: AppError }
  | { state: 'cancelled'; exportId: string };
// 打印异常申请: after a failed print of an original, an application for one more

/** A reason (异常申请原因) or operation type (操作类型), as the server lists them. */
export interface ExceptionOption {
  code: string;
  label: string;
}

export interface ExceptionOptions {
  reasons: ExceptionOption[];
  operations: ExceptionOption[];
}

/** 审核中 / 审核通过 / 审核不通过 */
export type ExceptionStatus = 'pending' | 'approved' | 'rejected';

export interface ExceptionApplicationView {
  applicationId: string;
  certificateId: string;
  certificateNumber: string;
  reason: string;
  operation: string;
  status: ExceptionStatus;
  /** The customs side's words on the decision; empty while pending. */
  reviewMessage: string;
  submittedAt: string;
  decidedAt: string | null;
  /** An approved application allows one original; true once a print used it. */
  printUsed: boolean;
  /** True once the exception print reached the server and was counted. */
  printCounted: boolean;
}

export interface NewExceptionApplication {
  certificateId: string;
  reasonCode: string;
  operationCode: string;
}

export interface AppSettings {
  serverUrl: string;
  defaultPrinter: string | null;
  /** The server the installation starts with when none is saved (CO_SERVER_URL in development). */
  defaultServerUrl: string;
  language: Language;
}

// ---------------------------------------------------------------------------
// 设置 (workstation settings, the signed-in profile's cache) and 关于

export type Language = 'zh-CN' | 'en-US';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en-US'];

/** The signed-in server + enterprise profile's cache, as 设置 and 关于 show it. */
export interface CacheInfo {
  /** The profile's folder on this workstation. */
  location: string;
  databaseBytes: number;
  layoutsBytes: number;
  /** Everything else in the folder (temporary files of the database and downloads). */
  otherBytes: number;
  totalBytes: number;
  certificates: number;
  lastSyncAt: string | null;
  /** Actions (print confirmations) the server has not received yet: they block clearing the cache. */
  unsentActions: number;
  /** Prints still in flight or waiting for the user's 是/否: they block clearing the cache too. */
  unfinishedPrints: number;
}

export interface AboutInfo {
  version: string;
  serverUrl: string;
  /** null when nobody is signed in. */
  cache: CacheInfo | null;
}

// ---------------------------------------------------------------------------
// 打印校准: a per-printer offset applied to every job on that printer

/**
 * How far a printer's jobs are moved on the paper, in millimetres: positive x moves the
 * print right, positive y moves it down, as the user measures on the sheet.
 */
export interface PrinterOffset {
  xMm: number;
  yMm: number;
}

export interface PrinterCalibration {
  printer: string;
  /** null: not calibrated, jobs go to the printer unchanged. */
  offset: PrinterOffset | null;
  updatedAt: string | null;
}

/** Each offset lies within ±10 mm, in 0.1 mm steps. */
export const CALIBRATION_LIMIT_MM = 10;
export const CALIBRATION_STEP_MM = 0.1;
/** Where the calibration page's crosshair is drawn, from the sheet's left and top edges (mm). */
export const CALIBRATION_CROSSHAIR_MM: Readonly<PrinterOffset> = { xMm: 60, yMm: 80 };

// 证书下载: the electronic version (电子版) of RCEP and RCEP back-to-back certificates

/** Which destinations have an e-version, as the server last said (cached for offline use). */
export interface DownloadScope {
  destinations: string[];
  /** When the server set this scope (its announcement). */
  updatedAt: string | null;
  /** When this workstation last heard it from the server; null: never. */
  fetchedAt: string | null;
  /** True when the server could not be reached and the cached scope is shown. */
  offline: boolean;
}

/** none: not downloaded; downloaded: kept in the cache; damaged: the cached file failed its hash check. */
export type DownloadStatus = 'none' | 'downloaded' | 'damaged';

export interface DownloadRow {
  certificateId: string;
  number: string;
  type: string;
  applicant: string;
  destinationCountry: string;
  issueDate: string;
  download: DownloadStatus;
  downloadedAt: string | null;
}

export interface DownloadQuery {
  number?: string; // prefix, case-insensitive
  type?: 'RC' | 'BR';
  destinationCountry?: string;
  issueDateFrom?: string;
  issueDateTo?: string;
  offset: number;
  limit: number;
}

export interface DownloadPage {
  total: number;
  offset: number;
  rows: DownloadRow[];
}

export interface DownloadFailure {
  certificateId: string;
  number: string;
  message: string;
}

/**
 * Downloading the selected e-versions, as one batch. Transitions:
 *   idle → running → finished (done, failures, cancelled?) → running …
 */
export type DownloadState =
  | { state: 'idle' }
  | { state: 'running'; total: number; done: number; failed: number; current: string | null; receivedBytes: number }
  | { state: 'finished'; total: number; done: number; failures: DownloadFailure[]; cancelled: boolean };

export interface ECertificateDocument {
  certificateId: string;
  fileName: string;
  pdf: Uint8Array;
}

// ---------------------------------------------------------------------------
// 常见问题及解答 and 版本说明 (the manual's chapters 7 and 8)

export interface FaqItem {
  question: string;
  /** Plain text; paragraphs separated by blank lines. Never rendered as HTML. */
  answer: string;
}

export interface FaqSection {
  title: string;
  items: FaqItem[];
}

export interface FaqDocument {
  /** Grows with every edition the server publishes; a refresh keeps only a newer one. */
  version: number;
  publishedAt: string;
  sections: FaqSection[];
}

/** The FAQ as shown: the built-in copy until a first refresh, then the last one downloaded. */
export interface FaqView {
  document: FaqDocument;
  source: 'built-in' | 'downloaded';
  /** When this copy was downloaded; null for the built-in one. */
  downloadedAt: string | null;
}

export interface FaqRefresh {
  view: FaqView;
  /** False when the server had nothing newer than the copy already shown. */
  changed: boolean;
}

/**
 * The self-updater's life, pushed as 'update:state'. Transitions:
 *   idle → checking → idle (nothing newer)
 *                   → available → downloading → downloaded (installed on quit)
 *   checking | available | downloading → error → checking (next check) …
 * The new version's notes travel with every state after 'available', so 版本说明 can
 * show them while it downloads and until the app restarts.
 */
export type UpdateState =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'available'; version: string; notes: string }
  | { state: 'downloading'; version: string; notes: string; percent: number }
  | { state: 'downloaded'; version: string; notes: string }
  | { state: 'error'; message: string };

// ---------------------------------------------------------------------------
// Channels: renderer → main (invoke) and main → renderer (events)

export interface Invoke {
  'session:login': { args: [{ username: string; password: string }]; result: SessionInfo };
  /** 卡介质登录: the PIN goes to the card (its signing service) once and is never kept. */
  'session:cardLogin': { args: [{ pin: string }]; result: SessionInfo };
  'card:read': { args: []; result: CardInfo };
  'session:logout': { args: []; result: null };
  'session:current': { args: []; result: SessionInfo | null };
  'sync:start': { args: []; result: null };
  'sync:cancel': { args: []; result: null };
  'sync:state': { args: []; result: SyncState };
  'certificates:search': { args: [CertificateQuery]; result: CertificatePage };
  'certificates:layout': { args: [{ certificateId: string; kind: LayoutKind }]; result: LayoutDocument };
  'certificates:saveCopy': { args: [{ certificateId: string }]; result: { savedTo: string } | null };
  'certificates:diagnose': { args: [{ certificateId: string }]; result: CertificateDiagnosis };
  'printers:list': { args: []; result: PrinterInfo[] };
  'printers:check': { args: [{ printer: string }]; result: PrinterCheck };
  'print:start': { args: [PrintRequest]; result: PrintJobView[] };
  'print:jobs': { args: []; result: PrintJobView[] };
  'print:confirm': { args: [{ printId: string; answer: 'yes' | 'no' }]; result: PrintJobView };
  'settings:get': { args: []; result: AppSettings };
  'scans:check': { args: [{ kind: ScanKind; fileName: string; bytes: Uint8Array }]; result: ScanCheckResult };
  'scans:image': { args: [{ kind: ScanKind; markId: string }]; result: { png: Uint8Array; dpi: number } };
  'seals:holders': { args: []; result: CardHolder[] };
  'seals:list': { args: []; result: SealView[] };
  'seals:create': { args: [NewSeal]; result: SealView };
  'seals:disable': { args: [{ sealId: string }]; result: SealView };
  'seals:delete': { args: [{ sealId: string }]; result: null };
  'signatures:declarants': { args: []; result: Declarant[] };
  'signatures:list': { args: []; result: SignatureView[] };
  'signatures:create': { args: [NewSignature]; result: SignatureView };
  'signatures:disable': { args: [{ signatureId: string }]; result: SignatureView };
  'signatures:delete': { args: [{ signatureId: string }]; result: null };
  'authorization:state': { args: []; result: AuthorizationState };
  'authorization:setDefault': { args: [{ kind: ScanKind; markId: string }]; result: null };
  'authorization:submit': { args: []; result: AuthorizationView };
  'proxy:grants': { args: []; result: ProxyGrantView[] };
  /** Checks the code (credit-code check character included) and finds the enterprise. */
  'proxy:lookup': { args: [{ code: string }]; result: EnterpriseView };
  'proxy:grant': { args: [{ agentCode: string }]; result: ProxyGrantView };
  'proxy:revoke': { args: [{ grantId: string }]; result: ProxyGrantView };
  /** 委托企业列表: from the server, or from the cache when offline. */
  'proxy:principals': { args: []; result: PrincipalView[] };
  // 导出证书
  /** Asks where to save (the OS save dialog), then exports in the background; null when the user cancelled the dialog. */
  'export:start': { args: [CertificateExportQuery]; result: { exportId: string; path: string } | null };
  'export:cancel': { args: []; result: null };
  'export:state': { args: []; result: ExportState };
  // 打印异常申请
  /** The reasons and operation types: from the server, or as last cached when offline. */
  'exceptions:options': { args: []; result: ExceptionOptions };
  /** 异常申请列表: from the server, or from the cache when offline. */
  'exceptions:list': { args: []; result: ExceptionApplicationView[] };
  /** Needs the server: offline it is refused and nothing changes. */
  'exceptions:submit': { args: [NewExceptionApplication]; result: ExceptionApplicationView };
  // 打印校准
  'calibration:get': { args: [{ printer: string }]; result: PrinterCalibration };
  'calibration:set': { args: [{ printer: string; offset: PrinterOffset }]; result: PrinterCalibration };
  'calibration:clear': { args: [{ printer: string }]; result: PrinterCalibration };
  /** Spools the calibration page (with the printer's current offset applied); resolves with the spooler's job id. */
  'calibration:printPage': { args: [{ printer: string }]; result: { spoolerJobId: string } };
  // 证书下载
  /** From the server, or the cached scope when offline. */
  'downloads:scope': { args: []; result: DownloadScope };
  'downloads:search': { args: [DownloadQuery]; result: DownloadPage };
  /** Starts downloading the selected e-versions; progress comes as 'downloads:state' events. */
  'downloads:start': { args: [{ certificateIds: string[] }]; result: DownloadState };
  'downloads:cancel': { args: []; result: null };
  'downloads:state': { args: []; result: DownloadState };
  /** The cached e-version, checked against its recorded hash; works offline. */
  'downloads:open': { args: [{ certificateId: string }]; result: ECertificateDocument };
  'downloads:save': { args: [{ certificateId: string }]; result: { savedTo: string } | null };
  // 设置 and 关于
  /** Signs out and opens the cache of the new server when the origin changes. */
  'settings:setServer': { args: [{ serverUrl: string }]; result: AppSettings };
  'settings:setPrinter': { args: [{ printer: string | null }]; result: AppSettings };
  'settings:setLanguage': { args: [{ language: Language }]; result: AppSettings };
  'settings:cache': { args: []; result: CacheInfo };
  /** Refused (OUTBOX_PENDING) while the cache holds unsent actions or unanswered prints. */
  'settings:clearCache': { args: []; result: CacheInfo };
  /** The redacted logs, zipped, through the save dialog; null when the user cancelled. */
  'settings:exportLogs': { args: []; result: { savedTo: string } | null };
  'app:about': { args: []; result: AboutInfo };
  // 常见问题及解答, 版本说明 (desktop) -------------------------------------------
  /** The FAQ as cached (or built in); never reaches the server. */
  'help:faq': { args: []; result: FaqView };
  /** 下载最新的常见问题及解答: refused content and an unreachable server leave the shown copy as it is. */
  'help:refreshFaq': { args: []; result: FaqRefresh };
  'update:state': { args: []; result: UpdateState };
  /** 取消 in the print queue: cancels those jobs still queued; answers every job asked about, as it is now. */
  'print:cancel': { args: [{ printIds: string[] }]; result: PrintJobView[] };
}

export type Channel = keyof Invoke;

export interface Events {
  'sync:state': SyncState;
  'print:job': PrintJobView;
  'session:ended': { reason: 'logout' | 'expired' };
  'export:state': ExportState;
  // 证书下载
  'downloads:state': DownloadState;
  'update:state': UpdateState;
  /** A sync brought certificates that can be printed now and could not before (or were not cached). */
  'sync:newPrintable': { count: number };
}

export type EventName = keyof Events;

/** What the preload exposes as `window.api`: one named call per channel, and `on`. */
export type Api = {
  [C in Channel]: (...args: Invoke[C]['args']) => Promise<Result<Invoke[C]['result']>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};

// Listing every name as a key makes a missing or extra channel a compile error.
const CHANNEL_SET = {
  'session:login': true,
  'session:cardLogin': true,
  'card:read': true,
  'session:logout': true,
  'session:current': true,
  'sync:start': true,
  'sync:cancel': true,
  'sync:state': true,
  'certificates:search': true,
  'certificates:layout': true,
  'certificates:saveCopy': true,
  'certificates:diagnose': true,
  'printers:list': true,
  'printers:check': true,
  'print:start': true,
  'print:jobs': true,
  'print:confirm': true,
  'settings:get': true,
  'scans:check': true,
  'scans:image': true,
  'seals:holders': true,
  'seals:list': true,
  'seals:create': true,
  'seals:disable': true,
  'seals:delete': true,
  'signatures:declarants': true,
  'signatures:list': true,
  'signatures:create': true,
  'signatures:disable': true,
  'signatures:delete': true,
  'authorization:state': true,
  'authorization:setDefault': true,
  'authorization:submit': true,
  'proxy:grants': true,
  'proxy:lookup': true,
  'proxy:grant': true,
  'proxy:revoke': true,
  'proxy:principals': true,
  // 导出证书
  'export:start': true,
  'export:cancel': true,
  'export:state': true,
  // 打印异常申请
  'exceptions:options': true,
  'exceptions:list': true,
  'exceptions:submit': true,
  // 打印校准
  'calibration:get': true,
  'calibration:set': true,
  'calibration:clear': true,
  'calibration:printPage': true,
  // 证书下载
  'downloads:scope': true,
  'downloads:search': true,
  'downloads:start': true,
  'downloads:cancel': true,
  'downloads:state': true,
  'downloads:open': true,
  'downloads:save': true,
  // 设置 and 关于
  'settings:setServer': true,
  'settings:setPrinter': true,
  'settings:setLanguage': true,
  'settings:cache': true,
  'settings:clearCache': true,
  'settings:exportLogs': true,
  'app:about': true,
  // desktop
  'help:faq': true,
  'help:refreshFaq': true,
  'update:state': true,
  'print:cancel': true,
} as const satisfies Record<Channel, true>;
export const CHANNELS = Object.keys(CHANNEL_SET) as Channel[];

const EVENT_SET = {
  'sync:state': true,
  'print:job': true,
  'session:ended': true,
  'export:state': true,
  'downloads:state': true,
  'update:state': true,
  'sync:newPrintable': true,
} as const satisfies Record<EventName, true>;
export const EVENT_NAMES = Object.keys(EVENT_SET) as EventName[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(CHANNEL_SET, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(EVENT_SET, value);
}

/** The IPC channel names on the wire: one for invokes, one for events. */
export const IPC_INVOKE = 'app:invoke';
export const IPC_EVENT = 'app:event';
