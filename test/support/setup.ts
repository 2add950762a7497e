import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launch } from './browser.ts';
import { serveDemo } from './demo.ts';

/** The built demo on loopback and one Chromium, for the tests of one file; closed after them. */
export function useDemoInChromium(): { readonly server: Awaited<ReturnType<typeof serveDemo>>; readonly browser: Browser } {
  let server: Awaited<ReturnType<typeof serveDemo>> | undefined;
  let chromium: Awaited<ReturnType<typeof launch>> | undefined;
  beforeAll(async () => {
    server = await serveDemo();
    chromium = await launch();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });
  return {
    get server() {
      return server!;
    },
    get browser() {
      return chromium!.browser;
    },
  };
}
