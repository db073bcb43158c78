import { Flags, LineageCommand } from '@lineage/cli-kit';
import { UsageError } from '@lineage/errors';
import type { AttributionAnswer, AttributionQuery } from '@lineage/working-copy';
import { channelFlag, inRepository, short } from '../shared.js';

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const fixed = (value: number) => value.toFixed(2);
const signed = (value: number, digits = 0) => `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;

export default class Attribution extends LineageCommand {
  static override summary = 'AI attribution: per tag from stored summaries, per change in detail.';
  static override description =
    `Tag queries (--summary, --compare-tags, --tag-range --ai-trends, --confidence-analysis) read the summary stored with each tag when it was made, never the changes: they take the same time for a tag of 100 changes or of 10,000. --json prints seed 000's TagAttributionSummary fields (totalChanges, aiAssistedChanges, humanAuthoredChanges, aiProviders {changeCount, averageConfidence, modelsUsed, suggestionTypes}, confidenceHigh/Medium/Low, averageConfidence, creationTimeSpan, codeChanges, testChanges, docChanges).

Change queries (--hash, --detailed, --channel, --provider-breakdown and --provider-comparison since a tag) read each change's attribution. Confidence buckets: high ≥ 0.67, medium ≥ 0.34, low below.`;
  static override examples = [
    '<%= config.bin %> attribution --tag v1.0 --summary',
    '<%= config.bin %> attribution --tag-range v1.0..v3.0 --ai-trends',
    '<%= config.bin %> attribution --compare-tags v1.0 v1.0.1',
    '<%= config.bin %> attribution --provider-breakdown --since-tag v1.0',
    '<%= config.bin %> attribution --provider-comparison openai anthropic --since-tag v1.0',
    '<%= config.bin %> attribution --confidence-analysis --consolidation-cycles 5',
    '<%= config.bin %> attribution --hash 7QKX2M3R',
    '<%= config.bin %> attribution --tag v1.0 --detailed --provider openai',
    '<%= config.bin %> attribution --channel ai-security-hotfix --ai-only --json',
  ];
  static override flags = {
    tag: Flags.string({ description: 'The tag (with --summary, the default, or --detailed).', helpValue: 'TAG' }),
    summary: Flags.boolean({ description: "The tag's stored attribution summary." }),
    detailed: Flags.boolean({
      description: "Every change of the tag with its attribution (--provider: only that provider's).",
    }),
    provider: Flags.string({ description: 'With --detailed: only changes of this AI provider.' }),
    'tag-range': Flags.string({
      description: 'Tags from A to B along the tags B extends (with --ai-trends).',
      helpValue: 'A..B',
    }),
    'ai-trends': Flags.boolean({ description: 'With --tag-range: AI assistance per consolidation cycle.' }),
    'compare-tags': Flags.string({
      multiple: true,
      description: 'Two tags (A B, or A..B): their summaries and the difference.',
      helpValue: 'A B',
    }),
    'tag-comparison': Flags.string({ multiple: true, description: 'The same as --compare-tags.', helpValue: 'A B' }),
    providers: Flags.boolean({ description: 'With a comparison: list the providers of both tags.' }),
    'provider-breakdown': Flags.boolean({ description: "AI providers over the channel's changes since --since-tag." }),
    'provider-comparison': Flags.string({
      multiple: true,
      description: 'Two AI providers side by side since --since-tag.',
      helpValue: 'P1 P2',
    }),
    'since-tag': Flags.string({
      description: 'With --provider-breakdown / --provider-comparison: changes since this tag.',
      helpValue: 'TAG',
    }),
    'confidence-analysis': Flags.boolean({
      description: "Confidence per cycle over the channel's last consolidation cycles.",
    }),
    'consolidation-cycles': Flags.integer({
      min: 1,
      default: 5,
      description: 'With --confidence-analysis: how many cycles.',
    }),
    hash: Flags.string({ description: "One change's attribution.", helpValue: 'HASH' }),
    channel: channelFlag(
      "A channel's changes and their attribution (default channel of the other queries: the current one).",
    ),
    'ai-only': Flags.boolean({ description: 'With --channel: only AI-assisted changes.' }),
  };

  async run() {
    const { flags } = await this.parseInput(Attribution);
    const query = toQuery(flags);
    return inRepository(undefined, (repo, lib) => {
      const answer = lib.queryAttribution(repo, query);
      this.render(answer, flags.providers);
      return answer.result;
    });
  }

  private render(answer: AttributionAnswer, providers: boolean | undefined): void {
    switch (answer.kind) {
      case 'summary': {
        const s = answer.result;
        this.out(
          `tag ${s.tagName}: ${s.totalChanges} changes, ${s.aiAssistedChanges} AI-assisted (${pct(s.totalChanges ? s.aiAssistedChanges / s.totalChanges : 0)}), ${s.humanAuthoredChanges} human-authored`,
        );
        this.out(
          `confidence: ${s.confidenceHigh} high, ${s.confidenceMedium} medium, ${s.confidenceLow} low; average ${fixed(s.averageConfidence)}`,
        );
        this.out(`files: ${s.codeChanges} code, ${s.testChanges} test, ${s.docChanges} doc changes`);
        if (s.creationTimeSpan) this.out(`from ${s.creationTimeSpan.start} to ${s.creationTimeSpan.end}`);
        for (const [name, p] of Object.entries(s.aiProviders)) {
          const types = Object.entries(p.suggestionTypes)
            .map(([type, n]) => `${type} ${n}`)
            .join(', ');
          this.out(
            `  ${name}: ${p.changeCount} changes, average confidence ${fixed(p.averageConfidence)}, models ${p.modelsUsed.join(', ') || '-'}${types ? `, ${types}` : ''}`,
          );
        }
        return;
      }
      case 'compare': {
        const { from, to, delta } = answer.result;
        this.out(`${from.tagName} → ${to.tagName}`);
        this.out(
          `  changes ${from.totalChanges} → ${to.totalChanges} (${signed(delta.totalChanges)}), AI-assisted ${from.aiAssistedChanges} → ${to.aiAssistedChanges} (${signed(delta.aiAssistedChanges)}), AI share ${signed(delta.aiShare * 100, 1)} points`,
        );
        this.out(
          `  average confidence ${fixed(from.averageConfidence)} → ${fixed(to.averageConfidence)}; high ${signed(delta.confidenceHigh)}, medium ${signed(delta.confidenceMedium)}, low ${signed(delta.confidenceLow)}`,
        );
        this.out(
          `  code ${signed(delta.codeChanges)}, test ${signed(delta.testChanges)}, doc ${signed(delta.docChanges)}`,
        );
        for (const [name, p] of Object.entries(delta.aiProviders)) {
          if (providers || p.changeCount !== 0)
            this.out(
              `  ${name}: ${signed(p.changeCount)} changes, average confidence ${signed(p.averageConfidence, 2)}`,
            );
        }
        return;
      }
      case 'trends':
        for (const cycle of answer.result) {
          this.out(
            `${cycle.tag}\t${cycle.cycle.totalChanges} changes this cycle, ${pct(cycle.cycleAiShare)} AI-assisted, average confidence ${fixed(cycle.cycle.averageConfidence)}\t(${cycle.summary.totalChanges} in all, ${pct(cycle.aiShare)})`,
          );
        }
        return;
      case 'confidence':
        for (const cycle of answer.result.cycles) {
          this.out(
            `${cycle.tag}\thigh ${cycle.confidenceHigh}, medium ${cycle.confidenceMedium}, low ${cycle.confidenceLow}; average ${fixed(cycle.averageConfidence)} (${cycle.aiAssistedChanges} AI-assisted of ${cycle.totalChanges})`,
          );
        }
        return;
      case 'provider-breakdown': {
        const { since, changes, summary } = answer.result;
        this.out(`${changes} change(s) since ${since.name}, ${summary.aiAssistedChanges} AI-assisted`);
        for (const [name, p] of Object.entries(summary.aiProviders)) {
          this.out(
            `  ${name}: ${p.changeCount} changes, average confidence ${fixed(p.averageConfidence)}, models ${p.modelsUsed.join(', ') || '-'}`,
          );
        }
        return;
      }
      case 'provider-comparison': {
        const { since, aiAssistedChanges, providers: compared } = answer.result;
        this.out(`since ${since.name}: ${aiAssistedChanges} AI-assisted change(s)`);
        for (const [name, p] of Object.entries(compared)) {
          this.out(
            `  ${name}: ${p.changeCount} changes (${pct(p.share)}), average confidence ${fixed(p.averageConfidence)}, models ${p.modelsUsed.join(', ') || '-'}`,
          );
        }
        return;
      }
      case 'change':
        this.renderChange(answer.result);
        return;
      case 'detailed':
        for (const change of answer.result.changes) this.renderChange(change);
        return;
      case 'channel': {
        const { changes, summary } = answer.result;
        for (const change of changes) this.renderChange(change);
        this.out(
          `${summary.totalChanges} change(s), ${summary.aiAssistedChanges} AI-assisted, average confidence ${fixed(summary.averageConfidence)}`,
        );
        return;
      }
    }
  }

  private renderChange(change: {
    hash: string;
    message: string;
    aiAssisted: boolean;
    provider: string | null;
    model: string | null;
    confidence: number | null;
  }): void {
    const ai = change.aiAssisted
      ? `AI ${[change.provider, change.model].filter(Boolean).join('/') || 'assisted'}${change.confidence === null ? '' : ` ${change.confidence}`}`
      : 'human';
    this.out(`${short(change.hash)}\t${ai}\t${change.message}`);
  }
}

interface AttributionFlags {
  tag?: string;
  summary?: boolean;
  detailed?: boolean;
  provider?: string;
  'tag-range'?: string;
  'ai-trends'?: boolean;
  'compare-tags'?: string[];
  'tag-comparison'?: string[];
  'provider-breakdown'?: boolean;
  'provider-comparison'?: string[];
  'since-tag'?: string;
  'confidence-analysis'?: boolean;
  'consolidation-cycles': number;
  hash?: string;
  channel?: string;
  'ai-only'?: boolean;
}

/** Which query the flags ask for; a usage error when they ask for none or lack a part. */
function toQuery(flags: AttributionFlags): AttributionQuery {
  const usage = (message: string) =>
    new UsageError('ATTRIBUTION_QUERY_INVALID', message, { hint: 'see `atomic attribution --help` for the queries' });
  const pair = (values: string[] | undefined, what: string): [string, string] | undefined => {
    if (!values) return undefined;
    const parts = values.length === 1 ? (values[0] as string).split('..') : values;
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw usage(`give two ${what}`);
    return [parts[0], parts[1]];
  };
  const since = (what: string) => {
    if (!flags['since-tag']) throw usage(`${what} needs --since-tag TAG`);
    return flags['since-tag'];
  };
  if (flags.hash) return { kind: 'change', hash: flags.hash };
  const compared = pair(flags['compare-tags'] ?? flags['tag-comparison'], 'tags to compare (A B or A..B)');
  if (compared) return { kind: 'compare', from: compared[0], to: compared[1] };
  if (flags['tag-range']) return { kind: 'trends', range: flags['tag-range'] };
  const providers = pair(flags['provider-comparison'], 'providers to compare');
  if (providers) {
    return { kind: 'provider-comparison', providers, since: since('--provider-comparison'), channel: flags.channel };
  }
  if (flags['provider-breakdown']) {
    return { kind: 'provider-breakdown', since: since('--provider-breakdown'), channel: flags.channel };
  }
  if (flags['confidence-analysis']) {
    return { kind: 'confidence', cycles: flags['consolidation-cycles'], channel: flags.channel };
  }
  if (flags.tag) {
    return flags.detailed
      ? { kind: 'detailed', tag: flags.tag, provider: flags.provider }
      : { kind: 'summary', tag: flags.tag };
  }
  if (flags.channel) return { kind: 'channel', channel: flags.channel, aiOnly: flags['ai-only'] };
  if (flags['ai-trends']) throw usage('--ai-trends needs --tag-range A..B');
  throw usage(
    'say what to show: --tag T --summary, --tag-range A..B --ai-trends, --compare-tags A B, --hash H, --channel C, …',
  );
}
