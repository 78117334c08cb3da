// Renders the effective configuration for `bankgate config check`, with secret env values masked.
import { stringify } from 'smol-toml';
import type { GatewayConfig } from './schema.ts';

/** `*_env` keys name a variable; show whether it is set, never its value. */
export function maskSecrets(cfg: GatewayConfig, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => (k.endsWith('_env') && typeof x === 'string' ? [k, `${x} (${env[x] ? 'set, value hidden' : 'NOT SET'})`] : [k, walk(x)])),
      );
    }
    return v;
  };
  return walk(cfg) as Record<string, unknown>;
}

export function renderConfigToml(cfg: GatewayConfig, env?: NodeJS.ProcessEnv): string {
  return stringify(maskSecrets(cfg, env));
}
