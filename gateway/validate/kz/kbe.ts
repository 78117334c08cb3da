// КОд / КБе: residency digit (1 resident, 2 non-resident) + economic sector digit 1–9 (kz-formats.md 3.4).
import { fail, shown, type CheckResult } from '../findings.ts';

export const SECTORS = {
  1: 'central government',
  2: 'regional or local government',
  3: 'central (national) bank',
  4: 'bank (depositary organisation)',
  5: 'other financial organisation',
  6: 'state non-financial organisation',
  7: 'private non-financial organisation',
  8: 'non-profit organisation serving households',
  9: 'household / individual (incl. ИП)',
} as const;

export type SectorDigit = keyof typeof SECTORS;
export type KodKbeResult = CheckResult<{ code: string; resident: boolean; sector: SectorDigit }>;

/** `label`: how the field is named in messages ('KOd' for the payer, 'KBe' for the beneficiary). */
export function checkKodKbe(value: string, label = 'KOd/KBe'): KodKbeResult {
  if (!/^\d{2}$/.test(value)) return fail('VAL_KOD_KBE_FORMAT', `${label} ${shown(value)} is not 2 digits`, '2 digits, e.g. 17');
  const r = Number(value[0]);
  const s = Number(value[1]);
  if (r !== 1 && r !== 2) return fail('VAL_KOD_KBE_RESIDENCY', `${label} ${value}: first digit ${r} is not a residency sign`, '1 (resident) or 2 (non-resident) as the first digit');
  if (s < 1) return fail('VAL_KOD_KBE_SECTOR', `${label} ${value}: second digit 0 is not an economic sector`, 'a sector 1–9 as the second digit');
  return { ok: true, warnings: [], code: value, resident: r === 1, sector: s as SectorDigit };
}
