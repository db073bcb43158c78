import { readJson, writeJson } from './layout.js';

/**
 * What the working copy knows beyond the pristine: the current channel and the tracking
 * requests (`add`, `rm`, `mv`) that the next record turns into a change.
 */
export interface TrackingState {
  channel: string;
  adds: string[];
  removes: string[];
  moves: Array<{ from: string; to: string }>;
}

export function readTracking(path: string): TrackingState {
  const state = readJson<Partial<TrackingState>>(path, {});
  return {
    channel: state.channel ?? 'main',
    adds: state.adds ?? [],
    removes: state.removes ?? [],
    moves: state.moves ?? [],
  };
}

export function writeTracking(path: string, state: TrackingState): void {
  writeJson(path, state);
}

/** `path` is `prefix` or inside it (`''` and `.` mean the whole repository). */
export function isWithin(path: string, prefix: string): boolean {
  return prefix === '' || prefix === '.' || path === prefix || path.startsWith(`${prefix}/`);
}

/** Replaces `from` by `to` at the start of `path` (a move of `from` moves what is inside it). */
export function movedPath(path: string, from: string, to: string): string {
  if (path === from) return to;
  return path.startsWith(`${from}/`) ? `${to}${path.slice(from.length)}` : path;
}

/**
 * The tracked paths as the next record will see them: the channel's paths (`recorded`) with the
 * pending moves applied (a moved directory moves what is in it) and pending removals dropped.
 */
export function pendingView(recorded: string[], tracking: TrackingState): Set<string> {
  let paths = recorded;
  for (const move of tracking.moves) paths = paths.map((path) => movedPath(path, move.from, move.to));
  return new Set(paths.filter((path) => !tracking.removes.some((removed) => isWithin(path, removed))));
}
