// The widgets' strings in Simplified Chinese: loaded on demand (see loadMessages).
import type { WidgetMessages } from './message-types.ts';

export const messages: WidgetMessages = {
  guessYouLike: '猜你喜欢',
  alsoViewed: '看了又看',
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

