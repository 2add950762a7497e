// The shape of the venue's strings: every locale's table (venue-messages.ts, venue-zh-CN.ts) has it.

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
