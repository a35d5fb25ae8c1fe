// Which of tsicorn's request checks Node's own parser (llhttp, strict: insecureHTTPParser off)
// already makes, on the pinned Node and on the system Node. A check is left to the parser only when
// the parser refuses every variant of it on both (the duplicate Content-Length); every other check
// stays in lib/http/conformance.ts, and this test shows the parser lets those requests through.
// The table in docs/hot-path.md is this test's result.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticDefaults } from '../../lib/config/settings.ts';
import { maxHeaderSize } from '../../lib/http/limits.ts';
import { ROOT, systemNode } from '../helpers/proc.ts';
import { invalidHandled, sendRaw } from './corpus.ts';
import { serveApp } from './serve.ts';

const head = (lines: string, body = '', start = 'POST / HTTP/1.1') => `${start}\r\n${lines}\r\n${body}`;

/** The parser refuses each of these: tsicorn has no check of its own for them. */
const PARSER_REFUSES: Record<string, [string, string]> = {
  'Content-Length twice, same value': [
    head('Host: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n', 'a'),
    'HPE_UNEXPECTED_CONTENT_LENGTH',
  ],
  'Content-Length twice, different values': [
    head('Host: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n', 'ab'),
    'HPE_UNEXPECTED_CONTENT_LENGTH',
  ],
  'Content-Length twice, names in different case': [
    head('Host: x\r\nContent-Length: 1\r\ncontent-length: 1\r\n', 'a'),
    'HPE_UNEXPECTED_CONTENT_LENGTH',
  ],
  'Content-Length: 0 twice on a GET': [
    head('Host: x\r\nContent-Length: 0\r\nContent-Length: 0\r\n', '', 'GET / HTTP/1.1'),
    'HPE_UNEXPECTED_CONTENT_LENGTH',
  ],
  'Content-Length as a list': [
    head('Host: x\r\nContent-Length: 1, 1\r\n', 'a'),
    'HPE_INVALID_CONTENT_LENGTH',
  ],
  'Content-Length then Transfer-Encoding': [
    head('Host: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n'),
    'HPE_INVALID_TRANSFER_ENCODING',
  ],
  'Transfer-Encoding then Content-Length': [
    head('Host: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n', '0\r\n\r\n'),
    'HPE_INVALID_CONTENT_LENGTH',
  ],
  'authority-form target with GET': [head('Host: x\r\n', '', 'GET x:80 HTTP/1.1'), 'HPE_INVALID_URL'],
  'HTTP/1.2': [head('Host: x\r\n', '', 'GET / HTTP/1.2'), 'HPE_INVALID_VERSION'],
  'HTTP/3.0': [head('Host: x\r\n', '', 'GET / HTTP/3.0'), 'HPE_INVALID_VERSION'],
  'Transfer-Encoding: chunked, chunked': [
    head('Host: x\r\nTransfer-Encoding: chunked, chunked\r\n', '0\r\n\r\n'),
    'HPE_INVALID_TRANSFER_ENCODING',
  ],
  'Transfer-Encoding: chunked twice on two lines': [
    head('Host: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n'),
    'HPE_INVALID_TRANSFER_ENCODING',
  ],
  'Transfer-Encoding: chunked, gzip': [
    head('Host: x\r\nTransfer-Encoding: chunked, gzip\r\n'),
    'HPE_INVALID_TRANSFER_ENCODING',
  ],
};

/** The parser delivers each of these to 'request': tsicorn's own check refuses them. */
const TSICORN_REFUSES: Record<string, string> = {
  'Host twice': head('Host: x\r\nHost: y\r\n', '', 'GET / HTTP/1.1'),
  'Content-Type twice': head('Host: x\r\nContent-Type: a/b\r\nContent-Type: c/d\r\n', '', 'GET / HTTP/1.1'),
  'HTTP/2.0 (505)': head('Host: x\r\n', '', 'GET / HTTP/2.0'),
  'HTTP/0.9 (505)': head('Host: x\r\n', '', 'GET / HTTP/0.9'),
  'HTTP/1.1 without Host': head('', '', 'GET / HTTP/1.1'),
  'Host not a host[:port]': head('Host: a b\r\n', '', 'GET / HTTP/1.1'),
  'Host port over 65535': head('Host: x:99999\r\n', '', 'GET / HTTP/1.1'),
  'Transfer-Encoding in HTTP/1.0': head(
    'Host: x\r\nTransfer-Encoding: chunked\r\n',
    '0\r\n\r\n',
    'POST / HTTP/1.0',
  ),
  'Transfer-Encoding without chunked': head('Host: x\r\nTransfer-Encoding: gzip\r\n'),
  'Transfer-Encoding: chunked<TAB>,<TAB>chunked': head(
    'Host: x\r\nTransfer-Encoding: chunked\t,\tchunked\r\n',
    '0\r\n\r\n',
  ),
  'asterisk-form with GET': head('Host: x\r\n', '', 'GET * HTTP/1.1'),
  'absolute-form with scheme ftp': head('Host: x\r\n', '', 'GET ftp://x/ HTTP/1.1'),
  'absolute-form disagreeing with Host': head('Host: x\r\n', '', 'GET http://y/ HTTP/1.1'),
};

function parserSays(node: string, cases: Record<string, string>): Record<string, string> {
  const script = join(ROOT, 'test/http/parser-probe.mjs');
  const limit = String(maxHeaderSize(staticDefaults()));
  return JSON.parse(execFileSync(node, [script, limit, JSON.stringify(cases)], { encoding: 'utf8' }));
}

const sys = systemNode();
const nodes: [string, string][] = [['pinned Node', process.execPath]];
if (sys && sys !== process.execPath) nodes.push([`system Node (${sys})`, sys]);
else console.warn('parser-audit.test: no second Node on PATH; audited on one Node only');

describe.each(nodes)("Node's parser against tsicorn's checks, on the %s", (_name, node) => {
  it('refuses every duplicate Content-Length (and the other framing conflicts) before tsicorn sees the head', () => {
    const said = parserSays(
      node,
      Object.fromEntries(Object.entries(PARSER_REFUSES).map(([k, v]) => [k, v[0]])),
    );
    expect(said).toEqual(
      Object.fromEntries(Object.entries(PARSER_REFUSES).map(([k, v]) => [k, `refused ${v[1]}`])),
    );
  });

  it("lets through what only tsicorn's checks refuse, and tsicorn refuses every one", async () => {
    const said = parserSays(node, TSICORN_REFUSES);
    expect(said).toEqual(Object.fromEntries(Object.keys(TSICORN_REFUSES).map((k) => [k, 'delivered'])));
    const s = await serveApp('plain-listener', { node });
    for (const [name, text] of [
      ...Object.entries(TSICORN_REFUSES),
      ...Object.entries(PARSER_REFUSES).map(([k, v]) => [k, v[0]] as const),
    ]) {
      const o = await sendRaw(s.port, Buffer.from(text, 'latin1'), false);
      expect({ name, refused: invalidHandled(o) && o.status !== null }).toEqual({ name, refused: true });
    }
    expect(s.proc.stdout()).not.toMatch(/PRE /);
  });
});
