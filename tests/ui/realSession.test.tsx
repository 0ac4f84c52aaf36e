// @vitest-environment jsdom
/**
 * The trainer page against the real session store (src/core/session) driving the fake engine
 * (mean-colour features, a real head trained on TF.js WASM): checks the UI and the store agree.
 */
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, test, vi } from 'vitest';
import { createSession } from '../../src/core/session/session';
import type { DecodedFiles } from '../../src/platform/platform';
import { TrainerApp } from '../../src/ui/TrainerApp';
import { createFakeEngine } from '../support/fakeEngine';
import { solidImage } from '../support/pixels';
import { createFakePlatform, fakeFile } from './fakePlatform';

vi.mock('uplot', () => import('./fakeUplot'));
afterEach(cleanup);

/** Files named red-* decode to red images, blue-* to blue ones. */
async function readColouredFiles(files: readonly File[]): Promise<DecodedFiles> {
  return {
    images: files.map((f, i) => ({
      name: f.name,
      thumbnail: `blob:thumb/${f.name}`,
      pixels: f.name.startsWith('red')
        ? solidImage(8, 8, [230 - i, 20, 20])
        : solidImage(8, 8, [20, 20, 230 - i]),
    })),
    rejected: [],
  };
}

test('with the real store: upload to two classes, train, evaluate and classify', async () => {
  const session = createSession({
    engine: createFakeEngine(),
    startOptions: { backboneId: 'mobilenet-v2-0.35-224-tm' },
    decodeThumbnail: async () => solidImage(8, 8, [100, 100, 100]),
    // 8 images per class is small data, which trains on all; force the hold-out under test.
    headOptions: { epochs: 8, validationFraction: 0.25, smallData: null },
  });
  const platform = createFakePlatform({ readFiles: readColouredFiles });
  const user = userEvent.setup();
  const { container } = render(<TrainerApp store={session} platform={platform} />);
  await act(() => session.start());
  expect(screen.getByTestId('engine-phase').textContent).toBe('Ready');

  const cards = screen.getAllByTestId('class-card');
  const names = (n: string) => Array.from({ length: 8 }, (_, i) => fakeFile(`${n}-${i}.png`));
  await user.upload(within(cards[0]!).getByTestId('upload-input'), names('red'));
  await user.upload(within(cards[1]!).getByTestId('upload-input'), names('blue'));
  await waitFor(() => expect(screen.getAllByTestId('sample-thumb')).toHaveLength(16));

  const train = screen.getByTestId('train-button');
  expect(train).toHaveProperty('disabled', false);
  await user.click(train);
  await waitFor(() => expect(screen.getByTestId('training-done')).toBeTruthy(), {
    timeout: 20_000,
  });
  expect(Number(screen.getByTestId('chart-loss').dataset.points)).toBeGreaterThan(0);
  expect(screen.getByTestId('evaluation-basis').dataset.basis).toBe('validation');
  const cells = container.querySelectorAll('[data-testid="confusion-cell"]');
  expect(cells).toHaveLength(4);

  await user.upload(within(screen.getByTestId('preview-panel')).getByTestId('classify-input'), [
    fakeFile('red-query.png'),
  ]);
  await waitFor(() => expect(screen.getAllByTestId('prediction-bar')).toHaveLength(2));
  const top = container.querySelector('[data-testid="prediction-bar"][data-top="true"]');
  expect(top?.getAttribute('data-class-id')).toBe(cards[0]!.dataset.classId);
  expect(screen.getByTestId('prediction-mode').textContent).toBe('Trained model');

  // Moving a held-out sample from its confusion cell updates the cell and makes the model stale.
  const redId = cards[0]!.dataset.classId!;
  const diagonal = container.querySelector<HTMLButtonElement>(
    `[data-testid="confusion-cell"][data-true="${redId}"][data-pred="${redId}"]`,
  )!;
  await user.click(diagonal);
  const before = screen.getAllByTestId('cell-sample').length;
  expect(before).toBeGreaterThan(0);
  await user.click(
    within(screen.getAllByTestId('cell-sample')[0]!).getByRole('button', { name: /^Move / }),
  );
  expect(screen.queryAllByTestId('cell-sample')).toHaveLength(before - 1);
  expect(screen.getByTestId('stale-warning')).toBeTruthy();
  session.dispose();
}, 30_000);
