// The playground's editor: CodeMirror with JSON, and completion and hover help from the scene
// config's JSON Schema through the JSON language service editors use (the one the schema test
// drives), so the playground explains each field as VS Code does: titles, English and Chinese
// descriptions, examples, allowed values.
import { autocompletion, startCompletion, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { json } from '@codemirror/lang-json';
import { EditorView, hoverTooltip, keymap, type Tooltip } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { getLanguageService, TextDocument, type MarkupContent, type MarkedString } from 'vscode-json-languageservice';
import schema from '../../packages/core/scene-config.schema.json';

const SCHEMA_URI = String(schema.$id);
const service = getLanguageService({});

/** The schema with its Chinese descriptions (`x-description-zh`) in `description`, for help in Chinese. */
function inChinese(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(inChinese);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = inChinese(value);
  if (typeof out['x-description-zh'] === 'string') out.description = out['x-description-zh'];
  return out;
}

/** The schema in each language, made before the service sees it (it resolves `$ref`s in place, making cycles). */
const SCHEMAS = { en: JSON.stringify(schema), zh: JSON.stringify(inChinese(schema)) };

/** Help in English or Chinese. */
export function setHelpLanguage(lang: 'en' | 'zh'): void {
  // A URI per language (the service keeps what it resolved by URI), and a fresh copy each time.
  const uri = lang === 'zh' ? `${SCHEMA_URI}?lang=zh` : SCHEMA_URI;
  service.configure({ validate: false, allowComments: false, schemas: [{ uri, fileMatch: ['*.json'], schema: JSON.parse(SCHEMAS[lang]) }] });
}
setHelpLanguage('en');

let version = 0;
/** The editor's text as the language service reads it (with its parse). */
function documentOf(text: string) {
  const doc = TextDocument.create('inmemory://playground/scenes.json', 'json', ++version, text);
  return { doc, parsed: service.parseJSONDocument(doc) };
}

/** Markdown of the language service as plain text (the tooltip shows text, never HTML). */
function plain(content: string | MarkupContent | MarkedString | MarkedString[] | undefined): string {
  if (!content) return '';
  if (Array.isArray(content)) return content.map(plain).filter(Boolean).join('\n\n');
  const text = typeof content === 'string' ? content : content.value;
  return text
    .replace(/```\w*\n?/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1')
    .replace(/[*_`]/g, '')
    .trim();
}

/** A snippet's text without its tab stops (`"${1:grid}"` → `"grid"`). */
const withoutStops = (text: string) => text.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{\d+\}|\$\d+/g, '');

async function complete(context: CompletionContext): Promise<CompletionResult | null> {
  const text = context.state.doc.toString();
  const { doc, parsed } = documentOf(text);
  const list = await service.doComplete(doc, doc.positionAt(context.pos), parsed);
  if (!list?.items.length) return null;
  let from = context.pos;
  let to = context.pos;
  const options: Completion[] = list.items.map((item) => {
    const edit = item.textEdit && 'range' in item.textEdit ? item.textEdit : undefined;
    if (edit) {
      from = doc.offsetAt(edit.range.start);
      to = doc.offsetAt(edit.range.end);
    }
    const info = plain(item.documentation);
    return {
      label: item.label,
      apply: withoutStops(edit?.newText ?? item.insertText ?? item.label),
      ...(item.detail ? { detail: item.detail } : {}),
      ...(info ? { info } : {}),
      type: item.kind === 10 ? 'property' : 'constant',
    };
  });
  // Asked for (Ctrl+Space): all the language service chose for this place, as it is (the editor's
  // own filter would match nothing against a bare quote). While typing: narrowed as the text grows.
  return context.explicit ? { from, to, options, filter: false } : { from, to, options, validFor: /^"?[\w$-]*"?$/ };
}

const hover = hoverTooltip(async (view, pos): Promise<Tooltip | null> => {
  const { doc, parsed } = documentOf(view.state.doc.toString());
  const found = await service.doHover(doc, doc.positionAt(pos), parsed);
  const text = plain(found?.contents);
  if (!found || !text) return null;
  return {
    pos: found.range ? doc.offsetAt(found.range.start) : pos,
    end: found.range ? doc.offsetAt(found.range.end) : pos,
    above: true,
    create() {
      const dom = document.createElement('div');
      dom.className = 'cm-schema-help';
      dom.textContent = text;
      return { dom };
    },
  };
});

/** The editor, in `parent`: `onChange` hears every edit; `setText` replaces the text (a loaded file). */
export function createSceneEditor(parent: HTMLElement, options: { text: string; labelledBy: string; onChange(text: string): void }) {
  const view = new EditorView({
    parent,
    doc: options.text,
    extensions: [
      basicSetup,
      json(),
      autocompletion({ override: [complete], activateOnTyping: true }),
      // Ctrl+Space (as in VS Code) on every platform, ahead of the editor's own bindings.
      keymap.of([{ key: 'Ctrl-Space', run: startCompletion }]),
      hover,
      EditorView.lineWrapping,
      // An explicit tabindex: the editable text is the scroller's focusable content (axe's scrollable-region rule).
      EditorView.contentAttributes.of({ 'aria-labelledby': options.labelledBy, id: 'scene-json', spellcheck: 'false', tabindex: '0' }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) options.onChange(update.state.doc.toString());
      }),
    ],
  });
  return {
    view,
    setText(text: string) {
      if (text !== view.state.doc.toString()) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    destroy: () => view.destroy(),
  };
}
