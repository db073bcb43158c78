import { describe, expect, it } from 'vitest';
import { parseDeploymentRecords, serializeDeploymentRecords } from './deployment-record.js';

const ours = `# Artifacts deployed into this project by skillmeat-sync: what was deployed, from where, and its lineage.
[[deployed]]
artifact_name = "review"
artifact_type = "skill"
from_collection = "default"
deployed_at = "2025-06-01T10:00:00.000Z"
artifact_path = "skills/review"
content_hash = "h1:BBB="
parent_hash = "h1:AAA="
version_lineage = [ "h1:AAA=", "h1:BBB=" ]
sync_status = "modified"
upstream_ref = "v1.2.0"
upstream_version = "v1.2.0"
upstream_sha = "0123456789abcdef0123456789abcdef01234567"
last_upstream_check = "2025-06-02T10:00:00.000Z"
pending_conflicts = [ "SKILL.md" ]

[[deployed]]
artifact_name = "fix"
artifact_type = "command"
from_collection = "default"
deployed_at = "2025-06-01T10:00:00.000Z"
artifact_path = "commands/fix.md"
content_hash = "h1:CCC="
version_lineage = [ "h1:CCC=" ]
sync_status = "synced"
pending_conflicts = []
`;

// The shape SkillMeat writes (tomli_w), before it had lineage fields, with a field this tool does not know.
const skillmeatLegacy = `[[deployed]]
artifact_name = "review"
artifact_type = "skill"
from_collection = "default"
deployed_at = "2025-01-15T09:30:00"
artifact_path = "skills/review"
content_hash = "5d41402abc4b2a76b9719d911017c592aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
local_modifications = false
deployment_profile_id = "claude_code"

[[deployed]]
artifact_name = "planner"
artifact_type = "agent"
from_collection = "work"
deployed_at = 2025-01-15T09:30:00Z
artifact_path = "agents/planner.md"
collection_sha = "abc123"
`;

describe('deployment records', () => {
  it('round-trip byte for byte', () => {
    const file = parseDeploymentRecords(ours, 'x.toml');
    expect(file.records.map((record) => record.legacy)).toEqual([false, false]);
    expect(file.records[0]).toMatchObject({
      parent_hash: 'h1:AAA=',
      version_lineage: ['h1:AAA=', 'h1:BBB='],
      pending_conflicts: ['SKILL.md'],
    });
    expect(serializeDeploymentRecords(file)).toBe(ours);
  });

  it('load SkillMeat records without lineage fields with defaults, keeping fields they do not know', () => {
    const file = parseDeploymentRecords(skillmeatLegacy, 'x.toml');
    const [review, planner] = file.records;
    expect(review).toMatchObject({
      legacy: true,
      content_hash: '5d41402abc4b2a76b9719d911017c592aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      version_lineage: ['5d41402abc4b2a76b9719d911017c592aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
      parent_hash: null,
      sync_status: 'synced',
      pending_conflicts: [],
      extra: { local_modifications: false, deployment_profile_id: 'claude_code' },
    });
    // The oldest records named the hash collection_sha; TOML dates become ISO text.
    expect(planner).toMatchObject({
      content_hash: 'abc123',
      deployed_at: '2025-01-15T09:30:00.000Z',
      from_collection: 'work',
    });
    const rewritten = serializeDeploymentRecords(file);
    expect(rewritten).toContain('deployment_profile_id = "claude_code"');
    expect(rewritten).toContain(
      'version_lineage = [ "5d41402abc4b2a76b9719d911017c592aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" ]',
    );
    expect(parseDeploymentRecords(rewritten, 'x.toml').records.map((record) => record.legacy)).toEqual([false, false]);
  });

  it('read a lineage SkillMeat wrote newest first as oldest first', () => {
    const text = skillmeatLegacy.replace(
      'local_modifications = false',
      'version_lineage = ["5d41402abc4b2a76b9719d911017c592aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "older"]',
    );
    expect(parseDeploymentRecords(text, 'x.toml').records[0]?.version_lineage).toEqual([
      'older',
      '5d41402abc4b2a76b9719d911017c592aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    ]);
  });

  it('refuse a damaged record with the place and a hint, whatever is wrong', () => {
    const cases: [string, RegExp][] = [
      ['[[deployed]]\nartifact_name = "a\n', /not valid TOML \(line 2, column \d+\)/],
      ['deployed = 3\n', /array of tables/],
      ['[[deployed]]\nartifact_type = "skill"\ncontent_hash = "h1:x"\n', /entry 1 has no `artifact_name`/],
      [
        '[[deployed]]\nartifact_name = "a"\nartifact_type = "plugin"\ncontent_hash = "h1:x"\n',
        /unknown artifact_type "plugin"/,
      ],
      ['[[deployed]]\nartifact_name = "a"\nartifact_type = "skill"\n', /has no `content_hash`/],
      [
        '[[deployed]]\nartifact_name = "a"\nartifact_type = "skill"\ncontent_hash = "h"\nversion_lineage = [1]\n',
        /array of strings/,
      ],
    ];
    for (const [text, message] of cases) {
      expect(() => parseDeploymentRecords(text, '/p/.claude/.skillmeat-deployed.toml')).toThrow(
        expect.objectContaining({
          code: 'DEPLOYMENT_RECORD_INVALID',
          message: expect.stringMatching(message),
          hint: expect.stringContaining('left exactly as it is'),
        }),
      );
    }
  });
});
