// The chart beside the README's table: requests/s of every server as a multiple of raw Node, one
// panel per worker count and load, one bar per workload with a whisker over the per-round range.
// Plain SVG written by hand (no browser, no library), so `npm run bench` can produce it anywhere.
// Pure: results in, SVG text out.
import { measuredWorkloads, throughputCells } from './analysis.mjs';
import { LOADS, workloadsOf } from './plan.mjs';

const COLORS = { hello: '#3b6fb6', json: '#e08a1e', wait: '#3a9a5b', cpu: '#b03a48' };
const W = 1000;
const LABEL_W = 200;
const GAP = 40;
const PANEL_W = (W - LABEL_W - GAP - 30) / 2;
const ROW_PAD = 8;

export const escapeXml = (s) =>
  String(s)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
const n1 = (x) => Math.round(x * 10) / 10;

/** The x-axis end: the largest whisker rounded up to the next 0.5, at least 1.5. */
export function axisMax(values) {
  const finite = values.filter(Number.isFinite);
  return Math.max(1.5, Math.ceil(Math.max(0, ...finite) * 2) / 2);
}

export function renderChart(results) {
  const cells = throughputCells(results);
  const wl = measuredWorkloads(results);
  const secs = results.throughput.sections.map((s) => ({
    ...s,
    rows: s.candidates.filter((c) => c.id !== 'raw'),
  }));
  const all = secs.flatMap((s) =>
    s.rows.flatMap((c) => wl.flatMap((w) => LOADS.map((l) => cells[s.id][c.id][w.id][l.id].rps.max))),
  );
  const xMax = axisMax(all);
  // Four thin bars per row with every workload, one thicker one with a single workload.
  const BAR_H = Math.max(6, Math.floor(14 / wl.length));
  const rowH = wl.length * BAR_H + ROW_PAD;
  const x0 = [LABEL_W, LABEL_W + PANEL_W + GAP];
  const sx = (v) => (Math.min(v, xMax) / xMax) * PANEL_W;
  const out = [];
  let y = 20;
  const text = (x, yy, s, attrs = '') =>
    out.push(`<text x="${n1(x)}" y="${n1(yy)}"${attrs}>${escapeXml(s)}</text>`);

  text(
    10,
    y,
    'Requests/s as a multiple of one raw node:http process (same round, same load, same pinning)',
    ' class="title"',
  );
  y += 18;
  text(
    10,
    y,
    `${results.quick ? 'QUICK RUN, not a result: ' : ''}median of ${results.options.rounds} round(s), whiskers min–max; ${results.machine.node}, ${results.startedAt.slice(0, 10)}. Longer is faster; the dashed line is raw Node (1.0).`,
    ' class="sub"',
  );
  y += 16;
  // Legend.
  let lx = 10;
  for (const w of wl) {
    out.push(`<rect x="${lx}" y="${y - 8}" width="10" height="10" fill="${COLORS[w.id]}"/>`);
    text(lx + 14, y + 1, w.label, ' class="sub"');
    lx += 24 + w.label.length * 6.5;
  }
  y += 16;

  for (const s of secs) {
    y += 8;
    LOADS.forEach((l, i) => {
      text(x0[i], y + 4, `${s.workers} worker${s.workers > 1 ? 's' : ''}, ${l.label}`, ' class="head"');
    });
    y += 12;
    const top = y;
    const bottom = top + s.rows.length * rowH;
    s.rows.forEach((_, r) => {
      if (r % 2 === 0)
        out.push(`<rect x="5" y="${top + r * rowH}" width="${W - 10}" height="${rowH}" class="band"/>`);
    });
    // Grid every 0.5, the raw line at 1.0.
    for (let i = 0; i < 2; i++) {
      for (let v = 0; v <= xMax + 1e-9; v += 0.5) {
        const gx = x0[i] + sx(v);
        const raw = Math.abs(v - 1) < 1e-9;
        out.push(
          `<line x1="${n1(gx)}" y1="${top}" x2="${n1(gx)}" y2="${bottom}" class="${raw ? 'raw' : 'grid'}"/>`,
        );
        text(gx, bottom + 11, v.toFixed(1), ' class="tick" text-anchor="middle"');
      }
    }
    s.rows.forEach((c, r) => {
      const ry = top + r * rowH;
      const cls = c.lang !== 'node' ? 'label other' : c.kind === 'tsicorn' ? 'label ours' : 'label';
      text(LABEL_W - 8, ry + rowH / 2 + 4, c.short ?? c.label, ` class="${cls}" text-anchor="end"`);
      LOADS.forEach((l, i) => {
        wl.forEach((w, k) => {
          const v = cells[s.id][c.id][w.id][l.id].rps;
          const by = ry + ROW_PAD / 2 + k * BAR_H;
          // A row measured under some workloads only (the access-log and metrics rows) leaves the others empty.
          if (!workloadsOf(c, results.options).includes(w)) return;
          if (!v.n) {
            text(x0[i] + 2, by + BAR_H, 'no sample', ' class="tick"');
            return;
          }
          out.push(
            `<rect x="${x0[i]}" y="${by}" width="${n1(sx(v.median))}" height="${BAR_H - 1}" fill="${COLORS[w.id]}"><title>${escapeXml(`${c.label}, ${w.label}, ${l.label}: ${v.median.toFixed(2)}x (${v.min.toFixed(2)}–${v.max.toFixed(2)})`)}</title></rect>`,
          );
          if (v.n > 1) {
            const wy = n1(by + (BAR_H - 1) / 2);
            out.push(
              `<line x1="${n1(x0[i] + sx(v.min))}" y1="${wy}" x2="${n1(x0[i] + sx(v.max))}" y2="${wy}" class="whisker"/>`,
            );
          }
          if (wl.length === 1)
            text(x0[i] + sx(v.max) + 4, by + BAR_H - 1, v.median.toFixed(2), ' class="tick"');
        });
      });
    });
    y = bottom + 22;
  }
  const H = Math.ceil(y);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif">`,
    '<style>',
    '.title{font-size:15px;font-weight:bold;fill:#222}.sub{font-size:11px;fill:#444}.head{font-size:12px;font-weight:bold;fill:#222}',
    '.label{font-size:11px;fill:#222}.ours{font-weight:bold}.other{font-style:italic;fill:#666}.tick{font-size:9px;fill:#666}',
    '.grid{stroke:#ddd;stroke-width:1}.raw{stroke:#222;stroke-width:1.2;stroke-dasharray:4 3}.whisker{stroke:#111;stroke-width:1}.band{fill:#f4f4f4}',
    '</style>',
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    ...out,
    '</svg>',
    '',
  ].join('\n');
}
