import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  plainStep,
  renderBar,
  renderPlain,
  startProgress,
} from '../../src/node/cli/progress';

describe('progress rendering', () => {
  it('draws a bar that fits the terminal', () => {
    const line = renderBar({ label: 'Embedding', done: 12, total: 40, elapsedMs: 1234 }, 80);
    expect(line).toMatch(/^Embedding {2}\[#+-+\] {2}12\/40 {3}30% {2}1\.2 s$/);
    expect(line.length).toBeLessThan(80);
    const bar = /\[([#-]+)\]/.exec(line)![1]!;
    expect(bar.replace(/-/g, '').length).toBe(Math.round(bar.length * 0.3));
    // Narrow terminals: the bar keeps 10 cells and the line is cut to the width.
    const narrow = renderBar(
      { label: 'Training', done: 5, total: 80, elapsedMs: 10, detail: 'loss 0.123  acc 0.950' },
      40,
    );
    expect(narrow.length).toBe(39);
    expect(narrow).toContain('[#---------]');
  });

  it('full, empty and zero-total bars', () => {
    expect(renderBar({ label: 'x', done: 3, total: 3, elapsedMs: 0 }, 60)).toMatch(/\[#+\]/);
    expect(renderBar({ label: 'x', done: 0, total: 3, elapsedMs: 0 }, 60)).toMatch(/\[-+\]/);
    expect(renderBar({ label: 'x', done: 0, total: 0, elapsedMs: 0 }, 60)).toContain('100%');
  });

  it('plain lines and their steps', () => {
    expect(
      renderPlain({ label: 'Training', done: 8, total: 80, elapsedMs: 250, detail: 'loss 1' }),
    ).toBe('Training:  8/80   10%  250 ms  loss 1');
    expect([0, 7, 8, 79, 80].map((d) => plainStep(d, 80))).toEqual([0, 0, 1, 9, 10]);
    expect(plainStep(0, 0)).toBe(10);
  });

  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4200)).toBe('4.2 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
  });
});

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 60, write: (t: string) => writes.push(t) } };
}

describe('startProgress', () => {
  it('without a terminal: a line at the start, one per tenth, one at the end', () => {
    const { writes, stream } = fakeStream(false);
    let t = 0;
    const p = startProgress(stream, 'Training', 80, () => t);
    for (let e = 1; e <= 80; e++) {
      t += 10;
      p.update(e, `epoch ${e}`);
    }
    p.finish();
    p.finish();
    expect(writes).toHaveLength(11);
    expect(writes.every((w) => w.endsWith('\n') && !w.includes('\r'))).toBe(true);
    expect(writes[0]).toBe('Training:  0/80    0%  0 ms\n');
    expect(writes[1]).toBe('Training:  8/80   10%  80 ms  epoch 8\n');
    expect(writes.at(-1)).toBe('Training: 80/80  100%  800 ms  epoch 80\n');
  });

  it('on a terminal: redraws in place (throttled) and ends with a newline', () => {
    const { writes, stream } = fakeStream(true);
    let t = 0;
    const p = startProgress(stream, 'Embedding', 100, () => t);
    for (let i = 1; i <= 100; i++) {
      t += 10;
      p.update(i);
    }
    p.finish(100);
    expect(writes[0]!.startsWith('\rEmbedding  [')).toBe(true);
    // One draw per 80 ms of 1 s, plus the first and the final one.
    expect(writes.length).toBeGreaterThan(5);
    expect(writes.length).toBeLessThan(20);
    expect(writes.slice(0, -1).every((w) => w.startsWith('\r') && w.endsWith('\x1b[K'))).toBe(true);
    expect(writes.at(-2)).toContain('100/100  100%');
    expect(writes.at(-1)).toBe('\n');
  });
});
