/**
 * Connects the worker to the message tester engine (src/tester). Generated files are evaluated as the engine asks,
 * after sucrase strips their types (TypeScript's own transpiler would add megabytes to the page).
 */
import { transform } from 'sucrase';
import { createMessageTester, type MessageTester } from '../../src/tester';
import type { Model } from '../../src/model/types';

export type { MessageTester };

const transpile = (source: string): string => transform(source, { transforms: ['typescript', 'imports'] }).code;

export function loadTester(model: Model, files: readonly { path: string; text: string }[]): MessageTester {
  return createMessageTester({ model, files, transpile });
}
