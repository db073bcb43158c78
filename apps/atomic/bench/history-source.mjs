// The history the real-history bench replays: the first N first-parent commits of a git
// repository (LINEAGE_BENCH_REPO), or, without one, a generated history of the same shape.
// Either way a commit is {message, author, time, ops}, each op one of
//   {op: 'add' | 'write', path, mode, blob}   mode '100644' | '100755' | '120000' (a link)
//   {op: 'delete', path}
//   {op: 'move', from, to, mode, blob}        blob: the content after the move
// where `blob` is a git blob id (real history) or a Buffer (generated history).
import { spawnSync } from 'node:child_process';

const git = (repo, args, input) => {
  const result = spawnSync('git', ['-C', repo, ...args], {
    input,
    maxBuffer: 1 << 30,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};

/** The first `limit` first-parent commits of `repo`'s HEAD, as replayable commits (blobs by id). */
export function realHistory(repo, limit) {
  const ids = git(repo, ['rev-list', '--first-parent', '--reverse', 'HEAD']).toString().trim().split('\n');
  const last = ids[Math.min(limit, ids.length) - 1];
  const out = git(repo, [
    'log',
    '--first-parent',
    '--root',
    '--reverse',
    '-r',
    '--raw',
    '-M',
    '-z',
    '--no-abbrev',
    '--format=%x01%H%x00%an%x00%at%x00%s',
    last,
  ]).toString('utf8');
  const commits = [];
  for (const chunk of out.split('\x01').slice(1)) {
    const fields = chunk.split('\0');
    const [id, author, time, message] = fields;
    const ops = [];
    for (let i = 4; i < fields.length; i++) {
      const head = fields[i].replace(/^\n/, '');
      if (!head.startsWith(':')) continue;
      const [oldMode, newMode, , blob, status] = head.slice(1).split(' ');
      // Submodules (gitlinks) have no content in the tree: a working copy never holds them.
      const gitlink = oldMode === '160000' || newMode === '160000';
      if (status.startsWith('R')) {
        const from = fields[++i];
        const to = fields[++i];
        if (!gitlink) ops.push({ op: 'move', from, to, mode: newMode, blob });
        continue;
      }
      const path = fields[++i];
      if (gitlink) continue;
      if (status === 'A') ops.push({ op: 'add', path, mode: newMode, blob });
      else if (status === 'D') ops.push({ op: 'delete', path });
      else if (status === 'T') ops.push({ op: 'delete', path }, { op: 'add', path, mode: newMode, blob });
      else ops.push({ op: 'write', path, mode: newMode, blob, oldMode });
    }
    commits.push({ id, author, time: Number(time), message: message || '(no message)', ops });
  }
  return commits.slice(0, limit);
}

/**
 * Reads blobs by id, a batch at a time (`git cat-file --batch`): a commit's contents are read
 * when the replay reaches it, so memory holds one batch, not the whole history.
 */
export function blobReader(repo) {
  return (ids) => {
    const wanted = [...new Set(ids)];
    const result = new Map();
    if (wanted.length === 0) return result;
    const out = git(repo, ['cat-file', '--batch'], `${wanted.join('\n')}\n`);
    let at = 0;
    for (const id of wanted) {
      const newline = out.indexOf(10, at);
      const [, , size] = out.subarray(at, newline).toString('latin1').split(' ');
      const start = newline + 1;
      result.set(id, out.subarray(start, start + Number(size)));
      at = start + Number(size) + 1;
    }
    return result;
  };
}

/**
 * A generated history of the shape of a real JavaScript project's: a large vendored file
 * rewritten in blocks now and then, a lockfile whose entries change in blocks, a built bundle
 * regenerated with most commits, sources edited a few lines at a time, renames and deletions.
 * Deterministic (seeded), so every run and every tool replays the same bytes.
 */
export function syntheticHistory(limit) {
  let seed = 7;
  const random = (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const word = () => ['value', 'index', 'result', 'object', 'array', 'key', 'func', 'length'][random(8)];
  const line = (i) => `  var ${word()}${i} = ${word()}(${random(1000)}, '${word()}');`;
  const block = (n, start) => Array.from({ length: n }, (_, i) => line(start + i));
  const files = new Map();
  const text = (lines) => Buffer.from(`${lines.join('\n')}\n`);
  const commits = [];
  let nextSource = 0;
  const commit = (message, ops) =>
    commits.push({ author: 'bench', time: 1_333_000_000 + commits.length * 3600, message, ops });
  const put = (op, path, lines) => {
    files.set(path, lines);
    return { op, path, mode: '100644', blob: text(lines) };
  };
  // The first commit: sources, a lockfile; the vendored file arrives at commit 40.
  const initial = [];
  for (let i = 0; i < 20; i++) initial.push(put('add', `src/module${nextSource++}.js`, block(80 + random(200), 0)));
  initial.push(put('add', 'package-lock.json', lockfile(1500)));
  initial.push(put('add', 'dist/bundle.js', block(5000, 0)));
  commit('initial import', initial);
  function lockfile(entries) {
    const out = ['{', '  "lockfileVersion": 3,', '  "packages": {'];
    for (let i = 0; i < entries; i++) {
      out.push(`    "node_modules/pkg-${i}": {`, `      "version": "1.${random(20)}.${random(30)}",`);
      out.push(`      "integrity": "sha512-${random(1e9).toString(36)}${random(1e9).toString(36)}"`, '    },');
    }
    out.push('  }', '}');
    return out;
  }
  /** Replaces `blocks` random blocks of up to `size` lines. */
  const rewriteBlocks = (lines, blocks, size) => {
    const next = [...lines];
    for (let b = 0; b < blocks; b++) {
      const at = random(Math.max(1, next.length - size));
      const n = 1 + random(size);
      next.splice(at, n, ...block(1 + random(size), at + commits.length * 7));
    }
    return next;
  };
  while (commits.length < limit) {
    const n = commits.length;
    const ops = [];
    const sources = [...files.keys()].filter((path) => path.startsWith('src/') || path.startsWith('lib/'));
    const pick = () => sources[random(sources.length)];
    if (n === 40) ops.push(put('add', 'vendor/big.js', block(31_000, 0)));
    else if (n > 40 && n % 97 === 0)
      ops.push(put('write', 'vendor/big.js', rewriteBlocks(files.get('vendor/big.js'), 12, 60)));
    if (n % 3 === 0) ops.push(put('write', 'dist/bundle.js', rewriteBlocks(files.get('dist/bundle.js'), 4, 20)));
    if (n % 11 === 0) ops.push(put('write', 'package-lock.json', rewriteBlocks(files.get('package-lock.json'), 3, 8)));
    if (n % 41 === 0 && sources.length > 5) {
      const from = pick();
      const to = from.startsWith('src/') ? `lib/${from.slice(4)}` : `src/${from.slice(4)}`;
      if (!files.has(to)) {
        const lines = files.get(from);
        files.delete(from);
        files.set(to, lines);
        ops.push({ op: 'move', from, to, mode: '100644', blob: text(lines) });
      }
    } else if (n % 29 === 0 && sources.length > 10) {
      const path = pick();
      files.delete(path);
      ops.push({ op: 'delete', path });
    } else if (n % 13 === 0) ops.push(put('add', `src/module${nextSource++}.js`, block(40 + random(150), 0)));
    else {
      const path = pick();
      ops.push(put('write', path, rewriteBlocks(files.get(path), 1 + random(3), 4)));
    }
    commit(`change ${n}`, ops);
  }
  return commits;
}
