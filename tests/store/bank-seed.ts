// Rows the bank-side repository suites start from: one file and its documents, inserted as rows on either database.
import type { Db } from '../../gateway/store/sql/executor.ts';

/** A file and its documents, inserted as rows (the documents repository is not what is tested here). */
export async function seedDocuments(db: Db, ids: string[], state = 'signed', body: (id: string) => object = () => ({ payer: { iban: 'KZ86125KZT5004100100' } })): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(`INSERT INTO files (id, mailbox, name, claim_id, sha256, size, state, received_at, updated_at) VALUES ('F1', 'main', 'a.txt', 'c1', 'sha-f1', 1, 'parsed', 0, 0) ON CONFLICT DO NOTHING`);
    for (const [i, id] of ids.entries()) {
      await tx.run(`INSERT INTO documents (id, file_id, seq, kind, number, doc_date, body_json, state, created_at) VALUES ($1, 'F1', $2, 'payment', $3, '2025-01-15', $4, $5, 0)`, [id, i, String(i + 1), JSON.stringify(body(id)), state]);
    }
  });
}
