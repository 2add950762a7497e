// The shape of the widgets' strings: every locale's table (messages.ts, zh-CN.ts, a host's own) has it.

/** The strings of one locale. */
export interface WidgetMessages {
  guessYouLike: string;
  /** The heading of a product page's related row. */
  alsoViewed: string;
  recommended: string;
  loadingFirst: string;
  loadingMore: string;
  loadedMore: (count: number) => string;
  failed: string;
  retry: string;
  end: string;
  empty: string;
  notInterested: (title: string) => string;
  notInterestedShort: string;
  reason: {
    viewed: (name?: string) => string;
    reminder: string;
    related: (name?: string) => string;
    category: (name?: string) => string;
    brand: (name?: string) => string;
    search: (term?: string) => string;
    popular: string;
    explore: string;
    scene: (label?: string) => string;
  };
  moreFor: (scene: string) => string;
  /** A backend's own recommendation. */
  forYou: string;
}
