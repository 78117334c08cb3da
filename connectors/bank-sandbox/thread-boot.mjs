// Entry of the sandbox bank's thread: Node 20 runs no TypeScript, so tsx is registered first (as bin/bankgate.js does).
import { register } from 'tsx/esm/api';

register();
await import('./thread-worker.ts');
