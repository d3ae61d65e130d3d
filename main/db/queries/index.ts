// Every query the database worker can run, by name. The main thread calls them
// through DbClient with the same names and types.

import * as cache from './cache';
import * as certificates from './certificates';
import * as eCertificates from './e-certificates';
import * as enterprises from './enterprises';
import * as exceptions from './exceptions';
import * as layouts from './layouts';
import * as meta from './meta';
import * as outbox from './outbox';
import * as prints from './prints';
import * as sync from './sync';

export const queries = {
  searchCertificates: certificates.searchCertificates,
  warmCertificateList: certificates.warmCertificateList,
  getCertificate: certificates.getCertificate,
  upsertCertificates: certificates.upsertCertificates,
  certificatesMissingLayouts: certificates.certificatesMissingLayouts,
  certificateSelfPrint: certificates.certificateSelfPrint,
  diagnoseCertificate: certificates.diagnoseCertificate,
  replaceEnterprises: enterprises.replaceEnterprises,
  cachedPrincipals: enterprises.cachedPrincipals,
  cachedSelfPrintSince: enterprises.cachedSelfPrintSince,
  getSyncCursor: sync.getSyncCursor,
  applyChangesPage: sync.applyChangesPage,
  getLastSyncSuccess: sync.getLastSyncSuccess,
  setLastSyncSuccess: sync.setLastSyncSuccess,
  recordLayout: layouts.recordLayout,
  getLayout: layouts.getLayout,
  getMeta: meta.getMeta,
  setMeta: meta.setMeta,
  pendingOutbox: outbox.pendingOutbox,
  removeOutbox: outbox.removeOutbox,
  noteOutboxFailure: outbox.noteOutboxFailure,
  countOutbox: outbox.countOutbox,
  insertPrint: prints.insertPrint,
  setPrintState: prints.setPrintState,
  getPrint: prints.getPrint,
  recentPrints: prints.recentPrints,
  unfinishedPrints: prints.unfinishedPrints,
  originalAlreadyPrinted: prints.originalAlreadyPrinted,
  unresolvedRegistration: prints.unresolvedRegistration,
  recordConfirmation: prints.recordConfirmation,
  // 打印异常申请
  upsertExceptionApplications: exceptions.upsertExceptionApplications,
  replaceExceptionApplications: exceptions.replaceExceptionApplications,
  listExceptionApplications: exceptions.listExceptionApplications,
  exceptionAllowance: exceptions.exceptionAllowance,
  openExceptionApplication: exceptions.openExceptionApplication,
  setPrintException: exceptions.setPrintException,
  recordExceptionPrint: exceptions.recordExceptionPrint,
  // 证书下载
  searchECertificates: eCertificates.searchECertificates,
  getECertificate: eCertificates.getECertificate,
  recordECertificate: eCertificates.recordECertificate,
  markECertificateDamaged: eCertificates.markECertificateDamaged,
  // 设置 and 关于
  cacheCounts: cache.cacheCounts,
  // desktop
  cancelQueuedPrints: prints.cancelQueuedPrints,
  claimQueuedPrint: prints.claimQueuedPrint,
} as const;

export type Queries = typeof queries;
export type QueryName = keyof Queries;
type DropDb<F> = F extends (db: never, ...args: infer A) => unknown ? A : never;
export type QueryArgs<N extends QueryName> = DropDb<Queries[N]>;
export type QueryResult<N extends QueryName> = ReturnType<Queries[N]>;
