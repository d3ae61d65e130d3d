// `npm run bench`: every benchmark, one after another, printing figures and ratios.
import { benchCacheSearch } from './cache-search';
import { benchExport } from './export';
import { benchCalibrationPage, benchCalibrationShift } from './calibration-shift';
import { benchECertificateSearch } from './e-certificate-search';
import { benchSealCheck } from './seal-check';
import { benchSettings } from './settings';

async function main(): Promise<void> {
  await benchCacheSearch();
  await benchSealCheck();
  await benchExport();
  await benchCalibrationShift();
  await benchCalibrationPage();
  await benchECertificateSearch();
  await benchSettings();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
