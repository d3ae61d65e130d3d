// Vitest global setup: the tests use a real browser and a real print spooler. If a
// system package is missing the whole run fails here, naming what to install —
// never a quiet skip.

import { spawnSync } from 'node:child_process';
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

/** Debian's own Python: a pyenv or venv python3 earlier on PATH does not see the Debian modules. */
const DEBIAN_PYTHON = '/usr/bin/python3';

/** Python modules the tests import: openpyxl reads exported workbooks (a reader that is not exceljs). */
const REQUIRED_PYTHON_MODULES: { module: string; debianPackage: string }[] = [{ module: 'openpyxl', debianPackage: 'python3-openpyxl' }];

function pythonHas(module: string): boolean {
  return spawnSync(DEBIAN_PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
}

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
  const missing: { name: string; debianPackage: string }[] = REQUIRED.filter((requirement) => !found(requirement.command)).map(
    (requirement) => ({ name: requirement.command, debianPackage: requirement.debianPackage }),
  );
  let pythonRuns = true;
  try {
    accessSync(DEBIAN_PYTHON, constants.X_OK);
  } catch {
    pythonRuns = false;
    missing.push({ name: DEBIAN_PYTHON, debianPackage: 'python3' });
  }
  if (pythonRuns) {
    for (const requirement of REQUIRED_PYTHON_MODULES) {
      if (!pythonHas(requirement.module)) missing.push({ name: `python3 module ${requirement.module}`, debianPackage: requirement.debianPackage });
    }
  }
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((requirement) => requirement.debianPackage))].join(' ');
  throw new Error(
    `The tests need system packages that are missing (${missing.map((requirement) => requirement.name).join(', ')}).\n` +
      `Install them with: apt-get install -y ${packages}\n(see README.md, "Tests").`,
  );
}
