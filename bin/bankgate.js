#!/usr/bin/env node
// The bankgate command (the CLI itself starts in bankgate.mjs). This first file is CommonJS on purpose
// (bin/package.json): the libuv thread pool is sized from UV_THREADPOOL_SIZE when first used, and an ES-module entry is
// itself read through that pool, too late to widen it. Intake runs its files' fsyncs on the pool (8 in flight,
// source-folder config): 16 threads let them overlap instead of queueing behind libuv's default 4.
process.env.UV_THREADPOOL_SIZE ??= '16';
import('./bankgate.mjs');
