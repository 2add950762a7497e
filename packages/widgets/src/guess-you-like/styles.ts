/** The waterfall's styles. Themable from outside through the custom properties on `.ss-gyl`. */
export const guessYouLikeCss = /* css */ `
.ss-gyl {
  --ss-gap: 12px;
  --ss-radius: 10px;
  --ss-accent: #e4393c;
  --ss-text: #1f2328;
  --ss-muted: #6b7280;
  --ss-surface: #fff;
  --ss-skeleton: #eef0f3;
  font: 14px/1.3 var(--ss-font, system-ui, -apple-system, "Segoe UI", "PingFang SC", sans-serif);
  color: var(--ss-text);
  display: block;
}
.ss-gyl * { box-sizing: border-box; }
.ss-heading { font-size: 20px; line-height: 28px; margin: 0 0 12px; font-weight: 700; }
.ss-grid { position: relative; }
.ss-card {
  position: absolute; overflow: hidden; border-radius: var(--ss-radius);
  background: var(--ss-surface); box-shadow: 0 1px 3px rgba(0,0,0,.12);
}
.ss-link { display: block; height: 100%; color: inherit; text-decoration: none; }
.ss-link:focus-visible { outline: 3px solid var(--ss-accent); outline-offset: -3px; border-radius: var(--ss-radius); }
.ss-media { display: block; background: var(--ss-skeleton); overflow: hidden; }
.ss-media img { display: block; width: 100%; height: 100%; object-fit: cover; }
.ss-info { display: flex; flex-direction: column; height: 96px; padding: 8px 10px; gap: 2px; overflow: hidden; }
.ss-title {
  display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden;
  height: 36px; line-height: 18px; font-size: 14px;
}
.ss-price { height: 22px; line-height: 22px; font-weight: 700; color: var(--ss-accent); font-size: 16px; white-space: nowrap; }
.ss-was { margin-left: 6px; color: var(--ss-muted); font-weight: 400; font-size: 12px; }
.ss-reason { height: 16px; line-height: 16px; font-size: 12px; color: var(--ss-muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.ss-dislike {
  position: absolute; top: 6px; right: 6px; width: 28px; height: 28px; border: 0; border-radius: 50%;
  background: rgba(0,0,0,.45); color: #fff; font-size: 18px; line-height: 28px; cursor: pointer; padding: 0;
}
.ss-dislike:hover, .ss-dislike:focus-visible { background: rgba(0,0,0,.75); outline: 2px solid #fff; }
.ss-footer {
  position: absolute; left: 0; right: 0; height: 56px; display: flex; align-items: center; justify-content: center;
  gap: 8px; color: var(--ss-muted);
}
.ss-spinner {
  width: 16px; height: 16px; border-radius: 50%; border: 2px solid var(--ss-skeleton); border-top-color: var(--ss-accent);
  animation: ss-spin .8s linear infinite;
}
.ss-sentinel { display: block; width: 100%; height: 1px; }
.ss-retry { border: 1px solid var(--ss-accent); color: var(--ss-accent); background: none; border-radius: 999px; padding: 4px 14px; cursor: pointer; font: inherit; }
.ss-skeleton { position: absolute; border-radius: var(--ss-radius); background: var(--ss-skeleton); }
@keyframes ss-spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .ss-spinner { animation: none; } }
`;
