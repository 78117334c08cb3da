/** @jsxImportSource hono/jsx */
// Documents per hour as an inline SVG bar chart: no script, no external asset; each bar carries its own <title>
// (a tooltip and a text for screen readers), the figure a summary label. Written with safeHtml`` (escaped like JSX,
// measured several times faster for the 24 bars, ticks and titles the overview renders on every view).
import type { WebContext } from '../context.ts';
import { safeHtml as html } from './safe-html.ts';
import { formatCount, TIME_ZONE } from '../i18n/format.ts';
import { LOCALE, type Lang } from '../i18n/langs.ts';

const hourFormats = new Map<Lang, Intl.DateTimeFormat>();
const hourTexts = new Map<string, string>();
function hourLabel(ms: number, lang: Lang): string {
  const key = `${lang}${ms}`;
  let text = hourTexts.get(key);
  if (text === undefined) {
    let f = hourFormats.get(lang);
    if (!f) hourFormats.set(lang, (f = new Intl.DateTimeFormat(LOCALE[lang], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE })));
    if (hourTexts.size > 2000) hourTexts.clear();
    hourTexts.set(key, (text = f.format(ms)));
  }
  return text;
}

const W = 720;
const H = 160;
const TOP = 16;
const BOTTOM = 22;

export function HourChart({ c, hours }: { c: WebContext; hours: { hour: number; n: number }[] }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const max = Math.max(1, ...hours.map((h) => h.n));
  const slot = W / Math.max(1, hours.length);
  const plot = H - TOP - BOTTOM;
  const first = hours[0]?.hour ?? 0;
  const last = hours[hours.length - 1]?.hour ?? 0;
  const label = t('ov.chart_label', { from: hourLabel(first, lang), to: hourLabel(last + 3_600_000, lang), max: formatCount(Math.max(0, ...hours.map((h) => h.n)), lang) });
  const bars = hours.map((h, i) => {
    const height = h.n > 0 ? Math.max(1, Math.round((h.n / max) * plot)) : 0;
    const x = (i * slot + 2).toFixed(1);
    const tick = i % 3 === 0 ? html`<text x="${x}" y="${H - 6}" class="tick">${hourLabel(h.hour, lang)}</text>` : '';
    return html`<rect x="${x}" y="${H - BOTTOM - height}" width="${(slot - 4).toFixed(1)}" height="${height}" class="bar"><title>${t('ov.hour_bar', { time: hourLabel(h.hour, lang), n: formatCount(h.n, lang) })}</title></rect>${tick}`;
  });
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}"><line x1="0" y1="${H - BOTTOM}" x2="${W}" y2="${H - BOTTOM}" class="axis"></line><text x="2" y="11" class="tick">${formatCount(max, lang)}</text>${bars}</svg>`;
}
