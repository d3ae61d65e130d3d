// 打印异常申请 (manual chapter 5). An application goes to the server at once or not
// at all: offline it is refused with a clear message and nothing changes. Queueing it
// would show an application the customs side has not seen, and nothing can be printed
// on it before the server decides anyway. Its id is kept while the same application is
// retried, so an answer lost on the way is settled by the server's idempotency instead
// of meeting "a second open application" on the retry.
//
// The print side: an approved, unused application lets PrintService print one more
// original (allowance); when that print has reached the spooler, its report goes into
// the outbox under its own key (printed), so it is counted exactly once, offline or
// after a crash too.

import { randomUUID } from 'node:crypto';
import type { ExceptionApplicationView, ExceptionOptions, NewExceptionApplication } from '../../../preload/contract';
import { AppFailure } from '../../core/errors';
import type { Logger } from '../../log/logger';
import type { ApiClient } from '../../net/client';
import { exceptionOptionsSchema, type ExceptionOptionsDto } from '../../net/contract';
import { toExceptionView } from '../../db/queries/exceptions';
import type { Profile } from '../session/session-service';

export const EXCEPTION_MESSAGES = {
  ARCHIVED: '已归档的证书不可进行异常申请。',
  NOT_PRINTED: '只有打印状态为"已打印"的证书可进行异常申请。',
  OPEN: '该证书已有异常申请(审核中,或已审核通过尚未打印),不能重复申请;请在异常申请列表查看。',
  UNKNOWN_OPTION: '请选择异常申请原因和操作类型。',
  OFFLINE: '无法连接服务器,异常申请未提交,请联网后重新提交。',
  NO_OPTIONS: '无法连接服务器,且本机尚无异常申请原因和操作类型,请联网后重试。',
} as const;

const OPTIONS_META_KEY = 'exception-options';
const LIST_LIMIT = 10_000;

export interface ExceptionServiceDeps {
  api: ApiClient;
  profile(): Profile;
  /** After an exception print was recorded: deliver the outbox. */
  onRecorded(): void;
  log: Logger;
  now?: () => Date;
}

const isOffline = (error: unknown): boolean => error instanceof AppFailure && error.code === 'OFFLINE';

export class ExceptionService {
  /** The last attempt per certificate, so a retry of the same application keeps its id. */
  private readonly attempts = new Map<string, { applicationId: string; reasonCode: string; operationCode: string }>();

  constructor(private readonly deps: ExceptionServiceDeps) {}

  /** After sign-out: the next user (or server) must not retry under this one's application ids. */
  reset(): void {
    this.attempts.clear();
  }

  async options(): Promise<ExceptionOptions> {
    const profile = this.deps.profile();
    try {
      const options = await this.deps.api.exceptionOptions();
      await profile.db.call('setMeta', OPTIONS_META_KEY, JSON.stringify(options));
      return options;
    } catch (error) {
      if (!isOffline(error)) throw error;
      const cached = await this.cachedOptions(profile);
      if (!cached) throw new AppFailure('OFFLINE', EXCEPTION_MESSAGES.NO_OPTIONS, { cause: error });
      this.deps.log.warn('exception options shown from the cache: the server cannot be reached');
      return cached;
    }
  }

  /** 异常申请列表: fresh from the server when it can be reached, else as last cached. */
  async list(): Promise<ExceptionApplicationView[]> {
    const profile = this.deps.profile();
    await this.refreshQuietly(profile);
    return profile.db.call('listExceptionApplications', LIST_LIMIT);
  }

  async submit(request: NewExceptionApplication): Promise<ExceptionApplicationView> {
    const profile = this.deps.profile();
    const certificate = await profile.db.call('getCertificate', request.certificateId);
    if (!certificate) throw new AppFailure('NOT_FOUND', '未找到该证书,请先同步证书后再试。');
    if (certificate.archiveStatus === 'archived') throw new AppFailure('ARCHIVED', EXCEPTION_MESSAGES.ARCHIVED);
    const printedHere = await profile.db.call('originalAlreadyPrinted', request.certificateId);
    if (certificate.printStatus !== 'printed' && !printedHere) throw new AppFailure('INVALID_ARGUMENT', EXCEPTION_MESSAGES.NOT_PRINTED);
    const options = await this.cachedOptions(profile);
    if (options && (!options.reasons.some((o) => o.code === request.reasonCode) || !options.operations.some((o) => o.code === request.operationCode))) {
      throw new AppFailure('INVALID_ARGUMENT', EXCEPTION_MESSAGES.UNKNOWN_OPTION);
    }
    if (await profile.db.call('openExceptionApplication', request.certificateId)) throw new AppFailure('INVALID_ARGUMENT', EXCEPTION_MESSAGES.OPEN);

    const previous = this.attempts.get(request.certificateId);
    const same = previous && previous.reasonCode === request.reasonCode && previous.operationCode === request.operationCode;
    const applicationId = same ? previous.applicationId : randomUUID();
    this.attempts.set(request.certificateId, { applicationId, reasonCode: request.reasonCode, operationCode: request.operationCode });
    try {
      const dto = await this.deps.api.applyException({ applicationId, ...request });
      this.attempts.delete(request.certificateId);
      await profile.db.call('upsertExceptionApplications', [dto]);
      this.deps.log.info('exception application submitted', { applicationId });
      return toExceptionView(dto);
    } catch (error) {
      if (isOffline(error)) throw new AppFailure('OFFLINE', EXCEPTION_MESSAGES.OFFLINE, { cause: error });
      // A refusal is final for this id; the server's client maps its archive refusal to the print wording.
      this.attempts.delete(request.certificateId);
      if (error instanceof AppFailure && error.code === 'ARCHIVED') throw new AppFailure('ARCHIVED', EXCEPTION_MESSAGES.ARCHIVED);
      throw error;
    }
  }

  /** The approval that allows one more original of this certificate, asked of the server when it can be reached. */
  async allowance(profile: Profile, certificateId: string): Promise<string | null> {
    await this.refreshQuietly(profile);
    return profile.db.call('exceptionAllowance', certificateId);
  }

  /** A print reached the spooler: if it used an approval, its report goes into the outbox. */
  async printed(profile: Profile, printId: string): Promise<void> {
    const recorded = await profile.db.call('recordExceptionPrint', printId, (this.deps.now?.() ?? new Date()).toISOString());
    if (!recorded) return;
    this.deps.log.info('exception print recorded', { printId });
    this.deps.onRecorded();
  }

  private async refreshQuietly(profile: Profile): Promise<void> {
    try {
      await profile.db.call('replaceExceptionApplications', await this.deps.api.exceptionApplications());
    } catch (error) {
      if (!isOffline(error)) throw error;
      this.deps.log.warn('exception applications from the cache: the server cannot be reached');
    }
  }

  private async cachedOptions(profile: Profile): Promise<ExceptionOptionsDto | null> {
    const raw = await profile.db.call('getMeta', OPTIONS_META_KEY);
    if (raw === null) return null;
    try {
      const parsed = exceptionOptionsSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null; // a damaged cache entry is as good as none: the server is asked next time
    }
  }
}
