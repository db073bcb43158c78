import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './unified-diff.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('unifiedDiff', () => {
  it('prints diff -u hunks with three lines of context, merging close hunks', () => {
    const before = bytes('1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n');
    const after = bytes('1\n2\nthree\n4\n5\n6\n7\n8\nnine\n10\n');
    expect(unifiedDiff('f', before, after)).toBe(
      '--- a/f\n+++ b/f\n@@ -1,10 +1,10 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n 7\n 8\n-9\n+nine\n 10\n',
    );
  });

  it('shows new and deleted files against /dev/null and marks a missing final newline', () => {
    expect(unifiedDiff('n', null, bytes('x'))).toBe(
      '--- /dev/null\n+++ b/n\n@@ -0,0 +1 @@\n+x\n\\ No newline at end of file\n',
    );
    expect(unifiedDiff('n', bytes('x\n'), null)).toBe('--- a/n\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n');
  });

  it('reports binary content instead of printing it', () => {
    expect(unifiedDiff('b', new Uint8Array([0xff, 0xfe, 0]), bytes('x\n'))).toBe('Binary files a/b and b/b differ\n');
    expect(unifiedDiff('same', bytes('x\n'), bytes('x\n'))).toBe('');
  });
});
