/** The venue's styles; the scene's theme arrives as the custom properties set on `.ss-venue`. */
export const festivalFloorsCss = /* css */ `
.ss-venue {
  --ss-primary: #d4241c; --ss-bg: #fff; --ss-text: #1f2328; --ss-accent: #f5b700; --ss-radius: 12px; --ss-muted: #6b7280;
  display: block; background: var(--ss-bg); color: var(--ss-text); border-radius: var(--ss-radius);
  font: 14px/1.4 var(--ss-font, system-ui, -apple-system, "Segoe UI", "PingFang SC", sans-serif); padding-bottom: 16px;
}
.ss-venue * { box-sizing: border-box; }
.ss-preview { margin: 0; padding: 6px 12px; background: #111827; color: #fff; font-size: 13px; border-radius: var(--ss-radius) var(--ss-radius) 0 0; }
.ss-venue-header { position: relative; color: #fff; }
.ss-banner { display: block; width: 100%; height: auto; border-radius: var(--ss-radius); background: var(--ss-primary); }
.ss-venue-title { padding: 12px 16px 0; color: var(--ss-text); }
.ss-venue-title h2 { margin: 0; font-size: 24px; }
.ss-venue-title p { margin: 2px 0 0; color: var(--ss-muted); }
.ss-countdown { display: inline-flex; gap: 8px; align-items: baseline; margin: 8px 16px 0; padding: 6px 12px; border-radius: 999px; background: var(--ss-primary); color: #fff; font-weight: 600; }
.ss-countdown time { font-variant-numeric: tabular-nums; }
.ss-phase { margin-left: 8px; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--ss-primary); font-weight: 700; }
.ss-elevator { position: sticky; top: 0; z-index: 2; background: var(--ss-bg); border-bottom: 1px solid rgba(0,0,0,.08); margin-top: 12px; }
.ss-elevator ul { display: flex; gap: 4px; margin: 0; padding: 8px 12px; list-style: none; overflow-x: auto; scrollbar-width: thin; }
.ss-elevator a { display: block; padding: 6px 12px; border-radius: 999px; color: var(--ss-text); text-decoration: none; white-space: nowrap; }
.ss-elevator a[aria-current="true"] { background: var(--ss-primary); color: #fff; }
.ss-elevator a:focus-visible, .ss-venue button:focus-visible, .ss-venue a:focus-visible { outline: 3px solid var(--ss-accent); outline-offset: 2px; }
.ss-floor { padding: 16px; scroll-margin-top: 56px; }
.ss-floor-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px 16px; margin-bottom: 10px; }
.ss-floor-head h3 { margin: 0; font-size: 20px; }
.ss-floor-head h3:focus { outline: none; }
.ss-floor-head p { margin: 0; color: var(--ss-muted); flex-basis: 100%; order: 3; }
.ss-coupon { margin-left: auto; border: 2px dashed var(--ss-primary); background: #fff; color: var(--ss-primary); border-radius: 8px; padding: 4px 12px; font: inherit; font-weight: 700; cursor: pointer; }
.ss-coupon[aria-pressed="true"] { background: var(--ss-primary); color: #fff; cursor: default; }
.ss-items { list-style: none; margin: 0; padding: 0; }
.ss-floor-grid .ss-items { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 12px; }
.ss-floor-carousel .ss-items { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(160px, 200px); gap: 12px; overflow-x: auto; scroll-snap-type: x mandatory; padding-bottom: 6px; }
.ss-floor-carousel .ss-items > li { scroll-snap-align: start; }
.ss-floor-waterfall .ss-items { columns: 4 170px; column-gap: 12px; }
.ss-floor-waterfall .ss-items > li { break-inside: avoid; margin-bottom: 12px; }
.ss-fcard { display: flex; flex-direction: column; background: #fff; border-radius: var(--ss-radius); overflow: hidden; box-shadow: 0 1px 3px rgba(0,0,0,.12); height: 100%; }
.ss-fcard > a { color: inherit; text-decoration: none; display: flex; flex-direction: column; flex: 1; }
.ss-fmedia { display: block; background: #f3f4f6; overflow: hidden; }
.ss-floor-grid .ss-fmedia, .ss-floor-carousel .ss-fmedia { aspect-ratio: 1; }
.ss-fmedia img { display: block; width: 100%; height: 100%; object-fit: cover; }
.ss-ftitle { padding: 8px 10px 0; height: 44px; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; }
.ss-fprice { padding: 2px 10px 0; color: var(--ss-primary); font-weight: 700; }
.ss-cta { margin: 8px 10px 10px; border: 0; border-radius: 999px; padding: 6px 10px; background: var(--ss-primary); color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
.ss-cta[aria-pressed="true"] { background: var(--ss-accent); color: var(--ss-text); }
.ss-carousel-controls { display: flex; gap: 6px; }
.ss-carousel-controls button { width: 32px; height: 32px; border-radius: 50%; border: 1px solid rgba(0,0,0,.15); background: #fff; cursor: pointer; font-size: 16px; }
.ss-venue-note { padding: 16px; color: var(--ss-muted); }
.ss-skeleton-row { height: 220px; border-radius: var(--ss-radius); background: linear-gradient(90deg, #f3f4f6, #e5e7eb, #f3f4f6); }
@media (prefers-reduced-motion: reduce) { .ss-venue * { scroll-behavior: auto !important; transition: none !important; animation: none !important; } }
`;
