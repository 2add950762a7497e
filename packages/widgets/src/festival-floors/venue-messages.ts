// The venue's strings, one table per locale (the waterfall's are in i18n/messages.ts): they ship
// with the festival part only.
import { resolveLocale } from '../i18n/messages.ts';

/** The venue's strings of one locale. */
export interface VenueMessages {
  loading: string;
  none: string;
  floors: string;
  back: string;
  on: string;
  getCoupon: (label: string) => string;
  claimed: (label: string) => string;
  claimFailed: string;
  claimUnavailable: string;
  loadingProducts: string;
  floorFailed: string;
  floorEmpty: string;
  preview: (time: string, zone: string, traits: string) => string;
  phase: Record<'seeding' | 'growing' | 'harvest' | 'nurture', string>;
  /** What the countdown counts down to: the next phase, or the end. */
  countdown: Record<'growing' | 'harvest' | 'nurture' | 'end', string>;
  action: Record<'seeding' | 'growing' | 'harvest' | 'nurture', string>;
  done: string;
  share: string;
  shareItem: (title: string) => string;
  shared: string;
  copied: string;
  copyThis: string;
}

const en: VenueMessages = {
  loading: 'Loading the event…',
  none: 'No event is running right now.',
  floors: 'Floors',
  back: 'Scroll back',
  on: 'Scroll on',
  getCoupon: (label) => `Get coupon: ${label}`,
  claimed: (label) => `✓ Claimed: ${label}`,
  claimFailed: 'Could not claim — try again',
  claimUnavailable: 'Coupons are not available right now',
  loadingProducts: 'Loading products',
  floorFailed: 'These products could not be loaded.',
  floorEmpty: 'Nothing on this floor right now.',
  preview: (time, zone, traits) => `Preview · ${time} (${zone})${traits ? ` · ${traits}` : ''} — nothing is saved`,
  phase: { seeding: 'Coming soon', growing: 'Warm-up', harvest: 'On now', nurture: 'Last chance' },
  countdown: { growing: 'Warm-up starts in', harvest: 'The big day starts in', nurture: 'The big day ends in', end: 'Ends in' },
  action: { seeding: 'Remind me', growing: 'Add to wishlist', harvest: 'Buy now', nurture: 'Buy again' },
  done: 'Done',
  share: 'Share',
  shareItem: (title) => `Share ${title}`,
  shared: 'Shared — thank you!',
  copied: 'Link copied: paste it anywhere to share',
  copyThis: 'Copy this link to share:',
};

const zhCN: VenueMessages = {
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

/** The venue's message tables by locale. */
export const VENUE_MESSAGES: Record<string, VenueMessages> = { en, 'zh-CN': zhCN };

/** The venue's strings for `locale` (falling back as the waterfall's do). */
export function venueMessagesFor(locale?: string): VenueMessages {
  return VENUE_MESSAGES[resolveLocale(locale)] ?? en;
}
