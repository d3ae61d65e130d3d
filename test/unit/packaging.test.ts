// Packages the built app the way a release does (electron-builder.yml, unchanged) and
// checks what went in. Electron's binary cannot be downloaded here, so a stand-in file
// takes its place: it carries the fuse sentinel so electron-builder can flip the fuses
// in it exactly as in the real binary. Needs `out/` from `electron-vite build`, which
// `npm test` runs first. Takes about 25–60 s (most of it copying node_modules).

import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const ELECTRON_VERSION = '45.3.4';
const BUILT = ['out/main/index.js', 'out/main/db-worker.js', 'out/main/export-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

// @electron/fuses' layout: sentinel, wire version (1), wire length, one byte per fuse.
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSES = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
] as const;
// Electron's own defaults ('1' enabled, '0' disabled), so an unflipped fuse is visible.
const DEFAULT_WIRE = '10110001';

let work: string;
let unpacked: string;
let entries: string[];

function readFuses(binary: string): Record<(typeof FUSES)[number], boolean> {
  const bytes = readFileSync(binary);
  const at = bytes.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error('no fuse sentinel in the packaged binary');
  const wire = bytes.subarray(at + FUSE_SENTINEL.length + 2, at + FUSE_SENTINEL.length + 2 + FUSES.length).toString('latin1');
  return Object.fromEntries(FUSES.map((name, index) => [name, wire[index] === '1'])) as Record<(typeof FUSES)[number], boolean>;
}

beforeAll(async () => {
  const missing = BUILT.filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) throw new Error(`run \`npm run build\` before this test; missing: ${missing.join(', ')}`);

  work = mkdtempSync(join(tmpdir(), 'co-package-'));
  const electronDist = join(work, 'electron-dist');
  mkdirSync(electronDist);
  writeFileSync(
    join(electronDist, 'electron'),
    Buffer.concat([Buffer.from('#!/bin/sh\n# stand-in for the Electron binary\nexit 0\n'), Buffer.from(FUSE_SENTINEL), Buffer.from([1, FUSES.length]), Buffer.from(DEFAULT_WIRE)]),
  );
  chmodSync(join(electronDist, 'electron'), 0o755);
  writeFileSync(join(electronDist, 'version'), ELECTRON_VERSION);

  const output = join(work, 'dist');
  await promisify(execFile)(
    process.execPath,
    [
      join(root, 'node_modules/electron-builder/cli.js'),
      '--dir',
      '--linux',
      '--x64',
      // better-sqlite3 cannot be rebuilt for Electron's ABI on this machine.
      '-c.npmRebuild=false',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
    ],
    { cwd: root, timeout: 170_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
  );
  unpacked = join(output, 'linux-unpacked');
  entries = listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false }).map((entry) => entry.replaceAll('\\', '/'));
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the package', () => {
  it('contains the built main, preload and renderer', () => {
    for (const file of BUILT) expect(entries).toContain(`/${file}`);
    expect(entries).toContain('/package.json');
  });

  it('never contains browser mode', () => {
    expect(entries.filter((entry) => /browser-mode/.test(entry))).toEqual([]);
  });

  it('contains no sources, tests or source maps of the app', () => {
    const appFiles = entries.filter((entry) => !entry.startsWith('/node_modules/'));
    expect(appFiles.filter((entry) => /^\/(main|preload|renderer|test|resources)\//.test(entry))).toEqual([]);
    expect(appFiles.filter((entry) => entry.endsWith('.map') || entry.endsWith('.ts'))).toEqual([]);
  });

  it('contains the runtime dependencies of the main process', () => {
    for (const name of ['better-sqlite3', 'bindings', 'electron-updater', 'builder-util-runtime', 'zod', 'ws']) {
      expect(entries).toContain(`/node_modules/${name}/package.json`);
    }
    expect(entries.some((entry) => entry.startsWith('/node_modules/electron/'))).toBe(false);
  });

  it('keeps native addons outside the archive, where they can be loaded', () => {
    expect(existsSync(join(unpacked, 'resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
  });

  it('has an update feed for electron-updater', () => {
    expect(readFileSync(join(unpacked, 'resources/app-update.yml'), 'utf8')).toMatch(/provider: generic/);
  });

  it('flips the fuses: no run-as-node, NODE_OPTIONS or inspector; app only from asar', () => {
    const binary = join(unpacked, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name as string);
    expect(readFuses(binary)).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
  });
});
