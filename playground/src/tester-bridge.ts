/**
 * The message tester engine (src/tester) with sucrase, which strips the generated files' types before the engine
 * evaluates them (TypeScript's own transpiler would add megabytes). Built as its own script, tester.js, that the
 * worker loads only when the tester tab is first used: the first render does not pay for sucrase and the runtime.
 */
import { transform } from 'sucrase';
import { createMessageTester, type MessageTester } from '../../src/tester';
import type { Model } from '../../src/model/types';

export type { MessageTester };

export type LoadTester = (model: Model, files: readonly { path: string; text: string }[]) => MessageTester;

const transpile = (source: string): string => transform(source, { transforms: ['typescript', 'imports'] }).code;

const loadTester: LoadTester = (model, files) => createMessageTester({ model, files, transpile });

(self as unknown as { wsdl2tsTester: { loadTester: LoadTester } }).wsdl2tsTester = { loadTester };
