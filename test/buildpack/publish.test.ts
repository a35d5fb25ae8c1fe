// `npm run publish-buildpack` end to end against a local stand-in of the buildpack registry's
// endpoints (selected with HEROKU_BUILDPACK_REGISTRY_URL), plus the pure planning step.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildpackId, planPublish } from '../../scripts/publish.ts';
import { ROOT } from '../helpers/proc.ts';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

/** The registry's publish and revision endpoints, as @heroku/buildpack-registry calls them. */
async function standIn(outcome: 'published' | 'failed'): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  let polls = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const json = (status: number, v: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(v));
      };
      const revision = (status: string, error?: string) => ({
        id: 'rev-123',
        buildpack_id: 'bp-1',
        ref: 'v0.1.0',
        status,
        error,
        release: 7,
        checksum: 'sha256:0',
        published_by_id: 'u1',
        license: 'MIT',
        created_at: '2026-11-24T00:00:00Z',
        updated_at: '2026-11-24T00:00:00Z',
      });
      if (req.method === 'POST' && req.url === '/buildpacks/tsicorn%2Ftsicorn/revisions') {
        if (req.headers.authorization !== 'Bearer good-token')
          return json(401, { id: 'unauthorized', message: 'Invalid credentials provided.' });
        return json(201, revision('pending'));
      }
      if (req.method === 'GET' && req.url === '/buildpacks/tsicorn%2Ftsicorn/revisions/rev-123') {
        polls++;
        if (outcome === 'failed')
          return json(200, revision('failed', 'could not fetch ref v0.1.0 from GitHub'));
        return json(200, revision(polls < 2 ? 'pending' : 'published'));
      }
      json(404, { id: 'not_found', message: `no route ${req.method} ${req.url}` });
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, seen };
}

function publishCmd(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/publish-buildpack.mjs'), ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('publish-buildpack against a local registry stand-in', () => {
  it('publishes the version tag and waits for the release', async () => {
    const { url, seen } = await standIn('published');
    const r = await publishCmd([], { HEROKU_BUILDPACK_REGISTRY_URL: url, HEROKU_API_KEY: 'good-token' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-----> Publishing v0.1.0 of tsicorn/tsicorn to the buildpack registry');
    expect(r.stdout).toContain('revision rev-123 (release 7) is pending');
    expect(r.stdout).toContain('-----> tsicorn/tsicorn release 7 published');
    const post = seen[0]!;
    expect(post.method).toBe('POST');
    expect(JSON.parse(post.body)).toEqual({ ref: 'v0.1.0' });
    expect(post.headers.accept).toBe('application/vnd.heroku+json; version=3.buildpack-registry');
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(2);
  }, 30_000);

  it('reports a failed revision with the registry’s reason', async () => {
    const { url } = await standIn('failed');
    const r = await publishCmd(['--ref', 'v0.1.0'], {
      HEROKU_BUILDPACK_REGISTRY_URL: url,
      HEROKU_API_KEY: 'good-token',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      ' !     publish-buildpack: revision rev-123 of tsicorn/tsicorn failed: could not fetch ref v0.1.0 from GitHub\n',
    );
  }, 30_000);

  it('reports a rejected token', async () => {
    const { url } = await standIn('published');
    const r = await publishCmd([], { HEROKU_BUILDPACK_REGISTRY_URL: url, HEROKU_API_KEY: 'stale' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^ ! {5}publish-buildpack: publish failed: HTTP 401 on \/buildpacks\/tsicorn%2Ftsicorn\/revisions \(the token was rejected: check HEROKU_API_KEY\)/,
    );
  }, 30_000);

  it('refuses to start without a token or with an invalid slug, without calling the registry', async () => {
    const { url, seen } = await standIn('published');
    const noToken = await publishCmd([], { HEROKU_BUILDPACK_REGISTRY_URL: url });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('HEROKU_API_KEY is not set');
    const badSlug = await publishCmd(['--slug', 'no-namespace'], {
      HEROKU_BUILDPACK_REGISTRY_URL: url,
      HEROKU_API_KEY: 'x',
    });
    expect(badSlug.code).toBe(1);
    expect(badSlug.stderr).toContain(
      'invalid buildpack slug "no-namespace": To specify a buildpack, please format it like',
    );
    expect(seen).toEqual([]);
  }, 30_000);
});

describe('planPublish', () => {
  it('defaults slug from buildpack.toml and ref from the version', () => {
    expect(
      buildpackId('api = "0.10"\n[buildpack]\nid = "a/b"\nversion = "1"\n[[targets]]\nos = "linux"\n'),
    ).toBe('a/b');
    expect(planPublish([], { HEROKU_API_KEY: 't' }, { id: 'a/b', version: '1.2.3' })).toEqual({
      slug: 'a/b',
      ref: 'v1.2.3',
      token: 't',
      otp: undefined,
      wait: true,
    });
    expect(
      planPublish(
        ['--slug', 'x/y', '--ref', 'main', '--no-wait', '--otp', '123'],
        { HEROKU_API_KEY: 't' },
        { id: null, version: '1' },
      ),
    ).toMatchObject({
      slug: 'x/y',
      ref: 'main',
      otp: '123',
      wait: false,
    });
  });
});
