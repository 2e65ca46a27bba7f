import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderHtml, escapeHtml } from '../../src/report/render-html';
import { coverageReport } from '../../src/report/run-report';
import { memoryHost, ROOT } from '../helpers/memory-host';
import { hostileWsdl, MIXED_WSDL } from './report-fixtures';

// Each test runs the generator (seconds when the shared machine is busy): do not fail on a slow moment.
jest.setTimeout(60_000);

const GOLDEN = readFileSync(path.resolve(__dirname, '../golden/hostile-names/input.wsdl'), 'utf8');
const input = `${ROOT}/input.wsdl`;
const tags = (html: string): string[] => [...html.matchAll(/<[A-Za-z][^>]*>/g)].map((m) => m[0]);

describe('the HTML report', () => {
  let html: string;
  beforeAll(async () => {
    html = renderHtml(await coverageReport({ input, host: memoryHost({ 'input.wsdl': hostileWsdl(GOLDEN) }) }));
  });

  test('the hostile input produced the diagnostics whose text is under test', () => {
    expect(html).toContain('W2T503');
    // The message echoes the maxOccurs value; the excerpt shows the CDATA line as written.
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt;');
    expect(html).toContain('&lt;![CDATA[&lt;/pre&gt;&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;]]&gt;');
  });

  test('everything from the WSDL is escaped: no markup of its own reaches the page', () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img|<\/pre><\/script>|alert\(\d\)<\/script>/);
    // Escaped WSDL text has no raw '<', so every tag found here is the renderer's own.
    for (const tag of tags(html)) expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    // Names that break generators show up as text: __proto__, constructor, template placeholders, quotes.
    expect(html).toContain('<td class="name">__proto__');
    expect(html).toContain('constructor');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('no external reference: no URL to load, only in-page links, a CSP that allows nothing else', () => {
    expect(html).not.toMatch(/<(link|iframe|object|embed|img|base|form|meta http-equiv="refresh")\b/i);
    for (const tag of tags(html)) {
      expect(tag).not.toMatch(/\s(src|srcset|action|formaction|poster|background)\s*=/i);
      for (const m of tag.matchAll(/\shref\s*=\s*"([^"]*)"/g)) expect(m[1]).toMatch(/^#/);
    }
    expect(tags(html).filter((t) => t.startsWith('<a ')).length).toBeGreaterThan(0);
    expect(html).not.toMatch(/@import|url\(/);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    expect(csp).toContain("default-src 'none'");
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash(script)}'`);
    expect(csp).toContain(`style-src 'sha256-${hash(style)}'`);
  });

  test('summary counts at the top, then the constructs table, then the diagnostics with excerpts', async () => {
    const page = renderHtml(await coverageReport({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': MIXED_WSDL }) }));
    const order = ['id="summary-counts"', 'id="items"', 'id="diagnostics"', 'id="unattributed"'].map((s) => page.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page).toContain('<tr data-kind="operation"><td>operation</td><td class="num">4</td><td class="num status-full" data-status="full">2</td><td class="num status-degraded" data-status="degraded">1</td><td class="num status-unsupported" data-status="unsupported">1</td>');
    expect(page).toMatch(/<pre class="excerpt">[^]*maxOccurs=&quot;many&quot;/);
    expect(page).toContain('W2T203'); // unattributed, listed under main.wsdl
  });

  test('deterministic, and no absolute path', async () => {
    const again = renderHtml(await coverageReport({ input, host: memoryHost({ 'input.wsdl': hostileWsdl(GOLDEN) }) }));
    expect(again).toBe(html);
    expect(html).not.toContain(ROOT);
  });

  test('escapeHtml', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });
});
