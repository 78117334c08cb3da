// The format plugins the gateway ships, listed explicitly (no registration by import side effect). Order is detection
// order: the first plugin that recognises a file's head takes it.
import type { FormatPlugin } from './core/plugin.ts';
import { format1cKz, format1cKzLists } from '../plugins/format-1c-kz/index.ts';
import { formatJson } from '../plugins/format-json/index.ts';
import { formatIso20022 } from '../plugins/format-iso20022/index.ts';
import { formatMt940 } from '../plugins/format-mt940/index.ts';
import { formatMt102Kz } from '../plugins/format-mt102-kz/index.ts';

export function builtinFormats(): FormatPlugin[] {
  // The ISO 20022 plugin comes after the employee lists: a salary-list XML (1C standard 109) is claimed by its own
  // markers first; pain/camt are recognised by their root element and namespace.
  return [format1cKz, formatJson, format1cKzLists, formatIso20022, formatMt940, formatMt102Kz];
}
