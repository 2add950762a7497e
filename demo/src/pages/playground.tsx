// The marketer's playground: edit scene JSON, see every issue as you type, preview at a date and audience.
import { AGE_BANDS, createShopscene, LIFE_STAGES, parseSceneConfig, staticAdapter, type SceneIssue } from '@shopscene/core';
import { FestivalFloors } from '@shopscene/widgets';
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
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

function Playground({ initial }: { initial: string }) {
  const [text, setText] = useState(initial);
  const [lang, setLang] = useState<'en' | 'zh'>('en');
  const [time, setTime] = useState('2027-02-01T20:00+08:00');
  const [ageBand, setAgeBand] = useState('');
  const [lifeStage, setLifeStage] = useState('');
  const [device, setDevice] = useState<'' | 'mobile' | 'tablet' | 'desktop'>('');
  const settled = useDebounced(text, 250);
  const result = useMemo(() => parseSceneConfig(settled), [settled]);
  const issues: SceneIssue[] = result.ok ? [] : result.issues;
  const warnings: SceneIssue[] = result.ok ? result.warnings : [];
  const at = Date.parse(time);
  const sdk = useMemo(() => {
    if (!result.ok || !Number.isFinite(at)) return null;
    const traits = Object.fromEntries(Object.entries({ ageBand, lifeStage }).filter(([, v]) => v));
    return createShopscene({
      adapter: catalog,
      scenes: result.value,
      storage: 'memory',
      preview: { time: at, traits, ...(device ? { device } : {}) },
    });
  }, [result, at, ageBand, lifeStage, device]);
  return (
    <div class="playground">
      <div>
        <label for="scene-json">
          <b>Scene JSON</b>
        </label>
        <textarea id="scene-json" spellcheck={false} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
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
            Device{' '}
            <select value={device} onChange={(e) => setDevice((e.target as HTMLSelectElement).value as typeof device)}>
              <option value="">this one</option>
              <option>mobile</option>
              <option>tablet</option>
              <option>desktop</option>
            </select>
          </label>
        </fieldset>
        {sdk ? <FestivalFloors key={`${settled}|${time}|${ageBand}|${lifeStage}|${device}`} shopscene={sdk} waterfall={false} /> : <p class="muted">Fix the issues (or the date) to see the preview.</p>}
      </div>
    </div>
  );
}

void renderShell();
void fetch('/scenes/spring-festival.json')
  .then((r) => r.text())
  .then((initial) => render(<Playground initial={initial} />, document.getElementById('playground')!));
