// `pnpm bench` for tag-consolidation (issue 11): a history of 10,000 changes with a consolidating
// tag every 25, recorded as `atomic record` records (each change depends on the channel's latest
// consolidating tag), then:
// - the dependencies of a new change touching twenty files, with and without the tag;
// - record of a one-line edit at 100 and at 10,000 changes, in-process and as `atomic record`;
// - tag creation at 10,000 changes, extending the last tag, and the first tag of the history
//   (nothing to extend) — recorded by atomic record, or made before tags;
// - an attribution summary query for tags of 100 and of 10,000 changes;
// - `atomic status` and `atomic record` start-up in the tagged repositories.
// Histories are built once and cached (node_modules/.cache), then copied for each run.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Measurement, measure, summarize, writeReport } from '@lineage/bench';
import { Repository } from '@lineage/patch-graph';
import { createTag, draftTag, TagStore, tagSchema, tagSummary } from '../src/index.js';

const CHANGES = Number(process.env.BENCH_CHANGES ?? 10_000);
const SMALL = 100;
const INTERVAL = Number(process.env.BENCH_TAG_INTERVAL ?? 25);
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const FILES = 100;
const LINES = 100;
const HISTORY_VERSION = 2;

const here = dirname(fileURLToPath(import.meta.url));
const workspace = join(here, '..', '..', '..', '..');
const BIN = join(workspace, 'apps', 'atomic', 'bin', 'run.js');
const cacheRoot = join(workspace, 'node_modules', '.cache', 'lineage-tag-bench');
const env = { ...process.env, ATOMIC_AUTHOR: 'bench', ATOMIC_AI_ENABLED: '', NO_COLOR: '1' };
const made: string[] = [];
const encode = (text: string) => new TextEncoder().encode(text);
const fileText = (lines: string[]) => `${lines.join('\n')}\n`;

function atomic(args: string[], cwd: string): string {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`atomic ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** Deterministic pseudo-random numbers, so every run builds the same history. */
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

/** Records a one-line edit as `atomic record` does: depending on the channel's latest consolidating tag. */
function recordEdit(tags: TagStore, files: string[][], f: number, line: number, text: string, channel = 'main') {
  (files[f] as string[])[line] = text;
  const latest = tags.latestConsolidating(channel);
  return tags.repo.transaction(() => {
    const recorded = tags.repo.record(channel, {
      message: text,
      authors: ['bench'],
      consolidation: latest && { tag: latest.hash, name: latest.name },
      edits: [{ type: 'write', path: `f${f}.txt`, content: encode(fileText(files[f] as string[])) }],
    });
    if (recorded) tags.remember(recorded.hash, recorded.change);
    return recorded;
  });
}

/**
 * A repository of `changes` changes (100 files of 100 lines imported, then one line rewritten per
 * change, a third of them AI-assisted) with a consolidating tag every INTERVAL changes, built
 * through the library into a directory `atomic` opens; cached across runs.
 */
async function history(changes: number): Promise<{ dir: string; buildSeconds: number | null }> {
  const cached = join(cacheRoot, `v${HISTORY_VERSION}-${changes}-every-${INTERVAL}`);
  if (existsSync(join(cached, 'complete'))) return { dir: cached, buildSeconds: null };
  rmSync(cached, { recursive: true, force: true });
  mkdirSync(cached, { recursive: true });
  const started = Date.now();
  atomic(['init'], cached);
  const repo = await Repository.open(join(cached, '.atomic'), { schemas: [tagSchema] });
  const tags = new TagStore(repo);
  const files = Array.from({ length: FILES }, (_, f) => Array.from({ length: LINES }, (_, l) => `file ${f} line ${l}`));
  repo.record('main', {
    message: 'import',
    authors: ['bench'],
    edits: files.map((lines, f) => ({ type: 'add', path: `f${f}.txt`, content: encode(fileText(lines)) })),
  });
  const next = random(42);
  for (let i = 1; i < changes; i++) {
    const f = next(FILES);
    const ai = i % 3 === 0;
    const latest = tags.latestConsolidating('main');
    files[f]?.splice(next(LINES), 1, `change ${i}`);
    const recorded = repo.record('main', {
      message: `change ${i}`,
      authors: ['bench'],
      metadata: ai
        ? {
            attribution: {
              schema: 'lineage.ai-attribution/1',
              aiAssisted: true,
              provider: i % 2 === 0 ? 'anthropic' : 'openai',
              model: 'model',
              confidence: (i % 100) / 100,
              suggestionType: 'completion',
            },
          }
        : {},
      consolidation: latest && { tag: latest.hash, name: latest.name },
      edits: [{ type: 'write', path: `f${f}.txt`, content: encode(fileText(files[f] as string[])) }],
    });
    if (recorded) tags.remember(recorded.hash, recorded.change); // as `atomic record` does
    if ((i + 1) % INTERVAL === 0) createTag(tags, { channel: 'main', consolidate: true, author: 'bench' });
  }
  await repo.close();
  files.forEach((lines, f) => {
    writeFileSync(join(cached, `f${f}.txt`), fileText(lines));
  });
  writeFileSync(join(cached, 'files.json'), JSON.stringify(files));
  writeFileSync(join(cached, 'complete'), '');
  return { dir: cached, buildSeconds: (Date.now() - started) / 1000 };
}

/** A fresh copy of a cached history, for a run to change. */
function copyOf(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'tag-bench-'));
  made.push(copy);
  cpSync(dir, copy, { recursive: true });
  return copy;
}

async function open(dir: string) {
  const repo = await Repository.open(join(dir, '.atomic'), { schemas: [tagSchema] });
  return {
    repo,
    tags: new TagStore(repo),
    files: JSON.parse(readFileSync(join(dir, 'files.json'), 'utf8')) as string[][],
  };
}

const measurements: Measurement[] = [];
const targets: Array<{ label: string; measured: string; met: boolean }> = [];
const notes: string[] = [];
const ms = (m: Measurement) =>
  m.medianMs >= 1000 ? `${(m.medianMs / 1000).toFixed(2)} s` : `${m.medianMs.toFixed(2)} ms`;

const small = await history(SMALL);
const large = await history(CHANGES);
for (const [size, built] of [
  [SMALL, small],
  [CHANGES, large],
] as const) {
  notes.push(
    built.buildSeconds === null
      ? `${size}-change history taken from the cache (${dirname(built.dir)}).`
      : `${size}-change history built in ${built.buildSeconds.toFixed(1)} s (cached for the next run).`,
  );
}

// ---- the dependencies of a new change ----
{
  const { repo, tags, files } = await open(copyOf(large.dir));
  // Twelve changes into the next cycle, then a change touching twenty files: it depends on
  // whatever last touched those places — through the tag for everything the tag covers.
  for (let k = 0; k < 12; k++) recordEdit(tags, files, (k * 13) % FILES, (k * 29) % LINES, `next cycle ${k}`);
  const latest = tags.latestConsolidating('main');
  if (!latest) throw new Error('no consolidating tag in the history');
  const since = repo.logLength('main') - latest.consolidatedChangeCount;
  const place = random(7);
  const edits = Array.from({ length: 20 }, (_, k) => {
    const f = k * 5;
    (files[f] as string[])[place(LINES)] = `wide edit ${k}`;
    return { type: 'write' as const, path: `f${f}.txt`, content: encode(fileText(files[f] as string[])) };
  });
  const wide = repo.record('main', {
    message: 'wide',
    authors: ['bench'],
    consolidation: { tag: latest.hash, name: latest.name },
    edits,
  });
  const dependencies = wide?.change.dependencies ?? [];
  const throughTag = dependencies.filter((dep) => dep.type === 'tag').length;
  targets.push({
    label: `dependencies of a new change touching 20 files ≤ changes since the tag + 1 (${since} + 1), at ${CHANGES} changes`,
    measured: `${dependencies.length} (${throughTag} tag, ${dependencies.length - throughTag} changes since it)`,
    met: dependencies.length <= since + 1,
  });
  notes.push(
    `The tag at ${latest.consolidatedChangeCount} changes: a change needing all of it would have ${latest.dependencyCountBefore} dependencies without it (the changes of its set no other depends on), 1 with it.`,
  );
  await repo.close();
}

// ---- record of a one-line edit, in-process ----
// The two sizes alternate, run by run, so that the load of a shared machine weighs on both alike:
// their ratio is the figure. Nine times the usual runs: a record takes a few milliseconds, and a
// shared machine's noise needs many to settle.
const [recordSmall, recordLarge] = await (async (): Promise<[Measurement, Measurement]> => {
  const sides = await Promise.all([small.dir, large.dir].map(async (dir) => open(copyOf(dir))));
  const samples: number[][] = [[], []];
  const warmup = 2;
  for (let i = 1; i <= warmup + 9 * RUNS; i++) {
    sides.forEach(({ tags, files }, side) => {
      const start = process.hrtime.bigint();
      recordEdit(tags, files, (i * 7) % FILES, 50, `bench ${i}`);
      if (i > warmup) samples[side]?.push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  for (const { repo } of sides) await repo.close();
  const name = (size: number) => `record of a one-line edit, ${size} changes (in-process, tags every ${INTERVAL})`;
  return [summarize(name(SMALL), samples[0] ?? []), summarize(name(CHANGES), samples[1] ?? [])];
})();
measurements.push(recordSmall, recordLarge);
targets.push({
  label: `record at ${CHANGES} changes within 1.3× of record at ${SMALL} (in-process)`,
  measured: `${(recordLarge.medianMs / recordSmall.medianMs).toFixed(2)}× (${ms(recordSmall)} → ${ms(recordLarge)})`,
  met: recordLarge.medianMs <= 1.3 * recordSmall.medianMs,
});

// ---- tag creation ----
{
  const { repo, tags, files } = await open(copyOf(large.dir));
  let i = 0;
  const extending = await measure(
    `tag create --consolidate at ${CHANGES} changes (extends the last tag)`,
    () => createTag(tags, { channel: 'main', consolidate: true, author: 'bench' }),
    {
      runs: RUNS,
      // A change since the last tag, so each tag has something of its own to consolidate.
      before: () => recordEdit(tags, files, (++i * 11) % FILES, 10, `tagged ${i}`),
    },
  );
  // The first tag of a long history: nothing to extend, all 10,000 changes summed and checked.
  // `atomic record` keeps each change's facts as it records it, so a history it recorded costs
  // only the tag's rows; a history made before tags reads every change once (the facts
  // table emptied before each run). A new store each run: nothing kept in memory from the last.
  const log = repo.log('main').map((entry) => entry.hash);
  let n = 0;
  let store = tags;
  const firstTag = () =>
    repo.transaction(() =>
      store.add(
        draftTag(store, {
          name: `first-${++n}`,
          channel: 'main',
          state: repo.state('main'),
          consolidating: true,
          base: undefined,
          changes: log,
          previousConsolidation: null,
          since: null,
          hotfixOf: null,
          message: '',
          author: 'bench',
        }),
        { knownStateSum: repo.stateSum('main') },
      ),
    );
  const first = await measure(`first tag over ${log.length} changes recorded by atomic record`, firstTag, {
    runs: RUNS,
    warmup: 1,
    before: () => {
      store = new TagStore(repo);
    },
  });
  const scratch = await measure(`first tag over ${log.length} changes made before tags (every change read)`, firstTag, {
    runs: 3,
    warmup: 0,
    before: () => {
      repo.database.exec('DELETE FROM change_facts');
      store = new TagStore(repo);
    },
  });
  measurements.push(extending, first, scratch);
  targets.push({
    label: `tag creation over ${CHANGES} changes < 1 s`,
    measured: `${ms(extending)} extending the last tag; ${ms(first)} the first tag of a history atomic recorded`,
    met: extending.medianMs < 1000 && first.medianMs < 1000,
  });
  notes.push(
    `The first tag of a ${log.length}-change history made before tags (no facts kept: every change read from the store, hashed and parsed once): ${ms(scratch)}.`,
  );
  await repo.close();
}

// ---- attribution summary queries ----
{
  const { repo, tags } = await open(large.dir);
  const byCount = (count: number) => tags.list().find((tag) => tag.consolidatedChangeCount === count)?.name;
  const results: Measurement[] = [];
  for (const count of [SMALL, CHANGES]) {
    const name = byCount(count);
    if (!name) throw new Error(`no tag of ${count} changes`);
    // A new store each time: nothing cached from the run before.
    results.push(
      await measure(
        `attribution --tag ${name} --summary (${count} changes, in-process)`,
        () => tagSummary(new TagStore(repo), name),
        {
          runs: 31,
          warmup: 3,
        },
      ),
    );
  }
  measurements.push(...results);
  targets.push({
    label: 'attribution summary query < 5 ms in-process, for tags of 100 and 10,000 changes',
    measured: results.map(ms).join(' and '),
    met: results.every((m) => m.medianMs < 5),
  });
  await repo.close();
}

// ---- atomic start-up in the tagged repositories ----
// Bare Node's start, then status (or a one-line record) at each size, round after round, so that
// the load of a shared machine weighs on each alike: what atomic adds to Node's start is the
// difference of medians within the run.
interface Timed {
  name: string;
  run: (i: number) => void;
  samples: number[];
}
const timed = (name: string, run: (i: number) => void): Timed => ({ name, run, samples: [] });
const nodeStart = timed('node -e 0 (Node start alone)', () => {
  const result = spawnSync(process.execPath, ['-e', '0']);
  if (result.status !== 0) throw new Error('node -e 0 failed');
});
const startUps = [SMALL, CHANGES].map((size) => {
  const dir = copyOf(size === SMALL ? small.dir : large.dir);
  return {
    status: timed(`atomic status, ${size} changes with tags`, () => atomic(['status'], dir)),
    statusAfterRecord: timed(`atomic status right after a record, ${size} changes (a new state)`, () =>
      atomic(['status'], dir),
    ),
    record: timed(`atomic record of a one-line edit, ${size} changes with tags`, (i) => {
      writeFileSync(join(dir, 'f7.txt'), `${readFileSync(join(dir, 'f7.txt'), 'utf8')}bench ${i}\n`);
      atomic(['record', '-m', 'one line'], dir);
    }),
  };
});
// Statuses in rounds of their own, as apps/atomic's bench times them (the conflict list is
// cached per state: a record in between would have each status compute it anew), then records.
const groups = [
  [nodeStart, ...startUps.map(({ status }) => status)],
  [nodeStart, ...startUps.flatMap(({ record, statusAfterRecord }) => [record, statusAfterRecord])],
];
for (const group of groups) {
  for (let i = 0; i <= RUNS; i++) {
    for (const command of group) {
      const start = process.hrtime.bigint();
      command.run(i);
      // The first round warms the file cache.
      if (i > 0) command.samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
}
const rounds = [
  nodeStart,
  ...startUps.flatMap(({ status, record, statusAfterRecord }) => [status, record, statusAfterRecord]),
];
const [node, ...commands] = rounds.map((command) => summarize(command.name, command.samples));
measurements.push(node as Measurement, ...commands);
const [status, record] = commands as [Measurement, Measurement];
const overNode = (m: Measurement) =>
  `${ms(m)} (Node's start + ${(m.medianMs - (node as Measurement).medianMs).toFixed(0)} ms)`;
targets.push(
  { label: 'atomic status < 150 ms (Node start included)', measured: overNode(status), met: status.medianMs < 150 },
  { label: 'atomic record of a one-line edit < 200 ms', measured: overNode(record), met: record.medianMs < 200 },
);

notes.push(`Medians; machine load when the run ended: ${spawnSync('uptime', { encoding: 'utf8' }).stdout.trim()}.`);
writeReport({ suite: 'tag consolidation', measurements, targets, notes });
for (const dir of made) rmSync(dir, { recursive: true, force: true });
