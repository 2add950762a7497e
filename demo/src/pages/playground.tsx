// The marketer's playground: edit scene JSON, see every issue as you type, preview at a date and audience.
import { AGE_BANDS, createShopscene, LIFE_STAGES, parseSceneConfig, staticAdapter, type SceneIssue } from '@shopscene/core';
import { FestivalFloors } from '@shopscene/widgets';
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createSceneEditor, setHelpLanguage } from '../scene-editor.ts';
import { renderShell } from '../shell.ts';

const catalog = staticAdapter({ catalog: '/generated/catalog.json' });

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return current;
}

/** The demo's scene files, to start from. */
const EXAMPLES: Record<string, string> = {
  '/scenes/spring-festival.json': 'Spring Festival 年货节',
  '/scenes/double-11.json': 'Double 11 双十一',
  '/scenes/valentines.json': "Valentine's Day",
  '/generated/scenes.json': 'All three, as the demo store runs them',
};

/** `key=value, key=value` → traits (a computed key: `__proto__` stays a plain key). */
function parseTraits(text: string): Record<string, string> {
  const traits: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const [key, ...value] = pair.split('=');
    if (key?.trim() && value.length) traits[key.trim()] = value.join('=').trim();
  }
  return traits;
}

function Playground({ initial }: { initial: string }) {
  const [text, setText] = useState(initial);
  const [source, setSource] = useState('');
  const [loadError, setLoadError] = useState('');
  /** Replaces the editor's text with a file's, a URL's or an example's. */
  const load = async (what: () => Promise<string>, label: string) => {
    try {
      const next = await what();
      setText(next);
      setSource(label);
      setLoadError('');
    } catch (error) {
      setLoadError(`Could not load ${label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const fetchText = async (url: string) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.text();
  };
  const [url, setUrl] = useState('');
  const [gender, setGender] = useState('');
  const [otherTraits, setOtherTraits] = useState('');
  const [lang, setLang] = useState<'en' | 'zh'>('en');
  const [time, setTime] = useState('2027-02-01T20:00+08:00');
  const [ageBand, setAgeBand] = useState('');
  const [lifeStage, setLifeStage] = useState('');
  const [device, setDevice] = useState<'' | 'mobile' | 'tablet' | 'desktop'>('');
  // The editor: made once, told of loaded files; its edits come back through setText.
  const editorHost = useRef<HTMLDivElement>(null);
  const editor = useRef<ReturnType<typeof createSceneEditor> | null>(null);
  useEffect(() => {
    editor.current = createSceneEditor(editorHost.current!, { text, labelledBy: 'scene-json-label', onChange: setText });
    return () => editor.current?.destroy();
  }, []);
  useEffect(() => editor.current?.setText(text), [text]);
  useEffect(() => setHelpLanguage(lang), [lang]);
  const settled = useDebounced(text, 250);
  const result = useMemo(() => parseSceneConfig(settled), [settled]);
  const issues: SceneIssue[] = result.ok ? [] : result.issues;
  const warnings: SceneIssue[] = result.ok ? result.warnings : [];
  const at = Date.parse(time);
  const sdk = useMemo(() => {
    if (!result.ok || !Number.isFinite(at)) return null;
    const traits = { ...parseTraits(otherTraits), ...Object.fromEntries(Object.entries({ ageBand, lifeStage, gender }).filter(([, v]) => v)) };
    return createShopscene({
      adapter: catalog,
      scenes: result.value,
      storage: 'memory',
      preview: { time: at, traits, ...(device ? { device } : {}) },
    });
  }, [result, at, ageBand, lifeStage, device, gender, otherTraits]);
  const download = () => {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    link.download = source.endsWith('.json') ? source : 'scenes.json';
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 0);
  };
  const zoneNote = result.ok && Number.isFinite(at) ? result.value.scenes.map((scene) => `${scene.id}: ${new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', { timeZone: scene.schedule.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(at)} (${scene.schedule.timeZone})`).join(' · ') : '';
  return (
    <div class="playground">
      <div>
        <b id="scene-json-label">Scene JSON</b>
        <div class="playground-files" role="group" aria-label="Load and save">
          <label>
            Start from{' '}
            <select id="example" value="" onChange={(e) => { const path = (e.target as HTMLSelectElement).value; if (path) void load(() => fetchText(path), path.split('/').pop()!); }}>
              <option value="">an example…</option>
              {Object.entries(EXAMPLES).map(([path, label]) => (
                <option key={path} value={path}>{label}</option>
              ))}
            </select>
          </label>
          <label>
            Open a file <input id="open-file" type="file" accept=".json,application/json" onChange={(e) => { const file = (e.target as HTMLInputElement).files?.[0]; if (file) void load(() => file.text(), file.name); }} />
          </label>
          <form onSubmit={(e) => { e.preventDefault(); if (url) void load(() => fetchText(url), new URL(url, location.href).pathname.split('/').pop() || 'scenes.json'); }}>
            <label>
              or a URL <input id="open-url" type="url" placeholder="https://…/scenes.json" value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
            </label>{' '}
            <button type="submit">Load</button>
          </form>
          <button type="button" id="download" onClick={download}>Download</button>
        </div>
        {loadError && <p class="issues" role="alert">{loadError}</p>}
        <div class="scene-editor" ref={editorHost} />
        <p class="muted" id="editor-help">
          {lang === 'zh' ? 'Ctrl+空格：按结构提示字段与取值；鼠标停在字段上：查看说明。' : 'Ctrl+Space suggests the fields and values the schema allows; hover a field for its help.'}
        </p>
        <p>
          <label>
            Messages in{' '}
            <select value={lang} onChange={(e) => setLang((e.target as HTMLSelectElement).value as 'en' | 'zh')}>
              <option value="en">English</option>
              <option value="zh">中文</option>
            </select>
          </label>
        </p>
        <ul class={`issues${issues.length ? '' : ' ok'}`} aria-live="polite" id="issues">
          {issues.length ? issues.map((i) => <li key={`${i.path}${i.message}`}>{`${i.path}: ${lang === 'zh' ? i.messageZh : i.message}`}</li>) : <li>No issues: the config is valid.</li>}
        </ul>
        {warnings.length > 0 && (
          <ul class="warnings" id="warnings">
            {warnings.map((w) => (
              <li key={`${w.path}${w.message}`}>{`⚠ ${w.path}: ${lang === 'zh' ? w.messageZh : w.message}`}</li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <fieldset>
          <legend>Preview</legend>
          <label>
            At <input id="preview-time" value={time} onInput={(e) => setTime((e.target as HTMLInputElement).value)} aria-invalid={!Number.isFinite(at)} />
          </label>
          <label>
            Age band{' '}
            <select id="preview-age" value={ageBand} onChange={(e) => setAgeBand((e.target as HTMLSelectElement).value)}>
              <option value="">any</option>
              {AGE_BANDS.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>
          </label>
          <label>
            Life stage{' '}
            <select value={lifeStage} onChange={(e) => setLifeStage((e.target as HTMLSelectElement).value)}>
              <option value="">any</option>
              {LIFE_STAGES.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>
          </label>
          <label>
            Gender{' '}
            <select id="preview-gender" value={gender} onChange={(e) => setGender((e.target as HTMLSelectElement).value)}>
              <option value="">any</option>
              <option>female</option>
              <option>male</option>
            </select>
          </label>
          <label>
            Other traits <input id="preview-traits" placeholder="city=Shanghai, vip=gold" value={otherTraits} onInput={(e) => setOtherTraits((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            Device{' '}
            <select value={device} onChange={(e) => setDevice((e.target as HTMLSelectElement).value as typeof device)}>
              <option value="">this one</option>
              <option>mobile</option>
              <option>tablet</option>
              <option>desktop</option>
            </select>
          </label>
        </fieldset>
        {zoneNote && <p class="muted" id="preview-zones">{lang === 'zh' ? '各场景当地时间：' : 'In each scene’s time zone: '}{zoneNote}</p>}
        {sdk ? <FestivalFloors key={`${settled}|${time}|${ageBand}|${lifeStage}|${device}|${gender}|${otherTraits}`} shopscene={sdk} waterfall={false} /> : <p class="muted">Fix the issues (or the date) to see the preview.</p>}
      </div>
    </div>
  );
}

void renderShell();
void fetch('/scenes/spring-festival.json')
  .then((r) => r.text())
  .then((initial) => render(<Playground initial={initial} />, document.getElementById('playground')!));
