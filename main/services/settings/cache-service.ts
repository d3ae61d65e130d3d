// The signed-in profile's cache (one per server and enterprise): where it is, how much it
// takes on disk, and 清除缓存. Clearing never costs a user's action: it is refused while
// the outbox holds anything unsent or a print waits for its 是/否, and says how many.

import { lstat, readdir, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { CacheInfo } from '../../../preload/contract';
import type { CacheCounts } from '../../db/queries/cache';
import { AppFailure } from '../../core/errors';
import type { Logger } from '../../log/logger';
import type { Profile } from '../session/session-service';

export interface CacheServiceDeps {
  /** The signed-in user's cache; throws NOT_SIGNED_IN otherwise. */
  profile(): Profile;
  /** The folder the profile lives in (app-core `openProfile`). */
  profileDir(enterpriseCode: string): string;
  /** Closes the cache, lets `clear` delete it, opens it afresh and re-syncs. */
  reopenProfile(clear: (profile: Profile) => Promise<void>): Promise<Profile>;
  /** Stops a running sync and waits for it: it writes into the database being deleted. */
  stopSync(): Promise<void>;
  log: Logger;
}

const DATABASE_FILE = /^cache\.sqlite(-wal|-shm|-journal)?$/;

export class CacheService {
  constructor(private readonly deps: CacheServiceDeps) {}

  async info(): Promise<CacheInfo> {
    const profile = this.deps.profile();
    const location = this.deps.profileDir(profile.enterpriseCode);
    const [counts, sizes] = await Promise.all([profile.db.call('cacheCounts'), measure(location, profile.layoutsDir)]);
    return { location, ...sizes, ...counts };
  }

  async clear(): Promise<CacheInfo> {
    // Refused before anything is stopped: a refused clear must not cost the sync, export or
    // downloads that were running. Checked again once they stopped: an action may have been
    // queued meanwhile.
    await this.refuseWhileUnsent();
    await this.deps.stopSync();
    const profile = this.deps.profile();
    const counts = await this.refuseWhileUnsent();
    const location = this.deps.profileDir(profile.enterpriseCode);
    // Nothing awaits between the check and the reopen's first step, which hides the
    // profile from every other service: no print or answer can slip in between.
    await this.deps.reopenProfile(async () => {
      try {
        await rm(location, { recursive: true, force: true, maxRetries: 3 });
      } catch (error) {
        // Windows keeps a file another program has open (a virus scanner, a PDF viewer).
        this.deps.log.error('clearing the cache failed', error);
        throw new AppFailure('INTERNAL', '缓存未能全部删除,请关闭正在使用这些文件的程序(如 PDF 阅读器)后重试。');
      }
      this.deps.log.info('cache cleared', { certificates: counts.certificates });
    });
    return this.info();
  }

  private async refuseWhileUnsent(): Promise<CacheCounts> {
    const counts = await this.deps.profile().db.call('cacheCounts');
    if (counts.unsentActions > 0) {
      throw new AppFailure(
        'OUTBOX_PENDING',
        `还有 ${counts.unsentActions} 项操作尚未发送到服务器(如打印结果确认),缓存未清除。请在联网状态下等待发送完成后再清除缓存。`,
      );
    }
    if (counts.unfinishedPrints > 0) {
      throw new AppFailure('OUTBOX_PENDING', `还有 ${counts.unfinishedPrints} 份证书正在打印或等待确认打印结果,缓存未清除。请先完成打印结果确认。`);
    }
    return counts;
  }
}

/** Sizes on disk by kind; a file that vanishes while counted (a layout being replaced) counts nothing. */
export async function measure(dir: string, layoutsDir: string): Promise<Pick<CacheInfo, 'databaseBytes' | 'layoutsBytes' | 'otherBytes' | 'totalBytes'>> {
  let databaseBytes = 0;
  let layoutsBytes = 0;
  let otherBytes = 0;
  const walk = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    // Stat in batches: a big agent's layouts folder holds a hundred thousand files.
    for (let i = 0; i < entries.length; i += 64) {
      await Promise.all(
        entries.slice(i, i + 64).map(async (entry) => {
          const path = join(folder, entry.name);
          if (entry.isDirectory()) return walk(path);
          if (!entry.isFile()) return;
          const size = await lstat(path).then((stats) => stats.size, () => 0);
          if (isInside(layoutsDir, path)) layoutsBytes += size;
          else if (folder === dir && DATABASE_FILE.test(entry.name)) databaseBytes += size;
          else otherBytes += size;
        }),
      );
    }
  };
  await walk(dir);
  return { databaseBytes, layoutsBytes, otherBytes, totalBytes: databaseBytes + layoutsBytes + otherBytes };
}

function isInside(parent: string, path: string): boolean {
  const rel = relative(parent, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}
