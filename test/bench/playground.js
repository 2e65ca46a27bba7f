'use strict';
/**
 * `npm run bench` (playground): the built page's size per file (raw and gzip), and its first render in headless
 * Chromium (Debian's /usr/bin/chromium through playwright-core): navigation → the generated client.ts of MS-WMS on
 * screen (the `?sample=ms-wms` page, a performance mark set when client.ts is rendered), median of a few fresh
 * pages. Beside it, the same pipeline measured in the page's worker and in Node (generateWithDiagnostics from dist/,
 * a fresh process per run, cold as each page is), in the same run. Reported, never asserted: the machine may be shared.
 *
 * Environment: WSDL2TS_BENCH_RUNS (pages, default 5).
 */
const { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { gzipSync } = require('node:zlib');

const REPO = path.resolve(__dirname, '../..');
const RUNS = Number(process.env.WSDL2TS_BENCH_RUNS || 5);
const CHROMIUM = '/usr/bin/chromium';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const { build } = require(path.join(REPO, 'playground/build.js'));
  const { serve } = require(path.join(REPO, 'playground/serve.js'));
  const dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-bench-playground-'));
  try {
    const site = path.join(dir, 'site');
    await build(site);
    console.log('\n## Playground bundle (dist-playground/)\n');
    console.log('| file | raw bytes | gzip -9 bytes |');
    console.log('|---|---:|---:|');
    let raw = 0;
    let gz = 0;
    for (const name of readdirSync(site).sort()) {
      const body = readFileSync(path.join(site, name));
      const z = gzipSync(body, { level: 9 }).length;
      raw += body.length;
      gz += z;
      console.log(`| ${name} | ${body.length} | ${z} |`);
    }
    console.log(`| total | ${raw} | ${gz} |`);

    if (!existsSync(CHROMIUM)) {
      console.log(`\nfirst render: skipped, ${CHROMIUM} is missing (apt-get install chromium)`);
      return;
    }
    const { chromium } = require('playwright-core');
    const server = await serve(site, 0);
    const url = `http://127.0.0.1:${server.address().port}/?sample=ms-wms`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    const firsts = [];
    const inWorker = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        // A fresh context each time: nothing cached.
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(url);
        await page.waitForFunction(() => performance.getEntriesByName('wsdl2ts:first-client').length > 0, undefined, { timeout: 60_000 });
        firsts.push(await page.evaluate(() => performance.getEntriesByName('wsdl2ts:first-client')[0].startTime));
        const status = (await page.textContent('#status')) || '';
        const m = / in (\d+) ms/.exec(status);
        if (m) inWorker.push(Number(m[1]));
        await context.close();
      }
    } finally {
      await browser.close();
      server.close();
    }
    // The same pipeline in Node, cold as in each fresh page: one new process per run, timing the generate() call.
    const { spawnSync } = require('node:child_process');
    const script = `const { generateWithDiagnostics } = require(${JSON.stringify(path.join(REPO, 'dist/generate/generate.js'))});
      const t0 = process.hrtime.bigint(); const c0 = process.cpuUsage();
      generateWithDiagnostics({ input: ${JSON.stringify(path.join(REPO, 'samples/ms-wms.wsdl'))} }).then(() => {
        const c = process.cpuUsage(c0);
        console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - t0) / 1e6, cpu: (c.user + c.system) / 1000 }));
      });`;
    const nodeCold = [];
    const nodeCpu = [];
    for (let i = 0; i < RUNS; i++) {
      const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`node generate failed: ${r.stderr}`);
      const { ms, cpu } = JSON.parse(r.stdout);
      nodeCold.push(ms);
      nodeCpu.push(cpu);
    }
    console.log(`\n## Playground first render (headless chromium, ${RUNS} fresh pages, MS-WMS; shared machine)\n`);
    console.log('| measure | median ms | all runs (ms) |');
    console.log('|---|---:|---|');
    console.log(`| navigation → generated client.ts shown | ${median(firsts).toFixed(0)} | ${firsts.map((x) => x.toFixed(0)).join(', ')} |`);
    console.log(`| pipeline in the page's worker (cold, each page) | ${median(inWorker)} | ${inWorker.join(', ')} |`);
    console.log(`| same pipeline in Node (generate() call, a fresh process each run) | ${median(nodeCold).toFixed(0)} | ${nodeCold.map((x) => x.toFixed(0)).join(', ')} |`);
    console.log(`| … its CPU time | ${median(nodeCpu).toFixed(0)} | ${nodeCpu.map((x) => x.toFixed(0)).join(', ')} |`);
    console.log(`\nratio worker / Node (medians): ${(median(inWorker) / median(nodeCold)).toFixed(1)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
