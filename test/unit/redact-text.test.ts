import { describe, expect, it } from 'vitest';
import { createLogger } from '../../main/log/logger';
import { redactText } from '../../main/log/redact-text';

describe('redaction of free text', () => {
  it('removes named secrets in JSON, key=value and prose, bearer tokens, ID numbers and long opaque tokens', () => {
    const line =
      '{"token":"abc123","password":"p@ss word","pin":"88888888","idNumber":"110101199003074512"} password=hunter2 PIN 4321 ' +
      'Authorization: Bearer eyJhbGciOi.x.y 身份证 11010119900307451x old 110101900307451 session dGhpcyBpcyBhIHZlcnkgbG9uZyBzZWNyZXQgdG9rZW4=';
    const out = redactText(line);
    for (const secret of ['abc123', 'p@ss word', '88888888', '110101199003074512', 'hunter2', '4321', 'eyJhbGciOi', '11010119900307451x', '110101900307451', 'dGhpcyBpcyBh']) {
      expect(out, secret).not.toContain(secret);
    }
  });

  it('keeps what support needs: times, channels, print ids, certificate numbers, enterprise codes', () => {
    const line = '2026-12-03T06:40:02.123Z WARN [print] job failed {"printId":"3f2a9c1e-8b7d-4e6f-9a1b-2c3d4e5f6a7b","number":"E19470ZC41091001","enterprise":"91330201MA2H3XK7QE","status":503}';
    expect(redactText(line)).toBe(line);
  });

  it('the logger itself masks ID numbers in text and fields named like one', () => {
    const lines: string[] = [];
    createLogger((l) => lines.push(l)).info('declarant 110101199003074512 saved', { idNumber: 'x', idCard: 'y', note: 'id 11010119900307451X' });
    expect(lines[0]).not.toMatch(/110101199003074512|11010119900307451X|"x"|"y"/);
    expect(lines[0]).toContain('[身份证号已隐去]');
  });
});
