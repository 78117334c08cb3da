// Options of the 1C KZ plugin: the employee sub-section grammar and the KNP → kind table (overrides over the defaults).
import { DEFAULT_KNP_KINDS, KnpKinds, STATUTORY_BENEFICIARIES, type BeneficiaryRule, type KnpKindOverrides } from './kinds.ts';
import type { MapContext } from './map-document.ts';
import { listGrammar, type ListGrammarOptions } from './rows.ts';

export interface Format1cKzOptions {
  /** Names of the employee sub-section and its keys (default kz-formats.md 8.2: `СекцияСотрудник` … `КонецСотрудник`). */
  list?: ListGrammarOptions;
  /** Merged over `DEFAULT_KNP_KINDS`: `{ '311': { kind: 'salary' } }` adds, `{ '332': null }` removes. */
  knpKinds?: KnpKindOverrides;
  /** Replaces `STATUTORY_BENEFICIARIES` (accounts/banks that identify pension, social, medical and budget payments). */
  beneficiaries?: readonly BeneficiaryRule[];
}

/** Validates options once (throws RangeError on a bad table or grammar) and builds what the mapper needs. */
export function resolveOptions(o: Format1cKzOptions = {}): MapContext {
  return {
    knpKinds: new KnpKinds(DEFAULT_KNP_KINDS, o.knpKinds ?? {}),
    beneficiaries: o.beneficiaries ?? STATUTORY_BENEFICIARIES,
    list: listGrammar(o.list),
  };
}
