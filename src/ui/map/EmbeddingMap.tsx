import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
} from 'react';
import { fitsBasis, nearestClass, projectPoint } from '../../core/analysis/embeddingMap';
import { useSession } from '../context';
import { classNameOf, percent } from '../format';
import { useT } from '../i18n/I18nProvider';
import { classColors } from './classColors';
import { drawOverlay, drawSamples, pointNear, prepare, toCanvas } from './drawMap';
import { useEmbeddingMap } from './useEmbeddingMap';
import './embeddingMap.css';

/** The canvas side in CSS pixels (it scales down with the panel). */
const SIZE = 320;

const clamp = (v: number) => Math.max(9, Math.min(SIZE - 9, v));

/**
 * Every sample as a dot on a 2-D projection (PCA) of the image model's embeddings, coloured by
 * class, with the latest classified image (the live webcam frame) as a black-and-white marker:
 * what the model "sees" as similar. Hover or focus a dot (arrow keys step through them) to see
 * its image.
 */
export function EmbeddingMapPanel() {
  const snapshot = useSession();
  const map = useEmbeddingMap();
  const t = useT();
  const baseRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const [active, setActive] = useState(-1);

  const colors = useMemo(() => classColors(snapshot.classes.map((c) => c.id)), [snapshot.classes]);
  const points = useMemo(
    () => (map?.points ?? []).filter((p) => snapshot.samples[p.sampleId] && colors.has(p.classId)),
    [map, snapshot.samples, colors],
  );
  /** Dots per class, counted once per map (not on every live frame). */
  const counts = useMemo(() => {
    const byClass = new Map<string, number>();
    for (const p of points) byClass.set(p.classId, (byClass.get(p.classId) ?? 0) + 1);
    return byClass;
  }, [points]);
  const extent = map?.extent ?? 1;
  const place = useMemo(() => toCanvas(extent, SIZE), [extent]);
  const basis = map?.basis ?? null;
  const live =
    basis && fitsBasis(basis, snapshot.liveEmbedding)
      ? projectPoint(basis, snapshot.liveEmbedding!)
      : null;
  const livePx: [number, number] | null = live
    ? [clamp(place(live.x, live.y)[0]), clamp(place(live.x, live.y)[1])]
    : null;
  const shown = points[active] ?? null;
  const shownPx = shown ? place(shown.x, shown.y) : null;

  useEffect(() => {
    const canvas = baseRef.current;
    const ctx = canvas && prepare(canvas, SIZE);
    if (ctx) drawSamples(ctx, points, colors, extent, SIZE);
  }, [points, colors, extent]);

  const [lx, ly] = livePx ?? [NaN, NaN];
  const [hx, hy] = shownPx ?? [NaN, NaN];
  useEffect(() => {
    const canvas = overlayRef.current;
    const ctx = canvas && prepare(canvas, SIZE);
    if (!ctx) return;
    drawOverlay(ctx, Number.isNaN(lx) ? null : [lx, ly], Number.isNaN(hx) ? null : [hx, hy]);
  }, [lx, ly, hx, hy]);

  const classesShown = snapshot.classes.filter((c) => counts.has(c.id));
  const nearest = live ? nearestClass(points, live) : null;
  const summary =
    points.length === 0
      ? t('map.empty')
      : t(
          'map.summary',
          t('common.images', points.length),
          classesShown.length,
          nearest ? classNameOf(snapshot, nearest, t) : null,
        );

  const onPointer = (event: { clientX: number; clientY: number }) => {
    const rect = overlayRef.current?.getBoundingClientRect();
    if (!rect || !rect.width) return;
    const scale = SIZE / rect.width;
    const px = (event.clientX - rect.left) * scale;
    const py = (event.clientY - rect.top) * scale;
    setActive(pointNear(points, place, px, py));
  };
  const onKey = (event: KeyboardEvent) => {
    if (!points.length) return;
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (step === undefined && event.key !== 'Escape') return;
    event.preventDefault();
    if (event.key === 'Escape') return setActive(-1);
    setActive((i) =>
      i < 0 ? (step! > 0 ? 0 : points.length - 1) : (i + step! + points.length) % points.length,
    );
  };

  const sample = shown ? snapshot.samples[shown.sampleId] : undefined;
  const tooltipStyle: CSSProperties | undefined = shownPx
    ? {
        left: `${(shownPx[0] / SIZE) * 100}%`,
        top: `${(shownPx[1] / SIZE) * 100}%`,
      }
    : undefined;

  return (
    <section className="panel map-panel" aria-labelledby="map-heading" data-testid="map-panel">
      <h2 id="map-heading">{t('map.heading')}</h2>
      <p className="hint">{t('map.intro')}</p>
      <p id="map-summary" data-testid="map-summary" aria-live="polite">
        {summary}
      </p>
      <div className="map-plot">
        <canvas
          ref={baseRef}
          className="map-canvas"
          data-testid="map-canvas"
          data-count={points.length}
          data-classes={classesShown.length}
          aria-hidden="true"
        />
        <canvas
          ref={overlayRef}
          className="map-canvas map-overlay"
          data-testid="map-overlay"
          data-live={livePx ? `${livePx[0].toFixed(1)},${livePx[1].toFixed(1)}` : ''}
          role="img"
          tabIndex={points.length ? 0 : -1}
          aria-label={`${summary} ${t('map.keys')}`}
          aria-describedby="map-active"
          onPointerMove={onPointer}
          onPointerLeave={() => setActive(-1)}
          onKeyDown={onKey}
          onBlur={() => setActive(-1)}
        />
        {shown && sample && (
          <figure className="map-tooltip" style={tooltipStyle} data-testid="map-tooltip">
            <img src={sample.thumbnail} alt="" width={64} height={64} />
            <figcaption>{classNameOf(snapshot, shown.classId, t)}</figcaption>
          </figure>
        )}
      </div>
      <p id="map-active" className="visually-hidden" aria-live="polite">
        {shown
          ? t('map.active', active + 1, points.length, classNameOf(snapshot, shown.classId, t)) +
            (sample?.name ? `, ${sample.name}` : '')
          : ''}
      </p>
      <ul className="map-legend" aria-label={t('map.legend')} data-testid="map-legend">
        {classesShown.map((c) => (
          <li key={c.id} data-class-id={c.id} data-color={colors.get(c.id)}>
            <span
              className="map-swatch"
              style={{ '--swatch': colors.get(c.id) } as CSSProperties}
              aria-hidden="true"
            />
            {c.name} ({counts.get(c.id)})
          </li>
        ))}
        {livePx && (
          <li data-testid="map-legend-live">
            <span className="map-swatch map-swatch-live" aria-hidden="true" />
            {t('map.live')}
          </li>
        )}
      </ul>
      {map && points.length > 1 && (
        <p className="hint" data-testid="map-explained">
          {t('map.explained', percent(map.explained[0] + map.explained[1]))}
        </p>
      )}
    </section>
  );
}
