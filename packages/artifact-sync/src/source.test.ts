import { describe, expect, it } from 'vitest';
import { artifactId, resolveArtifactRef, validateArtifactName } from './kinds.js';
import { defaultName, formatSource, inferKind, parseSource } from './source.js';

describe('parseSource', () => {
  it('reads REPO#PATH@REF, with @ allowed in the repository part', () => {
    expect(parseSource('https://github.com/acme/skills.git#skills/review@v1.2.0')).toEqual({
      url: 'https://github.com/acme/skills.git',
      path: 'skills/review',
      ref: 'v1.2.0',
    });
    expect(parseSource('git@github.com:acme/skills.git#commands/fix.md')).toEqual({
      url: 'git@github.com:acme/skills.git',
      path: 'commands/fix.md',
      ref: null,
    });
    expect(parseSource('ssh://git@host/x.git#a/b/@main')).toEqual({
      url: 'ssh://git@host/x.git',
      path: 'a/b',
      ref: 'main',
    });
    expect(parseSource('https://host/repo')).toEqual({ url: 'https://host/repo', path: '', ref: null });
  });

  it('makes an existing local repository path absolute', () => {
    expect(parseSource('.#skills/x', '/tmp')).toEqual({ url: '/tmp', path: 'skills/x', ref: null });
  });

  it('refuses paths that leave the repository and refs git would refuse, showing the expected form', () => {
    for (const text of ['r#../x', 'r#/etc', 'r#a//b', 'r#a/./b']) {
      expect(() => parseSource(text)).toThrow(expect.objectContaining({ code: 'INVALID_SOURCE_PATH', exitCode: 2 }));
    }
    for (const text of ['r#a@', 'r#a@-x', 'r#a@a..b', 'r#a@x y', 'r#a@x.lock']) {
      expect(() => parseSource(text)).toThrow(expect.objectContaining({ code: 'INVALID_SOURCE_REF' }));
    }
    expect(() => parseSource('#a')).toThrow(
      expect.objectContaining({ code: 'INVALID_SOURCE', hint: expect.stringContaining('REPO#PATH') }),
    );
  });

  it('formats a source back into the form it was typed in', () => {
    for (const text of ['https://h/r.git#skills/review@v1', 'https://h/r.git', 'https://h/r.git#a.md']) {
      expect(formatSource(parseSource(text))).toBe(text);
    }
  });
});

describe('kinds and names', () => {
  it('infers the kind from the upstream layout, and asks when it cannot', () => {
    const at = (path: string) => ({ url: 'u', path, ref: null });
    expect(inferKind(at('skills/review'), { directory: true, hasSkillFile: true })).toBe('skill');
    expect(inferKind(at('mcp/github'), { directory: true, hasSkillFile: false })).toBe('mcp');
    expect(inferKind(at('commands/fix.md'), { directory: false, hasSkillFile: false })).toBe('command');
    expect(inferKind(at('x/agents/planner.md'), { directory: false, hasSkillFile: false })).toBe('agent');
    expect(inferKind(at('hooks/pre.md'), { directory: false, hasSkillFile: false })).toBe('hook');
    expect(() => inferKind(at('docs/readme.md'), { directory: false, hasSkillFile: false })).toThrow(
      expect.objectContaining({ code: 'ARTIFACT_KIND_UNKNOWN', hint: expect.stringContaining('--kind') }),
    );
    expect(defaultName(at('commands/fix.md'))).toBe('fix');
    expect(defaultName({ url: 'git@h:acme/skills.git', path: '', ref: null })).toBe('skills');
  });

  it('refuses names with separators or that a file system would misread', () => {
    for (const name of ['code-review', 'v1.2_x', 'A9']) expect(validateArtifactName(name)).toBe(name);
    for (const name of ['a/b', '..', '.hidden', 'a\\b', 'a b', '', 'x.', 'a..b', 'é', 'x'.repeat(101)]) {
      expect(() => validateArtifactName(name)).toThrow(expect.objectContaining({ code: 'INVALID_ARTIFACT_NAME' }));
    }
  });

  it('resolves a bare name when one kind has it, and asks for kind:name when several do', () => {
    const ids = [artifactId('skill', 'review'), artifactId('command', 'review'), artifactId('agent', 'planner')];
    expect(resolveArtifactRef('planner', ids)).toBe('agent:planner');
    expect(resolveArtifactRef('command:review', ids)).toBe('command:review');
    expect(() => resolveArtifactRef('review', ids)).toThrow(
      expect.objectContaining({
        code: 'ARTIFACT_AMBIGUOUS',
        details: { candidates: ['skill:review', 'command:review'] },
      }),
    );
    expect(() => resolveArtifactRef('nothing', ids)).toThrow(
      expect.objectContaining({ code: 'ARTIFACT_NOT_FOUND', exitCode: 3 }),
    );
    expect(() => resolveArtifactRef('tool:x', ids)).toThrow(expect.objectContaining({ code: 'INVALID_ARTIFACT_KIND' }));
  });
});
