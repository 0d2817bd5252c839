// The chart components as pages use them. They keep the main thread free while a page loads
// (issue 13 item 10: Lighthouse total blocking time), without changing what a chart shows:
// - the chart library (recharts) loads on demand, so a page's figures, tiles and tables render —
//   and its requests start — without waiting for it; a page with only line charts never loads
//   the bar chart code;
// - a chart is drawn when it comes near the screen (within NEAR_MARGIN), not while it is below:
//   a page opens with the charts a reader sees, and the others are drawn as the reader scrolls to
//   them (or all at once before printing) — drawing one chart is a 100–300 ms task of its own
//   (recharts, measured in Chromium on the demo city), which should not hold up the first screen;
// - charts are drawn one per task (a queue), so several charts arriving together do not become
//   one long task — recharts measures its labels in the DOM, which forces a layout per chart;
// - a drawn chart is not drawn again when the page re-renders for an unrelated reason (another
//   card's data arriving): it redraws only when its data, categories or options change, or the
//   language does (its formatters depend only on the row, the language and the messages).
// Until drawn, a box of the chart's height keeps the layout still.
import { memo, useEffect, useRef, useState, type ComponentType, type ReactElement, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { useLocale } from '../../i18n/i18n';
import type { BarChartProps } from './bar-chart';
import { barChartHeight, LINE_CHART_HEIGHT } from './chart-size';
import type { LineChartProps } from './line-chart';

type Kind = 'bar' | 'line';
type AnyChart = ComponentType<Record<string, unknown>>;

// ---- the chart code, loaded once per kind ----
const loaded: Partial<Record<Kind, AnyChart>> = {};
const loading: Partial<Record<Kind, Promise<AnyChart>>> = {};
function loadChart(kind: Kind): Promise<AnyChart> {
  let p = loading[kind];
  if (!p) {
    p = (
      kind === 'bar'
        ? import('./bar-chart').then((m) => m.BarChart as unknown as AnyChart)
        : import('./line-chart').then((m) => m.LineChart as unknown as AnyChart)
    ).then((c) => (loaded[kind] = c));
    loading[kind] = p;
    p.catch(() => {
      delete loading[kind];
    }); // tried again by the next chart that needs it
  }
  return p;
}

// ---- one chart drawn per task ----
const queue: Array<() => void> = [];
let draining = false;
function step() {
  const next = queue.shift();
  if (next) next();
  if (queue.length) setTimeout(step, 0);
  else draining = false;
}
/** Runs `draw` in a task of its own, after the charts queued before it; returns a cancel. */
function inTurn(draw: () => void): () => void {
  queue.push(draw);
  if (!draining) {
    draining = true;
    setTimeout(step, 0);
  }
  return () => {
    const i = queue.indexOf(draw);
    if (i >= 0) queue.splice(i, 1);
  };
}

// ---- near the screen ----
/** How far outside the screen a chart is drawn already: a head start as the reader scrolls. */
const NEAR_PX = 120;
const NEAR_MARGIN = `${NEAR_PX}px 0px`;
/** Pages printed draw every chart first (listeners of charts still waiting). */
const printWaiters = new Set<() => void>();
if (typeof window !== 'undefined')
  window.addEventListener('beforeprint', () => {
    for (const w of [...printWaiters]) w();
  });

/**
 * Whether the element is within NEAR_MARGIN of the screen now (or the page is being printed).
 * Not latched: a chart that arrives near the top while the cards above it are still loading, and
 * is pushed down when their data comes, no longer counts as near — its queued draw is cancelled.
 */
function useNear(ref: RefObject<HTMLElement | null>, active: boolean): boolean {
  const [near, setNear] = useState(false);
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!active || !el) return;
    if (typeof IntersectionObserver === 'undefined') {
      setNear(true);
      return;
    }
    const io = new IntersectionObserver((entries) => setNear(entries.at(-1)!.isIntersecting), { rootMargin: NEAR_MARGIN });
    io.observe(el);
    // Also checked on scroll and resize, once a frame: a chart on screen must never stay a box,
    // whatever the observer missed (an earlier version saw one stay undrawn once).
    let frame = 0;
    const check = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        const r = el.getBoundingClientRect();
        if (r.bottom >= -NEAR_PX && r.top <= window.innerHeight + NEAR_PX) setNear(true);
      });
    };
    window.addEventListener('scroll', check, { passive: true });
    window.addEventListener('resize', check, { passive: true });
    const print = () => setPrinting(true);
    printWaiters.add(print);
    return () => {
      io.disconnect();
      printWaiters.delete(print);
      window.removeEventListener('scroll', check);
      window.removeEventListener('resize', check);
      cancelAnimationFrame(frame);
    };
  }, [ref, active]);
  return near || printing;
}

/** How often a chart near the screen looks again whether the cards above it have their data. */
const BUSY_RETRY_MS = 150;
/** The longest a chart near the screen waits for the cards above it. */
const BUSY_WAIT_MAX_MS = 3_000;
/** Whether a card before `el` in the page is still loading (its height, and so `el`'s place, may change). */
function busyAbove(el: HTMLElement | null): boolean {
  if (!el) return false;
  for (const busy of document.querySelectorAll('.chart-loading, [aria-busy="true"]'))
    if (busy.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING && !busy.contains(el)) return true;
  return false;
}

function DeferredChart({ kind, height, chartProps }: { kind: Kind; height: number; chartProps: object }) {
  const [drawn, setDrawn] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const near = useNear(box, !drawn);

  useEffect(() => {
    if (drawn || !near) return;
    let cancel = () => {};
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    // Drawn once the cards above have their data: until then the chart may still be pushed
    // off the screen by them (it waits and looks again, while it stays near; at most a few
    // seconds, so a card that never settles cannot keep it from being drawn).
    const since = Date.now();
    const attempt = () => {
      if (!live) return;
      if (busyAbove(box.current) && Date.now() - since < BUSY_WAIT_MAX_MS) {
        timer = setTimeout(() => {
          cancel = inTurn(attempt);
        }, BUSY_RETRY_MS);
        return;
      }
      flushSync(() => setDrawn(true));
    };
    loadChart(kind).then(
      () => {
        if (live) cancel = inTurn(attempt);
      },
      () => undefined,
    ); // stays a placeholder; the page's other cards still work
    return () => {
      live = false;
      clearTimeout(timer);
      cancel();
    };
  }, [drawn, near, kind]);

  const Chart = loaded[kind];
  if (drawn && Chart) return <Chart {...(chartProps as Record<string, unknown>)} />;
  return <div ref={box} className="chart-placeholder" style={{ height }} />;
}

/** Rows equal field by field (values compared with ===). */
function sameRows(a: readonly object[], b: readonly object[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameShallow(a[i]!, b[i]!)) return false;
  return true;
}
function sameShallow(a: object, b: object): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}
/**
 * Same chart: the data and categories equal row by row, other values equal; functions (formatters,
 * labels, highlights) are not compared — they depend only on the row, the language and the
 * messages, and a change of language re-renders the chart through useLocale below.
 */
export function sameChartProps(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (typeof x === 'function' && typeof y === 'function') continue;
    if (Array.isArray(x) && Array.isArray(y) && sameRows(x as object[], y as object[])) continue;
    return false;
  }
  return true;
}

function BarChartImpl(props: BarChartProps<object>) {
  useLocale();
  return <DeferredChart kind="bar" height={barChartHeight(props)} chartProps={props} />;
}

function LineChartImpl(props: LineChartProps<object>) {
  useLocale();
  return <DeferredChart kind="line" height={props.height ?? LINE_CHART_HEIGHT} chartProps={props} />;
}

const MemoBar = memo(BarChartImpl, (a, b) =>
  sameChartProps(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>),
);
const MemoLine = memo(LineChartImpl, (a, b) =>
  sameChartProps(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>),
);

export function BarChart<T extends object>(props: BarChartProps<T>): ReactElement {
  return <MemoBar {...(props as unknown as BarChartProps<object>)} />;
}

export function LineChart<T extends object>(props: LineChartProps<T>): ReactElement {
  return <MemoLine {...(props as unknown as LineChartProps<object>)} />;
}
