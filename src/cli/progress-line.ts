import type { ProgressEvent } from '../progress';

/** Output the CLI writes to; tests pass their own. */
export interface ProgressIo {
  readonly err: (s: string) => void;
  /** stderr is a terminal: a progress line may be drawn (and cleared) there. */
  readonly errIsTTY?: boolean;
}

const CLEAR = '\r\x1b[2K';

/**
 * One line on a terminal's stderr, rewritten as the library reports phases and cleared before anything else is
 * printed. Off when stderr is not a TTY (logs and pipes get only diagnostics and the summary) or with --quiet.
 */
export class ProgressLine {
  private shown = false;

  constructor(
    private readonly io: ProgressIo,
    private readonly enabled: boolean,
  ) {}

  readonly onProgress = (e: ProgressEvent): void => {
    if (!this.enabled) return;
    this.io.err(`${CLEAR}wsdl2ts: ${describe(e)}`);
    this.shown = true;
  };

  clear(): void {
    if (!this.shown) return;
    this.io.err(CLEAR);
    this.shown = false;
  }
}

function describe(e: ProgressEvent): string {
  switch (e.phase) {
    case 'read':
      return `reading ${plural(e.documents, 'document')}…`;
    case 'model':
      return 'building the model…';
    case 'emit':
      return `emitting ${e.artifact}…`;
    case 'format':
      return `formatting ${e.file} (${e.done + 1}/${e.total})…`;
    case 'write':
      return `writing ${plural(e.files, 'file')}…`;
  }
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
