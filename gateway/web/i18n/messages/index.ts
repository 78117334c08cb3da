// Every dashboard area's messages joined into one catalogue per language.
import { mergeAreas } from '../catalogue.ts';
import { authMessages } from './auth.ts';
import { commonMessages } from './common.ts';
import { mailboxesMessages } from './mailboxes.ts';
import { queuesMessages } from './queues.ts';
import { signingMessages } from './signing.ts';

export const CATALOGUE = mergeAreas([commonMessages, authMessages, signingMessages, queuesMessages, mailboxesMessages]);
