import { Args, Flags } from '@lineage/cli-kit';
import { CollectionCommand } from '../collection-command.js';
import { short, upstreamLabel } from '../render.js';

export default class Add extends CollectionCommand {
  static override summary = 'Add an artifact to the collection from an upstream git repository.';
  static override description =
    'SOURCE is REPO#PATH[@REF]: REPO any URL or local path git can clone, PATH the artifact inside it, REF a tag or commit (pinned) or a branch (tracked); without REF the remote’s default branch is tracked. The kind is inferred from the layout (a directory with SKILL.md is a skill, commands/x.md a command, ...) unless --kind says it.';
  static override examples = [
    '<%= config.bin %> add https://github.com/acme/skills.git#skills/review',
    '<%= config.bin %> add ../skills-repo#skills/review@v1.2.0 --name code-review',
    '<%= config.bin %> add ../skills-repo#commands/fix.md --kind command --json',
  ];
  static override args = {
    source: Args.string({ required: true, description: 'REPO#PATH[@REF]' }),
  };
  static override flags = {
    name: Flags.string({ char: 'n', description: 'Name in the collection (default: the last part of PATH).' }),
    kind: Flags.string({
      char: 'k',
      options: ['skill', 'command', 'agent', 'hook', 'mcp'],
      description: 'Kind of artifact (default: inferred from the layout).',
    }),
  };

  async run() {
    const { args, flags } = await this.parseInput(Add);
    const service = await this.service();
    const result = await this.withProgress((onProgress) =>
      service.add({ source: args.source, name: flags.name, kind: flags.kind, onProgress }),
    );
    const { artifact } = result;
    this.out(`added ${this.style.bold(artifact.id)} ${short(artifact.current_hash)} (${result.files.length} file(s))`);
    this.out(
      `  from ${upstreamLabel(artifact.upstream)}${artifact.upstream?.sha ? ` at ${artifact.upstream.sha.slice(0, 12)}` : ''}`,
    );
    return result;
  }
}
