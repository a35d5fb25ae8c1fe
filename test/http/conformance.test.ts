// Gunicorn's own parser corpus (../shared/data/gunicorn-requests) against createHttpServer, over
// real sockets, one fresh connection per case. Plain Node's http server runs the same cases as the
// baseline; both counts are printed. Rules from the corpus README: an invalid case is handled by a
// 4xx/501/505 answer or a close without answer, and the server must serve the next request; a valid
// case (with Host) is handled by a first final answer of 2xx. The totals are the README's: they
// are read from it and asserted, so a smaller corpus or a changed claim fails here. The corpus
// lives outside the repository (../shared/data): on CI its absence is a failure, elsewhere a
// visible skip.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../lib/config/types.ts';
import { prerequisite } from '../helpers/prereq.ts';
import { ROOT, request, systemNode, TEST_NODE } from '../helpers/proc.ts';
import { type Case, CORPUS, invalidHandled, loadCorpus, sendRaw, validHandled } from './corpus.ts';
import { serveApp } from './serve.ts';

const corpus = loadCorpus();
const NO_CORPUS = corpus
  ? null
  : `Gunicorn's request corpus is not at ${CORPUS} (the README's conformance totals need it)`;

/** The totals the README states for default settings: tsicorn's, then plain Node's. */
function readmeTotals() {
  const text = readFileSync(`${ROOT}README.md`, 'utf8').replace(/\s+/g, ' ');
  const m = text.match(
    /tsicorn rejects \*\*(\d+) of (\d+)\*\* invalid cases and accepts \*\*(\d+) of (\d+)\*\* valid ones that carry a `Host` header \(plain Node's `http` server: (\d+) of (\d+) and (\d+) of (\d+)\)/,
  );
  if (!m) throw new Error('README.md no longer states the corpus totals in the sentence this test reads');
  const [rejected, invalid, accepted, valid, nodeRejected, , nodeAccepted] = m
    .slice(1)
    .map(Number) as number[];
  return { rejected, invalid, accepted, valid, nodeRejected, nodeAccepted };
}

/** Valid cases tsicorn refuses, with the reason (asserted exactly, so a change shows up here). */
const KNOWN_VALID_FAILURES: Record<string, string> = {
  'valid/027':
    "raw byte 0xE0 in the request target: Node's strict parser (llhttp) refuses non-ASCII targets; RFC 9112 " +
    'allows only URI characters there, Gunicorn is lenient. Only insecureHTTPParser would accept it.',
};

/** needsConfig settings tsicorn offers, mapped to its own settings. */
function settingsFor(needs: string[]): Partial<Settings> | null {
  const out: Partial<Settings> = {};
  for (const n of needs) {
    const [key, raw] = n.split('=') as [string, string];
    const value = raw.replace(/^"|"$/g, '');
    if (key === 'limit_request_line') out.limitRequestLine = Number(value);
    else if (key === 'limit_request_fields') out.limitRequestFields = Number(value);
    else if (key === 'limit_request_field_size') out.limitRequestFieldSize = Number(value);
    else if (key === 'forwarded_allow_ips') out.forwardedAllowIps = [value];
    else return null;
  }
  return out;
}

async function nodeVersion(bin: string): Promise<string> {
  return (await promisify(execFile)(bin, ['--version'])).stdout.trim();
}

const isInvalid = (c: Case) => c.name.startsWith('invalid/');

describe('Gunicorn request corpus', () => {
  const system = systemNode();
  const nodes = [
    { label: 'test runner Node', bin: TEST_NODE as string | null },
    { label: 'system Node', bin: system },
  ];
  it.for(nodes)(
    "default settings on the $label: the README's totals (invalid rejected, valid with Host accepted, and plain Node's), the one known refusal, Host-less HTTP/1.1 refused",
    async ({ bin }, ctx) => {
      prerequisite(ctx, NO_CORPUS);
      prerequisite(ctx, bin ? null : 'no system Node outside node_modules on PATH (CI has Node 20 there)');
      const tsicorn = await serveApp('read-body', { node: bin! });
      const plain = await serveApp('read-body', { plainNode: true, node: bin! });
      const version = (await request(`${tsicorn.url}/`)).status === 200 ? await nodeVersion(bin!) : '?';
      const cases = corpus!.filter((c) => !c.needsConfig && c.name !== 'valid/099');
      const invalid = cases.filter(isInvalid);
      const valid = cases.filter((c) => !isInvalid(c) && !c.hostMissing);
      const hostMissing = cases.filter((c) => !isInvalid(c) && c.hostMissing);
      const failures: string[] = [];
      const ours = { invalid: 0, valid: 0 };
      const node = { invalid: 0, valid: 0 };
      for (const c of invalid) {
        const o = await sendRaw(tsicorn.port, c.bytes, c.halfClose);
        if (invalidHandled(o)) ours.invalid++;
        else failures.push(`${c.name} (${c.error}): ${JSON.stringify(o)}`);
        // Still serving after it.
        const next = await request(`${tsicorn.url}/`);
        expect(next.status, `after ${c.name}`).toBe(200);
        if (invalidHandled(await sendRaw(plain.port, c.bytes, c.halfClose))) node.invalid++;
      }
      for (const c of valid) {
        const o = await sendRaw(tsicorn.port, c.bytes, c.halfClose);
        if (validHandled(o)) ours.valid++;
        else failures.push(`${c.name}: ${JSON.stringify(o)}`);
        if (validHandled(await sendRaw(plain.port, c.bytes, c.halfClose))) node.valid++;
      }
      // The first request of some of these is HTTP/1.0 (no Host needed): that one gets its 2xx,
      // and the HTTP/1.1 request after it is refused. Otherwise the first answer is the 400.
      const hostRejected: string[] = [];
      for (const c of hostMissing) {
        const o = await sendRaw(tsicorn.port, c.bytes, c.halfClose);
        const firstIs10 = /^[^\r]* HTTP\/1\.0\r\n/.test(c.bytes.toString('latin1'));
        if (firstIs10 ? !validHandled(o) : o.status !== 400)
          hostRejected.push(`${c.name}: ${JSON.stringify(o)}`);
      }
      console.log(
        `corpus, default settings: tsicorn rejects ${ours.invalid}/${invalid.length} invalid and accepts ` +
          `${ours.valid}/${valid.length} valid; plain Node ${version}: ${node.invalid}/${invalid.length} and ` +
          `${node.valid}/${valid.length}. The ${hostMissing.length} valid cases with an HTTP/1.1 request lacking Host: that request refused with 400, as RFC 9112 requires.` +
          `\nnot passed: ${Object.entries(KNOWN_VALID_FAILURES)
            .map(([k, v]) => `${k}: ${v}`)
            .join('; ')}`,
      );
      expect(failures.map((f) => f.split(':')[0])).toEqual(Object.keys(KNOWN_VALID_FAILURES));
      expect(hostRejected).toEqual([]);
      const claim = readmeTotals();
      expect(
        { ours, node, invalid: invalid.length, valid: valid.length },
        'the README states other totals',
      ).toEqual({
        ours: { invalid: claim.rejected, valid: claim.accepted },
        node: { invalid: claim.nodeRejected, valid: claim.nodeAccepted },
        invalid: claim.invalid,
        valid: claim.valid,
      });
    },
  );

  it('valid/099 (declares more body than it carries) is sent and its answer reported, not judged', async (ctx) => {
    prerequisite(ctx, NO_CORPUS);
    const tsicorn = await serveApp('read-body');
    const c = corpus!.find((x) => x.name === 'valid/099')!;
    const o = await sendRaw(tsicorn.port, c.bytes, false, 500);
    console.log(
      `valid/099: ${JSON.stringify(o)} (the app waits for the rest of the body; not judged, per the README)`,
    );
    expect((await request(`${tsicorn.url}/`)).status).toBe(200);
  });

  it('cases that need a setting tsicorn offers are judged with that setting', async (ctx) => {
    prerequisite(ctx, NO_CORPUS);
    const judged: string[] = [];
    const notOffered: string[] = [];
    for (const c of corpus!.filter((x) => x.needsConfig)) {
      const settings = settingsFor(c.needsConfig!);
      if (!settings) {
        notOffered.push(`${c.name} (${c.needsConfig!.join(', ')})`);
        continue;
      }
      const s = await serveApp('read-body', { settings });
      try {
        const o = await sendRaw(s.port, c.bytes, c.halfClose);
        const ok = isInvalid(c) ? invalidHandled(o) : c.hostMissing ? o.status === 400 : validHandled(o);
        expect(ok, `${c.name} with ${c.needsConfig!.join(', ')}: ${JSON.stringify(o)}`).toBe(true);
        judged.push(c.name);
      } finally {
        await s.proc.kill();
      }
    }
    console.log(
      `needsConfig: judged and passed ${judged.length}: ${judged.join(', ')}\n` +
        `not judged (setting not offered by tsicorn): ${notOffered.join('; ')}`,
    );
    // The corpus's needsConfig cases for limits and trusted proxies; the rest need settings
    // tsicorn does not have (PROXY protocol, header maps, obsolete folding ...).
    expect(judged).toEqual([
      'invalid/010',
      'invalid/011',
      'invalid/012',
      'invalid/019',
      'valid/024',
      'valid/026',
    ]);
  });
});
