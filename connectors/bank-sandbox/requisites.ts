// Minimal requisites a bank checks before accepting: the debited account is the client's, currency and amount fit,
// the beneficiary account is a well-formed IBAN (ISO 13616 mod 97, kz-formats.md 3.1), an FX order has a quoted pair.
import { ibanMod97 } from '../../gateway/validate/kz/iban.ts';
import { formatDecimal } from '../../gateway/core/model/money.ts';
import { getAccount, type AccountRow } from './accounts-repo.ts';
import type { ClientRow } from './clients-repo.ts';
import type { SandboxCore } from './core.ts';
import { amountMinor, type FxOrderPayload, type PaymentPayload, type PayloadDocument } from './envelope.ts';
import { Refusal, refuse } from './reasons.ts';

const invalid = (en: string, ru: string, kk: string) => refuse('INVALID_REQUISITES', { en, ru, kk });

/** The client's own account, or UNKNOWN_ACCOUNT. */
export function ownAccount(core: SandboxCore, client: ClientRow, iban: string | null): AccountRow | Refusal {
  const a = iban ? getAccount(core.db, iban) : null;
  if (!a || a.client_id !== client.client_id) {
    const shown = iban ?? '—';
    return refuse('UNKNOWN_ACCOUNT', { en: `account ${shown}`, ru: `счёт ${shown}`, kk: `${shown} шоты` });
  }
  return a;
}

function isIban(v: string): boolean {
  return /^[A-Z]{2}\d{2}[0-9A-Z]{1,30}$/.test(v) && ibanMod97(v) === 1 && (!v.startsWith('KZ') || v.length === 20);
}

function positive(d: PayloadDocument): Refusal | null {
  if (amountMinor(d) > 0n) return null;
  const shown = formatDecimal(amountMinor(d), d.amount.currency);
  return invalid(`amount ${shown} must be above zero`, `сумма ${shown} должна быть больше нуля`, `${shown} сомасы нөлден үлкен болуы керек`);
}

export function checkPayment(core: SandboxCore, payer: AccountRow, d: PaymentPayload): Refusal | null {
  const bad = positive(d);
  if (bad) return bad;
  if (d.amount.currency !== payer.currency) {
    return invalid(`currency ${d.amount.currency} differs from account currency ${payer.currency}`, `валюта ${d.amount.currency} не совпадает с валютой счёта ${payer.currency}`, `${d.amount.currency} валютасы шот валютасымен (${payer.currency}) сәйкес емес`);
  }
  const to = d.beneficiary.iban;
  if (!to || !isIban(to)) {
    const shown = to ?? '—';
    return invalid(`beneficiary account ${shown} is not a valid IBAN`, `счёт получателя ${shown} — неверный IBAN`, `алушы шоты ${shown} — жарамсыз IBAN`);
  }
  if (to === payer.iban) return invalid('beneficiary account equals the payer account', 'счёт получателя совпадает со счётом плательщика', 'алушы шоты төлеуші шотымен бірдей');
  const local = getAccount(core.db, to);
  if (local && local.currency !== d.amount.currency) {
    return invalid(`beneficiary account ${to} is in ${local.currency}`, `счёт получателя ${to} в валюте ${local.currency}`, `алушы шоты ${to} ${local.currency} валютасында`);
  }
  return null;
}

/** buy: KZT account debited, currency account credited; sell: the reverse (kz-formats.md 4.3, KNP 213 / 223 addendum 3.1). */
export function checkFxOrder(core: SandboxCore, client: ClientRow, from: AccountRow, d: FxOrderPayload): Refusal | null {
  const bad = positive(d);
  if (bad) return bad;
  const cur = d.amount.currency;
  const pair = `${cur}/KZT`;
  if (cur === 'KZT' || !core.rates.get(pair)) return invalid(`no quote for ${pair}`, `нет котировки ${pair}`, `${pair} бағамы жоқ`);
  const to = ownAccount(core, client, d.toIban);
  if (to instanceof Refusal) return to;
  const [wantFrom, wantTo] = d.direction === 'buy' ? ['KZT', cur] : [cur, 'KZT'];
  if (from.currency !== wantFrom || to.currency !== wantTo) {
    return invalid(
      `a ${d.direction} of ${cur} debits a ${wantFrom} account and credits a ${wantTo} account`,
      `${d.direction === 'buy' ? 'покупка' : 'продажа'} ${cur}: списание со счёта в ${wantFrom}, зачисление на счёт в ${wantTo}`,
      `${cur} ${d.direction === 'buy' ? 'сатып алу' : 'сату'}: ${wantFrom} шотынан есептен шығарылып, ${wantTo} шотына есептеледі`,
    );
  }
  if (d.rateLimit !== undefined && !/^\d{1,9}(\.\d{1,4})?$/.test(d.rateLimit)) return invalid(`rate limit ${d.rateLimit} is not a rate`, `лимит курса ${d.rateLimit} — не курс`, `${d.rateLimit} бағам шегі бағам емес`);
  return null;
}
