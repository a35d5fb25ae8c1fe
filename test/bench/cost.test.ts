// scripts/bench/cost.mjs's pure parts: per-round ratios against the baseline of the same round,
// and the Markdown that says what was measured, with the spread and the noise control.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { CANDIDATES, costRows, renderCost } from '../../scripts/bench/cost.mjs';

const sample = (ka: number, close: number, master = 0) => ({
  ka: { requests: 1000, errors: 0, usPerRequest: ka, masterUsPerRequest: master },
  close: { requests: 500, errors: 1, usPerRequest: close, masterUsPerRequest: master },
});

describe('bench: CPU time per request', () => {
  const cands = CANDIDATES.slice(0, 3);
  const samples = {
    raw: [sample(20, 60), sample(10, 50)],
    'raw-control': [sample(22, 57), sample(10, 55)],
    tsicorn: [sample(21, 63, 0.1), sample(10.5, 50, 0.2)],
  };
  it('pairs every ratio with the baseline of its own round', () => {
    const rows = costRows(cands, samples);
    expect(rows.raw.ka.ratio).toEqual([1, 1]);
    expect(rows.tsicorn.ka.ratio).toEqual([1.05, 1.05]);
    expect(rows['raw-control'].close.ratio).toEqual([0.95, 1.1]);
    expect(rows.tsicorn.errors).toBe(2);
  });
  it('reports medians, the min-max of the ratios, the control row and the master', () => {
    const text = renderCost({
      options: { rounds: 2, seconds: 2, warmup: 1, connections: 32, serverCpus: '1', wrkCpus: '0' },
      rows: costRows(cands, samples),
    });
    expect(text).toMatch(
      /\| tsicorn -w 1 \(access log off, the default\) \| 15\.75 \| \*\*1\.05\*\* \(1\.05–1\.05\) \|/,
    );
    expect(text).toMatch(
      /noise control\) \| 16\.00 \| \*\*1\.05\*\* \(1\.00–1\.10\) \| 56\.00 \| \*\*1\.02\*\* \(0\.95–1\.10\)/,
    );
    expect(text).toMatch(/master meanwhile: 0\.15 \/ 0\.15 µs per request/);
    expect(text).toMatch(/pinned to CPU 1, wrk to CPU 0/);
  });
});
