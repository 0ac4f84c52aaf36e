// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { LANGUAGE_STORAGE_KEY } from '../../src/ui/i18n/languages';
import { TrainerApp } from '../../src/ui/TrainerApp';
import { createFakePlatform, fakeImage } from './fakePlatform';
import { createFakeSession } from './fakeSession';
import { classCard, renderTrainer, seriousViolations } from './renderTrainer';

vi.mock('uplot', () => import('./fakeUplot'));
afterEach(() => {
  cleanup();
  localStorage.clear();
  document.documentElement.lang = 'en';
});

const headings = () => screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);

describe('interface language', () => {
  test('English by default (jsdom says en-US), with a picker offering English and Español', () => {
    renderTrainer();
    expect(navigator.languages[0]).toMatch(/^en/);
    const picker = screen.getByLabelText('Language');
    expect(picker).toHaveProperty('value', 'en');
    expect(
      within(picker)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['English', 'Español']);
    expect(headings()).toEqual(['1. Classes', '2. Train', '4. Try it', 'Embedding map']);
    expect(document.documentElement.lang).toBe('en');
  });

  test('Español switches at once, keeps classes, images and open dialogs, and is remembered', async () => {
    const { store, user, container } = renderTrainer();
    await act(() =>
      store.addImages('class-1', [fakeImage('cat.png'), fakeImage('cat2.png')], 'upload'),
    );
    // A confirmation left open must survive the switch (state is kept, not remounted).
    await user.click(
      within(classCard(container, 'class-2')).getByRole('button', { name: 'Delete class Class 2' }),
    );
    const commandsBefore = store.calls.length;

    await user.selectOptions(screen.getByLabelText('Language'), 'es');

    expect(headings()).toEqual(['1. Clases', '2. Entrenar', '4. Pruébalo', 'Mapa de embeddings']);
    expect(screen.getByRole('button', { name: 'Añadir una clase' })).toBeTruthy();
    expect(screen.getByTestId('train-button').textContent).toBe('Entrenar modelo');
    expect(screen.getByTestId('train-reason').textContent).toBe('Añade imágenes a «Class 2».');
    expect(screen.getByRole('button', { name: 'Clasificar una imagen' })).toBeTruthy();
    expect(screen.getByText('Avanzado')).toBeTruthy();
    expect(screen.getByText('Detalles de depuración')).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Proyecto' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Guardar proyecto' })).toBeTruthy();
    expect(
      within(screen.getByTestId('status-bar')).getAllByText('Modelo de imágenes').length,
    ).toBeGreaterThan(0);

    // The classes and their images are all still there, counted in Spanish.
    expect(screen.getAllByTestId('class-card')).toHaveLength(2);
    expect(screen.getAllByTestId('sample-count').map((e) => e.textContent)).toEqual([
      '2 imágenes',
      '0 imágenes',
    ]);
    const thumbs = within(classCard(container, 'class-1')).getAllByRole('img');
    expect(thumbs.map((img) => img.getAttribute('alt'))).toEqual([
      'Class 1: cat.png',
      'Class 1: cat2.png',
    ]);
    expect(
      within(classCard(container, 'class-1')).getByRole('button', {
        name: 'Eliminar Class 1: cat.png',
      }),
    ).toBeTruthy();
    // The open confirmation now asks in Spanish.
    expect(screen.getByRole('group', { name: '¿Eliminar «Class 2» con 0 imágenes?' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cancelar' })).toBeTruthy();
    // Switching sent nothing to the store.
    expect(store.calls.length).toBe(commandsBefore);
    expect(document.documentElement.lang).toBe('es');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('es');
    expect(await seriousViolations(container)).toEqual([]);

    // A new page starts in the language chosen last.
    cleanup();
    render(<TrainerApp store={createFakeSession()} platform={createFakePlatform()} />);
    expect(headings()[0]).toBe('1. Clases');
    expect(screen.getByLabelText('Idioma')).toHaveProperty('value', 'es');

    // And back to English.
    await user.selectOptions(screen.getByLabelText('Idioma'), 'en');
    expect(headings()[0]).toBe('1. Classes');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
  });

  test('a browser that prefers Spanish starts in Spanish; storage that throws is survived', () => {
    const languages = vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['es-MX', 'en']);
    const getItem = vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new Error('SecurityError');
    });
    try {
      renderTrainer();
      expect(headings()[0]).toBe('1. Clases');
      expect(screen.getByText(/Entrena un clasificador de imágenes en tu navegador/)).toBeTruthy();
    } finally {
      languages.mockRestore();
      getItem.mockRestore();
    }
  });

  test('the language prop forces one; new classes and name problems speak it', async () => {
    const user = userEvent.setup();
    const store = createFakeSession();
    render(<TrainerApp store={store} platform={createFakePlatform()} language="es" />);
    expect(headings()[0]).toBe('1. Clases');

    await user.click(screen.getByRole('button', { name: 'Añadir una clase' }));
    expect(store.getSnapshot().classes.map((c) => c.name)).toEqual([
      'Class 1',
      'Class 2',
      'Clase 3',
    ]);
    // Focus is on the new class's name: rename it to a name already taken.
    await user.click(screen.getByRole('button', { name: 'Clase 3 (cambiar nombre)' }));
    await user.clear(screen.getByRole('textbox', { name: 'Nuevo nombre para Clase 3' }));
    await user.keyboard('class 1{Enter}');
    expect(screen.getByTestId('class-name-problem').textContent).toBe(
      'Ya hay otra clase llamada «class 1». Se queda como «Clase 3».',
    );
  });
});
