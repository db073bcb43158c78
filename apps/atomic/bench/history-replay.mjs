// Replays a history (see history-source.mjs) into atomic, commit by commit, as a user
// importing a project would record it, and into git (fast-import) for the side-by-side figures.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BATCH = 40;

/** The contents of the ops' blobs, a batch of commits at a time. */
function* withContents(commits, readBlobs) {
  for (let start = 0; start < commits.length; start += BATCH) {
    const batch = commits.slice(start, start + BATCH);
    const ids = batch.flatMap((c) => c.ops.filter((op) => typeof op.blob === 'string').map((op) => op.blob));
    const blobs = readBlobs ? readBlobs(ids) : new Map();
    for (const commit of batch) {
      yield {
        ...commit,
        ops: commit.ops.map((op) =>
          op.blob === undefined ? op : { ...op, content: typeof op.blob === 'string' ? blobs.get(op.blob) : op.blob },
        ),
      };
    }
  }
}

const parentOf = (path) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

/**
 * The record edits of one commit, given the tree before it (`files`: path → mode, updated
 * here). Directories are tracked entries in atomic: missing parents are added, and a
 * directory left empty is removed, as recording a checked-out working copy would do.
 */
function editsOf(commit, files) {
  const edits = [];
  const dirs = () => {
    const set = new Set();
    for (const path of files.keys()) for (let p = parentOf(path); p !== ''; p = parentOf(p)) set.add(p);
    return set;
  };
  const before = dirs();
  const ensureParents = (path, live) => {
    const missing = [];
    for (let p = parentOf(path); p !== '' && !live.has(p); p = parentOf(p)) missing.unshift(p);
    for (const dir of missing) {
      edits.push({ type: 'add', path: dir, kind: 'dir' });
      live.add(dir);
    }
  };
  const live = new Set(before);
  const kindOf = (mode) => (mode === '120000' ? 'symlink' : 'file');
  const ops = [...commit.ops].sort((a, b) => rank(a) - rank(b));
  for (const op of ops) {
    if (op.op === 'delete') {
      if (!files.has(op.path)) continue;
      edits.push({ type: 'remove', path: op.path });
      files.delete(op.path);
    } else if (op.op === 'move') {
      const oldMode = files.get(op.from);
      if (oldMode === undefined) continue;
      if (files.has(op.to)) {
        // A swap or a move onto a file replaced in the same commit: record it as delete + add.
        edits.push({ type: 'remove', path: op.from });
        files.delete(op.from);
        edits.push({ type: 'write', path: op.to, content: op.content });
        files.set(op.to, op.mode);
        continue;
      }
      ensureParents(op.to, live);
      edits.push({ type: 'move', from: op.from, to: op.to });
      files.delete(op.from);
      files.set(op.to, oldMode);
      edits.push({ type: 'write', path: op.to, content: op.content });
      if (oldMode !== op.mode) edits.push({ type: 'chmod', path: op.to, executable: op.mode === '100755' });
      files.set(op.to, op.mode);
    } else if (op.op === 'add' || !files.has(op.path)) {
      if (files.has(op.path)) continue;
      ensureParents(op.path, live);
      edits.push({
        type: 'add',
        path: op.path,
        kind: kindOf(op.mode),
        executable: op.mode === '100755',
        content: op.content,
      });
      files.set(op.path, op.mode);
    } else {
      edits.push({ type: 'write', path: op.path, content: op.content });
      if (files.get(op.path) !== op.mode)
        edits.push({ type: 'chmod', path: op.path, executable: op.mode === '100755' });
      files.set(op.path, op.mode);
    }
  }
  const after = dirs();
  // Deepest first: a directory's removal removes what is under it.
  const empty = [...live].filter((dir) => !after.has(dir)).sort((a, b) => b.length - a.length);
  for (const dir of empty)
    if (!empty.some((other) => other !== dir && dir.startsWith(`${other}/`))) edits.push({ type: 'remove', path: dir });
  return edits;
}

/** Deletions and moves before writes and additions: a path freed in a commit may be reused in it. */
const rank = (op) => ({ delete: 0, move: 1, write: 2, add: 3 })[op.op];

/**
 * Records every commit into channel `main` of `repo` (an AtomicRepository). `files` is the tree
 * (path → mode) before the first of them, updated: a replay can go on in a later call.
 */
export async function replayIntoAtomic(repo, commits, { readBlobs, files = new Map(), progress } = {}) {
  let n = 0;
  for (const commit of withContents(commits, readBlobs)) {
    const edits = editsOf(commit, files);
    if (edits.length > 0) {
      repo.pristine.record('main', {
        message: commit.message,
        authors: [commit.author],
        timestamp: new Date(commit.time * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
        edits,
      });
    }
    progress?.(++n);
  }
  return files;
}

/** A git repository holding the same commits (linear, first-parent), built with fast-import. */
export function replayIntoGit(dir, commits, { source } = {}) {
  const run = (args, input) => {
    const result = spawnSync('git', args, { cwd: dir, input, maxBuffer: 1 << 30 });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout.toString();
  };
  run(['init', '-q', '-b', 'main']);
  // Real history: fetch its objects, then refer to blobs by id (no contents through the pipe);
  // what the linear commits do not reach is pruned by the gc below.
  if (source) run(['fetch', '-q', '--no-tags', source, `${commits.at(-1).id}:refs/bench/source`]);
  const chunks = [];
  commits.forEach((commit, i) => {
    const message = Buffer.from(commit.message);
    chunks.push(
      `commit refs/heads/main\nmark :${i + 1}\ncommitter ${commit.author.replace(/[<>\n]/g, '')} <bench@example.com> ${commit.time} +0000\ndata ${message.length}\n`,
    );
    chunks.push(message, '\n');
    if (i > 0) chunks.push(`from :${i}\n`);
    for (const op of commit.ops) {
      if (op.op === 'delete') chunks.push(`D ${quote(op.path)}\n`);
      else {
        if (op.op === 'move') chunks.push(`D ${quote(op.from)}\n`);
        const path = op.op === 'move' ? op.to : op.path;
        if (typeof op.blob === 'string') chunks.push(`M ${op.mode} ${op.blob} ${quote(path)}\n`);
        else chunks.push(`M ${op.mode} inline ${quote(path)}\ndata ${op.blob.length}\n`, op.blob, '\n');
      }
    }
  });
  const stream = join(dir, '.git', 'bench-import');
  writeFileSync(stream, Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))));
  run(['fast-import', '--quiet'], readFileSync(stream));
  rmSync(stream);
  if (source) run(['update-ref', '-d', 'refs/bench/source']);
  run(['reflog', 'expire', '--expire=now', '--all']);
  run(['gc', '-q', '--prune=now']);
  run(['checkout', '-q', '-f', 'main']);
  return dir;
}

const quote = (path) => (/[\s"\\]/.test(path) ? JSON.stringify(path) : path);

/** git's blob id of some bytes: to check a replay's output against git's tree. */
export const gitBlobId = (bytes) => createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
