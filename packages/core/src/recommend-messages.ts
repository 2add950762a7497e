// The developer-facing messages of core's recommendation side (catalogs, adapters, the recommender, the
// venue), in one place; those of tracking are in messages.ts. Named exports, read as
// `recommendMessages.x` through `import * as recommendMessages`: a bundle carries only those it uses.

export const catalogItemSkipped = (source: string, where: string, issues: string) => `shopscene: ${source} item ${where} skipped: ${issues}`;
export const catalogMoreSkipped = (source: string, count: number) => `shopscene: ${source}: ${count} more items skipped (only the first are named)`;
export const catalogLimited = (source: string, count: number, max: number) =>
    `shopscene: ${source} has ${count.toLocaleString('en')} products; the ${max.toLocaleString('en')} most popular are kept (maxProducts). Serve a catalog this large through a backend (data-api).`;
export const relatedIgnored = (id: string, issue: string) => `shopscene: product ${id}: its related list is ignored (${issue}); the product is kept`;
export const textCut = (what: string, length: number, max: number) => `shopscene: ${what} is ${length.toLocaleString('en')} characters; cut to ${max}`;
export const catalogFailed = (source: string, reason: string) => `shopscene: could not load the catalog ${source}: ${reason}`;
export const recommendFailed = (reason: string) => `shopscene: recommendations failed: ${reason}`;
export const couponUngranted =
  'shopscene: a coupon was claimed but nothing can grant it; give the script tag shopscene.push(["onCoupon", (coupon) => true]) or an adapter with claimCoupon';
export const noAdapter = 'shopscene: createShopscene() needs an adapter, e.g. staticAdapter({ catalog })';
