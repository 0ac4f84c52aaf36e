/** The Embedding map panel as a test sees it: what its canvases show, read back as pixels. */
import type { Locator, Page } from 'playwright-core';

/** Where one class colour appears on the map, in CSS pixels of the canvas. */
export interface ColourBlob {
  color: string;
  /** Pixels of exactly this colour (dot interiors). */
  pixels: number;
  cx: number;
  cy: number;
  /** Root-mean-square distance of those pixels from their centre. */
  spread: number;
}

export class EmbeddingMapView {
  readonly panel: Locator;
  constructor(readonly page: Page) {
    this.panel = page.getByTestId('map-panel');
  }

  /** Dots and classes the panel says it drew. */
  async counts(): Promise<{ dots: number; classes: number }> {
    const canvas = this.panel.getByTestId('map-canvas');
    return {
      dots: Number(await canvas.getAttribute('data-count')),
      classes: Number(await canvas.getAttribute('data-classes')),
    };
  }

  async summary(): Promise<string> {
    return this.panel.getByTestId('map-summary').innerText();
  }

  /** The legend's class colours, in class order. */
  async legendColours(): Promise<string[]> {
    const items = this.panel.locator('[data-testid=map-legend] li[data-color]');
    return items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-color') ?? ''));
  }

  /** For each colour: where its pixels are on the sample canvas (read with getImageData). */
  async blobs(colours: readonly string[]): Promise<ColourBlob[]> {
    return this.panel.getByTestId('map-canvas').evaluate((node, wanted) => {
      const canvas = node as HTMLCanvasElement;
      const ctx = canvas.getContext('2d')!;
      const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const scale = canvas.clientWidth / width;
      return wanted.map((color) => {
        const rgb = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
        const xs: number[] = [];
        const ys: number[] = [];
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            const p = (y * width + x) * 4;
            if (data[p] === rgb[0] && data[p + 1] === rgb[1] && data[p + 2] === rgb[2]) {
              xs.push(x * scale);
              ys.push(y * scale);
            }
          }
        }
        const n = xs.length || 1;
        const cx = xs.reduce((a, b) => a + b, 0) / n;
        const cy = ys.reduce((a, b) => a + b, 0) / n;
        const spread = Math.sqrt(
          xs.reduce((a, x, i) => a + (x - cx) ** 2 + (ys[i]! - cy) ** 2, 0) / n,
        );
        return { color, pixels: xs.length, cx, cy, spread };
      });
    }, colours);
  }

  /**
   * The live marker's position in CSS pixels, or null when none is drawn; `drawn` says whether
   * the overlay canvas really has the marker's black centre there.
   */
  async live(): Promise<{ x: number; y: number; drawn: boolean } | null> {
    return this.panel.getByTestId('map-overlay').evaluate((node) => {
      const canvas = node as HTMLCanvasElement;
      const at = canvas.dataset.live;
      if (!at) return null;
      const [x, y] = at.split(',').map(Number) as [number, number];
      const ratio = canvas.width / 320;
      const pixel = canvas
        .getContext('2d')!
        .getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data;
      const drawn = pixel[0]! < 40 && pixel[1]! < 40 && pixel[2]! < 40 && pixel[3] === 255;
      return { x, y, drawn };
    });
  }
}
