// Vitest global setup: the tests use a real browser and a real print spooler. If a
// system package is missing the whole run fails here, naming what to install —
// never a quiet skip.

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const REQUIRED: { command: string; debianPackage: string }[] = [
  { command: 'chromium', debianPackage: 'chromium' },
  { command: 'cupsd', debianPackage: 'cups' },
  { command: 'lp', debianPackage: 'cups-client' },
  { command: 'lpstat', debianPackage: 'cups-client' },
  { command: 'lpadmin', debianPackage: 'cups-client' },
  { command: 'ippeveprinter', debianPackage: 'cups-ipp-utils' },
  { command: 'ipptool', debianPackage: 'cups-ipp-utils' },
  { command: 'avahi-daemon', debianPackage: 'avahi-daemon' },
  { command: 'dbus-daemon', debianPackage: 'dbus' },
  { command: 'pdfinfo', debianPackage: 'poppler-utils' },
];

const SEARCH_PATH = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/sbin'];

function found(command: string): boolean {
  return SEARCH_PATH.some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export default function checkSystemRequirements(): void {
  const missing = REQUIRED.filter((requirement) => !found(requirement.command));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((requirement) => requirement.debianPackage))].join(' ');
  throw new Error(
    `The tests need system packages that are missing (${missing.map((requirement) => requirement.command).join(', ')}).\n` +
      `Install them with: apt-get install -y ${packages}\n(see README.md, "Tests").`,
  );
}
