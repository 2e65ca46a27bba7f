// Modules the build script (playground/build.js) generates at build time.
declare module 'virtual:bundled-catalog' {
  /** src/catalog/bundled, file name → text. */
  export const BUNDLED_FILES: Record<string, string>;
}
declare module 'virtual:samples' {
  export const SAMPLES: readonly { readonly id: string; readonly label: string; readonly files: Record<string, string> }[];
}
