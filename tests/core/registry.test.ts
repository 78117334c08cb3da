// The plugin registry refuses a bad plugin set at start (all problems at once) and runs detect first-non-null.
import { describe, expect, it } from 'vitest';
import { createFormatRegistry } from '../../gateway/core/registry.ts';
import { defineFormat, type FormatPlugin } from '../../gateway/core/plugin.ts';
import { GatewayError } from '../../gateway/core/errors.ts';
import { testLinesFormat } from '../fixtures/format-test-lines.ts';

const plugin = (name: string, formats: string[], detect: FormatPlugin['detect'] = () => null) =>
  defineFormat({ name, formats, detect, async *parse() {} });

describe('format registry', () => {
  it('reports every problem of the set at once, with a code', () => {
    try {
      createFormatRegistry([plugin('format-a', ['x.one']), plugin('format-a', ['x.two']), plugin('Bad Name', []), plugin('format-c', ['x.one', 'Not Dotted'])]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GatewayError);
      const problems = (e as GatewayError).details!.problems as string[];
      expect((e as GatewayError).code).toBe('PLG_DUPLICATE');
      expect(problems).toEqual([
        'format-a: duplicate plugin name',
        "Bad Name: name must look like 'format-<name>'",
        'Bad Name: formats must list at least one format id',
        "format-c: format 'x.one' is already provided by format-a",
        "format-c: format id 'Not Dotted' must be dotted lowercase, e.g. '1c.kz'",
      ]);
    }
  });

  it('asks plugins in order; first non-null wins; a throwing or lying detect is skipped and reported', () => {
    const seen: string[] = [];
    const thrower = plugin('format-throws', ['t.one'], () => {
      throw new Error('boom');
    });
    const liar = plugin('format-liar', ['l.one'], () => 'other.format');
    const yes = plugin('format-yes', ['y.one'], () => 'y.one');
    const later = plugin('format-later', ['z.one'], () => 'z.one');
    const reg = createFormatRegistry([thrower, liar, yes, later]);
    const r = reg.detect({ name: 'f', head: new Uint8Array(), size: 0 }, (p) => seen.push(p));
    expect(r?.plugin.name).toBe('format-yes');
    expect(r?.format).toBe('y.one');
    expect(seen).toEqual(['format-throws', 'format-liar']);
    expect(reg.byFormat('z.one')).toBe(later);
  });

  it('accepts the shipped and test formats together', () => {
    expect(createFormatRegistry([testLinesFormat]).formats).toHaveLength(1);
  });

  it('checks what plugins read and write: contents, readers and writers, one writer per format', () => {
    const write = async function* () {};
    const reader = defineFormat({
      name: 'format-r',
      formats: ['r.stmt', 'r.status', 'r.docs'],
      detect: () => null,
      async *parse() {},
      contents: { 'r.stmt': 'statements', 'r.status': 'status-reports', 'r.ghost': 'statements' },
      writers: [
        { format: 'r.stmt', writes: 'statements', extension: 'xml', write },
        { format: 'r.other', writes: 'documents', extension: 'X!', write },
      ],
    });
    const twice = defineFormat({ name: 'format-w', formats: ['w.one'], detect: () => null, async *parse() {}, writers: [{ format: 'w.one', writes: 'documents', extension: 'txt', write }, { format: 'w.one', writes: 'documents', extension: 'txt', write }] });
    try {
      createFormatRegistry([reader, twice]);
      expect.unreachable();
    } catch (e) {
      expect((e as GatewayError).details!.problems).toEqual([
        "format-r: 'r.stmt' carries statements, so readStatements must be a function",
        "format-r: 'r.status' carries status reports, so readStatusReports must be a function",
        "format-r: contents names 'r.ghost', which it does not declare",
        "format-r: 'r.ghost' carries statements, so readStatements must be a function",
        "format-r writer 'r.other': the plugin does not declare that format",
        "format-r writer 'r.other': extension must be lowercase letters and digits, e.g. 'xml'",
        "format-w writer 'w.one': that format is already written by format-w",
      ]);
    }
    const ok = defineFormat({ ...reader, contents: { 'r.stmt': 'statements' }, readStatements: async function* () {}, writers: [{ format: 'r.stmt', writes: 'statements', extension: 'xml', write }] });
    const reg = createFormatRegistry([ok]);
    expect([reg.contentOf('r.stmt'), reg.contentOf('r.docs'), reg.writer('r.stmt')?.extension, reg.writer('r.docs')]).toEqual(['statements', 'documents', 'xml', undefined]);
  });
});
