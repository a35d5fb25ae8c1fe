#!/usr/bin/env node
// `npm run publish-buildpack -- [--slug ns/name] [--ref v0.1.0] [--otp CODE] [--no-wait]`
// Thin runner for scripts/publish.ts (a developer tool: runs from node_modules with the
// pinned Node 24, which runs TypeScript directly; it is not part of the shipped buildpack).
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `publish-buildpack: needs Node >= 22.18 (this is ${process.version}); run \`npm run publish-buildpack\` after \`npm ci\`.`,
  );
  process.exit(2);
}
const { main } = await import('./publish.ts');
process.exitCode = await main(process.argv.slice(2), fileURLToPath(new URL('..', import.meta.url)));
