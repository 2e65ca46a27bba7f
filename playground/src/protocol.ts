/** Messages between the page (main.ts) and the pipeline worker (worker.ts). Everything here is structured-cloneable. */
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import type { SourceRef, TypeId } from '../../src/model/types';

export interface InputFile {
  /** Relative path inside the virtual input folder (`ms-wms.wsdl`, `xsd/common.xsd`). */
  readonly name: string;
  readonly text: string;
}

/** One node of the browsable model: bindings → operations → messages → parts → types. */
export interface TreeNode {
  readonly label: string;
  readonly detail?: string;
  /** A type this node refers to: a link to its definition under "Types". */
  readonly typeRef?: TypeId;
  /** Set on the definition of a type (the target of typeRef links). */
  readonly typeId?: TypeId;
  readonly source?: SourceRef;
  readonly children?: readonly TreeNode[];
}

export interface OperationRef {
  readonly binding: string;
  readonly operation: string;
  readonly label: string;
}

export type WorkerRequest =
  | { readonly kind: 'generate'; readonly seq: number; readonly files: readonly InputFile[]; readonly main: string }
  | { readonly kind: 'example'; readonly seq: number; readonly binding: string; readonly operation: string }
  | { readonly kind: 'decode'; readonly seq: number; readonly binding: string; readonly operation: string; readonly xml: string; readonly soapVersion?: '1.1' | '1.2' };

export type DecodeOutcome =
  | { readonly ok: true; readonly json: string }
  | { readonly ok: false; readonly kind: string; readonly message: string; readonly path?: string; readonly line?: number; readonly column?: number };

export type WorkerResponse =
  | {
      readonly kind: 'generated';
      readonly seq: number;
      /** Milliseconds the pipeline took in the worker. */
      readonly ms: number;
      readonly diagnostics: readonly Diagnostic[];
      readonly files: readonly { readonly path: string; readonly text: string }[];
      readonly tree: readonly TreeNode[];
      readonly operations: readonly OperationRef[];
      /** For a spec input: the documents extracted from it, which the diagnostics point into. */
      readonly extracted: readonly InputFile[];
      /** Why the message tester cannot run (nothing generated, no client method), if it cannot. */
      readonly testerUnavailable?: string;
    }
  | { readonly kind: 'example'; readonly seq: number; readonly request?: string; readonly response?: string; readonly error?: string }
  | { readonly kind: 'decoded'; readonly seq: number; readonly outcome: DecodeOutcome }
  | { readonly kind: 'failed'; readonly seq: number; readonly message: string };
