// The exec.d step of a CNB launcher, as the platform spec describes it: each exec.d program runs
// in order (buildpack order first), with fd 3 open for writing; the TOML table it writes there sets
// those variables in the launch environment before the next program runs. Used by the Fir order
// tests: heroku/nodejs's exec.d (a stand-in), then tsicorn's.
//
// As a program (run inside a real cgroup by the tests, with Node 24 for type stripping):
//   node scripts/dyno/cnb-launch.ts PROGRAM... prints the final environment as JSON on stdout;
//   the programs' stderr passes through.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';

export interface ExecdRun {
  env: Record<string, string>;
  /** What each program wrote to stderr, in order. */
  stderr: string[];
}

/** Run one exec.d program: what it wrote to fd 3 (TOML), its stderr and its exit code. */
export function runExecdProgram(
  program: string,
  env: Record<string, string>,
): Promise<{ code: number | null; toml: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, [], { env, stdio: ['ignore', 'inherit', 'pipe', 'pipe'] });
    let toml = '';
    let stderr = '';
    child.stdio[3]!.on('data', (d) => {
      toml += d;
    });
    child.stderr!.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, toml, stderr }));
  });
}

export async function runExecd(programs: readonly string[], env: Record<string, string>): Promise<ExecdRun> {
  const out = { ...env };
  const stderr: string[] = [];
  for (const program of programs) {
    const r = await runExecdProgram(program, out);
    if (r.code !== 0) throw new Error(`exec.d program ${program} exited with ${r.code}: ${r.stderr}`);
    stderr.push(r.stderr);
    for (const [k, v] of Object.entries(parse(r.toml))) {
      if (typeof v !== 'string') throw new Error(`exec.d program ${program} wrote ${k} as a non-string`);
      out[k] = v;
    }
  }
  return { env: out, stderr };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const r = await runExecd(process.argv.slice(2), env);
  for (const s of r.stderr) process.stderr.write(s);
  process.stdout.write(`${JSON.stringify(r.env)}\n`);
}
