// 证书下载 below the UI: the DownloadService against the real sandbox over HTTPS, with a
// real cache (database worker) and real files in the profile. Faults come from the
// sandbox's switches; offline is a sandbox that drops everything, then one that is stopped.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadState } from '../../preload/contract';
import { DOWNLOAD_MESSAGES } from '../../main/core/download-messages';
import { silentLogger } from '../../main/log/logger';
import type { ApiClient } from '../../main/net/client';
import { eCertificatePaths, type CertificateDto } from '../../main/net/contract';
import { DownloadService, eCertificatesDir } from '../../main/services/downloads/download-service';
import type { Profile } from '../../main/services/session/session-service';
import { DEFAULT_E_CERTIFICATE_DESTINATIONS, E_CERTIFICATE_REFUSALS, startSandbox, type Sandbox } from '../sandbox/server';
import { ApiClient as SandboxHttp } from '../sandbox/test-client';
import { openTestProfile, removeTestProfiles, testApi } from '../support/app-services';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

let sandbox: Sandbox;
let dir: string;
let api: ApiClient;
let profile: Profile;
let service: DownloadService;
let http: SandboxHttp;
const states: DownloadState[] = [];
let japan: CertificateDto;
let korea: CertificateDto;
let singapore: CertificateDto;
let vietnam: CertificateDto;
let formE: CertificateDto;
let newZealand: CertificateDto;

/** The bytes the sandbox serves for a certificate, fetched beside the service. */
async function served(certificate: CertificateDto): Promise<Buffer> {
  const result = await http.raw(eCertificatePaths.file(certificate.certificateId));
  expect(result.status).toBe(200);
  return result.body;
}

async function download(ids: string[]): Promise<Extract<DownloadState, { state: 'finished' }>> {
  service.start(ids);
  await service.settled();
  const state = service.current();
  if (state.state !== 'finished') throw new Error(`not finished: ${state.state}`);
  return state;
}

const filesIn = (): string[] => (existsSync(eCertificatesDir(profile)) ? readdirSync(eCertificatesDir(profile)).sort() : []);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'co-downloads-'));
  sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), seed: 31, certificateCount: 40, tickIntervalMs: 0 });
  api = testApi(sandbox.url, sandbox.caCertPem, { deadlineMs: 10_000 });
  api.setToken((await api.login({ username: 'demo', password: 'demo123' })).token);
  http = new SandboxHttp(sandbox.url, sandbox.caCertPem);
  await http.login('demo', 'demo123');
  [japan, korea, singapore, vietnam, formE, newZealand] = sandbox.control.insertCertificates([
    { type: 'RC', content: { destinationCountry: '日本', destinationEn: 'JAPAN' } },
    { type: 'BR', content: { destinationCountry: '韩国', destinationEn: 'KOREA' } },
    { type: 'RC', content: { destinationCountry: '新加坡', destinationEn: 'SINGAPORE' } },
    { type: 'RC', content: { destinationCountry: '越南', destinationEn: 'VIET NAM' } },
    { type: 'E', content: { destinationCountry: '新加坡', destinationEn: 'SINGAPORE' } },
    { type: 'RC', content: { destinationCountry: '新西兰', destinationEn: 'NEW ZEALAND' } },
  ]) as [CertificateDto, CertificateDto, CertificateDto, CertificateDto, CertificateDto, CertificateDto];
  profile = openTestProfile();
  await profile.db.call('upsertCertificates', [japan, korea, singapore, vietnam, formE, newZealand]);
  const saveDir = join(dir, 'saved');
  service = new DownloadService({
    api,
    profile: () => profile,
    emit: (state) => states.push(state),
    // The OS save dialog's adapter, answered as if the user chose this folder.
    saveFile: async (name, bytes) => {
      mkdirSync(saveDir, { recursive: true });
      const target = join(saveDir, basename(name));
      writeFileSync(target, bytes);
      return target;
    },
    log: silentLogger,
  });
});

afterAll(async () => {
  await service?.reset();
  await profile?.db.close();
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
  removeTestProfiles();
});

describe('DownloadService', () => {
  it('takes the allowed destinations from the server and keeps them for offline use', async () => {
    expect(await service.search({ offset: 0, limit: 50 })).toEqual({ total: 0, offset: 0, rows: [] });
    const scope = await service.scope();
    expect(scope).toMatchObject({ destinations: [...DEFAULT_E_CERTIFICATE_DESTINATIONS], offline: false });
    expect(scope.fetchedAt).not.toBeNull();

    sandbox.control.setECertificateDestinations(['日本', '越南']);
    expect((await service.scope()).destinations).toEqual(['日本', '越南']);
    const narrowed = await service.search({ offset: 0, limit: 50 });
    expect(narrowed.rows.map((row) => row.number).sort()).toEqual([japan.number, vietnam.number].sort());

    sandbox.control.setECertificateDestinations(DEFAULT_E_CERTIFICATE_DESTINATIONS);
    await service.scope();
    sandbox.control.setFaults({ dropRate: 1 });
    try {
      const offline = await service.scope();
      expect(offline).toMatchObject({ destinations: [...DEFAULT_E_CERTIFICATE_DESTINATIONS], offline: true, fetchedAt: scope.fetchedAt === null ? null : expect.any(String) });
    } finally {
      sandbox.control.clearFaults();
    }
  });

  it('lists the cached RC and BR certificates of the allowed destinations, each with its download state', async () => {
    const page = await service.search({ offset: 0, limit: 50 });
    expect(page.rows.map((row) => row.certificateId).sort()).toEqual([japan, korea, singapore, newZealand].map((c) => c.certificateId).sort());
    expect(page.rows.every((row) => row.download === 'none')).toBe(true);
    expect((await service.search({ offset: 0, limit: 50, type: 'BR' })).rows.map((row) => row.number)).toEqual([korea.number]);
  });

  it('downloads several selected e-versions with progress, verified and kept in the profile', async () => {
    states.length = 0;
    const finished = await download([japan.certificateId, korea.certificateId]);
    expect(finished).toEqual({ state: 'finished', total: 2, done: 2, failures: [], cancelled: false });
    expect(states.filter((state) => state.state === 'running').map((state) => state.state === 'running' && state.current)).toEqual(
      expect.arrayContaining([japan.number, korea.number]),
    );
    expect(states.at(-1)).toEqual(finished);
    for (const certificate of [japan, korea]) {
      const record = await profile.db.call('getECertificate', certificate.certificateId);
      const bytes = await served(certificate);
      expect(record).toMatchObject({ sha256: sha256(bytes), size: bytes.length, damaged: false });
      expect(readFileSync(join(eCertificatesDir(profile), record!.fileName)).equals(bytes)).toBe(true);
    }
    expect(filesIn().some((name) => name.endsWith('.tmp'))).toBe(false);
    const rows = (await service.search({ offset: 0, limit: 50 })).rows;
    expect(rows.find((row) => row.certificateId === japan.certificateId)?.download).toBe('downloaded');
    expect(rows.find((row) => row.certificateId === singapore.certificateId)?.download).toBe('none');
  });

  it('opens a kept e-version offline, and saves it where the user chooses', async () => {
    const online = await service.open(japan.certificateId);
    expect(online.fileName).toBe(`${japan.number}-电子版.pdf`);
    sandbox.control.setFaults({ dropRate: 1 });
    const before = sandbox.control.stats().requests;
    try {
      const offline = await service.open(japan.certificateId);
      expect(Buffer.from(offline.pdf).equals(Buffer.from(online.pdf))).toBe(true);
      const saved = await service.save(japan.certificateId);
      expect(saved?.savedTo).toMatch(/电子版\.pdf$/);
      expect(sha256(readFileSync(saved!.savedTo))).toBe(sha256(online.pdf));
    } finally {
      sandbox.control.clearFaults();
    }
    expect(sandbox.control.stats().requests).toBe(before);
  });

  it('a truncated or dropped response leaves the earlier good file in place', async () => {
    const record = await profile.db.call('getECertificate', japan.certificateId);
    const good = readFileSync(join(eCertificatesDir(profile), record!.fileName));
    const filesBefore = filesIn();
    for (const faults of [{ truncateRate: 1 }, { dropRate: 1 }]) {
      sandbox.control.setFaults(faults);
      try {
        const finished = await download([japan.certificateId]);
        expect(finished.done).toBe(0);
        expect(finished.failures).toEqual([{ certificateId: japan.certificateId, number: japan.number, message: expect.stringContaining('无法连接服务器') }]);
      } finally {
        sandbox.control.clearFaults();
      }
      expect(await profile.db.call('getECertificate', japan.certificateId)).toEqual(record);
      expect(readFileSync(join(eCertificatesDir(profile), record!.fileName)).equals(good)).toBe(true);
      expect(filesIn()).toEqual(filesBefore);
    }
    expect(Buffer.from((await service.open(japan.certificateId)).pdf).equals(good)).toBe(true);
  });

  it('refuses a file whose bytes do not match the server’s hash, keeping the good one, and writes nothing for a new one', async () => {
    const record = await profile.db.call('getECertificate', korea.certificateId);
    const filesBefore = filesIn();
    sandbox.control.setECertificateFaults({ corruptNext: 2 });
    const finished = await download([korea.certificateId, singapore.certificateId]);
    sandbox.control.setECertificateFaults({ corruptNext: 0 });
    expect(finished.done).toBe(0);
    expect(finished.failures.map((failure) => failure.message)).toEqual([DOWNLOAD_MESSAGES.CORRUPT, DOWNLOAD_MESSAGES.CORRUPT]);
    expect(await profile.db.call('getECertificate', korea.certificateId)).toEqual(record);
    expect(await profile.db.call('getECertificate', singapore.certificateId)).toBeNull();
    expect(filesIn()).toEqual(filesBefore);
    await expect(service.open(singapore.certificateId)).rejects.toMatchObject({ code: 'NOT_FOUND', message: DOWNLOAD_MESSAGES.MISSING });
  });

  it('detects a kept file that was changed or removed, says so, and a new download repairs it', async () => {
    const record = await profile.db.call('getECertificate', korea.certificateId);
    const path = join(eCertificatesDir(profile), record!.fileName);
    const bytes = readFileSync(path);
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    writeFileSync(path, bytes);
    await expect(service.open(korea.certificateId)).rejects.toMatchObject({ code: 'LAYOUT_CORRUPT', message: DOWNLOAD_MESSAGES.DAMAGED });
    await expect(service.save(korea.certificateId)).rejects.toMatchObject({ code: 'LAYOUT_CORRUPT' });
    const rows = (await service.search({ offset: 0, limit: 50 })).rows;
    expect(rows.find((row) => row.certificateId === korea.certificateId)?.download).toBe('damaged');

    expect((await download([korea.certificateId])).done).toBe(1);
    expect(sha256((await service.open(korea.certificateId)).pdf)).toBe(record!.sha256);
    expect((await service.search({ offset: 0, limit: 50, type: 'BR' })).rows[0]?.download).toBe('downloaded');

    rmSync(path);
    await expect(service.open(korea.certificateId)).rejects.toMatchObject({ code: 'LAYOUT_CORRUPT', message: DOWNLOAD_MESSAGES.DAMAGED });
    expect((await download([korea.certificateId])).done).toBe(1);
  });

  it('reports the server’s refusal for a destination outside the announcement, and refuses other types itself', async () => {
    const finished = await download([vietnam.certificateId, formE.certificateId, 'not_cached']);
    expect(finished.done).toBe(0);
    expect(finished.failures).toEqual([
      { certificateId: vietnam.certificateId, number: vietnam.number, message: E_CERTIFICATE_REFUSALS.destination('越南') },
      { certificateId: formE.certificateId, number: formE.number, message: DOWNLOAD_MESSAGES.NOT_ELIGIBLE },
      { certificateId: 'not_cached', number: 'not_cached', message: DOWNLOAD_MESSAGES.NOT_CACHED },
    ]);
  });

  it('cancel stops the batch and leaves nothing behind; a second batch meanwhile is refused', async () => {
    const filesBefore = filesIn();
    sandbox.control.setFaults({ latencyMs: 1500 });
    try {
      service.start([singapore.certificateId, newZealand.certificateId]);
      expect(() => service.start([japan.certificateId])).toThrow(expect.objectContaining({ code: 'BUSY' }));
      await new Promise((done) => setTimeout(done, 200));
      service.cancel();
      await service.settled();
    } finally {
      sandbox.control.clearFaults();
    }
    expect(service.current()).toMatchObject({ state: 'finished', total: 2, done: 0, failures: [], cancelled: true });
    expect(await profile.db.call('getECertificate', singapore.certificateId)).toBeNull();
    expect(await profile.db.call('getECertificate', newZealand.certificateId)).toBeNull();
    expect(filesIn()).toEqual(filesBefore);
  });

  it('works from the cache when the server is gone: list, open and save', async () => {
    await sandbox.stop();
    const scope = await service.scope();
    expect(scope).toMatchObject({ offline: true, destinations: [...DEFAULT_E_CERTIFICATE_DESTINATIONS] });
    const rows = (await service.search({ offset: 0, limit: 50 })).rows;
    expect(rows.find((row) => row.certificateId === japan.certificateId)?.download).toBe('downloaded');
    expect(sha256((await service.open(japan.certificateId)).pdf)).toBe((await profile.db.call('getECertificate', japan.certificateId))!.sha256);
    const failed = await download([singapore.certificateId]);
    expect(failed.failures[0]?.message).toContain('无法连接服务器');
  });
});
