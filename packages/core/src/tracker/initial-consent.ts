/** Whether the shopper agreed to be remembered: until `granted`, nothing is stored and nothing is sent. */
export type Consent = 'pending' | 'granted' | 'denied';

/** The consent a tracker starts with: the one given, else refused under Global Privacy Control, else granted. */
export function initialConsent(options: { consent?: Consent; respectGpc?: boolean }): Consent {
  const gpc = typeof navigator !== 'undefined' && (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true;
  return options.consent ?? (options.respectGpc !== false && gpc ? 'denied' : 'granted');
}
