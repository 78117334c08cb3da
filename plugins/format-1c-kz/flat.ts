// A copy of a string that shares no memory with the string it was cut from.

/**
 * V8 cuts substrings of 13+ characters as views into their parent: a short value cut from a decoded 1 MiB chunk
 * would keep the whole chunk alive. Anything kept longer than the chunk (cached keys, issue texts) goes through
 * `detach`; joining to a one-character string and cutting it off again makes V8 copy the characters.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
