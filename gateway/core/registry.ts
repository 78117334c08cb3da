// Validates the whole plugin set at start (all problems at once) and runs `detect` first-non-null.
import { GatewayError } from './errors.ts';
import type { FormatContent, FormatId, FormatPlugin, FormatWriter, InboundFile } from './plugin.ts';

export interface DetectResult {
  plugin: FormatPlugin;
  format: FormatId;
}

export interface FormatRegistry {
  readonly formats: readonly FormatPlugin[];
  /** Asks each plugin in order; the first non-null answer wins. A throwing detect counts as "not mine" and is reported. */
  detect(file: Pick<InboundFile, 'name' | 'head' | 'size'>, onPluginError?: (plugin: string, e: unknown) => void): DetectResult | null;
  /** The plugin that owns a format id. */
  byFormat(format: FormatId): FormatPlugin | undefined;
  /** What files of a format carry ('documents' unless its plugin says otherwise). */
  contentOf(format: FormatId): FormatContent;
  /** The writer of a format id, if any plugin writes it. */
  writer(format: FormatId): FormatWriter | undefined;
  /** Every writer, in plugin order. */
  readonly writers: readonly FormatWriter[];
}

const CONTENTS: readonly FormatContent[] = ['documents', 'statements', 'status-reports'];
const WRITES = ['documents', 'statements'] as const;

/** Problems with a plugin's optional reading and writing capabilities (contents, readers, writers). */
function capabilityProblems(p: FormatPlugin, label: string, writerOwner: Map<FormatId, string>): string[] {
  const problems: string[] = [];
  const declared = new Set(p.formats ?? []);
  for (const [f, c] of Object.entries(p.contents ?? {})) {
    if (!declared.has(f)) problems.push(`${label}: contents names '${f}', which it does not declare`);
    if (!CONTENTS.includes(c as FormatContent)) problems.push(`${label}: contents of '${f}' must be one of ${CONTENTS.join(', ')}`);
    if (c === 'statements' && typeof p.readStatements !== 'function') problems.push(`${label}: '${f}' carries statements, so readStatements must be a function`);
    if (c === 'status-reports' && typeof p.readStatusReports !== 'function') problems.push(`${label}: '${f}' carries status reports, so readStatusReports must be a function`);
  }
  if (p.writers !== undefined && !Array.isArray(p.writers)) return [...problems, `${label}: writers must be a list`];
  for (const w of p.writers ?? []) {
    const wl = `${label} writer '${String(w?.format)}'`;
    if (!w || typeof w !== 'object') { problems.push(`${label}: a writer is not an object`); continue; }
    if (!declared.has(w.format)) problems.push(`${wl}: the plugin does not declare that format`);
    if (!(WRITES as readonly string[]).includes(w.writes)) problems.push(`${wl}: writes must be one of ${WRITES.join(', ')}`);
    if (typeof w.write !== 'function') problems.push(`${wl}: write must be a function`);
    if (typeof w.extension !== 'string' || !/^[a-z0-9]+$/.test(w.extension)) problems.push(`${wl}: extension must be lowercase letters and digits, e.g. 'xml'`);
    const prev = writerOwner.get(w.format);
    if (prev) problems.push(`${wl}: that format is already written by ${prev}`);
    else writerOwner.set(w.format, label);
  }
  return problems;
}

const FORMAT_ID = /^[a-z0-9]+(\.[a-z0-9-]+)*$/;

export function createFormatRegistry(plugins: readonly FormatPlugin[]): FormatRegistry {
  const problems: string[] = [];
  const names = new Set<string>();
  const owner = new Map<FormatId, string>();
  const writerOwner = new Map<FormatId, string>();
  plugins.forEach((p, i) => {
    const label = typeof p?.name === 'string' && p.name ? p.name : `plugin #${i + 1}`;
    if (!p || typeof p !== 'object') return void problems.push(`${label}: not a plugin object`);
    if (typeof p.name !== 'string' || !/^format-[a-z0-9-]+$/.test(p.name)) problems.push(`${label}: name must look like 'format-<name>'`);
    if (names.has(p.name)) problems.push(`${label}: duplicate plugin name`);
    names.add(p.name);
    if (typeof p.detect !== 'function') problems.push(`${label}: detect must be a function`);
    if (typeof p.parse !== 'function') problems.push(`${label}: parse must be a function`);
    if (!Array.isArray(p.formats) || p.formats.length === 0) problems.push(`${label}: formats must list at least one format id`);
    for (const f of p.formats ?? []) {
      if (!FORMAT_ID.test(f)) problems.push(`${label}: format id '${f}' must be dotted lowercase, e.g. '1c.kz'`);
      const prev = owner.get(f);
      if (prev) problems.push(`${label}: format '${f}' is already provided by ${prev}`);
      else owner.set(f, label);
    }
    problems.push(...capabilityProblems(p, label, writerOwner));
  });
  if (problems.length) {
    const dup = problems.some((p) => p.includes('duplicate') || p.includes('already provided'));
    throw new GatewayError(dup ? 'PLG_DUPLICATE' : 'PLG_INVALID', `invalid format plugin set:\n  - ${problems.join('\n  - ')}`, { problems });
  }
  const byId = new Map<FormatId, FormatPlugin>();
  for (const p of plugins) for (const f of p.formats) byId.set(f, p);
  const writers = plugins.flatMap((p) => p.writers ?? []);
  const byWriter = new Map(writers.map((w) => [w.format, w]));
  return {
    formats: plugins,
    detect(file, onPluginError) {
      for (const plugin of plugins) {
        let format: FormatId | null = null;
        try {
          format = plugin.detect(file);
        } catch (e) {
          onPluginError?.(plugin.name, e);
          continue;
        }
        if (format !== null) {
          if (!plugin.formats.includes(format)) {
            onPluginError?.(plugin.name, new GatewayError('PLG_INVALID', `${plugin.name}.detect returned '${format}', which it does not declare`));
            continue;
          }
          return { plugin, format };
        }
      }
      return null;
    },
    byFormat: (format) => byId.get(format),
    contentOf: (format) => byId.get(format)?.contents?.[format] ?? 'documents',
    writer: (format) => byWriter.get(format),
    writers,
  };
}
