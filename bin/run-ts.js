#!/usr/bin/env node
// Runs a TypeScript entry file (run-ts.mjs) with the thread pool bankgate.js gives the gateway, so benchmarks measure
// the gateway's code as `bankgate` runs it. CommonJS for the same reason as bankgate.js.
process.env.UV_THREADPOOL_SIZE ??= '16';
import('./run-ts.mjs');
