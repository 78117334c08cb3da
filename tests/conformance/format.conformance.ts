// Format plugin conformance: what every FormatPlugin must do, whatever its format (run per plugin).
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { ERROR_CODES } from '../../gateway/core/error-codes.ts';
import { silentLogger } from '../../gateway/core/logger.ts';
import { isDocumentKind } from '../../gateway/core/model/document.ts';
import type { FormatPlugin, InboundFile, ParseItem, PluginContext } from '../../gateway/core/plugin.ts';
import { GatewayError } from '../../gateway/core/errors.ts';
import { seededRandom } from '../fixtures/seeded-random.ts';

export interface FormatSample {
  name: string;
  bytes: Uint8Array;
  /** Whether the sample is a clean file (documents, no errors) or a broken one (at least one error issue). */
  expect: 'documents' | 'errors';
}

export interface FormatConformanceOptions {
  plugin: FormatPlugin;
  /** Samples of the plugin's own format. At least one clean. */
  samples: FormatSample[];
  /** Files of other formats that detect must refuse. */
  foreign: { name: string; bytes: Uint8Array }[];
}

export function inbound(name: string, bytes: Uint8Array, chunk = 4096): InboundFile {
  return {
    name,
    mailbox: 'test',
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    head: bytes.subarray(0, 64 * 1024),
    async *open() {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
    },
  };
}

const ctx: PluginContext = {
  logger: silentLogger,
  signal: new AbortController().signal,
  fail(code, message) {
    throw new GatewayError(code, message);
  },
};

export async function collect(plugin: FormatPlugin, file: InboundFile, format: string): Promise<ParseItem[]> {
  const out: ParseItem[] = [];
  for await (const item of plugin.parse(file, format, ctx)) out.push(item);
  return out;
}

/** Stable text of parse output (bigints as strings) to compare runs. */
const snapshot = (items: ParseItem[]) => JSON.stringify(items, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));

function checkItems(items: ParseItem[], lineCount: number): void {
  for (const item of items) {
    if (item.type === 'document') {
      const d = item.document;
      expect(isDocumentKind(d.kind), `kind ${d.kind}`).toBe(true);
      expect(d.date, 'document date as YYYY-MM-DD').toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if ('amount' in d) {
        expect(typeof d.amount.minor, 'money is bigint minor units').toBe('bigint');
        expect(d.amount.currency).toMatch(/^[A-Z]{3}$/);
      }
      if (item.line !== undefined) expect(item.line).toBeGreaterThanOrEqual(1);
    } else if (item.type === 'meta') {
      if (item.encoding !== undefined) expect(item.encoding).toMatch(/^[a-z0-9-]+$/);
    } else {
      expect(Object.keys(ERROR_CODES), `issue code ${item.code} is in the catalogue`).toContain(item.code);
      expect(['error', 'warning']).toContain(item.severity);
      expect(item.message.length).toBeGreaterThan(0);
      if (item.line !== undefined) {
        expect(item.line).toBeGreaterThanOrEqual(0);
        expect(item.line).toBeLessThanOrEqual(lineCount + 1);
      }
    }
  }
}

const lineCount = (b: Uint8Array) => b.reduce((n, x) => n + (x === 10 ? 1 : 0), 1);

export function describeFormatConformance(o: FormatConformanceOptions): void {
  const { plugin } = o;
  describe(`format conformance: ${plugin.name}`, () => {
    it('declares a name and at least one dotted format id', () => {
      expect(plugin.name).toMatch(/^format-[a-z0-9-]+$/);
      expect(plugin.formats.length).toBeGreaterThan(0);
      expect(o.samples.some((s) => s.expect === 'documents')).toBe(true);
    });

    it('detects its own samples as one of its declared formats, from the head alone', () => {
      for (const s of o.samples) {
        const f = plugin.detect({ name: s.name, head: s.bytes.subarray(0, 64 * 1024), size: s.bytes.length });
        expect(f, s.name).not.toBeNull();
        expect(plugin.formats).toContain(f);
      }
    });

    it('refuses foreign files, empty input and noise', () => {
      const noise = new Uint8Array(512).map((_, i) => (i * 131 + 7) % 256);
      for (const f of [...o.foreign, { name: 'empty', bytes: new Uint8Array() }, { name: 'noise', bytes: noise }]) {
        expect(plugin.detect({ name: f.name, head: f.bytes, size: f.bytes.length }), f.name).toBeNull();
      }
    });

    it('parses clean samples into well-formed documents, broken samples into located errors', async () => {
      for (const s of o.samples) {
        const format = plugin.detect({ name: s.name, head: s.bytes, size: s.bytes.length })!;
        const items = await collect(plugin, inbound(s.name, s.bytes), format);
        checkItems(items, lineCount(s.bytes));
        const errors = items.filter((i) => i.type === 'issue' && i.severity === 'error');
        if (plugin.attachment) expect(items.some((i) => i.type === 'document'), `${s.name}: an attachment format yields no documents`).toBe(false);
        if (s.expect === 'documents') {
          expect(errors, s.name).toEqual([]);
          if (!plugin.attachment) expect(items.some((i) => i.type === 'document'), s.name).toBe(true);
        } else {
          expect(errors.length, s.name).toBeGreaterThan(0);
        }
      }
    });

    it('gives the same result whatever the chunk size, and on every run', async () => {
      for (const s of o.samples) {
        const format = plugin.detect({ name: s.name, head: s.bytes, size: s.bytes.length })!;
        const whole = snapshot(await collect(plugin, inbound(s.name, s.bytes, s.bytes.length || 1), format));
        expect(snapshot(await collect(plugin, inbound(s.name, s.bytes, 1), format)), `${s.name} byte by byte`).toBe(whole);
        expect(snapshot(await collect(plugin, inbound(s.name, s.bytes, 7), format)), `${s.name} in 7-byte chunks`).toBe(whole);
      }
    });

    it('never throws on truncated or corrupted input: it reports issues instead', async () => {
      const rnd = seededRandom(20261125);
      for (const s of o.samples) {
        const format = plugin.detect({ name: s.name, head: s.bytes, size: s.bytes.length })!;
        for (let k = 0; k < 40; k++) {
          const b = Uint8Array.from(s.bytes);
          const mode = k % 3;
          let mutated: Uint8Array;
          if (mode === 0) mutated = b.subarray(0, Math.floor(rnd() * b.length));
          else {
            for (let n = 0; n < 1 + Math.floor(rnd() * 8); n++) b[Math.floor(rnd() * b.length)] = mode === 1 ? Math.floor(rnd() * 256) : 0x3d;
            mutated = b;
          }
          const items = await collect(plugin, inbound(s.name, mutated), format);
          checkItems(items, lineCount(mutated));
        }
      }
    });
  });
}
