// The dashboard benchmark's store: 1,000,000 documents over ~60 days (states, kinds, 8 payer accounts, 3,000
// beneficiaries, log-spread amounts), inserted directly in one transaction through the real schema and triggers.
// Built once and kept in the temp folder under a key of the schema version, so reruns start at once.
import { seededRandom } from '../tests/e2e/kill-harness.ts';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { newId } from '../gateway/core/id.ts';
import type { CanonicalDocument, DocumentKind, ListRow } from '../gateway/core/model/document.ts';
import { toJson } from '../gateway/core/model/json.ts';
import { openStore } from '../gateway/store/db.ts';

/** Bump when the generator changes what it writes. */
const GENERATOR = 1;
const DAY = 86_400_000;

export interface DashboardData {
  dataDir: string;
  documents: number;
  /** Payer accounts, most used first. */
  accounts: string[];
  /** A beneficiary's name and BIN that occur in the data (for the search rows). */
  beneficiary: { name: string; bin: string };
  /** Last business date in the data ('YYYY-MM-DD'). */
  lastDay: string;
  /** Seconds the build took (0 when the cached store was used). */
  builtSeconds: number;
}

const MIGRATIONS = new URL('../gateway/store/migrations/', import.meta.url);

/** The schema version: every migration's text, so a changed migration builds a new store. */
function migrationsKey(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS).filter((n) => n.endsWith('.sql')).sort()) h.update(f).update(readFileSync(new URL(f, MIGRATIONS)));
  return h.digest('hex').slice(0, 10);
}

/**
 * The dashboard migrations' indexes, triggers and backfills on documents. The bulk load drops them, inserts, and runs
 * them again: indexes built once over sorted data, and the counters filled by the same backfill an upgrade runs.
 */
function dashboardMigration(): { drop: string[]; recreate: string[] } {
  // Migration 0008 and the later ones: their documents indexes and triggers are dropped for the load and run after it.
  const files = readdirSync(MIGRATIONS).filter((n) => /^\d{4}_.*\.sql$/.test(n) && Number(n.slice(0, 4)) >= 8).sort();
  const statements = files.flatMap((f) => readFileSync(new URL(f, MIGRATIONS), 'utf8').split('--> statement-breakpoint')).map((x) => x.replace(/^\s*(--[^\n]*\n)+/g, '').trim());
  const drop: string[] = [];
  const recreate: string[] = [];
  for (const sql of statements) {
    const ix = /^CREATE INDEX `(\w+)` ON `documents`/.exec(sql);
    const tr = /^CREATE TRIGGER `(\w+)` AFTER \w+(?: OF [^O]+)? ON `documents`/.exec(sql);
    if (ix) drop.push(`DROP INDEX \`${ix[1]}\``);
    if (tr) drop.push(`DROP TRIGGER \`${tr[1]}\``);
    if (ix || tr || /^INSERT INTO `(document_counts|document_hours|document_day_ids|beneficiary_names)`/.test(sql)) recreate.push(sql);
  }
  return { drop, recreate };
}


function pick<T>(r: () => number, weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
}

const digits = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
const iban = (r: () => number, bank: string) => `KZ${digits(r, 2)}${bank}${digits(r, 13)}`;

const FORMS = ['ТОО', 'АО', 'ИП', 'ЖШС', 'АҚ', 'КГУ', 'НАО', 'ПК'];
const STEMS = ['Алатау', 'Береке', 'Самұрық', 'Қазтеміртранс', 'Астана', 'Сервис', 'Строй', 'Энерго', 'Логистик', 'Агро', 'Медиа', 'Ақжол', 'Жетісу', 'Нұр', 'Сарыарқа', 'Тараз', 'Көкшетау', 'Байтерек', 'Алтын', 'Дала', 'Тенгри', 'Интер', 'Трейд', 'Технолоджи', 'Транзит', 'Сауда', 'Құрылыс', 'Консалтинг', 'Фарм', 'Ойл', 'Газ', 'Телеком', 'Пром', 'Снаб', 'Маркет', 'Групп', 'Холдинг', 'Капитал', 'Инвест', 'Плюс'];
const CITIES = ['Алматы', 'Астана', 'Шымкент', 'Қарағанды', 'Ақтөбе', 'Павлодар', 'Атырау', 'Өскемен'];
const PEOPLE = [['Ахметов', 'Ерлан'], ['Сейтқали', 'Айгерім'], ['Иванова', 'Мария'], ['Нұрланұлы', 'Дәулет'], ['Ким', 'Виктор'], ['Жұмабаева', 'Сәуле']] as const;

const KINDS: readonly (readonly [DocumentKind, number])[] = [['payment', 70], ['pension', 6], ['social', 5], ['medical', 5], ['budget', 6], ['salary', 5], ['fx-payment', 2], ['fx-order', 0.5], ['letter', 0.5]];
/** Older documents have mostly reached the end of their way; the last two days are still on it. */
const OLD_STATES = [['executed', 86], ['rejected', 1.5], ['invalid', 3], ['accepted', 1], ['held', 0.3], ['awaiting-signature', 5], ['partially-signed', 1], ['signed', 0.2], ['unknown-outcome', 0.1], ['parsed', 0.1], ['sent', 0.3]] as const;
const NEW_STATES = [['executed', 30], ['accepted', 15], ['sent', 5], ['queued', 1], ['signed', 4], ['partially-signed', 8], ['awaiting-signature', 28], ['invalid', 6], ['rejected', 2], ['held', 1]] as const;

interface Party { name: string; binIin: string; iban: string; bic: string; code: string }

function beneficiaries(r: () => number, n: number): Party[] {
  const out: Party[] = [];
  for (let i = 0; i < n; i++) {
    const a = STEMS[Math.floor(r() * STEMS.length)]!;
    const b = STEMS[Math.floor(r() * STEMS.length)]!.toLowerCase();
    const city = r() < 0.4 ? ` ${CITIES[Math.floor(r() * CITIES.length)]}` : '';
    out.push({ name: `${FORMS[i % FORMS.length]} «${a}${b}${city}»`, binIin: digits(r, 12), iban: iban(r, ['125', '601', '722', '914'][i % 4]!), bic: ['HSBKKZKX', 'CASPKZKA', 'KCJBKZKX', 'BKCHKZKA'][i % 4]!, code: '17' });
  }
  return out;
}

function listRows(r: () => number, n: number, total: bigint): ListRow[] {
  const each = total / BigInt(n);
  return Array.from({ length: n }, (_, i) => {
    const [last, first] = PEOPLE[i % PEOPLE.length]!;
    return { iin: digits(r, 12), lastName: last, firstName: first, amount: { minor: i === n - 1 ? total - each * BigInt(n - 1) : each, currency: 'KZT' }, period: '2025-01', line: i + 2 };
  });
}

function document(r: () => number, kind: DocumentKind, number: string, date: string, minor: bigint, payer: Party, ben: Party): CanonicalDocument {
  const amount = { minor, currency: kind === 'fx-payment' || kind === 'fx-order' ? 'USD' : 'KZT' };
  const base = { number, date, amount, payer, beneficiary: ben, knp: '710', purpose: `Оплата по договору №${digits(r, 4)} от ${date}, в т.ч. НДС 12%` };
  switch (kind) {
    case 'pension':
      return { ...base, kind, scheme: 'OPV', knp: '010', rows: listRows(r, 3 + Math.floor(r() * 6), minor) };
    case 'social':
      return { ...base, kind, knp: '012', rows: listRows(r, 3 + Math.floor(r() * 6), minor) };
    case 'medical':
      return { ...base, kind, scheme: 'VOSMS', knp: '122', rows: listRows(r, 3 + Math.floor(r() * 6), minor) };
    case 'salary':
      return { ...base, kind, knp: '311', rows: listRows(r, 3 + Math.floor(r() * 6), minor) };
    case 'budget':
      return { ...base, kind, kbk: '101201', knp: '911' };
    case 'fx-payment':
      return { ...base, kind, charges: 'SHA', contractNumber: `K-${digits(r, 5)}` };
    case 'fx-order':
      return { kind, number, date, direction: r() < 0.5 ? 'buy' : 'sell', amount, fromIban: payer.iban, toIban: ben.iban, purpose: 'Покупка валюты для оплаты по контракту' };
    case 'letter':
      return { kind, number, date, subject: 'Письмо в банк', body: 'Просим подтвердить получение платежей.' };
    default:
      return { ...base, kind: 'payment' };
  }
}

const dayOf = (ms: number) => new Date(ms + 5 * 3_600_000).toISOString().slice(0, 10); // Asia/Almaty, UTC+5

/** The store for `documents` documents: reused from the temp folder when it was built before with the same schema. */
export function dashboardData(documents = 1_000_000, log: (s: string) => void = console.log): DashboardData {
  const dir = path.join(os.tmpdir(), `bankgate-bench-dashboard-${migrationsKey()}-g${GENERATOR}-${documents}`);
  const meta = path.join(dir, 'meta.json');
  if (existsSync(meta)) return { ...(JSON.parse(readFileSync(meta, 'utf8')) as DashboardData), builtSeconds: 0 };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`building the dashboard store: ${documents.toLocaleString('en-US')} documents (once; cached in ${dir})…`);
  const started = performance.now();
  // Deterministic (mulberry32): the same store every build.
  const r = seededRandom(20250115);
  const accounts = Array.from({ length: 8 }, (_, i) => iban(r, ['125', '601', '722', '914'][i % 4]!));
  const accountWeights = accounts.map((a, i) => [a, 8 - i] as const);
  const company = { name: 'ТОО «Бенч Компани»', binIin: '150140001239', bic: 'HSBKKZKX', code: '17' };
  const bens = beneficiaries(r, 3000);
  const end = Date.UTC(2025, 2, 15, 12, 0, 0);
  const start = end - 60 * DAY;
  const step = (end - start) / documents;

  const store = openStore({ dataDir: dir });
  const bulk = dashboardMigration();
  try {
    store.sqlite.pragma('synchronous = OFF');
    store.sqlite.pragma('cache_size = -1048576');
    for (const sql of bulk.drop) store.sqlite.exec(sql);
    const insFile = store.sqlite.prepare(`INSERT INTO files (id, mailbox, name, claim_id, sha256, size, state, format, received_at, updated_at) VALUES (?, 'default', ?, ?, ?, ?, ?, '1c.kz', ?, ?)`);
    const insDoc = store.sqlite.prepare(
      `INSERT INTO documents (id, file_id, seq, line, kind, number, doc_date, amount_minor, currency, body_json, state, issues_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const invalidIssues = JSON.stringify([{ code: 'VAL_IBAN_CHECKSUM', severity: 'error', line: 7, field: 'ПолучательИИК', message: 'IBAN check digits are wrong', text: { en: 'IBAN check digits are wrong', ru: 'Неверные контрольные цифры IBAN', kk: 'IBAN бақылау сандары қате' } }]);
    store.sqlite.transaction(() => {
      let fileId = '';
      let seq = 0;
      for (let i = 0; i < documents; i++) {
        const at = Math.floor(start + i * step);
        if (i % 200 === 0) {
          fileId = newId(at - 1);
          const sha = createHash('sha256').update(`bench-file-${i}`).digest('hex');
          insFile.run(fileId, `pp_${dayOf(at).replaceAll('-', '')}_${i / 200}.txt`, `bench-claim-${i}`, sha, 200 * 900, 'parsed', at - 1, at - 1);
          // Now and then a file refused as a whole (no documents): the overview's "invalid files today".
          if (i % 20_000 === 0) insFile.run(newId(at - 1), `broken_${i}.txt`, `bench-bad-${i}`, createHash('sha256').update(`bench-bad-${i}`).digest('hex'), 1200, 'invalid', at - 1, at - 1);
          seq = 0;
        }
        const kind = pick(r, KINDS);
        const state = pick(r, end - at < 2 * DAY ? NEW_STATES : OLD_STATES);
        const payerIban = pick(r, accountWeights);
        const ben = bens[Math.floor(Math.pow(r(), 1.6) * bens.length)]!; // some beneficiaries far more often than others
        const date = r() < 0.05 ? dayOf(at - DAY * (1 + Math.floor(r() * 3))) : dayOf(at);
        const minor = BigInt(Math.round(Math.exp(Math.log(100_000) + r() * (Math.log(5_000_000_000) - Math.log(100_000)))));
        const doc = document(r, kind, String((i % 9999) + 1), date, minor, { ...company, iban: payerIban }, ben);
        const amount = 'amount' in doc ? doc.amount : null;
        insDoc.run(newId(at), fileId, seq, 2 + seq * 18, kind, doc.number, date, amount ? amount.minor.toString() : null, amount?.currency ?? null, toJson(doc), state, state === 'invalid' ? invalidIssues : null, at);
        seq++;
        if (i > 0 && i % 200_000 === 0) log(`  ${i.toLocaleString('en-US')} documents…`);
      }
    })();
    log('  indexes, counters and triggers of migrations 0008 and later…');
    store.sqlite.transaction(() => {
      for (const sql of bulk.recreate) store.sqlite.exec(sql);
    })();
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    void store.close();
  }
  const data: DashboardData = { dataDir: dir, documents, accounts, beneficiary: { name: bens[7]!.name, bin: bens[7]!.binIin }, lastDay: dayOf(end), builtSeconds: (performance.now() - started) / 1000 };
  writeFileSync(meta, JSON.stringify(data));
  log(`  built in ${data.builtSeconds.toFixed(0)} s`);
  return data;
}
