  /* Sections: TFP, Malmquist, DEA, coupling, classes, spatial autocorrelation, convergence. */
  catalogue({
    tfp: 'Total factor productivity',
    level: 'TFP level (median across units)',
    levelAx: 'TFP level (first year = 1)',
    growthTop: 'Fastest and slowest average TFP growth',
    growth: 'mean TFP growth (% a year)',
    growthS: 'mean TFP growth',
    fastest: 'Fastest average TFP growth over {p}: {list}.',
    slowest: 'Slowest over the same years: {list}.',
    groupLead: 'By {g}, the median TFP level in {y} is highest in {a} ({va}) and lowest in {b} ({vb}).',
    groupLeadN: 'Among the groups, the median TFP level in {y} is highest in {a} ({va}) and lowest in {b} ({vb}).',
    tfpNote: 'Levels and growth rates are the columns {c} of {f}; the lines are medians across the units of each group with a level that year; the bars are each unit\'s mean growth rate over the last ten years with at least five growth rates.',
    latest: 'latest TFP level',
    meanGrowth: 'mean growth (% a year)',
    obs: 'growth rates',
    unitItem: '{u} ({v}%)',
    mapTitle: 'Mean TFP growth {p} (% a year)',
    malmquist: 'Productivity change and its sources (DEA Malmquist)',
    decomp: 'Yearly change across units (geometric means)',
    decompAx: 'change (%)',
    decompD: 'Yearly change across units (arithmetic means)',
    decompAxD: 'indicator value',
    malmSayD: 'Across units, the productivity indicator ({i}) averaged {t} a year over {p} (arithmetic mean; > 0 = progress): efficiency change (catching up) {e}, technical change (frontier shift) {c}. {w}',
    cumul: 'Cumulative change (product of the yearly means)',
    cumulAx: 'cumulative index (first year = 1)',
    cumulAxD: 'cumulative change',
    effch: 'efficiency change',
    techch: 'technical change',
    tfpch: 'productivity change',
    meanOf: '{v}, mean',
    pairs: 'year pairs',
    malmSay: 'Across units, productivity ({i}) changed by {t}% a year over {p} (geometric mean): efficiency change (catching up) {e}%, technical change (frontier shift) {c}%. {w}',
    fromTech: 'Most of it comes from the frontier moving.',
    fromEff: 'Most of it comes from catching up with the frontier.',
    malmNote: 'From {f}: columns {cols}; yearly bars are geometric means across the units observed in both years (arithmetic means for the Luenberger indicator, which is a difference).',
    dea: 'Efficiency (DEA)',
    teTrend: 'Mean efficiency score by year',
    teAx: 'efficiency score (1 = efficient)',
    teRank: 'Efficiency in {y}',
    teMap: 'Efficiency score by region, {y}',
    deaSay: 'In {y}, {n} of {m} units are on the efficient frontier (efficiency score 1); mean efficiency is {t}.',
    deaNote: 'From {f}: column {c} (1 = efficient); lines are means across the units of each group with an optimal LP.',
    coupling: 'Coupling coordination',
    dTrend: 'Coupling coordination degree D (median across units)',
    dAx: 'coordination degree D (0–1)',
    dClass: 'Coordination classes in {y}',
    count: 'number of units',
    gradeItem: '{g}. {c}',
    coupSay: 'In {y} the median coupling coordination degree is {d} ({c}).',
    coupNote: 'From {f}: {c}: C (coupling), T (comprehensive index), D = sqrt(C T) and its ten-grade class.',
    classify: 'Classes of units',
    classMap: 'Classes of units',
    classK: 'class {k}',
    classSay: 'The units fall into {k} classes: {list}.',
    classItem: 'class {k} ({n} units): {d}',
    strongIn: 'strong in {l}',
    weakIn: 'weak in {l}',
    mixed: 'strong in {a}, weak in {b}',
    average: 'close to the average',
    profDesc: 'profile',
    classNote: 'From {f} ({c}) and {p} (class means and z-scores); the profile names the variables whose class z-score is above 0.5 (strong) or below −0.5 (weak).',
    spatial: 'Spatial autocorrelation',
    moranI: "Global Moran's I over time",
    moranAx: "Moran's I",
    pnorm: 'p-value (normal approximation)',
    moranScatter: 'Moran scatter plot, {y}',
    zAx: 'standardised {v} (z)',
    lagAx: 'spatial lag of z (W z)',
    slope: "slope = Moran's I = {i}",
    qHH: 'HH high-high', qLL: 'LL low-low', qLH: 'LH low-high', qHL: 'HL high-low',
    notSig: 'not significant',
    island: 'no neighbours',
    empty: 'no value',
    lisaMap: 'LISA clusters, {y}',
    sigMap: 'LISA significance, {y}',
    s001: 'p < 0.001', s01: 'p < 0.01', s05: 'p < 0.05',
    moranSay: "Moran's I of {v} is {i} in {y} ({p}): {w}",
    clustered: 'similar values cluster in space.',
    dispersed: 'neighbours tend to differ.',
    random: 'no clear spatial pattern.',
    lisaSay: 'In {y}, {hh} units are in high-high and {ll} in low-low clusters ({src}).',
    pSim: 'pseudo p-values from {n} conditional permutations',
    pSimN: 'pseudo p-values from conditional permutations',
    pNorm: 'normal-approximation p-values',
    adjNone: 'not adjusted for multiple tests',
    adjFdr: 'adjusted by the false discovery rate (Benjamini–Hochberg)',
    adjBonf: 'adjusted by Bonferroni',
    lisaNote: 'LISA maps: significant at {a} with {src}, {adj}; columns {c} of {l}. Global Moran from {f} ({g}).',
    convergence: 'Convergence',
    sigmaT: 'Sigma convergence: dispersion of {v}',
    sigmaAx: 'standard deviation of logs',
    cvAx: 'coefficient of variation',
    betaT: 'Beta convergence',
    convSay: 'Beta convergence of {v}: the coefficient on the initial level is {b} ({p}); {w}',
    conv: 'poorer units grew faster (convergence), half-life {h} years.',
    noconv: 'no convergence.',
    convNote: 'From {f} (beta regression) and {s} (dispersion by year).'
  }, {
    tfp: '全要素生产率',
    level: '全要素生产率水平（各地区中位数）',
    levelAx: '全要素生产率水平（首年 = 1）',
    growthTop: '全要素生产率年均增长最快与最慢的地区',
    growth: '全要素生产率年均增长率（%）',
    growthS: '全要素生产率年均增长率',
    fastest: '{p} 期间全要素生产率年均增长最快：{list}。',
    slowest: '同期增长最慢：{list}。',
    groupLeadN: '{y} 年全要素生产率水平中位数最高的分组是{a}（{va}），最低的是{b}（{vb}）。',
    groupLead: '按{g}划分，{y} 年全要素生产率水平中位数最高的是{a}（{va}），最低的是{b}（{vb}）。',
    tfpNote: '水平与增长率取自 {f} 的 {c} 列；折线为各组当年有水平值地区的中位数；柱形为各地区最近十年增长率的平均值（至少五个增长率）。',
    latest: '最新全要素生产率水平',
    meanGrowth: '年均增长率（%）',
    obs: '增长率个数',
    unitItem: '{u}（{v}%）',
    mapTitle: '{p} 全要素生产率年均增长率（%）',
    malmquist: '生产率变化及其来源（DEA Malmquist 指数）',
    decomp: '各年变化（各地区几何平均）',
    decompAx: '变化（%）',
    decompD: '各年变化（各地区算术平均）',
    decompAxD: '指标值',
    malmSayD: '{p} 期间，各地区生产率指标（{i}）年均为 {t}（算术平均，大于 0 表示进步）：技术效率变化（追赶）{e}，技术进步（前沿移动）{c}。{w}',
    cumul: '累计变化（各年均值连乘）',
    cumulAx: '累计指数（首年 = 1）',
    cumulAxD: '累计变化',
    effch: '技术效率变化',
    techch: '技术进步',
    tfpch: '全要素生产率变化',
    meanOf: '{v}均值',
    pairs: '年份对数',
    malmSay: '{p} 期间，各地区生产率（{i}）年均变化 {t}%（几何平均）：技术效率变化（追赶）{e}%，技术进步（前沿移动）{c}%。{w}',
    fromTech: '增长主要来自前沿面的移动（技术进步）。',
    fromEff: '增长主要来自向前沿面的追赶（效率提升）。',
    malmNote: '数据取自 {f} 的 {cols} 列；柱形为两年均有观测的地区的几何平均（Luenberger 指标为差值，取算术平均）。',
    dea: '效率（DEA）',
    teTrend: '各年平均效率值',
    teAx: '效率值（1 = 有效）',
    teRank: '{y} 年效率',
    teMap: '{y} 年各地区效率值',
    deaSay: '{y} 年 {m} 个地区中有 {n} 个位于有效前沿（效率值为 1）；平均效率为 {t}。',
    deaNote: '数据取自 {f} 的 {c} 列（1 = 有效）；折线为各组线性规划有最优解地区的平均值。',
    coupling: '耦合协调',
    dTrend: '耦合协调度 D（各地区中位数）',
    dAx: '耦合协调度 D（0–1）',
    dClass: '{y} 年协调等级分布',
    count: '地区数',
    gradeItem: '{g}. {c}',
    coupSay: '{y} 年耦合协调度中位数为 {d}（{c}）。',
    coupNote: '数据取自 {f} 的 {c} 列：C（耦合度）、T（综合评价指数）、D = sqrt(C T) 及其十级分类。',
    classify: '地区分类',
    classMap: '地区分类',
    classK: '第 {k} 类',
    classSay: '各地区分为 {k} 类：{list}。',
    classItem: '第 {k} 类（{n} 个地区）：{d}',
    strongIn: '{l}较强',
    weakIn: '{l}较弱',
    mixed: '{a}较强，{b}较弱',
    average: '接近平均水平',
    profDesc: '特征',
    classNote: '数据取自 {f}（{c}）与 {p}（各类均值与标准分）；特征列出类别标准分高于 0.5（较强）或低于 −0.5（较弱）的变量。',
    spatial: '空间自相关',
    moranI: '全局莫兰指数（Moran\'s I）变化',
    moranAx: 'Moran\'s I',
    pnorm: 'p 值（正态近似）',
    moranScatter: '{y} 年莫兰散点图',
    zAx: '标准化{v}（z）',
    lagAx: 'z 的空间滞后（W z）',
    slope: '斜率 = Moran\'s I = {i}',
    qHH: 'HH 高-高', qLL: 'LL 低-低', qLH: 'LH 低-高', qHL: 'HL 高-低',
    notSig: '不显著',
    island: '无邻居',
    empty: '无数值',
    lisaMap: '{y} 年 LISA 集聚图',
    sigMap: '{y} 年 LISA 显著性',
    s001: 'p < 0.001', s01: 'p < 0.01', s05: 'p < 0.05',
    moranSay: '{y} 年{v}的莫兰指数为 {i}（{p}）：{w}',
    clustered: '相似值在空间上集聚。',
    dispersed: '相邻地区差异较大。',
    random: '无明显空间格局。',
    lisaSay: '{y} 年有 {hh} 个地区属于高-高集聚，{ll} 个属于低-低集聚（{src}）。',
    pSim: '{n} 次条件置换检验的伪 p 值',
    pSimN: '条件置换检验的伪 p 值',
    pNorm: '正态近似 p 值',
    adjNone: '未做多重检验校正',
    adjFdr: '经错误发现率（Benjamini–Hochberg）校正',
    adjBonf: '经 Bonferroni 校正',
    lisaNote: 'LISA 图：显著性水平 {a}，采用{src}，{adj}；取自 {l} 的 {c} 列。全局莫兰指数取自 {f}（{g}）。',
    convergence: '收敛性',
    sigmaT: 'σ 收敛：{v}的离散程度',
    sigmaAx: '对数标准差',
    cvAx: '变异系数',
    betaT: 'β 收敛',
    convSay: '{v}的 β 收敛：初始水平的系数为 {b}（{p}）；{w}',
    conv: '落后地区增长更快（存在收敛），半衰期 {h} 年。',
    noconv: '不存在收敛。',
    convNote: '数据取自 {f}（β 回归）与 {s}（各年离散程度）。'
  });

  /* A one-series bar chart with a legend naming the series. */
  function barChart(sec, cats, data, name, xname, left) {
    return chart(sec, {
      tooltip: {trigger: 'axis'}, legend: {top: 0, data: [name]},
      grid: {left: left || 140, right: 40, top: 36, bottom: 45},
      xAxis: {type: 'value', name: xname, nameLocation: 'middle', nameGap: 26},
      yAxis: {type: 'category', inverse: true, data: cats, axisLabel: {interval: 0, fontSize: cats.length > 16 ? 10 : 12}},
      series: [{name: name, type: 'bar', data: data}]
    });
  }

  renderers.tfp = function (step, sec) {
    var c = cols(step.tables.main), file = step.name + '.csv';
    var m = groupMedians(c, 'tfp');
    chart(sec, lineOption(m, T.levelAx));
    /* Mean growth per unit over the last ten years of the sample. */
    var lastYear = m.years[m.years.length - 1], per = {}, latest = {};
    for (var i = 0; i < c._n; i++) {
      var id = c[D.id][i], y = c[D.time][i];
      if (c.tfp[i] !== null) latest[id] = c.tfp[i];
      if (y > lastYear - 10 && c.tfp_growth[i] !== null) (per[id] = per[id] || []).push(c.tfp_growth[i]);
    }
    var stats = Object.keys(per).filter(function (id) { return per[id].length >= 5; }).map(function (id) {
      return {id: id, g: 100 * mean(per[id]), n: per[id].length};
    }).sort(function (a, b) { return b.g - a.g; });
    var period = Math.max(m.years[0] + 1, lastYear - 9) + '–' + lastYear;
    if (stats.length >= 2) {
      var k = Math.min(10, Math.floor(stats.length / 2));
      var pick = stats.slice(0, k).concat(stats.slice(stats.length - k));
      sec.appendChild(el('h3', {}, T.growthTop));
      barChart(sec, pick.map(function (s) { return label(s.id); }),
        pick.map(function (s) { return {value: +s.g.toFixed(3), itemStyle: {color: s.g >= 0 ? '#2f7ed8' : '#d9534f'}}; }),
        T.growthS, T.growth);
      var lst = function (a) { return listJoin(a.map(function (s) { return fmt(T.unitItem, {u: label(s.id), v: (s.g >= 0 ? '+' : '') + s.g.toFixed(2)}); })); };
      say(fmt(T.fastest, {p: period, list: lst(stats.slice(0, 3))}));
      say(fmt(T.slowest, {list: lst(stats.slice(-3).reverse())}));
    }
    if (D.group && m.groups.length > 2) {
      var yi = m.years.length - 1, best = null, worst = null;
      while (yi > 0 && m.groups.every(function (g) { return g === T.all || m.series[g][yi] === null; })) yi--;
      m.groups.forEach(function (g) {
        var v = m.series[g][yi];
        if (g === T.all || v === null) return;
        if (!best || v > best.v) best = {g: g, v: v};
        if (!worst || v < worst.v) worst = {g: g, v: v};
      });
      /* A group column without a label (an ASCII name in a Chinese report) is not named. */
      var gname = varLabel(D.group), unnamed = LANG === 'zh' && /^[\x00-\x7f]*$/.test(gname);
      if (best && worst) say(fmt(unnamed ? T.groupLeadN : T.groupLead, {g: gname, y: m.years[yi], a: best.g, va: num(best.v), b: worst.g, vb: num(worst.v)}));
    }
    table(sec, [T.unit, T.group, T.latest, T.meanGrowth, T.obs], stats.map(function (s) {
      return [label(s.id), groupOf(s.id) || '', latest[s.id] === undefined ? null : latest[s.id], s.g, s.n];
    }), 0, ['txt', 'txt', 'idx', 'pct', 'int']);
    if (D.map && stats.length) {
      var mv = {};
      stats.forEach(function (s) { mv[s.id] = s.g; });
      sec.appendChild(el('h3', {}, fmt(T.mapTitle, {p: period})));
      choropleth(sec, mv, T.growth);
    }
    note(sec, T.tfpNote, {f: {src: file}, c: {src: ['tfp', 'tfp_growth']}});
  };

  renderers.malmquist = function (step, sec) {
    var c = cols(step.tables.main), file = step.name + '.csv';
    var sets = [['tfpch', 'effch', 'techch', false], ['ml', 'mleffch', 'mltech', false], ['lpi', 'lpi_effch', 'lpi_techch', true]];
    var set = sets.filter(function (x) { return c[x[0]]; })[0];
    if (!set) return generic(step, sec);
    var diff = set[3], byYear = {};
    for (var i = 0; i < c._n; i++) {
      var vals = [c[set[0]][i], c[set[1]][i], c[set[2]][i]];
      if (vals.some(function (v) { return v === null || (!diff && !(v > 0)); })) continue;
      var y = c[D.time][i];
      (byYear[y] = byYear[y] || []).push(vals);
    }
    var years = Object.keys(byYear).map(Number).sort(function (a, b) { return a - b; });
    if (!years.length) return generic(step, sec);
    var agg = function (rows, k) { var a = rows.map(function (r) { return r[k]; }); return diff ? mean(a) : geomean(a); };
    var yearly = [0, 1, 2].map(function (k) { return years.map(function (y) { return agg(byYear[y], k); }); });
    /* Ratio indices as % change; the Luenberger indicator (a difference) as it is. */
    var pct = function (v) { return diff ? +v.toFixed(5) : +(100 * (v - 1)).toFixed(3); };
    var names = [T.tfpch, T.effch, T.techch];
    var xa = {type: 'category', data: years, name: T['col.year'], nameLocation: 'middle', nameGap: 26};
    sec.appendChild(el('h3', {}, diff ? T.decompD : T.decomp));
    chart(sec, {
      tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 70, right: 30, top: 50, bottom: 45},
      xAxis: xa, yAxis: {type: 'value', name: diff ? T.decompAxD : T.decompAx},
      series: [
        {name: names[1], type: 'bar', stack: 'd', data: yearly[1].map(pct)},
        {name: names[2], type: 'bar', stack: 'd', data: yearly[2].map(pct)},
        {name: names[0], type: 'line', data: yearly[0].map(pct), lineStyle: {width: 3}}
      ]
    });
    var cum = yearly.map(function (a) { var acc = diff ? 0 : 1; return a.map(function (v) { acc = diff ? acc + v : acc * v; return +acc.toFixed(4); }); });
    sec.appendChild(el('h3', {}, T.cumul));
    chart(sec, {
      tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 70, right: 30, top: 50, bottom: 45},
      xAxis: xa, yAxis: {type: 'value', scale: true, name: diff ? T.cumulAxD : T.cumulAx},
      series: [0, 1, 2].map(function (k) { return {name: names[k], type: 'line', data: cum[k], lineStyle: {width: k ? 1.5 : 3}}; })
    });
    var all = [0, 1, 2].map(function (k) { return agg([].concat.apply([], years.map(function (y) { return byYear[y]; })), k); });
    var share = function (v) { return diff ? v : Math.log(v); };
    var dg = diff ? 4 : 2;
    say(fmt(diff ? T.malmSayD : T.malmSay, {i: varLabel(set[0]), p: years[0] + '–' + years[years.length - 1],
      t: pct(all[0]).toFixed(dg), e: pct(all[1]).toFixed(dg), c: pct(all[2]).toFixed(dg),
      w: Math.abs(share(all[2])) >= Math.abs(share(all[1])) ? T.fromTech : T.fromEff}));
    /* Per unit: mean of each component over the unit's pairs. */
    var per = {};
    for (i = 0; i < c._n; i++) {
      var v3 = [c[set[0]][i], c[set[1]][i], c[set[2]][i]];
      if (v3.some(function (v) { return v === null || (!diff && !(v > 0)); })) continue;
      (per[c[D.id][i]] = per[c[D.id][i]] || []).push(v3);
    }
    table(sec, [T.unit, T.group].concat(set.slice(0, 3).map(function (k) { return fmt(T.meanOf, {v: varLabel(k)}); })).concat([T.pairs]),
      Object.keys(per).map(function (id) {
        return [label(id), groupOf(id) || '', agg(per[id], 0), agg(per[id], 1), agg(per[id], 2), per[id].length];
      }), 0, ['txt', 'txt', 'idx', 'idx', 'idx', 'int']);
    note(sec, T.malmNote, {f: {src: file}, cols: {src: set.slice(0, 3)}});
  };

  renderers.dea = function (step, sec) {
    var rows = rowsOf(step.tables.main).filter(function (r) { return r.te !== null; });
    if (!rows.length) return generic(step, sec);
    var y1 = lastTime(rows), byKey = {}, years = {}, groups = {};
    rows.forEach(function (r) {
      var g = D.group ? groupOf(r[D.id]) : null;
      years[r[D.time]] = 1;
      [T.all].concat(g ? [g] : []).forEach(function (k) { groups[k] = 1; (byKey[k + '\u0000' + r[D.time]] = byKey[k + '\u0000' + r[D.time]] || []).push(r.te); });
    });
    var ys = Object.keys(years).map(Number).sort(function (a, b) { return a - b; });
    var gs = Object.keys(groups).sort(function (a, b) { return a === T.all ? -1 : b === T.all ? 1 : a.localeCompare(b); });
    var m = {groups: gs, years: ys, series: {}};
    gs.forEach(function (g) { m.series[g] = ys.map(function (y) { var a = byKey[g + '\u0000' + y]; return a ? +mean(a).toFixed(4) : null; }); });
    sec.appendChild(el('h3', {}, T.teTrend));
    chart(sec, lineOption(m, T.teAx));
    var last = rows.filter(function (r) { return r[D.time] === y1; }).sort(function (a, b) { return b.te - a.te || String(a[D.id]).localeCompare(String(b[D.id])); });
    say(fmt(T.deaSay, {y: y1, n: last.filter(function (r) { return r.te >= 1 - 1e-9; }).length, m: last.length,
      t: num(mean(last.map(function (r) { return r.te; })))}));
    sec.appendChild(el('h3', {}, fmt(T.teRank, {y: y1})));
    table(sec, [T.unit, T.group, varLabel('te')], last.map(function (r) { return [label(r[D.id]), groupOf(r[D.id]) || '', r.te]; }), 0, ['txt', 'txt', 'idx']);
    if (D.map) {
      var mv = {};
      last.forEach(function (r) { mv[r[D.id]] = r.te; });
      sec.appendChild(el('h3', {}, fmt(T.teMap, {y: y1})));
      choropleth(sec, mv, varLabel('te'));
    }
    note(sec, T.deaNote, {f: {src: step.name + '.csv'}, c: {src: 'te'}});
  };

  renderers.coupling = function (step, sec) {
    var c = cols(step.tables.main), rows = rowsOf(step.tables.main).filter(function (r) { return r.D !== null; });
    if (!rows.length) return generic(step, sec);
    var m = groupMedians(c, 'D'), y1 = lastTime(rows);
    sec.appendChild(el('h3', {}, T.dTrend));
    chart(sec, lineOption(m, T.dAx));
    var last = rows.filter(function (r) { return r[D.time] === y1; }), cls = {};
    var cname = function (r) { return LANG === 'zh' ? r.class_zh : r.class_en; };
    last.forEach(function (r) { var k = fmt(T.gradeItem, {g: r.grade, c: cname(r)}); cls[k] = (cls[k] || 0) + 1; });
    var keys = Object.keys(cls).sort(function (a, b) { return parseInt(a, 10) - parseInt(b, 10); });
    sec.appendChild(el('h3', {}, fmt(T.dClass, {y: y1})));
    barChart(sec, keys, keys.map(function (k) { return cls[k]; }), T.count, T.count, 180);
    var md = median(last.map(function (r) { return r.D; }));
    var grade = last.slice().sort(function (a, b) { return Math.abs(a.D - md) - Math.abs(b.D - md); })[0];
    say(fmt(T.coupSay, {y: y1, d: num(md), c: cname(grade)}));
    table(sec, [T.unit, T.group, varLabel('C'), varLabel('T'), varLabel('D'), varLabel('grade'), varLabel('class_en')],
      last.map(function (r) { return [label(r[D.id]), groupOf(r[D.id]) || '', r.C, r.T, r.D, r.grade, cname(r)]; }),
      0, ['txt', 'txt', 'idx', 'idx', 'idx', 'int', 'txt']);
    note(sec, T.coupNote, {f: {src: step.name + '.csv'}, c: {src: ['C', 'T', 'D', 'grade', LANG === 'zh' ? 'class_zh' : 'class_en']}});
  };

  var PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4'];
  renderers.classify = function (step, sec) {
    var units = rowsOf(step.tables.main), prof = step.tables.profiles ? rowsOf(step.tables.profiles) : [];
    var pcols = step.tables.profiles ? step.tables.profiles.columns : [];
    var zcols = pcols.filter(function (k) { return /^z_/.test(k); });
    /* The profile in words, from the class z-scores (the C side's description column is English). */
    var describe = function (r) {
      var hi = [], lo = [];
      zcols.forEach(function (k) { var l = varLabel(k.slice(2)); if (r[k] > 0.5) hi.push(l); else if (r[k] < -0.5) lo.push(l); });
      return hi.length && lo.length ? fmt(T.mixed, {a: listJoin(hi), b: listJoin(lo)})
        : hi.length ? fmt(T.strongIn, {l: listJoin(hi)}) : lo.length ? fmt(T.weakIn, {l: listJoin(lo)}) : T.average;
    };
    var classes = {};
    units.forEach(function (r) { if (r['class'] !== null) classes[r['class']] = 1; });
    var ks = Object.keys(classes).map(Number).sort(function (a, b) { return a - b; });
    if (D.map && ks.length) {
      sec.appendChild(el('h3', {}, T.classMap));
      categoryMap(sec, units.filter(function (r) { return r['class'] !== null; }).map(function (r) { return {id: r[D.id], cat: r['class']}; }),
        ks.map(function (k) { return {key: k, name: fmt(T.classK, {k: k}), color: PALETTE[(k - 1) % PALETTE.length]}; }));
    }
    if (prof.length) {
      var shown = pcols.filter(function (k) { return k !== 'description'; });
      table(sec, shown.map(varLabel).concat([T.profDesc]), prof.map(function (r) {
        return shown.map(function (k) { return r[k]; }).concat([describe(r)]);
      }), 0, shown.map(numKind).concat(['txt']));
      say(fmt(T.classSay, {k: prof.length, list: (LANG === 'zh' ? prof.map(function (r) {
        return fmt(T.classItem, {k: r['class'], n: r.n, d: describe(r)}); }).join('；') : prof.map(function (r) {
        return fmt(T.classItem, {k: r['class'], n: r.n, d: describe(r)}); }).join('; '))}));
    }
    table(sec, [T.unit, T.group, varLabel('class'), varLabel('silhouette')],
      units.map(function (r) { return [label(r[D.id]), groupOf(r[D.id]) || '', r['class'], r.silhouette]; }), 0, ['txt', 'txt', 'int', 'idx']);
    note(sec, T.classNote, {f: {src: step.name + '.csv'}, c: {src: ['class', 'silhouette']}, p: {src: step.name + '_profiles.csv'}});
  };

  /* LISA categories of one row: cluster (HH, LL, LH, HL, ns, island, empty) and significance
   * (0.001, 0.01, 0.05, ns, island), from the step's columns cluster and sig_level when present,
   * else from the p-value (lisaP) below alpha and the quadrant. */
  /* The p-value a map uses: adjusted when the step adjusted, else permutation, else normal. */
  function lisaP(r) {
    var ks = ['lisa_p_adj', 'lisa_p', 'lisa_p_sim', 'lisa_p_norm'];
    for (var i = 0; i < ks.length; i++) if (r[ks[i]] !== undefined) return r[ks[i]];
    return null;
  }
  function lisaCluster(r, alpha) {
    if (r.cluster !== undefined && r.cluster !== null) return r.cluster;
    if (r.value === null || r.value === undefined) return 'empty';
    if (!(r.neighbours > 0)) return 'island';
    var p = lisaP(r);
    return p !== null && p < alpha && r.quadrant ? r.quadrant : 'ns';
  }
  function lisaSig(r) {
    if (r.sig_level !== undefined && r.sig_level !== null) return String(r.sig_level);
    if (!(r.neighbours > 0)) return 'island';
    var p = lisaP(r);
    return p === null || p === undefined ? 'ns' : p < 0.001 ? '0.001' : p < 0.01 ? '0.01' : p < 0.05 ? '0.05' : 'ns';
  }

  renderers.spatial = function (step, sec) {
    var rows = rowsOf(step.tables.main), file = step.name + '.csv', v = step.params['var'], vl = varLabel(v);
    var xa = {type: 'category', data: rows.map(function (r) { return r[D.time]; }), name: T['col.year'], nameLocation: 'middle', nameGap: 26};
    sec.appendChild(el('h3', {}, T.moranI));
    chart(sec, {tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 70, right: 70, top: 50, bottom: 45},
      xAxis: xa, yAxis: [{type: 'value', name: T.moranAx}, {type: 'value', name: T.pnorm, min: 0, max: 1}],
      series: [{name: T.moranAx, type: 'line', data: rows.map(function (r) { return r.moran_i; }), lineStyle: {width: 3}},
               {name: T.pnorm, type: 'line', yAxisIndex: 1, data: rows.map(function (r) { return r.moran_p_norm; }), lineStyle: {width: 1, type: 'dashed'}}]});
    var L = rows[rows.length - 1];
    if (L) say(fmt(T.moranSay, {v: vl, i: num(L.moran_i), y: L[D.time], p: pval(L.moran_p_norm),
      w: L.moran_p_norm < 0.05 ? (L.moran_i > 0 ? T.clustered : T.dispersed) : T.random}));
    if (!step.tables.lisa) return note(sec, T.fromFile, {f: {src: file}});
    var lcols = step.tables.lisa.columns, lisa = rowsOf(step.tables.lisa), y1 = lastTime(lisa);
    var year = lisa.filter(function (r) { return r[D.time] === y1 && r.value !== null; });
    var cur = year.filter(function (r) { return r.neighbours > 0 && r.lisa_i !== null; });
    var vals = year.map(function (r) { return r.value; }), m = mean(vals);
    var sd = Math.sqrt(mean(vals.map(function (x) { return (x - m) * (x - m); })));
    var colors = {HH: '#d7191c', LL: '#2c7bb6', HL: '#fdae61', LH: '#abd9e9'};
    var qname = {HH: T.qHH, LL: T.qLL, LH: T.qLH, HL: T.qHL};
    var Iy = rows.filter(function (r) { return r[D.time] === y1; })[0];
    sec.appendChild(el('h3', {}, fmt(T.moranScatter, {y: y1})));
    var pts = cur.map(function (r) { return [(r.value - m) / sd, (r.lag - m) / sd]; });
    var xs = pts.map(function (p) { return p[0]; });
    var x0 = Math.min.apply(null, xs.concat([-1])), x1 = Math.max.apply(null, xs.concat([1]));
    var series = ['HH', 'LH', 'LL', 'HL'].map(function (q) {
      return {name: qname[q], type: 'scatter', symbolSize: 7, itemStyle: {color: colors[q]},
        data: cur.filter(function (r) { return r.quadrant === q; }).map(function (r) { return [+((r.value - m) / sd).toFixed(4), +((r.lag - m) / sd).toFixed(4), label(r[D.id])]; })};
    });
    if (Iy && Iy.moran_i !== null) {
      series.push({name: fmt(T.slope, {i: num(Iy.moran_i)}), type: 'line', showSymbol: false, tooltip: {show: false},
        lineStyle: {color: '#333', width: 1.5}, itemStyle: {color: '#333'},
        data: [[x0, x0 * Iy.moran_i], [x1, x1 * Iy.moran_i]]});
    }
    chart(sec, {tooltip: {formatter: function (p) { return esc(p.data[2]) + ' (' + esc(num(p.data[0], 2)) + ', ' + esc(num(p.data[1], 2)) + ')'; }},
      legend: {top: 0, left: 10, right: 60}, grid: {left: 70, right: 30, top: 50, bottom: 50},
      xAxis: {type: 'value', name: fmt(T.zAx, {v: vl}), nameLocation: 'middle', nameGap: 28},
      yAxis: {type: 'value', name: T.lagAx, nameLocation: 'middle', nameGap: 40},
      series: series});
    /* The p-values behind the maps and how they were adjusted. */
    var perms = step.params.permutations, adj = step.params.p_adjust || 'none', alpha = step.params.alpha || 0.05;
    var hasSim = lcols.indexOf('lisa_p_sim') >= 0 && perms !== 0;
    var hasCluster = lcols.indexOf('cluster') >= 0;
    var src = hasSim ? (perms ? fmt(T.pSim, {n: perms}) : T.pSimN) : T.pNorm;
    var adjText = adj === 'fdr' ? T.adjFdr : adj === 'bonferroni' ? T.adjBonf : T.adjNone;
    var counts = {};
    var clusterOf = {};
    year.concat(lisa.filter(function (r) { return r[D.time] === y1 && r.value === null; })).forEach(function (r) {
      var k = lisaCluster(r, alpha);
      clusterOf[r[D.id]] = k;
      counts[k] = (counts[k] || 0) + 1;
    });
    say(fmt(T.lisaSay, {y: y1, hh: counts.HH || 0, ll: counts.LL || 0, src: src}));
    if (D.map) {
      var lrows = lisa.filter(function (r) { return r[D.time] === y1; });
      sec.appendChild(el('h3', {}, fmt(T.lisaMap, {y: y1})));
      var shown = categoryMap(sec, lrows.map(function (r) { return {id: r[D.id], cat: lisaCluster(r, alpha)}; }), [
        {key: 'HH', name: T.qHH, color: colors.HH, keep: true}, {key: 'LL', name: T.qLL, color: colors.LL, keep: true},
        {key: 'LH', name: T.qLH, color: colors.LH, keep: true}, {key: 'HL', name: T.qHL, color: colors.HL, keep: true},
        {key: 'ns', name: T.notSig, color: '#d9d9d9', keep: true}, {key: 'island', name: T.island, color: '#f3ecd8'},
        {key: 'empty', name: T.empty, color: '#f2f2f2'}]);
      selfCheck.lisa = {step: step.name, year: y1, source: hasCluster ? 'cluster' : ['lisa_p_adj', 'lisa_p', 'lisa_p_sim', 'lisa_p_norm'].filter(function (k) { return lcols.indexOf(k) >= 0; })[0], map: shown};
      sec.appendChild(el('h3', {}, fmt(T.sigMap, {y: y1})));
      categoryMap(sec, lrows.filter(function (r) { return r.value !== null; }).map(function (r) { return {id: r[D.id], cat: lisaSig(r)}; }), [
        {key: '0.001', name: T.s001, color: '#006d2c', keep: true}, {key: '0.01', name: T.s01, color: '#31a354', keep: true},
        {key: '0.05', name: T.s05, color: '#a1d99b', keep: true}, {key: 'ns', name: T.notSig, color: '#d9d9d9', keep: true},
        {key: 'island', name: T.island, color: '#f3ecd8'}]);
    }
    note(sec, T.lisaNote, {a: alpha, src: src, adj: adjText, l: {src: step.name + '_lisa.csv'},
      c: {src: (hasCluster ? ['cluster', 'sig_level'] : ['quadrant', 'neighbours']).concat(['lisa_p_adj', 'lisa_p', 'lisa_p_sim', 'lisa_p_norm'].filter(function (k) { return lcols.indexOf(k) >= 0; }).slice(0, 1))},
      f: {src: file}, g: {src: ['moran_i', 'moran_p_norm']}});
  };

  renderers.convergence = function (step, sec) {
    var v = step.params['var'], vl = varLabel(v);
    if (step.tables.sigma) {
      var sg = rowsOf(step.tables.sigma);
      sec.appendChild(el('h3', {}, fmt(T.sigmaT, {v: vl})));
      chart(sec, {tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 70, right: 70, top: 50, bottom: 45},
        xAxis: {type: 'category', data: sg.map(function (r) { return r[D.time]; }), name: T['col.year'], nameLocation: 'middle', nameGap: 26},
        yAxis: [{type: 'value', name: T.sigmaAx, scale: true}, {type: 'value', name: T.cvAx, scale: true}],
        series: [{name: T.sigmaAx, type: 'line', data: sg.map(function (r) { return r.sd_log; })},
                 {name: T.cvAx, type: 'line', yAxisIndex: 1, data: sg.map(function (r) { return r.cv; })}]});
    }
    var beta = rowsOf(step.tables.main), bc = step.tables.main.columns;
    var tr = function (k, x) {
      if (x === null || x === undefined) return x;
      if (k === 'model') return has('model.' + x) ? store['model.' + x] : x;
      if (k === 'term') return has('term.' + x) ? store['term.' + x] : varLabel(x);
      return x;
    };
    sec.appendChild(el('h3', {}, T.betaT));
    table(sec, bc.map(varLabel), beta.map(function (r) { return bc.map(function (k) { return tr(k, r[k]); }); }), 0,
      bc.map(function (k) { return k === 't' ? 'pct' : k === 'r2' || k === 'lambda' ? 'idx' : numKind(k); }));
    var b = beta.filter(function (r) { return r.term === 'log_initial' || r.term === 'log_lag'; })[0];
    if (b) say(fmt(T.convSay, {v: vl, b: num(b.estimate, 4), p: pval(b.p_value),
      w: b.estimate < 0 && b.p_value < 0.05 ? fmt(T.conv, {h: num(b.half_life, 1)}) : T.noconv}));
    note(sec, T.convNote, {f: {src: step.name + '.csv'}, s: {src: step.name + '_sigma.csv'}});
  };
