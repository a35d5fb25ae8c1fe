// "Did you mean" suggestions for misspelt setting names and flags.

/** Levenshtein edit distance (insert, delete, substitute; each costs 1). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Folds the spellings people mix up (case, `_`, `-`) so `log_level`, `logLevel`, `--log-level` compare equal. */
export function foldName(s: string): string {
  return s.replace(/^-+/, '').replace(/[-_]/g, '').toLowerCase();
}

/**
 * The closest candidate to `input`, or null when nothing is close enough to be a plausible typo
 * (more than a third of the word would have to change).
 */
export function didYouMean(input: string, candidates: readonly string[]): string | null {
  const folded = foldName(input);
  let best: string | null = null;
  let bestDist = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(folded, foldName(c));
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  if (best === null) return null;
  const limit = Math.max(1, Math.floor(Math.max(folded.length, 3) / 3));
  return bestDist <= limit ? best : null;
}
