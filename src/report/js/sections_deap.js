  /* Sections: DEAP parity (docs/dea.md "Scale efficiency" and "Cost, revenue and profit
   * efficiency"). A dea step run with scale (columns crste, vrste, scale, rts_type) keeps its usual
   * section and gets, after it, the returns-to-scale counts by year (irs, drs, crs; chart and table
   * with the mean scale efficiency). A step with prices gets the yearly means of te, ae and ce (cost),
   * te, ae and re (revenue) or pe, pe_tech and pe_alloc (Nerlovian profit inefficiency). The counts
   * drawn are in selfCheck['rts-' + step name] ({year: {irs, drs, crs}}). Helpers here are deap_*. */
  catalogue({
    deapRts: 'Returns to scale by year (DEAP scale table)',
    deapRtsAx: 'number of units',
    deapIrs: 'increasing (irs)',
    deapDrs: 'decreasing (drs)',
    deapCrs: 'constant (crs)',
    deapMeanSe: 'mean scale efficiency',
    deapRtsSay: 'In {y}, {c} of {m} units operate at constant returns to scale (scale efficiency 1), {i} at increasing and {d} at decreasing returns; mean scale efficiency is {s}.',
    deapRtsNote: 'From {f}: columns {cols}; scale = crste / vrste, and a scale-inefficient unit is labelled drs when its NIRS score equals its VRS score, irs otherwise (DEAP 2.1, Coelli 1996).',
    deapCost: 'Cost efficiency by year (means)',
    deapRev: 'Revenue efficiency by year (means)',
    deapProfit: 'Profit inefficiency by year (means; 0 = profit-maximising)',
    deapTe: 'technical efficiency (te)',
    deapAe: 'allocative efficiency (ae)',
    deapCe: 'cost efficiency (ce)',
    deapRe: 'revenue efficiency (re)',
    deapPe: 'profit inefficiency (pe)',
    deapPeT: 'technical part (pe_tech)',
    deapPeA: 'allocative part (pe_alloc)',
    deapCostSay: 'In {y}, mean cost efficiency is {e}, with mean technical efficiency {t} and mean allocative efficiency {a} (for each unit, cost efficiency = technical x allocative efficiency).',
    deapRevSay: 'In {y}, mean revenue efficiency is {e}, with mean technical efficiency {t} and mean allocative efficiency {a} (for each unit, revenue efficiency = technical x allocative efficiency).',
    deapProfitSay: 'In {y}, mean Nerlovian profit inefficiency is {e}: {t} technical and {a} allocative.',
    deapPriceNote: 'From {f}: columns {cols}, with each unit\'s own prices (Färe, Grosskopf and Lovell 1985; Nerlovian profit inefficiency after Chambers, Chung and Färe 1998, normalised by observed revenue plus cost).'
  }, {
    deapRts: '各年规模报酬类型（DEAP 规模效率表）',
    deapRtsAx: '地区数',
    deapIrs: '规模报酬递增（irs）',
    deapDrs: '规模报酬递减（drs）',
    deapCrs: '规模报酬不变（crs）',
    deapMeanSe: '规模效率均值',
    deapRtsSay: '{y} 年 {m} 个地区中，{c} 个处于规模报酬不变（规模效率为 1），{i} 个处于规模报酬递增，{d} 个处于规模报酬递减；规模效率均值为 {s}。',
    deapRtsNote: '数据取自 {f} 的 {cols} 列；规模效率 = 综合技术效率 / 纯技术效率，规模无效地区若 NIRS 得分等于 VRS 得分则记为 drs，否则记为 irs（DEAP 2.1，Coelli 1996）。',
    deapCost: '各年成本效率（均值）',
    deapRev: '各年收入效率（均值）',
    deapProfit: '各年利润无效率（均值；0 = 利润最大化）',
    deapTe: '技术效率（te）',
    deapAe: '配置效率（ae）',
    deapCe: '成本效率（ce）',
    deapRe: '收入效率（re）',
    deapPe: '利润无效率（pe）',
    deapPeT: '技术部分（pe_tech）',
    deapPeA: '配置部分（pe_alloc）',
    deapCostSay: '{y} 年成本效率均值为 {e}，技术效率均值为 {t}，配置效率均值为 {a}（对每个地区，成本效率 = 技术效率 × 配置效率）。',
    deapRevSay: '{y} 年收入效率均值为 {e}，技术效率均值为 {t}，配置效率均值为 {a}（对每个地区，收入效率 = 技术效率 × 配置效率）。',
    deapProfitSay: '{y} 年 Nerlove 利润无效率均值为 {e}：技术部分 {t}，配置部分 {a}。',
    deapPriceNote: '数据取自 {f} 的 {cols} 列，按各地区自身价格计算（Färe、Grosskopf 与 Lovell，1985；Nerlove 利润无效率依 Chambers、Chung 与 Färe，1998，以观测收入与成本之和标准化）。'
  });

  /* Years (sorted) and, per year, the values of the records. */
  function deap_byYear(c, keys) {
    var by = {}, ys = {};
    for (var i = 0; i < c._n; i++) {
      var y = c[D.time][i];
      ys[y] = 1;
      var b = by[y] = by[y] || {};
      keys.forEach(function (k) {
        var v = c[k] ? c[k][i] : null;
        if (v === null || v === undefined || (typeof v === 'number' && !isFinite(v))) return;
        (b[k] = b[k] || []).push(v);
      });
    }
    return {years: Object.keys(ys).map(Number).sort(function (a, b) { return a - b; }), by: by};
  }

  function deap_scale(step, sec, tab) {
    var c = cols(tab), yb = deap_byYear(c, ['rts_type', 'scale']), check = {};
    var ys = yb.years.filter(function (y) { return yb.by[y].rts_type; });
    if (!ys.length) return;
    var kinds = ['irs', 'drs', 'crs'], names = {irs: T.deapIrs, drs: T.deapDrs, crs: T.deapCrs};
    var m = {groups: kinds.map(function (k) { return names[k]; }), years: ys, series: {}};
    kinds.forEach(function (k) {
      m.series[names[k]] = ys.map(function (y) { return yb.by[y].rts_type.filter(function (v) { return v === k; }).length; });
    });
    ys.forEach(function (y) {
      check[y] = {};
      kinds.forEach(function (k) { check[y][k] = m.series[names[k]][ys.indexOf(y)]; });
    });
    selfCheck['rts-' + step.name] = check;
    sec.appendChild(el('h3', {}, T.deapRts));
    chart(sec, lineOption(m, T.deapRtsAx));
    table(sec, [T['col.year']].concat(m.groups).concat([T.deapMeanSe]), ys.map(function (y, j) {
      var se = yb.by[y].scale;
      return [y, m.series[names.irs][j], m.series[names.drs][j], m.series[names.crs][j], se ? mean(se) : ''];
    }), 0, ['int', 'int', 'int', 'int', 'idx']);
    var yl = ys[ys.length - 1], jl = ys.length - 1, sl = yb.by[yl].scale;
    say(fmt(T.deapRtsSay, {y: yl, m: yb.by[yl].rts_type.length, c: m.series[names.crs][jl], i: m.series[names.irs][jl],
      d: m.series[names.drs][jl], s: sl ? num(mean(sl)) : ''}));
    note(sec, T.deapRtsNote, {f: {src: step.name + '.csv'}, cols: {src: ['crste', 'vrste', 'scale', 'rts_type']}});
  }

  function deap_prices(step, sec, tab) {
    var has = function (k) { return tab.columns.indexOf(k) >= 0; };
    var set = has('ce') ? ['te', 'ae', 'ce', T.deapCost, T.deapCostSay, [T.deapTe, T.deapAe, T.deapCe]]
      : has('re') ? ['te', 'ae', 're', T.deapRev, T.deapRevSay, [T.deapTe, T.deapAe, T.deapRe]]
      : has('pe') ? ['pe_tech', 'pe_alloc', 'pe', T.deapProfit, T.deapProfitSay, [T.deapPeT, T.deapPeA, T.deapPe]] : null;
    if (!set) return;
    var c = cols(tab), yb = deap_byYear(c, set.slice(0, 3)), ys = yb.years.filter(function (y) { return yb.by[y][set[2]]; });
    if (!ys.length) return;
    var m = {groups: set[5], years: ys, series: {}};
    set[5].forEach(function (g, k) {
      m.series[g] = ys.map(function (y) { var a = yb.by[y][set[k]]; return a ? +mean(a).toFixed(4) : null; });
    });
    sec.appendChild(el('h3', {}, set[3]));
    chart(sec, lineOption(m, set[3]));
    table(sec, [T['col.year']].concat(set[5]), ys.map(function (y, j) {
      return [y].concat(set[5].map(function (g) { var v = m.series[g][j]; return v === null ? '' : v; }));
    }), 0, ['int', 'idx', 'idx', 'idx']);
    var jl = ys.length - 1;
    say(fmt(set[4], {y: ys[jl], t: num(m.series[set[5][0]][jl]), a: num(m.series[set[5][1]][jl]), e: num(m.series[set[5][2]][jl])}));
    note(sec, T.deapPriceNote, {f: {src: step.name + '.csv'}, cols: {src: set.slice(0, 3)}});
  }

  var deap_deaBase = renderers.dea;
  renderers.dea = function (step, sec) {
    if (deap_deaBase) deap_deaBase(step, sec);
    var tab = step.tables.main;
    if (!tab) return;
    if (tab.columns.indexOf('rts_type') >= 0) deap_scale(step, sec, tab);
    deap_prices(step, sec, tab);
  };
