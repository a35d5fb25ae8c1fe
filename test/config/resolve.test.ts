import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { interpretConfigObject } from '../../lib/config/configfile.ts';
import { ConfigError } from '../../lib/config/errors.ts';
import { resolveConfig, settingsFromJSON, settingsToJSON } from '../../lib/config/resolve.ts';
import { parseWebConcurrency } from '../../lib/config/settings.ts';

const dirs: string[] = [];
function dir(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'tsicorn-cfg-'));
  dirs.push(d);
  for (const [n, t] of Object.entries(files)) writeFileSync(join(d, n), t);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('precedence: CLI > TSICORN_CMD_ARGS > config file > env > defaults', () => {
  const file = JSON.stringify({ workers: 3, timeout: 40, keepalive: 9, backlog: 100 });

  it('each layer overrides the ones below it, and sources say which won', async () => {
    const cwd = dir({ 'tsicorn.config.json': file });
    const r = await resolveConfig({
      argv: ['-w', '5', 'app'],
      env: { WEB_CONCURRENCY: '2', TSICORN_CMD_ARGS: '--workers 4 --timeout 50 --keep-alive 11' },
      cwd,
    });
    expect(r.action).toBe('run');
    expect(r.config.workers).toBe(5);
    expect(r.sources.workers).toEqual({ kind: 'cli', detail: '-w' });
    expect(r.config.timeout).toBe(50);
    expect(r.sources.timeout.kind).toBe('TSICORN_CMD_ARGS');
    expect(r.config.keepalive).toBe(11);
    expect(r.config.backlog).toBe(100);
    expect(r.sources.backlog).toEqual({ kind: 'config-file', detail: 'tsicorn.config.json (backlog)' });
    expect(r.config.gracefulTimeout).toBe(30);
    expect(r.sources.gracefulTimeout.kind).toBe('default');
    expect(r.config.configFile).toBe(join(cwd, 'tsicorn.config.json'));
  });

  it('the config file beats WEB_CONCURRENCY, which beats the default', async () => {
    const cwd = dir({ 'tsicorn.config.json': file });
    const r = await resolveConfig({ argv: ['app'], env: { WEB_CONCURRENCY: '2' }, cwd });
    expect(r.config.workers).toBe(3);
    const bare = await resolveConfig({ argv: ['app'], env: { WEB_CONCURRENCY: '2' }, cwd: dir() });
    expect(bare.config.workers).toBe(2);
    expect(bare.sources.workers).toEqual({ kind: 'env', detail: 'WEB_CONCURRENCY=2' });
    const none = await resolveConfig({ argv: ['app'], env: { WEB_CONCURRENCY: '' }, cwd: dir() });
    expect(none.config.workers).toBe(1);
  });

  it('PORT drives the default bind, and -b replaces it', async () => {
    const cwd = dir();
    expect((await resolveConfig({ argv: ['app'], env: {}, cwd })).config.bind).toEqual(['127.0.0.1:8000']);
    expect((await resolveConfig({ argv: ['app'], env: { PORT: '5000' }, cwd })).config.bind).toEqual([
      '0.0.0.0:5000',
    ]);
    expect(
      (await resolveConfig({ argv: ['-b', '127.0.0.1:1', 'app'], env: { PORT: '5000' }, cwd })).config.bind,
    ).toEqual(['127.0.0.1:1']);
    await expect(resolveConfig({ argv: ['app'], env: { PORT: 'http' }, cwd })).rejects.toThrow(/PORT="http"/);
  });

  it('DYNO lowers the default graceful timeout under Heroku 30 s KILL, but an explicit value wins', async () => {
    const cwd = dir();
    const r = await resolveConfig({ argv: ['app'], env: { DYNO: 'web.1' }, cwd });
    expect(r.config.gracefulTimeout).toBeLessThan(30);
    expect(r.sources.gracefulTimeout.detail).toMatch(/DYNO=web\.1/);
    const x = await resolveConfig({ argv: ['--graceful-timeout', '29', 'app'], env: { DYNO: 'web.1' }, cwd });
    expect(x.config.gracefulTimeout).toBe(29);
  });

  it("DYNO raises the default keep-alive above Heroku's 90 s router idle; without DYNO it stays 5; an explicit value wins", async () => {
    const cwd = dir();
    const heroku = await resolveConfig({ argv: ['app'], env: { DYNO: 'web.1' }, cwd });
    expect(heroku.config.keepalive).toBe(95);
    expect(heroku.sources.keepalive.kind).toBe('env');
    expect(heroku.sources.keepalive.detail).toMatch(
      /DYNO=web\.1 \(Heroku's router reuses idle connections for up to 90 s\)/,
    );
    const plain = await resolveConfig({ argv: ['app'], env: {}, cwd });
    expect(plain.config.keepalive).toBe(5);
    expect(plain.sources.keepalive.kind).toBe('default');
    const empty = await resolveConfig({ argv: ['app'], env: { DYNO: '' }, cwd });
    expect(empty.config.keepalive).toBe(5);
    const set = await resolveConfig({ argv: ['--keep-alive', '10', 'app'], env: { DYNO: 'web.1' }, cwd });
    expect(set.config.keepalive).toBe(10);
    const off = await resolveConfig({ argv: ['--keep-alive', '0', 'app'], env: { DYNO: 'web.1' }, cwd });
    expect(off.config.keepalive).toBe(0);
  });

  it('-c in TSICORN_CMD_ARGS or on the CLI picks the config file; CLI wins', async () => {
    const cwd = dir({
      'a.json': '{"workers": 6}',
      'b.json': '{"workers": 7}',
      'tsicorn.config.json': '{"workers": 8}',
    });
    const viaEnv = await resolveConfig({ argv: ['app'], env: { TSICORN_CMD_ARGS: '-c a.json' }, cwd });
    expect(viaEnv.config.workers).toBe(6);
    const viaCli = await resolveConfig({
      argv: ['-c', 'b.json', 'app'],
      env: { TSICORN_CMD_ARGS: '-c a.json' },
      cwd,
    });
    expect(viaCli.config.workers).toBe(7);
    expect(viaCli.config.configFile).toBe(join(cwd, 'b.json'));
  });

  it('makes paths absolute against the working directory', async () => {
    const cwd = dir();
    const r = await resolveConfig({
      argv: [
        '--pid',
        'run/t.pid',
        '--chdir',
        'web',
        '--access-logfile',
        'a.log',
        '--error-logfile',
        '-',
        'app',
      ],
      env: {},
      cwd,
    });
    expect(r.config).toMatchObject({
      pidfile: join(cwd, 'run/t.pid'),
      chdir: join(cwd, 'web'),
      accesslog: join(cwd, 'a.log'),
      errorlog: '-',
    });
  });
});

describe('actions and usage errors', () => {
  it('needs an app to run or check, from the CLI or the config file', async () => {
    await expect(resolveConfig({ argv: [], env: {}, cwd: dir() })).rejects.toThrow(
      /no app given\. Usage: tsicorn/,
    );
    await expect(resolveConfig({ argv: ['--check-config'], env: {}, cwd: dir() })).rejects.toThrow(
      ConfigError,
    );
    const r = await resolveConfig({
      argv: [],
      env: {},
      cwd: dir({ 'tsicorn.config.json': '{"app": "server"}' }),
    });
    expect(r.config.app).toBe('server');
  });

  it('--help and --version work even with a broken environment', async () => {
    const r = await resolveConfig({ argv: ['--help'], env: { WEB_CONCURRENCY: 'x' }, cwd: dir() });
    expect(r.action).toBe('help');
    expect((await resolveConfig({ argv: ['-v'], env: {}, cwd: dir() })).action).toBe('version');
  });

  it('--print-config does not need an app', async () => {
    expect((await resolveConfig({ argv: ['--print-config'], env: {}, cwd: dir() })).action).toBe(
      'print-config',
    );
  });
});

describe('WEB_CONCURRENCY', () => {
  it('accepts 1..1000, treats empty as unset', () => {
    expect(parseWebConcurrency('4')).toBe(4);
    expect(parseWebConcurrency(' 12 ')).toBe(12);
    expect(parseWebConcurrency('')).toBeUndefined();
    expect(parseWebConcurrency(undefined)).toBeUndefined();
  });
  it.each([
    ['abc', /WEB_CONCURRENCY="abc" is not a whole number/],
    ['2.5', /not a whole number/],
    ['-1', /not a whole number/],
    ['0', /WEB_CONCURRENCY=0 is too small/],
    ['5000', /WEB_CONCURRENCY=5000 is more than 1000/],
  ])('rejects %s with a message naming the variable and the valid range', async (v, re) => {
    await expect(resolveConfig({ argv: ['app'], env: { WEB_CONCURRENCY: v }, cwd: dir() })).rejects.toThrow(
      re,
    );
    await expect(resolveConfig({ argv: ['app'], env: { WEB_CONCURRENCY: v }, cwd: dir() })).rejects.toThrow(
      /1 to 1000/,
    );
  });
  it('is not consulted when -w is given', async () => {
    const r = await resolveConfig({ argv: ['-w', '2', 'app'], env: { WEB_CONCURRENCY: '2' }, cwd: dir() });
    expect(r.config.workers).toBe(2);
  });
});

describe('config-file validation', () => {
  it('accepts snake_case and camelCase names, hooks, and the reuse_port alias', () => {
    const onStarting = () => {};
    const r = interpretConfigObject(
      {
        graceful_timeout: 10,
        maxRequests: 20,
        bind: '0.0.0.0:1',
        forwarded_allow_ips: '10.0.0.1,10.0.0.2',
        accesslog: null,
        workers: '3',
        reuse_port: true,
        on_starting: onStarting,
        postRequest: onStarting,
        timeout: undefined,
      },
      'cfg.mjs',
    );
    const v = Object.fromEntries([...r.values].map(([k, x]) => [k, x.value]));
    expect(v).toEqual({
      gracefulTimeout: 10,
      maxRequests: 20,
      bind: ['0.0.0.0:1'],
      forwardedAllowIps: ['10.0.0.1', '10.0.0.2'],
      accesslog: null,
      workers: 3,
      distribution: 'reuseport',
    });
    expect(r.hooks.onStarting).toBe(onStarting);
    expect(r.hooks.postRequest).toBe(onStarting);
  });

  it.each([
    [{ wokers: 2 }, /cfg\.mjs: unknown setting "wokers"\. Did you mean "workers"\?/],
    [{ log_level: 'debug' }, /Did you mean "loglevel"\?/],
    [{ access_logfile: '-' }, /Did you mean "accesslog"\?/],
    [{ gracefulTimout: 3 }, /Did you mean "graceful_timeout"\?/],
    [{ onStartin: () => {} }, /Did you mean "on_starting"\?/],
    [{ completely_unrelated: 1 }, /unknown setting "completely_unrelated"\. See tsicorn --help/],
    [{ workers: 'four' }, /cfg\.mjs: workers: "four" is not a whole number/],
    [{ workers: 2.5 }, /workers: got 2.5, expected a whole number/],
    [{ preload_app: 'maybe' }, /preload_app: "maybe" is not true or false/],
    [{ bind: 8000 }, /bind: got 8000, expected a string or an array/],
    [{ loglevel: 'verbose' }, /loglevel: "verbose" is not valid; expected one of debug/],
    [{ on_starting: 'yes' }, /on_starting: a hook must be a function/],
    [{ timeout: 10, timeout_: 1 }, /unknown setting "timeout_"/],
    [
      { graceful_timeout: 1, gracefulTimeout: 2 },
      /"gracefulTimeout" and "graceful_timeout" set the same thing/,
    ],
    [{ config: 'x.json' }, /cannot be set inside a config file/],
  ])('rejects %o', (obj, re) => {
    expect(() => interpretConfigObject(obj as Record<string, unknown>, 'cfg.mjs')).toThrow(re);
  });

  it('reports broken JSON and non-object files with the file name', async () => {
    await expect(
      resolveConfig({ argv: ['app'], env: {}, cwd: dir({ 'tsicorn.config.json': '{workers: 2' }) }),
    ).rejects.toThrow(/config file tsicorn.config.json is not valid JSON/);
    await expect(
      resolveConfig({ argv: ['app'], env: {}, cwd: dir({ 'tsicorn.config.json': '[1]' }) }),
    ).rejects.toThrow(/must hold a JSON object/);
    await expect(resolveConfig({ argv: ['-c', 'nope.json', 'app'], env: {}, cwd: dir() })).rejects.toThrow(
      /config file nope.json does not exist/,
    );
  });

  it('refuses to guess between two config files', async () => {
    const cwd = dir({ 'tsicorn.config.json': '{}', 'tsicorn.config.mjs': 'export default {}' });
    await expect(resolveConfig({ argv: ['app'], env: {}, cwd })).rejects.toThrow(/several config files/);
  });
});

describe('settings JSON round trip', () => {
  it('carries every plain setting and no hooks', async () => {
    const r = await resolveConfig({ argv: ['-w', '3', '-b', 'unix:/tmp/s', 'app'], env: {}, cwd: dir() });
    const text = settingsToJSON({ ...r.config, hooks: { onStarting: () => {} } });
    expect(text).not.toMatch(/hooks/);
    const { hooks: _h, ...plain } = r.config;
    expect(settingsFromJSON(text)).toEqual(plain);
    expect(() => settingsFromJSON('{"workers": "3"}')).toThrow(/workers has the wrong type/);
  });
});

describe('file modes (unix_socket_mode)', () => {
  it('are octal on the command line and in config-file strings, numbers as they are in a config file', async () => {
    const cwd = dir();
    const mode = async (argv: string[], files: Record<string, string> = {}) =>
      (await resolveConfig({ argv: [...argv, 'app'], env: {}, cwd: files ? dir(files) : cwd })).config
        .unixSocketMode;
    expect(await mode([])).toBe(0o660);
    expect(await mode(['--unix-socket-mode', '666'])).toBe(0o666);
    expect(await mode(['--unix-socket-mode', '0600'])).toBe(0o600);
    expect(await mode(['--unix-socket-mode', '0o640'])).toBe(0o640);
    expect(await mode([], { 'tsicorn.config.json': JSON.stringify({ unix_socket_mode: '0644' }) })).toBe(
      0o644,
    );
    expect(await mode([], { 'tsicorn.config.js': 'export default { unix_socket_mode: 0o600 };' })).toBe(
      0o600,
    );
    await expect(mode(['--unix-socket-mode', '999'])).rejects.toThrow(/an octal file mode such as 660/);
    await expect(mode(['--unix-socket-mode', '1777'])).rejects.toThrow(/from 000 to 777/);
  });
});
