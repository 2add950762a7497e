const formats = new Map<string, Intl.NumberFormat>();

/** A price in the shopper's locale, e.g. `$9.99` or `¥88.00`; falls back to `9.99 XYZ` for an unknown currency. */
export function formatPrice(amount: number, currency: string, locale?: string): string {
  const key = `${locale ?? ''}|${currency}`;
  try {
    let format = formats.get(key);
    if (!format) {
      format = new Intl.NumberFormat(locale, { style: 'currency', currency });
      formats.set(key, format);
    }
    return format.format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}
