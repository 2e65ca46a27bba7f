// Preloaded (`node -r`) into the corpus run's `generate` processes unless WSDL2TS_CORPUS_FORMAT=1: replaces
// prettier's format() with the identity, so the generated files are the emitter's raw text.
// Why: prettier is ~75% of `generate`'s CPU time on large WSDLs (PayPal: 12.4 s of 16.5 s), which alone would put the
// corpus run far over its time budget. What is lost: only the formatting; syntax errors in emitted code (which would
// make prettier throw) still show up, as tsc errors, in the compile stage.
'use strict';
const prettier = require(require.resolve('prettier', { paths: [process.cwd()] }));
prettier.format = async (text) => text;
