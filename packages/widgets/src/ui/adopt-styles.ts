const sheets = new Map<string, CSSStyleSheet>();

/**
 * Gives a shadow root (or the document) our styles through a constructable stylesheet, which a
 * strict CSP allows without a nonce; falls back to a <style> element where those are missing.
 */
export function adoptStyles(root: Document | ShadowRoot, css: string): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    let sheet = sheets.get(css);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      sheets.set(css, sheet);
    }
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return;
  }
  const parent = root instanceof Document ? root.head : root;
  if ([...parent.querySelectorAll('style[data-shopscene]')].some((s) => s.textContent === css)) return;
  const style = (root instanceof Document ? root : root.ownerDocument).createElement('style');
  style.setAttribute('data-shopscene', '');
  style.textContent = css;
  parent.appendChild(style);
}
