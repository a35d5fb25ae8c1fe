import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/log/logger.ts';
import { batched, createSink, type Sink, WRITE_FAILURE_REPORT_MS } from '../../lib/log/sink.ts';
import type { AccessRecord } from '../../lib/log/types.ts';
import { ROOT } from '../helpers/proc.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'tsicorn-log-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const record = (): AccessRecord =>
  ({
    req: { method: 'GET', url: '/a', httpVersion: '1.1', headers: {} },
    res: { statusCode: 204, getHeader: () => undefined },
    remoteAddr: '127.0.0.1',
    startTime: new Date(),
    durationUs: 1500,
    bytesSent: 0,
  }) as unknown as AccessRecord;

describe('logger', () => {
  it('filters by --log-level and writes Gunicorn-like lines to the error log file', () => {
    const d = tmp();
    const log = createLogger(
      { loglevel: 'warning', errorlog: join(d, 'err.log'), logFormat: 'text' },
      { pid: 77 },
    );
    log.info('hidden');
    log.debug('hidden too');
    log.warning('shown');
    log.critical('also shown');
    expect(log.isEnabled('info')).toBe(false);
    expect(log.isEnabled('error')).toBe(true);
    log.close();
    const lines = readFileSync(join(d, 'err.log'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[[^\]]+\] \[77\] \[WARNING\] shown$/);
    expect(lines[1]).toMatch(/\[CRITICAL\] also shown$/);
  });

  it('access log is off unless set, and follows the access format when set', () => {
    const d = tmp();
    const off = createLogger({
      loglevel: 'info',
      errorlog: join(d, 'e.log'),
      logFormat: 'text',
      accesslog: null,
    });
    off.access(record());
    off.close();
    expect(readFileSync(join(d, 'e.log'), 'utf8')).toBe('');
    const on = createLogger({
      loglevel: 'info',
      errorlog: join(d, 'e.log'),
      logFormat: 'text',
      accesslog: join(d, 'a.log'),
      accessLogFormat: '%(h)s "%(r)s" %(s)s %(b)s %(M)s',
    });
    on.access(record());
    on.close();
    expect(readFileSync(join(d, 'a.log'), 'utf8')).toBe('127.0.0.1 "GET /a HTTP/1.1" 204 - 1\n');
  });

  it('json log format applies to both logs', () => {
    const d = tmp();
    const log = createLogger({
      loglevel: 'info',
      errorlog: join(d, 'e.log'),
      logFormat: 'json',
      accesslog: join(d, 'a.log'),
    });
    log.info('Booting worker', { worker: 3 });
    log.access(record());
    log.close();
    expect(JSON.parse(readFileSync(join(d, 'e.log'), 'utf8'))).toMatchObject({
      level: 'info',
      msg: 'Booting worker',
      worker: 3,
    });
    expect(JSON.parse(readFileSync(join(d, 'a.log'), 'utf8'))).toMatchObject({
      log: 'access',
      status: 204,
      path: '/a',
    });
  });

  it('reopen() (USR1) starts a new file after logrotate moved the old one', () => {
    const d = tmp();
    const file = join(d, 'err.log');
    const log = createLogger({
      loglevel: 'info',
      errorlog: file,
      logFormat: 'text',
      accesslog: join(d, 'a.log'),
    });
    log.info('before');
    renameSync(file, `${file}.1`);
    log.info('still old file');
    log.reopen();
    log.info('after');
    log.close();
    expect(readFileSync(`${file}.1`, 'utf8')).toMatch(/before\n.*still old file\n$/);
    expect(readFileSync(file, 'utf8')).toMatch(/^\[.*\] after\n$/);
  });

  it('a log file that cannot be written (disk full: /dev/full) is reported at once, then at most once a minute, and when it works again', () => {
    let t = 0;
    const reports: string[] = [];
    const d = tmp();
    const sink = createSink(
      '/dev/full',
      1,
      'access log',
      (m) => reports.push(m),
      () => t,
    );
    sink.write('a\n');
    sink.write('b\n');
    t += WRITE_FAILURE_REPORT_MS - 1;
    sink.write('c\n');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(
      /^cannot write the access log \/dev\/full: ENOSPC: no space left on device.*; 1 line\(s\) lost so far\. Still serving/,
    );
    t += 1;
    sink.write('d\n');
    expect(reports[1]).toMatch(/4 line\(s\) lost so far/);
    sink.close();
    // Writing works again (here: a good file behind the same sink after a reopen): said once.
    const again = createSink(
      join(d, 'ok.log'),
      1,
      'access log',
      (m) => reports.push(m),
      () => t,
    );
    again.write('e\n');
    expect(reports).toHaveLength(2);
    again.close();
  });

  it('the logger reports a failing access log in the error log and keeps going', () => {
    const d = tmp();
    const logger = createLogger({
      loglevel: 'info',
      errorlog: join(d, 'err.log'),
      accesslog: '/dev/full',
      logFormat: 'text',
    });
    logger.access(record());
    logger.access(record());
    logger.info('still here');
    logger.close();
    const err = readFileSync(join(d, 'err.log'), 'utf8');
    expect(err.match(/cannot write the access log \/dev\/full/g)).toHaveLength(1);
    expect(err).toMatch(/still here/);
  });

  it('access lines of one turn of the event loop go out in one write, in order, by the end of the turn', async () => {
    const writes: [string, number | undefined][] = [];
    const inner: Sink = { write: (t, n) => void writes.push([t, n]), reopen() {}, close() {} };
    const sink = batched(inner);
    sink.write('a\n');
    sink.write('b\n');
    sink.write('c\n');
    expect(writes).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([['a\nb\nc\n', 3]]);
    sink.write('d\n');
    sink.close();
    expect(writes[1]).toEqual(['d\n', 1]);
    // A long burst does not wait for the end of the turn.
    const big = 'x'.repeat(70 * 1024);
    sink.write(big);
    expect(writes[2]).toEqual([big, 1]);
  });

  it('access lines still waiting when the process exits are written, an uncaught exception included', () => {
    const d = tmp();
    const file = join(d, 'a.log');
    const script = `
      import { createLogger } from ${JSON.stringify(join(ROOT, 'lib/log/logger.ts'))};
      const log = createLogger({ loglevel: 'info', errorlog: '-', logFormat: 'text', accesslog: ${JSON.stringify(file)}, accessLogFormat: '%(s)s %(U)s' });
      const rec = (url) => ({ req: { method: 'GET', url, httpVersion: '1.1', headers: {} },
        res: { statusCode: 200, getHeader: () => undefined }, remoteAddr: '::1',
        startTime: new Date(), durationUs: 1, bytesSent: 2 });
      log.access(rec('/one'));
      log.access(rec('/two'));
      throw new Error('boom');
    `;
    try {
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'pipe' });
    } catch {}
    expect(readFileSync(file, 'utf8')).toBe('200 /one\n200 /two\n');
  });

  it('an unopenable log file is a clear error', () => {
    expect(() =>
      createLogger({ loglevel: 'info', errorlog: '/nonexistent/dir/e.log', logFormat: 'text' }),
    ).toThrow(/cannot open the error log \/nonexistent\/dir\/e\.log/);
  });

  it("'-' sends the error log to stderr and the access log to stdout", () => {
    const script = `
      import { createLogger } from ${JSON.stringify(join(ROOT, 'lib/log/logger.ts'))};
      const log = createLogger({ loglevel: 'info', errorlog: '-', logFormat: 'logfmt', accesslog: '-' });
      log.info('to stderr');
      log.access({ req: { method: 'GET', url: '/', httpVersion: '1.1', headers: {} },
        res: { statusCode: 200, getHeader: () => undefined }, remoteAddr: '::1',
        startTime: new Date(), durationUs: 1, bytesSent: 2 });
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toMatch(/^time=\S+ pid=\d+ level=info log=access remote_addr=::1 .*status=200 bytes=2/);
    const both = execFileSync(
      'sh',
      ['-c', `"${process.execPath}" --input-type=module -e "$S" 2>&1 >/dev/null`],
      {
        encoding: 'utf8',
        env: { ...process.env, S: script },
      },
    );
    expect(both).toMatch(/level=info msg="to stderr"/);
    expect(both).not.toMatch(/log=access/);
  });
});
