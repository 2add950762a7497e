/** Options of {@link createViewabilityObserver}. */
export interface ViewabilityOptions {
  /** Share of the element that must be visible. @default 0.5 */
  threshold?: number;
  /** How long it must stay visible, without a break, in a visible tab. @default 1000 */
  minMs?: number;
  /** Also count an element taller than the viewport once it covers this share of the viewport (floors, banners). */
  viewportShare?: number;
  /** Called once per element when it has been seen. */
  onSeen: (element: Element) => void;
}

/** Watches elements and reports each one once it has really been seen. */
export interface ViewabilityObserver {
  observe(element: Element): void;
  unobserve(element: Element): void;
  disconnect(): void;
}

/**
 * The IAB viewability rule: an impression counts when at least half the element is visible for at
 * least one continuous second in a visible tab. A dip below the threshold or a hidden tab restarts
 * the clock, so 600 ms + 600 ms never counts. Without IntersectionObserver nothing is reported.
 */
export function createViewabilityObserver(options: ViewabilityOptions): ViewabilityObserver {
  const { threshold = 0.5, minMs = 1000, onSeen, viewportShare } = options;
  const visible = new Set<Element>();
  const timers = new Map<Element, ReturnType<typeof setTimeout>>();
  const tabVisible = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';

  const stop = (el: Element) => {
    clearTimeout(timers.get(el));
    timers.delete(el);
  };
  const start = (el: Element) => {
    if (timers.has(el) || !tabVisible()) return;
    timers.set(
      el,
      setTimeout(() => {
        timers.delete(el);
        unobserve(el);
        onSeen(el);
      }, minMs),
    );
  };
  const io =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver(
          (entries) => {
            for (const entry of entries) {
              // intersectionRatio can read 0.4999 for an element exactly half in view: allow rounding.
              const enough =
                entry.intersectionRatio >= threshold - 0.001 ||
                (!!viewportShare && !!entry.rootBounds && entry.intersectionRect.height >= viewportShare * entry.rootBounds.height);
              if (entry.isIntersecting && enough) {
                visible.add(entry.target);
                start(entry.target);
              } else {
                visible.delete(entry.target);
                stop(entry.target);
              }
            }
          },
          // Finer steps when large elements count by their share of the viewport.
          { threshold: viewportShare ? Array.from({ length: 21 }, (_, i) => i / 20) : [0, threshold, 1] },
        )
      : undefined;
  const onVisibility = () => {
    for (const el of visible) (tabVisible() ? start : stop)(el);
  };
  if (io && typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);

  function unobserve(el: Element) {
    stop(el);
    visible.delete(el);
    io?.unobserve(el);
  }
  return {
    observe: (el) => io?.observe(el),
    unobserve,
    disconnect() {
      for (const el of timers.keys()) stop(el);
      visible.clear();
      io?.disconnect();
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
