  /* Section part: stochastic frontier (`nqpf sfa`, docs/sfa.md): the coefficient table with
   * significance stars (frontier terms, inefficiency effects, sigma2, gamma, mu, eta), a sentence on
   * the one-sided LR test and the mean efficiency, the mean technical efficiency by year (all units
   * and, when the study defines groups, each group), and the TFP-growth decomposition by year:
   * stacked bars of technical change, efficiency change and the scale effect with the TFP-growth
   * line (arithmetic means over the units, % a year). selfCheck.sfaRows holds the number of
   * coefficient rows drawn, selfCheck.sfaYears the number of years in the decomposition chart. */
  catalogue({
    sfa: 'Stochastic frontier: efficiency and TFP growth',
    'sfa.bc92': 'Battese-Coelli (1992) time-varying decay model',
    'sfa.bc95': 'Battese-Coelli (1995) inefficiency-effects model',
    sfaCoefT: 'Frontier estimates ({m})',
    sfaTerm: 'term',
    sfaEst: 'estimate',
    sfaSe: 'std. error',
    sfaT: 't-ratio',
    sfaP: 'p-value',
    sfaStar: 'sig.',
    sfaConst: 'constant',
    sfaTrend: 'time trend',
    sfaSigma2: 'σ² = σv² + σu²',
    sfaGamma: 'γ = σu² / σ²',
    sfaMu: 'μ (mean of u)',
    sfaEta: 'η (decay of u)',
    sfaZ: 'inefficiency: {v}',
    sfaZconst: 'inefficiency: constant',
    sfaStars: '*** p < 0.01, ** p < 0.05, * p < 0.1 (normal approximation to the t-ratio).',
    sfaTeT: 'Mean technical efficiency by year',
    sfaTeAx: 'technical efficiency',
    sfaAll: 'all units',
    sfaDecT: 'TFP growth and its sources by year (mean over units, % a year)',
    sfaDecAx: '% a year',
    sfaTc: 'technical change',
    sfaTec: 'efficiency change',
    sfaSe2: 'scale effect',
    sfaTfp: 'TFP growth',
    sfaSayLr: 'The one-sided LR test of no inefficiency gives {lr} with {df} restriction(s) against a 5% critical value of {c} (Kodde-Palm mixed χ²): {v}. γ = {g}: {gp}% of the composed error variance is inefficiency.',
    sfaLrYes: 'inefficiency is significant and the frontier differs from the average function',
    sfaLrNo: 'inefficiency is not significant, and OLS describes the data as well',
    sfaSayTe: 'Mean technical efficiency is {m} ({y0}: {a}; {y1}: {b}).',
    sfaSayTfp: 'From {y0} to {y1} TFP grew by {tfp}% a year on average: technical change {tc}, efficiency change {tec} and scale effect {se} percentage points.',
    sfaSayNoTrend: 'The frontier has no time trend, so technical change is 0 by construction.',
    sfaNote: 'From {f}, {c} and {d}: ln y = f(x, t) + v − u, v ~ N(0, σv²); {m}. Maximum likelihood in FRONTIER 4.1’s parameters (σ², γ); standard errors from the numerical Hessian. Efficiency is E[exp(−u)|e] (Battese and Coelli 1988). TFP growth = technical change (∂ln f/∂t) + efficiency change (Δln TE) + scale effect ((RTS − 1) Σ εj/RTS · Δln xj) (Kumbhakar and Lovell 2000), with the elasticities averaged over the two years; the noise v is not part of it.',
    'sfaHow.bc92': 'u_it = exp(−η(t − T))·u_i with u_i ~ N⁺(μ, σu²)',
    'sfaHow.bc95': 'u_it ~ N⁺(z_it·δ, σu²)'
  }, {
    sfa: '随机前沿分析：技术效率与全要素生产率增长',
    'sfa.bc92': 'Battese–Coelli（1992）时变衰减模型',
    'sfa.bc95': 'Battese–Coelli（1995）技术无效率效应模型',
    sfaCoefT: '前沿函数估计结果（{m}）',
    sfaTerm: '变量',
    sfaEst: '系数',
    sfaSe: '标准误',
    sfaT: 't 值',
    sfaP: 'p 值',
    sfaStar: '显著性',
    sfaConst: '常数项',
    sfaTrend: '时间趋势',
    sfaSigma2: 'σ² = σv² + σu²',
    sfaGamma: 'γ = σu² / σ²',
    sfaMu: 'μ（u 的均值）',
    sfaEta: 'η（u 的衰减参数）',
    sfaZ: '无效率项：{v}',
    sfaZconst: '无效率项：常数项',
    sfaStars: '*** p < 0.01，** p < 0.05，* p < 0.1（t 值按正态分布近似）。',
    sfaTeT: '各年平均技术效率',
    sfaTeAx: '技术效率',
    sfaAll: '全部单元',
    sfaDecT: '各年全要素生产率增长及其来源（各单元均值，%/年）',
    sfaDecAx: '%/年',
    sfaTc: '技术进步',
    sfaTec: '技术效率变化',
    sfaSe2: '规模效应',
    sfaTfp: '全要素生产率增长',
    sfaSayLr: '无技术无效率的单边似然比检验统计量为 {lr}，约束个数 {df}，5% 临界值为 {c}（Kodde–Palm 混合 χ² 分布）：{v}。γ = {g}，即复合误差方差中 {gp}% 来自技术无效率。',
    sfaLrYes: '技术无效率显著，随机前沿与平均生产函数存在差异',
    sfaLrNo: '技术无效率不显著，OLS 对数据的描述同样充分',
    sfaSayTe: '平均技术效率为 {m}（{y0} 年：{a}；{y1} 年：{b}）。',
    sfaSayTfp: '{y0}—{y1} 年全要素生产率年均增长 {tfp}%：其中技术进步 {tc}、技术效率变化 {tec}、规模效应 {se} 个百分点。',
    sfaSayNoTrend: '前沿函数不含时间趋势，技术进步按构造为 0。',
    sfaNote: '数据来自 {f}、{c} 与 {d}：ln y = f(x, t) + v − u，v ~ N(0, σv²)；{m}。按 FRONTIER 4.1 的参数（σ²、γ）做极大似然估计，标准误由数值 Hessian 矩阵求得。技术效率为 E[exp(−u)|e]（Battese 和 Coelli 1988）。全要素生产率增长 = 技术进步（∂ln f/∂t）+ 技术效率变化（Δln TE）+ 规模效应（(RTS − 1) Σ εj/RTS · Δln xj）（Kumbhakar 和 Lovell 2000），弹性取前后两年的平均值；随机误差 v 不计入其中。',
    'sfaHow.bc92': 'u_it = exp(−η(t − T))·u_i，u_i ~ N⁺(μ, σu²)',
    'sfaHow.bc95': 'u_it ~ N⁺(z_it·δ, σu²)'
  });

  renderers.sfa = function (step, sec) {
    var coef = step.tables && step.tables.coef ? rowsOf(step.tables.coef) : [];
    var te = step.tables && step.tables.main ? rowsOf(step.tables.main) : [];
    if (!coef.length || !te.length) return generic(step, sec);
    var stat = {}, params = [];
    var statNames = ['loglik', 'loglik_ols', 'lr_test', 'lr_df', 'lr_crit5', 'lr_p_value', 'mean_te', 'nobs', 'iterations'];
    coef.forEach(function (r) {
      if (statNames.indexOf(r.term) >= 0) stat[r.term] = r.estimate; else params.push(r);
    });
    var model = (step.params && step.params.model) || 'bc92', mname = store['sfa.' + model] || model;
    var termName = function (t) {
      if (t === 'const') return T.sfaConst;
      if (t === 'trend') return T.sfaTrend;
      if (t === 'sigma2') return T.sfaSigma2;
      if (t === 'gamma') return T.sfaGamma;
      if (t === 'mu') return T.sfaMu;
      if (t === 'eta') return T.sfaEta;
      if (t === 'z:const') return T.sfaZconst;
      if (t.indexOf('z:') === 0) return fmt(T.sfaZ, {v: varLabel(t.slice(2))});
      return t.split('*').map(function (p) {
        return p.slice(-2) === '^2' ? varLabel(p.slice(0, -2)) + '²' : p === 'trend' ? T.sfaTrend : varLabel(p);
      }).join(' × ');
    };
    var stars = function (p) { return p === null ? '' : p < 0.01 ? '***' : p < 0.05 ? '**' : p < 0.1 ? '*' : ''; };
    sec.appendChild(el('h3', {}, fmt(T.sfaCoefT, {m: mname})));
    var body = params.map(function (r) {
      return [termName(r.term), r.estimate, r.std_error, r.t_ratio, r.p_value, stars(r.p_value)];
    });
    table(sec, [T.sfaTerm, T.sfaEst, T.sfaSe, T.sfaT, T.sfaP, T.sfaStar], body, 0, ['txt', 'idx', 'idx', 'idx', 'p', 'txt']);
    selfCheck.sfaRows = (selfCheck.sfaRows || 0) + body.length;
    sec.appendChild(el('p', {class: 'note'}, T.sfaStars));
    var gamma = params.filter(function (r) { return r.term === 'gamma'; })[0];
    if (stat.lr_test !== undefined && gamma)
      say(fmt(T.sfaSayLr, {lr: num(stat.lr_test, 3), df: String(stat.lr_df), c: num(stat.lr_crit5, 3),
        v: stat.lr_test > stat.lr_crit5 ? T.sfaLrYes : T.sfaLrNo, g: num(gamma.estimate, 3),
        gp: num(100 * gamma.estimate, 1)}));
    /* mean efficiency by year: all units, then each group */
    var byYear = {}, byGroup = {}, groups = {};
    te.forEach(function (r) {
      if (r.te === null) return;
      var y = r[D.time];
      (byYear[y] = byYear[y] || []).push(r.te);
      var g = D.group ? groupOf(r[D.id]) : null;
      if (g) { groups[g] = 1; (byGroup[g + '\u0000' + y] = byGroup[g + '\u0000' + y] || []).push(r.te); }
    });
    var ys = Object.keys(byYear).map(Number).sort(function (a, b) { return a - b; });
    var r4 = function (x) { return x === null || x === undefined || isNaN(x) ? null : +x.toFixed(4); };
    var gs = Object.keys(groups).sort();
    var m = {groups: [T.sfaAll].concat(gs), years: ys, series: {}};
    m.series[T.sfaAll] = ys.map(function (y) { return r4(mean(byYear[y])); });
    gs.forEach(function (g) {
      m.series[g] = ys.map(function (y) { var a = byGroup[g + '\u0000' + y]; return a ? r4(mean(a)) : null; });
    });
    sec.appendChild(el('h3', {}, T.sfaTeT));
    chart(sec, lineOption(m, T.sfaTeAx));
    var y0 = ys[0], y1 = ys[ys.length - 1];
    say(fmt(T.sfaSayTe, {m: num(stat.mean_te, 3), y0: y0, a: num(mean(byYear[y0]), 3), y1: y1, b: num(mean(byYear[y1]), 3)}));
    /* the decomposition by year */
    var dec = step.tables.decomposition ? rowsOf(step.tables.decomposition) : [];
    var dy = {};
    dec.forEach(function (r) {
      if ([r.tc, r.tec, r.se, r.tfp].some(function (v) { return v === null; })) return;
      var y = r[D.time];
      (dy[y] = dy[y] || []).push(r);
    });
    var dys = Object.keys(dy).map(Number).sort(function (a, b) { return a - b; });
    selfCheck.sfaYears = (selfCheck.sfaYears || 0) + dys.length;
    if (dys.length) {
      var avg = function (k) { return dys.map(function (y) { return +(100 * mean(dy[y].map(function (r) { return r[k]; }))).toFixed(3); }); };
      var s = {tc: avg('tc'), tec: avg('tec'), se: avg('se'), tfp: avg('tfp')};
      sec.appendChild(el('h3', {}, T.sfaDecT));
      chart(sec, {
        tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 70, right: 30, top: 50, bottom: 45},
        xAxis: {type: 'category', data: dys, name: T['col.year'], nameLocation: 'middle', nameGap: 26},
        yAxis: {type: 'value', name: T.sfaDecAx},
        series: [
          {name: T.sfaTc, type: 'bar', stack: 'd', data: s.tc},
          {name: T.sfaTec, type: 'bar', stack: 'd', data: s.tec},
          {name: T.sfaSe2, type: 'bar', stack: 'd', data: s.se},
          {name: T.sfaTfp, type: 'line', data: s.tfp, lineStyle: {width: 3}}
        ]
      });
      var all = function (k) { var a = []; dec.forEach(function (r) { if (r[k] !== null) a.push(r[k]); }); return num(100 * mean(a), 2); };
      say(fmt(T.sfaSayTfp, {y0: dys[0] - 1, y1: dys[dys.length - 1], tfp: all('tfp'), tc: all('tc'), tec: all('tec'), se: all('se')}));
      if (!(step.params && step.params.trend)) say(T.sfaSayNoTrend);
    }
    note(sec, T.sfaNote, {f: {src: step.name + '.csv'}, c: {src: step.name + '_coef.csv'},
      d: {src: step.name + '_decomposition.csv'}, m: store['sfaHow.' + model] || model});
  };
