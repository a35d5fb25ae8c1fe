// lib/app/check.ts, bundled as dist/ would bundle it, run as a real process with TSICORN_CHECK_SETTINGS.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_NODE } from '../helpers/proc.ts';
import { APPS, checkAppBundle } from '../http/serve.ts';

async function check(settings: unknown) {
  const script = await checkAppBundle();
  const r = spawnSync(TEST_NODE, [script], {
    env: {
      ...process.env,
      TSICORN_CHECK_SETTINGS: typeof settings === 'string' ? settings : JSON.stringify(settings),
    },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('check-app', () => {
  it('a good app: "App OK: <shape> from <file>", exit 0', async () => {
    const r = await check({ app: 'app', factory: false, chdir: join(APPS, 'express5') });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^App OK: express from app\.js; GET \/ answered 200 in \d+ ms\n$/);
    const f = await check({ app: 'app', factory: false, chdir: join(APPS, 'fastify') });
    expect(f.out).toMatch(/^App OK: fastify from app\.js; GET \/ answered 200/);
    const t = await check({ app: 'app:createApp', factory: true, chdir: join(APPS, 'factory-async') });
    expect(t.out).toMatch(/^App OK: factory -> fetch from app\.js; GET \/ answered 200/);
  });

  it('a throwing or missing app: the error, exit 1', async () => {
    const bad = await check({ app: 'app', factory: false, chdir: join(APPS, 'throws-at-import') });
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/App failed to load: .*DATABASE_URL is not set/);
    const missing = await check({ app: 'nope', factory: false, chdir: join(APPS, 'express5') });
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/Cannot find app module "nope"/);
  });

  it('unreadable settings: exit 1 with what was expected', async () => {
    const r = await check('not json');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/TSICORN_CHECK_SETTINGS must hold the settings as JSON/);
  });
});
