// 版本说明 is bundled with the renderer: its newest entry must be the version being built,
// with notes in every locale.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RELEASE_NOTES } from '../../renderer/src/features/help/releaseNotes';
import { LOCALES } from '../../renderer/src/i18n';

describe('release notes', () => {
  it('start with the version in package.json, and every version has notes in every locale', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(RELEASE_NOTES[0]?.version).toBe(version);
    for (const note of RELEASE_NOTES) {
      expect(note.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const locale of LOCALES) expect(note.changes[locale].length).toBeGreaterThan(0);
      expect(note.changes['zh-CN'].length).toBe(note.changes['en-US'].length);
    }
  });
});
