// Commission rules: the first rule matching the document kind and scope gives fixed + percent, clamped to min/max.
import { parseDecimal } from '../../gateway/core/model/money.ts';
import type { CommissionRule } from './config.ts';
import { percentOf } from './fx-math.ts';

export interface CommissionSubject {
  kind: string;
  scope: 'intrabank' | 'interbank';
  /** The amount the percent is taken of, in `currency` minor units. */
  amount: bigint;
  currency: string;
}

export function commissionFor(rules: readonly CommissionRule[], s: CommissionSubject): bigint {
  const rule = rules.find((r) => (r.kinds.includes('*') || r.kinds.includes(s.kind)) && (r.scope === 'any' || r.scope === s.scope));
  if (!rule) return 0n;
  const dec = (v: string) => parseDecimal(v, s.currency) ?? 0n;
  let fee = dec(rule.fixed) + percentOf(s.amount, rule.percent);
  if (fee < dec(rule.min)) fee = dec(rule.min);
  if (rule.max !== undefined && fee > dec(rule.max)) fee = dec(rule.max);
  return fee;
}
