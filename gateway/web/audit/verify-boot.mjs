// Entry of the audit verification thread: Node 20 runs no TypeScript, so tsx is registered first (as bin/bankgate.js does).
import { register } from 'tsx/esm/api';

register();
await import('./verify-worker.ts');
