import { describe, expect, it } from 'vitest';
import { allFlags } from '../../lib/config/argv.ts';
import { acceptedFileNames } from '../../lib/config/configfile.ts';
import { didYouMean, editDistance } from '../../lib/config/didyoumean.ts';
import { ACTIONS, HOOKS, SETTINGS, staticDefaults } from '../../lib/config/settings.ts';

describe('settings registry', () => {
  it('declares every Settings key exactly once', () => {
    const keys = SETTINGS.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    const defaults = staticDefaults();
    expect(Object.keys(defaults).sort()).toEqual([...keys].sort());
  });

  it('has no flag or config-file name claimed twice', () => {
    const flags = [...SETTINGS.flatMap((s) => s.flags), ...ACTIONS.flatMap((a) => a.flags)];
    expect(new Set(flags).size).toBe(flags.length);
    const names = acceptedFileNames();
    expect(new Set(names).size).toBe(names.length);
  });

  it("has Gunicorn's defaults and names for the settings issue 5 lists", () => {
    const d = staticDefaults();
    expect(d).toMatchObject({
      workers: 1,
      timeout: 30,
      gracefulTimeout: 30,
      keepalive: 5,
      limitRequestLine: 4094,
      limitRequestFields: 100,
      limitRequestFieldSize: 8190,
      bind: ['127.0.0.1:8000'],
      forwardedAllowIps: ['127.0.0.1', '::1'],
      accesslog: null,
      errorlog: '-',
      loglevel: 'info',
      bootTimeout: 60,
      maxWorkerMemory: 0,
      distribution: 'shared',
      logFormat: 'text',
      hangStacks: true,
      accessLogFormat: '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"',
    });
    const names = acceptedFileNames();
    for (const n of [
      'bind',
      'workers',
      'timeout',
      'graceful_timeout',
      'gracefulTimeout',
      'keepalive',
      'max_requests',
      'max_requests_jitter',
      'preload_app',
      'accesslog',
      'errorlog',
      'loglevel',
      'access_log_format',
      'limit_request_line',
      'limit_request_fields',
      'limit_request_field_size',
      'forwarded_allow_ips',
      'backlog',
      'reuse_port',
      'on_starting',
      'onStarting',
      'nworkers_changed',
      'on_exit',
    ])
      expect(names, n).toContain(n);
    const flags = allFlags();
    for (const f of [
      '-b',
      '--bind',
      '-w',
      '--workers',
      '-t',
      '--timeout',
      '--graceful-timeout',
      '--keep-alive',
      '--max-requests',
      '--max-requests-jitter',
      '--preload',
      '--log-level',
      '--access-logfile',
      '--error-logfile',
      '--log-file',
      '--access-logformat',
      '--backlog',
      '--limit-request-line',
      '--limit-request-fields',
      '--limit-request-field-size',
      '--forwarded-allow-ips',
      '-p',
      '--pid',
      '-c',
      '--config',
      '--check-config',
      '--print-config',
      '--version',
      '--help',
      '--boot-timeout',
      '--max-worker-memory',
      '--distribution',
      '--factory',
      '--chdir',
      '--name',
      '--log-format',
      '--hang-stacks',
      '--no-hang-stacks',
    ])
      expect(flags, f).toContain(f);
  });

  it('has the 14 Gunicorn hooks of issue 6', () => {
    expect(HOOKS.map((h) => h.name)).toEqual([
      'on_starting',
      'on_reload',
      'when_ready',
      'pre_fork',
      'post_fork',
      'post_worker_init',
      'worker_int',
      'worker_abort',
      'pre_request',
      'post_request',
      'child_exit',
      'worker_exit',
      'nworkers_changed',
      'on_exit',
    ]);
  });

  it('every setting has help, a section, and a valid default', () => {
    for (const s of SETTINGS) {
      expect(s.help.length, s.key).toBeGreaterThan(10);
      expect(s.validate?.(s.default as never) ?? null, s.key).toBeNull();
    }
  });
});

describe('did-you-mean', () => {
  it('computes edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
  it('suggests close names and nothing for far ones', () => {
    expect(didYouMean('wokers', ['workers', 'timeout'])).toBe('workers');
    expect(didYouMean('gracefull_timeout', ['graceful_timeout', 'timeout'])).toBe('graceful_timeout');
    expect(didYouMean('zebra', ['workers', 'timeout'])).toBeNull();
  });
});
