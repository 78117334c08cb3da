// Name filters: glob-ish ignore patterns and the `x.txt.done` trigger-file convention.

/** `*` any run, `?` one character; whole basename, case-insensitive (Windows names are). */
export function compileIgnore(patterns: readonly string[]): (name: string) => boolean {
  if (patterns.length === 0) return () => false;
  const body = patterns
    .map((p) => p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.'))
    .join('|');
  const re = new RegExp(`^(?:${body})$`, 'is');
  return (name) => re.test(name);
}

export const DONE_SUFFIX = '.done';

export function isDoneMarker(name: string): boolean {
  return name.length > DONE_SUFFIX.length && name.toLowerCase().endsWith(DONE_SUFFIX);
}

export function markerFor(name: string): string {
  return name + DONE_SUFFIX;
}

export function dataNameOf(marker: string): string {
  return marker.slice(0, -DONE_SUFFIX.length);
}
