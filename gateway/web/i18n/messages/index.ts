// Every dashboard area's messages joined into one catalogue per language.
import { mergeAreas } from '../catalogue.ts';
import { authMessages } from './auth.ts';
import { commonMessages } from './common.ts';
import { mailboxesMessages } from './mailboxes.ts';
import { queuesMessages } from './queues.ts';
import { signingMessages } from './signing.ts';
import { settingsMessages } from './settings.ts';
import { keysMessages } from './keys.ts';
import { auditMessages } from './audit.ts';
import { usersMessages } from './users.ts';
import { lettersMessages } from './letters.ts';
import { fxMessages } from './fx.ts';
import { statementsMessages } from './statements.ts';
import { documentsMessages } from './documents.ts';
import { overviewMessages } from './overview.ts';

export const CATALOGUE = mergeAreas([commonMessages, authMessages, documentsMessages, overviewMessages, signingMessages, queuesMessages, mailboxesMessages, statementsMessages, fxMessages, lettersMessages, usersMessages, auditMessages, keysMessages, settingsMessages]);
