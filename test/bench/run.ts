// `npm run bench`: every benchmark, one after another, printing figures and ratios.
import { benchCacheSearch } from './cache-search';

async function main(): Promise<void> {
  await benchCacheSearch();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
