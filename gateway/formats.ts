// The format plugins the gateway ships, listed explicitly (no registration by import side effect).
import type { FormatPlugin } from './core/plugin.ts';
import { format1cKz, format1cKzLists } from '../plugins/format-1c-kz/index.ts';
import { formatJson } from '../plugins/format-json/index.ts';

export function builtinFormats(): FormatPlugin[] {
  return [format1cKz, formatJson, format1cKzLists];
}
