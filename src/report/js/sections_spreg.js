  /* Section part: spatial regression (`nqpf spreg`, docs/spreg.md): the coefficient table (Main, Wx,
   * Spatial, Variance as Stata xsmle), a coefficient plot (estimates with 95% intervals, constant and
   * variance left out), the direct / indirect / total effects with significance stars, the fit and
   * diagnostic statistics (log-likelihood, AIC, LM tests), and one sentence per variable whose
   * indirect (spillover) effect is significant at 5%. selfCheck.spCoef and selfCheck.spEff hold the
   * number of coefficient and effect rows drawn. */
  catalogue({
    spreg: 'Spatial regression',
    'sp.ols': 'OLS with spatial diagnostics',
    'sp.sar': 'spatial lag model (SAR)',
    'sp.sem': 'spatial error model (SEM)',
    'sp.sdm': 'spatial Durbin model (SDM)',
    'sp.slx': 'spatially lagged X model (SLX)',
    'sp.sac': 'spatial lag and error model (SAC)',
    'spfe.none': '',
    'spfe.individual': ', individual fixed effects',
    'spfe.time': ', time fixed effects',
    'spfe.twoway': ', two-way fixed effects',
    'spfe.random': ', random effects',
    spCoefT: 'Coefficients: {m}',
    spEq: 'equation',
    spTerm: 'variable',
    spEst: 'estimate',
    spSe: 'std. error',
    spZ: 'z',
    spP: 'p-value',
    spLo: '95% CI lower',
    spHi: '95% CI upper',
    'spEq.Main': 'Main',
    'spEq.Wx': 'Wx (spatial lag of x)',
    'spEq.Spatial': 'Spatial',
    'spEq.Variance': 'Variance',
    spCons: 'constant',
    spPlotT: 'Coefficient plot: estimates with 95% intervals',
    spPlotAx: 'estimate',
    spPlotEst: 'estimate',
    spPlotCi: '95% interval',
    spLagOf: 'W·{x}',
    spEffT: 'Direct, indirect (spillover) and total effects (LeSage and Pace 2009)',
    spDirect: 'direct',
    spIndirect: 'indirect',
    spTotal: 'total',
    spStars: '*** p < 0.01, ** p < 0.05, * p < 0.1; standard errors in parentheses ({how}).',
    'spHow.sim': 'simulation from the estimates’ asymptotic normal distribution',
    'spHow.delta': 'delta method',
    'spHow.closed': 'closed form',
    spTestT: 'Fit and spatial diagnostics',
    spStat: 'statistic',
    spVal: 'value',
    spDf: 'df',
    'spS.n': 'regions (n)',
    'spS.T': 'periods (T)',
    'spS.nobs': 'observations',
    'spS.loglik': 'log-likelihood',
    'spS.aic': 'AIC',
    'spS.bic': 'BIC',
    'spS.r2': 'R² (squared correlation of y and its prediction)',
    'spS.sigma2': 'σ²',
    'spS.moran_i': 'Moran’s I of OLS residuals',
    'spS.moran_z': 'Moran’s I z-value',
    'spS.lm_lag': 'LM-lag',
    'spS.lm_error': 'LM-error',
    'spS.rlm_lag': 'robust LM-lag',
    'spS.rlm_error': 'robust LM-error',
    'spS.sarma': 'LM-SARMA',
    'spS.lr_spatial': 'LR test of the spatial parameters',
    'spS.hausman': 'Hausman (random vs fixed effects)',
    'spS.leeyu': 'Lee-Yu correction (1 = applied)',
    spSay: 'Spatial regression of {y} ({m}, {n} observations){rho}.',
    spRho: ': spatial autocorrelation coefficient ρ = {v} ({p})',
    spLam: ': spatial error coefficient λ = {v} ({p})',
    spSpillUp: 'Spillover of {x}: its indirect effect on {y} is {v} ({p}), i.e. a rise of {x} in the other regions goes with a higher {y} in a region (direct effect {d}).',
    spSpillDown: 'Spillover of {x}: its indirect effect on {y} is {v} ({p}), i.e. a rise of {x} in the other regions goes with a lower {y} in a region (direct effect {d}).',
    spNoSpill: 'No variable has an indirect (spillover) effect on {y} significant at 5%.',
    spLmSay: 'OLS diagnostics: LM-lag {a} ({pa}), LM-error {b} ({pb}), robust LM-lag {c} ({pc}), robust LM-error {d} ({pd}).',
    spNote: 'From {f}, {e} and {t}: maximum likelihood; standard errors from the analytic information matrix (OLS and SLX: the usual OLS standard errors). The coefficients of a model with ρ are not marginal effects: read the effects table, where the direct effect is the average effect of a region’s own x on its own y (feedback included) and the indirect effect the average spillover to or from the other regions.'
  }, {
    spreg: '空间计量回归',
    'sp.ols': '带空间诊断的 OLS',
    'sp.sar': '空间滞后模型（SAR）',
    'sp.sem': '空间误差模型（SEM）',
    'sp.sdm': '空间杜宾模型（SDM）',
    'sp.slx': '空间滞后解释变量模型（SLX）',
    'sp.sac': '空间滞后误差模型（SAC）',
    'spfe.none': '',
    'spfe.individual': '，个体固定效应',
    'spfe.time': '，时间固定效应',
    'spfe.twoway': '，双向固定效应',
    'spfe.random': '，随机效应',
    spCoefT: '回归系数：{m}',
    spEq: '方程',
    spTerm: '变量',
    spEst: '系数',
    spSe: '标准误',
    spZ: 'z 值',
    spP: 'p 值',
    spLo: '95% 置信区间下限',
    spHi: '95% 置信区间上限',
    'spEq.Main': 'Main（主方程）',
    'spEq.Wx': 'Wx（解释变量的空间滞后）',
    'spEq.Spatial': 'Spatial（空间参数）',
    'spEq.Variance': 'Variance（方差）',
    spCons: '常数项',
    spPlotT: '系数图：估计值及 95% 置信区间',
    spPlotAx: '估计值',
    spPlotEst: '估计值',
    spPlotCi: '95% 置信区间',
    spLagOf: 'W·{x}',
    spEffT: '直接效应、间接效应（空间溢出）与总效应（LeSage 和 Pace 2009）',
    spDirect: '直接效应',
    spIndirect: '间接效应',
    spTotal: '总效应',
    spStars: '*** p < 0.01，** p < 0.05，* p < 0.1；括号内为标准误（{how}）。',
    'spHow.sim': '由估计量的渐近正态分布模拟',
    'spHow.delta': 'Delta 方法',
    'spHow.closed': '解析式',
    spTestT: '拟合优度与空间诊断',
    spStat: '统计量',
    spVal: '数值',
    spDf: '自由度',
    'spS.n': '地区数（n）',
    'spS.T': '期数（T）',
    'spS.nobs': '观测数',
    'spS.loglik': '对数似然值',
    'spS.aic': 'AIC',
    'spS.bic': 'BIC',
    'spS.r2': 'R²（y 与其预测值相关系数的平方）',
    'spS.sigma2': 'σ²',
    'spS.moran_i': 'OLS 残差的 Moran’s I',
    'spS.moran_z': 'Moran’s I 的 z 值',
    'spS.lm_lag': 'LM-lag',
    'spS.lm_error': 'LM-error',
    'spS.rlm_lag': '稳健 LM-lag',
    'spS.rlm_error': '稳健 LM-error',
    'spS.sarma': 'LM-SARMA',
    'spS.lr_spatial': '空间参数的 LR 检验',
    'spS.hausman': 'Hausman 检验（随机效应对固定效应）',
    'spS.leeyu': 'Lee-Yu 偏误修正（1 = 已修正）',
    spSay: '{y} 的空间计量回归（{m}，{n} 个观测）{rho}。',
    spRho: '：空间自回归系数 ρ = {v}（{p}）',
    spLam: '：空间误差系数 λ = {v}（{p}）',
    spSpillUp: '{x} 的空间溢出：其对 {y} 的间接效应为 {v}（{p}），即其他地区 {x} 提高时，本地区 {y} 随之提高（直接效应 {d}）。',
    spSpillDown: '{x} 的空间溢出：其对 {y} 的间接效应为 {v}（{p}），即其他地区 {x} 提高时，本地区 {y} 随之降低（直接效应 {d}）。',
    spNoSpill: '没有变量对 {y} 的间接效应（空间溢出）在 5% 水平上显著。',
    spLmSay: 'OLS 诊断：LM-lag {a}（{pa}），LM-error {b}（{pb}），稳健 LM-lag {c}（{pc}），稳健 LM-error {d}（{pd}）。',
    spNote: '数据来自 {f}、{e} 和 {t}：极大似然估计；标准误由解析信息矩阵求得（OLS 与 SLX 为通常的 OLS 标准误）。含 ρ 的模型中系数并非边际效应，应看效应表：直接效应是本地区 x 对本地区 y 的平均影响（含反馈），间接效应是与其他地区之间的平均空间溢出。'
  });

  renderers.spreg = function (step, sec) {
    var tab = step.tables && step.tables.main;
    if (!tab) return;
    var rows = rowsOf(tab);
    if (!rows.length) return;
    var model = rows[0].model, fe = (step.params && step.params.fe) || 'none';
    var mname = (store['sp.' + model] || model) + (store['spfe.' + fe] || '');
    var yv = step.params && step.params.y, yl = yv ? varLabel(yv) : 'y';
    var stars = function (p) { return p === null || isNaN(p) ? '' : p < 0.01 ? '***' : p < 0.05 ? '**' : p < 0.1 ? '*' : ''; };
    var termName = function (r) {
      if (r.term === '_cons') return T.spCons;
      if (r.equation === 'Wx') return fmt(T.spLagOf, {x: varLabel(r.term)});
      if (r.equation === 'Spatial') return r.term === 'rho' ? 'ρ' : 'λ';
      if (r.equation === 'Variance') return 'σ²';
      return varLabel(r.term);
    };
    /* coefficients */
    sec.appendChild(el('h3', {}, fmt(T.spCoefT, {m: mname})));
    var body = rows.map(function (r) {
      return [store['spEq.' + r.equation] || r.equation, termName(r), r.estimate, r.std_error, r.z, r.p_value, r.ci_lo, r.ci_hi];
    });
    table(sec, [T.spEq, T.spTerm, T.spEst, T.spSe, T.spZ, T.spP, T.spLo, T.spHi], body, 0,
      ['', '', 'idx', 'idx', 'idx', 'p', 'idx', 'idx']);
    selfCheck.spCoef = (selfCheck.spCoef || 0) + body.length;
    /* coefficient plot: one line per interval, one point per estimate */
    var pr = rows.filter(function (r) { return r.term !== '_cons' && r.equation !== 'Variance' && r.ci_lo !== null && r.ci_hi !== null; });
    if (pr.length) {
      sec.appendChild(el('h3', {}, T.spPlotT));
      var names = pr.map(termName).reverse(), prr = pr.slice().reverse();
      var series = prr.map(function (r, i) {
        return {name: T.spPlotCi, type: 'line', symbol: 'none', lineStyle: {width: 3, color: '#9ecae1'},
          data: [[r.ci_lo, names[i]], [r.ci_hi, names[i]]]};
      });
      series.push({name: T.spPlotEst, type: 'scatter', symbolSize: 8, itemStyle: {color: '#08519c'},
        data: prr.map(function (r, i) { return [r.estimate, names[i]]; })});
      var c = chart(sec, {
        tooltip: {trigger: 'item', formatter: function (p) {
          var r = prr[names.indexOf(p.value[1])];
          return r ? esc(termName(r) + ': ' + num(r.estimate, 4) + ' [' + num(r.ci_lo, 4) + ', ' + num(r.ci_hi, 4) + ']') : '';
        }},
        grid: {left: 120, right: 30, top: 20, bottom: 40},
        xAxis: {type: 'value', name: T.spPlotAx, nameLocation: 'middle', nameGap: 26, scale: true},
        yAxis: {type: 'category', data: names},
        series: series.concat([{type: 'line', silent: true, symbol: 'none', data: [],
          markLine: {silent: true, symbol: 'none', lineStyle: {color: '#888', type: 'dashed'}, data: [{xAxis: 0}]}}])
      });
      if (c && c.getDom && names.length > 10) { c.getDom().style.height = (40 + 26 * names.length) + 'px'; c.resize(); }
    }
    /* effects */
    var etab = step.tables.effects, erows = etab ? rowsOf(etab) : [];
    if (erows.length) {
      sec.appendChild(el('h3', {}, T.spEffT));
      var vars = [], byv = {};
      erows.forEach(function (r) {
        if (!byv[r.variable]) { byv[r.variable] = {}; vars.push(r.variable); }
        byv[r.variable][r.effect] = r;
      });
      var cellOf = function (r) { return r ? num(r.estimate, 4) + stars(r.p_value) + (r.std_error !== null && !isNaN(r.std_error) ? ' (' + num(r.std_error, 4) + ')' : '') : ''; };
      var eb = vars.map(function (v) { return [varLabel(v), cellOf(byv[v].direct), cellOf(byv[v].indirect), cellOf(byv[v].total)]; });
      table(sec, [T.spTerm, T.spDirect, T.spIndirect, T.spTotal], eb, 0, ['', '', '', '']);
      selfCheck.spEff = (selfCheck.spEff || 0) + erows.length;
      note(sec, T.spStars, {how: store['spHow.' + erows[0].method] || erows[0].method});
    }
    /* tests and fit */
    var ttab = step.tables.tests, trows = ttab ? rowsOf(ttab) : [], tv = {};
    if (trows.length) {
      sec.appendChild(el('h3', {}, T.spTestT));
      trows.forEach(function (r) { tv[r.statistic] = r; });
      var tb = trows.filter(function (r) { return has('spS.' + r.statistic); }).map(function (r) {
        /* counts print as integers; the table sorts them by their text, which is fine for 4 rows */
        var v = /^(n|N|T|nobs)$/.test(r.statistic) && Number.isInteger(r.value) ? String(r.value) : r.value;
        return [store['spS.' + r.statistic], v, r.df, r.p_value];
      });
      table(sec, [T.spStat, T.spVal, T.spDf, T.spP], tb, 0, ['', 'idx', 'int', 'p']);
    }
    /* sentences */
    var sp = rows.filter(function (r) { return r.equation === 'Spatial'; })[0];
    say(fmt(T.spSay, {y: yl, m: mname, n: tv.nobs ? String(tv.nobs.value) : '',
      rho: sp ? fmt(sp.term === 'rho' ? T.spRho : T.spLam, {v: num(sp.estimate, 3), p: pval(sp.p_value)}) : ''}));
    if (model === 'ols' && tv.lm_lag)
      say(fmt(T.spLmSay, {a: num(tv.lm_lag.value, 3), pa: pval(tv.lm_lag.p_value), b: num(tv.lm_error.value, 3),
        pb: pval(tv.lm_error.p_value), c: num(tv.rlm_lag.value, 3), pc: pval(tv.rlm_lag.p_value),
        d: num(tv.rlm_error.value, 3), pd: pval(tv.rlm_error.p_value)}));
    if (erows.length && model !== 'sem') {
      var any = false;
      erows.forEach(function (r) {
        if (r.effect !== 'indirect' || r.p_value === null || isNaN(r.p_value) || r.p_value >= 0.05) return;
        any = true;
        var d = erows.filter(function (q) { return q.variable === r.variable && q.effect === 'direct'; })[0];
        say(fmt(r.estimate > 0 ? T.spSpillUp : T.spSpillDown, {x: varLabel(r.variable), y: yl, v: num(r.estimate, 4),
          p: pval(r.p_value), d: d ? num(d.estimate, 4) : ''}));
      });
      if (!any) say(fmt(T.spNoSpill, {y: yl}));
    }
    note(sec, T.spNote, {f: {src: step.name + '.csv'}, e: {src: step.name + '_effects.csv'}, t: {src: step.name + '_tests.csv'}});
  };
