/**
 * Undo and redo over whole documents. A project document is small (kilobytes: the survey's bytes
 * are stored beside it), so each step keeps a full copy as JSON text: applying a step can never
 * drift from what was saved, and the history itself is plain data to store with the project.
 *
 * Grouping: changes committed with the same `group` within `windowMs` of the last one merge into
 * one step (a slider drag, a label drag, typing a name), so one undo takes back one user action.
 */
export interface HistoryData {
  /** Documents before the present one, oldest first. */
  past: string[];
  present: string;
  /** Documents undone, the next redo last. */
  future: string[];
}

export const HISTORY_LIMIT = 100;

export class History {
  private past: string[];
  private present: string;
  private future: string[];
  private lastGroup: string | null = null;
  private lastAt = -Infinity;

  constructor(initial: string | HistoryData) {
    if (typeof initial === 'string') {
      this.past = [];
      this.present = initial;
      this.future = [];
    } else {
      this.past = [...initial.past].slice(-HISTORY_LIMIT);
      this.present = initial.present;
      this.future = [...initial.future].slice(-HISTORY_LIMIT);
    }
  }

  get current(): string {
    return this.present;
  }
  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /**
   * Records `doc` as the present. Returns false when nothing changed. A change in the same `group`
   * within `windowMs` of the previous one replaces that step instead of adding one.
   */
  commit(doc: string, options: { group?: string | null; now?: number; windowMs?: number } = {}): boolean {
    if (doc === this.present) return false;
    const now = options.now ?? Date.now();
    const group = options.group ?? null;
    const merge = group !== null && group === this.lastGroup && now - this.lastAt <= (options.windowMs ?? 1000) && this.past.length > 0;
    if (!merge) {
      this.past.push(this.present);
      if (this.past.length > HISTORY_LIMIT) this.past.shift();
    }
    this.present = doc;
    this.future = [];
    this.lastGroup = group;
    this.lastAt = now;
    return true;
  }

  /**
   * Replaces the present without a step: for changes that are kept but not undone (which view is
   * open, the segment drilled into), so undo never walks the user around the app.
   */
  replace(doc: string): void {
    this.present = doc;
  }

  /** The document before the present one (now the present), or null when there is none. */
  undo(): string | null {
    const prev = this.past.pop();
    if (prev === undefined) return null;
    this.future.push(this.present);
    this.present = prev;
    this.lastGroup = null;
    return prev;
  }

  redo(): string | null {
    const next = this.future.pop();
    if (next === undefined) return null;
    this.past.push(this.present);
    this.present = next;
    this.lastGroup = null;
    return next;
  }

  toJSON(): HistoryData {
    return { past: [...this.past], present: this.present, future: [...this.future] };
  }
}
