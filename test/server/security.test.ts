// Issue 18, through a real master on loopback: what an attacker can do to a tsicorn dyno from
// the network or from another local process, and what stops them.
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childPids, eventually, freePort, ROOT, request, spawnTsicorn } from '../helpers/proc.ts';
import { rawExchange } from '../helpers/raw.ts';

const APPS = `${ROOT}fixtures/apps`;
/** What Python's str.splitlines(), and log shippers built like it, treat as line ends. */
const UNICODE_LINE_BREAKS = /\r\n|[\n\v\f\r\x1c-\x1e\x85\u2028\u2029]/;

async function boot(args: string[], cwd = `${APPS}/arbiter`) {
  const port = await freePort();
  const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, ...args], { cwd });
  await p.ready();
  return { p, port, base: `http://127.0.0.1:${port}` };
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

describe('logs cannot be forged', () => {
  // Header bytes arrive as latin1: 0x85 is NEL; U+2028 on the wire is E2 80 A8, whose 0x80 is a C1
  // control. Percent-decoding puts the real U+2028 and U+0085 into the path the logs show.
  const hostile = Buffer.concat([
    Buffer.from(
      'GET /forge%E2%80%A8fake%C2%85line?q=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n',
      'latin1',
    ),
    Buffer.from('User-Agent: ua\x85[fake] ', 'latin1'),
    Buffer.from('sep\u2028par\u2029end\r\nReferer: ref\x85\u2028\r\n\r\n', 'utf8'),
  ]);

  for (const format of ['text', 'json', 'logfmt'] as const) {
    it(`${format}: a request with NEL and U+2028 in its headers and path is exactly one access line`, async () => {
      const extra =
        format === 'text' ? ['--access-logformat', '%(h)s "%(r)s" %(s)s "%(a)s" "%(f)s" %(U)s'] : [];
      const { p, port } = await boot(['-w', '1', '--access-logfile', '-', '--log-format', format, ...extra]);
      const answer = await rawExchange(port, hostile);
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
      await p.waitFor(/forge/);
      // Let any further line the request could have caused arrive before counting.
      await new Promise((r) => setTimeout(r, 200));
      const out = p.stdout();
      expect(out.split(UNICODE_LINE_BREAKS).length).toBe(out.split('\n').length);
      const access = lines(out).filter((l) => l.includes('forge'));
      expect(access).toHaveLength(1);
      const err = p.stderr();
      expect(err.split(UNICODE_LINE_BREAKS).length).toBe(err.split('\n').length);
      if (format === 'json') {
        for (const l of [...lines(out), ...lines(err)]) expect(() => JSON.parse(l), l).not.toThrow();
        const rec = JSON.parse(access[0]!) as { user_agent: string; path: string };
        expect(rec.user_agent).toBe('ua\x85[fake] sep\xe2\x80\xa8par\xe2\x80\xa9end');
        expect(rec.path).toBe('/forge\u2028fake\u0085line');
      }
      if (format === 'text') expect(access[0]).toContain('"ua\\x85[fake] sep\u00e2\\x80\u00a8par');
      if (format === 'logfmt') expect(access[0]).toContain('path="/forge\\u2028fake\\u0085line"');
    });
  }
});

describe('X-Forwarded-For from a trusted peer', () => {
  it('garbage logs the peer; brackets and ports are stripped from a valid hop', async () => {
    const { p, base } = await boot(['-w', '1', '--access-logfile', '-']);
    await request(`${base}/?garbage`, { headers: { 'x-forwarded-for': '6.6.6.6 injected=1 "' } });
    await request(`${base}/?unknown`, { headers: { 'x-forwarded-for': 'unknown' } });
    await request(`${base}/?v6`, { headers: { 'x-forwarded-for': '[2001:db8::2]:443' } });
    await request(`${base}/?v4port`, { headers: { 'x-forwarded-for': '1.2.3.4:5678' } });
    await p.waitFor(/\?v4port/);
    const byQuery = (q: string) => lines(p.stdout()).find((l) => l.includes(`/?${q} `))!;
    expect(byQuery('garbage')).toMatch(/^127\.0\.0\.1 - - /);
    expect(byQuery('unknown')).toMatch(/^127\.0\.0\.1 - - /);
    expect(byQuery('v6')).toMatch(/^2001:db8::2 - - /);
    expect(byQuery('v4port')).toMatch(/^1\.2\.3\.4 - - /);
    expect(p.stdout()).not.toContain('injected');
  });
});

describe('requests the server answers itself are in the access log', () => {
  it('400 from the parser, 414 and 431 from the limits, 505 from conformance', async () => {
    const { p, port } = await boot(['-w', '1', '--access-logfile', '-']);
    expect(await rawExchange(port, 'GET /parse HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 400 /,
    );
    expect(await rawExchange(port, `GET /${'a'.repeat(5000)} HTTP/1.1\r\nHost: x\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 414 /,
    );
    expect(
      await rawExchange(port, `GET /big HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(9000)}\r\n\r\n`),
    ).toMatch(/^HTTP\/1\.1 431 /);
    expect(await rawExchange(port, 'GET /two HTTP/2.0\r\nHost: x\r\n\r\n')).toMatch(/^HTTP\/1\.1 505 /);
    expect(await rawExchange(port, '\x16\x03\x01 not http at all\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    await eventually(() => lines(p.stdout()).length >= 5, 5000);
    const log = lines(p.stdout());
    expect(log.find((l) => l.includes('"GET /parse HTTP/1.1" 400 '))).toBeDefined();
    expect(log.find((l) => / "GET \/a{5000} HTTP\/1\.1" 414 /.test(l))).toBeDefined();
    expect(log.find((l) => l.includes('"GET /big HTTP/1.1" 431 '))).toBeDefined();
    expect(log.find((l) => l.includes('"GET /two HTTP/2.0" 505 '))).toBeDefined();
    expect(log.find((l) => l.includes('"- - -" 400 '))).toBeDefined();
  });
});

/** Spawns with the process umask set to `mask` (inherited at fork), as a careless init script would. */
function withUmask<T>(mask: number, fn: () => T): T {
  const old = process.umask(mask);
  try {
    return fn();
  } finally {
    process.umask(old);
  }
}

function unixGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ socketPath: path, path: '/', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

describe('the pid file', () => {
  it('is never written through a symlink, and is 0644 even under umask 000', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsicorn-pid-'));
    mkdirSync(join(dir, 'run'));
    const victim = join(dir, 'victim.conf');
    writeFileSync(victim, 'precious\n', { mode: 0o600 });
    const pidPath = join(dir, 'run', 't.pid');
    symlinkSync(victim, pidPath);
    const port = await freePort();
    const p = withUmask(0, () =>
      spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, '-w', '1', '--pid', pidPath], {
        cwd: `${APPS}/arbiter`,
      }),
    );
    await p.ready();
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(statSync(victim).mode & 0o777).toBe(0o600);
    const st = lstatSync(pidPath);
    expect(st.isFile()).toBe(true);
    expect(st.mode & 0o777).toBe(0o644);
    expect(readFileSync(pidPath, 'utf8')).toBe(`${p.pid}\n`);
    p.signal('SIGTERM');
    expect(await p.exited()).toBe(0);
    expect(() => lstatSync(pidPath)).toThrow(/ENOENT/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });
});

describe('unix sockets', () => {
  it('a second start on a live socket fails naming the first master, which stays reachable', async () => {
    const sock = join(mkdtempSync(join(tmpdir(), 'tsicorn-unix-')), 'app.sock');
    const first = withUmask(0, () =>
      spawnTsicorn(['app', '-w', '1', '-b', `unix:${sock}`], { cwd: `${APPS}/arbiter` }),
    );
    await first.ready();
    // 0660 whatever the umask (000 would have made it 0777).
    expect(statSync(sock).mode & 0o777).toBe(0o660);
    expect((await unixGet(sock)).status).toBe(200);
    const second = spawnTsicorn(['app', '-w', '1', '-b', `unix:${sock}`], { cwd: `${APPS}/arbiter` });
    expect(await second.exited(15_000)).toBe(1);
    expect(second.stderr()).toContain(
      `cannot bind unix:${sock}: EADDRINUSE (process ${first.pid} (tsicorn: master [app])`,
    );
    expect(statSync(sock).isSocket()).toBe(true);
    expect((await unixGet(sock)).status).toBe(200);
    first.signal('SIGTERM');
    expect(await first.exited()).toBe(0);
    expect(() => lstatSync(sock)).toThrow(/ENOENT/);
  });

  it('a stale socket is replaced; a path that is not a socket gets its own message; --unix-socket-mode applies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsicorn-unix-'));
    const sock = join(dir, 'app.sock');
    const crashed = spawnTsicorn(['app', '-w', '1', '-b', `unix:${sock}`], { cwd: `${APPS}/arbiter` });
    await crashed.ready();
    await crashed.kill(); // SIGKILL to the group: the socket file stays behind, nobody listens
    expect(statSync(sock).isSocket()).toBe(true);
    const next = spawnTsicorn(['app', '-w', '1', '-b', `unix:${sock}`, '--unix-socket-mode', '600'], {
      cwd: `${APPS}/arbiter`,
    });
    await next.ready();
    expect(statSync(sock).mode & 0o777).toBe(0o600);
    expect((await unixGet(sock)).status).toBe(200);

    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'keep me\n');
    const refused = spawnTsicorn(['app', '-w', '1', '-b', `unix:${file}`], { cwd: `${APPS}/arbiter` });
    expect(await refused.exited(15_000)).toBe(1);
    expect(refused.stderr()).toContain(
      `cannot bind unix:${file}: the path exists and is a regular file, not a socket; remove it or choose another path`,
    );
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
  });
});

/** A client connection that records when the server closed it and what it answered. */
interface Probe {
  sock: Socket;
  openedAt: number;
  /** When the first byte was sent (slowloris) or the connection opened (idle). */
  startedAt: number;
  closedAt: number | null;
  got: string;
}

function openProbe(port: number): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    const probe: Probe = { sock, openedAt: 0, startedAt: 0, closedAt: null, got: '' };
    sock.setEncoding('latin1');
    sock.on('data', (d) => {
      probe.got += d;
    });
    sock.on('error', () => {});
    sock.on('close', () => {
      probe.closedAt = Date.now();
    });
    sock.once('connect', () => {
      probe.openedAt = probe.startedAt = Date.now();
      resolve(probe);
    });
    sock.once('error', reject);
  });
}

async function allClosed(probes: Probe[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (probes.some((p) => p.closedAt === null) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

describe('stalled connections are closed by the server (fd-passed sockets, no listen() in workers)', () => {
  it('100 idle and 100 slowloris connections close at the header deadline while normal requests are served', async () => {
    const deadlineS = 2;
    const { p, port, base } = await boot([
      '-w',
      '2',
      '--header-timeout',
      String(deadlineS),
      '--access-logfile',
      '-',
    ]);
    const idle = await Promise.all(Array.from({ length: 100 }, () => openProbe(port)));
    const slow = await Promise.all(Array.from({ length: 100 }, () => openProbe(port)));
    for (const s of slow) {
      s.sock.write('GET /slowloris HTTP/1.1\r\nHost: x\r\n');
      s.startedAt = Date.now();
    }
    // A header line every 300 ms: each keeps the connection busy, none finishes the head.
    const drip = setInterval(() => {
      for (const s of slow) if (s.closedAt === null) s.sock.write(`X-Drip-${Date.now()}: 1\r\n`);
    }, 300);
    try {
      const normal = await request(`${base}/`);
      expect(normal.status).toBe(200);
      await allClosed([...idle, ...slow], (deadlineS + 3) * 1000);
    } finally {
      clearInterval(drip);
    }
    const late = (list: Probe[]) => list.map((x) => (x.closedAt ?? Number.POSITIVE_INFINITY) - x.startedAt);
    const idleAfter = late(idle);
    const slowAfter = late(slow);
    // Closed at the deadline: not before it, and at most two sweeps (deadline / 8 each) after it.
    for (const ms of [...idleAfter, ...slowAfter]) {
      expect(ms).toBeGreaterThanOrEqual(deadlineS * 1000 - 50);
      expect(ms).toBeLessThanOrEqual(deadlineS * 1000 + 1000);
    }
    for (const s of slow) expect(s.got).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    for (const s of idle) expect(s.got).toBe('');
    // Still serving, and the 408s are in the access log.
    expect((await request(`${base}/`)).status).toBe(200);
    // Two workers write their lines through their own pipes: the last ones may still be on the way.
    const logged408 = () =>
      p
        .stdout()
        .split('\n')
        .filter((l) => l.includes('"- - -" 408 ')).length;
    await eventually(() => logged408() >= 100, 5000).catch(() => {});
    expect(logged408()).toBe(100);
    const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
    console.log(
      `header deadline ${deadlineS} s: idle closed after ${sorted(idleAfter)[0]}..${sorted(idleAfter)[99]} ms, ` +
        `slowloris after ${sorted(slowAfter)[0]}..${sorted(slowAfter)[99]} ms`,
    );
  });

  it('150 large unfinished heads: under the head cap they are closed at the deadline, over it refused at once; worker RSS stays bounded', async () => {
    const { p, port } = await boot(['-w', '1', '--header-timeout', '3']);
    const [worker] = childPids(p.pid);
    const before = rssMb(worker!);
    let peak = before;
    const sample = setInterval(() => {
      peak = Math.max(peak, rssMb(worker!));
    }, 50);
    try {
      // Under every per-field limit and under limit_request_head_size (64 KB): 7 fields of 8000 bytes.
      const under = await Promise.all(Array.from({ length: 150 }, () => openProbe(port)));
      const field = (i: number) => `X-Fill-${i}: ${'v'.repeat(8000)}\r\n`;
      for (const c of under) {
        c.sock.write(`GET /big HTTP/1.1\r\nHost: x\r\n${[0, 1, 2, 3, 4, 5, 6].map(field).join('')}`);
        c.startedAt = Date.now();
      }
      await allClosed(under, 6000);
      for (const c of under) {
        expect(c.closedAt).not.toBeNull();
        expect(c.got).toMatch(/^HTTP\/1\.1 408 /);
      }
      const underPeak = peak;
      // Over the cap, as the probe sent them (97 fields of 8190 bytes, ~795 KB each, under
      // the per-field and field-count limits): refused with 431 once 64 KB have arrived.
      const over = await Promise.all(Array.from({ length: 150 }, () => openProbe(port)));
      const bigField = (i: number) => `X-Fill-${i}: ${'v'.repeat(8178)}\r\n`;
      const head = Buffer.from(
        `GET /big HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 97 }, (_, i) => bigField(i)).join('')}`,
      );
      const t0 = Date.now();
      for (const c of over) c.sock.write(head);
      await allClosed(over, 6000);
      for (const c of over) {
        expect(c.closedAt).not.toBeNull();
        expect(c.got).toMatch(/^HTTP\/1\.1 431 /);
      }
      const overMs = Math.max(...over.map((c) => c.closedAt! - t0));
      console.log(
        `worker RSS before ${before.toFixed(0)} MB; peak with 150 heads of 56 KB held ${(underPeak - before).toFixed(1)} MB more; ` +
          `peak overall ${(peak - before).toFixed(1)} MB more; 150 heads of 795 KB all refused within ${overMs} ms`,
      );
      expect(peak - before).toBeLessThan(64);
    } finally {
      clearInterval(sample);
    }
  });
});

/** Loopback TCP ports process `pid` listens on (its socket inodes matched in /proc/net/tcp). */
function listeningPorts(pid: number): Set<number> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {}
  }
  const ports = new Set<number>();
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const c = line.trim().split(/\s+/);
    // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; inode is column 9.
    if (c[3] === '0A' && c[1]?.startsWith('0100007F:') && inodes.has(c[9]!))
      ports.add(Number.parseInt(c[1].slice(9), 16));
  }
  return ports;
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** How many ms until `cond` holds (polled by eventually(), which throws past `ms`). */
async function msUntil(cond: () => Promise<boolean>, ms: number): Promise<number> {
  const t0 = Date.now();
  await eventually(cond, ms);
  return Date.now() - t0;
}

describe('the V8 inspector', () => {
  it('SIGUSR1 from outside opens it; the worker closes it within seconds, without printing its URL', async () => {
    const { p, base } = await boot(['-w', '1', '--log-format', 'json']);
    const [worker] = childPids(p.pid);
    // The worker's title replaces its command line, so find the inspector as the one new
    // listening port the worker holds after SIGUSR1.
    const before = listeningPorts(worker!);
    process.kill(worker!, 'SIGUSR1');
    let port = 0;
    await msUntil(async () => {
      port = [...listeningPorts(worker!)].find((x) => !before.has(x)) ?? 0;
      return port > 0;
    }, 3000);
    const openedAfter = await msUntil(() => listening(port), 3000);
    const closedAfter = await msUntil(async () => !(await listening(port)), 10_000);
    await p.waitFor(/Closed the V8 inspector of this worker/);
    console.log(
      `inspector opened ${openedAfter} ms after SIGUSR1, closed by the worker ${closedAfter} ms later`,
    );
    expect(closedAfter).toBeLessThan(6000);
    // Same worker, still serving; nothing but JSON lines on stderr, and no ws:// URL anywhere.
    expect(childPids(p.pid)).toEqual([worker]);
    expect((await request(`${base}/`)).status).toBe(200);
    expect(p.output()).not.toContain('ws://');
    expect(p.output()).not.toContain('Debugger listening');
    for (const l of lines(p.stderr())) expect(() => JSON.parse(l), l).not.toThrow();
  });
});
