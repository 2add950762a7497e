// A group-buy floor's deal, and what the host's `onGroup` handler is told (types only: the SDK's
// options name them, the campaign floors model fills them).

/** A product's group deal on a group-buy floor: the backend's `group`, else the floor's config. */
export interface GroupDeal {
  price: number;
  size: number;
  /** Shoppers in the open group (below `size`). */
  joined: number;
  /** When the group closes (epoch ms); Infinity when it never does (a backend's `endsAt` beyond what a Date holds). */
  endsAt: number;
}

/** What the host's `onGroup` handler is told: which product, its deal, and whether the shopper starts the group or joins it. */
export interface GroupJoin extends GroupDeal {
  id: string;
  scene: string;
  floor: string;
  action: 'start' | 'join';
}
