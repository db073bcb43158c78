import { Args, Flags, LineageCommand } from '@lineage/cli-kit';

export default class Hash extends LineageCommand {
  static override summary = "Print an artifact directory's content hash.";
  static override description =
    "The hash is Go's h1: directory hash: SHA-256 of every file, listed by sorted POSIX path, hashed again. It skips VCS state, node_modules and editor swap files, and does not depend on file dates or creation order, so equal hashes mean equal content: the basis of drift detection between upstream, collection and projects.";
  static override examples = [
    '<%= config.bin %> hash ./skills/code-review',
    '<%= config.bin %> hash ./skills/code-review --files',
    '<%= config.bin %> hash ./skills/code-review --json',
  ];
  static override args = {
    path: Args.string({ required: true, description: 'Directory of the artifact.' }),
  };
  static override flags = {
    files: Flags.boolean({ description: 'Also list every file with its SHA-256.' }),
  };

  async run() {
    const { args, flags } = await this.parseInput(Hash);
    const { computeDirHash } = await import('@lineage/content-hash');
    const result = await computeDirHash(args.path);
    this.out(result.hash);
    if (flags.files) for (const file of result.files) this.out(`${file.sha256}  ${file.path}`);
    return { path: args.path, hash: result.hash, files: result.files };
  }
}
