// Log lines are JSON and never carry a password, PIN, key or token value.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../gateway/logger.ts';

describe('logger', () => {
  it('writes JSON lines with redacted secrets', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'bankgate-log-')), 'x.log');
    const log = createLogger({ level: 'info', file });
    log.info({ user: 'aigerim', password: 'hunter2', pin: '1234', token: 'eyJ.secret', signer: { key: 'PRIVATE', pin: '0000' } }, 'login');
    log.child({ mailbox: 'default' }).warn({ authorization: 'Bearer abc' }, 'request');
    await new Promise((r) => setTimeout(r, 200)); // async destination flushes on its own
    const text = readFileSync(file, 'utf8');
    for (const secret of ['hunter2', '1234', 'eyJ.secret', 'PRIVATE', '0000', 'Bearer abc']) expect(text).not.toContain(secret);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'login', user: 'aigerim', password: '[redacted]', signer: { key: '[redacted]' } });
    expect(lines[1]).toMatchObject({ level: 'warn', mailbox: 'default', authorization: '[redacted]' });
  });
});
