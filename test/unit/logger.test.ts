import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../main/log/logger';

describe('logger', () => {
  it('redacts secrets by key, at any depth, and bearer tokens in text', () => {
    expect(redact({ password: 'p', nested: { token: 't', list: [{ pin: '1234' }] }, note: 'Bearer abc.def' })).toEqual({
      password: '[redacted]',
      nested: { token: '[redacted]', list: [{ pin: '[redacted]' }] },
      note: 'Bearer [redacted]',
    });
  });

  it('writes the module prefix, the fields and an error with its cause', () => {
    const lines: string[] = [];
    const log = createLogger((line) => lines.push(line)).child('sync');
    log.error('failed', new Error('outer', { cause: new Error('inner') }), { authorization: 'Bearer x', page: 3 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ERROR \[sync\] failed \{"authorization":"\[redacted\]","page":3\}/);
    expect(lines[0]).toContain('caused by: Error: inner');
    expect(lines[0]).not.toContain('Bearer x');
  });

  it('redacts secrets written into the text of a message or an error as the support export does', () => {
    const lines: string[] = [];
    const log = createLogger((line) => lines.push(line));
    const token = 'f3A9kQ2zL8mN4pR7sT1vW6xY0bC5dE8g';
    log.warn(`login retried with pin=88888888 password: hunter2 for 110101199003078515`);
    log.error('sync failed', new Error(`server refused token ${token}`));
    const written = lines.join('\n');
    for (const secret of ['88888888', 'hunter2', '110101199003078515', token]) expect(written).not.toContain(secret);
    expect(written).toContain('login retried with pin=[redacted]');
    expect(written).toContain('sync failed');
  });
});
