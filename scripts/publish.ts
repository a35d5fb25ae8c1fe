// `npm run publish-buildpack`: publish a git ref of this repository to Heroku's buildpack registry
// with @heroku/buildpack-registry, then wait for the registry to build the release.
//   npm run publish-buildpack -- [--slug namespace/name] [--ref <git ref>] [--otp <code>] [--no-wait]
// The token comes from HEROKU_API_KEY; HEROKU_BUILDPACK_REGISTRY_URL points the client elsewhere
// (the tests use a local stand-in of the registry).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BuildpackRegistry } from '@heroku/buildpack-registry';

export interface PublishPlan {
  slug: string;
  ref: string;
  token: string;
  otp: string | undefined;
  wait: boolean;
}

export class PublishError extends Error {}

/** The `[buildpack] id` of buildpack.toml: the default slug. */
export function buildpackId(toml: string): string | null {
  const section = toml.split(/^\[buildpack\]\s*$/m)[1]?.split(/^\[/m)[0] ?? '';
  return /^id\s*=\s*"([^"]+)"/m.exec(section)?.[1] ?? null;
}

/** Pure: arguments, environment and repository facts in; what to publish or why not out. */
export function planPublish(
  argv: string[],
  env: Record<string, string | undefined>,
  repo: { id: string | null; version: string },
): PublishPlan {
  const { values } = parseArgs({
    args: argv,
    options: {
      slug: { type: 'string' },
      ref: { type: 'string' },
      otp: { type: 'string' },
      'no-wait': { type: 'boolean', default: false },
    },
  });
  const slug = values.slug ?? repo.id;
  if (!slug)
    throw new PublishError(
      'no buildpack slug: pass --slug namespace/name or set [buildpack] id in buildpack.toml',
    );
  const valid = BuildpackRegistry.isValidBuildpackSlug(slug);
  if (valid.isErr()) throw new PublishError(`invalid buildpack slug "${slug}": ${valid.unsafelyUnwrapErr()}`);
  const token = env.HEROKU_API_KEY?.trim();
  if (!token) {
    throw new PublishError(
      'HEROKU_API_KEY is not set: create a token with `heroku authorizations:create` (or use `heroku auth:token`) and export HEROKU_API_KEY=<token>',
    );
  }
  return { slug, ref: values.ref ?? `v${repo.version}`, token, otp: values.otp, wait: !values['no-wait'] };
}

function httpError(what: string, e: { status: number; path: string; description: string }): PublishError {
  const hint =
    e.status === 401
      ? ' (the token was rejected: check HEROKU_API_KEY)'
      : e.status === 403
        ? ' (not allowed: are you a member of the namespace? does it need --otp?)'
        : e.status === 404
          ? ' (is the buildpack registered in the registry under this slug?)'
          : '';
  return new PublishError(`${what} failed: HTTP ${e.status} on ${e.path}${hint}: ${e.description.trim()}`);
}

export async function publish(plan: PublishPlan, log: (s: string) => void): Promise<void> {
  const registry = new BuildpackRegistry();
  log(`-----> Publishing ${plan.ref} of ${plan.slug} to the buildpack registry`);
  const published = await registry.publish(plan.slug, plan.ref, plan.token, plan.otp);
  if (published.isErr()) throw httpError('publish', published.unsafelyUnwrapErr());
  const revision = published.unsafelyUnwrap();
  log(`      revision ${revision.id} (release ${revision.release}) is ${revision.status}`);
  if (!plan.wait) return;
  const status = await registry.waitForRelease(plan.slug, revision.id);
  if (status === 'published') {
    log(`-----> ${plan.slug} release ${revision.release} published`);
    return;
  }
  const info = await registry.revisionInfo(plan.slug, revision.id);
  const why = info.isOk()
    ? (info.unsafelyUnwrap().error ?? 'no reason given')
    : 'the revision could not be read';
  if (status === 'pending')
    throw new PublishError(`revision ${revision.id} is still pending after waiting; check it later`);
  throw new PublishError(`revision ${revision.id} of ${plan.slug} failed: ${why}`);
}

export async function main(argv: string[], root: string): Promise<number> {
  try {
    const toml = readFileSync(join(root, 'buildpack.toml'), 'utf8');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const plan = planPublish(argv, process.env, { id: buildpackId(toml), version: pkg.version });
    await publish(plan, (s) => console.log(s));
    return 0;
  } catch (e) {
    const msg = e instanceof PublishError || e instanceof TypeError ? e.message : String(e);
    console.error(` !     publish-buildpack: ${msg}`);
    return 1;
  }
}
