// `npm run bench`: every benchmark, one after another, printing figures and ratios.
import { benchCacheSearch } from './cache-search';
import { benchSealCheck } from './seal-check';
import { benchSettings } from './settings';

async function main(): Promise<void> {
  await benchCacheSearch();
  await benchSealCheck();
  await benchSettings();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
