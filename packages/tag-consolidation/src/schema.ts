import type { StoreSchema } from '@lineage/sqlite-store';

/**
 * The tag tables, in the patch graph's `pristine.db` (so a tag and the changes it is applied
 * with commit together). An existing repository gets them on its first open by this version.
 *
 * - `consolidating_tags`: one row per tag, consolidating or not (the `consolidating` column),
 *   with what its file holds plus derived data: `base_id` (the tag it extends), `state_sum` (the
 *   state as a sum, so a tag over more changes adds only those), `heads` (the changes of its set
 *   that no other change of the set depends on: `dependency_count_before`).
 * - `tag_changes`: the changes each tag adds to its base, in order. A tag covers a change when
 *   the tag, or a tag it extends, added it.
 * - `tag_attribution_summaries`: each tag's attribution totals (confidences summed in millionths,
 *   per provider as JSON), read by the summary queries without touching a change.
 * - `change_facts`: a cache of what summaries need of each change (see `ChangeFacts`), filled the
 *   first time a tag covers the change.
 */
export const tagSchema: StoreSchema = {
  name: 'tag-consolidation',
  migrations: [
    {
      version: 1,
      name: 'consolidating tags, their changes, attribution summaries, change facts',
      async up(db, { sql }) {
        const withoutRowid = sql` WITHOUT ROWID`;
        await db.schema
          .createTable('consolidating_tags')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('hash', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('state_sum', 'text', (c) => c.notNull())
          .addColumn('consolidating', 'integer', (c) => c.notNull())
          .addColumn('base_id', 'integer', (c) => c.references('consolidating_tags.id'))
          .addColumn('previous_consolidation', 'text')
          .addColumn('since_tag', 'text')
          .addColumn('hotfix_of', 'text')
          .addColumn('dependency_count_before', 'integer', (c) => c.notNull())
          .addColumn('dependency_count_after', 'integer', (c) => c.notNull())
          .addColumn('consolidated_change_count', 'integer', (c) => c.notNull())
          .addColumn('heads', 'text', (c) => c.notNull())
          .addColumn('timestamp', 'text', (c) => c.notNull())
          .addColumn('message', 'text', (c) => c.notNull())
          .addColumn('author', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('consolidating_tags_state').on('consolidating_tags').column('state').execute();
        await db.schema.createIndex('consolidating_tags_base').on('consolidating_tags').column('base_id').execute();
        await db.schema
          .createTable('tag_changes')
          .addColumn('tag_id', 'integer', (c) => c.notNull().references('consolidating_tags.id').onDelete('cascade'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('change_hash', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('tag_changes_pk', ['tag_id', 'position'])
          .modifyEnd(withoutRowid)
          .execute();
        await db.schema
          .createIndex('tag_changes_change')
          .on('tag_changes')
          .columns(['change_hash', 'tag_id'])
          .execute();
        await db.schema
          .createTable('tag_attribution_summaries')
          .addColumn('tag_id', 'integer', (c) => c.primaryKey().references('consolidating_tags.id').onDelete('cascade'))
          .addColumn('total_changes', 'integer', (c) => c.notNull())
          .addColumn('ai_assisted_changes', 'integer', (c) => c.notNull())
          .addColumn('human_authored_changes', 'integer', (c) => c.notNull())
          .addColumn('ai_providers', 'text', (c) => c.notNull())
          .addColumn('confidence_high', 'integer', (c) => c.notNull())
          .addColumn('confidence_medium', 'integer', (c) => c.notNull())
          .addColumn('confidence_low', 'integer', (c) => c.notNull())
          .addColumn('confidence_micros', 'integer', (c) => c.notNull())
          .addColumn('first_change_at', 'text')
          .addColumn('last_change_at', 'text')
          .addColumn('code_changes', 'integer', (c) => c.notNull())
          .addColumn('test_changes', 'integer', (c) => c.notNull())
          .addColumn('doc_changes', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('change_facts')
          .addColumn('hash', 'text', (c) => c.primaryKey())
          .addColumn('facts', 'text', (c) => c.notNull())
          .modifyEnd(withoutRowid)
          .execute();
      },
    },
  ],
};
