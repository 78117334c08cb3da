// Letters from the bank into out/letters/ for the accountant: the text as a file, attachments beside it; each once.
import type { ConnectorSession } from '../core/connector.ts';
import type { Logger } from '../core/logger.ts';
import type { Store } from '../store/db.ts';
import { crlfText, writeOutFile } from './out-files.ts';

const LOOKBACK_MS = 31 * 86_400_000;
/** File names from the bank are not trusted: no folders, no reserved characters. */
const safeName = (n: string) => n.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_').slice(0, 120) || 'attachment';

export async function exportLetters(d: { store: Store; connector: ConnectorSession; logger: Logger; mailbox: { name: string; root: string } }): Promise<number> {
  let written = 0;
  for (const l of await d.connector.letters.fetch(new Date(Date.now() - LOOKBACK_MS).toISOString())) {
    if (l.direction !== 'from-bank') continue;
    const base = `letters/${l.createdAt.slice(0, 10).replaceAll('-', '')}_${safeName(l.bankId)}`;
    const text = crlfText([`Тема=${l.subject.replace(/[\r\n]+/g, ' ')}`, `Дата=${l.createdAt}`, `БанкID=${l.bankId}`, `Вложения=${l.attachments.map((a) => safeName(a.name)).join('; ')}`, '', ...l.body.split(/\r?\n/)]);
    if (await writeOutFile(d.store.sql, { key: `letter:${l.bankId}`, mailbox: d.mailbox.name, root: d.mailbox.root, rel: `${base}.txt`, bytes: text })) written++;
    for (const a of l.attachments) await writeOutFile(d.store.sql, { key: `letter:${l.bankId}:${safeName(a.name)}`, mailbox: d.mailbox.name, root: d.mailbox.root, rel: `${base}/${safeName(a.name)}`, bytes: a.content });
  }
  if (written) d.logger.info({ written }, 'letters from the bank written for the accountant');
  return written;
}
