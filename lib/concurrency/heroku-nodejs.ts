// What heroku/nodejs's CNB exec.d program (the `web_env` binary it runs at every Fir launch)
// computes, as facts gathered from its public source and restated here (no code carried over):
// - memory: the first readable of /sys/fs/cgroup/memory.max and .../memory/memory.limit_in_bytes,
//   trimmed and parsed as an unsigned 64-bit integer (an optional leading `+` is accepted), in MB,
//   capped at 129024; unreadable or unparsable (v2 `max`) means 512;
// - WEB_MEMORY: the variable when it parses the same way (no trimming), else 2048 above 16384 MB
//   of memory and 512 otherwise;
// - WEB_CONCURRENCY: the variable when it parses, else max(1, memory / WEB_MEMORY);
// - it exports both (as decimal numbers) and never sets WEB_CONCURRENCY_SET_BY. A WEB_MEMORY of 0
//   divides by zero and the program fails, so no value comes out of it then.
// tsicorn's sizing runs after it on Fir and uses this to tell that program's value from a user's.
import type { CgroupVersion } from './decide.ts';

export const NODEJS_DEFAULT_MEMORY_MB = 512;
export const NODEJS_MAX_MEMORY_MB = 129024;
const BREAKPOINT_MB = 16384;
const U64_MAX = 18446744073709551615n;

/** An unsigned 64-bit integer as Rust's `str::parse::<usize>` reads it, or null. */
export function parseUnsigned(text: string): bigint | null {
  if (!/^\+?[0-9]+$/.test(text)) return null;
  const n = BigInt(text.replace(/^\+/, ''));
  return n <= U64_MAX ? n : null;
}

/** The memory (MB) heroku/nodejs's exec.d sees, from the raw first line of the limit file. */
export function nodejsMemoryMb(cgroup: CgroupVersion, memoryRaw: string | null): number {
  const bytes = cgroup === 'none' || memoryRaw === null ? null : parseUnsigned(memoryRaw.trim());
  if (bytes === null) return NODEJS_DEFAULT_MEMORY_MB;
  const mb = bytes / 1048576n;
  return mb > BigInt(NODEJS_MAX_MEMORY_MB) ? NODEJS_MAX_MEMORY_MB : Number(mb);
}

export interface NodejsComputed {
  memoryMb: number;
  webMemoryMb: bigint;
  /** What the program computes when WEB_CONCURRENCY does not parse. */
  workers: number;
}

/** The value heroku/nodejs's exec.d computes from these facts and this WEB_MEMORY; null when it fails. */
export function nodejsExecdComputes(
  cgroup: CgroupVersion,
  memoryRaw: string | null,
  webMemory: string | undefined,
): NodejsComputed | null {
  const memoryMb = nodejsMemoryMb(cgroup, memoryRaw);
  const given = webMemory === undefined ? null : parseUnsigned(webMemory);
  const webMemoryMb = given ?? (memoryMb > BREAKPOINT_MB ? 2048n : 512n);
  if (webMemoryMb === 0n) return null;
  const q = BigInt(memoryMb) / webMemoryMb;
  return { memoryMb, webMemoryMb, workers: q < 1n ? 1 : Number(q) };
}
