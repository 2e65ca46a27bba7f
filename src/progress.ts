/**
 * What the library reports while it works, for a caller's progress display. The library only calls the callback;
 * writing anything (a TTY progress line) is the CLI's business.
 */
export type ProgressEvent =
  | { readonly phase: 'read'; readonly documents: number }
  | { readonly phase: 'model' }
  | { readonly phase: 'emit'; readonly artifact: string }
  | { readonly phase: 'format'; readonly file: string; readonly done: number; readonly total: number }
  | { readonly phase: 'write'; readonly files: number };

export type ProgressCallback = (event: ProgressEvent) => void;
