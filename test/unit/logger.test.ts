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
});
