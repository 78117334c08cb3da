// What the name of a handed-over file (`?name=` of an HTTP upload, `name` of an inbox queue job) may be: a plain file
// name that every mailbox folder can hold, on Linux and Windows shares alike — it becomes `in/.processing/<claimId>__<name>`,
// then `archive/<day>/<name>` or `error/<name>` + `.err`.
import { z } from 'zod';

/**
 * File systems allow 255 bytes per name; the longest name derived from it is the temp file of an error report,
 * `.<name>.<claimId>.err.json.<claimId>.tmp` (68 bytes more), so a name keeps to 187 bytes of UTF-8 (93 Cyrillic letters).
 */
export const MAX_NAME_BYTES = 187;

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/** The rules, with the "required" message showing how this source is given the name (`?name=…`, `"name": "…"`). */
export function fileName(example: string) {
  return z
    .string({ error: `required: the file name, e.g. ${example}` })
    .min(1, `required: the file name, e.g. ${example}`)
    .max(255, 'at most 255 characters')
    .refine((n) => !/[/\\]/.test(n), 'a plain file name: no / or \\ (no folders)')
    .refine((n) => !/[\x00-\x1f\x7f<>:"|?*]/.test(n), 'no control characters and none of < > : " | ? * (Windows forbids them)')
    // The folder source never takes hidden names ('.*' is ignored), and Windows drops a trailing dot or space.
    .refine((n) => !n.startsWith('.') && !/[. ]$/.test(n), 'no leading dot and no trailing dot or space')
    .refine((n) => !WINDOWS_DEVICE.test(n), 'not a name Windows reserves for a device (CON, NUL, COM1, LPT1…)')
    .refine((n) => Buffer.byteLength(n, 'utf8') <= MAX_NAME_BYTES, `at most ${MAX_NAME_BYTES} bytes in UTF-8`);
}

/** `?name=` of the HTTP inbox. */
export const fileNameSchema = fileName('?name=1c_to_kl.txt');
