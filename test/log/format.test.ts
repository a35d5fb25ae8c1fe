import { describe, expect, it } from 'vitest';
import { jsonLine } from '../../lib/log/escape.ts';
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

// What Python's str.splitlines() (and many log shippers) split on.
const UNICODE_LINE_BREAKS = /\r\n|[\n\v\f\r\x1c-\x1e\x85\u2028\u2029]/;
const HOSTILE = 'x\u0085[fake] y\u2028z\u2029\x7f\x1b[31m\x9b\x00';

describe('escaping for every reader', () => {
  it('json: C1, DEL, U+2028/U+2029 become \\u escapes; the line parses back to the same text', () => {
    const line = jsonLine({ msg: HOSTILE });
    expect(line).toBe('{"msg":"x\\u0085[fake] y\\u2028z\\u2029\\u007f\\u001b[31m\\u009b\\u0000"}');
    expect(line.split(UNICODE_LINE_BREAKS)).toHaveLength(1);
    expect(JSON.parse(line).msg).toBe(HOSTILE);
    const structured = formatAccessStructured(time, 5, { user_agent: HOSTILE }, 'json');
    expect(structured.split(UNICODE_LINE_BREAKS)).toHaveLength(1);
    expect(JSON.parse(structured).user_agent).toBe(HOSTILE);
    const error = formatErrorLine({ time, pid: 1, level: 'info', msg: HOSTILE }, 'json');
    expect(error.split(UNICODE_LINE_BREAKS)).toHaveLength(1);
    expect(JSON.parse(error).msg).toBe(HOSTILE);
  });
  it('logfmt: the same characters are quoted and \\u-escaped', () => {
    expect(logfmtValue('a\u0085b')).toBe('"a\\u0085b"');
    expect(logfmtValue('a\u2028b')).toBe('"a\\u2028b"');
    expect(logfmtValue('\x7f')).toBe('"\\u007f"');
    const line = formatAccessStructured(time, 5, { user_agent: HOSTILE }, 'logfmt');
    expect(line.split(UNICODE_LINE_BREAKS)).toHaveLength(1);
  });
  it('text error lines escape them too, keeping the newlines of multi-line entries (stacks)', () => {
    const line = formatErrorLine(
      { time, pid: 1, level: 'error', msg: `boom ${HOSTILE}\n    at f (x.js:1:1)` },
      'text',
    );
    expect(line).toContain('boom x\\x85[fake] y\\u2028z\\u2029\\x7f\\x1b[31m\\x9b\\x00\n    at f');
    expect(line.split(UNICODE_LINE_BREAKS)).toHaveLength(2);
  });
});
