#!/usr/bin/env node
/**
 * Serves the built playground on 127.0.0.1 (building it first when its sources are newer):
 *   npm run playground [-- --port 5178]     (or PORT=5178)
 * A static file server and nothing more: the page runs the whole pipeline itself.
 */
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { build, isStale } = require('./build');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** Starts the server; resolves to it once listening (port 0 picks a free one). */
function serve(dir, port, host = '127.0.0.1') {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const name = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    // Only the files of the built folder itself: no subfolders, no `..`, no dot files.
    const ok = (req.method === 'GET' || req.method === 'HEAD') && /^[\w-]+\.(html|js|css)$/.test(name) && fs.existsSync(path.join(dir, name));
    if (!ok) {
      res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 404 : 405, { 'content-type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    const body = fs.readFileSync(path.join(dir, name));
    res.writeHead(200, { 'content-type': TYPES[path.extname(name)], 'content-length': body.length, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function main() {
  const args = process.argv.slice(2);
  const i = args.indexOf('--port');
  const port = Number(i >= 0 ? args[i + 1] : (process.env.PORT ?? 5178));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${i >= 0 ? args[i + 1] : process.env.PORT}`);
  const dir = path.resolve(__dirname, '..', 'dist-playground');
  if (isStale(dir)) {
    console.log('building the playground…');
    await build(dir);
  }
  const server = await serve(dir, port);
  console.log(`wsdl2ts playground: http://127.0.0.1:${server.address().port}/  (Ctrl-C stops)`);
}

module.exports = { serve };
if (require.main === module) {
  main().catch((e) => {
    console.error(e.message ?? e);
    process.exit(1);
  });
}
