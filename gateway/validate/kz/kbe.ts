// КОд / КБе: residency digit (1 resident, 2 non-resident) + economic sector digit 1–9 (kz-formats.md 3.4).
import { t } from '../../core/i18n.ts';
import { fail, shown, type CheckResult } from '../findings.ts';
import { CODE_LABEL } from '../texts.ts';

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

/** The label in messages: KOd, KBe (КОд/КБе, ЖТК/БеК) or as given. */
function labelText(label: string) {
  return CODE_LABEL[label] ?? { en: label, ru: label, kk: label };
}

/** `label`: how the field is named in messages ('KOd' for the payer, 'KBe' for the beneficiary). */
export function checkKodKbe(value: string, label = 'KOd/KBe'): KodKbeResult {
  if (!/^\d{2}$/.test(value)) {
    const L = labelText(label);
    const q = shown(value);
    return fail(
      'VAL_KOD_KBE_FORMAT',
      t({ en: `${label} ${q} is not 2 digits`, ru: `${L.ru} ${q} — не 2 цифры`, kk: `${L.kk} ${q} 2 цифрдан тұрмайды` }),
      t({ en: '2 digits, e.g. 17', ru: '2 цифры, например 17', kk: '2 цифр, мысалы 17' }),
    );
  }
  const r = Number(value[0]);
  const s = Number(value[1]);
  if (r !== 1 && r !== 2) {
    const L = labelText(label);
    return fail(
      'VAL_KOD_KBE_RESIDENCY',
      t({
        en: `${label} ${value}: first digit ${r} is not a residency sign`,
        ru: `${L.ru} ${value}: первая цифра ${r} не является признаком резидентства`,
        kk: `${L.kk} ${value}: бірінші цифры ${r} резиденттік белгісі емес`,
      }),
      t({ en: '1 (resident) or 2 (non-resident) as the first digit', ru: 'первая цифра 1 (резидент) или 2 (нерезидент)', kk: 'бірінші цифры 1 (резидент) немесе 2 (бейрезидент)' }),
    );
  }
  if (s < 1) {
    const L = labelText(label);
    return fail(
      'VAL_KOD_KBE_SECTOR',
      t({
        en: `${label} ${value}: second digit 0 is not an economic sector`,
        ru: `${L.ru} ${value}: вторая цифра 0 не обозначает сектор экономики`,
        kk: `${L.kk} ${value}: екінші цифры 0 экономика секторын білдірмейді`,
      }),
      t({ en: 'a sector 1–9 as the second digit', ru: 'вторая цифра — сектор экономики от 1 до 9', kk: 'екінші цифры — 1–9 экономика секторы' }),
    );
  }
  return { ok: true, warnings: [], code: value, resident: r === 1, sector: s as SectorDigit };
}
