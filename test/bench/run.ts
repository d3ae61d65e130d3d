// `npm run bench`: every benchmark, one after another, printing figures and ratios.
import { benchCacheSearch } from './cache-search';
import { benchExport } from './export';
import { benchCalibrationPage, benchCalibrationShift } from './calibration-shift';
import { benchECertificateSearch } from './e-certificate-search';
import { benchSealCheck } from './seal-check';
import { benchSettings } from './settings';
import { benchSyncNewPrintable } from './sync-new-printable';
import { benchCacheWrite } from './cache-write';
import { benchFirstSync } from './first-sync';

async function main(): Promise<void> {
  await benchCacheSearch();
  await benchSealCheck();
  await benchExport();
  await benchCalibrationShift();
  await benchCalibrationPage();
  await benchECertificateSearch();
  await benchSettings();
  await benchSyncNewPrintable();
  await (await import('./seal-save')).benchSealSave();
  await benchCacheWrite();
  await benchFirstSync();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
