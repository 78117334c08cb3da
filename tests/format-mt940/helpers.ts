// Test helpers for the MT940 plugin: the corpus folder (read in place), in-memory files, mt940js typed and fed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type { InboundFile } from '../../gateway/core/plugin.ts';
import { memoryFile as memoryFile1c, testContext } from '../format-1c-kz/helpers.ts';
import { corpusDir } from '../fixtures/corpus.ts';

export const CORPUS = process.env.SHARED_CORPUS_MT940 ?? corpusDir('mt940');
export const corpusPresent = existsSync(CORPUS);

function walk(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]))
    .sort();
}

/** Corpus files relative to the folder ('wolph/mbank_mt940.sta'); [] when the folder is absent. */
export const corpusFiles = (): string[] => (corpusPresent ? walk(CORPUS).map((f) => relative(CORPUS, f)) : []);
export const readCorpus = (rel: string): Uint8Array => new Uint8Array(readFileSync(join(CORPUS, rel)));

export const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The 1C tests' in-memory file and plugin context, with a statement's default name. */
export const memoryFile = (bytes: Uint8Array, chunkSize = 65536, name = 'statement.sta'): InboundFile => memoryFile1c(bytes, chunkSize, name);
export { testContext };

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** What mt940js 1.3.5 returns (README): amounts are floats with the sign of the D/C mark. */
export interface Mt940jsStatement {
  transactionReference: string;
  accountIdentification: string;
  currency: string;
  openingBalance: number;
  closingBalance: number;
  transactions: { amount: number; isReversal: boolean; date: Date }[];
}

const require = createRequire(import.meta.url);
const { Parser } = require('mt940js') as { Parser: new () => { parse(text: string): Mt940jsStatement[] } };

/**
 * mt940js on a file. It takes a string with LF or CRLF breaks that starts at a tag or block (a proprietary header line
 * before it makes it read `null.data`): we give it the text from the first tag, `@@` and CR as LF, no BOM — its own
 * limits are not what the differential test is about.
 */
export function mt940js(bytes: Uint8Array): Mt940jsStatement[] {
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  const lines = text.replace(/@@/g, '\n').split(/\r\n|\r|\n/);
  const first = lines.findIndex((l) => /^(:\d\d[A-Z]?:|\{)/.test(l));
  return new Parser().parse(lines.slice(Math.max(first, 0)).join('\n'));
}
