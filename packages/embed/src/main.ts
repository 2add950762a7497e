// The script-tag loader: the only module with side effects. It must never throw into the host page.
import 'virtual:shopscene-shared'; // first: the parts read the modules they share with the loader from it
import { boot, type PartFiles } from './boot.ts';

/** Filled in by the build with the content-hashed file of each part. */
declare const __SHOPSCENE_PARTS__: PartFiles;

// currentScript is null in a few embeddings (some tag managers, modules): then find our tag by its src.
const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[src*="shopscene"][data-catalog], script[src*="shopscene"][data-api], script[src*="shopscene"][data-scenes]');
const start = () => boot(window as Window & { shopscene?: unknown }, script, __SHOPSCENE_PARTS__);
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
