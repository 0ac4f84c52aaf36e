/** src/ui/classes/classNameRules: which class names a rename may not take, and default names. */
import { describe, expect, it } from 'vitest';
import { classNameProblem, freeDefaultName } from '../../src/ui/classes/classNameRules';

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
});
