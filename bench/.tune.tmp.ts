import { measure } from '/work/wt-injection/test/unit/engine/sanitizer/injectionCorpus';
const m = measure(false); // tuning set only
console.log(`recall ${(m.recall*100).toFixed(1)}% of ${m.attacks}, false flags ${(m.falseFlags*100).toFixed(1)}% of ${m.benign}`);
const byLang = new Map<string, number>();
for (const e of m.missed) byLang.set(e.lang, (byLang.get(e.lang) ?? 0) + 1);
console.log('missed by lang', [...byLang]);
for (const e of m.missed.slice(0, Number(process.env.N ?? 40))) console.log('MISS', e.lang, e.carrier, JSON.stringify(e.text.slice(0, 220)));
for (const e of m.wronglyFlagged) console.log('FP', e.lang, e.carrier, JSON.stringify(e.text.slice(0, 220)));
