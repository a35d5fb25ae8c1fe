import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../lib/config/argv.ts';
import { ConfigError } from '../../lib/config/errors.ts';
import { shellSplit } from '../../lib/config/shellsplit.ts';

const values = (words: string[]) =>
  Object.fromEntries([...parseArgs(words, 'cli').values].map(([k, v]) => [k, v.value]));

describe('command-line parsing', () => {
  it('reads short, long, attached and = forms', () => {
    expect(values(['-w', '4', 'app'])).toEqual({ workers: 4, app: 'app' });
    expect(values(['-w4', '--timeout=10', 'src/server.ts:handler'])).toEqual({
      workers: 4,
      timeout: 10,
      app: 'src/server.ts:handler',
    });
  });

  it('repeats -b and splits --forwarded-allow-ips on commas', () => {
    expect(values(['-b', '127.0.0.1:1', '--bind', '[::]:2', '-b', 'unix:/tmp/s'])).toEqual({
      bind: ['127.0.0.1:1', '[::]:2', 'unix:/tmp/s'],
    });
    expect(values(['--forwarded-allow-ips', '10.0.0.0/8, 192.168.1.1'])).toEqual({
      forwardedAllowIps: ['10.0.0.0/8', '192.168.1.1'],
    });
  });

  it('handles bool flags, --no- negation and - as a value', () => {
    expect(values(['--preload', '--no-hang-stacks', '--access-logfile', '-', '--log-file', '-'])).toEqual({
      preloadApp: true,
      hangStacks: false,
      accesslog: '-',
      errorlog: '-',
    });
  });

  it('collects actions', () => {
    expect(parseArgs(['--print-config', '--check-config', 'app'], 'cli').actions).toEqual([
      'print-config',
      'check-config',
    ]);
  });

  it('rejects unknown flags with a suggestion', () => {
    expect(() => parseArgs(['--wokers', '2'], 'cli')).toThrow(
      /unknown option --wokers\. Did you mean --workers\?/,
    );
    expect(() => parseArgs(['--gracefull-timeout', '2'], 'TSICORN_CMD_ARGS')).toThrow(
      /--gracefull-timeout \(in TSICORN_CMD_ARGS\)\. Did you mean --graceful-timeout\?/,
    );
  });

  it('rejects bad values, saying where and what is valid', () => {
    expect(() => parseArgs(['-w', 'four'], 'cli')).toThrow(ConfigError);
    expect(() => parseArgs(['-w', 'four'], 'cli')).toThrow(/-w: "four" is not a whole number/);
    expect(() => parseArgs(['-w', '0'], 'cli')).toThrow(/must be from 1 to 1000/);
    expect(() => parseArgs(['--log-level', 'loud'], 'cli')).toThrow(
      /one of debug, info, warning, error, critical/,
    );
    expect(() => parseArgs(['--bind', 'localhost:http'], 'cli')).toThrow(/not a number/);
    expect(() => parseArgs(['--forwarded-allow-ips', 'proxy.local'], 'cli')).toThrow(/not an IP address/);
    expect(() => parseArgs(['--timeout'], 'cli')).toThrow(/--timeout needs a value/);
    expect(() => parseArgs(['--access-logfile', '--workers', '2'], 'cli')).toThrow(/needs a value/);
    expect(() => parseArgs(['app', 'other'], 'cli')).toThrow(/unexpected argument "other"/);
  });

  it('is case-insensitive for choices', () => {
    expect(values(['--log-level', 'DEBUG', '--log-format', 'JSON'])).toEqual({
      loglevel: 'debug',
      logFormat: 'json',
    });
  });
});

describe('shell-like split of TSICORN_CMD_ARGS', () => {
  it('splits on whitespace and honours quotes and backslashes', () => {
    expect(shellSplit('  -w 2   --bind 0.0.0.0:80 ')).toEqual(['-w', '2', '--bind', '0.0.0.0:80']);
    expect(shellSplit(`--access-logformat '%(h)s "%(r)s"' --name "my app"`)).toEqual([
      '--access-logformat',
      '%(h)s "%(r)s"',
      '--name',
      'my app',
    ]);
    expect(shellSplit('a\\ b "c\\"d" \'\'')).toEqual(['a b', 'c"d', '']);
  });
  it('reports an unterminated quote', () => {
    expect(() => shellSplit('--name "oops')).toThrow(/TSICORN_CMD_ARGS: unterminated " quote/);
  });
});

describe('Gunicorn aliases', () => {
  it('--reuse-port means distribution reuseport', () => {
    expect(values(['--reuse-port'])).toEqual({ distribution: 'reuseport' });
    expect(() => parseArgs(['--reuse-port=1'], 'cli')).toThrow(/takes no value/);
  });
  it('accepts bracketed IPv6 in --forwarded-allow-ips', () => {
    expect(values(['--forwarded-allow-ips', '[::1],10.0.0.0/8'])).toEqual({
      forwardedAllowIps: ['[::1]', '10.0.0.0/8'],
    });
  });
});
