// The marketer's report page: what each A/B test, each scene and the store's shoppers did, read from
// /v1/reports/* with the store's admin token (kept for this tab only), in English or Chinese. Every
// chart (ECharts) has its figures in a table beside it; everything works by keyboard.
'use strict';

const STRINGS = {
  en: {
    title: 'shopscene reports',
    switchTo: '中文',
    switchLabel: 'Switch the page to Chinese',
    tabs: { experiments: 'A/B tests', campaigns: 'Campaigns', shoppers: 'Shoppers' },
    loginTitle: 'Sign in',
    loginHelp: "Reports need the store's admin token (sk_…), as shopscene-server printed it when the store was made. It is kept in this tab only.",
    tokenLabel: 'Admin token',
    loginGo: 'Show the reports',
    refused: 'That token was refused: check it and try again.',
    loading: 'Loading…',
    failed: (why) => `The report could not be loaded: ${why}`,
    refreshed: (when) => `Figures as of the last refresh, ${when}.`,
    neverRefreshed: 'The refresh job has not run yet: the figures appear after its first run (POST /v1/admin/refresh, or wait for the schedule).',
    download: 'Download CSV',
    experiment: 'A/B test',
    noExperiments: 'No A/B test yet. Give a scene or a floor "variants" in the scene config; results appear once shoppers see them.',
    srm: (p) => `Sample ratio mismatch (p = ${p}): the shoppers did not split as the weights say. Something in the test's set-up is broken; do not trust its results until it is fixed.`,
    notEnough: 'Not enough data yet: the figures are shown, but no call is made until each variation has at least 8 shoppers and each metric 150 conversions in all.',
    noData: 'No shopper has seen this test yet.',
    multiple: (n) => `${n} shoppers were shown more than one variation (on different devices before signing in); each is counted in the first they saw.`,
    variation: 'Variation',
    control: 'control',
    weight: 'Weight',
    shoppersExposed: 'Shoppers exposed',
    metrics: { clickThrough: 'Click-through', addToCart: 'Add-to-cart rate', conversion: 'Conversion', revenue: 'Revenue per shopper', orderValue: 'Average order value' },
    variationsCaption: 'Each variation, per exposed shopper (only what happened after their first exposure)',
    resultsCaption: (reading) => `Against control: relative lift and its 95 % interval (${reading})`,
    readings: { sequential: 'peeking-safe', frequentist: 'fixed horizon', bayesian: 'Bayesian' },
    readingLabel: 'Interval',
    readingHelp: 'Peeking-safe intervals stay right however often you look; use them for the daily view. Fixed-horizon intervals are right only when read once, at the planned end.',
    metric: 'Metric',
    lift: 'Lift',
    interval: '95 % interval',
    chance: 'Chance to beat control',
    pValue: 'p-value',
    call: 'Call',
    calls: { win: 'Better', lose: 'Worse', flat: 'No clear difference', wait: 'Not enough data' },
    cuped: (lo, hi) => `with CUPED: ${lo} to ${hi}`,
    conversionChart: 'Conversion by variation',
    liftChart: 'Lift in conversion over time, with its peeking-safe interval',
    day: 'Day',
    campaign: 'Scene',
    noCampaigns: 'No scene yet. Put a scene config (PUT /v1/admin/scenes).',
    phases: { '*': 'Whole scene', seeding: 'Seeding', growing: 'Growing', harvest: 'Harvest', nurture: 'Nurture' },
    campaignMetrics: {
      floor_view: 'Floor views', floor_click: 'Floor clicks', coupon: 'Coupons claimed', group_start: 'Group buys started', group_join: 'Group buys joined', group_fill: 'Groups filled',
      live_click: 'Live-stream clicks', share: 'Shares', landing: 'Landings through a share', referred_order: 'Orders by those who landed', venue_order: 'Orders after a venue view',
    },
    events: 'Events',
    shoppers: 'Shoppers',
    revenue: 'Revenue',
    phaseCaption: 'Per phase: events (shoppers)',
    dailyChart: 'Day by day',
    keys: { floor_view: 'Views by floor', floor_click: 'Clicks by floor', coupon: 'Coupons', group_start: 'Group buys started, by product', live_click: 'Clicks by stream', landing: 'Word of mouth, by referrer code', referred_order: 'Orders by referrer code' },
    key: 'Which',
    brand: 'Brand',
    noShoppers: 'No shopper flow yet: it is kept by the refresh job from the stored events.',
    stages: { awareness: 'Awareness', interest: 'Interest', purchase: 'Purchase', loyalty: 'Loyalty', none: 'None' },
    aiplChart: (b) => `AIPL stages of ${b}'s shoppers`,
    flowsCaption: (b, from, to) => `How ${b}'s shoppers moved, ${from} to ${to}`,
    from: 'From',
    to: 'To',
    rfmChart: 'RFM tiers over time',
    rfmCaption: 'Shoppers in each RFM tier',
    snapshot: 'Snapshot',
    fastCaption: 'FAST per brand at the last snapshot',
    fast: { F: 'F: reachable shoppers', A: 'A: moving up a stage', S: 'S: super users', T: 'T: super users active' },
    fastHelp: 'F counts shoppers at any AIPL stage with the brand; A, the share of them who moved up a stage since the snapshot before; S, loyal shoppers of high value (RFM monetary score at least 3); T, the share of super users active in the period.',
    segments: {
      none: 'No order yet', 'important-value': 'Important value', 'important-development': 'Important to develop', 'important-retention': 'Important to keep', 'important-recall': 'Important to win back',
      'general-value': 'General value', 'general-development': 'General to develop', 'general-retention': 'General to keep', 'general-recall': 'General to win back',
    },
    noBrands: 'No brand yet: brands come from the items of the events (item_brand, filled in from the catalog).',
    seeTable: 'the same figures are in the table below',
  },
  'zh-CN': {
    title: 'shopscene 报表',
    switchTo: 'English',
    switchLabel: '切换为英文',
    tabs: { experiments: 'A/B 测试', campaigns: '活动', shoppers: '消费者' },
    loginTitle: '登录',
    loginHelp: '查看报表需要店铺的管理令牌（sk_…），即 shopscene-server 创建店铺时打印的令牌。它只保存在当前标签页。',
    tokenLabel: '管理令牌',
    loginGo: '查看报表',
    refused: '令牌被拒绝：请检查后重试。',
    loading: '加载中…',
    failed: (why) => `报表加载失败：${why}`,
    refreshed: (when) => `数据截至最近一次刷新：${when}。`,
    neverRefreshed: '刷新任务尚未运行：首次运行后显示数据（POST /v1/admin/refresh，或等待定时任务）。',
    download: '下载 CSV',
    experiment: 'A/B 测试',
    noExperiments: '还没有 A/B 测试。在场景配置中为场景或楼层设置 "variants"，消费者看到后即出现结果。',
    srm: (p) => `样本比例失衡（p = ${p}）：消费者的分流与配置的权重不符。测试设置有误，修复前请勿采信结果。`,
    notEnough: '数据不足：已显示数据，但在每个版本至少 8 位消费者、每项指标合计 150 次转化之前不做判断。',
    noData: '还没有消费者看到这个测试。',
    multiple: (n) => `${n} 位消费者看到了多个版本（登录前在不同设备上）；每人按首次看到的版本计。`,
    variation: '版本',
    control: '对照组',
    weight: '权重',
    shoppersExposed: '曝光人数',
    metrics: { clickThrough: '点击率', addToCart: '加购率', conversion: '转化率', revenue: '人均收入', orderValue: '客单价' },
    variationsCaption: '各版本，按曝光消费者计（仅统计首次曝光之后的行为）',
    resultsCaption: (reading) => `与对照组相比：相对提升及其 95% 区间（${reading}）`,
    readings: { sequential: '可随时查看', frequentist: '固定样本', bayesian: '贝叶斯' },
    readingLabel: '区间',
    readingHelp: '“可随时查看”的区间无论查看多少次都有效，适合每日查看；“固定样本”区间只在计划结束时查看一次才有效。',
    metric: '指标',
    lift: '提升',
    interval: '95% 区间',
    chance: '优于对照组的概率',
    pValue: 'p 值',
    call: '结论',
    calls: { win: '更好', lose: '更差', flat: '无明显差异', wait: '数据不足' },
    cuped: (lo, hi) => `CUPED 校正后：${lo} 至 ${hi}`,
    conversionChart: '各版本转化率',
    liftChart: '转化率提升随时间变化（可随时查看的区间）',
    day: '日期',
    campaign: '场景',
    noCampaigns: '还没有场景。请上传场景配置（PUT /v1/admin/scenes）。',
    phases: { '*': '整个活动', seeding: '蓄水期', growing: '预热期', harvest: '爆发期', nurture: '返场期' },
    campaignMetrics: {
      floor_view: '楼层浏览', floor_click: '楼层点击', coupon: '领券', group_start: '发起拼团', group_join: '参与拼团', group_fill: '成团',
      live_click: '直播点击', share: '分享', landing: '分享带来的访问', referred_order: '分享带来的订单', venue_order: '浏览会场后的订单',
    },
    events: '次数',
    shoppers: '人数',
    revenue: '收入',
    phaseCaption: '各阶段：次数（人数）',
    dailyChart: '每日趋势',
    keys: { floor_view: '各楼层浏览', floor_click: '各楼层点击', coupon: '优惠券', group_start: '各商品发起拼团', live_click: '各直播点击', landing: '口碑传播（按推荐码）', referred_order: '推荐码带来的订单' },
    key: '对象',
    brand: '品牌',
    noShoppers: '还没有消费者流转数据：由刷新任务根据已存事件计算。',
    stages: { awareness: '认知', interest: '兴趣', purchase: '购买', loyalty: '忠诚', none: '无' },
    aiplChart: (b) => `${b} 的 AIPL 人群`,
    flowsCaption: (b, from, to) => `${b} 的人群流转，${from} 至 ${to}`,
    from: '从',
    to: '到',
    rfmChart: 'RFM 分层变化',
    rfmCaption: '各 RFM 分层人数',
    snapshot: '快照',
    fastCaption: '各品牌最近一次快照的 FAST',
    fast: { F: 'F：可触达人数', A: 'A：升级比例', S: 'S：超级用户', T: 'T：超级用户活跃度' },
    fastHelp: 'F 为与品牌处于任一 AIPL 阶段的人数；A 为其中较上次快照升级的比例；S 为高价值的忠诚用户（RFM 金额得分至少 3）；T 为本期活跃的超级用户比例。',
    segments: {
      none: '尚无订单', 'important-value': '重要价值客户', 'important-development': '重要发展客户', 'important-retention': '重要保持客户', 'important-recall': '重要挽留客户',
      'general-value': '一般价值客户', 'general-development': '一般发展客户', 'general-retention': '一般保持客户', 'general-recall': '一般挽留客户',
    },
    noBrands: '还没有品牌：品牌来自事件中的商品（item_brand，由商品目录补全）。',
    seeTable: '下方表格列出相同数据',
  },
};

const state = {
  lang: localStorage.getItem('shopscene.report.lang') === 'zh-CN' || new URLSearchParams(location.search).get('lang') === 'zh-CN' ? 'zh-CN' : 'en',
  token: sessionStorage.getItem('shopscene.report.token') || '',
  tab: 'experiments',
  selected: {},
  reading: 'sequential',
  charts: [],
};
const t = () => STRINGS[state.lang];
const $ = (id) => document.getElementById(id);

/** An element with attributes and children; text is always text (never parsed as markup). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) el.append(child instanceof Node ? child : String(child));
  return el;
}

const number = (n, digits = 0) => new Intl.NumberFormat(state.lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
const percent = (x, digits = 1) => new Intl.NumberFormat(state.lang, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits }).format(x);
const signed = (x) => `${x > 0 ? '+' : ''}${percent(x)}`;
const money = (x) => number(x, 2);
const date = (ms) => new Intl.DateTimeFormat(state.lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(ms);

/** GET a report as JSON with the token; a refusal shows the sign-in form. */
async function api(path) {
  const response = await fetch(path, { headers: { authorization: `Bearer ${state.token}` } });
  if (response.status === 401 || response.status === 403) {
    showLogin(true);
    throw new Error(t().refused);
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

/** Fetches the CSV of a report with the token and hands it to the browser as a download. */
async function download(path, name) {
  const response = await fetch(`${path}${path.includes('?') ? '&' : '?'}format=csv`, { headers: { authorization: `Bearer ${state.token}` } });
  const url = URL.createObjectURL(await response.blob());
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function showLogin(refused) {
  $('login').hidden = false;
  $('login-error').textContent = refused ? t().refused : '';
  $('main').hidden = true;
  $('token').focus();
}

/** A chart with its figures beside it: the chart is an image to assistive technology, named, pointing to the table. */
function chart(title, option) {
  const box = h('div', { class: 'chart', role: 'img', 'aria-label': `${title} (${t().seeTable})` });
  queueMicrotask(() => {
    if (!window.echarts || !box.isConnected) return;
    const c = window.echarts.init(box, null, { renderer: 'svg' });
    // ECharts names the chart for assistive technology with our words (its own are in English only).
    c.setOption({ aria: { enabled: true, label: { description: `${title} (${t().seeTable})` } }, animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' }, tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 56, right: 24, top: 40, bottom: 40 }, ...option });
    state.charts.push(c);
  });
  return h('figure', { class: 'card' }, h('figcaption', {}, h('h3', {}, title)), box);
}

function table(caption, head, rows) {
  return h('table', {}, h('caption', {}, caption), h('thead', {}, h('tr', {}, head.map((x) => h('th', { scope: 'col' }, x)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((x, i) => (i === 0 ? h('th', { scope: 'row' }, x) : h('td', {}, x)))))));
}

function picker(label, id, options, value, onChange) {
  const select = h('select', { id, onchange: (e) => onChange(e.target.value) }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return h('div', { class: 'row' }, h('label', { for: id }, label), select);
}

// ---- A/B tests -------------------------------------------------------------------------------------

function callOf(result) {
  if (!result.enoughData) return ['wait', ''];
  const reading = result[state.reading];
  const significant = state.reading === 'bayesian' ? result.bayesian.chanceToWin > 0.95 || result.bayesian.chanceToWin < 0.05 : reading.significant;
  if (!significant) return ['flat', ''];
  return result.lift > 0 ? ['win', 'win'] : ['lose', 'lose'];
}

async function experimentsView(view) {
  const list = await api('v1/reports/experiments');
  view.append(refreshedNote(list.refreshedAt));
  if (!list.experiments.length) return view.append(h('p', { class: 'empty' }, t().noExperiments));
  const id = state.selected.experiment && list.experiments.some((e) => e.id === state.selected.experiment) ? state.selected.experiment : list.experiments[0].id;
  state.selected.experiment = id;
  view.append(
    h('div', { class: 'row' },
      picker(t().experiment, 'experiment', list.experiments.map((e) => [e.id, `${e.id} (${number(e.shoppers)})`]), id, (v) => ((state.selected.experiment = v), render())),
      h('button', { type: 'button', class: 'quiet', onclick: () => download(`v1/reports/experiments/${encodeURIComponent(id)}`, `experiment-${id}.csv`) }, t().download),
    ),
  );
  const r = await api(`v1/reports/experiments/${encodeURIComponent(id)}`);
  const s = t();
  if (r.status === 'srm') view.append(h('p', { class: 'alert', role: 'alert' }, s.srm(r.srm.pValue.toExponential(2))));
  if (r.status === 'not-enough-data' || (r.status === 'ok' && r.results.some((x) => !x.enoughData))) view.append(h('p', { class: 'wait' }, s.notEnough));
  if (r.status === 'no-data') return view.append(h('p', { class: 'empty' }, s.noData));
  const multiple = r.variations.reduce((a, v) => a + v.multipleVariants, 0);
  if (multiple) view.append(h('p', { class: 'note' }, s.multiple(multiple)));
  const name = (v) => (v === r.control ? `${v} (${s.control})` : v);
  const metricCell = (m, v) => (m === 'revenue' || m === 'orderValue' ? money(v.metrics[m].mean) : percent(v.metrics[m].mean));
  view.append(
    h('section', { class: 'card' },
      table(s.variationsCaption, [s.variation, s.weight, s.shoppersExposed, ...Object.values(s.metrics)], r.variations.map((v) => [name(v.id), number(v.weight), number(v.shoppers), ...Object.keys(s.metrics).map((m) => metricCell(m, v))])),
    ),
  );
  const reading = h('fieldset', { class: 'row' }, h('legend', {}, s.readingLabel), Object.entries(s.readings).map(([k, label]) =>
    h('label', {}, h('input', { type: 'radio', name: 'reading', value: k, checked: state.reading === k, onchange: () => ((state.reading = k), render()) }), ` ${label}`),
  ));
  const rows = r.results.map((x) => {
    const interval = x[state.reading].interval;
    const [call, cls] = callOf(x);
    return [
      s.metrics[x.metric],
      x.variant,
      signed(x.lift),
      `${signed(interval[0])} … ${signed(interval[1])}${x.cuped ? ` (${s.cuped(signed(x.cuped[state.reading].interval[0]), signed(x.cuped[state.reading].interval[1]))})` : ''}`,
      percent(x.bayesian.chanceToWin),
      x.frequentist.pValue < 0.001 ? '< 0.001' : number(x.frequentist.pValue, 3),
      h('span', { class: cls }, s.calls[call]),
    ];
  });
  view.append(h('section', { class: 'card' }, reading, h('p', { class: 'note' }, s.readingHelp), table(s.resultsCaption(s.readings[state.reading]), [s.metric, s.variation, s.lift, s.interval, s.chance, s.pValue, s.call], rows)));
  view.append(
    chart(s.conversionChart, {
      xAxis: { type: 'category', data: r.variations.map((v) => name(v.id)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => percent(v, 0) } },
      series: [{ type: 'bar', name: s.metrics.conversion, data: r.variations.map((v) => v.metrics.conversion.mean) }],
    }),
  );
  const others = r.variations.filter((v) => v.id !== r.control).map((v) => v.id);
  view.append(
    chart(s.liftChart, {
      xAxis: { type: 'category', data: r.daily.map((d) => date(d.day)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => signed(v) } },
      series: others.flatMap((v) => [
        { type: 'line', name: v, data: r.daily.map((d) => d.lift[v]?.lift ?? null) },
        { type: 'line', name: `${v} ↓`, lineStyle: { type: 'dashed' }, data: r.daily.map((d) => clamp(d.lift[v]?.interval[0])) },
        { type: 'line', name: `${v} ↑`, lineStyle: { type: 'dashed' }, data: r.daily.map((d) => clamp(d.lift[v]?.interval[1])) },
      ]),
    }),
    table(s.liftChart, [s.day, ...others.map((v) => `${v}: ${s.lift} (${s.interval})`)], r.daily.map((d) => [date(d.day), ...others.map((v) => (d.lift[v] ? `${signed(d.lift[v].lift)} (${signed(d.lift[v].interval[0])} … ${signed(d.lift[v].interval[1])})` : '—'))])),
  );
}
/** An interval's end as drawn: very wide early intervals are cut at ±100 % so the line stays readable. */
const clamp = (x) => (x === undefined ? null : Math.max(-1, Math.min(1, x)));

// ---- Campaigns -------------------------------------------------------------------------------------

async function campaignsView(view) {
  const list = await api('v1/reports/campaigns');
  view.append(refreshedNote(list.refreshedAt));
  if (!list.campaigns.length) return view.append(h('p', { class: 'empty' }, t().noCampaigns));
  const id = state.selected.campaign && list.campaigns.some((c) => c.id === state.selected.campaign) ? state.selected.campaign : list.campaigns[0].id;
  state.selected.campaign = id;
  const s = t();
  view.append(
    h('div', { class: 'row' },
      picker(s.campaign, 'campaign', list.campaigns.map((c) => [c.id, c.id]), id, (v) => ((state.selected.campaign = v), render())),
      h('button', { type: 'button', class: 'quiet', onclick: () => download(`v1/reports/campaigns/${encodeURIComponent(id)}`, `campaign-${id}.csv`) }, t().download),
    ),
  );
  const r = await api(`v1/reports/campaigns/${encodeURIComponent(id)}`);
  const whole = r.phases['*'];
  const metrics = Object.keys(s.campaignMetrics);
  view.append(
    h('section', { class: 'card kpis', 'aria-label': s.phases['*'] }, metrics.map((m) =>
      h('div', { class: 'kpi' }, h('b', {}, m.endsWith('_order') ? `${number(whole[m].events)} · ${money(whole[m].value)}` : number(whole[m].events)), h('span', {}, `${s.campaignMetrics[m]} (${number(whole[m].shoppers)} ${s.shoppers})`)),
    )),
  );
  const phases = ['seeding', 'growing', 'harvest', 'nurture'].filter((p) => r.phases[p]);
  view.append(h('section', { class: 'card' }, table(s.phaseCaption, [s.metric, ...phases.map((p) => s.phases[p]), s.phases['*']], metrics.map((m) => [s.campaignMetrics[m], ...[...phases, '*'].map((p) => `${number(r.phases[p][m].events)} (${number(r.phases[p][m].shoppers)})`)]))));
  const shown = ['floor_view', 'floor_click', 'venue_order', 'share'];
  view.append(
    chart(s.dailyChart, {
      xAxis: { type: 'category', data: r.daily.map((d) => date(d.day)) },
      yAxis: { type: 'value' },
      series: shown.map((m) => ({ type: 'line', name: s.campaignMetrics[m], data: r.daily.map((d) => d.counts[m] ?? 0) })),
    }),
    h('section', { class: 'card' }, table(s.dailyChart, [s.day, ...shown.map((m) => s.campaignMetrics[m]), s.revenue], r.daily.map((d) => [date(d.day), ...shown.map((m) => number(d.counts[m] ?? 0)), money(d.revenue)]))),
  );
  for (const [metric, caption] of Object.entries(s.keys)) {
    const rows = r.byKey[metric] || [];
    if (!rows.length) continue;
    view.append(h('section', { class: 'card' }, table(caption, [s.key, s.events, s.shoppers, s.revenue], rows.slice(0, 20).map((k) => [k.key || '—', number(k.events), number(k.shoppers), money(k.value)]))));
  }
}

// ---- Shoppers --------------------------------------------------------------------------------------

async function shoppersView(view) {
  const all = await api('v1/reports/shoppers');
  view.append(refreshedNote(all.refreshedAt));
  const s = t();
  if (!all.snapshots.length) return view.append(h('p', { class: 'empty' }, s.noShoppers));
  const brand = all.brands.includes(state.selected.brand) ? state.selected.brand : all.brands[0];
  state.selected.brand = brand;
  view.append(h('div', { class: 'row' },
    all.brands.length ? picker(s.brand, 'brand', all.brands.map((b) => [b, b]), brand, (v) => ((state.selected.brand = v), render())) : null,
    h('button', { type: 'button', class: 'quiet', onclick: () => download('v1/reports/shoppers', 'shoppers.csv') }, s.download),
  ));
  const stages = ['awareness', 'interest', 'purchase', 'loyalty'];
  if (brand) {
    const series = all.aipl[brand];
    view.append(
      chart(s.aiplChart(brand), {
        xAxis: { type: 'category', data: series.map((p) => date(p.at)) },
        yAxis: { type: 'value' },
        series: stages.map((st) => ({ type: 'line', stack: 'aipl', areaStyle: {}, name: s.stages[st], data: series.map((p) => p.stages[st] ?? 0) })),
      }),
      h('section', { class: 'card' }, table(s.aiplChart(brand), [s.snapshot, ...stages.map((st) => s.stages[st])], series.map((p) => [date(p.at), ...stages.map((st) => number(p.stages[st] ?? 0))]))),
    );
    const flows = all.flows[brand].filter((f) => f.from !== f.to).sort((a, b) => b.shoppers - a.shoppers);
    const snaps = all.snapshots;
    if (flows.length) view.append(h('section', { class: 'card' }, table(s.flowsCaption(brand, date(snaps.at(-2) ?? snaps.at(-1)), date(snaps.at(-1))), [s.from, s.to, s.shoppers], flows.map((f) => [s.stages[f.from], s.stages[f.to], number(f.shoppers)]))));
  }
  const segments = [...new Set(all.rfm.flatMap((p) => Object.keys(p.segments)))].sort();
  const segmentName = (x) => s.segments[x] || x;
  view.append(
    chart(s.rfmChart, {
      xAxis: { type: 'category', data: all.rfm.map((p) => date(p.at)) },
      yAxis: { type: 'value' },
      series: segments.map((seg) => ({ type: 'bar', stack: 'rfm', name: segmentName(seg), data: all.rfm.map((p) => p.segments[seg] ?? 0) })),
    }),
    h('section', { class: 'card' }, table(s.rfmCaption, [s.snapshot, ...segments.map(segmentName)], all.rfm.map((p) => [date(p.at), ...segments.map((seg) => number(p.segments[seg] ?? 0))]))),
  );
  const latest = all.brands.map((b) => all.fast[b].at(-1)).filter(Boolean);
  view.append(h('section', { class: 'card' },
    latest.length ? table(s.fastCaption, [s.brand, s.fast.F, s.fast.A, s.fast.S, s.fast.T], latest.map((f) => [f.brand, number(f.reachable), percent(f.advancing), number(f.superUsers), percent(f.thriving)])) : h('p', { class: 'empty' }, s.noBrands),
    h('p', { class: 'note' }, s.fastHelp),
  ));
}

// ---- The page --------------------------------------------------------------------------------------

function refreshedNote(at) {
  return h('p', { class: 'note' }, at ? t().refreshed(new Intl.DateTimeFormat(state.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(at)) : t().neverRefreshed);
}

const VIEWS = { experiments: experimentsView, campaigns: campaignsView, shoppers: shoppersView };

/** Draws the page in the current language: the tabs, and the current tab's report. */
async function render() {
  const s = t();
  document.documentElement.lang = state.lang;
  document.title = s.title;
  $('title').textContent = s.title;
  $('lang').textContent = s.switchTo;
  $('lang').setAttribute('aria-label', `${s.switchTo}: ${s.switchLabel}`); // the name holds the visible text
  $('lang').setAttribute('lang', state.lang === 'en' ? 'zh-CN' : 'en');
  $('login-title').textContent = s.loginTitle;
  $('login-help').textContent = s.loginHelp;
  $('token-label').textContent = s.tokenLabel;
  $('login-go').textContent = s.loginGo;
  $('tabs').replaceChildren(...Object.entries(s.tabs).map(([key, label]) =>
    h('button', { type: 'button', 'aria-current': key === state.tab ? 'page' : null, onclick: () => { state.tab = key; history.replaceState(null, '', `#${key}`); render(); } }, label),
  ));
  if (!state.token) return showLogin(false);
  $('login').hidden = true;
  $('main').hidden = false;
  for (const c of state.charts.splice(0)) c.dispose();
  const view = h('div', {});
  $('view').replaceChildren(view);
  $('status').textContent = s.loading;
  try {
    await VIEWS[state.tab](view);
    $('status').textContent = '';
  } catch (error) {
    $('status').textContent = s.failed(error instanceof Error ? error.message : String(error));
  }
}

document.addEventListener('DOMContentLoaded', () => {
  // A token in the address (#token=sk_…, never sent to the server): taken, then taken out of the address.
  const fromHash = /[#&]token=([^&]+)/.exec(location.hash);
  if (fromHash) {
    state.token = decodeURIComponent(fromHash[1]);
    sessionStorage.setItem('shopscene.report.token', state.token);
  }
  const tab = /^#(experiments|campaigns|shoppers)/.exec(location.hash);
  if (tab) state.tab = tab[1];
  history.replaceState(null, '', `${location.pathname}${location.search}#${state.tab}`);
  $('login').addEventListener('submit', (e) => {
    e.preventDefault();
    state.token = $('token').value.trim();
    sessionStorage.setItem('shopscene.report.token', state.token);
    render();
  });
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'en' ? 'zh-CN' : 'en';
    localStorage.setItem('shopscene.report.lang', state.lang);
    render();
  });
  addEventListener('resize', () => state.charts.forEach((c) => c.resize()));
  render();
});
