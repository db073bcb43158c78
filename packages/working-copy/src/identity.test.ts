import { describe, expect, it } from 'vitest';
import { readAttribution, resolveAttribution } from './attribution.js';
import { resolveAuthor } from './author.js';

describe('author resolution', () => {
  const repository = { 'user.name': 'Repo Person', 'user.email': 'repo@example.com' };
  const user = { 'user.name': 'User Person' };

  it('takes the first source that names someone: flag, ATOMIC_AUTHOR, repository, user config', () => {
    expect(resolveAuthor({ flag: 'Flag', env: { ATOMIC_AUTHOR: 'Env' }, repository, user })).toBe('Flag');
    expect(resolveAuthor({ env: { ATOMIC_AUTHOR: 'Env' }, repository, user })).toBe('Env');
    expect(resolveAuthor({ env: {}, repository, user })).toBe('Repo Person <repo@example.com>');
    expect(resolveAuthor({ env: {}, user })).toBe('User Person');
  });

  it('falls back to the OS user when nothing is configured', () => {
    expect(resolveAuthor({ env: {} })).not.toBe('');
  });
});

describe('AI attribution', () => {
  it('lets flags win over the environment and implies assistance when a model is named', () => {
    const env = { ATOMIC_AI_PROVIDER: 'openai', ATOMIC_AI_MODEL: 'gpt', ATOMIC_AI_CONFIDENCE: '0.5' };
    expect(resolveAttribution({ provider: 'anthropic', confidence: '1' }, env)).toEqual({
      aiAssisted: true,
      provider: 'anthropic',
      model: 'gpt',
      confidence: 1,
      suggestionType: null,
    });
    expect(resolveAttribution({}, {})).toBeNull();
    expect(resolveAttribution({ aiAssisted: false }, env)).toBeNull();
    expect(resolveAttribution({}, { ATOMIC_AI_ENABLED: '0', ATOMIC_AI_MODEL: 'x' })).toBeNull();
  });

  it('refuses a confidence outside 0..1 as a usage error', () => {
    for (const bad of ['1.5', '-0.1', 'high', ' ']) {
      expect(() => resolveAttribution({ confidence: bad }, {})).toThrow(
        expect.objectContaining({ code: 'AI_CONFIDENCE_INVALID', exitCode: 2 }),
      );
    }
    expect(() => resolveAttribution({}, { ATOMIC_AI_ENABLED: 'maybe' })).toThrow(
      expect.objectContaining({ code: 'AI_ENABLED_INVALID' }),
    );
  });

  it('reads back only the schema it knows', () => {
    const metadata = { attribution: { schema: 'lineage.ai-attribution/1', aiAssisted: true, model: 'm' } };
    expect(readAttribution(metadata)).toMatchObject({ aiAssisted: true, model: 'm', provider: null });
    expect(readAttribution({ attribution: { schema: 'other/9', aiAssisted: true } })).toBeNull();
  });
});
