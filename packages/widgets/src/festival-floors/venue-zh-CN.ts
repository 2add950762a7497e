// The venue's strings in Simplified Chinese: loaded on demand (see loadVenueMessages).
import type { VenueMessages } from './venue-message-types.ts';

export const venue: VenueMessages = {
  loading: '会场加载中…',
  none: '当前没有进行中的活动。',
  floors: '楼层',
  back: '向前滚动',
  on: '向后滚动',
  getCoupon: (label) => `领券：${label}`,
  claimed: (label) => `✓ 已领取：${label}`,
  claimFailed: '领取失败，请重试',
  claimUnavailable: '暂时无法领取优惠券',
  loadingProducts: '商品加载中',
  floorFailed: '这些商品加载失败。',
  floorEmpty: '本楼层暂无商品。',
  preview: (time, zone, traits) => `预览 · ${time}（${zone}）${traits ? ` · ${traits}` : ''} — 不会保存任何数据`,
  phase: { seeding: '种草期', growing: '预热期', harvest: '爆发期', nurture: '返场期' },
  countdown: { growing: '预热倒计时', harvest: '正式开抢倒计时', nurture: '活动返场倒计时', end: '距结束' },
  action: { seeding: '提醒我', growing: '加入心愿单', harvest: '立即购买', nurture: '再次购买' },
  done: '完成',
  share: '分享',
  shareItem: (title) => `分享 ${title}`,
  shared: '已分享，谢谢！',
  copied: '链接已复制，粘贴即可分享',
  copyThis: '复制此链接分享：',
};
