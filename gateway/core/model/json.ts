// JSON (de)serialisation of documents: bigint minor units travel as decimal-digit strings.

const BIG = '__bigint__';

export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? { [BIG]: v.toString() } : v));
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text, (_k, v) => (v && typeof v === 'object' && typeof v[BIG] === 'string' && Object.keys(v).length === 1 ? BigInt(v[BIG]) : v)) as T;
}
