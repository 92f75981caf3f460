'use strict';
// Renders a Pipewise run summary (the markdown `pipewise run --summary-file` writes) as a standalone HTML page that
// looks like a pipeline's summary tab, for the Marketplace screenshot (scripts/vsix/render-screenshot.sh).
// Handles the markdown the summary uses: headings, paragraphs, bold, lists, tables, <sub>, backslash escapes and the
// mermaid xychart (drawn as an SVG bar chart with the forecast lines).
// Usage: node summary-to-html.js summary.md > summary.html
const fs = require('fs');

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
function inline(text) {
  const subs = [];
  let t = text.replace(/<sub>(.*?)<\/sub>/g, (_, inner) => { subs.push(inner); return `\u0000${subs.length - 1}\u0000`; });
  t = escapeHtml(t).replace(/\\([\\`*_{}\[\]()#+\-.!|@<>~])/g, '$1');
  // Headless Chromium on a server has no colour emoji font: draw the verdict marks as text.
  t = t.replace(/✅/g, '<span style="color:#107c10">✔</span>').replace(/❌/g, '<span style="color:#a4262c">✖</span>').replace(/⚠️?/g, '<span style="color:#c19c00">⚠</span>');
  t = t.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/`([^`]+)`/g, '<code>$1</code>');
  return t.replace(/\u0000(\d+)\u0000/g, (_, i) => `<sub>${inline(subs[Number(i)])}</sub>`);
}

function chart(lines) {
  const arrays = (prefix) => lines.filter((l) => l.trim().startsWith(prefix)).map((l) => JSON.parse(l.slice(l.indexOf('['))));
  const bars = arrays('bar')[0] || [];
  const series = arrays('line');
  const max = Math.max(1, ...bars, ...series.flat());
  const w = 640, h = 200, pad = 30, step = (w - pad) / Math.max(1, bars.length);
  const y = (v) => h - 20 - (v / max) * (h - 40);
  let svg = `<svg width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="Segoe UI, sans-serif">`;
  svg += `<line x1="${pad}" y1="${h - 20}" x2="${w}" y2="${h - 20}" stroke="#c8c8c8"/>`;
  bars.forEach((v, i) => {
    svg += `<rect x="${pad + i * step + 2}" y="${y(v)}" width="${step - 4}" height="${h - 20 - y(v)}" fill="${i === bars.length - 1 ? '#d83b01' : '#0078d4'}"/>`;
  });
  const colors = ['#107c10', '#8a8886'];
  series.forEach((s, k) => {
    const points = s.map((v, i) => `${pad + i * step + step / 2},${y(v)}`).join(' ');
    svg += `<polyline points="${points}" fill="none" stroke="${colors[k % 2]}" stroke-width="2" stroke-dasharray="${k ? '5,3' : ''}"/>`;
  });
  svg += `<text x="0" y="14">min</text><text x="0" y="${y(max) + 4}">${Math.round(max)}</text><text x="0" y="${h - 16}">0</text>`;
  return svg + '</svg>';
}

function render(markdown) {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('```')) {
      const block = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) block.push(lines[i]);
      out.push(block.some((l) => l.includes('xychart')) ? `<div class="chart">${chart(block)}</div>` : `<pre>${escapeHtml(block.join('\n'))}</pre>`);
    } else if (/^#{1,4} /.test(line)) {
      const level = line.indexOf(' ');
      out.push(`<h${level}>${inline(line.slice(level + 1))}</h${level}>`);
    } else if (line.startsWith('|')) {
      const rows = [];
      for (; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i]);
      i--;
      const cells = (r) => r.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
      const head = cells(rows[0]).map((c) => `<th>${inline(c)}</th>`).join('');
      const body = rows.slice(2).map((r) => `<tr>${cells(r).map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('');
      out.push(`<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`);
    } else if (line.startsWith('- ')) {
      const items = [];
      for (; i < lines.length && lines[i].startsWith('- '); i++) items.push(`<li>${inline(lines[i].slice(2))}</li>`);
      i--;
      out.push(`<ul>${items.join('')}</ul>`);
    } else if (line.trim().length > 0) {
      out.push(`<p>${inline(line)}</p>`);
    }
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>Pipewise summary</title><style>
body { font-family: "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; font-size: 14px; color: #201f1e; margin: 0; background: #f8f8f8; }
.tab { background: #fff; margin: 16px; padding: 8px 24px 16px; border: 1px solid #e1dfdd; border-radius: 4px; }
.tabs { margin: 16px 16px 0; color: #605e5c; } .tabs b { color: #201f1e; border-bottom: 2px solid #0078d4; padding-bottom: 4px; }
h2 { font-size: 20px; } h3 { font-size: 16px; margin-top: 20px; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #e1dfdd; padding: 4px 10px; text-align: left; }
th { background: #f3f2f1; } sub { color: #605e5c; } .chart { margin: 8px 0; }
</style></head><body><div class="tabs">Summary &nbsp; Tests &nbsp; <b>Pipewise</b></div><div class="tab">${out.join('\n')}</div></body></html>`;
}

process.stdout.write(render(fs.readFileSync(process.argv[2], 'utf8')));
