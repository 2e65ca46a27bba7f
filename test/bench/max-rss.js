'use strict';
// Preloaded (node --require) into a benchmarked child: writes its peak RSS in bytes to WSDL2TS_BENCH_RSS_FILE on exit.
const { writeFileSync } = require('node:fs');
const file = process.env.WSDL2TS_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
