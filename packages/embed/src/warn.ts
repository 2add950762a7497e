/** One console warning of the script tag's; never throws (a page may have replaced console). */
export function warn(message: string): void {
  try {
    console.warn(`shopscene: ${message}`);
  } catch {}
}
