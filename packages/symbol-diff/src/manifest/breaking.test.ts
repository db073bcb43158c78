import { describe, expect, it } from 'vitest';
import { breakingChanges } from './breaking.js';
import type { CorePackage } from './manifest.js';
import type { Operation, UnresolvedChange } from './operations.js';

const provenance = { rule: 'test', from_ref: 'v1', to_ref: 'v2', from_commit: 'a', to_commit: 'b' };
const op = (id: string, kind: Operation['kind'], match: Operation['match'], reason = 'renamed'): Operation => ({
  id,
  kind,
  package: '@acme/core',
  match,
  evidence: { reason },
  confidence: 1,
  action: 'auto',
  provenance,
});
const core = (deepImports: boolean): { repository: string; packages: CorePackage[] } => ({
  repository: 'core',
  packages: [{ name: '@acme/core', dir: '.', source_dirs: [], deep_imports: deepImports }],
});

describe('breakingChanges', () => {
  const operations = [
    op('OP001', 'move.file', { from: 'src/a.ts', to: 'src/b.ts' }),
    op('OP002', 'rename.import', { from: '@acme/core/a', to: '@acme/core/b' }),
    op('OP003', 'rename.symbol', { module: 'src/a', from: 'Old', to: 'New' }),
    op('OP004', 'rename.callable', { module: 'src/a', from: 'old', to: 'neu' }, 'alias-in-to'),
    op('OP005', 'config.key_rename', { module: 'src/a', type: 'Options', from: 'a', to: 'b' }),
    op('OP006', 'arg.rename', { callable: 'src/a#f', from: 'a', to: 'b', named: false }),
    op('OP007', 'arg.rename', { callable: 'src/a#g', from: 'a', to: 'b', named: true }),
    op('OP008', 'arg.add_default', { callable: 'src/a#h', name: 'c', default: '1' }),
  ];
  const removed: UnresolvedChange = { kind: 'removed', package: '@acme/core', fq: 'src/a#gone', detail: 'removed' };

  it('counts what stops a dependent compiling or changes its meaning, and every unresolved change', () => {
    const found = breakingChanges({ core: core(false), operations }, [removed]);
    expect(found.operations.map((o) => o.id)).toEqual(['OP002', 'OP003', 'OP005', 'OP007']);
    expect(found.unresolved).toEqual([removed]);
  });

  it('counts a file move when dependents may import files directly', () => {
    expect(breakingChanges({ core: core(true), operations }, []).operations.map((o) => o.id)).toContain('OP001');
  });

  it('finds nothing in a compatible release', () => {
    expect(breakingChanges({ core: core(false), operations: [operations[7] as Operation] }, [])).toEqual({
      operations: [],
      unresolved: [],
    });
  });
});
