// Every dashboard area's messages joined into one catalogue per language.
import { mergeAreas } from '../catalogue.ts';
import { authMessages } from './auth.ts';
import { commonMessages } from './common.ts';
import { documentsMessages } from './documents.ts';
import { overviewMessages } from './overview.ts';

export const CATALOGUE = mergeAreas([commonMessages, authMessages, documentsMessages, overviewMessages]);
