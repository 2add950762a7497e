// The script-tag entry: the only module with side effects. It must never throw into the host page.
import { boot } from './boot.ts';

const script = document.currentScript as HTMLScriptElement | null;
const start = () => boot(window as Window & { shopscene?: unknown }, script);
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
