import { execFileSync } from 'node:child_process';
import { defineConfig } from 'vitest/config';
import { nodeOnPath } from './scripts/dyno/host.ts';

// The Node outside node_modules/.bin on PATH: what a plain `git clone` user runs tsicorn with
// (20 on the CI machine). The server tests run a second time with it, so the runtime code is
// proven on the oldest supported Node as well as the pinned current one.
const sysNode = nodeOnPath();
const sysVersion = sysNode ? execFileSync(sysNode, ['--version'], { encoding: 'utf8' }).trim() : null;
const secondNode = sysNode && sysVersion !== process.version ? sysNode : null;
if (!secondNode) console.warn(`vitest: no second Node on PATH besides ${process.version}; server tests run once`);

const shared = { testTimeout: 60_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    // Builds the bundles from the sources once per run, into a temporary directory the tests run.
    globalSetup: ['test/setup/bundles.ts'],
    // Tests spawn real multi-process servers; two cores do not take much more parallelism.
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      { test: { ...shared, name: `node-${process.version}`, include: ['test/**/*.test.ts'] } },
      ...(secondNode
        ? [
            {
              test: {
                ...shared,
                name: `server-on-${sysVersion}`,
                include: ['test/server/**/*.test.ts'],
                env: { TSICORN_TEST_NODE: secondNode },
              },
            },
          ]
        : []),
    ],
  },
});
