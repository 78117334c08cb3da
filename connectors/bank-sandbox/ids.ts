// Bank ids: a kind prefix and a time-sortable ULID (gateway/core/id.ts) — unique across the bank and across restarts.
import { newId } from '../../gateway/core/id.ts';

export type BankIdKind = 'document' | 'entry' | 'deal' | 'letter';

const PREFIX: Record<BankIdKind, string> = { document: 'D', entry: 'E', deal: 'FX', letter: 'L' };

export function bankId(kind: BankIdKind, now: number): string {
  return `${PREFIX[kind]}${newId(now)}`;
}
