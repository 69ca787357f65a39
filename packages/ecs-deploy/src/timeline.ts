/** What happened during a deploy, with times, for the log and the job summary. */
export interface TimelineEntry {
  atMs: number;
  text: string;
}

export class Timeline {
  readonly entries: TimelineEntry[] = [];

  constructor(
    private readonly now: () => number,
    private readonly onEntry?: (entry: TimelineEntry) => void,
  ) {}

  add(text: string): void {
    const entry = { atMs: this.now(), text };
    this.entries.push(entry);
    this.onEntry?.(entry);
  }
}

export function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}
