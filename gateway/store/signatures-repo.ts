// Signatures on documents: read the set of a document, and add signatures with the document's state change in one transaction.
import { asc, eq } from 'drizzle-orm';
import type { Store } from './db.ts';
import { signatures } from './schema.ts';

export type SignatureRow = typeof signatures.$inferSelect;

export function signaturesOf(store: Store, documentId: string): SignatureRow[] {
  return store.db.select().from(signatures).where(eq(signatures.documentId, documentId)).orderBy(asc(signatures.seq)).all();
}
