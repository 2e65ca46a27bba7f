'use strict';
/**
 * `npm run bench`: timings and memory, reported, never asserted.
 * Model building (read → parse → model → name) on MS-WMS and on the largest real WSDLs of the corpus.
 * Codec and transport benchmarks against peers join this runner with the issues that add codecs and clients.
 */
const path = require('node:path');
const { existsSync } = require('node:fs');
const { loadModel } = require('../../dist/index.js');

const REPO = path.resolve(__dirname, '../..');
const CORPUS = process.env.WSDL2TS_CORPUS || path.resolve(REPO, '../shared/corpus');
const CASES = [
  ['MS-WMS', path.join(REPO, 'samples/ms-wms.wsdl')],
  ['eBay Trading (3 MB)', path.join(CORPUS, 'famous/ebay-trading/eBayTest.wsdl')],
  ['Exchange Online EWS', path.join(CORPUS, 'famous/ews-office365-wsdltophp/services.wsdl')],
  ['Exchange EWS (MS-OXWS)', path.join(CORPUS, 'ms-openspecs-exchange/EWSStack-MS-OXWS/EWSStack.wsdl')],
  ['Bing Ads CampaignManagement', path.join(CORPUS, 'ms-wcf-bingads/bingads-v13-campaignmanagement_service/campaignmanagement_service.wsdl')],
];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  console.log('| input | types | median ms (5 runs) | heap used MiB after |');
  console.log('|---|---|---|---|');
  for (const [name, file] of CASES) {
    if (!existsSync(file)) {
      console.log(`| ${name} | missing: ${path.relative(REPO, file)} | | |`);
      continue;
    }
    const times = [];
    let types = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      const { model } = await loadModel({ input: file });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      types = model ? model.types.length : 0;
    }
    if (global.gc) global.gc();
    console.log(`| ${name} | ${types} | ${median(times).toFixed(1)} | ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
