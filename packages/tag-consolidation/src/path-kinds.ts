/** What a file is for, judged from its path: the code, test and doc counts of a summary. */
export type PathKind = 'code' | 'test' | 'doc';

const TEST_FILE = /(\.|_)(test|spec)\.[^./]+$|^test_[^/]*\.py$|_test\.(go|py|rb|exs?)$/;
const TEST_DIR = new Set(['test', 'tests', '__tests__', 'spec', 'specs', 'e2e', '__mocks__', 'fixtures', 'testdata']);
const DOC_FILE =
  /\.(md|mdx|markdown|rst|adoc|asciidoc|txt|org)$|^(readme|changelog|changes|license|licence|copying|contributing|authors|notice)(\.|$)/i;
const DOC_DIR = new Set(['doc', 'docs', 'documentation', 'man']);

/**
 * A test file by name (`*.test.ts`, `*_spec.rb`, `test_*.py`, `*_test.go`) or under a test
 * directory; else a doc by name (`*.md`, `README`, `LICENSE`…) or under a docs directory; else
 * code. A test file's name wins over a docs directory, a doc's name over a test directory.
 */
export function classifyPath(path: string): PathKind {
  const segments = path.toLowerCase().split('/');
  const file = segments[segments.length - 1] as string;
  if (TEST_FILE.test(file)) return 'test';
  if (DOC_FILE.test(file)) return 'doc';
  // The last segment too: a change adding the directory `docs` is about docs.
  const dirs = segments;
  if (dirs.some((dir) => TEST_DIR.has(dir))) return 'test';
  if (dirs.some((dir) => DOC_DIR.has(dir))) return 'doc';
  return 'code';
}
