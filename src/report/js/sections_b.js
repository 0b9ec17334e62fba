  /* Sections: the index, disparity, distribution dynamics. */
  catalogue({
    index: 'Productive-forces index',
    ranking: 'Ranking in {y}',
    score: 'score',
    rank: 'rank',
    change: 'rank change since {y}',
    radar: 'Dimension scores of the top five in {y}',
    obstacles: 'Main obstacles in {y} (obstacle degree, %)',
    indexMap: 'Index score by region, {y}',
    indexSay: 'In {y} the index ranks {a} first; the lowest are {b}.',
    moverSay: 'Biggest movers since {y0}: up {u}; down {d}.',
    obstacleSay: 'The most frequent main obstacle in {y} is "{o}" ({n} of {m} units).',
    indexNote: 'Scores, dimension scores, ranks and obstacle degrees are columns of {f}; weights are in {w}.',
    disparity: 'Disparity and where it comes from',
    dagum: 'Dagum Gini decomposition: contributions to the Gini coefficient',
    within: 'within groups',
    between: 'between groups (net)',
    trans: 'transvariation (overlap)',
    theil: 'Theil T decomposition',
    dispSay: 'In {y} the Gini coefficient of {v} is {g}: {w}% of it comes from gaps within groups, {b}% from gaps between groups and {t}% from their overlap. {trend}',
    dispUp: 'It has risen since {y0} ({g0}).',
    dispDown: 'It has fallen since {y0} ({g0}).',
    groupMeans: 'Group means of {v}',
    dispNote: 'From {f} (columns gini, gini_within, gini_between_net, gini_transvariation, theil_t_within, theil_t_between) and {g}.',
    dynamics: 'Distribution dynamics',
    densityT: 'Kernel density of {v} in selected years',
    densSay: 'The distribution of {v} had {p0} peak(s) in {y0} and {p1} in {y1}.',
    densNote: 'From {f} (x, density); peaks from {s}.'
  }, {
    index: '新质生产力综合指数',
    ranking: '{y} 年排名',
    score: '得分',
    rank: '排名',
    change: '较 {y} 年排名变化',
    radar: '{y} 年前五名的维度得分',
    obstacles: '{y} 年主要障碍因子（障碍度，%）',
    indexMap: '{y} 年各地区指数得分',
    indexSay: '{y} 年指数排名第一的是 {a}；排名最后的是 {b}。',
    moverSay: '自 {y0} 年以来排名上升最多：{u}；下降最多：{d}。',
    obstacleSay: '{y} 年最常见的首要障碍因子是“{o}”（{m} 个单位中的 {n} 个）。',
    indexNote: '得分、维度得分、排名与障碍度均取自 {f}；权重见 {w}。',
    disparity: '区域差异及其来源',
    dagum: 'Dagum 基尼系数分解：对基尼系数的贡献',
    within: '组内差异',
    between: '组间净差异',
    trans: '超变密度',
    theil: '泰尔指数（T）分解',
    dispSay: '{y} 年 {v} 的基尼系数为 {g}：其中 {w}% 来自组内差异，{b}% 来自组间差异，{t}% 来自超变密度。{trend}',
    dispUp: '较 {y0} 年（{g0}）有所上升。',
    dispDown: '较 {y0} 年（{g0}）有所下降。',
    groupMeans: '各组 {v} 均值',
    dispNote: '数据取自 {f}（gini、gini_within、gini_between_net、gini_transvariation、theil_t_within、theil_t_between 列）与 {g}。',
    dynamics: '分布动态',
    densityT: '部分年份 {v} 的核密度',
    densSay: '{v} 的分布在 {y0} 年有 {p0} 个峰，在 {y1} 年有 {p1} 个峰。',
    densNote: '数据取自 {f}（x、density）；峰值取自 {s}。'
  });

  renderers.index = function (step, sec) {
    var rows = rowsOf(step.tables.main), file = step.name + '.csv';
    var dims = step.tables.weights ? rowsOf(step.tables.weights).filter(function (w) { return w.level === 'dimension' && w.path.indexOf('/') < 0; }).map(function (w) { return w.path; }) : [];
    var y1 = lastTime(rows), y0 = firstTime(rows);
    var last = rows.filter(function (r) { return r[D.time] === y1; }).sort(function (a, b) { return a.rank - b.rank; });
    var first = {};
    rows.forEach(function (r) { if (r[D.time] === y0) first[r[D.id]] = r.rank; });
    sec.appendChild(el('h3', {}, fmt(T.ranking, {y: y1})));
    var hdr = [T.rank, T.unit, T.group, T.score].concat(dims).concat(y0 !== y1 ? [fmt(T.change, {y: y0})] : []);
    table(sec, hdr, last.map(function (r) {
      var row = [r.rank, label(r[D.id]), groupOf(r[D.id]) || '', r.score].concat(dims.map(function (d) { return r[d]; }));
      if (y0 !== y1) row.push(first[r[D.id]] === undefined ? null : first[r[D.id]] - r.rank);
      return row;
    }));
    if (dims.length >= 3) {
      var top = last.slice(0, 5), mx = {};
      dims.forEach(function (d) { mx[d] = Math.max.apply(null, last.map(function (r) { return r[d] || 0; })) || 1; });
      sec.appendChild(el('h3', {}, fmt(T.radar, {y: y1})));
      chart(sec, {
        tooltip: {}, legend: {top: 0, type: 'scroll'},
        radar: {indicator: dims.map(function (d) { return {name: d, max: +mx[d].toFixed(4)}; }), radius: '62%', center: ['50%', '56%']},
        series: [{type: 'radar', data: top.map(function (r) { return {name: label(r[D.id]), value: dims.map(function (d) { return r[d]; })}; })}]
      });
    }
    if (D.map) {
      var mv = {};
      last.forEach(function (r) { mv[r[D.id]] = r.score; });
      sec.appendChild(el('h3', {}, fmt(T.indexMap, {y: y1})));
      choropleth(sec, mv, T.score);
    }
    if (last.length && last[0].obstacle_top1 !== undefined) {
      sec.appendChild(el('h3', {}, fmt(T.obstacles, {y: y1})));
      var obsCols = step.tables.main.columns.filter(function (c) { return c.indexOf('obstacle_') === 0 && !/^obstacle_top\d$/.test(c) && dims.indexOf(c.slice(9)) < 0; });
      table(sec, [T.rank, T.unit, 'top 1', 'top 2', 'top 3'].concat(obsCols.map(function (c) { return c.slice(9); })), last.map(function (r) {
        return [r.rank, label(r[D.id]), r.obstacle_top1, r.obstacle_top2, r.obstacle_top3].concat(obsCols.map(function (c) { return r[c]; }));
      }));
      var freq = {};
      last.forEach(function (r) { if (r.obstacle_top1) freq[r.obstacle_top1] = (freq[r.obstacle_top1] || 0) + 1; });
      var topObs = Object.keys(freq).sort(function (a, b) { return freq[b] - freq[a] || a.localeCompare(b); })[0];
      var labels = {};
      if (step.tables.weights) rowsOf(step.tables.weights).forEach(function (w) { if (w.level === 'indicator' && w.label_en) labels[w.id] = w.label_en; });
      if (topObs) say(fmt(T.obstacleSay, {y: y1, o: D.lang === 'en' && labels[topObs] ? labels[topObs] + ' (' + topObs + ')' : topObs, n: freq[topObs], m: last.length}));
    }
    if (last.length >= 6) say(fmt(T.indexSay, {y: y1, a: last.slice(0, 3).map(function (r) { return label(r[D.id]); }).join(', '),
      b: last.slice(-3).map(function (r) { return label(r[D.id]); }).join(', ')}));
    if (y0 !== y1) {
      var mv2 = last.filter(function (r) { return first[r[D.id]] !== undefined; }).map(function (r) { return {id: r[D.id], d: first[r[D.id]] - r.rank}; })
        .sort(function (a, b) { return b.d - a.d || a.id.localeCompare(b.id); });
      var f2 = function (a) { return a.map(function (m) { return label(m.id) + ' (' + (m.d > 0 ? '+' : '') + m.d + ')'; }).join(', '); };
      if (mv2.length >= 6) say(fmt(T.moverSay, {y0: y0, u: f2(mv2.slice(0, 3)), d: f2(mv2.slice(-3).reverse())}));
    }
    sec.appendChild(el('p', {class: 'note'}, fmt(T.indexNote, {f: file, w: step.name + '_weights.csv'})));
  };

  renderers.disparity = function (step, sec) {
    var rows = rowsOf(step.tables.main), file = step.name + '.csv', v = step.params['var'];
    var years = rows.map(function (r) { return r[D.time]; });
    if (rows.length && rows[0].gini_within !== undefined) {
      sec.appendChild(el('h3', {}, T.dagum));
      var comp = [['gini_within', T.within], ['gini_between_net', T.between], ['gini_transvariation', T.trans]];
      chart(sec, {
        tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 60, right: 20, top: 40, bottom: 40},
        xAxis: {type: 'category', data: years}, yAxis: {type: 'value', name: 'Gini'},
        series: comp.map(function (c) { return {name: c[1], type: 'bar', stack: 'g', data: rows.map(function (r) { return r[c[0]]; })}; })
          .concat([{name: 'Gini', type: 'line', data: rows.map(function (r) { return r.gini; }), lineStyle: {width: 3}}])
      });
      sec.appendChild(el('h3', {}, T.theil));
      chart(sec, {
        tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 60, right: 20, top: 40, bottom: 40},
        xAxis: {type: 'category', data: years}, yAxis: {type: 'value', name: 'Theil T'},
        series: [['theil_t_within', T.within], ['theil_t_between', T.between]].map(function (c) {
          return {name: c[1], type: 'line', areaStyle: {}, stack: 't', data: rows.map(function (r) { return r[c[0]]; })};
        })
      });
      var L1 = rows[rows.length - 1], L0 = rows[0];
      var pc = function (x) { return (100 * x / L1.gini).toFixed(1); };
      say(fmt(T.dispSay, {y: L1[D.time], v: v, g: num(L1.gini), w: pc(L1.gini_within), b: pc(L1.gini_between_net), t: pc(L1.gini_transvariation),
        trend: rows.length > 1 ? fmt(L1.gini > L0.gini ? T.dispUp : T.dispDown, {y0: L0[D.time], g0: num(L0.gini)}) : ''}));
    } else {
      chart(sec, {tooltip: {trigger: 'axis'}, legend: {top: 0}, xAxis: {type: 'category', data: years}, yAxis: {type: 'value'},
        series: ['gini', 'theil_t', 'theil_l', 'cv'].map(function (k) { return {name: k, type: 'line', data: rows.map(function (r) { return r[k]; })}; })});
    }
    if (step.tables.groups) {
      var g = rowsOf(step.tables.groups), gs = {}, ys = {};
      g.forEach(function (r) { gs[r.group] = 1; ys[r[D.time]] = 1; });
      var yl = Object.keys(ys).map(Number).sort(function (a, b) { return a - b; });
      sec.appendChild(el('h3', {}, fmt(T.groupMeans, {v: v})));
      chart(sec, {tooltip: {trigger: 'axis'}, legend: {top: 0, type: 'scroll'}, grid: {left: 70, right: 20, top: 40, bottom: 40},
        xAxis: {type: 'category', data: yl}, yAxis: {type: 'value'},
        series: Object.keys(gs).sort().map(function (k) {
          return {name: k, type: 'line', showSymbol: false, data: yl.map(function (y) { var r = g.filter(function (x) { return x.group === k && x[D.time] === y; })[0]; return r ? r.mean : null; })};
        })});
    }
    sec.appendChild(el('p', {class: 'note'}, fmt(T.dispNote, {f: file, g: step.name + '_groups.csv'})));
  };

  renderers.dynamics = function (step, sec) {
    var v = step.params['var'] + (step.params.relative ? ' (relative to the yearly mean)' : '');
    var shape = rowsOf(step.tables.main);
    if (step.tables.density) {
      var c = cols(step.tables.density), byYear = {};
      for (var i = 0; i < c._n; i++) (byYear[c[D.time][i]] = byYear[c[D.time][i]] || []).push([c.x[i], c.density[i]]);
      var ys = Object.keys(byYear).map(Number).sort(function (a, b) { return a - b; });
      var pick = ys.length <= 5 ? ys : [0, 1, 2, 3, 4].map(function (k) { return ys[Math.round(k * (ys.length - 1) / 4)]; });
      sec.appendChild(el('h3', {}, fmt(T.densityT, {v: v})));
      chart(sec, {tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 60, right: 20, top: 40, bottom: 40},
        xAxis: {type: 'value', scale: true}, yAxis: {type: 'value'},
        series: pick.map(function (y) { return {name: String(y), type: 'line', showSymbol: false, data: byYear[y]}; })});
    }
    if (shape.length > 1) {
      var a = shape[0], b = shape[shape.length - 1];
      say(fmt(T.densSay, {v: v, y0: a[D.time], p0: a.peaks, y1: b[D.time], p1: b.peaks}));
    }
    sec.appendChild(el('p', {class: 'note'}, fmt(T.densNote, {f: step.name + '_density.csv', s: step.name + '.csv'})));
    if (step.tables.markov) {
      var mk = step.tables.markov, rows = [];
      for (var r = 0; r < (mk.data[0] || []).length; r++) rows.push(mk.columns.map(function (k, j) { return mk.data[j][r]; }));
      sec.appendChild(el('h3', {}, step.name + '_markov.csv'));
      table(sec, mk.columns, rows);
    }
  };

