// Bank directory BIC ↔ IBAN bank code, seeded from kz-formats.md 3.2 (+ addendum 9.4: Eurasian 948 confirmed); the NBK list is [U].
import { t, type Text } from '../../core/i18n.ts';
import { finding, type Finding } from '../findings.ts';
import { bicBank8 } from './bic.ts';

export interface BankEntry {
  /** 8-character BIC; absent when only the IBAN bank code is known (Citibank). */
  bic?: string;
  /** IBAN positions 5–7. */
  code: string;
  name: string;
  /** The bank's name in Russian and Kazakh, for messages (default: `name`). */
  ru?: string;
  kk?: string;
  /** false: the pairing is [U] in kz-formats.md — a mismatch against it is only a warning. */
  confirmed: boolean;
}

export const SEED_BANKS: readonly BankEntry[] = [
  { bic: 'HSBKKZKX', code: '601', name: 'Halyk Bank', ru: 'Народный Банк Казахстана', kk: 'Қазақстан Халық Банкі', confirmed: true },
  { bic: 'KCJBKZKX', code: '856', name: 'Bank CenterCredit', ru: 'Банк ЦентрКредит', kk: 'Банк ЦентрКредит', confirmed: true },
  { bic: 'CASPKZKA', code: '722', name: 'Kaspi Bank', ru: 'Каспи Банк', kk: 'Каспи Банк', confirmed: true },
  { bic: 'IRTYKZKA', code: '965', name: 'ForteBank', ru: 'ФортеБанк', kk: 'ФортеБанк', confirmed: true },
  { bic: 'TSESKZKA', code: '998', name: 'Jusan Bank (Alatau City Bank)', ru: 'Жусан Банк (Алатау Сити Банк)', kk: 'Жұсан Банк (Алатау Сити Банк)', confirmed: true },
  { bic: 'VTBAKZKZ', code: '432', name: 'Bank VTB (Kazakhstan)', ru: 'Банк ВТБ (Казахстан)', kk: 'ВТБ Банкі (Қазақстан)', confirmed: true },
  { bic: 'ZAJSKZ22', code: '896', name: 'Zaman Bank', ru: 'Заман-Банк', kk: 'Заман-Банк', confirmed: true },
  { bic: 'KSNVKZKA', code: '551', name: 'Freedom Bank', ru: 'Фридом Банк Казахстан', kk: 'Фридом Банк Қазақстан', confirmed: false },
  { code: '832', name: 'Citibank Kazakhstan', ru: 'Ситибанк Казахстан', kk: 'Ситибанк Қазақстан', confirmed: true },
  { bic: 'NBRKKZKX', code: '125', name: 'National Bank of Kazakhstan', ru: 'Национальный Банк Казахстана', kk: 'Қазақстан Ұлттық Банкі', confirmed: true },
  { bic: 'KKMFKZ2A', code: '070', name: 'Treasury Committee (budget)', ru: 'Комитет казначейства (бюджет)', kk: 'Қазынашылық комитеті (бюджет)', confirmed: true },
  { bic: 'GCVPKZ2A', code: '009', name: 'Government for Citizens State Corporation', ru: 'Госкорпорация «Правительство для граждан»', kk: '«Азаматтарға арналған үкімет» мемлекеттік корпорациясы', confirmed: true },
  { bic: 'EURIKZKA', code: '948', name: 'Eurasian Bank', ru: 'Евразийский Банк', kk: 'Еуразиялық банк', confirmed: true },
];

export interface BankDirectory {
  /** By BIC; an 11-character BIC is looked up by its first 8. */
  byBic(bic: string): BankEntry | undefined;
  byCode(code: string): BankEntry | undefined;
  entries(): readonly BankEntry[];
}

/**
 * Seed (optional) plus extra entries: an extra entry replaces any seeded one with the same BIC or the same code;
 * `remove` drops entries by BIC or code.
 */
export function createBankDirectory(extra: readonly BankEntry[] = [], opts: { seed?: boolean; remove?: readonly string[] } = {}): BankDirectory {
  const removed = new Set(opts.remove ?? []);
  let list: BankEntry[] = ((opts.seed ?? true) ? [...SEED_BANKS] : []).filter((e) => !removed.has(e.code) && !(e.bic && removed.has(e.bic)));
  for (const e of extra) {
    list = list.filter((o) => o.code !== e.code && !(e.bic && o.bic === e.bic));
    list.push({ ...e });
  }
  const byBic = new Map(list.filter((e) => e.bic).map((e) => [e.bic!, e]));
  const byCode = new Map(list.map((e) => [e.code, e]));
  return {
    byBic: (bic) => byBic.get(bicBank8(bic)),
    byCode: (code) => byCode.get(code),
    entries: () => list,
  };
}

/** A directory entry for messages: its name, BIC and IBAN bank code. */
function label(e: BankEntry): Text {
  return t({
    en: `${e.name} (${e.bic ?? 'no BIC in the directory'}, code ${e.code})`,
    ru: `${e.ru ?? e.name} (${e.bic ? `БИК ${e.bic}` : 'БИК в справочнике нет'}, код ${e.code})`,
    kk: `${e.kk ?? e.name} (${e.bic ? `БСК ${e.bic}` : 'анықтамалықта БСК жоқ'}, коды ${e.code})`,
  });
}

/**
 * Does the IBAN bank code belong to the bank of this BIC? Both well-formed. Error only when both are known to the
 * directory, point to different banks and both entries are confirmed; anything the directory cannot decide is a warning.
 */
export function checkBankPair(bankCode: string, bic: string, dir: BankDirectory): Finding[] {
  const b = dir.byBic(bic);
  const c = dir.byCode(bankCode);
  if (b && b.code === bankCode) return [];
  if (!b && !c) {
    return [
      finding(
        'VAL_BIC_UNKNOWN',
        t({
          en: `neither BIC ${bic} nor IBAN bank code ${bankCode} is in the bank directory`,
          ru: `ни БИК ${bic}, ни код банка ${bankCode} из ИИК не найдены в справочнике банков`,
          kk: `БСК ${bic} және ЖСК-дағы ${bankCode} банк коды банктер анықтамалығында жоқ`,
        }),
      ),
    ];
  }
  if (b && c) {
    const lc = label(c);
    const lb = label(b);
    const reason = t({
      en: `IBAN bank code ${bankCode} is ${lc.en}, but BIC ${bic} is ${lb.en}`,
      ru: `код банка ${bankCode} в ИИК — это ${lc.ru}, а БИК ${bic} — это ${lb.ru}`,
      kk: `ЖСК-дағы ${bankCode} банк коды — ${lc.kk}, ал БСК ${bic} — ${lb.kk}`,
    });
    const expected = c.bic
      ? t({ en: `BIC ${c.bic}`, ru: `БИК ${c.bic}`, kk: `БСК ${c.bic}` })
      : t({ en: `an account with bank code ${b.code}`, ru: `ИИК с кодом банка ${b.code}`, kk: `банк коды ${b.code} болатын ЖСК` });
    return [finding(b.confirmed && c.confirmed ? 'VAL_IBAN_BIC_MISMATCH' : 'VAL_IBAN_BIC_UNCONFIRMED', reason, { expected })];
  }
  if (b) {
    const lb = label(b);
    return [
      finding(
        'VAL_IBAN_BANK_UNKNOWN',
        t({
          en: `IBAN bank code ${bankCode} is not in the bank directory; BIC ${bic} is ${lb.en}`,
          ru: `кода банка ${bankCode} из ИИК нет в справочнике банков; БИК ${bic} — это ${lb.ru}`,
          kk: `ЖСК-дағы ${bankCode} банк коды банктер анықтамалығында жоқ; БСК ${bic} — ${lb.kk}`,
        }),
        { expected: t({ en: `bank code ${b.code}`, ru: `код банка ${b.code}`, kk: `банк коды ${b.code}` }) },
      ),
    ];
  }
  const known = c!;
  const lk = label(known);
  return [
    finding(
      'VAL_BIC_UNKNOWN',
      t({
        en: `BIC ${bic} is not in the bank directory; IBAN bank code ${bankCode} is ${lk.en}`,
        ru: `БИК ${bic} нет в справочнике банков; код банка ${bankCode} в ИИК — это ${lk.ru}`,
        kk: `БСК ${bic} банктер анықтамалығында жоқ; ЖСК-дағы ${bankCode} банк коды — ${lk.kk}`,
      }),
      known.bic ? { expected: t({ en: `BIC ${known.bic}`, ru: `БИК ${known.bic}`, kk: `БСК ${known.bic}` }) } : {},
    ),
  ];
}
