// Every string the widgets show, one table per locale. Add a locale by adding a table; a missing one
// falls back to its language, then to English.

/** The strings of one locale. */
export interface WidgetMessages {
  guessYouLike: string;
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

const en: WidgetMessages = {
  guessYouLike: 'Guess you like',
  recommended: 'Recommended products',
  loadingFirst: 'Loading recommendations…',
  loadingMore: 'Loading more…',
  loadedMore: (count) => `${count} more products`,
  failed: 'Couldn’t load recommendations.',
  retry: 'Retry',
  end: 'You’ve seen everything for now.',
  empty: 'Nothing to recommend yet — browse a little and come back.',
  notInterested: (title) => `Not interested in ${title}`,
  notInterestedShort: 'Not interested',
  reason: {
    viewed: (name) => (name ? `Because you viewed ${name}` : 'Like what you viewed'),
    reminder: 'You looked at this recently',
    related: (name) => (name ? `Shoppers who viewed ${name} also viewed this` : 'Often viewed together'),
    category: (name) => (name ? `Because you like ${name}` : 'For your interests'),
    brand: (name) => `More from ${name ?? 'this brand'}`,
    search: (term) => `Matches your search “${term ?? ''}”`,
    popular: 'Popular right now',
    explore: 'Something new to discover',
    scene: (label) => `For ${label ?? 'the event'}`,
  },
  moreFor: (scene) => `More for ${scene}`,
  forYou: 'Recommended for you',
};

const zhCN: WidgetMessages = {
  guessYouLike: '猜你喜欢',
  recommended: '为你推荐的商品',
  loadingFirst: '正在加载推荐…',
  loadingMore: '正在加载更多…',
  loadedMore: (count) => `又加载了 ${count} 件商品`,
  failed: '推荐加载失败。',
  retry: '重试',
  end: '暂时就这么多了。',
  empty: '还没有可推荐的商品——先随便逛逛吧。',
  notInterested: (title) => `不感兴趣：${title}`,
  notInterestedShort: '不感兴趣',
  reason: {
    viewed: (name) => (name ? `因为你看过「${name}」` : '和你看过的相似'),
    reminder: '你最近看过它',
    related: (name) => (name ? `看过「${name}」的人也看了` : '常被一起浏览'),
    category: (name) => (name ? `因为你喜欢${name}` : '符合你的兴趣'),
    brand: (name) => `更多${name ?? '该品牌'}商品`,
    search: (term) => `匹配你的搜索“${term ?? ''}”`,
    popular: '正在热卖',
    explore: '发现新鲜好物',
    scene: (label) => `${label ?? '活动'}精选`,
  },
  moreFor: (scene) => `${scene} · 猜你喜欢`,
  forYou: '为你推荐',
};

/** The message tables by locale. */
export const MESSAGES: Record<string, WidgetMessages> = { en, 'zh-CN': zhCN };

/** The locale a widget speaks: the one given, else the page's `lang`, else the browser's; as a table key. */
export function resolveLocale(locale?: string): string {
  const wanted = locale || (typeof document !== 'undefined' ? document.documentElement.lang : '') || (typeof navigator !== 'undefined' ? navigator.language : '') || 'en';
  if (Object.prototype.hasOwnProperty.call(MESSAGES, wanted)) return wanted;
  const language = wanted.split('-')[0]!.toLowerCase();
  // Chinese without a region is Simplified here (zh, zh-Hans, zh-SG); our only Chinese table is zh-CN.
  return Object.keys(MESSAGES).find((key) => key.split('-')[0] === language) ?? 'en';
}

/** The strings for `locale` (see {@link resolveLocale}). */
export function messagesFor(locale?: string): WidgetMessages {
  return MESSAGES[resolveLocale(locale)]!;
}
