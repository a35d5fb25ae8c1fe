// Heroku Language Runtime Metrics from the master: whether to post, where, how often, and the
// POST itself. Heroku's Node buildpack loads its own plugin into every Node process through
// NODE_OPTIONS when the app has runtime metrics on; each process then posts its own figures for the
// same dyno. tsicorn posts once for the whole dyno and keeps that plugin out (bin/tsicorn removes it
// from NODE_OPTIONS before Node starts and names it in TSICORN_HEROKU_PLUGIN).

/** Heroku's plugin posts every 20 s unless METRICS_INTERVAL_OVERRIDE (ms) says otherwise, never under 10 s. */
export const HEROKU_DEFAULT_INTERVAL_MS = 20_000;
export const HEROKU_MIN_INTERVAL_MS = 10_000;
/** Set by bin/tsicorn to the plugin path it removed from NODE_OPTIONS. */
export const REMOVED_PLUGIN_ENV = 'TSICORN_HEROKU_PLUGIN';

export type HerokuTarget = { url: URL; intervalMs: number; note: string | null } | { off: string };

/** Where and how often to post, from the dyno's environment; or why not. */
export function herokuTarget(env: Record<string, string | undefined>): HerokuTarget {
  const raw = env.HEROKU_METRICS_URL;
  if (!raw) return { off: 'HEROKU_METRICS_URL is not set' };
  // The same opt-outs as Heroku's buildpack applies to its plugin.
  if (env.HEROKU_SKIP_NODE_PLUGIN) return { off: 'HEROKU_SKIP_NODE_PLUGIN is set' };
  if (env.DYNO?.startsWith('run.')) return { off: `one-off dyno ${env.DYNO}` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { off: `HEROKU_METRICS_URL is not a URL: ${raw}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { off: `HEROKU_METRICS_URL is not http(s): ${raw}` };
  const override = env.METRICS_INTERVAL_OVERRIDE;
  if (override === undefined || override === '')
    return { url, intervalMs: HEROKU_DEFAULT_INTERVAL_MS, note: null };
  const ms = Number.parseInt(override, 10);
  if (Number.isNaN(ms))
    return {
      url,
      intervalMs: HEROKU_DEFAULT_INTERVAL_MS,
      note: `METRICS_INTERVAL_OVERRIDE=${override} is not a number of milliseconds; posting every 20 s`,
    };
  if (ms < HEROKU_MIN_INTERVAL_MS)
    return {
      url,
      intervalMs: HEROKU_MIN_INTERVAL_MS,
      note: `METRICS_INTERVAL_OVERRIDE=${override} is under the 10 s minimum; posting every 10 s`,
    };
  return { url, intervalMs: ms, note: null };
}

const PLUGIN_PATH = /(?:^|\/)(?:metrics_collector\.cjs|heroku-nodejs-plugin\/?)$/;

/**
 * Splits Heroku's metrics plugin (`--require PATH`, `-r PATH` or `--require=PATH`, PATH ending in
 * metrics_collector.cjs or heroku-nodejs-plugin) out of a NODE_OPTIONS value; the rest is kept as is.
 */
export function splitHerokuPlugin(nodeOptions: string | undefined): { rest: string; plugin: string | null } {
  const words = (nodeOptions ?? '').split(/\s+/).filter(Boolean);
  const kept: string[] = [];
  let plugin: string | null = null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    if ((w === '--require' || w === '-r') && next !== undefined && PLUGIN_PATH.test(next)) {
      plugin = next;
      i++;
    } else if (w.startsWith('--require=') && PLUGIN_PATH.test(w.slice(10))) plugin = w.slice(10);
    else kept.push(w);
  }
  return { rest: plugin === null ? (nodeOptions ?? '') : kept.join(' '), plugin };
}

/** POSTs JSON; resolves with the HTTP status, rejects on a network error or after timeoutMs. */
export async function postJson(url: URL, body: unknown, timeoutMs: number): Promise<number> {
  const data = Buffer.from(JSON.stringify(body));
  // Loaded when a post is due, not at start: node:https pulls in tls and crypto (about 10 ms).
  const send =
    url.protocol === 'https:' ? (await import('node:https')).request : (await import('node:http')).request;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': data.length },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}
