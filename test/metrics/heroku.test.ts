// Heroku runtime metrics: when and how often to post, keeping Heroku's own plugin out of NODE_OPTIONS
// (bin/tsicorn in sh and splitHerokuPlugin in TypeScript must agree), and the POST itself.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { herokuTarget, postJson, splitHerokuPlugin } from '../../lib/metrics/heroku.ts';
import { ROOT } from '../helpers/proc.ts';
import { shellcheck } from '../helpers/shellcheck.ts';

const URL_ = 'https://metrics.example.test/x/y';

describe('herokuTarget', () => {
  it('posts every 20 s by default, METRICS_INTERVAL_OVERRIDE in ms with a 10 s minimum', () => {
    expect(herokuTarget({ HEROKU_METRICS_URL: URL_ })).toMatchObject({ intervalMs: 20_000, note: null });
    expect(herokuTarget({ HEROKU_METRICS_URL: URL_, METRICS_INTERVAL_OVERRIDE: '15000' })).toMatchObject({
      intervalMs: 15_000,
    });
    const low = herokuTarget({ HEROKU_METRICS_URL: URL_, METRICS_INTERVAL_OVERRIDE: '2000' });
    expect(low).toMatchObject({ intervalMs: 10_000 });
    expect((low as { note: string }).note).toMatch(/10 s minimum/);
    const bad = herokuTarget({ HEROKU_METRICS_URL: URL_, METRICS_INTERVAL_OVERRIDE: 'soon' });
    expect(bad).toMatchObject({ intervalMs: 20_000 });
    expect((bad as { note: string }).note).toMatch(/not a number/);
  });

  it('is off without the URL, with Heroku’s opt-outs, and for a URL it cannot post to', () => {
    expect(herokuTarget({})).toEqual({ off: 'HEROKU_METRICS_URL is not set' });
    expect(herokuTarget({ HEROKU_METRICS_URL: URL_, HEROKU_SKIP_NODE_PLUGIN: 'true' })).toHaveProperty('off');
    expect(herokuTarget({ HEROKU_METRICS_URL: URL_, DYNO: 'run.1234' })).toHaveProperty('off');
    expect(herokuTarget({ HEROKU_METRICS_URL: 'not a url' })).toHaveProperty('off');
    expect(herokuTarget({ HEROKU_METRICS_URL: 'ftp://x/y' })).toHaveProperty('off');
    expect(herokuTarget({ HEROKU_METRICS_URL: URL_, DYNO: 'web.1' })).toHaveProperty('url');
  });
});

const CASES: Array<[string, string, string | null]> = [
  // [NODE_OPTIONS, what remains, plugin removed]
  ['--require /app/.heroku/metrics/metrics_collector.cjs', '', '/app/.heroku/metrics/metrics_collector.cjs'],
  [
    '--max-old-space-size=460 --require /app/.heroku/metrics/metrics_collector.cjs',
    '--max-old-space-size=460',
    '/app/.heroku/metrics/metrics_collector.cjs',
  ],
  [
    '-r /app/.heroku/heroku-nodejs-plugin --enable-source-maps',
    '--enable-source-maps',
    '/app/.heroku/heroku-nodejs-plugin',
  ],
  [
    '--require=/layers/heroku_nodejs/node_runtime_metrics/metrics_collector.cjs  -r ./tracing.js',
    '-r ./tracing.js',
    '/layers/heroku_nodejs/node_runtime_metrics/metrics_collector.cjs',
  ],
  ['--require ./my_metrics_collector.cjs.js', '--require ./my_metrics_collector.cjs.js', null],
  ['--enable-source-maps', '--enable-source-maps', null],
  ['', '', null],
];

describe('keeping Heroku’s plugin out of NODE_OPTIONS', () => {
  it.each(CASES)('splitHerokuPlugin(%j)', (input, rest, plugin) => {
    expect(splitHerokuPlugin(input)).toEqual({ rest, plugin });
  });

  it('bin/tsicorn does the same before Node starts', () => {
    // A stand-in `node` first on PATH prints what the shim hands it.
    const dir = mkdtempSync(join(tmpdir(), 'tsicorn-shim-'));
    try {
      writeFileSync(
        join(dir, 'node'),
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansions
        '#!/bin/sh\nprintf "%s\\n%s\\n" "${NODE_OPTIONS-<unset>}" "${TSICORN_HEROKU_PLUGIN-<unset>}"\n',
      );
      chmodSync(join(dir, 'node'), 0o755);
      for (const [input, rest, plugin] of CASES) {
        const env: Record<string, string> = { PATH: `${dir}:/usr/bin:/bin` };
        if (input) env.NODE_OPTIONS = input;
        const r = spawnSync(`${ROOT}bin/tsicorn`, ['--version'], { env, encoding: 'utf8' });
        expect(r.status).toBe(0);
        const [gotOptions, gotPlugin] = r.stdout.split('\n');
        expect({ input, options: gotOptions, plugin: gotPlugin }).toEqual({
          input,
          options: input === '' ? '<unset>' : rest,
          plugin: plugin ?? '<unset>',
        });
      }
      // Quoted values are left untouched.
      const quoted = `--title "a b" --require /app/.heroku/metrics/metrics_collector.cjs`;
      const r = spawnSync(`${ROOT}bin/tsicorn`, [], {
        env: { PATH: `${dir}:/usr/bin:/bin`, NODE_OPTIONS: quoted },
        encoding: 'utf8',
      });
      expect(r.stdout.split('\n')[0]).toBe(quoted);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bin/tsicorn passes shellcheck', (ctx) => {
    const r = shellcheck(ctx, ['-s', 'sh', `${ROOT}bin/tsicorn`]);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('postJson', () => {
  it('POSTs a JSON body and resolves with the status; rejects when nobody answers in time', async () => {
    const got: Array<{ method?: string; type?: string; body: string }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        got.push({ method: req.method, type: req.headers['content-type'], body });
        if (req.url === '/slow') return; // never answer
        res.statusCode = req.url === '/fail' ? 503 : 200;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      expect(await postJson(new URL(`${base}/ok`), { counters: { a: 1 } }, 2000)).toBe(200);
      expect(got[0]).toEqual({ method: 'POST', type: 'application/json', body: '{"counters":{"a":1}}' });
      expect(await postJson(new URL(`${base}/fail`), {}, 2000)).toBe(503);
      await expect(postJson(new URL(`${base}/slow`), {}, 200)).rejects.toThrow(/no answer within 200 ms/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
