#!/usr/bin/env node
// `npm run demo`: thin runner for scripts/dyno/demo.ts. npm runs it with the pinned Node 24
// (node_modules/.bin/node), which runs TypeScript directly; the buildpack and the server it boots
// still run on the system Node, as a dyno would.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `demo: needs Node >= 22.18 to run TypeScript (this is ${process.version}); run it with \`npm run demo\` after \`npm ci\`.`,
  );
  process.exit(2);
}
const { demo } = await import('./dyno/demo.ts');
process.exitCode = await demo(process.argv.slice(2));
