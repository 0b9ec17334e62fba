  /* Section part: production-function TFP (`nqpf prodest`, docs/prodest.md): the coefficient table
   * of the step, with every prodest step of the study side by side (one column pair per method),
   * the distribution of log TFP (omega) by year (mean and quartiles; group means when the study
   * defines groups), and a sentence on the average yearly growth of TFP between the first and the
   * last year. selfCheck.pdRows holds the number of coefficient rows drawn. */
  catalogue({
    prodest: 'Firm TFP by production-function estimation',
    'pd.op': 'Olley-Pakes (1996)',
    'pd.lp': 'Levinsohn-Petrin (2003)',
    'pd.acf': 'Ackerberg-Caves-Frazer (2015)',
    'pd.wrdg': 'Wooldridge (2009) GMM',
    pdCoefT: 'Output elasticities of the inputs',
    pdTerm: 'input',
    pdEst: '{m}',
    pdSe: 's.e.',
    pdN: 'observations',
    pdSum: 'sum (returns to scale)',
    pdDistT: 'Log TFP (ω) by year: mean and quartiles',
    pdGroupT: 'Mean log TFP (ω) by group',
    pdMean: 'mean',
    pdQ1: 'lower quartile',
    pdMed: 'median',
    pdQ3: 'upper quartile',
    pdOmegaAx: 'log TFP ω',
    pdSay: 'Firm TFP ({m}): elasticities {list}, returns to scale {rts}; mean log TFP changed from {a} in {y0} to {b} in {y1}, an average growth of {g}% a year.',
    pdSayGroup: 'TFP growth by group: {list}.',
    pdGrp: '{g} {v}% a year ({a}–{b})',
    pdEl: '{t} {b}',
    pdNote: 'From {f} and {c}: y = b_f·free + b_s·state + ω + ε in logs, with ω following a first-order Markov process (cubic in ω of the previous year). {m}: {how} ω = y − b_f·free − b_s·state includes the constant and the i.i.d. shock (as prodest’s omega()); growth is the change in mean ω, ×100. Firms without two consecutive years enter only the first stage.',
    'pdHow.op': 'first stage OLS with a second-order polynomial in capital and investment, second stage non-linear least squares; standard errors from a bootstrap of whole firms.',
    'pdHow.lp': 'first stage OLS with a second-order polynomial in capital and the intermediate input, second stage non-linear least squares; standard errors from a bootstrap of whole firms.',
    'pdHow.acf': 'first stage a second-order polynomial in all inputs and the proxy, second stage GMM on the innovation ξ with lagged free inputs and current state inputs as instruments; standard errors from a bootstrap of whole firms.',
    'pdHow.wrdg': 'both equations estimated together by linear GMM (lagged free inputs and the lagged polynomial as instruments); analytic standard errors.'
  }, {
    prodest: '基于生产函数估计的企业全要素生产率',
    'pd.op': 'Olley–Pakes（1996）',
    'pd.lp': 'Levinsohn–Petrin（2003）',
    'pd.acf': 'Ackerberg–Caves–Frazer（2015）',
    'pd.wrdg': 'Wooldridge（2009）GMM',
    pdCoefT: '各投入的产出弹性',
    pdTerm: '投入',
    pdEst: '{m}',
    pdSe: '标准误',
    pdN: '观测数',
    pdSum: '弹性之和（规模报酬）',
    pdDistT: '各年对数全要素生产率（ω）：均值与四分位数',
    pdGroupT: '各组对数全要素生产率（ω）均值',
    pdMean: '均值',
    pdQ1: '下四分位数',
    pdMed: '中位数',
    pdQ3: '上四分位数',
    pdOmegaAx: '对数 TFP ω',
    pdSay: '企业全要素生产率（{m}）：产出弹性 {list}，规模报酬 {rts}；对数 TFP 均值由 {y0} 年的 {a} 变为 {y1} 年的 {b}，年均增长 {g}%。',
    pdSayGroup: '各组 TFP 增长：{list}。',
    pdGrp: '{g} 年均 {v}%（{a}–{b} 年）',
    pdEl: '{t} {b}',
    pdNote: '数据来自 {f} 与 {c}：对数形式 y = b_f·自由投入 + b_s·状态投入 + ω + ε，ω 服从一阶马尔可夫过程（上一年 ω 的三次多项式）。{m}：{how} ω = y − b_f·自由投入 − b_s·状态投入，包含常数项和独立同分布冲击（与 prodest 的 omega() 相同）；增长率为 ω 均值的变化 ×100。没有连续两年数据的企业只进入第一阶段。',
    'pdHow.op': '第一阶段为含资本与投资二阶多项式的 OLS，第二阶段为非线性最小二乘；标准误来自按企业整体重抽样的自助法。',
    'pdHow.lp': '第一阶段为含资本与中间投入二阶多项式的 OLS，第二阶段为非线性最小二乘；标准误来自按企业整体重抽样的自助法。',
    'pdHow.acf': '第一阶段为全部投入与代理变量的二阶多项式，第二阶段以滞后自由投入和当期状态投入为工具变量、对创新项 ξ 做 GMM；标准误来自按企业整体重抽样的自助法。',
    'pdHow.wrdg': '两个方程以线性 GMM 联合估计（滞后自由投入与滞后多项式为工具变量）；标准误为解析标准误。'
  });

  function pdQuantile(sorted, q) {
    if (!sorted.length) return null;
    var h = (sorted.length - 1) * q, lo = Math.floor(h), hi = Math.ceil(h);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  renderers.prodest = function (step, sec) {
    var coef = step.tables && step.tables.coef ? rowsOf(step.tables.coef) : [];
    var om = step.tables && step.tables.main ? rowsOf(step.tables.main) : [];
    if (!coef.length || !om.length) return generic(step, sec);
    var method = coef[0].method, mname = store['pd.' + method] || method;
    /* Coefficients: this step and every other prodest step of the study, side by side. */
    var steps = (D.steps || []).filter(function (s) { return s.type === 'prodest' && s.tables && s.tables.coef; });
    if (!steps.length) steps = [step];
    var terms = [], per = steps.map(function (s) {
      var m = {};
      rowsOf(s.tables.coef).forEach(function (r) { if (terms.indexOf(r.term) < 0) terms.push(r.term); m[r.term] = r; });
      return m;
    });
    var heads = [T.pdTerm], kinds = ['txt'];
    steps.forEach(function (s) {
      var r0 = rowsOf(s.tables.coef)[0], nm = store['pd.' + r0.method] || r0.method;
      heads.push(steps.length > 1 ? nm + paren(s.name) : nm, T.pdSe);
      kinds.push('idx', 'idx');
    });
    var body = terms.map(function (t) {
      var row = [varLabel(t)];
      per.forEach(function (m) { row.push(m[t] ? m[t].estimate : null, m[t] ? m[t].std_error : null); });
      return row;
    });
    var sumRow = [T.pdSum], nRow = [T.pdN];
    per.forEach(function (m) {
      var s = 0, ok = true;
      terms.forEach(function (t) { if (m[t] && m[t].estimate !== null) s += m[t].estimate; else ok = false; });
      sumRow.push(ok ? s : null, null);
      var any = m[terms[0]];
      nRow.push(any && any.n_obs !== null ? String(Math.round(any.n_obs)) : null, null);
    });
    body.push(sumRow, nRow);
    sec.appendChild(el('h3', {}, T.pdCoefT));
    table(sec, heads, body, 0, kinds);
    selfCheck.pdRows = (selfCheck.pdRows || 0) + body.length;
    /* Distribution of omega by year, and group means. */
    var years = {}, byYear = {}, byGroup = {}, groups = {};
    om.forEach(function (r) {
      if (r.omega === null) return;
      var y = r[D.time];
      years[y] = 1;
      (byYear[y] = byYear[y] || []).push(r.omega);
      var g = D.group ? groupOf(r[D.id]) : null;
      if (g) { groups[g] = 1; (byGroup[g + '\u0000' + y] = byGroup[g + '\u0000' + y] || []).push(r.omega); }
    });
    var ys = Object.keys(years).map(Number).sort(function (a, b) { return a - b; });
    var stats = {};
    ys.forEach(function (y) {
      var a = byYear[y].slice().sort(function (u, v) { return u - v; });
      stats[y] = {mean: mean(a), q1: pdQuantile(a, 0.25), med: pdQuantile(a, 0.5), q3: pdQuantile(a, 0.75)};
    });
    var r4 = function (x) { return x === null || isNaN(x) ? null : +x.toFixed(4); };
    var m = {groups: [T.pdMean, T.pdQ1, T.pdMed, T.pdQ3], years: ys, series: {}};
    m.series[T.pdMean] = ys.map(function (y) { return r4(stats[y].mean); });
    m.series[T.pdQ1] = ys.map(function (y) { return r4(stats[y].q1); });
    m.series[T.pdMed] = ys.map(function (y) { return r4(stats[y].med); });
    m.series[T.pdQ3] = ys.map(function (y) { return r4(stats[y].q3); });
    sec.appendChild(el('h3', {}, T.pdDistT));
    chart(sec, lineOption(m, T.pdOmegaAx));
    table(sec, [T['col.year'], T.pdMean, T.pdQ1, T.pdMed, T.pdQ3],
      ys.map(function (y) { return [String(y), stats[y].mean, stats[y].q1, stats[y].med, stats[y].q3]; }), 0,
      ['txt', 'idx', 'idx', 'idx', 'idx']);
    var gs = Object.keys(groups).sort();
    var y0 = ys[0], y1 = ys[ys.length - 1], span = y1 - y0;
    var growth = function (a, b) { return span > 0 ? num((b - a) / span * 100, 2) : '–'; };
    if (gs.length) {
      var gm = {groups: gs, years: ys, series: {}};
      gs.forEach(function (g) { gm.series[g] = ys.map(function (y) { var a = byGroup[g + '\u0000' + y]; return a ? r4(mean(a)) : null; }); });
      sec.appendChild(el('h3', {}, T.pdGroupT));
      chart(sec, lineOption(gm, T.pdOmegaAx));
    }
    var els = coef.map(function (r) { return fmt(T.pdEl, {t: varLabel(r.term), b: num(r.estimate, 3)}); });
    var rts = 0;
    coef.forEach(function (r) { rts += r.estimate; });
    say(fmt(T.pdSay, {m: mname, list: listJoin(els), rts: num(rts, 3), a: num(stats[y0].mean, 3), y0: y0,
      b: num(stats[y1].mean, 3), y1: y1, g: growth(stats[y0].mean, stats[y1].mean)}));
    if (gs.length) {
      /* each group from its own first to its own last year */
      var gl = gs.map(function (g) {
        var gy = ys.filter(function (y) { return byGroup[g + '\u0000' + y]; });
        if (gy.length < 2) return null;
        var a = gy[0], b = gy[gy.length - 1];
        return fmt(T.pdGrp, {g: g, a: a, b: b,
          v: num((mean(byGroup[g + '\u0000' + b]) - mean(byGroup[g + '\u0000' + a])) / (b - a) * 100, 2)});
      }).filter(function (s) { return s; });
      if (gl.length) say(fmt(T.pdSayGroup, {list: listJoin(gl)}));
    }
    note(sec, T.pdNote, {f: {src: step.name + '.csv'}, c: {src: step.name + '_coef.csv'}, m: mname,
      how: store['pdHow.' + method] || ''});
  };
