// The bankgate command: loads the TypeScript CLI through tsx's ESM loader.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// The repository's tsconfig wherever the command runs from: tsx otherwise looks in the working folder, and without
// it the dashboard's JSX (jsxImportSource hono/jsx) compiles to React.createElement and every page fails.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
// `bankgate validate FILE | head`: a reader that stops early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const { main } = await import('../gateway/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
