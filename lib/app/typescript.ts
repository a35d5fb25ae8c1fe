// Whether this Node can import .ts/.mts files by stripping types, and what to tell the user if not.

export interface TsFacts {
  /** process.features.typescript: 'strip' | 'transform' | false | undefined (absent before 22.10). */
  feature: unknown;
  nodeVersion: string;
  /** process.execArgv plus NODE_OPTIONS words. */
  flags: string[];
}

export function isTypeScriptFile(file: string): boolean {
  return /\.(ts|mts|cts)$/.test(file);
}

/** null when TypeScript can be imported; otherwise the reason and the fix. */
export function typeScriptUnsupportedReason(facts: TsFacts): string | null {
  if (facts.feature === 'strip' || facts.feature === 'transform') return null;
  if (facts.flags.some((f) => f === '--experimental-strip-types' || f === '--experimental-transform-types'))
    return null;
  return (
    `Node ${facts.nodeVersion} cannot run TypeScript files directly. ` +
    'Either run on Node 22.18+ / 24 (which strip types with no build step: set "engines": {"node": "24.x"} in package.json), ' +
    'or compile the app to JavaScript (e.g. with tsc or esbuild) and point tsicorn at the .js file.'
  );
}

export function currentTsFacts(): TsFacts {
  const features = process.features as unknown as Record<string, unknown>;
  return {
    feature: features.typescript,
    nodeVersion: process.version,
    flags: [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean)],
  };
}
