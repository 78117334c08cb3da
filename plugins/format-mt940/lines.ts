// Text → lines: CRLF, LF and CR breaks, `@@` breaks (some exports). Line n of the file is element n − 1.

/** A file that uses `@@` for its line breaks: `@@` right before a tag (`@@:61:`) or a block (`@@{`, `@@-}`). */
const AT_BREAKS = /@@(?=:[0-9]{2}[A-Z]?:|:NS:|-\}|\{|-$)/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;
// eslint-disable-next-line no-control-regex
const HAS_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!$)/;
const LONE_CR = /\r(?!\n)/;

/** Splits a decoded file into lines (`@@` breaks count as line breaks for the line numbers too). */
export function splitLines(text: string): string[] {
  // Splitting on '\n' alone is much faster; the '\r' of CRLF is then trimmed with the trailing blanks.
  const raw = LONE_CR.test(text) ? text.split(/\r\n|\r|\n/) : text.split('\n');
  return AT_BREAKS.test(text) ? raw.flatMap((l) => l.split('@@')) : raw;
}

/** True when the line holds control characters other than TAB (read as spaces, with a warning). */
export function hasControl(line: string): boolean {
  return HAS_CONTROL.test(line);
}

/** The line with control characters as spaces and no trailing blanks (`:86:` lines are often padded to 65). */
export function cleanLine(line: string, control: boolean): string {
  return (control ? line.replace(CONTROL, ' ') : line).trimEnd();
}
