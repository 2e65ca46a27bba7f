/**
 * The programmatic API: `generate()` for build steps (files in memory), `generateWithDiagnostics()`, and
 * `loadModel()` for the intermediate model. Generated code imports only `@wsdl2ts/runtime`.
 */
export { loadModel, CatalogError } from './load-model';
export { metadataForServing, MetadataError } from './metadata/serve-metadata';
export type { ServedMetadata } from './metadata/serve-metadata';
export type { LoadModelOptions } from './load-model';
export { generate, generateWithDiagnostics, GenerateError, ARTIFACTS } from './generate/generate';
export type { GenerateOptions, GeneratedFile, GenerateResult, Artifact } from './generate/generate';
export type { ModelResult } from './model/build-model';
export { selectOperations } from './model/select-operations';
export type { SelectionResult, UnknownOperation } from './model/select-operations';
export type { ProgressEvent, ProgressCallback } from './progress';
export type { Diagnostic } from './diagnostics/diagnostic';
export { CATALOGUE } from './diagnostics/catalogue';
export type { DiagnosticCode } from './diagnostics/catalogue';
export type * from './model/types';
