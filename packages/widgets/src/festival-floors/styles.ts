/**
 * The venue's styles. The scene's theme arrives as custom properties on `.ss-venue`; the host page's
 * own `--ss-primary`, `--ss-background`, `--ss-text`, `--ss-accent`, `--ss-radius`, `--ss-surface`
 * win over it. Text on the theme's colours is black or white, whichever reads (WCAG AA).
 */
export const festivalFloorsCss = /* css */ `
.ss-venue {
  --_primary: var(--ss-primary, #b3261e); --_on-primary: var(--ss-on-primary, #fff); --_bg: var(--ss-background, #fff);
  --_text: var(--ss-text, #1f2328); --_accent: var(--ss-accent, #f5b700); --_on-accent: #1f2328; --_radius: var(--ss-radius, 12px);
  --_muted: var(--ss-muted, #59636e); --_surface: var(--ss-surface, var(--_bg));
  display: block; background: var(--_bg); color: var(--_text); border-radius: var(--_radius); text-align: start;
  font: 14px/1.4 var(--ss-font, system-ui, "PingFang SC", "Microsoft YaHei", sans-serif); padding-bottom: 16px;
}
.ss-venue * { box-sizing: border-box; }
.ss-preview { margin: 0; padding: 6px 12px; background: #111827; color: #fff; font-size: 13px; border-radius: var(--_radius) var(--_radius) 0 0; }
.ss-banner { display: block; width: 100%; height: auto; border-radius: var(--_radius); background: var(--_primary); }
.ss-venue-title { padding: 12px 16px 0; }
.ss-venue-title h2 { margin: 0; font-size: 24px; }
.ss-venue-title p { margin: 2px 0 0; color: var(--_muted); }
.ss-countdown { display: inline-flex; gap: 8px; align-items: baseline; margin: 8px 16px 0; padding: 6px 12px; border-radius: 999px; background: var(--_primary); color: var(--_on-primary); font-weight: 600; }
.ss-countdown time { font-variant-numeric: tabular-nums; }
.ss-phase { margin-inline-start: 8px; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; font-weight: 700; }
.ss-elevator { position: sticky; top: 0; z-index: 2; background: var(--_bg); border-bottom: 1px solid rgba(127,127,127,.25); margin-top: 12px; }
.ss-elevator ul { display: flex; gap: 4px; margin: 0; padding: 8px 12px; list-style: none; overflow-x: auto; scrollbar-width: thin; }
.ss-elevator a { display: block; padding: 6px 12px; border-radius: 999px; color: var(--_text); text-decoration: none; white-space: nowrap; }
.ss-elevator a[aria-current="true"] { background: var(--_primary); color: var(--_on-primary); }
.ss-venue a:focus-visible, .ss-venue button:focus-visible { outline: 3px solid var(--_text); outline-offset: 2px; }
.ss-floor { padding: 16px; scroll-margin-top: 56px; }
.ss-floor-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px 16px; margin-bottom: 10px; }
.ss-floor-head h3 { margin: 0; font-size: 20px; }
.ss-floor-head h3:focus { outline: none; }
.ss-floor-head p { margin: 0; color: var(--_muted); flex-basis: 100%; order: 3; }
.ss-coupon { margin-inline-start: auto; border: 2px dashed var(--_primary); background: var(--_surface); color: var(--_text); border-radius: 8px; padding: 4px 12px; font: inherit; font-weight: 700; cursor: pointer; }
.ss-coupon[aria-pressed="true"] { background: var(--_primary); color: var(--_on-primary); cursor: default; }
.ss-items { list-style: none; margin: 0; padding: 0; }
.ss-floor-grid .ss-items { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 12px; }
.ss-floor-carousel .ss-items { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(160px, 200px); gap: 12px; overflow-x: auto; scroll-snap-type: x mandatory; padding-bottom: 6px; }
.ss-floor-carousel .ss-items > li { scroll-snap-align: start; }
.ss-floor-waterfall .ss-items { columns: 4 170px; column-gap: 12px; }
.ss-floor-waterfall .ss-items > li { break-inside: avoid; margin-bottom: 12px; }
.ss-fcard { display: flex; flex-direction: column; background: var(--_surface); color: var(--_text); border-radius: var(--_radius); overflow: hidden; box-shadow: 0 1px 3px rgba(0,0,0,.15); height: 100%; }
.ss-fcard > a { color: inherit; text-decoration: none; display: flex; flex-direction: column; flex: 1; }
.ss-fmedia { display: block; background: rgba(127,127,127,.15); overflow: hidden; }
.ss-floor-grid .ss-fmedia, .ss-floor-carousel .ss-fmedia { aspect-ratio: 1 !important; }
.ss-fmedia img { display: block; width: 100%; height: 100%; object-fit: cover; }
.ss-ftitle { padding: 8px 10px 0; height: 44px; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; }
.ss-fprice { padding: 2px 10px 0; font-weight: 700; }
.ss-cta { margin: 8px 10px 10px; border: 0; border-radius: 999px; padding: 6px 10px; background: var(--_primary); color: var(--_on-primary); font: inherit; font-weight: 600; cursor: pointer; }
.ss-cta[aria-pressed="true"] { background: var(--_accent); color: var(--_on-accent); }
.ss-carousel-controls { display: flex; gap: 6px; }
.ss-carousel-controls button { width: 32px; height: 32px; border-radius: 50%; border: 1px solid rgba(127,127,127,.4); background: var(--_surface); color: var(--_text); cursor: pointer; font-size: 16px; }
.ss-fcard, .ss-fmedia { position: relative; }
.ss-share { position: absolute; top: 6px; inset-inline-end: 6px; width: 32px; height: 32px; border-radius: 50%; border: 0; background: rgba(255,255,255,.92); color: #1f2328; font: inherit; font-weight: 700; cursor: pointer; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
.ss-share-floor { position: static; width: auto; height: auto; padding: 4px 12px; border-radius: 999px; border: 1px solid rgba(127,127,127,.4); background: var(--_surface); color: var(--_text); box-shadow: none; }
.ss-floor-head > .ss-share-floor { margin-inline-start: auto; }
.ss-coupon ~ .ss-share-floor { margin-inline-start: 0; }
.ss-toast { position: sticky; bottom: 12px; z-index: 3; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 12px 16px 0; padding: 10px 14px; border-radius: 8px; background: #111827; color: #fff; }
.ss-toast[hidden] { display: none; }
.ss-toast input { flex: 1; min-width: 12em; font: inherit; padding: 4px 6px; }
.ss-toast button { font: inherit; padding: 4px 12px; border-radius: 999px; border: 0; cursor: pointer; }
.ss-venue-note { padding: 16px; color: var(--_muted); }
.ss-skeleton-row { height: 220px; border-radius: var(--_radius); background: rgba(127,127,127,.15); }
.ss-venue-waterfall { padding: 16px; }
@media (prefers-reduced-motion: reduce) { .ss-venue * { scroll-behavior: auto !important; transition: none !important; animation: none !important; } }
`;
