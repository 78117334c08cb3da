// Format ids of the Kazakh interbank messages (kz-formats.md 2.2 MT100, 2.3 MT102) and the message type each one carries.
import type { FormatId } from '../../gateway/core/plugin.ts';

export const FORMAT_MT100_KZ = 'swift.kz.mt100';
export const FORMAT_MT102_KZ = 'swift.kz.mt102';

export type MtType = '100' | '102';

export const FORMAT_OF: Readonly<Record<MtType, FormatId>> = { '100': FORMAT_MT100_KZ, '102': FORMAT_MT102_KZ };
