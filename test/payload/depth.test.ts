import { describe, expect, it } from 'vitest';
import { jsonNestsDeeper } from '../../src/payload/index.js';

describe('jsonNestsDeeper', () => {
  it('counts arrays and objects as levels, a flat value as none', () => {
    expect(jsonNestsDeeper('1', 0)).toBe(false);
    expect(jsonNestsDeeper('[]', 0)).toBe(true);
    expect(jsonNestsDeeper('[{"a":[1]}]', 3)).toBe(false);
    expect(jsonNestsDeeper('[{"a":[1]}]', 2)).toBe(true);
  });

  it('measures siblings at their own level, not cumulatively', () => {
    expect(jsonNestsDeeper(`[${'[[1]],'.repeat(1000)}[]]`, 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestsDeeper(`["${'[{'.repeat(100)}\\"${'['.repeat(100)}"]`, 1)).toBe(false);
    expect(jsonNestsDeeper('["\\\\",[[1]]]', 2)).toBe(true);
  });

  it('measures 500,000 levels without recursion', () => {
    const text = `${'['.repeat(500_000)}${']'.repeat(500_000)}`;
    expect(jsonNestsDeeper(text, 64)).toBe(true);
    expect(jsonNestsDeeper(text, 500_000)).toBe(false);
  });
});
