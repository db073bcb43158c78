import type { CollectionSettings, ProgressEvent, Strategy, SyncService } from '@lineage/artifact-sync';
import { Args, Flags, LineageCommand } from '@lineage/cli-kit';

/** The ARTIFACT argument of every command about one artifact. */
export const artifactArg = () =>
  Args.string({ required: true, description: 'kind:name (skill:review), or a name only one kind has.' });

/** Flags several commands share, with the same words everywhere. */
export const sharedFlags = {
  project: (description = 'Project directory (default: the current directory).') =>
    Flags.string({ char: 'p', description }),
  /** For commands on one tier: a deployment, or without it the collection's own version. */
  tier: () =>
    Flags.string({ char: 'p', description: 'A project’s deployment (default: the collection’s own version).' }),
  strategy: () =>
    Flags.string({
      char: 's',
      options: ['auto', 'prompt', 'overwrite'],
      description:
        'auto: merge, stop on conflict; prompt: leave conflicts to resolve; overwrite: take the incoming version (the replaced one is kept). Default: merge_strategy_default (prompt).',
    }),
  apply: () =>
    Flags.boolean({
      description: 'Write the result. Without it the command is a dry run (unless enable_sync_preview is false).',
      exclusive: ['dry-run'],
    }),
  dryRun: () => Flags.boolean({ description: 'Print the plan and write nothing, whatever enable_sync_preview says.' }),
  yes: () => Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
};

/**
 * A command over the collection (`$SKILLMEAT_HOME`, default ~/.skillmeat): opens the sync
 * service on first use — the library and its SQLite driver load only then — closes it when
 * the command ends, and reports long work as progress on stderr.
 */
export abstract class CollectionCommand extends LineageCommand {
  private opened: SyncService | undefined;

  protected async service(): Promise<SyncService> {
    if (!this.opened) {
      const { SyncService } = await import('@lineage/artifact-sync');
      this.opened = await SyncService.open();
    }
    return this.opened;
  }

  protected async settings(): Promise<CollectionSettings> {
    const { readSettings } = await import('@lineage/artifact-sync');
    return readSettings().values;
  }

  /**
   * A merge's options from its flags and the settings: the strategy (else merge_strategy_default),
   * whether it writes (--apply / --dry-run, else the opposite of enable_sync_preview) and auto-merge.
   */
  protected async mergeOptions(flags: { strategy?: string; apply?: boolean; 'dry-run'?: boolean }) {
    const settings = await this.settings();
    return {
      strategy: (flags.strategy as Strategy | undefined) ?? settings.merge_strategy_default,
      apply: flags.apply || flags['dry-run'] ? Boolean(flags.apply) : !settings.enable_sync_preview,
      auto_merge: settings.enable_auto_merge,
    };
  }

  /** The project a command works on, as the user gave it (the library makes it canonical). */
  protected project(flag: string | undefined): string {
    return flag ?? process.cwd();
  }

  /** The tier a command is about: `{ artifact, project }`, or the collection's version without --project. */
  protected tier(artifact: string, project: string | undefined): { artifact: string; project?: string } {
    return project === undefined ? { artifact } : { artifact, project };
  }

  /** Runs long work with a spinner fed by the library's progress events. */
  protected async withProgress<T>(work: (onProgress: (event: ProgressEvent) => void) => Promise<T>): Promise<T> {
    const progress = this.progress();
    try {
      return await work((event) => progress.update(event.message));
    } finally {
      progress.stop();
    }
  }

  /** Conflicts left for a person end the command with exit 4, after its output. */
  protected conflictsLeft(pending: boolean): void {
    if (pending) process.exitCode = 4;
  }

  protected override async finally(error: Error | undefined): Promise<unknown> {
    await this.opened?.close();
    return super.finally(error);
  }
}
