/**
 * The coverage report as one self-contained HTML file: inline CSS and JS only, nothing fetched (a Content-Security-
 * Policy allowing only this page's own script and style, by hash, says so to the browser too). Without JavaScript it
 * is plain tables and lists; with JavaScript the constructs table gets sorting and filtering. Every text that comes
 * from the WSDL is HTML-escaped. Deterministic: the same report gives the same bytes (no dates, no absolute paths).
 */
import { createHash } from 'node:crypto';
import type { CoverageReport, ReportDiagnostic, ReportItem, Status } from './build-report';
import { ITEM_KINDS, STATUSES } from './build-report';
import type { Excerpt } from './source-index';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

const STYLE = `
:root { color-scheme: light dark; --full: #2e7d32; --degraded: #b26a00; --unsupported: #c62828; --error: #6a1b9a; --line: #8884; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem auto; max-width: 80rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { font-weight: 600; white-space: nowrap; }
.status-full { color: var(--full); } .status-degraded { color: var(--degraded); }
.status-unsupported { color: var(--unsupported); } .status-error { color: var(--error); }
.sev-error { color: var(--error); font-weight: 600; } .sev-warning { color: var(--degraded); font-weight: 600; }
td.name { word-break: break-word; } td.loc { white-space: nowrap; }
pre.excerpt { background: #8881; padding: .5rem; overflow-x: auto; margin: .25rem 0 .5rem; }
pre.excerpt .hit { background: #f5c5424d; display: inline-block; min-width: 100%; }
.diag { border-left: 3px solid var(--line); padding: .1rem .75rem; margin: .75rem 0; }
.diag.outcome-degraded { border-color: var(--degraded); } .diag.outcome-unsupported { border-color: var(--unsupported); }
.diag.sev-error-box { border-color: var(--error); }
.diag p { margin: .2rem 0; } .muted { opacity: .75; }
#controls { display: flex; gap: .75rem; flex-wrap: wrap; align-items: center; margin: .5rem 0; }
#controls input[type=search] { min-width: 16rem; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible { outline: 2px solid Highlight; }
th[aria-sort=ascending] button::after { content: " \\25B2"; } th[aria-sort=descending] button::after { content: " \\25BC"; }
`;

/**
 * Sorting and filtering of #items. Rows carry their sort keys in data-* attributes and the status/kind in data-status
 * and data-kind; cells are read with textContent only (no innerHTML), so escaped WSDL text stays text.
 */
const SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('items');
  if (!table) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var controls = document.getElementById('controls');
  var make = function (tag, attrs) { var el = document.createElement(tag); for (var k in attrs) el.setAttribute(k, attrs[k]); return el; };
  var label = function (text, control) { var l = make('label', {}); l.appendChild(document.createTextNode(text + ' ')); l.appendChild(control); return l; };
  var search = make('input', { type: 'search', id: 'filter-text', placeholder: 'name, code, file\\u2026' });
  var status = make('select', { id: 'filter-status' });
  var kind = make('select', { id: 'filter-kind' });
  var options = function (select, values) {
    ['all'].concat(values).forEach(function (v) { var o = make('option', { value: v }); o.textContent = v; select.appendChild(o); });
  };
  options(status, JSON.parse(table.getAttribute('data-statuses')));
  options(kind, JSON.parse(table.getAttribute('data-kinds')));
  var shown = make('output', { id: 'shown', 'aria-live': 'polite' });
  controls.appendChild(label('Filter', search));
  controls.appendChild(label('Status', status));
  controls.appendChild(label('Kind', kind));
  controls.appendChild(shown);
  var apply = function () {
    var q = search.value.trim().toLowerCase(), s = status.value, k = kind.value, n = 0;
    rows.forEach(function (r) {
      var ok = (s === 'all' || r.getAttribute('data-status') === s) && (k === 'all' || r.getAttribute('data-kind') === k) &&
        (!q || r.textContent.toLowerCase().indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + rows.length + ' shown';
  };
  [search, status, kind].forEach(function (c) { c.addEventListener('input', apply); c.addEventListener('change', apply); });
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, col) {
    var key = th.getAttribute('data-key');
    if (!key) return;
    var b = make('button', { type: 'button' });
    b.textContent = th.textContent;
    th.textContent = '';
    th.appendChild(b);
    b.addEventListener('click', function () {
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      var numeric = th.hasAttribute('data-numeric');
      var value = function (r) { var v = r.getAttribute('data-' + key) || ''; return numeric ? Number(v) : v.toLowerCase(); };
      rows.sort(function (a, b2) {
        var x = value(a), y = value(b2);
        return (x < y ? -1 : x > y ? 1 : 0) * dir || Number(a.getAttribute('data-order')) - Number(b2.getAttribute('data-order'));
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
    });
  });
  apply();
})();
`;

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('base64');

export function renderHtml(report: CoverageReport): string {
  const e = escapeHtml;
  const byId = new Map(report.items.map((it) => [it.id, it]));
  const csp = `default-src 'none'; style-src 'sha256-${sha256(STYLE)}'; script-src 'sha256-${sha256(SCRIPT)}'; img-src 'none'; form-action 'none'; base-uri 'none'`;
  const out: string[] = [];
  out.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">');
  out.push(`<meta http-equiv="Content-Security-Policy" content="${e(csp)}">`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">', '<meta name="referrer" content="no-referrer">');
  out.push(`<title>wsdl2ts coverage: ${e(report.input)}</title>`, `<style>${STYLE}</style>`, '</head>', '<body>');
  out.push(`<h1>Coverage of <code>${e(report.input)}</code></h1>`);
  out.push(
    `<p class="muted">What <code>wsdl2ts generate</code> makes of this input: per construct, mapped <span class="status status-full">full</span>, ` +
      `<span class="status status-degraded">degraded</span> (generated in a weaker form), <span class="status status-unsupported">unsupported</span> ` +
      `(left out of the generated code, or will not interoperate) or <span class="status status-error">error</span> (the input is wrong there).</p>`,
  );
  if (!report.modelBuilt) out.push('<p class="sev-error">No model could be built from this input: nothing would be generated. The diagnostics below say why.</p>');
  if (report.documents.length) out.push(`<p>Documents read: ${report.documents.map((d) => `<code>${e(d)}</code>`).join(', ')}</p>`);

  out.push('<section id="summary">', '<h2>Summary</h2>');
  out.push(summaryTable(report));
  const s = report.summary.diagnostics;
  out.push(
    `<p id="diagnostic-counts">${s.total} diagnostics: ${s.error} errors, ${s.warning} warnings, ${s.info} info; ${s.degraded} degraded and ${s.unsupported} unsupported constructs reported; ${s.unattributed} not attributed to a construct.</p>`,
  );
  if (report.summary.codes.length) {
    out.push('<table id="codes"><thead><tr><th>Code</th><th>Severity</th><th class="num">Count</th><th>Outcome</th><th>Meaning</th><th>Fallback</th></tr></thead><tbody>');
    for (const c of report.summary.codes) {
      out.push(
        `<tr><td><code>${e(c.code)}</code></td><td class="sev-${e(c.severity)}">${e(c.severity)}</td><td class="num">${c.count}</td>` +
          `<td>${c.outcome ? `<span class="status status-${c.outcome}">${c.outcome}</span>` : '–'}</td><td>${e(c.summary)}</td><td>${e(c.fallback ?? '')}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  out.push('</section>');

  out.push('<section id="constructs">', '<h2>Constructs</h2>', '<div id="controls"></div>');
  const kindsPresent = ITEM_KINDS.filter((k) => report.summary.constructs[k]);
  out.push(
    `<table id="items" data-statuses="${e(JSON.stringify(STATUSES))}" data-kinds="${e(JSON.stringify(kindsPresent))}"><thead><tr>` +
      '<th data-key="kind">Kind</th><th data-key="name">Name</th><th data-key="status-rank" data-numeric>Status</th>' +
      '<th data-key="count" data-numeric class="num">Diagnostics</th><th>Codes</th><th>Why</th><th data-key="loc">Declared at</th></tr></thead><tbody>',
  );
  // Constructs of the tool's bundled schemas are listed only when something is wrong with them.
  report.items.forEach((it, i) => {
    if (!it.bundled || it.status !== 'full') out.push(itemRow(it, i, report, byId));
  });
  out.push('</tbody></table>', '</section>');

  out.push('<section id="diagnostics">', '<h2>Diagnostics by construct</h2>');
  const attributed = report.items.filter((it) => it.diagnostics.length);
  if (!attributed.length) out.push('<p>None.</p>');
  for (const it of attributed) {
    out.push(`<h3 id="${e(anchor(it.id))}">${e(it.kind)} <code>${e(it.name)}</code> <span class="status status-${it.status}">${it.status}</span></h3>`);
    for (const i of it.diagnostics) out.push(diagnosticBlock(report.diagnostics[i]!, i));
  }
  out.push('</section>');

  out.push('<section id="unattributed">', '<h2>Diagnostics by document (not attributed to a construct)</h2>');
  if (!report.unattributed.length) out.push('<p>None.</p>');
  for (const u of report.unattributed) {
    out.push(`<h3>${u.file ? `<code>${e(u.file)}</code>` : 'No location'}</h3>`);
    for (const i of u.diagnostics) out.push(diagnosticBlock(report.diagnostics[i]!, i));
  }
  out.push('</section>');
  out.push(`<script>${SCRIPT}</script>`, '</body>', '</html>', '');
  return out.join('\n');
}

function summaryTable(report: CoverageReport): string {
  const rows = ITEM_KINDS.filter((k) => report.summary.constructs[k]).map((k) => {
    const c = report.summary.constructs[k]!;
    const total = STATUSES.reduce((n, s) => n + c[s], 0);
    return `<tr data-kind="${escapeHtml(k)}"><td>${escapeHtml(k)}</td><td class="num">${total}</td>${STATUSES.map((s) => `<td class="num status-${s}" data-status="${s}">${c[s]}</td>`).join('')}</tr>`;
  });
  if (!rows.length) return '<p>No constructs (no model).</p>';
  return `<table id="summary-counts"><thead><tr><th>Construct</th><th class="num">Total</th>${STATUSES.map((s) => `<th class="num">${s}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function itemRow(it: ReportItem, order: number, report: CoverageReport, byId: ReadonlyMap<string, ReportItem>): string {
  const e = escapeHtml;
  const codes = [...new Set(it.diagnostics.map((i) => report.diagnostics[i]!.code))].sort();
  const why: string[] = [];
  const counts = new Map<Status, ReportItem[]>();
  for (const v of it.via) {
    const target = byId.get(v.item);
    if (target) counts.set(v.status, [...(counts.get(v.status) ?? []), target]);
  }
  for (const [status, targets] of counts) {
    const shown = targets.slice(0, 5).map((t) => `<a href="#row-${e(anchor(t.id))}">${e(t.name)}</a>`);
    why.push(`${status} via ${shown.join(', ')}${targets.length > 5 ? ` and ${targets.length - 5} more` : ''}`);
  }
  const loc = it.file ? `${it.file}:${it.line}:${it.column}` : '';
  const nameCell = it.diagnostics.length ? `<a href="#${e(anchor(it.id))}">${e(it.name)}</a>` : e(it.name);
  return (
    `<tr id="row-${e(anchor(it.id))}" data-order="${order}" data-kind="${e(it.kind)}" data-status="${it.status}" data-status-rank="${STATUSES.indexOf(it.status)}" ` +
    `data-name="${e(it.name)}" data-count="${it.diagnostics.length}" data-loc="${e(loc)}">` +
    `<td>${e(it.kind)}</td><td class="name">${nameCell}${it.tsName ? `<br><code class="muted">${e(it.tsName)}</code>` : ''}</td>` +
    `<td class="status status-${it.status}">${it.status}</td><td class="num">${it.diagnostics.length}</td>` +
    `<td>${codes.map((c) => `<code>${e(c)}</code>`).join(' ')}</td><td>${why.join('; ')}</td><td class="loc mono">${e(loc)}</td></tr>`
  );
}

function diagnosticBlock(d: ReportDiagnostic, i: number): string {
  const e = escapeHtml;
  const cls = ['diag', d.outcome ? `outcome-${d.outcome}` : '', d.severity === 'error' ? 'sev-error-box' : ''].filter(Boolean).join(' ');
  const where = d.file ? `${d.file}:${d.line}:${d.column}` : '(no location)';
  const parts = [
    `<div class="${cls}" id="d-${i}">`,
    `<p><code>${e(d.code)}</code> <span class="sev-${d.severity}">${d.severity}</span>${d.outcome ? ` <span class="status status-${d.outcome}">${d.outcome}</span>` : ''} <span class="mono">${e(where)}</span></p>`,
    `<p>${e(d.message)}</p>`,
  ];
  if (d.fallback) parts.push(`<p class="muted">Fallback: ${e(d.fallback)}</p>`);
  if (d.path) parts.push(`<p class="muted mono">${e(d.path)}</p>`);
  if (d.excerpt) parts.push(excerptBlock(d.excerpt));
  parts.push('</div>');
  return parts.join('\n');
}

function excerptBlock(x: Excerpt): string {
  const width = String(x.startLine + x.lines.length - 1).length;
  const lines = x.lines.map((l, k) => {
    const n = x.startLine + k;
    const text = `${String(n).padStart(width)} | ${escapeHtml(l)}`;
    if (n !== x.line) return text;
    const caret = `${' '.repeat(width)} | ${' '.repeat(Math.max(0, x.column - x.firstColumn))}^`;
    return `<span class="hit">${text}</span>\n${caret}`;
  });
  return `<pre class="excerpt">${lines.join('\n')}</pre>`;
}

/** Item ids (`type:12`, `portType-operation:0.1`) as fragment identifiers. */
function anchor(id: string): string {
  return `c-${id.replace(/[^A-Za-z0-9.-]/g, '-')}`;
}

