// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEmbeddingMapper } from '../../src/core/analysis/embeddingMap';
import type { SessionSnapshot } from '../../src/core/session/sessionTypes';
import { classColor } from '../../src/ui/map/classColors';
import { renderTrainer, seriousViolations } from './renderTrainer';

vi.mock('uplot', () => import('./fakeUplot'));

/** Every dot drawn: the fill colour at the time `fill()` closed its path. */
let dots: { color: string; x: number; y: number }[] = [];

/** A 2-D context that records the arcs of each filled path (jsdom has no canvas). */
function recordingContext(canvas: HTMLCanvasElement) {
  let path: { x: number; y: number }[] = [];
  const ctx = {
    canvas,
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    setTransform() {},
    clearRect() {},
    fillRect() {},
    moveTo() {},
    lineTo() {},
    stroke() {},
    beginPath() {
      path = [];
    },
    arc(x: number, y: number) {
      path.push({ x, y });
    },
    fill() {
      if (canvas.dataset.testid === 'map-canvas') {
        for (const p of path) dots.push({ color: ctx.fillStyle, ...p });
      }
    },
  };
  return ctx;
}

const getContext = HTMLCanvasElement.prototype.getContext;
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) {
    return recordingContext(this) as unknown as CanvasRenderingContext2D;
  } as unknown as typeof getContext;
  vi.spyOn(HTMLCanvasElement.prototype, 'getBoundingClientRect').mockReturnValue({
    left: 0,
    top: 0,
    width: 320,
    height: 320,
    right: 320,
    bottom: 320,
    x: 0,
    y: 0,
    toJSON: () => ({}),
  });
});
afterAll(() => {
  HTMLCanvasElement.prototype.getContext = getContext;
  vi.restoreAllMocks();
});
afterEach(() => {
  cleanup();
  dots = [];
});

/** Cats near (1, 0, 0, 0), dogs near (0, 1, 0, 0), three each. */
const EMBEDDINGS: Record<string, Float32Array> = {
  c1: Float32Array.of(1, 0, 0.1, 0),
  c2: Float32Array.of(1.1, 0, 0, 0.1),
  c3: Float32Array.of(0.9, 0.1, 0, 0),
  d1: Float32Array.of(0, 1, 0.1, 0),
  d2: Float32Array.of(0.1, 1.1, 0, 0),
  d3: Float32Array.of(0, 0.9, 0, 0.1),
};

function mapProject(): Partial<SessionSnapshot> {
  const sample = (id: string, classId: string) => ({
    id,
    classId,
    source: 'upload' as const,
    name: `${id}.jpg`,
    thumbnail: `blob:thumb/${id}`,
  });
  return {
    classes: [
      { id: 'cats', name: 'Cats', sampleIds: ['c1', 'c2', 'c3'] },
      { id: 'dogs', name: 'Dogs', sampleIds: ['d1', 'd2', 'd3'] },
    ],
    samples: Object.fromEntries(
      Object.keys(EMBEDDINGS).map((id) => [id, sample(id, id[0] === 'c' ? 'cats' : 'dogs')]),
    ),
  };
}

function renderMap(snapshot: Partial<SessionSnapshot> = mapProject()) {
  const rendered = renderTrainer({ snapshot });
  const ids = Object.keys(EMBEDDINGS);
  rendered.store.map = createEmbeddingMapper().update({
    ids,
    classIds: ids.map((id) => (id[0] === 'c' ? 'cats' : 'dogs')),
    embeddings: ids.map((id) => EMBEDDINGS[id]!),
  });
  // The map is fetched a moment after the data changes.
  act(() => rendered.store.set({ samples: { ...rendered.store.getSnapshot().samples } }));
  return rendered;
}

const summary = () => screen.getByTestId('map-summary').textContent;

describe('embedding map panel', () => {
  test('draws one dot per image in its class colour, with a legend and a text summary', async () => {
    renderMap();
    await waitFor(() => expect(summary()).toBe('2-D map of 6 images in 2 classes.'));
    expect(dots).toHaveLength(6);
    expect(dots.filter((d) => d.color === classColor(0))).toHaveLength(3);
    expect(dots.filter((d) => d.color === classColor(1))).toHaveLength(3);
    expect(new Set(dots.map((d) => d.color)).size).toBe(2);
    const legend = screen.getByTestId('map-legend');
    expect([...legend.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Cats (3)',
      'Dogs (3)',
    ]);
    expect(screen.getByTestId('map-canvas').dataset.count).toBe('6');
    expect(screen.getByTestId('map-explained').textContent).toMatch(/hold \d+% of the variation/);
  });

  test('waits while images are being added and catches up once they are in', async () => {
    const { store } = renderTrainer({
      snapshot: { ...mapProject(), ingest: { active: true, done: 1, total: 9, rejected: [] } },
    });
    const fetched = vi.spyOn(store, 'embeddingMap');
    act(() => store.set({ samples: { ...store.getSnapshot().samples } }));
    await new Promise((r) => setTimeout(r, 400));
    expect(fetched).not.toHaveBeenCalled();
    act(() => store.set({ ingest: { active: false, done: 0, total: 0, rejected: [] } }));
    await waitFor(() => expect(fetched).toHaveBeenCalled());
  });

  test('places the live frame as a marker and says which class it is closest to', async () => {
    const { store } = renderMap();
    await waitFor(() => expect(screen.getByTestId('map-canvas').dataset.count).toBe('6'));
    expect(screen.getByTestId('map-overlay').dataset.live).toBe('');
    act(() => store.set({ liveEmbedding: Float32Array.of(0.05, 1, 0, 0.05) }));
    expect(summary()).toBe(
      '2-D map of 6 images in 2 classes; the live frame is closest to “Dogs”.',
    );
    const first = screen.getByTestId('map-overlay').dataset.live;
    expect(first).toMatch(/^\d+(\.\d)?,\d+(\.\d)?$/);
    expect(screen.getByTestId('map-legend-live').textContent).toBe('Image being classified');
    act(() => store.set({ liveEmbedding: Float32Array.of(1, 0.05, 0, 0) }));
    expect(summary()).toContain('closest to “Cats”');
    expect(screen.getByTestId('map-overlay').dataset.live).not.toBe(first);
    // An embedding from another image model (other length) is not drawn.
    act(() => store.set({ liveEmbedding: new Float32Array(7) }));
    expect(screen.getByTestId('map-overlay').dataset.live).toBe('');
  });

  test('hovering a dot shows its image and class', async () => {
    renderMap();
    await waitFor(() => expect(dots).toHaveLength(6));
    const dog = dots.find((d) => d.color === classColor(1))!;
    fireEvent.pointerMove(screen.getByTestId('map-overlay'), { clientX: dog.x, clientY: dog.y });
    const tooltip = screen.getByTestId('map-tooltip');
    expect(tooltip.textContent).toBe('Dogs');
    expect(tooltip.querySelector('img')!.getAttribute('src')).toMatch(/^blob:thumb\/d/);
    fireEvent.pointerLeave(screen.getByTestId('map-overlay'));
    expect(screen.queryByTestId('map-tooltip')).toBeNull();
  });

  test('the arrow keys step through the images and announce each one', async () => {
    renderMap();
    await waitFor(() => expect(dots).toHaveLength(6));
    const overlay = screen.getByTestId('map-overlay');
    expect(overlay.tabIndex).toBe(0);
    expect(overlay.getAttribute('aria-label')).toContain('2-D map of 6 images in 2 classes.');
    overlay.focus();
    fireEvent.keyDown(overlay, { key: 'ArrowRight' });
    expect(screen.getByText('Image 1 of 6: Cats, c1.jpg')).toBeTruthy();
    fireEvent.keyDown(overlay, { key: 'ArrowLeft' });
    expect(screen.getByText('Image 6 of 6: Dogs, d3.jpg')).toBeTruthy();
    expect(screen.getByTestId('map-tooltip').textContent).toBe('Dogs');
    fireEvent.keyDown(overlay, { key: 'Escape' });
    expect(screen.queryByTestId('map-tooltip')).toBeNull();
  });

  test('with no images it says the map appears once images are added', async () => {
    renderTrainer();
    await waitFor(() => expect(summary()).toBe('The map appears once images are added.'));
    expect(screen.getByTestId('map-overlay').tabIndex).toBe(-1);
  });

  test('has no serious accessibility violations', async () => {
    const { container } = renderMap();
    await waitFor(() => expect(dots).toHaveLength(6));
    expect(await seriousViolations(container.querySelector('[data-testid="map-panel"]')!)).toEqual(
      [],
    );
  });
});
