/** @jsxImportSource hono/jsx */
// Pieces of the signing page: the table of what waits (with the hash being signed), the key + PIN form, the results.
import { ERROR_CODES, type ErrorCode } from '../../core/error-codes.ts';
import type { WebContext } from '../context.ts';
import { formatDay, formatMoney } from '../i18n/format.ts';
import type { DocumentResult } from '../signing/batch.ts';
import type { MyKey } from '../signing/keys.ts';
import type { WaitingDocument } from '../signing/waiting.ts';

/** "SIGN_NO_RIGHT — User has no signature right on this account", the reason in the user's language. */
export function reasonText(c: WebContext, code: ErrorCode): string {
  return `${code} — ${ERROR_CODES[code][c.get('lang')]}`;
}

function keyState(c: WebContext, k: MyKey): string {
  const t = c.get('t');
  if (!k.served) return t('signing.key_state.not_served');
  if (k.unlocked) return t('signing.key_state.unlocked');
  return t(k.present ? 'signing.key_state.present' : 'signing.key_state.absent');
}

function keyText(c: WebContext, k: MyKey): string {
  return `${k.label} — ${k.subject} — ${c.get('t')('signing.valid_until', { date: formatDay(k.notAfter.slice(0, 10), c.get('lang')) })} (${keyState(c, k)})`;
}

/** The document in the reader's language (kind, number, date, KNP, purpose) and the hash of the bytes signed. */
function DocSummary({ c, w }: { c: WebContext; w: WaitingDocument }) {
  const t = c.get('t');
  const head = t('signing.summary.head', { kind: t(`signing.kind.${w.kind}`), number: w.number, date: formatDay(w.date, c.get('lang')) });
  return (
    <>
      {[head, w.knp ? t('signing.summary.knp', { knp: w.knp }) : null, w.purpose ? `«${w.purpose}»` : null].filter(Boolean).join(', ')}
      <div class="mono muted">SHA-256 {w.sha256}</div>
    </>
  );
}

export function WaitingTable({ c, items, selected }: { c: WebContext; items: WaitingDocument[]; selected: ReadonlySet<string> }) {
  const t = c.get('t');
  const lang = c.get('lang');
  return (
    <table>
      <thead>
        <tr>
          <th>
            <input type="checkbox" data-select-all="doc" aria-label={t('signing.col.select_all')} title={t('signing.col.select_all')} />
          </th>
          <th>{t('signing.col.date')}</th>
          <th>{t('signing.col.number')}</th>
          <th>{t('signing.col.beneficiary')}</th>
          <th class="num">{t('signing.col.amount')}</th>
          <th>{t('signing.col.account')}</th>
          <th data-help="signing.hash">{t('signing.col.what')}</th>
          <th data-help="signing.one-more">{t('signing.col.signature')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((w) => (
          <tr>
            <td>
              <input type="checkbox" name="doc" value={`${w.id}:${w.sha256}`} checked={selected.has(w.id)} aria-label={t('signing.select', { number: w.number })} />
            </td>
            <td>{formatDay(w.date, lang)}</td>
            <td>
              <a href={`/documents/${encodeURIComponent(w.id)}`}>{w.number}</a>
            </td>
            <td>{w.beneficiary ?? t('common.none')}</td>
            <td class="num">{w.amount ? formatMoney(w.amount.minor, w.amount.currency, lang) : t('common.none')}</td>
            <td class="mono">{w.account ?? t('common.none')}</td>
            <td>
              <DocSummary c={c} w={w} />
            </td>
            <td>{t(w.completes ? 'signing.as_role_completes' : 'signing.as_role_needs_more', { role: t(`signing.role.${w.role}`) })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function KeyAndPin({ c, keys, keyId }: { c: WebContext; keys: MyKey[]; keyId?: string | undefined }) {
  const t = c.get('t');
  return (
    <div class="card sign-box">
      <label for="key" data-help="signing.key">
        {t('signing.key')}
      </label>
      {keys.length === 1 ? (
        <p>
          <input type="hidden" name="key" value={keys[0]!.id} />
          <span id="key">{keyText(c, keys[0]!)}</span>
        </p>
      ) : (
        <select id="key" name="key" required data-help="signing.key">
          {keys.map((k) => (
            <option value={k.id} selected={k.id === keyId}>
              {keyText(c, k)}
            </option>
          ))}
        </select>
      )}
      <label for="pin">{t('signing.pin')}</label>
      {/* Never pre-filled: the PIN is not echoed back, whatever the outcome. */}
      <input id="pin" name="pin" type="password" autocomplete="off" required maxlength={1024} data-help="signing.pin" />
      <p class="muted">{t('signing.pin_hint')}</p>
      <p>
        <button type="submit">{t('signing.submit')}</button>
      </p>
    </div>
  );
}

export function ResultsTable({ c, results }: { c: WebContext; results: DocumentResult[] }) {
  const t = c.get('t');
  const n = (s: DocumentResult['status']) => results.filter((r) => r.status === s).length;
  const text = (r: DocumentResult): string => {
    switch (r.status) {
      case 'signed':
        return t('signing.result.signed');
      case 'partially-signed':
        return t('signing.result.partial', { role: t(`signing.role.${r.role}`) });
      case 'refused':
        return t('signing.result.refused', { reason: reasonText(c, r.code) });
      case 'waiting':
        return r.code ? t('signing.result.waiting_reason', { reason: reasonText(c, r.code) }) : t('signing.result.waiting');
    }
  };
  return (
    <section data-help="signing.result">
      <h2>{t('signing.results')}</h2>
      <p role="status">{t('signing.summary_line', { signed: n('signed'), partial: n('partially-signed'), refused: n('refused'), waiting: n('waiting') })}</p>
      <table>
        <thead>
          <tr>
            <th>{t('signing.col.number')}</th>
            <th>{t('signing.col.beneficiary')}</th>
            <th class="num">{t('signing.col.amount')}</th>
            <th>{t('signing.col.what')}</th>
            <th>{t('signing.col.result')}</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr data-result={r.status}>
              <td>{r.number ?? r.id}</td>
              <td>{r.view?.beneficiary ?? t('common.none')}</td>
              <td class="num">{r.view?.amount ? formatMoney(r.view.amount.minor, r.view.amount.currency, c.get('lang')) : t('common.none')}</td>
              <td>{r.view ? <DocSummary c={c} w={r.view} /> : t('common.none')}</td>
              <td>
                <span class={`state ${r.status === 'refused' ? 'rejected' : r.status}`}>{text(r)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
