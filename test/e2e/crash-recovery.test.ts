// No action a user took is lost to a crash. The app's process is killed (SIGKILL, no
// shutdown code runs) at the two worst moments of a print, then started again:
//  - after the job was spooled but before the user answered: the question comes back;
//  - after the user answered 是 but before the server's acknowledgement arrived: the
//    answer reaches the server exactly once after the restart.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateDto } from '../../main/net/contract';
import { waitForSpooledJob } from '../support/cups';
import { startE2eWorld, type E2eWorld } from '../support/e2e-world';
import { waitUntil } from '../support/wait';

const PRINTER = 'CrashDuplex';
let world: E2eWorld;
let printable: CertificateDto[];

beforeAll(async () => {
  world = await startE2eWorld({ printerName: PRINTER, seed: 9 });
  printable = world.sandbox.control.listPrintable(2);
  expect(printable).toHaveLength(2);
});

afterAll(async () => {
  await world?.stop();
});

/** Reads the app's own database file, as it is on disk after the kill. */
function outboxRows(): { idempotency_key: string }[] {
  const profiles = join(world.appDataDir, 'profiles');
  const [profile] = readdirSync(profiles);
  const db = new Database(join(profiles, profile!, 'cache.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT idempotency_key FROM outbox').all() as { idempotency_key: string }[];
  } finally {
    db.close();
  }
}

async function signIn() {
  const app = await world.openPage();
  await app.login('demo', 'demo123');
  return app;
}

/** After a crash the user is still signed in: the token was kept, the app takes it up again. */
async function reopenSignedIn() {
  const app = await world.openPage();
  await app.page.getByTestId('enterprise-name').waitFor();
  return app;
}

describe('crash recovery', () => {
  for (const [index, lostBeforeKill] of [
    [0, 'the answer to the request'],
    [1, 'the request itself'],
  ] as const) {
    it(`asks again after a crash before 是, and delivers 是 exactly once when the crash lost ${lostBeforeKill}`, async () => {
      const certificate = printable[index]!;
      let app = await signIn();
      await app.waitForSyncedList();
      await app.findByNumber(certificate.number);
      await app.select(certificate.number);
      await app.print('original', PRINTER);
      await waitForSpooledJob(world.printer!.spoolDir, `${certificate.number} original`, 60_000);
      await app.confirmationShownFor(certificate.number);

      // Crash 1: the dialog was never answered.
      await world.app.crash();
      await world.restartApp();
      app = await reopenSignedIn();
      await app.confirmationShownFor(certificate.number);
      await app.waitForSyncedList(); // so the only requests from here on are the answer's
      const printId = await app.page
        .locator(`[data-testid="print-confirm"][data-certificate-number="${certificate.number}"]`)
        .getAttribute('data-print-id');
      expect(printId).toBeTruthy();

      // Crash 2: the user answered 是, the server's acknowledgement never arrived.
      if (index === 0) world.sandbox.control.setFaults({ dropRate: 1 }); // applied, answer lost
      else world.sandbox.control.setFaults({ errorRate: 1 }); // refused before it was applied
      await app.answer(certificate.number, 'yes');
      await waitUntil('the client has tried to deliver', () => world.sandbox.control.stats().faultsInjected[index === 0 ? 'drop' : 'error'] >= 3);
      await world.app.crash();
      expect(outboxRows().map((row) => row.idempotency_key)).toEqual([`confirm-${printId}`]);
      expect(world.sandbox.control.stats().confirmations[printId!]?.applied ?? 0).toBe(index === 0 ? 1 : 0);

      world.sandbox.control.clearFaults();
      await world.restartApp();
      app = await reopenSignedIn();
      await waitUntil('the server archives the certificate', () => world.sandbox.control.getCertificate(certificate.certificateId)?.archiveStatus === 'archived');
      await waitUntil('the outbox is empty', () => outboxRows().length === 0);
      expect(world.sandbox.control.stats().confirmations[printId!]?.applied).toBe(1);
      expect(world.sandbox.control.getPrint(printId!)).toMatchObject({ answer: 'yes', confirmationsApplied: 1 });
      // The question is not asked a third time.
      await app.page.waitForTimeout(1000);
      expect(await app.page.locator(`[data-testid="print-confirm"][data-certificate-number="${certificate.number}"]:visible`).count()).toBe(0);
      // 退出: the next run starts at the login page.
      await app.logout();
      await world.app.stop();
      await world.restartApp();
    });
  }
});
