/**
 * Connects the worker to the message tester engine (src/tester). The engine is created lazily, on the first
 * message-tester request after a generation, so editing the WSDL never pays for it.
 */
import type { Model } from '../../src/model/types';
import type { MessageTester } from './tester-api';

export async function loadTester(_model: Model, _files: readonly { path: string; text: string }[]): Promise<{ get(): MessageTester } | string> {
  return 'the message tester engine (src/tester) is not part of this build yet';
}
