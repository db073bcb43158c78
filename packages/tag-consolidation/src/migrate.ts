import { UsageError } from '@lineage/errors';
import { addToStateSum, EMPTY_STATE_SUM, stateHashOfSum } from '@lineage/patch-graph';
import { draftTag } from './draft-tag.js';
import { freeName } from './tag-names.js';
import type { TagRecord } from './tag-rows.js';
import type { TagStore } from './tag-store.js';

export interface MigrationStep {
  /** The tag's name: `<channel>-<count>`, or the name of the tag that has that state already. */
  name: string;
  /** How many of the channel's first changes it covers. */
  count: number;
  state: string;
  /** A consolidating tag of that state exists already: nothing to make. */
  existing: boolean;
}

/**
 * Seed 000's migration path (appendix A.3): consolidating tags every `interval` changes of a
 * channel's existing history — at its `interval`-th change, its 2×`interval`-th, … Each covers the
 * channel's first changes in log order (an order they apply in), extends the one before, and is
 * skipped when a consolidating tag of that state exists. Nothing is rewritten; changes recorded
 * afterwards depend on the last tag.
 */
export function planMigration(store: TagStore, channel: string, interval: number): MigrationStep[] {
  if (!Number.isSafeInteger(interval) || interval < 1) {
    throw new UsageError('CONSOLIDATION_INTERVAL_INVALID', `${interval} is not a number of changes`, {
      hint: 'give how many changes each tag consolidates, e.g. --consolidation-interval 25',
    });
  }
  const log = store.repo.log(channel);
  const existing = new Map(store.list({ consolidating: true }).map((tag) => [tag.state, tag]));
  const taken = new Set<string>();
  const names = { byName: (name: string) => (taken.has(name) ? ({} as TagRecord) : store.byName(name)) };
  const steps: MigrationStep[] = [];
  let sum = EMPTY_STATE_SUM;
  for (let count = interval; count <= log.length; count += interval) {
    sum = addToStateSum(
      sum,
      log.slice(count - interval, count).map((entry) => entry.hash),
    );
    const state = stateHashOfSum(sum);
    const tag = existing.get(state);
    const name = tag?.name ?? freeName(names, `${channel}-${count}`);
    taken.add(name);
    steps.push({ name, count, state, existing: tag !== undefined });
  }
  return steps;
}

/** Makes the tags of `planMigration`, all in one transaction: all of them or none. */
export function migrate(
  store: TagStore,
  options: { channel: string; interval: number; author: string; timestamp?: string },
): { steps: MigrationStep[]; created: TagRecord[] } {
  const { repo } = store;
  const steps = planMigration(store, options.channel, options.interval);
  const log = repo.log(options.channel).map((entry) => entry.hash);
  const created: TagRecord[] = [];
  repo.transaction(() => {
    let previous: TagRecord | undefined;
    let sum = EMPTY_STATE_SUM;
    let from = 0;
    for (const step of steps) {
      const changes = log.slice(from, step.count);
      sum = addToStateSum(sum, changes);
      if (step.existing) {
        previous = store.byName(step.name);
      } else {
        const tag = store.add(
          draftTag(store, {
            name: step.name,
            channel: options.channel,
            state: step.state,
            consolidating: true,
            base: previous,
            changes,
            previousConsolidation: previous?.hash ?? null,
            since: previous?.hash ?? null,
            hotfixOf: null,
            message: `consolidates the first ${step.count} changes of ${options.channel} (migrate)`,
            author: options.author,
            timestamp: options.timestamp,
          }),
          { knownStateSum: sum },
        );
        created.push(tag);
        previous = tag;
      }
      from = step.count;
    }
  });
  return { steps, created };
}
