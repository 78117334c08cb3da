// Validates the whole plugin set at start (all problems at once) and runs `detect` first-non-null.
import { GatewayError } from './errors.ts';
import type { FormatId, FormatPlugin, InboundFile } from './plugin.ts';

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
}

const FORMAT_ID = /^[a-z0-9]+(\.[a-z0-9-]+)*$/;

export function createFormatRegistry(plugins: readonly FormatPlugin[]): FormatRegistry {
  const problems: string[] = [];
  const names = new Set<string>();
  const owner = new Map<FormatId, string>();
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
  });
  if (problems.length) {
    const dup = problems.some((p) => p.includes('duplicate') || p.includes('already provided'));
    throw new GatewayError(dup ? 'PLG_DUPLICATE' : 'PLG_INVALID', `invalid format plugin set:\n  - ${problems.join('\n  - ')}`, { problems });
  }
  const byId = new Map<FormatId, FormatPlugin>();
  for (const p of plugins) for (const f of p.formats) byId.set(f, p);
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
  };
}
