#!/usr/bin/env node
// The `glimpse` command (package.json "bin"): runs the TypeScript command line in
// src/node/cli through tsx, which this repository installs with `npm install`.
let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch {
  process.stderr.write(
    'glimpse: error: the command line runs its TypeScript sources with tsx, which is not ' +
      'installed. Run "npm install" in the Glimpse folder first.\n',
  );
  process.exit(1);
}
register();
const { main } = await import('../src/node/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
