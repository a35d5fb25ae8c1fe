// The loader's pure decisions: spec parsing, candidate files, shape rules, TypeScript support.
import { describe, expect, it } from 'vitest';
import { candidateFiles, parseAppSpec } from '../../lib/app/resolve.ts';
import { classifyApp } from '../../lib/app/shape.ts';
import { typeScriptUnsupportedReason } from '../../lib/app/typescript.ts';

describe('parseAppSpec', () => {
  it('splits MODULE[:EXPORT] on the last colon', () => {
    expect(parseAppSpec('app')).toEqual({ module: 'app', exportName: null });
    expect(parseAppSpec('src/server.ts:app')).toEqual({ module: 'src/server.ts', exportName: 'app' });
    expect(parseAppSpec('/srv/x/app.js:create')).toEqual({ module: '/srv/x/app.js', exportName: 'create' });
  });
  it('refuses an empty spec or a trailing colon', () => {
    expect(() => parseAppSpec(' ')).toThrow(/No app given/);
    expect(() => parseAppSpec('app:')).toThrow(/ends with ":"/);
  });
});

it('candidateFiles tries the name, then extensions, then index files', () => {
  expect(candidateFiles('app', '/w')).toEqual([
    '/w/app',
    ...['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'].map((e) => `/w/app${e}`),
    ...['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'].map((e) => `/w/app/index${e}`),
  ]);
});

describe('classifyApp', () => {
  it('tells the shapes apart', () => {
    expect(classifyApp((_req: unknown, _res: unknown) => {}).kind).toBe('listener');
    expect(classifyApp((_r: unknown) => {}).kind).toBe('fetch-function');
    expect(classifyApp({ fetch() {} }).kind).toBe('fetch-object');
    expect(classifyApp({ callback() {}, use() {} }).kind).toBe('koa');
    expect(classifyApp({ ready() {}, routing() {}, server: { emit() {} } }).kind).toBe('fastify');
    expect(classifyApp(new Proxy({}, { get: () => () => {} })).kind).toBe('fetch-object');
  });
  it('explains what it got when it is none of them', () => {
    expect(classifyApp(42)).toEqual({ kind: 'unknown', reason: 'got a number' });
    expect(classifyApp({ port: 1 })).toMatchObject({ reason: 'got an object with keys [port]' });
    expect(classifyApp((...a: unknown[]) => a)).toMatchObject({ kind: 'unknown' });
  });
});

describe('typeScriptUnsupportedReason', () => {
  const facts = (feature: unknown, flags: string[] = []) => ({ feature, nodeVersion: 'v20.20.2', flags });
  it('allows Node versions that strip or transform types, or run with the flag', () => {
    expect(typeScriptUnsupportedReason(facts('strip'))).toBeNull();
    expect(typeScriptUnsupportedReason(facts('transform'))).toBeNull();
    expect(typeScriptUnsupportedReason(facts(undefined, ['--experimental-strip-types']))).toBeNull();
  });
  it('tells the user both ways out otherwise', () => {
    expect(typeScriptUnsupportedReason(facts(undefined))).toMatch(
      /Node v20\.20\.2 cannot run TypeScript.*22\.18\+ \/ 24.*compile/,
    );
    expect(typeScriptUnsupportedReason(facts(false))).not.toBeNull();
  });
});
