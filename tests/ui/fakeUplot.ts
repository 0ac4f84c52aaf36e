/**
 * Stands in for uPlot in jsdom (no canvas, no matchMedia). Use in a test file with
 * `vi.mock('uplot', () => import('./fakeUplot'))`. Records the data each chart was given.
 */
type Data = (number | null | undefined)[][];

export default class FakeUplot {
  static instances: FakeUplot[] = [];
  data: Data;
  destroyed = false;
  constructor(
    readonly opts: { series: { label?: string }[] },
    data: Data,
    readonly root: HTMLElement,
  ) {
    this.data = data;
    FakeUplot.instances.push(this);
  }
  setData(data: Data) {
    this.data = data;
  }
  setSize() {}
  destroy() {
    this.destroyed = true;
  }
}
