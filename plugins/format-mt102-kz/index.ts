// The Kazakh MT100 / MT102 format plugin (kz-formats.md 2): detect, a reader into canonical documents and the two
// DocumentsWriters (`swift.kz.mt100` payment/budget, `swift.kz.mt102` pension/social/medical/salary lists).
import { defineFormat } from '../../gateway/core/plugin.ts';
import { detect } from './detect.ts';
import { FORMAT_MT100_KZ, FORMAT_MT102_KZ } from './ids.ts';
import type { Mt102KzOptions } from './options.ts';
import { createMtParser } from './reader.ts';
import { createMtWriter } from './writer.ts';

export { detect } from './detect.ts';
export { FORMAT_MT100_KZ, FORMAT_MT102_KZ, type MtType } from './ids.ts';
export { DEFAULT_SCHEME_LETTERS, PERIOD_FORMATS, resolveOptions, type Mt102KzOptions, type PeriodFormat, type ResolvedOptions, type Routing, type ServiceCodes } from './options.ts';
export { createMtParser, readMtBytes, readMtText } from './reader.ts';
export { createMtWriter, renderMt, writeMt100, writeMt102, type RenderResult, type WriteProblem } from './writer.ts';
export { mtRules, mtTypeOf, type RuleContext, type RuleProblem } from './rules.ts';
export { MT_CHARSETS, type MtCharset } from './charset.ts';

/** The plugin with options (RangeError on bad options). */
export function createFormatMt102Kz(options: Mt102KzOptions = {}) {
  return defineFormat({
    name: 'format-mt102-kz',
    formats: [FORMAT_MT100_KZ, FORMAT_MT102_KZ],
    detect,
    parse: createMtParser(options),
    writers: [createMtWriter('100', options), createMtWriter('102', options)],
  });
}

/** The plugin with default options. */
export const formatMt102Kz = createFormatMt102Kz();
