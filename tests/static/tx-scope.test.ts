// Inside a transaction callback, code uses the transaction's Db (`tx`), never the outer one (`store.sql`, `d.store.sql`):
// on SQLite the outer Db waits for the transaction to end (a hang), on PostgreSQL it runs outside it. Found by reading
// the source (TypeScript's parser), since a runtime guard through AsyncLocalStorage slows every await on Node 20.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TX = new Set(['transaction', 'durable', 'durableAsync']);

/** `<x>.sql` read lexically inside the callback of `<db>.transaction|durable|durableAsync(…)`. */
export function outerDbInsideTransactions(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (n: ts.Node, inTx: boolean): void => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && TX.has(n.expression.name.text)) {
      const cb = n.arguments[0];
      if (cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) {
        visit(n.expression, inTx);
        for (const a of n.arguments) visit(a, true);
        return;
      }
    }
    if (inTx && ts.isPropertyAccessExpression(n) && n.name.text === 'sql') {
      const line = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
      found.push(`${file}:${line}: ${n.parent.getText(sf).slice(0, 100)}`);
    }
    n.forEachChild((c) => visit(c, inTx));
  };
  visit(sf, false);
  return found;
}

describe('transaction scope', () => {
  it('the checker finds the outer Db inside a transaction, and accepts tx', () => {
    expect(outerDbInsideTransactions('a.ts', `await store.sql.transaction(async (tx) => { await getFile(store.sql, id); });`)).toHaveLength(1);
    expect(outerDbInsideTransactions('a.ts', `await store.sql.durable(async (tx) => { await getFile(tx, id); });`)).toEqual([]);
  });

  it('no source file uses the outer Db inside a transaction', () => {
    const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => f && !f.startsWith('tests/static/'));
    const found = files.flatMap((f) => {
      const text = readFileSync(`${ROOT}/${f}`, 'utf8');
      return /\.(transaction|durable|durableAsync)\(/.test(text) ? outerDbInsideTransactions(f, text) : [];
    });
    expect(found).toEqual([]);
  });
});
