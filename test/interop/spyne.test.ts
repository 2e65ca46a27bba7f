import * as path from 'node:path';
import { callAllNine } from './ms-wms-peers';
import { startPeer } from './peers';

const REPO = path.resolve(__dirname, '../..');

test('the generated client calls all nine operations on a spyne server (SOAP 1.1)', async () => {
  // Debian's python3-spyne only works with Debian's interpreter, not the python3 first on PATH.
  const peer = await startPeer('/usr/bin/python3', [path.join(REPO, 'test/interop/spyne/server.py'), '0'], 'apt-get install -y python3-spyne python3-lxml');
  try {
    await callAllNine(peer);
  } finally {
    await peer.stop();
  }
}, 60_000);
