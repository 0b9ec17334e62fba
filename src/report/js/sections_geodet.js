  /* Section part: the geographical detector (`nqpf geodetector`, docs/geodetector.md): the q of each
   * factor as a sorted bar chart with p-value stars, the factor table, the interaction matrix as a
   * heat map (diagonal: q of one factor; off the diagonal: q of the pair overlaid, with its type), the
   * interaction table, and a sentence naming the strongest factor and the strongest interaction.
   * selfCheck.gdBars and gdPairs count the bars and the interaction pairs drawn. */
  catalogue({
    geodetector: 'Geographical detector',
    gdQT: 'Factor detector: q of each factor',
    gdQ: 'q statistic',
    gdFactor: 'factor',
    gdKind: 'kind',
    gdMethod: 'strata from',
    gdStrata: 'strata',
    gdP: 'p-value',
    gdF: 'F',
    'gd.categorical': 'categorical',
    'gd.continuous': 'continuous',
    'gd.given': 'values as given',
    'gd.equal': 'equal intervals',
    'gd.quantile': 'quantiles',
    'gd.natural': 'natural breaks',
    'gd.geometric': 'geometric intervals',
    'gd.sd': 'standard deviations',
    gdIT: 'Interaction detector: q of each pair of factors overlaid',
    gdQ12: 'q(X1 ∩ X2)',
    gdType: 'interaction',
    'gd.nonlinear_weaken': 'nonlinear weaken',
    'gd.uni_weaken': 'uni-variable weaken',
    'gd.bi_enhance': 'bi-variable enhance',
    'gd.independent': 'independent',
    'gd.nonlinear_enhance': 'nonlinear enhance',
    'gds.nonlinear_weaken': 'NW',
    'gds.uni_weaken': 'UW',
    'gds.bi_enhance': 'BE',
    'gds.independent': 'I',
    'gds.nonlinear_enhance': 'NE',
    gdSay: 'Geographical detector ({n} observations): {f} explains the largest share of the spatial variation of {y} (q = {q}, {p}).',
    gdSayPair: 'The strongest interaction is {a} ∩ {b} (q = {q}, {t}).',
    gdStars: '*** p < 0.01, ** p < 0.05, * p < 0.1 (non-central F test).',
    gdNote: 'From {f}: q = 1 − Σ N_h σ_h² / (N σ²) over the strata h of each factor (Wang et al. 2010; Wang and Xu 2017); the p-value tests q with the non-central F of Wang, Zhang and Fu (2016), as the R package geodetector. Continuous factors are cut into the classes shown in {s}; the matrix shows the q of each factor on its diagonal and of each pair overlaid elsewhere, with the interaction type: NW nonlinear weaken (q12 < min), UW uni-variable weaken (min < q12 < max), BE bi-variable enhance (max < q12 < q1 + q2), I independent (q12 = q1 + q2), NE nonlinear enhance (q12 > q1 + q2). Risk and ecological detectors: {r}, {e}.'
  }, {
    geodetector: '地理探测器',
    gdQT: '因子探测：各因子的 q 值',
    gdQ: 'q 统计量',
    gdFactor: '因子',
    gdKind: '类型',
    gdMethod: '分层方式',
    gdStrata: '层数',
    gdP: 'p 值',
    gdF: 'F 值',
    'gd.categorical': '类别变量',
    'gd.continuous': '连续变量',
    'gd.given': '按原值分层',
    'gd.equal': '相等间隔',
    'gd.quantile': '分位数',
    'gd.natural': '自然断点',
    'gd.geometric': '几何间隔',
    'gd.sd': '标准差',
    gdIT: '交互作用探测：因子两两叠加后的 q 值',
    gdQ12: 'q(X1 ∩ X2)',
    gdType: '交互类型',
    'gd.nonlinear_weaken': '非线性减弱',
    'gd.uni_weaken': '单因子非线性减弱',
    'gd.bi_enhance': '双因子增强',
    'gd.independent': '独立',
    'gd.nonlinear_enhance': '非线性增强',
    'gds.nonlinear_weaken': '非线性减弱',
    'gds.uni_weaken': '单因子减弱',
    'gds.bi_enhance': '双因子增强',
    'gds.independent': '独立',
    'gds.nonlinear_enhance': '非线性增强',
    gdSay: '地理探测器（{n} 个观测）：{f}对{y}空间分异的解释力最强（q = {q}，{p}）。',
    gdSayPair: '交互作用最强的是{a} ∩ {b}（q = {q}，{t}）。',
    gdStars: '*** p < 0.01，** p < 0.05，* p < 0.1（非中心 F 检验）。',
    gdNote: '数据来自 {f}：q = 1 − Σ N_h σ_h² / (N σ²)，h 为因子的分层（王劲峰等 2010；王劲峰、徐成东 2017）；p 值为 Wang、Zhang 和 Fu（2016）的非中心 F 检验，与 R 包 geodetector 相同。连续因子的分层见 {s}；矩阵对角线为单因子的 q 值，其余为两因子叠加后的 q 值及交互类型：非线性减弱（q12 < 最小值）、单因子非线性减弱（最小值 < q12 < 最大值）、双因子增强（最大值 < q12 < q1 + q2）、独立（q12 = q1 + q2）、非线性增强（q12 > q1 + q2）。风险探测与生态探测结果：{r}、{e}。'
  });

  renderers.geodetector = function (step, sec) {
    var tab = step.tables && step.tables.main;
    if (!tab) return;
    var rows = rowsOf(tab).filter(function (r) { return r.q !== null; });
    if (!rows.length) return;
    var stars = function (p) { return p === null ? '' : p < 0.01 ? '***' : p < 0.05 ? '**' : p < 0.1 ? '*' : ''; };
    var sorted = rows.slice().sort(function (a, b) { return b.q - a.q; });
    /* The q bar chart, largest at the top. */
    sec.appendChild(el('h3', {}, T.gdQT));
    var rev = sorted.slice().reverse();
    chart(sec, {
      grid: {left: 8, right: 64, top: 10, bottom: 28, containLabel: true},
      tooltip: {trigger: 'item', formatter: function (pr) {
        var r = rev[pr.dataIndex];
        return esc(varLabel(r.factor)) + '<br>q = ' + num(r.q, 4) + ', ' + pval(r.p_value);
      }},
      xAxis: {type: 'value', name: T.gdQ, nameLocation: 'middle', nameGap: 22, min: 0, max: 1},
      yAxis: {type: 'category', data: rev.map(function (r) { return varLabel(r.factor); })},
      series: [{name: T.gdQ, type: 'bar', data: rev.map(function (r) { return r.q; }),
        label: {show: true, position: 'right', formatter: function (pr) {
          var r = rev[pr.dataIndex];
          return num(r.q, 3) + stars(r.p_value);
        }}}]
    });
    selfCheck.gdBars = (selfCheck.gdBars || 0) + rows.length;
    note(sec, T.gdStars, {});
    table(sec, [T.gdFactor, T.gdKind, T.gdMethod, T.gdStrata, T.gdQ, T.gdF, T.gdP],
      sorted.map(function (r) {
        return [varLabel(r.factor), store['gd.' + r.kind] || r.kind, store['gd.' + r.method] || r.method, r.strata, r.q,
          r.F, r.p_value];
      }), 0, ['', '', '', '', 'idx', 'idx', 'p']);
    var n = rows[0].n, y = step.params && step.params.y;
    var top = sorted[0];
    say(fmt(T.gdSay, {n: String(n), f: varLabel(top.factor), y: y ? varLabel(y) : 'Y', q: num(top.q, 3),
      p: pval(top.p_value)}));
    /* The interaction matrix. */
    var it = step.tables.interaction ? rowsOf(step.tables.interaction).filter(function (r) { return r.q12 !== null; }) : [];
    if (it.length) {
      sec.appendChild(el('h3', {}, T.gdIT));
      var names = rows.map(function (r) { return r.factor; }), idx = {};
      names.forEach(function (f, i) { idx[f] = i; });
      var data = [];
      rows.forEach(function (r, i) { data.push({value: [i, i, r.q], type: null}); });
      it.forEach(function (r) {
        var a = idx[r.factor1], b = idx[r.factor2];
        if (a === undefined || b === undefined) return;
        data.push({value: [a, b, r.q12], type: r.type});
        data.push({value: [b, a, r.q12], type: r.type});
      });
      var labs = names.map(function (f) { return varLabel(f); });
      chart(sec, {
        grid: {left: 8, right: 16, top: 10, bottom: 60, containLabel: true},
        tooltip: {formatter: function (pr) {
          var d = data[pr.dataIndex], a = labs[d.value[0]], b = labs[d.value[1]];
          return esc(d.type ? a + ' ∩ ' + b : a) + '<br>q = ' + num(d.value[2], 4) +
            (d.type ? '<br>' + esc(store['gd.' + d.type] || d.type) : '');
        }},
        xAxis: {type: 'category', data: labs, axisLabel: {interval: 0, rotate: labs.length > 5 ? 30 : 0}},
        yAxis: {type: 'category', data: labs, inverse: true, axisLabel: {interval: 0}},
        visualMap: {min: 0, max: 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120,
          inRange: {color: ['#f7fbff', '#6baed6', '#08306b']}},
        series: [{type: 'heatmap', data: data.map(function (d) { return d.value; }),
          label: {show: true, formatter: function (pr) {
            var d = data[pr.dataIndex];
            return num(d.value[2], 3) + (d.type ? '\n' + (store['gds.' + d.type] || '') : '');
          }}}]
      }, 'map');
      selfCheck.gdPairs = (selfCheck.gdPairs || 0) + it.length;
      var best = it.slice().sort(function (a, b) { return b.q12 - a.q12; })[0];
      say(fmt(T.gdSayPair, {a: varLabel(best.factor1), b: varLabel(best.factor2), q: num(best.q12, 3),
        t: store['gd.' + best.type] || best.type}));
      table(sec, [T.gdFactor + ' 1', T.gdFactor + ' 2', 'q(X1)', 'q(X2)', T.gdQ12, T.gdType],
        it.map(function (r) {
          return [varLabel(r.factor1), varLabel(r.factor2), r.q1, r.q2, r.q12, store['gd.' + r.type] || r.type];
        }), 0, ['', '', 'idx', 'idx', 'idx', '']);
    }
    note(sec, T.gdNote, {f: {src: step.name + '.csv'}, s: {src: step.name + '_strata.csv'},
      r: {src: step.name + '_risk.csv'}, e: {src: step.name + '_ecological.csv'}});
  };
