// `npm run bench`: every benchmark, one after another, printing figures and ratios.
import { benchCacheSearch } from './cache-search';
import { benchECertificateSearch } from './e-certificate-search';
import { benchSealCheck } from './seal-check';

async function main(): Promise<void> {
  await benchCacheSearch();
  await benchSealCheck();
  await benchECertificateSearch();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
