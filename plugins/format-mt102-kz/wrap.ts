// `/ASSIGN/` wrapping (kz-formats.md 2.2: first line ≈ 62 characters, continuation lines of 70, up to ~6 lines). Lines are
// cut without dropping a character (read back joined with ''), never next to a space, never so a line starts with '/', ':' or '-'.

/** Characters a continuation line must not start with: a sub-field ('/'), a tag (':'), the block end ('-}'). */
const BAD_START = new Set(['/', ':', '-']);

function goodCut(text: string, at: number): boolean {
  const before = text[at - 1];
  const after = text[at];
  return before !== ' ' && after !== ' ' && after !== undefined && !BAD_START.has(after);
}

/** The lines of the purpose: the first holds at most `first` characters, the others `next`. Returns every line needed. */
export function wrapAssign(text: string, size: { first: number; next: number }): string[] {
  const out: string[] = [];
  let rest = text;
  let width = size.first;
  while (rest.length > width) {
    let cut = width;
    while (cut > 1 && !goodCut(rest, cut)) cut--;
    if (cut <= 1) cut = width; // no good place (a run of spaces or slashes): cut hard
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
    width = size.next;
  }
  out.push(rest);
  return out;
}
