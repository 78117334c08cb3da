// Statutory recipients: Госкорпорация accounts per list kind, the Treasury for budget payments, obsolete ГЦВП identifiers (kz-formats.md 3.7).
import type { Party } from '../../core/model/party.ts';
import { DOCUMENT_KIND_TEXT, orList, t, type Text } from '../../core/i18n.ts';
import { finding, type Finding } from '../findings.ts';
import { bicBank8 } from './bic.ts';

export type StatutoryKind = 'pension' | 'social' | 'medical';

export interface StatutoryRecipient {
  name: string;
  bin: string;
  bic: string;
  /** Accepted beneficiary accounts (any one). */
  ibans: string[];
  /** Expected KBe of the beneficiary; empty string: not checked. */
  kbe: string;
  /** false: the requisites are [U] in kz-formats.md — a difference is a warning (VAL_RECIPIENT_UNCONFIRMED), not an error. */
  confirmed: boolean;
}

export interface TreasuryRecipient {
  bic: string;
  /** Known Treasury accounts; another account at the Treasury BIC is a warning. */
  ibans: string[];
}

export interface ObsoleteIdentifier {
  /** A BIN, RNN or account that must no longer be paid to. */
  id: string;
  note: string;
  /** `note` in Russian and Kazakh for messages (default: `note`). */
  note_ru?: string;
  note_kk?: string;
}

export interface StatutoryRecipients {
  pension: StatutoryRecipient;
  social: StatutoryRecipient;
  medical: StatutoryRecipient;
  treasury: TreasuryRecipient;
  obsolete: ObsoleteIdentifier[];
}

const GOV_CORP = 'НАО «Государственная корпорация «Правительство для граждан»»';
const GOV_CORP_BIN = '160440007161';
/** The State Corporation's name in Kazakh, for messages when the configured name is the seeded Russian one. */
const GOV_CORP_KK = '«Азаматтарға арналған үкімет» мемлекеттік корпорациясы КЕАҚ';

/**
 * Seeds. Pension: every value [C]. Social: account [C], BIN/KBe inferred from the account living in bank 009 [U-strong] —
 * kept strict because the account is confirmed. Medical: employer-side use of the ФСМС collection account inferred
 * [U-strong] — not strict.
 */
export const SEED_RECIPIENTS: StatutoryRecipients = {
  pension: { name: GOV_CORP, bin: GOV_CORP_BIN, bic: 'GCVPKZ2A', ibans: ['KZ12009NPS0413609816'], kbe: '11', confirmed: true },
  social: { name: GOV_CORP, bin: GOV_CORP_BIN, bic: 'GCVPKZ2A', ibans: ['KZ67009SS00368609110'], kbe: '11', confirmed: true },
  medical: { name: GOV_CORP, bin: GOV_CORP_BIN, bic: 'GCVPKZ2A', ibans: ['KZ92009MEDS368609103'], kbe: '11', confirmed: false },
  treasury: { bic: 'KKMFKZ2A', ibans: ['KZ24070105KSN0000000'] },
  obsolete: [
    {
      id: '600400073391',
      note: 'RNN of the former ГЦВП (State Pension Payment Centre)',
      note_ru: 'РНН бывшего ГЦВП (Государственного центра по выплате пенсий)',
      note_kk: 'бұрынғы ГЦВП (Зейнетақы төлеу жөніндегі мемлекеттік орталық) СТН-і',
    },
    {
      id: '970740001013',
      note: 'BIN of the former ГЦВП (State Pension Payment Centre)',
      note_ru: 'БИН бывшего ГЦВП (Государственного центра по выплате пенсий)',
      note_kk: 'бұрынғы ГЦВП (Зейнетақы төлеу жөніндегі мемлекеттік орталық) БСН-і',
    },
  ],
};

/** Pension / social / medical payments must go to the configured Госкорпорация requisites. Present values only. */
export function statutoryRecipientFindings(kind: StatutoryKind, beneficiary: Party | undefined, recipients: StatutoryRecipients): Finding[] {
  const rec = recipients[kind];
  const b = beneficiary ?? ({} as Partial<Party>);
  const code = rec.confirmed ? 'VAL_RECIPIENT' : 'VAL_RECIPIENT_UNCONFIRMED';
  const out: Finding[] = [];
  const has = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
  const wrongIban = has(b.iban) && !rec.ibans.includes(b.iban);
  const wrongBic = has(b.bic) && bicBank8(b.bic) !== rec.bic;
  const wrongBin = has(b.binIin) && b.binIin !== rec.bin;
  const wrongKbe = !!rec.kbe && has(b.code) && b.code !== rec.kbe;
  if (!wrongIban && !wrongBic && !wrongBin && !wrongKbe) return out;
  // What the recipient is, added to each detail.
  const k = DOCUMENT_KIND_TEXT[kind];
  const what = t({
    en: `${kind} payments go to ${rec.name}`,
    ru: `получатель платежа (${k.ru}) — ${rec.name}`,
    kk: `төлемнің (${k.kk}) алушысы — ${rec.name === GOV_CORP ? GOV_CORP_KK : rec.name}`,
  });
  const same = (v: string): Text => ({ en: v, ru: v, kk: v });
  if (wrongIban) {
    const v = b.iban!;
    out.push(
      finding(code, t({ en: `account ${v} is not the ${kind} account; ${what.en}`, ru: `ИИК ${v} — не счёт получателя; ${what.ru}`, kk: `ЖСК ${v} алушының шоты емес; ${what.kk}` }), {
        field: 'beneficiary.iban',
        expected: orList(rec.ibans),
      }),
    );
  }
  if (wrongBic) {
    const v = b.bic!;
    out.push(
      finding(code, t({ en: `BIC ${v} is not the recipient's bank; ${what.en}`, ru: `БИК ${v} — не банк получателя; ${what.ru}`, kk: `БСК ${v} алушының банкі емес; ${what.kk}` }), {
        field: 'beneficiary.bic',
        expected: same(rec.bic),
      }),
    );
  }
  if (wrongBin) {
    const v = b.binIin!;
    out.push(
      finding(code, t({ en: `BIN ${v} is not the recipient's; ${what.en}`, ru: `БИН ${v} не принадлежит получателю; ${what.ru}`, kk: `БСН ${v} алушыға тиесілі емес; ${what.kk}` }), {
        field: 'beneficiary.binIin',
        expected: same(rec.bin),
      }),
    );
  }
  if (wrongKbe) {
    const v = b.code!;
    out.push(
      finding(code, t({ en: `KBe ${v} is not the recipient's; ${what.en}`, ru: `КБе ${v} не совпадает с КБе получателя; ${what.ru}`, kk: `БеК ${v} алушының БеК-імен сәйкес келмейді; ${what.kk}` }), {
        field: 'beneficiary.code',
        expected: same(rec.kbe),
      }),
    );
  }
  return out;
}

/** Budget payments: beneficiary bank must be the Treasury (error); an account not among the known Treasury accounts is a warning. */
export function treasuryFindings(beneficiary: Party | undefined, treasury: TreasuryRecipient): Finding[] {
  const b = beneficiary ?? ({} as Partial<Party>);
  const out: Finding[] = [];
  if (typeof b.bic === 'string' && b.bic.trim() !== '' && bicBank8(b.bic) !== treasury.bic) {
    out.push(
      finding('VAL_BUDGET_BANK', t({ en: `budget payment to BIC ${b.bic}`, ru: `платёж в бюджет на БИК ${b.bic}`, kk: `бюджетке төлем ${b.bic} БСК-ға жіберілген` }), {
        field: 'beneficiary.bic',
        expected: t({ en: `the Treasury BIC ${treasury.bic}`, ru: `БИК Казначейства ${treasury.bic}`, kk: `Қазынашылықтың БСК-сы ${treasury.bic}` }),
      }),
    );
  }
  if (typeof b.iban === 'string' && b.iban.trim() !== '' && treasury.ibans.length > 0 && !treasury.ibans.includes(b.iban)) {
    out.push(
      finding('VAL_BUDGET_ACCOUNT', t({ en: `budget payment to account ${b.iban}`, ru: `платёж в бюджет на счёт ${b.iban}`, kk: `бюджетке төлем ${b.iban} шотына жіберілген` }), {
        field: 'beneficiary.iban',
        expected: orList(treasury.ibans),
      }),
    );
  }
  return out;
}

/** Identifiers of the former collector (ГЦВП) used as a beneficiary BIN/IIN or account. */
const OBSOLETE_KEYS = ['binIin', 'iban'] as const;

const CURRENT_GOV_CORP: Text = {
  en: 'the current Government for Citizens (Госкорпорация) requisites',
  ru: 'действующие реквизиты Госкорпорации «Правительство для граждан»',
  kk: '«Азаматтарға арналған үкімет» мемлекеттік корпорациясының қолданыстағы деректемелері',
};

export function obsoleteFindings(party: Party | undefined, path: string, obsolete: readonly ObsoleteIdentifier[]): Finding[] {
  if (!party) return [];
  const out: Finding[] = [];
  if (obsolete.length === 0) return out;
  for (const key of OBSOLETE_KEYS) {
    const v = party[key];
    const hit = typeof v === 'string' ? obsolete.find((o) => o.id === v.trim()) : undefined;
    if (hit) {
      const ru = hit.note_ru ?? hit.note;
      const kk = hit.note_kk ?? hit.note;
      out.push(
        finding(
          'VAL_RECIPIENT_OBSOLETE',
          t({ en: `${v} is obsolete${hit.note ? `: ${hit.note}` : ''}`, ru: `${v} — устаревший реквизит${ru ? `: ${ru}` : ''}`, kk: `${v} — ескірген деректеме${kk ? `: ${kk}` : ''}` }),
          { field: `${path}.${key}`, expected: CURRENT_GOV_CORP },
        ),
      );
    }
  }
  return out;
}
