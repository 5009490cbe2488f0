/**
 * A stack trace as issue_detail's `stack` and `causes` frames give it (collector-processor
 * handlers/errors/issue-event.ts), and the pure decisions the view makes on it.
 */

export interface StackFrameRow {
  function: string;
  filename: string;
  lineno: number;
  colno: number;
  in_app: boolean;
  symbolicated: boolean;
  context_line: string;
  /** Lines before and after context_line, newline-separated. */
  context_pre: string;
  context_post: string;
  raw_function: string;
  raw_position: string;
}

export interface CauseRow {
  /** 1 = the error's own cause, 2 = that cause's cause… */
  depth: number;
  type: string;
  message: string;
  stacktrace: string;
}

/** Which frames the view lists: the app's own, or all of them (vendor and browser code too). */
export type FramesMode = 'app' | 'all';
export const FRAMES_MODES: readonly FramesMode[] = ['app', 'all'];

export function isFramesMode(v: unknown): v is FramesMode {
  return v === 'app' || v === 'all';
}

/**
 * The frames to list. "In-app only" with no in-app frame at all (a crash inside a library, or
 * an SDK that does not mark frames) would show nothing, so it falls back to every frame and says so.
 */
export function visibleFrames(frames: StackFrameRow[], mode: FramesMode) {
  if (mode === 'all') {
    return { frames, fellBack: false, hidden: 0 };
  }
  const app = frames.filter((f) => f.in_app);
  if (app.length === 0) {
    return { frames, fellBack: frames.length > 0, hidden: 0 };
  }
  return { frames: app, fellBack: false, hidden: frames.length - app.length };
}

export interface SourceLine {
  lineno: number;
  text: string;
  /** The line the frame points at. */
  current: boolean;
}

/** The numbered source lines around a frame, or [] when the source map had no sourcesContent. */
export function sourceLines(frame: StackFrameRow): SourceLine[] {
  if (!frame.context_line && !frame.context_pre && !frame.context_post) {
    return [];
  }
  const pre = frame.context_pre ? frame.context_pre.split('\n') : [];
  const post = frame.context_post ? frame.context_post.split('\n') : [];
  const first = frame.lineno - pre.length;
  return [
    ...pre.map((text, i) => ({ lineno: first + i, text, current: false })),
    { lineno: frame.lineno, text: frame.context_line, current: true },
    ...post.map((text, i) => ({ lineno: frame.lineno + 1 + i, text, current: false })),
  ];
}

/** "file:line:col" as a stack trace prints it. */
export function location(f: Pick<StackFrameRow, 'filename' | 'lineno' | 'colno'>): string {
  return `${f.filename}${f.lineno ? `:${f.lineno}${f.colno ? `:${f.colno}` : ''}` : ''}`;
}

/** Causes outermost first (the order the chain is read in: "caused by … caused by …"). */
export function causeChain(causes: CauseRow[]): CauseRow[] {
  return [...causes].sort((a, b) => a.depth - b.depth);
}
