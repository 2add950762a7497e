/** The styles of the group-buy and live-stream cards (loaded with them, on demand). */
export const campaignCss = /* css */ `
.ss-floor-group-buy .ss-items, .ss-floor-live .ss-items { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
.ss-floor-live .ss-items { grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); }
.ss-floor-group-buy .ss-fmedia, .ss-floor-live .ss-fcard:not(.ss-live) .ss-fmedia { aspect-ratio: 1 !important; }
.ss-fprice small, .ss-fprice s { font-weight: 400; color: var(--_muted); }
.ss-fprice s { font-size: 12px; }
.ss-gmeta, .ss-gtime { margin: 4px 10px 0; font-size: 12px; color: var(--_muted); }
.ss-gsize { color: var(--_primary); font-weight: 700; }
.ss-gtime time { font-variant-numeric: tabular-nums; color: var(--_text); }
.ss-group progress { display: block; width: calc(100% - 20px); height: 6px; margin: 4px 10px 0; accent-color: var(--_primary); }
.ss-cta:disabled { opacity: .6; cursor: default; }
.ss-badge { position: absolute; top: 8px; inset-inline-start: 8px; padding: 2px 8px; border-radius: 999px; background: #111827; color: #fff; font-size: 12px; font-weight: 700; }
.ss-live[data-state="live"] .ss-badge { background: #b3261e; }
.ss-host, .ss-when { padding: 2px 10px 0; font-size: 12px; color: var(--_muted); }
.ss-live > a { padding-bottom: 10px; }
`;
