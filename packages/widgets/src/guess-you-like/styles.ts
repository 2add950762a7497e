/**
 * The waterfall's styles. Theme it from the host page with custom properties, which win over these
 * defaults: `--ss-accent`, `--ss-radius`, `--ss-font`, `--ss-text`, `--ss-muted`, `--ss-surface`,
 * `--ss-background`. Dark colours follow the shopper's system setting, or `scheme` / `data-scheme`.
 */
export const guessYouLikeCss = /* css */ `
.ss-gyl {
  --_accent: var(--ss-accent, #c01c28);
  --_text: var(--ss-text, #1f2328);
  --_muted: var(--ss-muted, #59636e);
  --_surface: var(--ss-surface, #fff);
  --_skeleton: var(--ss-skeleton, #eef0f3);
  --_radius: var(--ss-radius, 10px);
  font: 14px/1.3 var(--ss-font, system-ui, "PingFang SC", "Microsoft YaHei", sans-serif);
  color: var(--_text);
  display: block;
  text-align: start;
}
@media (prefers-color-scheme: dark) {
  .ss-gyl:not([data-scheme=light]) {
    --_accent: var(--ss-accent, #ff7b72); --_text: var(--ss-text, #e6edf3); --_muted: var(--ss-muted, #9da7b3);
    --_surface: var(--ss-surface, #1c2128); --_skeleton: var(--ss-skeleton, #2d333b);
  }
}
.ss-gyl[data-scheme=dark] {
  --_accent: var(--ss-accent, #ff7b72); --_text: var(--ss-text, #e6edf3); --_muted: var(--ss-muted, #9da7b3);
  --_surface: var(--ss-surface, #1c2128); --_skeleton: var(--ss-skeleton, #2d333b);
}
.ss-gyl * { box-sizing: border-box; }
.ss-heading { font-size: 20px; line-height: 28px; margin: 0 0 12px; font-weight: 700; }
.ss-body, .ss-grid { position: relative; }
.ss-card {
  position: absolute; overflow: hidden; border-radius: var(--_radius);
  background: var(--_surface); box-shadow: 0 1px 3px rgba(0,0,0,.12);
}
.ss-card:focus-visible, .ss-link:focus-visible { outline: 3px solid var(--_accent); outline-offset: -3px; }
.ss-link { display: block; height: 100%; color: inherit; text-decoration: none; }
.ss-media { display: block; background: var(--_skeleton); overflow: hidden; }
.ss-media img { display: block; width: 100%; height: 100%; object-fit: cover; }
.ss-info { display: flex; flex-direction: column; height: 96px; padding: 8px 10px; gap: 2px; overflow: hidden; }
.ss-title {
  display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden;
  height: 36px; line-height: 18px; font-size: 14px;
}
.ss-price { height: 22px; line-height: 22px; font-weight: 700; color: var(--_accent); font-size: 16px; white-space: nowrap; }
.ss-was { margin-inline-start: 6px; color: var(--_muted); font-weight: 400; font-size: 12px; }
.ss-reason { height: 16px; line-height: 16px; font-size: 12px; color: var(--_muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.ss-dislike {
  position: absolute; top: 6px; inset-inline-end: 6px; width: 28px; height: 28px; border: 0; border-radius: 50%;
  background: rgba(0,0,0,.6); color: #fff; font-size: 18px; line-height: 28px; cursor: pointer; padding: 0;
}
.ss-dislike:hover, .ss-dislike:focus-visible { background: rgba(0,0,0,.8); outline: 2px solid #fff; }
.ss-footer {
  position: absolute; left: 0; right: 0; height: 56px; display: flex; align-items: center; justify-content: center;
  gap: 8px; color: var(--_muted);
}
.ss-spinner {
  width: 16px; height: 16px; border-radius: 50%; border: 2px solid var(--_skeleton); border-top-color: var(--_accent);
  animation: ss-spin .8s linear infinite;
}
.ss-retry { border: 1px solid var(--_accent); color: var(--_accent); background: none; border-radius: 999px; padding: 4px 14px; cursor: pointer; font: inherit; }
.ss-sr { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@keyframes ss-spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .ss-spinner { animation: none; } }
`;
