import { describe, expect, it } from 'vitest';
import {
  errorLogTime,
  formatAccessStructured,
  formatErrorLine,
  logfmt,
  logfmtValue,
} from '../../lib/log/format.ts';

const time = new Date(Date.UTC(2026, 10, 24, 17, 40, 1, 5));

describe('error-log lines', () => {
  it("text: Gunicorn's [time] [pid] [LEVEL] message", () => {
    expect(
      formatErrorLine({ time, pid: 1234, level: 'info', msg: 'Listening at: http://0.0.0.0:8000' }, 'text'),
    ).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\] \[1234\] \[INFO\] Listening at: http:\/\/0\.0\.0\.0:8000$/,
    );
    expect(errorLogTime(time)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}$/);
  });
  it('text: fields follow as key=value', () => {
    expect(
      formatErrorLine(
        { time, pid: 1, level: 'warning', msg: 'm', fields: { worker: 7, reason: 'timed out' } },
        'text',
      ),
    ).toMatch(/\[WARNING\] m worker=7 reason="timed out"$/);
  });
  it('json: one object per line with fields merged', () => {
    const line = formatErrorLine(
      { time, pid: 9, level: 'error', msg: 'boom\nline2', fields: { code: 3 } },
      'json',
    );
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      time: '2026-11-24T17:40:01.005Z',
      pid: 9,
      level: 'error',
      msg: 'boom\nline2',
      code: 3,
    });
  });
  it('logfmt: quotes only what needs it', () => {
    expect(
      formatErrorLine({ time, pid: 9, level: 'info', msg: 'Booting worker', fields: { pid2: 10 } }, 'logfmt'),
    ).toBe('time=2026-11-24T17:40:01.005Z pid=9 level=info msg="Booting worker" pid2=10');
  });
});

describe('logfmt values', () => {
  it('escapes quotes, backslashes and newlines', () => {
    expect(logfmtValue('plain')).toBe('plain');
    expect(logfmtValue('')).toBe('""');
    expect(logfmtValue('a "b" \\ c\nd')).toBe('"a \\"b\\" \\\\ c\\nd"');
    expect(logfmtValue('k=v')).toBe('"k=v"');
    expect(logfmt({ a: 1, b: null, c: true })).toBe('a=1 c=true');
  });
});

describe('structured access lines', () => {
  it('json and logfmt carry the request fields', () => {
    const fields = { remote_addr: '1.2.3.4', method: 'GET', path: '/x y', status: 200 };
    expect(JSON.parse(formatAccessStructured(time, 5, fields, 'json'))).toEqual({
      time: '2026-11-24T17:40:01.005Z',
      pid: 5,
      level: 'info',
      log: 'access',
      ...fields,
    });
    expect(formatAccessStructured(time, 5, fields, 'logfmt')).toBe(
      'time=2026-11-24T17:40:01.005Z pid=5 level=info log=access remote_addr=1.2.3.4 method=GET path="/x y" status=200',
    );
  });
});
