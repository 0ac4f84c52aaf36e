/**
 * src/core/dataset/classNames, the one class-name rule: which names a class may not take,
 * default names, and how colliding names from a file are renamed.
 */
import { describe, expect, it } from 'vitest';
import {
  classNameProblem,
  freeDefaultName,
  renamedClassesNotice,
  uniqueClassName,
  uniqueClassNames,
} from '../../src/core/dataset/classNames';

describe('class name rules', () => {
  it('refuses an empty or blank name', () => {
    expect(classNameProblem('', ['cat'])).toBe('A class needs a name.');
    expect(classNameProblem(' \t ', ['cat'])).toBe('A class needs a name.');
  });

  it('refuses another class name, ignoring case, spaces and Unicode composition', () => {
    expect(classNameProblem(' Cat ', ['cat', 'dog'])).toBe(
      'Another class is already called “Cat”.',
    );
    // "é" typed as one code point vs e + combining accent: the same folder name on export.
    expect(classNameProblem('caf\u00e9', ['cafe\u0301'])).toBe(
      'Another class is already called “café”.',
    );
  });

  it('accepts right-to-left, emoji, markup and very long names as plain text', () => {
    for (const name of [
      'قطة',
      '🐱 cat',
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      'x'.repeat(1000),
    ]) {
      expect(classNameProblem(name, ['dog'])).toBeNull();
    }
  });

  it('names a new class with the first free "Class N"', () => {
    expect(freeDefaultName(['Class 1', 'Class 2'], 3)).toBe('Class 3');
    expect(freeDefaultName(['Class 3', 'class 4', 'dog'], 3)).toBe('Class 5');
  });

  it('gives a colliding name the first free "name (N)"', () => {
    expect(uniqueClassName(' dog ', ['cat'])).toBe('dog');
    expect(uniqueClassName('Cat', ['cat'])).toBe('Cat (2)');
    expect(uniqueClassName('cat', ['CAT', 'cat (2)', 'Cat (3)'])).toBe('cat (4)');
  });

  it('renames the later of colliding names, never onto a name another class keeps', () => {
    const { names, renamed } = uniqueClassNames([
      'cat',
      'Cat',
      'cat (2)',
      ' cat ',
      'cafe\u0301',
      'caf\u00e9',
    ]);
    expect(names).toEqual(['cat', 'Cat (3)', 'cat (2)', 'cat (4)', 'cafe\u0301', 'caf\u00e9 (2)']);
    expect(renamed).toEqual([
      { from: 'Cat', to: 'Cat (3)' },
      { from: ' cat ', to: 'cat (4)' },
      { from: 'caf\u00e9', to: 'caf\u00e9 (2)' },
    ]);
    expect(uniqueClassNames(['a', 'b'])).toEqual({ names: ['a', 'b'], renamed: [] });
  });

  it('says which names were renamed and where they came from', () => {
    expect(renamedClassesNotice([{ from: 'Cat', to: 'Cat (2)' }], '“pets.zip”')).toBe(
      '“pets.zip” has two classes with the same name, so the later one was renamed: ' +
        '“Cat” is now “Cat (2)”.',
    );
    const many = Array.from({ length: 7 }, (_, i) => ({ from: `c${i}`, to: `c${i} (2)` }));
    expect(renamedClassesNotice(many, 'The folder')).toMatch(
      /^The folder has classes with the same names, so the later ones were renamed: .*“c4” is now “c4 \(2\)” and 2 more\.$/,
    );
  });
});
