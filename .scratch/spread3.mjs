function rnd(seed) { return () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296); }
const dict = () => { const o = { a: 1, b: 1 }; delete o.a; delete o.b; return o; };
function run(name, fresh) {
  const next = rnd(3);
  let o = fresh();
  const t = performance.now();
  for (let i = 0; i < 100000; i++) {
    const c = { ...o };
    c[`Brand ${Math.floor(next() * 3000)}`] = { w: 1, t: i };
    const keys = Object.keys(c);
    if (keys.length > 100) { const k = fresh(); for (const key of keys.slice(0, 80)) k[key] = c[key]; o = k; } else o = c;
  }
  console.log(name, (performance.now() - t).toFixed(0), 'ms');
}
run('plain {}', () => ({}));
run('dict', dict);
