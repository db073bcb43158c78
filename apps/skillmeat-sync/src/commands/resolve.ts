import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Flags } from '@lineage/cli-kit';
import { LineageError, NotFoundError } from '@lineage/errors';
import { artifactArg, CollectionCommand, sharedFlags } from '../collection-command.js';
import { short } from '../render.js';

type Choice = 'ours' | 'theirs' | 'edit' | 'skip';

export default class Resolve extends CollectionCommand {
  static override summary = 'Settle one conflicted file of a pending merge.';
  static override description =
    `--ours keeps the target's side (the project, or the collection), --theirs takes the incoming side, --custom FILE takes that file's content, --current keeps the conflicted file as you edited it. Leftover conflict markers are refused. With no choice on a terminal, it asks: ours, theirs, open in $EDITOR, or skip. Resolving the last file records the merge as a new version. Without --project it settles the collection's own merge (an upstream or project sync).

Exit 4 while conflicts remain.`;
  static override examples = [
    '<%= config.bin %> resolve review --file SKILL.md',
    '<%= config.bin %> resolve review --file SKILL.md --project ../my-app --theirs',
    '<%= config.bin %> resolve review --file SKILL.md --custom ./SKILL.resolved.md',
    '<%= config.bin %> resolve review --file SKILL.md --current   # after editing the markers away',
  ];
  static override args = {
    artifact: artifactArg(),
  };
  static override flags = {
    file: Flags.string({ char: 'f', required: true, description: 'The conflicted file, relative to the artifact.' }),
    project: sharedFlags.tier(),
    ours: Flags.boolean({ description: 'Keep the target’s side.', exclusive: ['theirs', 'custom', 'current'] }),
    theirs: Flags.boolean({ description: 'Take the incoming side.', exclusive: ['custom', 'current'] }),
    custom: Flags.string({ description: 'Take the content of this file.', exclusive: ['current'] }),
    current: Flags.boolean({ description: 'Keep the conflicted file as edited (no markers may remain).' }),
  };

  async run() {
    const { args, flags } = await this.parseInput(Resolve);
    const service = await this.service();
    const tier = this.tier(args.artifact, flags.project);
    let resolution: 'ours' | 'theirs' | 'custom' | 'current' | undefined = flags.ours
      ? 'ours'
      : flags.theirs
        ? 'theirs'
        : flags.custom !== undefined
          ? 'custom'
          : flags.current
            ? 'current'
            : undefined;
    if (resolution === undefined) {
      const { conflicts } = await service.conflicts(tier);
      const conflict = conflicts.find((c) => c.path === flags.file);
      if (!conflict)
        throw new NotFoundError('CONFLICT_NOT_FOUND', `no pending conflict in ${flags.file}`, {
          hint: conflicts.length
            ? `conflicted files: ${conflicts.map((c) => c.path).join(', ')}`
            : 'nothing to resolve: see `skillmeat-sync drift`',
        });
      const choice = await this.ask<Choice>(
        `${flags.file} (${conflict.kind}, ${conflict.regions.length} region(s); ours = ${conflict.labels.ours}, theirs = ${conflict.labels.theirs})?`,
        [
          { key: 'o', value: 'ours', label: `keep ${conflict.labels.ours}` },
          { key: 't', value: 'theirs', label: `take ${conflict.labels.theirs}` },
          { key: 'e', value: 'edit', label: 'open in $EDITOR' },
          { key: 's', value: 'skip', label: 'skip' },
        ],
        'choose with --ours, --theirs, --custom FILE or --current',
      );
      if (choice === 'skip') {
        this.out(`skipped ${flags.file}: ${conflicts.length} conflict(s) left`);
        this.conflictsLeft(true);
        return { skipped: flags.file, remaining: conflicts.map((c) => c.path) };
      }
      if (choice === 'edit') edit(conflict.workspace_path);
      resolution = choice === 'edit' ? 'current' : choice;
    }
    const result = await service.resolve({
      ...tier,
      file: flags.file,
      resolution,
      ...(flags.custom === undefined ? {} : { content: readFileSync(flags.custom) }),
    });
    this.out(`resolved ${result.path} (${result.resolution})`);
    if (result.completed) this.out(`merge recorded: ${result.artifact_id} is now ${short(result.head?.content_hash)}`);
    else this.out(`${result.remaining.length} conflict(s) left: ${result.remaining.join(', ')}`);
    this.conflictsLeft(!result.completed);
    return result;
  }
}

/** Opens the conflicted file in the user's editor and waits for it to close. */
function edit(path: string | null): void {
  if (!path)
    throw new LineageError('NOTHING_TO_EDIT', 'the merge deleted this file: there is nothing to edit', {
      hint: 'choose --ours or --theirs',
    });
  const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
  // As git runs it: through the shell, so EDITOR may carry arguments (`code --wait`).
  const result = spawnSync('/bin/sh', ['-c', `${editor} "$@"`, editor, path], { stdio: 'inherit' });
  if (result.status !== 0)
    throw new LineageError('EDITOR_FAILED', `${editor} exited ${result.status ?? result.signal}`, {
      hint: 'set $EDITOR to an editor that waits until you close the file (e.g. `code --wait`)',
    });
}
