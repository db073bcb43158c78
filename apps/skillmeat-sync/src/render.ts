import type {
  ArtifactDto,
  BulkResultDto,
  ConflictDto,
  DriftEntryDto,
  DriftReportDto,
  HistoryDto,
  SyncResultDto,
  UpstreamDto,
} from '@lineage/artifact-sync';
import { colorDiff, formatTable, type Style } from '@lineage/cli-kit';

/** A content hash as people read it: `h1:` and its first ten characters. */
export const short = (hash: string | null | undefined): string => (hash ? hash.slice(0, 13) : '-');

/** An upstream with its pin, as status output shows it: `REPO#PATH@v1.2 (tag)`. */
export function upstreamLabel(upstream: UpstreamDto | null): string {
  if (!upstream) return 'local';
  const at = upstream.ref ?? upstream.version ?? 'default branch';
  return `${upstream.url}#${upstream.path}@${at} (${upstream.pin === 'default' ? 'tracking default branch' : upstream.pin})`;
}

const DIRECTION: Record<string, string> = {
  'upstream-to-collection': 'upstream → collection',
  'collection-to-project': 'collection → project',
  'project-to-collection': 'project → collection',
};

const ACTION: Record<string, string> = { add: 'A', modify: 'M', delete: 'D', unchanged: ' ' };

function statusWord(status: string, style: Style): string {
  if (status.startsWith('conflict')) return style.red(status);
  if (status === 'synced' || status === 'unchanged') return style.green(status);
  if (status === 'planned') return style.cyan(status);
  return style.yellow(status);
}

/** One sync, update, deploy or rollback: what moved where, each file, the diffs of a dry run, and what to do next. */
export function renderSync(result: SyncResultDto, style: Style, bin: string): string[] {
  const steps = result.steps && result.steps.length > 1 ? result.steps : [result];
  const lines = steps.flatMap((step) => renderStep(step, style));
  for (const warning of result.warnings.filter((w) => !steps.some((step) => step.warnings.includes(w))))
    lines.push(style.yellow(`warning: ${warning}`));
  if (!result.applied && result.status === 'planned')
    lines.push('', style.dim('dry run: nothing was written; run again with --apply to write it'));
  lines.push(...renderConflicts(result, style, bin));
  return lines;
}

function renderStep(step: SyncResultDto, style: Style): string[] {
  const { plan } = step;
  const where = step.direction ? DIRECTION[step.direction] : `rollback of ${plan.target.tier}`;
  const pin = plan.source.ref || plan.source.version ? ` @${plan.source.version ?? plan.source.ref}` : '';
  const lines = [
    `${style.bold(step.artifact_id)}  ${where}${pin}${step.project ? `  ${step.project}` : ''}  ${statusWord(step.status, style)}`,
    style.dim(
      `  base ${short(plan.base_hash)}  ${plan.target.tier} ${short(plan.target.hash)}  ${plan.source.tier} ${short(plan.source.hash)}  → ${short(step.head?.content_hash ?? plan.result_hash)}`,
    ),
  ];
  const changed = plan.files.filter((file) => file.action !== 'unchanged' || file.conflict);
  for (const file of changed) {
    const mark = file.conflict ? style.red('C') : ACTION[file.action];
    const note = file.conflict
      ? `conflict (${file.conflict})`
      : file.renamed_from
        ? `from ${file.renamed_from}`
        : file.outcome;
    lines.push(`  ${mark} ${file.path}  ${style.dim(note)}`);
  }
  if (changed.length === 0) lines.push(style.dim('  no file changes'));
  if (!step.applied) for (const file of changed) if (file.diff) lines.push(colorDiff(file.diff.trimEnd(), style));
  for (const warning of step.warnings) lines.push(style.yellow(`warning: ${warning}`));
  return lines;
}

function renderConflicts(result: SyncResultDto, style: Style, bin: string): string[] {
  if (result.conflicts.length === 0) return [];
  const project = result.project ? ` --project ${result.project}` : '';
  if (result.status === 'conflicts-stopped' || !result.applied)
    return [
      '',
      style.red(`${result.conflicts.length} file(s) would conflict: ${result.conflicts.map((c) => c.path).join(', ')}`),
      `hint: apply with --strategy prompt to resolve them, or --strategy overwrite to take the incoming version`,
    ];
  return [
    '',
    style.red(`conflicts to resolve in ${result.conflicts.length} file(s):`),
    ...renderConflictFiles(result.conflicts),
    `hint: ${bin} resolve ${result.artifact_id} --file PATH${project} (--ours | --theirs | --custom FILE), or ${bin} abort ${result.artifact_id}${project}`,
  ];
}

export function renderConflictFiles(conflicts: readonly ConflictDto[]): string[] {
  return formatTable(
    conflicts.map((c) => [`  ${c.path}`, c.kind, `${c.regions.length} region(s)`, c.workspace_path ?? '(deleted)']),
  );
}

export function renderArtifacts(artifacts: readonly ArtifactDto[], style: Style): string[] {
  if (artifacts.length === 0) return ['the collection is empty: add an artifact with `skillmeat-sync add REPO#PATH`'];
  return formatTable([
    ['ARTIFACT', 'VERSION', 'VERSIONS', 'UPSTREAM', 'CONFLICTS'].map((h) => style.bold(h)),
    ...artifacts.map((a) => [
      a.id,
      short(a.current_hash),
      String(a.version_lineage.length),
      upstreamLabel(a.upstream),
      a.pending_conflicts.length ? style.red(a.pending_conflicts.join(', ')) : '-',
    ]),
  ]);
}

const NEXT: Record<string, (e: DriftEntryDto, bin: string) => string> = {
  none: () => '-',
  update: (e, bin) => `${bin} update ${e.artifact_id} --project ${e.project} --apply`,
  'sync-project': (e, bin) => `${bin} sync ${e.artifact_id} --direction project --project ${e.project} --apply`,
  merge: (e, bin) =>
    `${bin} sync ${e.artifact_id} --direction both --project ${e.project}${e.would_conflict ? '' : ' --apply'}`,
  resolve: (e, bin) =>
    `${bin} resolve ${e.artifact_id} --project ${e.project} --file ${e.pending_conflicts[0] ?? 'PATH'}`,
  'sync-upstream': (e, bin) => `${bin} sync ${e.artifact_id} --direction upstream --apply`,
  redeploy: (e, bin) => `${bin} update ${e.artifact_id} --project ${e.project} --strategy overwrite --apply`,
};

export function renderDrift(report: DriftReportDto, style: Style, bin: string): string[] {
  // A merge waiting in the collection comes first: no sync of that artifact goes on until it is settled.
  const waiting = new Map(
    report.artifacts.filter((a) => a.pending_conflicts.length > 0).map((a) => [a.artifact_id, a.pending_conflicts]),
  );
  const settle = (id: string, files: readonly string[]) => `${bin} resolve ${id} --file ${files[0]}`;
  const pendingLines = [...waiting].map(([id, files]) =>
    style.red(`${id}: a merge in the collection waits for you (${files.join(', ')}): ${settle(id, files)}`),
  );
  if (report.entries.length === 0)
    return ['nothing is deployed: deploy an artifact with `skillmeat-sync deploy NAME`', ...pendingLines];
  const tiers = (e: DriftEntryDto) =>
    [e.changed.project && 'project', e.changed.collection && 'collection', e.changed.upstream && 'upstream']
      .filter(Boolean)
      .join('+') || '-';
  const files = (e: DriftEntryDto) => e.files.filter((f) => f.project !== 'unchanged' || f.collection !== 'unchanged');
  const lines = formatTable([
    ['ARTIFACT', 'PROJECT', 'STATUS', 'CHANGED IN', 'FILES', 'PIN', 'NEXT'].map((h) => style.bold(h)),
    ...report.entries.map((e) => [
      e.artifact_id,
      e.project,
      statusWord(e.status, style) + (e.would_conflict ? style.red(' (would conflict)') : ''),
      tiers(e),
      files(e)
        .map((f) => f.path)
        .join(', ') || '-',
      e.upstream ? `${e.upstream.version ?? e.upstream.ref ?? '-'} (${e.upstream.pin})` : 'local',
      waiting.has(e.artifact_id)
        ? settle(e.artifact_id, waiting.get(e.artifact_id) ?? [])
        : (NEXT[e.recommendation]?.(e, bin) ?? e.recommendation),
    ]),
  ]);
  if (pendingLines.length) lines.push('', ...pendingLines);
  const counts = Object.entries(report.summary).filter(([, n]) => n > 0);
  lines.push('', counts.map(([status, n]) => `${n} ${status}`).join(', '));
  if (!report.upstream_checked) lines.push(style.dim('upstreams not asked (cached checks shown): use --check-all'));
  for (const warning of report.warnings) lines.push(style.yellow(`warning: ${warning}`));
  return lines;
}

export function renderHistory(history: HistoryDto, style: Style): string[] {
  const lines = [
    `${style.bold(history.artifact_id)} ${history.project ? `in ${history.project}` : 'in the collection'}: ${short(history.head)}, ${history.version_lineage.length} version(s) in its lineage`,
    ...formatTable([
      ['DATE', 'ACTION', 'HASH', 'PARENT', 'ORIGIN', 'UPSTREAM'].map((h) => style.bold(h)),
      ...history.entries.map((e) => [
        e.created_at.replace('T', ' ').slice(0, 19),
        e.action,
        short(e.content_hash),
        // A merge's two parents: the version it was made on, and the one merged in.
        typeof e.metadata.merged_from === 'string'
          ? `${short(e.parent_hash)} + ${short(e.metadata.merged_from)}`
          : short(e.parent_hash),
        e.change_origin,
        e.upstream?.sha ? `${e.upstream.version ?? e.upstream.ref ?? ''} ${e.upstream.sha.slice(0, 10)}`.trim() : '-',
      ]),
    ]),
  ];
  for (const issue of history.lineage_issues) lines.push(style.yellow(`lineage: ${JSON.stringify(issue)}`));
  return lines;
}

export function renderBulk(result: BulkResultDto, style: Style): string[] {
  const lines = formatTable([
    ['ARTIFACT', 'RESULT', 'DETAIL'].map((h) => style.bold(h)),
    ...result.items.map((item) => [
      item.artifact_id,
      statusWord(item.status, style),
      item.error
        ? `${item.error.message} [${item.error.code}]`
        : item.result?.conflicts.map((c) => c.path).join(', ') || '',
    ]),
  ]);
  const s = result.summary;
  lines.push(
    '',
    formatTable([
      ['auto-merged', 'fast-forwarded', 'conflicts', 'errors', 'unchanged', 'overwritten', 'planned'],
      [s.auto_merged, s.fast_forwarded, s.conflicts, s.errors, s.unchanged, s.overwritten, s.planned].map(String),
    ]).join('\n'),
  );
  return lines;
}
