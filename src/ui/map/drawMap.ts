/** Drawing the embedding map on a canvas: the sample layer, and the live-frame/hover layer. */
import type { MapPoint } from '../../core/analysis/embeddingMap';

/** Dot radius and the margin around the plot, in CSS pixels. */
export const DOT_RADIUS = 4;
const MARGIN = 10;

/** The live frame's marker colours: black and white, unlike any class colour. */
export const LIVE_FILL = '#000000';
export const LIVE_RING = '#ffffff';

/** Map coordinates → CSS pixels on a square canvas of side `size` (y grows upwards). */
export function toCanvas(extent: number, size: number) {
  const half = size / 2 - MARGIN;
  return (x: number, y: number): [number, number] => [
    size / 2 + (x / extent) * half,
    size / 2 - (y / extent) * half,
  ];
}

/** Set once a canvas had no 2-D context (e.g. jsdom), so the page stops asking. */
let noContext = false;

/**
 * Sizes the canvas's backing store for the device pixel ratio and clears it; returns its 2-D
 * context, or null where there is none.
 */
export function prepare(canvas: HTMLCanvasElement, size: number): CanvasRenderingContext2D | null {
  if (noContext) return null;
  const ratio = Math.max(1, Math.round(globalThis.devicePixelRatio || 1));
  if (canvas.width !== size * ratio) canvas.width = size * ratio;
  if (canvas.height !== size * ratio) canvas.height = size * ratio;
  const ctx = canvas.getContext('2d');
  if (!ctx) {
    noContext = true;
    return null;
  }
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, size, size);
  return ctx;
}

/** The sample layer: faint axes through the centre, then one dot per sample in its class colour. */
export function drawSamples(
  ctx: CanvasRenderingContext2D,
  points: readonly MapPoint[],
  colors: ReadonlyMap<string, string>,
  extent: number,
  size: number,
): void {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = '#e4e4ea';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(size / 2, 0);
  ctx.lineTo(size / 2, size);
  ctx.moveTo(0, size / 2);
  ctx.lineTo(size, size / 2);
  ctx.stroke();
  const place = toCanvas(extent, size);
  // One path per class: thousands of dots draw in a few calls.
  for (const [classId, color] of colors) {
    ctx.fillStyle = color;
    ctx.beginPath();
    for (const p of points) {
      if (p.classId !== classId) continue;
      const [px, py] = place(p.x, p.y);
      ctx.moveTo(px + DOT_RADIUS, py);
      ctx.arc(px, py, DOT_RADIUS, 0, Math.PI * 2);
    }
    ctx.fill();
  }
}

/** The top layer: a ring around the hovered/focused sample and the live frame's marker. */
export function drawOverlay(
  ctx: CanvasRenderingContext2D,
  live: [number, number] | null,
  highlight: [number, number] | null,
): void {
  if (highlight) {
    ctx.strokeStyle = '#1b1b1f';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(highlight[0], highlight[1], DOT_RADIUS + 4, 0, Math.PI * 2);
    ctx.stroke();
  }
  if (live) {
    ctx.fillStyle = LIVE_FILL;
    ctx.beginPath();
    ctx.arc(live[0], live[1], 9, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = LIVE_RING;
    ctx.beginPath();
    ctx.arc(live[0], live[1], 5, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = LIVE_FILL;
    ctx.beginPath();
    ctx.arc(live[0], live[1], 2.5, 0, Math.PI * 2);
    ctx.fill();
  }
}

/** Index of the point nearest to (px, py) within `reach` CSS pixels, or -1. */
export function pointNear(
  points: readonly MapPoint[],
  place: (x: number, y: number) => [number, number],
  px: number,
  py: number,
  reach = DOT_RADIUS + 4,
): number {
  let best = -1;
  let bestDistance = reach;
  points.forEach((p, i) => {
    const [x, y] = place(p.x, p.y);
    const distance = Math.hypot(x - px, y - py);
    if (distance <= bestDistance) [best, bestDistance] = [i, distance];
  });
  return best;
}
