// What operators see and rely on through a real master: access and error logs, HTTP limits
// answered by workers that keep serving, workers deaf to the master's signals, config reload.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childPids, eventually, freePort, ROOT, request, spawnTsicorn } from '../helpers/proc.ts';
import { rawExchange } from '../helpers/raw.ts';

const APPS = `${ROOT}fixtures/apps`;

async function boot(args: string[], cwd = `${APPS}/arbiter`) {
  const port = await freePort();
  const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, ...args], { cwd });
  await p.ready();
  return { p, port, base: `http://127.0.0.1:${port}` };
}

/** Signals pending for process `pid`: process-wide (ShdPnd) and per thread (SigPnd), as a mask. */
function pendingSignals(pid: number): bigint {
  let mask = 0n;
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    throw new Error(`process ${pid} is gone`);
  }
  for (const task of tasks) {
    const status = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
    for (const m of status.matchAll(/^(?:ShdPnd|SigPnd):\s*([0-9a-f]+)$/gm)) mask |= BigInt(`0x${m[1]}`);
  }
  return mask;
}

describe('logs through the real server', () => {
  it('--access-logfile - writes one Gunicorn-style line per request to stdout, client from trusted XFF', async () => {
    const { p, base } = await boot(['-w', '2', '--access-logfile', '-']);
    await request(`${base}/slow?ms=5`, {
      headers: { 'x-forwarded-for': '203.0.113.9', 'user-agent': 'probe/1' },
    });
    const line = (await p.waitFor(/^.*GET \/slow\?ms=5 HTTP\/1\.1.*$/m))[0];
    expect(line).toMatch(
      /^203\.0\.113\.9 - - \[[^\]]+\] "GET \/slow\?ms=5 HTTP\/1\.1" 200 \d+ "-" "probe\/1"$/,
    );
    expect(p.stdout()).toContain(line);
  });

  it('--log-format json gives one JSON object per error-log line', async () => {
    const { p } = await boot(['-w', '1', '--log-format', 'json']);
    const lines = p
      .stderr()
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(3);
    const parsed = lines.map((l) => JSON.parse(l) as { level: string; msg: string; pid: number });
    expect(parsed.some((l) => /Booting worker with pid/.test(l.msg))).toBe(true);
  });

  it('an app that throws at import: its error text is in the log', async () => {
    const port = await freePort();
    const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, '-w', '2'], {
      cwd: `${APPS}/throws-at-import`,
    });
    expect(await p.exited(15_000)).toBe(3);
    expect(p.output()).toContain('fixture throws at import: DATABASE_URL is not set');
  });
});

describe('HTTP limits in the workers', () => {
  it('answers 414, 431 and 400 itself and the workers keep serving', async () => {
    const { p, port, base } = await boot(['-w', '2']);
    const workers = childPids(p.pid).sort();
    const longLine = await rawExchange(port, `GET /${'a'.repeat(5000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(longLine).toMatch(/^HTTP\/1\.1 414 /);
    const bigHeader = await rawExchange(
      port,
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(9000)}\r\n\r\n`,
    );
    expect(bigHeader).toMatch(/^HTTP\/1\.1 431 /);
    const garbage = await rawExchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect((await request(`${base}/`)).status).toBe(200);
    expect(childPids(p.pid).sort()).toEqual(workers);
  });
});

describe('process titles', () => {
  it('ps shows the master and workers by role and --name', async () => {
    const { p } = await boot(['-w', '2', '-n', 'shop']);
    const title = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, '');
    expect(title(p.pid)).toBe('tsicorn: master [shop]');
    for (const w of childPids(p.pid)) expect(title(w)).toBe('tsicorn: worker [shop]');
  });
});

describe('signals', () => {
  it("workers ignore the master's signals sent to them directly: each one delivered, the worker serves on", async () => {
    const { p, base } = await boot(['-w', '1']);
    const [worker] = childPids(p.pid);
    for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGTTIN', 'SIGUSR2'] as const) {
      process.kill(worker!, sig);
      // Delivered (no longer pending in any thread): its default action would have ended the
      // process by now; the handler tsicorn installed runs on the event loop, which the next
      // two requests go through.
      await eventually(() => pendingSignals(worker!) === 0n, 5000, 5);
      for (let i = 0; i < 2; i++)
        expect(JSON.parse((await request(`${base}/`)).body).pid, `after ${sig}`).toBe(worker);
    }
    expect(childPids(p.pid)).toEqual([worker]);
    expect(p.output()).not.toMatch(/Worker exiting|exited/);
  });

  it('HUP re-reads the config file: a new worker count applies after the reload', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsicorn-hupcfg-'));
    cpSync(`${APPS}/config-reload`, dir, { recursive: true });
    const { p } = await boot([], dir);
    expect(childPids(p.pid)).toHaveLength(2);
    writeFileSync(join(dir, 'tsicorn.config.mjs'), 'export default { workers: 3 };\n');
    p.signal('SIGHUP');
    await p.waitFor(/Reload complete/);
    await eventually(() => childPids(p.pid).length === 3, 15_000);
  });
});
