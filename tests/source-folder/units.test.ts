// Small pure pieces: config defaults/validation, ignore patterns, processing names, folder layout.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { folderSourceDefaults, resolveFolderConfig } from '../../plugins/source-folder/config.ts';
import { compileIgnore } from '../../plugins/source-folder/ignore.ts';
import { folderLayout, parseProcessingName, processingName, suffixedName } from '../../plugins/source-folder/layout.ts';
import { folderSource } from '../../plugins/source-folder/index.ts';
import { newId } from '../../gateway/core/id.ts';

describe('source-folder units', () => {
  it('defaults keep detection + stability under ~250 ms', () => {
    const d = folderSourceDefaults();
    expect(d.stableMs + d.pollIntervalMs).toBeLessThanOrEqual(250);
    expect(d.ignore).toEqual(['*.tmp', '~*', '.*', '*.part', '*.filepart', '*.done']);
    expect(d.maxBytes).toBe(50 * 1024 * 1024);
    expect(folderSource.name).toBe('source-folder');
  });

  it('resolves defaults and rejects nonsense with CFG_INVALID', () => {
    const c = resolveFolderConfig({ mailbox: 'm', root: '/x', stableMs: undefined, maxBytes: 10 });
    expect(c.stableMs).toBe(150);
    expect(c.maxBytes).toBe(10);
    expect(() => resolveFolderConfig({ mailbox: '', root: '/x' })).toThrow(expect.objectContaining({ code: 'CFG_INVALID' }));
    expect(() => resolveFolderConfig({ mailbox: 'm', root: '/x', maxDeliveryAttempts: 0 })).toThrow(/maxDeliveryAttempts/);
    expect(() => resolveFolderConfig({ mailbox: 'm', root: '/x', stableMs: -1 })).toThrow(/stableMs/);
  });

  it('ignore patterns match whole basenames, case-insensitively', () => {
    const ig = compileIgnore(folderSourceDefaults().ignore);
    for (const n of ['a.tmp', 'A.TMP', '~$doc.txt', '.x', 'f.part', 'f.filepart', 'f.txt.done']) expect(ig(n), n).toBe(true);
    for (const n of ['pay.txt', 'tmp.txt', 'a.tmp.txt', 'x~', 'part']) expect(ig(n), n).toBe(false);
    expect(compileIgnore(['pay?.txt'])('pay1.txt')).toBe(true);
    expect(compileIgnore(['a+b(1).txt'])('a+b(1).txt')).toBe(true);
    expect(compileIgnore([])('anything')).toBe(false);
  });

  it('processing names round-trip, including names containing "__"', () => {
    const id = newId();
    expect(parseProcessingName(processingName(id, 'a__b.txt'))).toEqual({ claimId: id, name: 'a__b.txt' });
    expect(parseProcessingName('plain.txt')).toBeNull();
    expect(parseProcessingName('short__x.txt')).toBeNull();
  });

  it('layout and clash names', () => {
    const l = folderLayout('/mb');
    expect(l.processing).toBe(path.resolve('/mb/in/.processing'));
    expect(suffixedName('pay.txt', 'ID')).toBe('pay.ID.txt');
    expect(suffixedName('noext', 'ID')).toBe('noext.ID');
    expect(suffixedName('a.tar.gz', 'ID')).toBe('a.tar.ID.gz');
  });
});
