import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EpochLog } from '../../core/training/trainHead';
import { useT } from '../i18n/I18nProvider';
import type { MessageKey, Translate } from '../i18n/translate';

const HEIGHT = 180;
const TRAINING_COLOR = '#1d4ed8';
const VALIDATION_COLOR = '#c2410c';

type Metric = 'loss' | 'acc';

const METRIC_TEXT: Record<Metric, MessageKey> = { loss: 'chart.loss', acc: 'chart.accuracy' };

function format(metric: Metric, value: number | undefined): string {
  if (value === undefined) return '–';
  return metric === 'acc' ? `${(value * 100).toFixed(1)}%` : value.toFixed(3);
}

/** One sentence describing the latest epoch, for screen readers (the canvas has no text). */
function summary(metric: Metric, logs: readonly EpochLog[], t: Translate): string {
  const last = logs.at(-1);
  const what = t(METRIC_TEXT[metric]);
  if (!last) return t('chart.empty', what);
  const val = metric === 'acc' ? last.valAcc : last.valLoss;
  return t(
    'chart.summary',
    logs.length,
    what,
    format(metric, last[metric]),
    val === undefined ? null : format(metric, val),
  );
}

/**
 * A live line chart of one training metric per epoch (training solid, validation dashed),
 * drawn by uPlot. The chart is built once and fed new data as epochs arrive.
 */
export function MetricChart({
  title,
  metric,
  logs,
  testId,
}: {
  title: string;
  metric: Metric;
  logs: readonly EpochLog[];
  testId: string;
}) {
  const t = useT();
  const holder = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);

  const data = useMemo<uPlot.AlignedData>(
    () => [
      logs.map((_, i) => i + 1),
      logs.map((l) => l[metric]),
      logs.map((l) => (metric === 'acc' ? l.valAcc : l.valLoss) ?? null),
    ],
    [logs, metric],
  );

  useEffect(() => {
    const el = holder.current;
    if (!el) return;
    const percentAxis = (_: uPlot, values: number[]) =>
      values.map((v) => `${Math.round(v * 100)}%`);
    const plot = new uPlot(
      {
        width: el.clientWidth || 320,
        height: HEIGHT,
        scales: {
          x: { time: false },
          y: metric === 'acc' ? { range: [0, 1] } : { range: (_u, _min, max) => [0, max || 1] },
        },
        axes: [
          { label: t('chart.epoch') },
          metric === 'acc' ? { values: percentAxis, size: 50 } : { size: 50 },
        ],
        series: [
          { label: t('chart.epoch') },
          { label: t('chart.training'), stroke: TRAINING_COLOR, width: 2 },
          { label: t('chart.validation'), stroke: VALIDATION_COLOR, width: 2, dash: [6, 4] },
        ],
        legend: { live: false },
        cursor: { show: false },
      },
      [[], [], []],
      el,
    );
    chart.current = plot;
    const resize =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: HEIGHT }));
    resize?.observe(el);
    return () => {
      resize?.disconnect();
      plot.destroy();
      chart.current = null;
    };
  }, [metric, t]);

  // After a rebuild (new language) too: the new chart starts empty.
  useEffect(() => {
    chart.current?.setData(data);
  }, [data, t]);

  return (
    <figure className="metric-chart" data-testid={testId} data-points={logs.length}>
      <figcaption>{title}</figcaption>
      <div ref={holder} className="chart-canvas" role="img" aria-label={summary(metric, logs, t)} />
    </figure>
  );
}
