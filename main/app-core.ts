// Builds every service of the app from platform adapters. The Electron composition
// root (main/index.ts) passes Electron's adapters; browser mode (main/browser) passes
// Node ones. Everything below this line is the same code in both.

import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventName, Events, UpdateState } from '../preload/contract';
import { AppFailure } from './core/errors';
import { DbClient } from './db/client';
import { createDispatch, type Dispatch, type Handlers } from './ipc/dispatch';
import { refuseForRole } from './ipc/permissions';
import { argSchemas } from './ipc/schemas';
import { ScanChecker } from './images/scan-check-client';
import type { Logger } from './log/logger';
import { ApiClient } from './net/client';
import { createPrintBackend } from './print';
import { AuthorizationService } from './services/authorization/authorization-service';
import { PdfWorker } from './pdf/pdf-worker-client';
import { CalibrationService } from './services/calibration/calibration-service';
import { CalibrationStore } from './services/calibration/calibration-store';
import { ProxyService } from './services/authorization/proxy-service';
import type { CardProvider } from './services/card/card-provider';
import { EportCardProvider } from './services/card/eport-card';
import { SoftCardProvider } from './services/card/soft-card';
import { CertificateService } from './services/certificates/certificate-service';
import { ExceptionService } from './services/exceptions/exception-service';
import { DownloadService } from './services/downloads/download-service';
import { LayoutStore } from './services/certificates/layout-store';
import { ExportService, type SaveDialogFilter } from './services/export/export-service';
import { OutboxService } from './services/outbox/outbox-service';
import { PrintService } from './services/printing/print-service';
import { HelpService } from './services/help/help-service';
import { MarksService } from './services/seals/marks-service';
import type { SecretStore } from './services/session/secret-store';
import { SessionService, type Profile } from './services/session/session-service';
import { CacheService } from './services/settings/cache-service';
import { SettingsService } from './services/settings/settings-service';
import { SettingsStore } from './services/settings/settings-store';
import { SupportExport } from './services/settings/support-export';
import { SyncService } from './services/sync/sync-service';

export interface PlatformAdapters {
  /** Where caches, databases and layouts live (Electron: app.getPath('userData')). */
  dataDir: string;
  /** Pushes an event to the renderer. */
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  /** Asks the user where to save a file and writes it; null when the user cancelled. */
  saveFile(suggestedName: string, bytes: Uint8Array): Promise<string | null>;
  /** The built db-worker script and the execArgv to start it with. */
  dbWorker: { path: string; execArgv?: string[] };
  /** The built scan-worker script (seal and signature checks run there, never in main). */
  scanWorker: { path: string; execArgv?: string[] };
  /** 导出证书: asks the user where to save (the OS save dialog); the absolute path, or null when cancelled. */
  chooseSavePath(suggestedName: string, filter: SaveDialogFilter): Promise<string | null>;
  /** The built export-worker script (the .xlsx is written there, never in main). */
  exportWorker: { path: string; execArgv?: string[] };
  /** The built pdf-worker script (print jobs' PDFs are joined and shifted there, never in main). */
  pdfWorker: { path: string; execArgv?: string[] };
  /** Where the session token rests between runs (Electron: the OS key store). */
  secrets: SecretStore;
  log: Logger;
  /** The main log file, for 设置 → 导出日志 (Electron: main/electron/log-file.ts). */
  logFile: string;
  /** The app's version (Electron: app.getVersion(); browser mode: package.json). */
  appVersion: string;
  /** The self-updater's state (Electron: electron-updater; browser mode: what update-state.json states). Idle without one. */
  updateState?: () => UpdateState | Promise<UpdateState>;
  /** A desktop notification (Electron: Notification); browser mode has none, the renderer uses the web's. */
  notify?: (notice: { title: string; body: string }) => void;
}

/**
 * Which card provider signs: the e-port client control's local signing service
 * (production: ws://127.0.0.1:61232; the sandbox's stand-in in development), or a
 * PKCS#12 soft card file for training without the control.
 */
export type CardConfig = { kind: 'eport'; url: string } | { kind: 'soft'; p12Path: string };

export interface AppConfig {
  /** HTTPS base URL of the server when 设置 has none saved (CO_SERVER_URL; the sandbox in development). */
  serverUrl: string;
  /** Extra CA certificate (PEM file) to trust, for the sandbox; null to trust only the system's. */
  caCertPath: string | null;
  /** The origin the renderer is served from; calls from anywhere else are refused. */
  trustedOrigin: string;
  card: CardConfig;
}

export interface AppCore {
  dispatch: Dispatch;
  /**
   * Announces the start and takes up the session the previous run left (its token is
   * in the secret store). What that run left unfinished (answers to deliver, prints to
   * ask about) is taken up at sign-in, when that enterprise's cache opens, so a
   * restored session takes it up at once.
   */
  start(): Promise<void>;
  dispose(): Promise<void>;
}

/** Builds every service and wires them to the IPC handlers. */
export async function createAppCore(adapters: PlatformAdapters, config: AppConfig): Promise<AppCore> {
  const { log } = adapters;
  const extraCaPem = config.caCertPath ? await readFile(config.caCertPath, 'utf8') : null;
  // 设置: a saved server address wins over the configured default.
  const settingsStore = new SettingsStore({ dataDir: adapters.dataDir, defaultServerUrl: config.serverUrl, log: log.child('settings') });
  await mkdir(adapters.dataDir, { recursive: true });
  await settingsStore.load();
  const api = new ApiClient({ baseUrl: settingsStore.get().serverUrl, extraCaPem, log: log.child('net') });
  const layouts = new LayoutStore(api);
  const spoolDir = join(adapters.dataDir, 'spool');
  await mkdir(spoolDir, { recursive: true });

  // Each server has its own caches: the key follows the server address set in 设置.
  const serverOrigin = () => new URL(settingsStore.get().serverUrl).origin;
  const profileDir = (enterpriseCode: string): string => {
    if (!/^[0-9A-Z]{10}$|^[0-9A-Z]{18}$/.test(enterpriseCode)) throw new Error('unexpected enterprise code');
    const serverKey = createHash('sha256').update(serverOrigin()).digest('hex').slice(0, 12);
    return join(adapters.dataDir, 'profiles', `${serverKey}-${enterpriseCode}`);
  };
  const openProfile = async (enterpriseCode: string): Promise<Profile> => {
    const dir = profileDir(enterpriseCode);
    await mkdir(dir, { recursive: true });
    const db = new DbClient(
      { databasePath: join(dir, 'cache.sqlite'), workerPath: adapters.dbWorker.path, execArgv: adapters.dbWorker.execArgv },
      log.child('db'),
    );
    // Ahead of the renderer's first block (queries/certificates.ts says why); only a cost, never a failure.
    db.call('warmCertificateList').catch((error: unknown) => log.warn('warming the certificate list failed', { reason: String(error) }));
    return { db, layoutsDir: join(dir, 'layouts'), enterpriseCode };
  };

  // Services reach the signed-in user's cache through the session only.
  const profile = (): Profile => session.profile();

  const card: CardProvider = config.card.kind === 'soft' ? new SoftCardProvider(config.card.p12Path) : new EportCardProvider({ url: config.card.url });
  const outbox = new OutboxService({ api, profile, log: log.child('outbox') });
  const proxy = new ProxyService({ api, profile, log: log.child('proxy') });
  const authorization = new AuthorizationService({
    api,
    profile,
    refreshAuthorizations: (signedIn) => proxy.refresh(signedIn),
    log: log.child('authorization'),
  });
  const sync = new SyncService({
    api,
    layouts,
    profile,
    emit: (state) => adapters.emit('sync:state', state),
    refreshAuthorizations: (signedIn, signal) => proxy.refresh(signedIn, signal),
    log: log.child('sync'),
    onNewPrintable: (count) => {
      adapters.emit('sync:newPrintable', { count });
      adapters.notify?.({ title: '原产地证书自助打印', body: `同步到 ${count} 份新的可打印证书,请在证书打印中查看。` });
    },
  });
  const exceptions = new ExceptionService({ api, profile, onRecorded: () => void outbox.flush(), log: log.child('exceptions') });
  const backend = createPrintBackend(process.platform);
  // 打印校准: offsets belong to this workstation's printers, whoever signs in.
  const calibrationStore = new CalibrationStore({ file: join(adapters.dataDir, 'calibration.json'), log: log.child('calibration') });
  const pdf = new PdfWorker({ workerPath: adapters.pdfWorker.path, execArgv: adapters.pdfWorker.execArgv, log: log.child('pdf') });
  const calibration = new CalibrationService({ store: calibrationStore, backend, spoolDir, pdf, log: log.child('calibration') });
  const printing = new PrintService({
    api,
    backend,
    calibration: calibrationStore,
    layouts,
    pdf,
    profile,
    spoolDir,
    emit: (job) => adapters.emit('print:job', job),
    onConfirmed: () => void outbox.flush(),
    exceptions,
    log: log.child('print'),
  });
  const certificates = new CertificateService({ profile, layouts, saveFile: adapters.saveFile });
  const checker = new ScanChecker({ workerPath: adapters.scanWorker.path, execArgv: adapters.scanWorker.execArgv, log: log.child('scan') });
  const marks = new MarksService({
    api,
    checker,
    card,
    log: log.child('marks'),
  });
  const exports = new ExportService({
    profile,
    chooseSavePath: adapters.chooseSavePath,
    worker: adapters.exportWorker,
    journalPath: join(adapters.dataDir, 'export-temp.json'),
    emit: (state) => adapters.emit('export:state', state),
    log: log.child('export'),
  });
  // 证书下载
  const downloads = new DownloadService({
    api,
    profile,
    emit: (state) => adapters.emit('downloads:state', state),
    saveFile: adapters.saveFile,
    log: log.child('downloads'),
  });
  const help = new HelpService({ api, faqFile: join(adapters.dataDir, 'help', 'faq.json'), log: log.child('help') });
  // 常见问题及解答 is refreshed with each sync (PRODUCT: offline copy, refreshed on sync); a failure keeps the copy shown.
  const refreshFaq = () => void help.refreshFaq().catch((error: unknown) => log.info('faq not refreshed', { reason: String(error) }));
  const session: SessionService = new SessionService({
    api,
    card,
    secrets: adapters.secrets,
    serverOrigin,
    openProfile,
    log: log.child('session'),
    onSignedIn: (signedIn) => {
      // What a previous run left unfinished comes first: answers to deliver, prints to ask about.
      void outbox.flush();
      void printing.resume(signedIn).catch((error: unknown) => log.error('resuming prints failed', error));
      void sync
        .settled()
        .then(() => sync.start())
        .catch((error: unknown) => log.warn('sync did not start after sign-in', { reason: String(error) }));
      refreshFaq();
    },
    onSignedOut: (reason) => {
      outbox.stop();
      // The next user must not find the previous one's certificates being written out.
      exports.cancel();
      void sync.reset();
      void downloads.reset();
      exceptions.reset();
      adapters.emit('session:ended', { reason });
    },
  });

  // 设置 and 关于
  const settings = new SettingsService({
    store: settingsStore,
    setBaseUrl: (url) => api.setBaseUrl(url),
    signOut: () => session.leaveServer(),
    log: log.child('settings'),
  });
  const cache = new CacheService({
    profile,
    profileDir,
    reopenProfile: (clear) => session.reopenProfile(clear),
    // Everything that writes into or reads from the profile stops before its files go.
    stopSync: async () => {
      sync.cancel();
      exports.cancel();
      await Promise.all([sync.settled(), exports.settled(), downloads.reset()]);
    },
    log: log.child('cache'),
  });
  const about = async () => ({
    version: adapters.appVersion,
    serverUrl: settings.get().serverUrl,
    cache: session.current() === null ? null : await cache.info().catch(() => null),
  });
  const supportExport = new SupportExport({
    logFile: adapters.logFile,
    saveFile: adapters.saveFile,
    describe: async () => ({
      version: adapters.appVersion,
      server: serverOrigin(),
      platform: `${process.platform} ${process.arch}`,
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      exportedAt: new Date().toISOString(),
    }),
    log: log.child('support'),
  });

  const handlers: Handlers = {
    'session:login': async ({ username, password }) => session.login(username, password),
    'session:cardLogin': async ({ pin }) => session.cardLogin(pin),
    'card:read': async () => session.readCard(),
    'session:logout': async () => {
      await session.logout();
      return null;
    },
    // The page's first question: wait until a session left by the previous run is taken up.
    'session:current': async () => {
      await session.ready();
      return session.current();
    },
    'sync:start': async () => {
      sync.start();
      refreshFaq();
      return null;
    },
    'sync:cancel': async () => {
      sync.cancel();
      return null;
    },
    'sync:state': async () => sync.current(),
    'certificates:search': async (query) => certificates.search(query),
    'certificates:layout': async ({ certificateId, kind }) => certificates.layout(certificateId, kind),
    'certificates:saveCopy': async ({ certificateId }) => certificates.saveCopy(certificateId),
    'certificates:diagnose': async ({ certificateId }) => certificates.diagnose(certificateId),
    'printers:list': async () => printing.listPrinters(),
    'printers:check': async ({ printer }) => printing.checkPrinter(printer),
    'print:start': async (request) => printing.start(request),
    'print:jobs': async () => printing.jobs(),
    'print:confirm': async ({ printId, answer }) => printing.confirm(printId, answer),
    'settings:get': async () => settings.get(),
    'scans:check': async ({ kind, bytes }) => marks.check(kind, bytes),
    'scans:image': async ({ kind, markId }) => marks.image(kind, markId),
    'seals:holders': async () => marks.holders(),
    'seals:list': async () => marks.seals(),
    'seals:create': async (request) => marks.createSeal(request),
    'seals:disable': async ({ sealId }) => marks.disableSeal(sealId),
    'seals:delete': async ({ sealId }) => {
      await marks.delete('seal', sealId);
      return null;
    },
    'signatures:declarants': async () => marks.declarants(),
    'signatures:list': async () => marks.signatures(),
    'signatures:create': async (request) => marks.createSignature(request),
    'signatures:disable': async ({ signatureId }) => marks.disableSignature(signatureId),
    'signatures:delete': async ({ signatureId }) => {
      await marks.delete('signature', signatureId);
      return null;
    },
    'authorization:state': async () => authorization.state(),
    'authorization:setDefault': async ({ kind, markId }) => {
      await authorization.setDefault(kind, markId);
      return null;
    },
    'authorization:submit': async () => authorization.submit(),
    'proxy:grants': async () => proxy.grants(),
    'proxy:lookup': async ({ code }) => proxy.lookup(code),
    'proxy:grant': async ({ agentCode }) => proxy.grant(agentCode),
    'proxy:revoke': async ({ grantId }) => proxy.revoke(grantId),
    'proxy:principals': async () => proxy.principals(),
    // 导出证书
    'export:start': async (query) => exports.start(query),
    'export:cancel': async () => {
      exports.cancel();
      return null;
    },
    'export:state': async () => exports.current(),
    // 打印异常申请
    'exceptions:options': async () => exceptions.options(),
    'exceptions:list': async () => exceptions.list(),
    'exceptions:submit': async (request) => exceptions.submit(request),
    // 打印校准
    'calibration:get': async ({ printer }) => calibration.get(printer),
    'calibration:set': async ({ printer, offset }) => calibration.set(printer, offset),
    'calibration:clear': async ({ printer }) => calibration.clear(printer),
    'calibration:printPage': async ({ printer }) => calibration.printPage(printer),
    // 证书下载
    'downloads:scope': async () => downloads.scope(),
    'downloads:search': async (query) => downloads.search(query),
    'downloads:start': async ({ certificateIds }) => downloads.start(certificateIds),
    'downloads:cancel': async () => {
      downloads.cancel();
      return null;
    },
    'downloads:state': async () => downloads.current(),
    'downloads:open': async ({ certificateId }) => downloads.open(certificateId),
    'downloads:save': async ({ certificateId }) => downloads.save(certificateId),
    // 设置 and 关于
    'settings:setServer': async ({ serverUrl }) => settings.setServer(serverUrl),
    'settings:setPrinter': async ({ printer }) => settings.setPrinter(printer),
    'settings:setLanguage': async ({ language }) => settings.setLanguage(language),
    'settings:cache': async () => cache.info(),
    'settings:clearCache': async () => cache.clear(),
    'settings:exportLogs': async () => supportExport.export(),
    'app:about': about,
    // desktop
    'help:faq': async () => help.faq(),
    'help:refreshFaq': async () => help.refreshFaq(),
    'update:state': async () => (await adapters.updateState?.()) ?? { state: 'idle' },
    'print:cancel': async ({ printIds }) => printing.cancel(printIds),
  };

  const dispatch = createDispatch({
    schemas: argSchemas,
    handlers: endSessionOnExpiry(handlers, () => session.expire()),
    trustedOrigin: config.trustedOrigin,
    authorize: (channel) => refuseForRole(channel, session.current()?.role ?? null),
    log: log.child('ipc'),
  });

  return {
    dispatch,
    async start() {
      log.info('started', { server: serverOrigin(), card: config.card.kind, version: adapters.appVersion });
      await exports.sweepLeftovers().catch((error: unknown) => log.warn('could not sweep interrupted exports', { reason: String(error) }));
      await session.restore();
    },
    async dispose() {
      outbox.stop();
      sync.cancel();
      exports.cancel();
      await sync.settled();
      await exports.settled();
      await printing.idle();
      await pdf.close();
      await downloads.reset();
      await checker.close();
      await session.dispose();
    },
  };
}

/** A call refused for an expired token ends the session everywhere, whichever channel saw it. */
function endSessionOnExpiry(handlers: Handlers, expire: () => Promise<void>): Handlers {
  const wrapped: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const [channel, handler] of Object.entries(handlers) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[channel] = async (...args) => {
      try {
        return await handler(...args);
      } catch (error) {
        if (error instanceof AppFailure && error.code === 'SESSION_EXPIRED') await expire();
        throw error;
      }
    };
  }
  return wrapped as Handlers;
}
