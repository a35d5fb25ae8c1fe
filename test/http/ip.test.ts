// lib/http/ip.ts must answer exactly as node:net's isIP does, on this Node and on the system Node
// (the oldest supported): hand-picked edge cases plus seeded mutations of valid addresses.
import { execFileSync } from 'node:child_process';
import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ipFamily, isIPv4, isIPv6 } from '../../lib/http/ip.ts';
import { systemNode } from '../helpers/proc.ts';
import { seededRandom } from './replay.ts';

const EDGES = [
  '',
  '0.0.0.0',
  '255.255.255.255',
  '256.1.1.1',
  '1.2.3',
  '1.2.3.4.5',
  '01.2.3.4',
  '1.2.3.04',
  '1..2.3',
  '.1.2.3',
  '1.2.3.4.',
  '١.2.3.4',
  '::',
  '::1',
  ':::',
  '::1::',
  '1::',
  '1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7:8:9',
  '1:2:3:4:5:6:7::',
  '1:2:3:4:5:6:7:8::',
  '::1:2:3:4:5:6:7',
  '::1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7',
  ':1:2:3:4:5:6:7',
  '1:2:3:4:5:6:7:',
  '12345::',
  'abcd::EF01',
  'g::1',
  '::ffff:1.2.3.4',
  '::1.2.3.4',
  '1:2:3:4:5:6:1.2.3.4',
  '1:2:3:4:5::1.2.3.4',
  '1:2:3:4:5:6::1.2.3.4',
  '1:2:3:4:5:6:7:1.2.3.4',
  '1.2.3.4::',
  '1.2.3.4::1',
  '::1.2.3.4:1',
  '::256.1.1.1',
  'fe80::1%eth0',
  'fe80::1%',
  'fe80::1%%',
  'fe80::1%a%b',
  'fe80::1%a:b.c-d',
  'fe80::1%a b',
  '::%1',
  '1.2.3.4%eth0',
  'fe80::1%eth0::',
  '[::1]',
  ' ::1',
  '::1 ',
  'localhost',
];

const ALPHABET = '0123456789abcdefABCDEFg:.%-[] ';

/** Valid addresses of every shape, then one to three random edits of each. */
function corpus(n: number, seed: number): string[] {
  const r = seededRandom(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const hex = () => (Math.floor(r() * 0x10000) >>> (4 * Math.floor(r() * 4))).toString(16);
  const dec = () => String(pick([0, 1, 9, 10, 99, 100, 199, 200, 249, 250, 255, Math.floor(r() * 300)]));
  const v4 = () => [dec(), dec(), dec(), dec()].join('.');
  const v6 = () => {
    const withV4 = r() < 0.3;
    const groups = Array.from({ length: withV4 ? 6 : 8 }, hex);
    let text = groups.join(':');
    if (r() < 0.6) {
      const at = Math.floor(r() * groups.length);
      const len = 1 + Math.floor(r() * (groups.length - at));
      text = `${groups.slice(0, at).join(':')}::${groups.slice(at + len).join(':')}`;
      if (withV4 && !text.endsWith(':')) text += ':';
    } else if (withV4) text += ':';
    if (withV4) text += v4();
    if (r() < 0.1) text += `%${pick(['eth0', '1', 'a.b', 'x-y:z'])}`;
    return text.replace(':::', '::');
  };
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = r() < 0.25 ? v4() : v6();
    const edits = Math.floor(r() * 4);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(r() * (s.length + 1));
      const op = r();
      if (op < 0.33) s = s.slice(0, at) + pick([...ALPHABET]) + s.slice(at);
      else if (op < 0.66) s = s.slice(0, at) + s.slice(at + 1);
      else s = s.slice(0, at) + pick([...ALPHABET]) + s.slice(at + 1);
    }
    out.push(s);
  }
  return out;
}

describe('ipFamily / isIPv4 / isIPv6 (lib/http/ip.ts)', () => {
  const inputs = [...EDGES, ...corpus(20_000, 13)];

  it('agree with node:net on this Node for every input', () => {
    const wrong = inputs.filter((s) => ipFamily(s) !== isIP(s));
    expect(wrong).toEqual([]);
    for (const s of EDGES) {
      expect(isIPv4(s)).toBe(isIP(s) === 4);
      expect(isIPv6(s)).toBe(isIP(s) === 6);
    }
    // The corpus is not all noise: it holds plenty of both families and of invalid strings.
    const families = [0, 4, 6].map((f) => inputs.filter((s) => isIP(s) === f).length);
    expect(Math.min(...families)).toBeGreaterThan(1000);
  });

  it('agree with node:net on the system Node', (ctx) => {
    const node = systemNode();
    if (!node) {
      console.warn('no system Node on PATH: ip.ts compared with this Node only');
      return ctx.skip();
    }
    const theirs = JSON.parse(
      execFileSync(
        node,
        [
          '-e',
          'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.stringify(JSON.parse(s).map(require("net").isIP))))',
        ],
        { input: JSON.stringify(inputs), encoding: 'utf8', maxBuffer: 64 << 20 },
      ),
    ) as number[];
    const wrong = inputs.filter((s, i) => ipFamily(s) !== theirs[i]);
    expect(wrong).toEqual([]);
  });
});
