import { formatTable } from '@lineage/cli-kit';
import { artifactArg, CollectionCommand } from '../collection-command.js';
import { short, upstreamLabel } from '../render.js';

export default class Show extends CollectionCommand {
  static override summary = 'Show one artifact: its upstream and pin, versions, deployments and files.';
  static override examples = ['<%= config.bin %> show review', '<%= config.bin %> show skill:review --json'];
  static override args = {
    artifact: artifactArg(),
  };

  async run() {
    const { args } = await this.parseInput(Show);
    const result = await (await this.service()).show({ artifact: args.artifact });
    const { artifact } = result;
    this.out(`${this.style.bold(artifact.id)}  ${short(artifact.current_hash)}`);
    this.out(`upstream     ${upstreamLabel(artifact.upstream)}`);
    if (artifact.upstream?.last_check)
      this.out(
        `last check   ${[artifact.upstream.last_check.checked_at, artifact.upstream.last_check.error].filter(Boolean).join(' ')}`,
      );
    this.out(`lineage      ${artifact.version_lineage.map(short).join(' → ')}`);
    if (artifact.pending_conflicts.length)
      this.out(this.style.red(`conflicts    ${artifact.pending_conflicts.join(', ')}`));
    this.out('deployments');
    if (result.deployments.length === 0) this.out('  (none)');
    for (const line of formatTable(
      result.deployments.map((d) => [
        `  ${d.project}`,
        short(d.deployed_hash),
        d.sync_status,
        d.upstream_version ?? '',
      ]),
    ))
      this.out(line);
    this.out('files');
    for (const line of formatTable(result.files.map((f) => [`  ${f.path}`, `${f.size} B`, f.mode]))) this.out(line);
    return result;
  }
}
