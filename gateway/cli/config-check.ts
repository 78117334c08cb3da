// `bankgate config check`: validate and print the effective configuration, secrets masked.
import { loadConfig } from '../../config/load.ts';
import { maskSecrets, renderConfigToml } from '../../config/print.ts';
import { printJson, reportError } from './output.ts';

export function runConfigCheck(opts: { config?: string; json?: boolean }): number {
  try {
    const loaded = loadConfig(opts.config ? { configPath: opts.config } : {});
    if (opts.json) {
      printJson({ ok: true, file: loaded.file, envOverrides: loaded.envOverrides, config: maskSecrets(loaded.config) });
    } else {
      console.log(`# configuration OK — ${loaded.file ? `file ${loaded.file}` : 'no bankgate.toml found: embedded defaults'}`);
      if (loaded.envOverrides.length) console.log(`# overridden by environment: ${loaded.envOverrides.join(', ')}`);
      process.stdout.write(renderConfigToml(loaded.config) + '\n');
    }
    return 0;
  } catch (e) {
    return reportError(e);
  }
}
