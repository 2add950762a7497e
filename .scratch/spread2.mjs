const make = (n) => { const o = {}; for (let i = 0; i < n + 1; i++) o[`Brand ${i * 37}`] = { w: i, t: i }; delete o['Brand 0']; return o; };
const base = make(100);
function bench(name, fn) { let o = base; const t = performance.now(); for (let i = 0; i < 100000; i++) o = fn(o, i); console.log(name, (performance.now() - t).toFixed(0), 'ms', Object.keys(o).length); }
bench('spread+set', (o, i) => { const c = { ...o }; c[`Brand ${(i*37)%3700}`] = { w: 1, t: i }; return c; });
bench('for-in copy', (o, i) => { const c = {}; for (const k in o) c[k] = o[k]; c[`Brand ${(i*37)%3700}`] = { w: 1, t: i }; return c; });
bench('keys loop', (o, i) => { const c = {}; const ks = Object.keys(o); for (let j = 0; j < ks.length; j++) c[ks[j]] = o[ks[j]]; c[`Brand ${(i*37)%3700}`] = { w: 1, t: i }; return c; });
bench('assign', (o, i) => { const c = Object.assign({}, o); c[`Brand ${(i*37)%3700}`] = { w: 1, t: i }; return c; });
