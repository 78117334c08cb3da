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
});
