const make = (n) => { const o = {}; for (let i = 0; i < n; i++) o[`Brand ${i * 37}`] = { w: i, t: i }; return o; };
const base = make(100);
function bench(name, fn) { let o = base; const t = performance.now(); for (let i = 0; i < 100000; i++) o = fn(o, i); console.log(name, (performance.now() - t).toFixed(0), 'ms', Object.keys(o).length); }
bench('spread+set', (o, i) => { const c = { ...o }; c[`Brand ${(i*37)%3700}`] = { w: 1, t: i }; return c; });
bench('spread literal', (o, i) => ({ ...o, [`Brand ${(i*37)%3700}`]: { w: 1, t: i } }));
bench('assign nullproto', (o, i) => { const c = Object.assign(Object.create(null), o); c[`Brand ${(i*37)%3700}`] = { w: 1, t: i }; return c; });
bench('for-in copy', (o, i) => { const c = {}; for (const k in o) c[k] = o[k]; c[`Brand ${(i*37)%3700}`] = { w: 1, t: i }; return c; });
bench('entries', (o, i) => { const c = Object.fromEntries(Object.entries(o)); c[`Brand ${(i*37)%3700}`] = { w: 1, t: i }; return c; });
bench('Map copy', (o, i) => { if (!(o instanceof Map)) o = new Map(Object.entries(o)); const c = new Map(o); c.set(`Brand ${(i*37)%3700}`, { w: 1, t: i }); return c; });
