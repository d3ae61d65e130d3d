// `npm run bench`: every benchmark, one after another, printing figures and ratios.
import { benchCacheSearch } from './cache-search';
import { benchSealCheck } from './seal-check';
import { benchSyncNewPrintable } from './sync-new-printable';

async function main(): Promise<void> {
  await benchCacheSearch();
  await benchSealCheck();
  await benchSyncNewPrintable();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
