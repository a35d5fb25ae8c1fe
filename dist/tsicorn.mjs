import { createRequire as __tsicornCreateRequire } from 'node:module'; const require = __tsicornCreateRequire(import.meta.url);

// lib/version.ts
var VERSION = true ? "0.1.0" : "0.0.0-dev";

// lib/cli/main.ts
async function main(argv) {
  if (argv.includes("--version") || argv.includes("-v")) {
    process.stdout.write(`tsicorn ${VERSION}
`);
    return;
  }
  process.stderr.write("tsicorn: the server is not built yet\n");
  process.exitCode = 2;
}
await main(process.argv.slice(2));
