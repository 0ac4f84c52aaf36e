/**
 * The interface languages: every language has exactly the English keys, no message is empty,
 * and every message key the UI's source names exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { initialLanguage, LANGUAGES } from '../../src/ui/i18n/languages';
import { en } from '../../src/ui/i18n/messages/en';
import { translator } from '../../src/ui/i18n/translate';

const UI = join(import.meta.dirname, '../../src/ui');

/** Every .ts/.tsx file under src/ui, outside the message files themselves. */
function uiSources(dir = UI): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return path.endsWith('messages') ? [] : uiSources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Sample arguments for a message function: numbers and strings in turn. */
function render(message: unknown): string[] {
  if (typeof message === 'string') return [message];
  const fn = message as (...args: unknown[]) => string;
  const tries: unknown[][] = [
    Array.from({ length: fn.length }, () => 1),
    Array.from({ length: fn.length }, () => 2),
    Array.from({ length: fn.length }, () => 'x'),
    Array.from({ length: fn.length }, () => null),
    Array.from({ length: fn.length }, () => ['x', 'y']),
  ];
  // A try whose argument types do not fit (a string where a number goes) may throw: skipped.
  const texts = tries.flatMap((args) => {
    try {
      return [fn(...args)];
    } catch {
      return [];
    }
  });
  expect(texts.length).toBeGreaterThan(0);
  return texts;
}

describe('message catalogues', () => {
  for (const [code, { messages }] of Object.entries(LANGUAGES)) {
    test(`${code} has exactly the English keys`, () => {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
    });

    test(`${code} has no empty message, and functions take what English takes`, () => {
      for (const [key, message] of Object.entries(messages)) {
        const english = en[key as keyof typeof en];
        expect(typeof message, key).toBe(typeof english);
        if (typeof message === 'function') {
          expect(message.length, key).toBe((english as (...a: never[]) => string).length);
        }
        for (const text of render(message)) {
          expect(text.trim(), key).not.toBe('');
          expect(text, key).not.toMatch(/undefined|\[object /);
        }
      }
    });
  }

  test('Spanish plurals and punctuation', () => {
    const t = translator(LANGUAGES.es.messages);
    expect(t('common.images', 1)).toBe('1 imagen');
    expect(t('common.images', 3)).toBe('3 imágenes');
    expect(t('class.deleteQuestion', 'Gatos', t('common.images', 2))).toBe(
      '¿Eliminar «Gatos» con 2 imágenes?',
    );
    expect(t('preview.fps', 12.34)).toBe('12,3 predicciones por segundo.');
  });

  test('every message key named in src/ui exists', () => {
    const files = uiSources();
    expect(files.length).toBeGreaterThan(30);
    const used = new Set<string>();
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      // t('key', …) calls, and keys kept in tables (`: 'area.name'` typed as MessageKey).
      for (const match of source.matchAll(/\bt\(\s*'([^']+)'/g)) used.add(match[1]!);
      for (const match of source.matchAll(/'([a-z]+(?:\.[a-z-]+)+)'/gi)) {
        if (/^(status|notices|camera|evaluate|project|offline|debug)\./.test(match[1]!)) {
          used.add(match[1]!);
        }
      }
    }
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((key) => !Object.hasOwn(en, key));
    expect(missing).toEqual([]);
  });
});

describe('starting language', () => {
  test('the stored choice, else the first browser language spoken, else English', () => {
    expect(initialLanguage('es', ['en-US'])).toBe('es');
    expect(initialLanguage('en', ['es-MX'])).toBe('en');
    expect(initialLanguage(null, ['es-AR', 'en'])).toBe('es');
    expect(initialLanguage(null, ['fr-FR', 'es'])).toBe('es');
    expect(initialLanguage(null, ['en-US', 'es'])).toBe('en');
    expect(initialLanguage('klingon', ['de'])).toBe('en');
    expect(initialLanguage(null, [])).toBe('en');
  });
});
