// A letter's problems in the user's language, for the form and the JSON API alike.
import type { Translate } from '../i18n/translate.ts';
import { LETTER_LIMITS, type LetterProblem } from './letter-draft.ts';

const mb = (bytes: number) => String(bytes / (1024 * 1024));

export function letterProblemText(t: Translate, p: LetterProblem): string {
  switch (p.code) {
    case 'empty':
      return t('letters.err.subject_empty');
    case 'too-long':
      return p.field === 'subject' ? t('letters.err.subject_long', { max: LETTER_LIMITS.subjectChars }) : t('letters.err.body_long', { max: LETTER_LIMITS.bodyChars });
    case 'too-many':
      return t('letters.err.too_many', { max: LETTER_LIMITS.files });
    case 'total-too-large':
      return t('letters.err.total', { max: mb(LETTER_LIMITS.totalBytes) });
    case 'file-too-large':
      return t('letters.err.file_large', { name: p.name, max: mb(LETTER_LIMITS.fileBytes) });
    case 'file-empty':
      return t('letters.err.file_empty', { name: p.name });
    case 'not-base64':
      return t('letters.err.not_base64', { name: p.name });
  }
}
