// Streams a file's result report into out/ while its documents pass by: `<name>.result.json` (the shape of
// `bankgate validate --json`; keys of the top object in another order) and `<name>.err` when there are errors.
// Both are written to temp names and renamed at the end, so 1C never reads a partial report.
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { errLine, type Lang } from '../core/error-report.ts';
import type { Issue } from '../core/issue.ts';
import { moveWithRetry } from '../../plugins/source-folder/index.ts';
import { documentResultJson, issueJson, isValid, type CheckedDocument } from './file-result.ts';

const FLUSH_AT = 64 * 1024;
const MOVE = { retries: 10, retryMs: 50 };

class BufferedFile {
  private parts: string[] = [];
  private size = 0;
  wrote = false;
  private constructor(readonly tmp: string, private readonly fh: FileHandle) {}
  static async create(tmp: string): Promise<BufferedFile> {
    return new BufferedFile(tmp, await open(tmp, 'w'));
  }
  async write(s: string): Promise<void> {
    this.parts.push(s);
    this.size += s.length;
    this.wrote = true;
    if (this.size >= FLUSH_AT) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await this.fh.write(text, null, 'utf8');
  }
  async close(sync: boolean): Promise<void> {
    await this.flush();
    if (sync) await this.fh.sync();
    await this.fh.close();
  }
}

export interface ResultWriter {
  document(d: CheckedDocument): Promise<void>;
  /** Writes the file-level part and moves both reports into place. */
  finish(r: { encoding: string | null; fileIssues: Issue[]; accepted: boolean }): Promise<void>;
  /** Drops the temp files (the job failed and will run again). */
  abort(): Promise<void>;
}

export async function createResultWriter(root: string, meta: { file: string; fileId: string; format: string | null; lang?: Lang }): Promise<ResultWriter> {
  const lang = meta.lang ?? 'ru';
  const out = path.join(root, 'out');
  await mkdir(out, { recursive: true });
  const target = path.join(out, meta.file);
  const json = await BufferedFile.create(path.join(out, `.${meta.file}.result.json.${meta.fileId}.tmp`));
  const err = await BufferedFile.create(path.join(out, `.${meta.file}.err.${meta.fileId}.tmp`));
  let documents = 0;
  let valid = 0;
  await json.write(`{\n  "file": ${JSON.stringify(meta.file)},\n  "file_id": ${JSON.stringify(meta.fileId)},\n  "format": ${JSON.stringify(meta.format)},\n  "documents": [`);
  const writeErrors = async (issues: readonly Issue[]) => {
    for (const i of issues) if (i.severity === 'error') await err.write((err.wrote ? '' : '\uFEFF') + errLine(i));
  };
  return {
    async document(d) {
      await json.write(`${documents === 0 ? '\n' : ',\n'}    ${JSON.stringify(documentResultJson(d, lang))}`);
      documents++;
      if (isValid(d.issues)) valid++;
      await writeErrors(d.issues);
    },
    async finish(r) {
      await writeErrors(r.fileIssues);
      const summary = { documents, valid, invalid: documents - valid };
      await json.write(
        `${documents ? '\n  ' : ''}],\n  "encoding": ${JSON.stringify(r.encoding)},\n  "issues": ${JSON.stringify(r.fileIssues.map((i) => issueJson(i, lang, false)))},\n  "summary": ${JSON.stringify(summary)},\n  "accepted": ${r.accepted}\n}\n`,
      );
      await json.close(true);
      await err.close(err.wrote);
      if (err.wrote) await moveWithRetry(err.tmp, `${target}.err`, MOVE);
      else {
        await rm(err.tmp, { force: true });
        // A clean file of the same name replaces an earlier one's result: its stale .err must go.
        await rm(`${target}.err`, { force: true });
      }
      await moveWithRetry(json.tmp, `${target}.result.json`, MOVE);
    },
    async abort() {
      await json.close(false).catch(() => undefined);
      await err.close(false).catch(() => undefined);
      await rm(json.tmp, { force: true });
      await rm(err.tmp, { force: true });
    },
  };
}
