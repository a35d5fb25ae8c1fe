// scripts/bench/instructions.mjs's pure parts: what a callgrind dump is split into (the timer phase
// and the optimizing compiler out, the rest in), per-round ratios against the baseline of the same
// round, and the goal verdicts of scripts/bench/goals.mjs, which hold only when the noise control's
// spread is smaller than the distance to the target.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { evaluateGoals, goalsTable } from '../../scripts/bench/goals.mjs';
// @ts-expect-error plain JavaScript module without types
import * as instructions from '../../scripts/bench/instructions.mjs';

const { CANDIDATES, instructionRows, renderInstructions, splitDump, windowsOf } = instructions;

// A callgrind dump in its compressed form: names defined once as "(id) name", then "(id)";
// a cost line after calls= is the inclusive cost of that call, not the caller's self cost.
const DUMP = `version: 1
creator: callgrind-3.19.0
events: Ir
fl=(1) node
fn=(1) uv_run
0x10 100
cfn=(2) uv__run_timers
calls=3 0x20
0x10 5000
cfn=(3) uv__io_poll
calls=1 0x30
0x10 20000
fn=(2)
0x20 300
fn=(3)
+2 19000
-1 1000
fn=(4) v8::internal::compiler::PipelineImpl::Run()
0x40 7000
cfn=(5) malloc
calls=2 0x50
0x40 400
fn=(5)
0x50 400
* 9
fn=(6) v8::internal::Heap::Scavenge()
0x60 600
summary: 28209
totals: 28209
`;

describe('bench: instructions per request', () => {
  it('takes the timer phase (inclusive) and the optimizing compiler (with what it calls) out of a dump', () => {
    expect(splitDump(DUMP)).toEqual({ total: 28209, timers: 5000, compiler: 7400 });
  });

  it('measures 2000 keep-alive and 8000 close requests by default (GC is lumpier under close), young generation pinned; one number sets both', () => {
    expect(windowsOf(undefined)).toEqual({ ka: 2000, close: 8000 });
    expect(windowsOf(500)).toEqual({ ka: 500, close: 500 });
    expect(windowsOf({ close: 100 })).toEqual({ ka: 2000, close: 100 });
    const text = renderInstructions({
      options: {
        rounds: 3,
        requests: windowsOf(undefined),
        nodeArgs: instructions.NODE_ARGS,
        connections: 8,
        warmKa: 3000,
        warmClose: 1000,
      },
      rows: {},
    });
    // Every server, raw and tsicorn, gets the same pinned young generation, and the report says so.
    expect(instructions.NODE_ARGS).toEqual(['--min-semi-space-size=16', '--max-semi-space-size=16']);
    expect(text).toContain('every server started with `--min-semi-space-size=16 --max-semi-space-size=16`');
    expect(text).toMatch(
      /a window of exactly 2000 keep-alive and 8000 Connection: close requests \(8 connections/,
    );
  });

  const sample = (ka: number, close: number) => ({
    ka: { requests: 1000, ok: 1000, perRequest: ka, timersPerRequest: 500, compilerPerRequest: 9000 },
    close: { requests: 1000, ok: 999, perRequest: close, timersPerRequest: 400, compilerPerRequest: 30000 },
  });
  const samples = {
    raw: [sample(70000, 180000), sample(71000, 185000), sample(69000, 182000)],
    'raw-control': [sample(70420, 181800), sample(70574, 185000), sample(69000, 180180)],
    tsicorn: [sample(71400, 189000), sample(72420, 194250), sample(70380, 191100)],
    'tsicorn-log': [sample(91000, 216000), sample(92300, 222000), sample(89700, 218400)],
  };

  it('pairs every ratio with the baseline of its own round and counts failed requests', () => {
    const rows = instructionRows(CANDIDATES, samples, { tsicorn: { ka: 12.5, close: 30.1 } });
    expect(rows.raw.ka.ratio).toEqual([1, 1, 1]);
    expect(rows.tsicorn.ka.ratio.map((r: number) => r.toFixed(2))).toEqual(['1.02', '1.02', '1.02']);
    expect(rows['raw-control'].close.ratio.map((r: number) => r.toFixed(2))).toEqual([
      '1.01',
      '1.00',
      '0.99',
    ]);
    expect(rows.tsicorn.failed).toBe(3);
    expect(rows.tsicorn.close.syscalls).toBe(30.1);
    expect(Number.isNaN(rows.raw.ka.syscalls)).toBe(true);
    const text = renderInstructions({
      options: { rounds: 3, requests: 1000, connections: 8, warmKa: 3000, warmClose: 1000 },
      rows,
    });
    expect(text).toMatch(
      /\| tsicorn -w 1 \(access log off, the default\) \| 71\.4k \| \*\*1\.02\*\* \(1\.02–1\.02\) \| 12\.50 \| 191\.1k \| \*\*1\.05\*\* \(1\.05–1\.05\) \| 30\.10 \| 3 \|/,
    );
    expect(text).toMatch(/Not counted: kernel time/);
  });

  const goalsOf = (s: typeof samples) => {
    const results = {
      options: { workloads: ['hello'] },
      instructions: { rows: instructionRows(CANDIDATES, s) },
    };
    const goals = evaluateGoals(results).filter((g: { goal: string }) => g.goal.includes('instructions'));
    return { goals, table: goalsTable(goals) };
  };

  it('keep-alive 1.02x with a ±0.01 control is met; close 1.05x is missed', () => {
    const { goals } = goalsOf(samples);
    expect(goals.map((g: { met: unknown }) => g.met)).toEqual([true, false]);
    expect(goals[0].measured).toMatch(
      /^1\.02x \(1\.02–1\.02\); noise control 1\.00x \(0\.99–1\.01\), spread ±0\.6 %; access log on 1\.30x/,
    );
  });

  it('a control spread as large as the distance to 1.03 makes the verdict not conclusive', () => {
    const noisy = {
      ...samples,
      'raw-control': [sample(72800, 181800), sample(71000, 185000), sample(69000, 182000)],
    };
    const { goals, table } = goalsOf(noisy);
    // keep-alive: 1.02 is 0.01 from 1.03, the control is 0.04 off: no verdict.
    expect(goals[0].met).toBe('unclear');
    expect(goals[0].measured).toMatch(/not conclusive/);
    expect(table).toContain('| not conclusive |');
    // close: 1.05 is 0.02 from 1.03, the control 0.01 off: missed.
    expect(goals[1].met).toBe(false);
  });

  it('gives no verdict on fewer than three rounds, however small the spread looks', () => {
    const two = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.slice(0, 2)]));
    const { goals } = goalsOf(two as typeof samples);
    expect(goals.map((g: { met: unknown }) => g.met)).toEqual(['unclear', 'unclear']);
    expect(goals[1].measured).toMatch(/fewer than 3 rounds: not conclusive/);
  });

  it('says not measured, with the reason, when the part did not run', () => {
    const goals = evaluateGoals({
      options: { workloads: ['hello'] },
      instructions: { error: 'not installed: valgrind' },
    });
    const g = goals.find((x: { goal: string }) => x.goal.includes('instructions'));
    expect(g.met).toBeNull();
    expect(g.measured).toBe('not measured (not installed: valgrind)');
  });
});
