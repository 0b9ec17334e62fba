  /* Sections: the index, disparity, distribution dynamics (docs/report.md, "Index, disparity and
   * dynamics sections"). Helpers used only here are named b_*. Tables a paper prints (the indicator
   * system, the Dagum table, the Markov matrices) are static b_table()s whose cells carry data-src
   * attributes naming the result column they show, so that tests/cli/report_sections.sh can compare
   * every cell with the CSV files. The 3-D density surface needs ECharts GL (embedded by report.c only
   * when a dynamics step has a density table) and WebGL; without either, a note takes its place. Its
   * container has class chart3d, not chart: the self-check's pixel test reads 2-D canvases only. */
  catalogue({
    index: 'Productive-forces index',
    system: 'Indicator system and weights',
    dimension: 'Dimension',
    subdimension: 'Sub-dimension',
    indicator: 'Indicator',
    unitCol: 'Unit',
    direction: 'Direction',
    weight: 'Weight',
    dirPos: 'positive (+)',
    dirNeg: 'negative (−)',
    withWeight: '{l} ({w})',
    systemNote: 'Weights ({m}) are the indicators\' global weights, the product of the weights down the framework; the weight of a dimension is given after its name. From {w}.',
    ranking: 'Ranking in {y}',
    score: 'score',
    rank: 'rank',
    change: 'rank change since {y}',
    radar: 'Dimension scores of the top five in {y}',
    sensT: 'Rank uncertainty in {y} ({n} Monte Carlo replications)',
    sensBar: '5th–95th percentile of the rank',
    sensMed: 'median rank',
    sensNom: 'nominal rank',
    sensNote: 'Units in the order of their nominal rank (column {r} of {f}); the bar spans {a} to {b} over the replications that vary the normalisation, the weights, weight noise and the aggregation (docs/index.md); a long bar means a rank that depends on these choices.',
    sensTip: '{u}: nominal rank {r}, median {m}, 90% interval {a}–{b}',
    obstacles: 'Main obstacles in {y}',
    obsTop: 'obstacle {k}',
    obsDeg: '{l} ({v}%)',
    obsDim: '{l} (%)',
    obsMean: 'Mean obstacle degree by indicator in {y} (%)',
    obsAxis: 'mean obstacle degree (%)',
    obsNote: 'Obstacle degree: the share (%) of a unit\'s gap to the ideal that an indicator accounts for (weight × (1 − normalised value), over its sum); the three largest per unit are shown, with the dimensions\' degrees. From {f}.',
    indexMap: 'Index score by region, {y}',
    indexSay: 'In {y} the index ranks {a} first; the lowest are {b}.',
    moverSay: 'Biggest movers since {y0}: up {u}; down {d}.',
    obstacleSay: 'The most frequent main obstacle in {y} is "{o}" ({n} of {m} units).',
    indexNote: 'Scores, dimension scores, ranks and obstacle degrees are columns of {f}; weights are in {w}.',
    aggSum: 'Aggregation: weighted sums of the normalised indicators at every level of the framework (weights: {w}).',
    aggGeo: 'Aggregation: weighted geometric means at every level of the framework (weights: {w}).',
    aggFlat: 'Aggregation: one TOPSIS over all indicators, each with its global weight (weights: {w}): the score is the relative closeness to the ideal point, as in the entropy-TOPSIS literature.',
    aggHier: 'Aggregation: TOPSIS at every level of the framework (weights: {w}).',
    aggHierWarn: 'Note: with TOPSIS at every level, the top level runs TOPSIS on a few dimension scores, so a unit that leads on all of them scores exactly 1. Papers that report entropy-TOPSIS compute one TOPSIS over all indicators with their global weights; to get that form, choose the flat TOPSIS of the index step ({fix}).',
    aggGra: 'Aggregation: grey relational grade at every level of the framework (weights: {w}).',
    aggOther: 'Aggregation: {a} (weights: {w}).',
    wEntropy: 'entropy',
    wCritic: 'CRITIC',
    wCv: 'coefficient of variation',
    wPca: 'principal components',
    wEqual: 'equal',
    wAhp: 'AHP',
    wFixed: 'given in the framework',
    wMean: 'mean of {a} and {b}',
    wProd: 'normalised product of {a} and {b}',
    disparity: 'Disparity and where it comes from',
    dagum: 'Dagum Gini decomposition: contributions to the Gini coefficient',
    giniAx: 'Gini coefficient',
    gini: 'overall Gini',
    within: 'within groups',
    between: 'between groups (net)',
    trans: 'transvariation (overlap)',
    shareT: 'Contribution rates (%)',
    shareAx: 'share of the Gini coefficient (%)',
    contribT: 'Contributions and contribution rates',
    contribVal: 'contribution',
    contribRate: 'rate (%)',
    withinT: 'Within-group Gini coefficient by group',
    betweenT: 'Between-group Gini coefficient by pair of groups',
    pair: '{a} – {b}',
    dagumTable: 'Dagum Gini coefficient and its decomposition',
    year: 'year',
    overall: 'overall',
    withinHead: 'within-group Gini',
    betweenHead: 'between-group Gini',
    rateHead: 'contribution rate (%)',
    dagumNote: 'Dagum (1997): G = G_w + G_nb + G_t. Overall Gini and contributions from {f}; within-group Gini per group from {g} ({gc}); between-group Gini per pair from {p} ({pc}); the rates are each contribution over G.',
    theil: 'Theil T decomposition',
    theilAx: 'Theil T',
    dispSay: 'In {y} the Gini coefficient of {v} is {g}: {w}% of it comes from gaps within groups, {b}% from gaps between groups and {t}% from their overlap. {trend}',
    dispUp: 'It has risen since {y0} ({g0}).',
    dispDown: 'It has fallen since {y0} ({g0}).',
    groupMeans: 'Group means of {v}',
    cvL: 'coefficient of variation',
    theilTL: 'Theil T',
    theilLL: 'Theil L',
    ineqAx: 'inequality',
    dispNote: 'From {f} (columns {c}) and {g}.',
    dynamics: 'Distribution dynamics',
    relative: '{v} (relative to the yearly mean)',
    densityT: 'Kernel density of {v} in selected years',
    densAx: 'density',
    valueAx: 'value',
    density3T: 'Kernel density of {v}: year × value × density',
    noWebgl: 'The 3-D density surface needs WebGL, which this browser does not offer (or has turned off). The 2-D curves above show the same densities.',
    densSay: 'The distribution of {v} had {p0} peak(s) in {y0} and {p1} in {y1}.',
    densNote: 'From {f} ({c}); peaks from {s}.',
    markovT: 'Markov transition probabilities (from one year to the next)',
    smarkovT: 'Spatial Markov transition probabilities, neighbours in {c}',
    fromTo: 'class in t \\ class in t + 1',
    nObs: 'transitions',
    klass0: 'class',
    klassK: 'class {k}',
    klassLow: 'class {k} (lowest)',
    klassHigh: 'class {k} (highest)',
    bound: '{k}: {r}',
    le: '≤ {b}',
    gt: '> {a}',
    range: '{a} to {b}',
    steady: 'steady state',
    steadyK: 'steady state {k}',
    chainT: 'Properties of the chain',
    sojourn: 'mean stay (years)',
    prais: 'Prais mobility',
    mfpt: 'mean first passage time to the class (years)',
    boundsFixed: 'Classes: {list}.',
    boundsYearly: 'Classes are quantiles of each year, so their bounds move; those of {y}: {list}. Over {y0}–{y1} the bounds ranged: {rng}. Every year\'s bounds are in {f}.',
    boundsNone: 'Classes are quantiles of each year (bounds in {f} when it is written).',
    markovNote: 'From {f}: each row gives the probabilities of moving from its class to each class one year later (rows sum to 1); the steady state is the long-run share of units in each class; mean stay = 1 / (1 − p_ii); Prais mobility = 1 − p_ii; the mean first passage time is the expected number of years to reach a class.'
  }, {
    index: '新质生产力综合指数',
    system: '指标体系与权重',
    dimension: '维度',
    subdimension: '子维度',
    indicator: '指标',
    unitCol: '单位',
    direction: '属性',
    weight: '权重',
    dirPos: '正向（+）',
    dirNeg: '负向（−）',
    withWeight: '{l}（{w}）',
    systemNote: '权重（{m}）为各指标的综合权重，即沿指标体系逐层权重之积；维度名称后括号内为该维度的权重。数据取自 {w}。',
    ranking: '{y} 年排名',
    score: '得分',
    rank: '排名',
    change: '较 {y} 年排名变化',
    radar: '{y} 年前五名的维度得分',
    sensT: '{y} 年排名的不确定性（{n} 次蒙特卡罗模拟）',
    sensBar: '排名的 5%–95% 分位区间',
    sensMed: '排名中位数',
    sensNom: '名义排名',
    sensNote: '各单位按名义排名（{f} 的 {r} 列）排列；柱形为各次模拟（改变标准化方法、权重、权重扰动与合成方式，见 docs/index.md）中排名的 5% 至 95% 分位（{a} 至 {b}）；柱形越长，排名越依赖这些设定。',
    sensTip: '{u}：名义排名 {r}，中位数 {m}，90% 区间 {a}–{b}',
    obstacles: '{y} 年主要障碍因子',
    obsTop: '第 {k} 障碍因子',
    obsDeg: '{l}（{v}%）',
    obsDim: '{l}（%）',
    obsMean: '{y} 年各指标平均障碍度（%）',
    obsAxis: '平均障碍度（%）',
    obsNote: '障碍度：某指标在单位与理想值差距中所占的比例（%），即权重 ×（1 − 标准化值）除以其总和；表中列出每个单位障碍度最大的三个指标及各维度的障碍度。数据取自 {f}。',
    indexMap: '{y} 年各地区指数得分',
    indexSay: '{y} 年指数排名第一的是{a}；排名最后的是{b}。',
    moverSay: '自 {y0} 年以来排名上升最多：{u}；下降最多：{d}。',
    obstacleSay: '{y} 年最常见的首要障碍因子是“{o}”（{m} 个单位中的 {n} 个）。',
    indexNote: '得分、维度得分、排名与障碍度均取自 {f}；权重见 {w}。',
    aggSum: '合成方式：在指标体系的每一层对标准化指标加权求和（权重：{w}）。',
    aggGeo: '合成方式：在指标体系的每一层取加权几何平均（权重：{w}）。',
    aggFlat: '合成方式：以各指标的综合权重对全部指标做一次 TOPSIS（权重：{w}），得分为与理想解的相对贴近度，与文献中的熵权 TOPSIS 一致。',
    aggHier: '合成方式：在指标体系的每一层分别做 TOPSIS（权重：{w}）。',
    aggHierWarn: '注意：逐层 TOPSIS 在最高层只对少数几个维度得分做 TOPSIS，在各维度均领先的单位得分恰为 1。文献中的熵权 TOPSIS 以各指标的综合权重对全部指标做一次 TOPSIS；如需该形式，请在 index 步骤中选择一次性（flat）TOPSIS（{fix}）。',
    aggGra: '合成方式：在指标体系的每一层计算灰色关联度（权重：{w}）。',
    aggOther: '合成方式：{a}（权重：{w}）。',
    wEntropy: '熵权法',
    wCritic: 'CRITIC 法',
    wCv: '变异系数法',
    wPca: '主成分分析法',
    wEqual: '等权',
    wAhp: '层次分析法（AHP）',
    wFixed: '指标体系文件给定',
    wMean: '{a}与{b}的平均',
    wProd: '{a}与{b}的归一化乘积',
    disparity: '区域差异及其来源',
    dagum: 'Dagum 基尼系数分解：对基尼系数的贡献',
    giniAx: '基尼系数',
    gini: '总体基尼系数',
    within: '组内差异',
    between: '组间净差异',
    trans: '超变密度',
    shareT: '贡献率（%）',
    shareAx: '占基尼系数的比例（%）',
    contribT: '贡献值与贡献率',
    contribVal: '贡献值',
    contribRate: '贡献率（%）',
    withinT: '各组组内基尼系数',
    betweenT: '各组之间的组间基尼系数',
    pair: '{a}—{b}',
    dagumTable: 'Dagum 基尼系数及其分解',
    year: '年份',
    overall: '总体',
    withinHead: '组内基尼系数',
    betweenHead: '组间基尼系数',
    rateHead: '贡献率（%）',
    dagumNote: 'Dagum（1997）：G = G_w + G_nb + G_t。总体基尼系数与各项贡献取自 {f}；各组组内基尼系数取自 {g}（{gc} 列）；组间基尼系数取自 {p}（{pc} 列）；贡献率为各项贡献除以 G。',
    theil: '泰尔指数（T）分解',
    theilAx: '泰尔指数 T',
    dispSay: '{y} 年{v}的基尼系数为 {g}：其中 {w}% 来自组内差异，{b}% 来自组间差异，{t}% 来自超变密度。{trend}',
    dispUp: '较 {y0} 年（{g0}）有所上升。',
    dispDown: '较 {y0} 年（{g0}）有所下降。',
    groupMeans: '各组{v}均值',
    cvL: '变异系数',
    theilTL: '泰尔指数 T',
    theilLL: '泰尔指数 L',
    ineqAx: '差异程度',
    dispNote: '数据取自 {f}（{c} 列）与 {g}。',
    dynamics: '分布动态',
    relative: '{v}（相对于当年均值）',
    densityT: '部分年份{v}的核密度',
    densAx: '密度',
    valueAx: '取值',
    density3T: '{v}的核密度：年份 × 取值 × 密度',
    noWebgl: '三维核密度图需要浏览器支持 WebGL，当前浏览器不支持（或已关闭）。上方的二维曲线展示了相同的密度。',
    densSay: '{v}的分布在 {y0} 年有 {p0} 个峰，在 {y1} 年有 {p1} 个峰。',
    densNote: '数据取自 {f}（{c}）；峰值取自 {s}。',
    markovT: '马尔可夫转移概率矩阵（相邻两年）',
    smarkovT: '空间马尔可夫转移概率矩阵：邻居处于{c}',
    fromTo: 't 年类型 \\ t + 1 年类型',
    nObs: '转移次数',
    klass0: '类型',
    klassK: '类型 {k}',
    klassLow: '类型 {k}（最低）',
    klassHigh: '类型 {k}（最高）',
    bound: '{k}：{r}',
    le: '≤ {b}',
    gt: '> {a}',
    range: '{a} 至 {b}',
    steady: '稳态分布',
    steadyK: '稳态分布 {k}',
    chainT: '马尔可夫链的性质',
    sojourn: '平均停留时间（年）',
    prais: 'Prais 流动性指数',
    mfpt: '到达各类型的平均首次通过时间（年）',
    boundsFixed: '类型划分：{list}。',
    boundsYearly: '类型按各年分位数划分，其边界逐年变化；{y} 年的边界为：{list}。{y0}—{y1} 年间边界的变化范围：{rng}。各年边界见 {f}。',
    boundsNone: '类型按各年分位数划分（边界见 {f}，如已输出）。',
    markovNote: '数据取自 {f}：每一行为从该类型在一年后转移到各类型的概率（每行之和为 1）；稳态分布为长期中各类型单位所占比例；平均停留时间 = 1 / (1 − p_ii)；Prais 流动性指数 = 1 − p_ii；平均首次通过时间为到达某一类型所需的期望年数。'
  });

  /* ---- helpers of this file ---- */
  function b_pick(o) { return o ? (LANG === 'zh' ? o.zh || o.en : o.en || o.zh) || '' : ''; }
  /* A variable's label from the study's labels (D.labels), else its name. */
  function b_var(name) {
    if (typeof varLabel === 'function') return varLabel(name); /* core.js: labels, then defaults */
    var l = D.labels && D.labels[name];
    return (l && b_pick(l)) || name;
  }
  function b_list(a) { return a.join(LANG === 'zh' ? '、' : '; '); }
  function b_f(x, d) { return x === null || x === undefined || isNaN(x) ? '–' : (+x).toFixed(d); }
  /* A bound or a value on the variable's own scale: 4 decimals below 10, 2 below 1000, else none. */
  function b_auto(x) { var a = Math.abs(x); return b_f(x, a >= 1000 ? 0 : a >= 10 ? 2 : 4); }
  function b_rows(tab) {
    var out = [], n = tab && tab.data.length ? tab.data[0].length : 0;
    for (var i = 0; i < n; i++) { var r = {}; tab.columns.forEach(function (k, j) { r[k] = tab.data[j][i]; }); out.push(r); }
    return out;
  }
  function b_years(rows) {
    var s = {};
    rows.forEach(function (r) { if (r[D.time] !== null && r[D.time] !== undefined) s[r[D.time]] = 1; });
    return Object.keys(s).map(Number).sort(function (a, b) { return a - b; });
  }
  function b_sorted(keys) { return keys.slice().sort(function (a, b) { return String(a).localeCompare(String(b)); }); }

  /* A static table for print. head: header rows, each an array of {t: text, c: colspan, r: rowspan}.
   * body: rows (arrays, with optional .a = row attributes); a cell is a value or {v, d (decimals),
   * s (scale: shown value = v * s), r (rowspan), a (attributes)}. Numbers are right-aligned. */
  function b_table(parent, head, body, attrs) {
    var wrap = el('div', {class: 'tablewrap paper'}), t = el('table', {class: 'data paper'});
    wrap.style.maxHeight = 'none'; /* a paper's table is shown whole */
    Object.keys(attrs || {}).forEach(function (k) { t.setAttribute(k, attrs[k]); });
    var thead = el('thead'), tbody = el('tbody');
    head.forEach(function (hr) {
      var tr = el('tr');
      hr.forEach(function (h) {
        var th = el('th', {}, h.t);
        if (h.c > 1) th.setAttribute('colspan', String(h.c));
        if (h.r > 1) th.setAttribute('rowspan', String(h.r));
        tr.appendChild(th);
      });
      thead.appendChild(tr);
    });
    body.forEach(function (row) {
      var tr = el('tr', row.a || {});
      row.forEach(function (c) {
        var o = c !== null && typeof c === 'object' ? c : {v: c}, v = o.v, td;
        if (typeof v === 'number' || v === null) {
          td = el('td', {class: 'num'}, v === null ? '–' : b_f(v * (o.s || 1), o.d === undefined ? 4 : o.d));
        } else {
          td = el('td', {}, v === undefined ? '' : String(v));
        }
        if (o.r > 1) td.setAttribute('rowspan', String(o.r));
        Object.keys(o.a || {}).forEach(function (k) { td.setAttribute(k, o.a[k]); });
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    t.appendChild(thead);
    t.appendChild(tbody);
    if (typeof numHeads === 'function') numHeads(t); /* numeric headers right-aligned (core.js) */
    wrap.appendChild(t);
    parent.appendChild(wrap);
    return t;
  }
  /* A note; with vals, through core.js note(): values {src: name(s)} (files, columns) become <code>. */
  function b_note(sec, text, cls, vals) {
    var p = vals && typeof note === 'function' ? note(sec, text, vals) : sec.appendChild(el('p', {class: 'note'}, vals ? fmt(text, vals) : text));
    if (cls) p.setAttribute('class', cls);
    return p;
  }
  function b_src(x) { return typeof note === 'function' ? {src: x} : [].concat(x).join(', '); }

  /* The framework as the weights table gives it: dimension rows by path, indicator rows by id, labels
   * in the report's language (label_zh/label_en; the other language, then the id, when missing). */
  function b_framework(step) {
    var W = step.tables.weights ? b_rows(step.tables.weights) : [], dim = {}, ind = {}, dims = [], inds = [];
    W.forEach(function (w) {
      if (w.level === 'dimension') { dim[w.path] = w; dims.push(w.path); }
      else if (w.level === 'indicator') { ind[w.id] = w; inds.push(w.id); }
    });
    function lab(w, fb) {
      var s = w ? (LANG === 'zh' ? w.label_zh || w.label_en : w.label_en || w.label_zh) : '';
      return s || fb;
    }
    return {
      dim: dim, ind: ind, dims: dims, inds: inds,
      top: dims.filter(function (p) { return p.indexOf('/') < 0; }),
      dimLabel: function (p) { return lab(dim[p], String(p).split('/').pop()); },
      indLabel: function (id) { return lab(ind[id], id); },
      anyLabel: function (id) { return ind[id] ? lab(ind[id], id) : lab(dim[id], String(id).split('/').pop()); },
      unit: function (id) { var w = ind[id]; return w ? (LANG === 'zh' ? w.unit_zh || w.unit : w.unit_en || w.unit) || '' : ''; }
    };
  }

  /* The weighting method in words: entropy, critic, ..., A+B, A*B. */
  function b_weights(spec) {
    var names = {entropy: T.wEntropy, critic: T.wCritic, cv: T.wCv, pca: T.wPca, equal: T.wEqual, fixed: T.wFixed};
    var one = function (s) { return s.indexOf('ahp') === 0 ? T.wAhp : names[s] || s; };
    spec = spec || 'entropy';
    if (spec.indexOf('+') > 0) return fmt(T.wMean, {a: one(spec.split('+')[0]), b: one(spec.split('+')[1])});
    if (spec.indexOf('*') > 0) return fmt(T.wProd, {a: one(spec.split('*')[0]), b: one(spec.split('*')[1])});
    return one(spec);
  }

  /* The aggregation form, from the step's options: a note, and a warning for hierarchical TOPSIS. */
  function b_aggregation(step, sec) {
    var p = step.params, agg = p.aggregate || 'sum', w = b_weights(p.weights || (p.weights === undefined && p.weights_method) || '');
    var flat = p.topsis_scope !== 'hierarchical'; /* the index's default is flat (topsis_scope) */
    if (agg === 'sum') b_note(sec, fmt(T.aggSum, {w: w}));
    else if (agg === 'geometric') b_note(sec, fmt(T.aggGeo, {w: w}));
    else if (agg.indexOf('topsis') === 0 && flat) b_note(sec, fmt(T.aggFlat, {w: w}));
    else if (agg.indexOf('topsis') === 0) {
      b_note(sec, fmt(T.aggHier, {w: w}));
      b_note(sec, fmt(T.aggHierWarn, {fix: 'topsis_scope: flat'}), 'note warning');
    } else if (agg === 'gra') b_note(sec, fmt(T.aggGra, {w: w}));
    else b_note(sec, fmt(T.aggOther, {a: agg, w: w}));
  }

  /* ---- the index ---- */

  /* Table 1 of NQPF papers: dimension | sub-dimension | indicator | unit | direction | weight, one row
   * per indicator in the framework's order, dimensions and sub-dimensions spanning their rows. */
  function b_system(step, sec, F) {
    if (!F.inds.length) return;
    var hasSub = F.dims.some(function (p) { return p.indexOf('/') > 0; }), body = [];
    var wl = function (p) { var d = F.dim[p]; return d && d.weight !== null ? fmt(T.withWeight, {l: F.dimLabel(p), w: b_f(d.weight, 4)}) : F.dimLabel(p); };
    var tops = F.top.length ? F.top : [''];
    tops.forEach(function (top) {
      var mine = F.inds.filter(function (id) { var p = F.ind[id].path; return !top || p === top || p.indexOf(top + '/') === 0; });
      var subs = {};
      mine.forEach(function (id) { var p = F.ind[id].path; subs[p] = (subs[p] || 0) + 1; });
      var seenSub = {};
      mine.forEach(function (id, k) {
        var w = F.ind[id], row = [];
        if (k === 0) row.push({v: top ? wl(top) : '', r: mine.length, a: {'class': 'dim'}});
        if (hasSub && !seenSub[w.path]) {
          seenSub[w.path] = 1;
          row.push({v: w.path === top ? '' : w.path.split('/').slice(1).map(function (s, j, a) {
            return j === a.length - 1 ? wl(w.path) : F.dimLabel(w.path.split('/').slice(0, j + 2).join('/'));
          }).join(' / '), r: subs[w.path], a: {'class': 'dim'}});
        }
        row.push(F.indLabel(id), F.unit(id), w.direction === '-' ? T.dirNeg : w.direction === '+' ? T.dirPos : (w.direction || ''),
                 {v: w.weight, d: 4, a: {'data-src': 'weight'}});
        row.a = {'data-id': id};
        body.push(row);
      });
    });
    sec.appendChild(el('h3', {}, T.system));
    b_table(sec, [[{t: T.dimension}].concat(hasSub ? [{t: T.subdimension}] : []).concat([{t: T.indicator}, {t: T.unitCol}, {t: T.direction}, {t: T.weight}])],
      body, {id: 'b-system-' + step.name, 'data-file': step.name + '_weights.csv'});
    b_note(sec, T.systemNote, null, {m: b_weights(step.params.weights), w: b_src(step.name + '_weights.csv')});
  }

  /* COINr-style uncertainty plot: units by nominal rank, a bar from rank_p05 to rank_p95, points for
   * the median and the nominal rank. */
  function b_sensitivity(step, sec, last, y1) {
    var rs = last.filter(function (r) { return r.rank_p05 !== null && r.rank_p95 !== null && r.rank !== null; });
    if (!rs.length) return;
    var names = rs.map(function (r) { return label(r[D.id]); });
    sec.appendChild(el('h3', {}, fmt(T.sensT, {y: y1, n: step.params.sensitivity || ''})));
    var c = chart(sec, {
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, formatter: function (ps) {
        var q = Array.isArray(ps) ? ps[0] : ps, r = q && rs[q.dataIndex];
        return r ? esc(fmt(T.sensTip, {u: label(r[D.id]), r: r.rank, m: r.rank_median, a: r.rank_p05, b: r.rank_p95})) : '';
      }},
      legend: {top: 0, data: [T.sensBar, T.sensMed, T.sensNom]},
      grid: {left: 60, right: 20, top: 40, bottom: 110},
      xAxis: {type: 'category', data: names, axisLabel: {rotate: 90, interval: rs.length > 60 ? 'auto' : 0, fontSize: 10}},
      yAxis: {type: 'value', name: T.rank, inverse: true, min: 1, max: Math.max.apply(null, rs.map(function (r) { return r.rank_p95; }))},
      series: [
        {name: 'base', type: 'bar', stack: 'r', silent: true, itemStyle: {color: 'transparent'}, data: rs.map(function (r) { return r.rank_p05; })},
        {name: T.sensBar, type: 'bar', stack: 'r', itemStyle: {color: '#9ecae1'}, data: rs.map(function (r) { return r.rank_p95 - r.rank_p05; })},
        {name: T.sensMed, type: 'scatter', symbolSize: 7, itemStyle: {color: '#08519c'}, data: rs.map(function (r) { return r.rank_median; })},
        {name: T.sensNom, type: 'scatter', symbol: 'diamond', symbolSize: 8, itemStyle: {color: '#d62728'}, data: rs.map(function (r) { return r.rank; })}
      ]
    });
    if (rs.length > 40 && c && c.getDom) { c.getDom().style.height = '520px'; c.resize(); }
    b_note(sec, T.sensNote, null, {f: b_src(step.name + '.csv'), r: b_src('rank'), a: b_src('rank_p05'), b: b_src('rank_p95')});
  }

  function b_obstacles(step, sec, F, last, y1) {
    var cols0 = step.tables.main.columns;
    var dims = F.top.filter(function (p) { return cols0.indexOf('obstacle_' + p) >= 0; });
    var deg = function (r, id) { var v = r['obstacle_' + id]; return v === null || v === undefined ? '' : fmt(T.obsDeg, {l: F.anyLabel(id), v: b_f(v, 2)}); };
    sec.appendChild(el('h3', {}, fmt(T.obstacles, {y: y1})));
    table(sec, [T.rank, T.unit, fmt(T.obsTop, {k: 1}), fmt(T.obsTop, {k: 2}), fmt(T.obsTop, {k: 3})]
      .concat(dims.map(function (p) { return fmt(T.obsDim, {l: F.dimLabel(p)}); })),
      last.map(function (r) {
        return [r.rank, label(r[D.id]), deg(r, r.obstacle_top1), deg(r, r.obstacle_top2), deg(r, r.obstacle_top3)]
          .concat(dims.map(function (p) { var v = r['obstacle_' + p]; return v === null ? null : +(+v).toFixed(2); }));
      }), undefined, ['int', 'txt', 'txt', 'txt', 'txt'].concat(dims.map(function () { return 'pct'; })));
    /* Mean obstacle degree of each indicator over the units of the last year, bars coloured by dimension. */
    var inds = F.inds.filter(function (id) { return cols0.indexOf('obstacle_' + id) >= 0; });
    if (inds.length) {
      var m = {};
      inds.forEach(function (id) { m[id] = mean(last.map(function (r) { return r['obstacle_' + id]; }).filter(function (v) { return v !== null; })); });
      inds.sort(function (a, b) { return m[b] - m[a]; });
      var topOf = function (id) { return String(F.ind[id].path).split('/')[0]; };
      var groups = F.top.length ? F.top : [''];
      sec.appendChild(el('h3', {}, fmt(T.obsMean, {y: y1})));
      var c = chart(sec, {
        tooltip: {trigger: 'item', formatter: function (p) { return esc(p.name) + ': ' + esc(b_f(p.value, 2)) + '%'; }},
        legend: {top: 0, data: groups.map(function (g) { return g ? F.dimLabel(g) : T.indicator; })},
        grid: {left: 10, right: 30, top: 40, bottom: 30, containLabel: true},
        xAxis: {type: 'value', name: T.obsAxis, nameLocation: 'middle', nameGap: 25},
        yAxis: {type: 'category', inverse: true, data: inds.map(function (id) { return F.indLabel(id); }), axisLabel: {fontSize: 10, width: 260, overflow: 'truncate'}},
        series: groups.map(function (g) {
          return {name: g ? F.dimLabel(g) : T.indicator, type: 'bar', stack: 'o', barWidth: '70%',
            data: inds.map(function (id) { return !g || topOf(id) === g ? +m[id].toFixed(4) : null; })};
        })
      });
      if (inds.length > 12 && c && c.getDom) { c.getDom().style.height = Math.min(900, 120 + 22 * inds.length) + 'px'; c.resize(); }
    }
    b_note(sec, T.obsNote, null, {f: b_src(step.name + '.csv')});
    var freq = {};
    last.forEach(function (r) { if (r.obstacle_top1) freq[r.obstacle_top1] = (freq[r.obstacle_top1] || 0) + 1; });
    var topObs = Object.keys(freq).sort(function (a, b) { return freq[b] - freq[a] || a.localeCompare(b); })[0];
    if (topObs) say(fmt(T.obstacleSay, {y: y1, o: F.anyLabel(topObs), n: freq[topObs], m: last.length}));
  }

  renderers.index = function (step, sec) {
    var rows = b_rows(step.tables.main), file = step.name + '.csv', F = b_framework(step);
    var cols0 = step.tables.main.columns;
    var dims = F.top.filter(function (p) { return cols0.indexOf(p) >= 0; });
    var ys = b_years(rows), y1 = ys[ys.length - 1], y0 = ys[0];
    b_aggregation(step, sec);
    b_system(step, sec, F);
    var last = rows.filter(function (r) { return r[D.time] === y1; }).sort(function (a, b) { return a.rank - b.rank; });
    var first = {};
    rows.forEach(function (r) { if (r[D.time] === y0) first[r[D.id]] = r.rank; });
    sec.appendChild(el('h3', {}, fmt(T.ranking, {y: y1})));
    var hdr = [T.rank, T.unit].concat(D.group ? [T.group] : []).concat([T.score]).concat(dims.map(F.dimLabel))
      .concat(y0 !== y1 ? [fmt(T.change, {y: y0})] : []);
    var kinds = ['int', 'txt'].concat(D.group ? ['txt'] : []).concat(['idx']).concat(dims.map(function () { return 'idx'; })).concat(y0 !== y1 ? ['int'] : []);
    table(sec, hdr, last.map(function (r) {
      var row = [r.rank, label(r[D.id])].concat(D.group ? [groupOf(r[D.id]) || ''] : []).concat([r.score]).concat(dims.map(function (d) { return r[d]; }));
      if (y0 !== y1) row.push(first[r[D.id]] === undefined ? null : first[r[D.id]] - r.rank);
      return row;
    }), undefined, kinds);
    if (dims.length >= 3) {
      var top = last.slice(0, 5), mx = {};
      dims.forEach(function (d) { mx[d] = Math.max.apply(null, last.map(function (r) { return r[d] || 0; })) || 1; });
      sec.appendChild(el('h3', {}, fmt(T.radar, {y: y1})));
      chart(sec, {
        tooltip: {}, legend: {top: 0, type: 'scroll', data: top.map(function (r) { return label(r[D.id]); })},
        radar: {indicator: dims.map(function (d) { return {name: F.dimLabel(d), max: +mx[d].toFixed(4)}; }), radius: '62%', center: ['50%', '56%']},
        series: [{type: 'radar', data: top.map(function (r) { return {name: label(r[D.id]), value: dims.map(function (d) { return r[d]; })}; })}]
      });
    }
    if (cols0.indexOf('rank_p05') >= 0 && cols0.indexOf('rank_p95') >= 0) b_sensitivity(step, sec, last, y1);
    if (D.map) {
      var mv = {};
      last.forEach(function (r) { mv[r[D.id]] = r.score; });
      sec.appendChild(el('h3', {}, fmt(T.indexMap, {y: y1})));
      choropleth(sec, mv, T.score);
    }
    if (last.length && last[0].obstacle_top1 !== undefined) b_obstacles(step, sec, F, last, y1);
    if (last.length >= 6) say(fmt(T.indexSay, {y: y1, a: b_list(last.slice(0, 3).map(function (r) { return label(r[D.id]); })),
      b: b_list(last.slice(-3).map(function (r) { return label(r[D.id]); }))}));
    if (y0 !== y1) {
      var mv2 = last.filter(function (r) { return first[r[D.id]] !== undefined; }).map(function (r) { return {id: r[D.id], d: first[r[D.id]] - r.rank}; })
        .sort(function (a, b) { return b.d - a.d || a.id.localeCompare(b.id); });
      var f2 = function (a) {
        return b_list(a.map(function (m) { var s = (m.d > 0 ? '+' : '') + m.d; return label(m.id) + (LANG === 'zh' ? '（' + s + '）' : ' (' + s + ')'); }));
      };
      if (mv2.length >= 6) say(fmt(T.moverSay, {y0: y0, u: f2(mv2.slice(0, 3)), d: f2(mv2.slice(-3).reverse())}));
    }
    b_note(sec, T.indexNote, null, {f: b_src(file), w: b_src(step.name + '_weights.csv')});
  };

  /* ---- disparity ---- */

  function b_lines(sec, years, series, yname, legendTop) {
    return chart(sec, {
      tooltip: {trigger: 'axis', valueFormatter: function (v) { return b_f(v, 4); }},
      legend: {top: 0, type: 'scroll', data: series.map(function (s) { return s.name; })},
      grid: {left: 70, right: 20, top: legendTop || 40, bottom: 40},
      xAxis: {type: 'category', data: years, name: T.year, nameLocation: 'middle', nameGap: 25},
      yAxis: {type: 'value', name: yname, scale: true},
      series: series.map(function (s) { return {name: s.name, type: 'line', showSymbol: false, data: s.data}; })
    });
  }

  renderers.disparity = function (step, sec) {
    var rows = b_rows(step.tables.main), file = step.name + '.csv', v = b_var(step.params['var']);
    var years = rows.map(function (r) { return r[D.time]; });
    var G = step.tables.groups ? b_rows(step.tables.groups) : [], P = step.tables.pairs ? b_rows(step.tables.pairs) : [];
    var gfile = step.name + '_groups.csv', pfile = step.name + '_pairs.csv';
    if (rows.length && rows[0].gini_within !== undefined) {
      var comp = [['gini_within', 'share_within', T.within], ['gini_between_net', 'share_between_net', T.between], ['gini_transvariation', 'share_transvariation', T.trans]];
      sec.appendChild(el('h3', {}, T.dagum));
      chart(sec, {
        tooltip: {trigger: 'axis', valueFormatter: function (x) { return b_f(x, 4); }},
        legend: {top: 0, data: comp.map(function (c) { return c[2]; }).concat([T.gini])},
        grid: {left: 70, right: 20, top: 40, bottom: 40},
        xAxis: {type: 'category', data: years, name: T.year, nameLocation: 'middle', nameGap: 25}, yAxis: {type: 'value', name: T.giniAx},
        series: comp.map(function (c) { return {name: c[2], type: 'bar', stack: 'g', data: rows.map(function (r) { return r[c[0]]; })}; })
          .concat([{name: T.gini, type: 'line', data: rows.map(function (r) { return r.gini; }), lineStyle: {width: 3}}])
      });
      /* Contribution rates: the shares from the main table (share_*), else contribution / G. */
      var rate = function (r, c) { var s = r[c[1]]; return s !== undefined && s !== null ? s : r.gini ? r[c[0]] / r.gini : null; };
      sec.appendChild(el('h3', {}, T.shareT));
      chart(sec, {
        tooltip: {trigger: 'axis', valueFormatter: function (x) { return b_f(x, 2) + '%'; }},
        legend: {top: 0, data: comp.map(function (c) { return c[2]; })},
        grid: {left: 70, right: 20, top: 40, bottom: 40},
        xAxis: {type: 'category', data: years, name: T.year, nameLocation: 'middle', nameGap: 25}, yAxis: {type: 'value', name: T.shareAx, max: 100},
        series: comp.map(function (c) {
          return {name: c[2], type: 'bar', stack: 's', data: rows.map(function (r) { var x = rate(r, c); return x === null ? null : +(100 * x).toFixed(4); })};
        })
      });
      sec.appendChild(el('h3', {}, T.contribT));
      b_table(sec, [[{t: T.year, r: 2}, {t: T.gini, r: 2}].concat(comp.map(function (c) { return {t: c[2], c: 2}; })),
        [].concat.apply([], comp.map(function () { return [{t: T.contribVal}, {t: T.contribRate}]; }))],
        rows.map(function (r) {
          var row = [String(r[D.time]), {v: r.gini, a: {'data-src': 'main.gini'}}];
          comp.forEach(function (c) {
            row.push({v: r[c[0]], a: {'data-src': 'main.' + c[0]}});
            var x = rate(r, c);
            row.push({v: x, s: 100, d: 2, a: {'data-src': 'main.' + c[1], 'data-scale': '100'}});
          });
          row.a = {'data-year': String(r[D.time])};
          return row;
        }), {id: 'b-contrib-' + step.name});
      var L1 = rows[rows.length - 1], L0 = rows[0];
      var pc = function (c) { var x = rate(L1, c); return x === null ? '–' : b_f(100 * x, 1); };
      say(fmt(T.dispSay, {y: L1[D.time], v: v, g: b_f(L1.gini, 3), w: pc(comp[0]), b: pc(comp[1]), t: pc(comp[2]),
        trend: rows.length > 1 ? fmt(L1.gini > L0.gini ? T.dispUp : T.dispDown, {y0: L0[D.time], g0: b_f(L0.gini, 3)}) : ''}));
    } else {
      sec.appendChild(el('h3', {}, T.ineqAx));
      b_lines(sec, years, [['gini', T.gini], ['theil_t', T.theilTL], ['theil_l', T.theilLL], ['cv', T.cvL]]
        .filter(function (k) { return rows.length && rows[0][k[0]] !== undefined; })
        .map(function (k) { return {name: k[1], data: rows.map(function (r) { return r[k[0]]; })}; }), T.ineqAx);
    }
    var gs = b_sorted(Object.keys(G.reduce(function (o, r) { o[r.group] = 1; return o; }, {})));
    var gy = b_years(G), at = {};
    G.forEach(function (r) { at[r.group + '\u0000' + r[D.time]] = r; });
    if (G.length && G[0].gini !== undefined) {
      sec.appendChild(el('h3', {}, T.withinT));
      b_lines(sec, gy, gs.map(function (g) { return {name: g, data: gy.map(function (y) { var r = at[g + '\u0000' + y]; return r ? r.gini : null; })}; }), T.giniAx);
    }
    /* Pairs as unordered pairs of groups in the groups' order (the pairs table puts the group with the
     * higher mean first, which can change from year to year; G_jh = G_hj), one line each. */
    var pk = {}, pairs = [], pat = {};
    P.forEach(function (r) {
      var ab = [r.group_a, r.group_b].sort(function (x, y) { return gs.indexOf(x) - gs.indexOf(y) || String(x).localeCompare(String(y)); });
      var k = ab[0] + '\u0000' + ab[1];
      if (!pk[k]) { pk[k] = 1; pairs.push(ab); }
      pat[k + '\u0000' + r[D.time]] = r;
    });
    pairs.sort(function (a, b) { return gs.indexOf(a[0]) - gs.indexOf(b[0]) || gs.indexOf(a[1]) - gs.indexOf(b[1]); });
    var pname = function (p) { return fmt(T.pair, {a: p[0], b: p[1]}); };
    if (pairs.length) {
      sec.appendChild(el('h3', {}, T.betweenT));
      b_lines(sec, gy, pairs.map(function (p) {
        return {name: pname(p), data: gy.map(function (y) { var r = pat[p[0] + '\u0000' + p[1] + '\u0000' + y]; return r ? r.gini_between : null; })};
      }), T.giniAx, pairs.length > 6 ? 60 : 40);
    }
    /* The assembled Dagum table: year | overall | within per group | between per pair | rates. */
    if (rows.length && rows[0].gini_within !== undefined && gs.length) {
      var rc = [['share_within', 'gini_within', T.within], ['share_between_net', 'gini_between_net', T.between], ['share_transvariation', 'gini_transvariation', T.trans]];
      sec.appendChild(el('h3', {}, T.dagumTable));
      b_table(sec, [
        [{t: T.year, r: 2}, {t: T.overall, r: 2}, {t: T.withinHead, c: gs.length}].concat(pairs.length ? [{t: T.betweenHead, c: pairs.length}] : []).concat([{t: T.rateHead, c: 3}]),
        gs.map(function (g) { return {t: g}; }).concat(pairs.map(function (p) { return {t: pname(p)}; })).concat(rc.map(function (c) { return {t: c[2]}; }))
      ], rows.map(function (r) {
        var y = r[D.time], row = [String(y), {v: r.gini, a: {'data-src': 'main.gini'}}];
        gs.forEach(function (g) { var x = at[g + '\u0000' + y]; row.push({v: x ? x.gini : null, a: {'data-src': 'groups.gini|' + g}}); });
        pairs.forEach(function (p) {
          var x = pat[p[0] + '\u0000' + p[1] + '\u0000' + y];
          row.push({v: x ? x.gini_between : null, a: {'data-src': 'pairs.gini_between|' + p[0] + '|' + p[1]}});
        });
        rc.forEach(function (c) {
          var s = r[c[0]] !== undefined && r[c[0]] !== null ? r[c[0]] : r.gini ? r[c[1]] / r.gini : null;
          row.push({v: s, s: 100, d: 2, a: {'data-src': 'main.' + c[0], 'data-scale': '100'}});
        });
        row.a = {'data-year': String(y)};
        return row;
      }), {id: 'b-dagum-' + step.name});
      b_note(sec, T.dagumNote, null, {f: b_src(file), g: b_src(gfile), p: b_src(pfile), gc: b_src('gini'), pc: b_src('gini_between')});
    }
    if (rows.length && rows[0].theil_t_within !== undefined) {
      sec.appendChild(el('h3', {}, T.theil));
      chart(sec, {
        tooltip: {trigger: 'axis', valueFormatter: function (x) { return b_f(x, 4); }},
        legend: {top: 0, data: [T.within, T.between]}, grid: {left: 70, right: 20, top: 40, bottom: 40},
        xAxis: {type: 'category', data: years, name: T.year, nameLocation: 'middle', nameGap: 25}, yAxis: {type: 'value', name: T.theilAx},
        series: [['theil_t_within', T.within], ['theil_t_between', T.between]].map(function (c) {
          return {name: c[1], type: 'line', areaStyle: {}, stack: 't', data: rows.map(function (r) { return r[c[0]]; })};
        })
      });
    }
    if (G.length) {
      sec.appendChild(el('h3', {}, fmt(T.groupMeans, {v: v})));
      b_lines(sec, gy, gs.map(function (g) { return {name: g, data: gy.map(function (y) { var r = at[g + '\u0000' + y]; return r ? r.mean : null; })}; }), v);
    }
    b_note(sec, T.dispNote, null, {f: b_src(file), g: b_src(gfile), c: b_src(['gini', 'gini_within', 'gini_between_net', 'gini_transvariation', 'theil_t_within', 'theil_t_between'])});
  };

  /* ---- distribution dynamics ---- */

  function b_webgl() {
    try {
      var c = document.createElement('canvas');
      return !!(window.WebGLRenderingContext && (c.getContext('webgl') || c.getContext('experimental-webgl')));
    } catch (e) {
      return false;
    }
  }

  /* ECharts GL (its claygl compositor) compiles size expressions such as 'width * 1.0 / 4' or
   * '[width * 1.0 / 2, height / 2]' with new Function(), which the page's Content-Security-Policy
   * (no 'unsafe-eval') refuses. While a GL chart is set up, b_withExpr() puts in place of Function a
   * stand-in that compiles exactly that form, new Function('width', 'height', 'dpr', 'return E'), with
   * E built from numbers, width, height, dpr, + - * /, parentheses and [a, b] lists, into a closure,
   * and hands any other call to the real Function (which the policy still refuses). */
  function b_expr(src) {
    var toks = src.match(/\d+\.?\d*|\.\d+|[A-Za-z_]\w*|[-+*\/()\[\],]|\S/g) || [], i = 0;
    var bad = function () { throw new Error('expression: ' + src); };
    function atom() {
      var t = toks[i++];
      if (t === undefined) bad();
      if (/^[\d.]/.test(t)) { var x = parseFloat(t); return function () { return x; }; }
      if (t === 'width' || t === 'height' || t === 'dpr') return function (e) { return e[t]; };
      if (t === '-') { var a = atom(); return function (e) { return -a(e); }; }
      if (t === '(') { var b = sum(); if (toks[i++] !== ')') bad(); return b; }
      if (t === '[') {
        var items = [sum()];
        while (toks[i] === ',') { i++; items.push(sum()); }
        if (toks[i++] !== ']') bad();
        return function (e) { return items.map(function (f) { return f(e); }); };
      }
      return bad();
    }
    function bin(op, l, r) {
      return op === '+' ? function (e) { return l(e) + r(e); } : op === '-' ? function (e) { return l(e) - r(e); }
        : op === '*' ? function (e) { return l(e) * r(e); } : function (e) { return l(e) / r(e); };
    }
    function chain(next, ops) {
      return function () {
        var f = next();
        while (ops.indexOf(toks[i]) >= 0) { var op = toks[i++]; f = bin(op, f, next()); }
        return f;
      };
    }
    var product = chain(atom, ['*', '/']), sum = chain(product, ['+', '-']);
    var f = sum();
    if (i !== toks.length) bad();
    return function (width, height, dpr) { return f({width: width, height: height, dpr: dpr}); };
  }
  function b_withExpr(run) {
    var F0 = window.Function;
    var stand = function () {
      var a = Array.prototype.slice.call(arguments), m = /^\s*return\s+([\s\S]*?)\s*;?\s*$/.exec(String(a[a.length - 1]));
      if (a.length === 4 && a[0] === 'width' && a[1] === 'height' && a[2] === 'dpr' && m) return b_expr(m[1]);
      return F0.apply(null, a);
    };
    stand.prototype = F0.prototype; /* so that 'x instanceof Function' still holds for functions */
    window.Function = stand;
    try { return run(); } finally { window.Function = F0; }
  }

  /* The year x value x density surface (ECharts GL), or a note where it cannot be drawn. */
  function b_surface(step, sec, byYear, ys, v) {
    sec.appendChild(el('h3', {}, fmt(T.density3T, {v: v})));
    var box = el('div', {class: 'chart3d', id: 'b-density3d-' + step.name});
    sec.appendChild(box);
    var fallback = function () {
      box.textContent = '';
      box.setAttribute('data-gl', 'fallback');
      box.appendChild(el('p', {class: 'note'}, T.noWebgl));
    };
    if (typeof window['echarts-gl'] === 'undefined' || !b_webgl()) return fallback();
    /* The grid is common to all years; keep at most about 160 points of it. */
    var nx = byYear[ys[0]].length, step1 = Math.max(1, Math.ceil(nx / 160)), data = [], zmax = 0, xs = [];
    for (var i = 0; i < nx; i += step1) xs.push(i);
    if (xs[xs.length - 1] !== nx - 1) xs.push(nx - 1);
    var ok = ys.every(function (y) { return byYear[y].length === nx; });
    if (!ok) return fallback();
    ys.forEach(function (y) {
      xs.forEach(function (i) { var p = byYear[y][i]; data.push([p[0], y, p[1]]); if (p[1] > zmax) zmax = p[1]; });
    });
    box.style.width = '100%';
    box.style.height = '540px';
    try {
      var c = b_withExpr(function () { return echarts.init(box, null, {renderer: 'canvas'}); });
      b_withExpr(function () { c.setOption({
        animation: false,
        tooltip: {formatter: function (p) {
          var d = (p && (p.value || p.data)) || [];
          return esc(T.year) + ' ' + esc(d[1]) + '<br>' + esc(v) + ': ' + esc(b_auto(d[0])) + '<br>' + esc(T.densAx) + ': ' + esc(b_f(d[2], 4));
        }},
        visualMap: {show: true, dimension: 2, min: 0, max: +zmax.toPrecision(4), calculable: true, left: 10, bottom: 10,
          itemHeight: 140, formatter: function (x) { return b_f(x, 3); },
          inRange: {color: ['#313695', '#4575b4', '#74add1', '#abd9e9', '#e0f3f8', '#fee090', '#fdae61', '#f46d43', '#d73027', '#a50026']}},
        /* A short axis name: the heading names the variable (a long name would run over the legend). */
        xAxis3D: {type: 'value', name: T.valueAx, scale: true},
        yAxis3D: {type: 'value', name: T.year, min: ys[0], max: ys[ys.length - 1], axisLabel: {formatter: function (x) { return String(Math.round(x)); }}},
        zAxis3D: {type: 'value', name: T.densAx, min: 0},
        grid3D: {boxWidth: 120, boxDepth: 80, boxHeight: 60, viewControl: {alpha: 22, beta: 35, distance: 185}},
        series: [{type: 'surface', data: data, dataShape: [ys.length, xs.length], shading: 'color', wireframe: {show: false}}]
      }); });
      box.setAttribute('data-gl', 'drawn');
      window.addEventListener('resize', function () { c.resize(); });
    } catch (e) {
      fallback();
      box.setAttribute('data-gl-error', String(e && e.message));
    }
  }

  /* Class names with their bounds: from the markov table (pooled quantiles or fixed cuts), else from
   * markov_bounds (yearly quantiles: the last year's bounds, and their range over the years). */
  function b_classes(step, mk, k) {
    var names = [], lo = {}, hi = {}, text = '', last = null;
    for (var c = 1; c <= k; c++) names.push(fmt(c === 1 ? T.klassLow : c === k ? T.klassHigh : T.klassK, {k: c}));
    var iv = function (a, b) {
      return a === null || a === undefined ? fmt(T.le, {b: b_auto(b)}) : b === null || b === undefined ? fmt(T.gt, {a: b_auto(a)}) : '(' + b_auto(a) + ', ' + b_auto(b) + ']';
    };
    var fixed = mk.filter(function (r) { return r.lower !== null || r.upper !== null; });
    var B = step.tables.markov_bounds ? b_rows(step.tables.markov_bounds) : [];
    if (fixed.length) {
      text = fmt(T.boundsFixed, {list: b_list(mk.slice(0, k).map(function (r) { return fmt(T.bound, {k: names[r['class'] - 1], r: iv(r.lower, r.upper)}); }))});
      mk.slice(0, k).forEach(function (r) { lo[r['class']] = r.lower; hi[r['class']] = r.upper; });
    } else if (B.length) {
      var ys = b_years(B);
      if (!ys.length) {
        B.forEach(function (r) { lo[r['class']] = r.lower; hi[r['class']] = r.upper; });
        text = fmt(T.boundsFixed, {list: b_list(B.map(function (r) { return fmt(T.bound, {k: names[r['class'] - 1], r: iv(r.lower, r.upper)}); }))});
      } else {
        last = ys[ys.length - 1];
        var inLast = B.filter(function (r) { return r[D.time] === last; });
        inLast.forEach(function (r) { lo[r['class']] = r.lower; hi[r['class']] = r.upper; });
        /* The range of each cut-off (the upper bound of classes 1 .. k-1) over the years. */
        var rng = [];
        for (var c2 = 1; c2 < k; c2++) {
          var u = B.filter(function (r) { return r['class'] === c2 && r.upper !== null; }).map(function (r) { return r.upper; });
          if (u.length) rng.push(fmt(T.bound, {k: names[c2 - 1] + ' | ' + names[c2], r: fmt(T.range, {a: b_auto(Math.min.apply(null, u)), b: b_auto(Math.max.apply(null, u))})}));
        }
        text = fmt(T.boundsYearly, {y: last, y0: ys[0], y1: last, list: b_list(inLast.map(function (r) { return fmt(T.bound, {k: names[r['class'] - 1], r: iv(r.lower, r.upper)}); })), rng: b_list(rng)});
      }
    } else {
      text = T.boundsNone;
    }
    var full = names.map(function (nm, j) {
      var c3 = j + 1;
      return lo[c3] === undefined && hi[c3] === undefined ? nm : nm + (LANG === 'zh' ? '（' : ' (') + iv(lo[c3], hi[c3]) + (LANG === 'zh' ? '）' : ')');
    });
    return {names: names, full: full, text: text, last: last};
  }

  /* One transition matrix: class | transitions | p to each class | steady state(s). */
  function b_matrix(sec, rows, k, cls, tabId, src) {
    var cols0 = Object.keys(rows[0] || {});
    var ss = cols0.filter(function (c) { return /^steady_state(_\d+)?$/.test(c); }).filter(function (c) {
      return rows.some(function (r) { return r[c] !== null; });
    });
    b_table(sec, [[{t: T.fromTo}, {t: T.nObs}].concat(cls.names.map(function (n) { return {t: n}; }))
      .concat(ss.map(function (c) { return {t: ss.length > 1 ? fmt(T.steadyK, {k: c.split('_').pop()}) : T.steady}; }))],
      rows.map(function (r) {
        var row = [cls.full[r['class'] - 1] || String(r['class']), {v: r.n, d: 0, a: {'data-src': src + 'n'}}];
        for (var j = 1; j <= k; j++) row.push({v: r['p_' + j], a: {'data-src': src + 'p_' + j}});
        ss.forEach(function (c) { row.push({v: r[c], a: {'data-src': src + c}}); });
        row.a = {'data-class': String(r['class'])};
        return row;
      }), {id: tabId});
  }

  function b_markov(step, sec) {
    var mk = b_rows(step.tables.markov), k = mk.length;
    if (!k) return;
    var cls = b_classes(step, mk, k);
    sec.appendChild(el('h3', {}, T.markovT));
    b_matrix(sec, mk, k, cls, 'b-markov-' + step.name, 'markov.');
    b_note(sec, cls.text, null, {f: b_src(step.name + '_markov_bounds.csv')});
    sec.appendChild(el('h3', {}, T.chainT));
    b_table(sec, [[{t: T.klass0, r: 2}, {t: T.sojourn, r: 2}, {t: T.prais, r: 2}, {t: T.mfpt, c: k}], cls.names.map(function (n) { return {t: n}; })],
      mk.map(function (r) {
        var row = [cls.full[r['class'] - 1] || String(r['class']), {v: r.sojourn, d: 2, a: {'data-src': 'markov.sojourn'}}, {v: r.prais, a: {'data-src': 'markov.prais'}}];
        for (var j = 1; j <= k; j++) row.push({v: r['mfpt_' + j] === undefined ? null : r['mfpt_' + j], d: 2, a: {'data-src': 'markov.mfpt_' + j}});
        row.a = {'data-class': String(r['class'])};
        return row;
      }), {id: 'b-chain-' + step.name});
    if (step.tables.spatial_markov) {
      var sm = b_rows(step.tables.spatial_markov), lags = {};
      sm.forEach(function (r) { (lags[r.lag_class] = lags[r.lag_class] || []).push(r); });
      Object.keys(lags).map(Number).sort(function (a, b) { return a - b; }).forEach(function (l) {
        sec.appendChild(el('h3', {}, fmt(T.smarkovT, {c: cls.names[l - 1] || String(l)})));
        b_matrix(sec, lags[l], k, cls, 'b-smarkov-' + step.name + '-' + l, 'spatial_markov.');
      });
    }
    b_note(sec, T.markovNote, null, {f: b_src(step.name + '_markov.csv')});
  }

  renderers.dynamics = function (step, sec) {
    var v = b_var(step.params['var']);
    if (step.params.relative) v = fmt(T.relative, {v: v});
    /* Axis titles carry the indicator's unit (not for values relative to the yearly mean). */
    var vAx = !step.params.relative && typeof axisName === 'function' ? axisName(step.params['var']) : v;
    var shape = b_rows(step.tables.main);
    if (step.tables.density) {
      var c = cols(step.tables.density), byYear = {};
      for (var i = 0; i < c._n; i++) (byYear[c[D.time][i]] = byYear[c[D.time][i]] || []).push([c.x[i], c.density[i]]);
      var ys = Object.keys(byYear).map(Number).sort(function (a, b) { return a - b; });
      var pick = ys.length <= 5 ? ys : [0, 1, 2, 3, 4].map(function (k) { return ys[Math.round(k * (ys.length - 1) / 4)]; });
      sec.appendChild(el('h3', {}, fmt(T.densityT, {v: v})));
      chart(sec, {
        tooltip: {trigger: 'axis', valueFormatter: function (x) { return b_f(x, 4); }},
        legend: {top: 0, data: pick.map(String)}, grid: {left: 70, right: 20, top: 40, bottom: 45},
        xAxis: {type: 'value', scale: true, name: vAx, nameLocation: 'middle', nameGap: 28},
        yAxis: {type: 'value', name: T.densAx, axisLine: {onZero: false}},
        series: pick.map(function (y) { return {name: String(y), type: 'line', showSymbol: false, data: byYear[y]}; })
      });
      if (ys.length >= 2) b_surface(step, sec, byYear, ys, vAx);
    }
    if (shape.length > 1) {
      var a = shape[0], b = shape[shape.length - 1];
      say(fmt(T.densSay, {v: v, y0: a[D.time], p0: a.peaks, y1: b[D.time], p1: b.peaks}));
    }
    b_note(sec, T.densNote, null, {f: b_src(step.name + '_density.csv'), s: b_src(step.name + '.csv'), c: b_src(['x', 'density'])});
    if (step.tables.markov) b_markov(step, sec);
  };
