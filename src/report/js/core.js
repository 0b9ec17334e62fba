/* nqpf report: turns the study's results (the JSON blob #nqpf-data, schema in docs/report.md) into
 * sections with ECharts charts. Every number shown is either a cell of a result table (the CSV files
 * beside this page) or a simple summary of those cells (a median, a mean, a count) named where shown.
 * src/report/report.c puts core.js, sections_a.js, sections_b.js and main.js, in this order, into one
 * function scope with 'use strict', so these files share their top-level names. */
  var errors = [];
  window.addEventListener('error', function (e) { errors.push(String(e.message)); });

  var D = JSON.parse(document.getElementById('nqpf-data').textContent);
  /* Helpers every section file may use (keep these signatures; add, don't change):
   *   catalogue(en, zh)      add strings; T.key is the chosen language's; reading a key that no
   *                          catalogue() call added is recorded as a script error (self-check).
   *   has(k)                 whether the catalogue has key k (no error when it has not).
   *   fmt(s, o)              '{x}' placeholders from o.
   *   el(tag, attrs, text)   a DOM element (text through textContent: no escaping needed).
   *   esc(x)                 HTML-escape a data-derived string for tooltip formatters.
   *   label(id)              a unit's label; groupOf(id) its group.
   *   varLabel(col)          a data or derived column's label for the reader: D.labels[col][lang],
   *                          else the catalogue's default (col.te, col.tfp, ...; "index.score" falls
   *                          back to the default of "score"), else the name itself.
   *   listJoin(a)            a list for a sentence: 、 in Chinese, "; " in English when an item holds a
   *                          comma ("China, Hong Kong SAR"), else ", ".
   *   paren(s)               '（s）' in Chinese, ' (s)' in English.
   *   num(x, d)              fixed decimals ('' for missing); pval(p) 'p = 0.012' / 'p < 0.001';
   *   pfmt(p)                '0.012' / '<0.001'; numKind(col) 'int'|'p'|'pct'|'idx'|'txt' by column
   *                          name; cell(v, kind) a table cell's text (idx 4 decimals, pct 2, int, p).
   *   rangeDigits(lo, hi)    decimals that tell lo and hi apart (legend ends: 0.05..0.64 -> 2+).
   *   chart(parent, option, cls)  an ECharts chart; adds the toolbox "save as image", turns
   *                          animation off, uses the SVG renderer when location.hash is "#svg".
   *                          Give every chart a legend (series names) or a visualMap: the
   *                          self-check counts charts without one.
   *   table(parent, headers, rows, limit, kinds)  sortable table; kinds[j] (numKind values)
   *                          formats column j (default: integers as such, others 4 decimals).
   *   note(parent, template, vals)  a note paragraph; vals values that are {src: 'text'} (file and
   *                          column names, for finding the numbers in the CSV files) become <code>.
   *   choropleth(parent, values, name, pieces, opts)  a map of unit id -> number; classed by
   *                          D.map.classes (jenks 5 when absent) with a piecewise legend showing
   *                          each class's bounds and count, or continuous with the true min and max;
   *                          pieces overrides (ECharts visualMap pieces).
   *   classBreaks(vals, spec) upper bounds of the classes (spec {method, k, breaks});
   *                          breaksQuantile/breaksEqual/breaksJenks(vals, k) the pure functions.
   *   vmContinuous(lo, hi, name), vmPieces(bounds, lo, vals, colors)  visualMap options.
   *   categoryMap(parent, data, cats, name)  a map of categories: data [{id, cat}], cats [{key,
   *                          name, color, keep}] (first on top of the legend; a category without
   *                          units is left out of the legend unless keep); legend with counts.
   *                          Returns {id: cat} of the units drawn, for the self-check.
   *   mapSeries(extra), ensureMap(geo)  the study's map series.
   *   cols(tab), rowsOf(tab), lastTime(rows), firstTime(rows), mean, median, geomean.
   *   say(text)              a summary sentence; section(id, heading) a section with a nav link.
   *   selfCheck              object whose fields main.js writes as data-* attributes of #nqpf-check
   *                          (e.g. selfCheck.lisa = {...}). */
  var LANG = D.lang === 'zh' ? 'zh' : 'en';
  /* The message catalogue: every string the report shows has an English and a Chinese entry; each
   * file adds its own with catalogue(en, zh). T holds the chosen language's strings. A key missing in
   * either language, or read but never added, is a script error (reported by the self-check), never
   * a silent fallback. */
  var store = {};
  var T = typeof Proxy === 'function' ? new Proxy(store, {
    get: function (o, k) {
      if (typeof k === 'string' && !Object.prototype.hasOwnProperty.call(o, k)) {
        errors.push('catalogue: no entry "' + k + '"');
        return k;
      }
      return o[k];
    }
  }) : store;
  function catalogue(en, zh) {
    Object.keys(en).concat(Object.keys(zh)).forEach(function (k) {
      if (en[k] === undefined || zh[k] === undefined) errors.push('catalogue: "' + k + '" has no ' + (en[k] === undefined ? 'en' : 'zh') + ' entry');
      store[k] = LANG === 'zh' ? zh[k] : en[k];
    });
  }
  function has(k) { return Object.prototype.hasOwnProperty.call(store, k); }
  var selfCheck = {};

  catalogue({
    summary: 'Summary',
    generic: 'Results',
    unit: 'Unit',
    group: 'Group',
    all: 'All units',
    tableNote: 'Click a column header to sort.',
    showing: 'Showing the first {n} of {m} rows.',
    generated: 'Generated by nqpf {v} from {s} (data: {d}).',
    noSummary: 'No step produced a summary.',
    saveImage: 'Save as image',
    noData: 'no data',
    classN: '{a} – {b} ({n})',
    classFirst: '≤ {b} ({n})',
    catN: '{c} ({n})',
    mapNoValue: 'no value',
    fromFile: 'From {f}.',
    'tbl.main': 'Results', 'tbl.profiles': 'Class profiles', 'tbl.k': 'Choice of the number of classes',
    'tbl.weights': 'Weights', 'tbl.groups': 'Groups', 'tbl.pairs': 'Pairs of groups', 'tbl.edges': 'Neighbour pairs',
    'tbl.markov': 'Markov transitions', 'tbl.density': 'Kernel density', 'tbl.sigma': 'Sigma convergence',
    'tbl.lisa': 'Local Moran (LISA)',
    'col.te': 'efficiency score', 'col.tfp': 'TFP level', 'col.tfp_growth': 'TFP growth',
    'col.tfpch': 'Malmquist productivity index', 'col.effch': 'efficiency change', 'col.techch': 'technical change',
    'col.pech': 'pure efficiency change', 'col.sech': 'scale efficiency change',
    'col.ml': 'Malmquist-Luenberger index', 'col.mleffch': 'ML efficiency change', 'col.mltech': 'ML technical change',
    'col.lpi': 'Luenberger productivity indicator', 'col.lpi_effch': 'Luenberger efficiency change', 'col.lpi_techch': 'Luenberger technical change',
    'col.tfpch_cum': 'cumulative productivity index', 'col.effch_cum': 'cumulative efficiency change', 'col.techch_cum': 'cumulative technical change',
    'col.C': 'coupling degree C', 'col.T': 'comprehensive index T', 'col.D': 'coordination degree D',
    'col.grade': 'grade', 'col.class': 'class', 'col.class_en': 'coordination class', 'col.class_zh': 'coordination class',
    'col.silhouette': 'silhouette width', 'col.mean_silhouette': 'mean silhouette width', 'col.wss': 'within-class sum of squares',
    'col.description': 'description', 'col.n': 'count', 'col.k': 'number of classes',
    'col.moran_i': "Moran's I", 'col.moran_p_norm': 'p-value (normal)', 'col.geary_c': "Geary's C",
    'col.score': 'index score', 'col.rank': 'rank', 'col.value': 'value', 'col.lag': 'spatial lag',
    'col.lisa_i': 'local Moran I', 'col.lisa_p_norm': 'p-value (normal)', 'col.lisa_p_sim': 'p-value (permutation)',
    'col.lisa_p': 'p-value', 'col.lisa_p_adj': 'adjusted p-value', 'col.quadrant': 'quadrant',
    'col.cluster': 'cluster', 'col.sig_level': 'significance', 'col.neighbours': 'neighbours',
    'col.model': 'model', 'col.term': 'term', 'col.estimate': 'estimate', 'col.std_error': 'std. error',
    'col.t': 't', 'col.p_value': 'p-value', 'col.df': 'degrees of freedom', 'col.n_obs': 'observations',
    'col.n_units': 'units', 'col.r2': 'R²', 'col.lambda': 'convergence speed λ', 'col.half_life': 'half-life (years)',
    'col.se_type': 'standard errors', 'col.sd_log': 'standard deviation of logs', 'col.cv': 'coefficient of variation',
    'col.cv_log': 'coefficient of variation of logs', 'col.mean_log': 'mean of logs',
    'col.gini': 'Gini coefficient', 'col.peaks': 'peaks', 'col.year': 'year',
    'col.mean_of': 'mean of {v}', 'col.z_of': 'z-score of {v}',
    'term.const': 'constant', 'term.log_initial': 'log initial level', 'term.log_lag': 'log level, previous year',
    'model.absolute': 'absolute', 'model.conditional': 'conditional', 'model.panel': 'panel', 'model.club': 'club'
  }, {
    summary: '摘要',
    generic: '结果',
    unit: '地区',
    group: '分组',
    all: '全部地区',
    tableNote: '点击列标题排序。',
    showing: '显示 {m} 行中的前 {n} 行。',
    generated: '由 nqpf {v} 根据 {s} 生成（数据：{d}）。',
    noSummary: '没有步骤生成摘要。',
    saveImage: '保存为图片',
    noData: '无数据',
    classN: '{a} – {b}（{n}）',
    classFirst: '≤ {b}（{n}）',
    catN: '{c}（{n}）',
    mapNoValue: '无数值',
    fromFile: '数据取自 {f}。',
    'tbl.main': '结果', 'tbl.profiles': '类别特征', 'tbl.k': '类别数的选择',
    'tbl.weights': '权重', 'tbl.groups': '分组', 'tbl.pairs': '组间', 'tbl.edges': '相邻关系',
    'tbl.markov': '马尔可夫转移', 'tbl.density': '核密度', 'tbl.sigma': 'σ 收敛',
    'tbl.lisa': '局部莫兰指数（LISA）',
    'col.te': '效率值', 'col.tfp': '全要素生产率水平', 'col.tfp_growth': '全要素生产率增长率',
    'col.tfpch': 'Malmquist 生产率指数', 'col.effch': '技术效率变化', 'col.techch': '技术进步',
    'col.pech': '纯技术效率变化', 'col.sech': '规模效率变化',
    'col.ml': 'Malmquist-Luenberger 指数', 'col.mleffch': 'ML 技术效率变化', 'col.mltech': 'ML 技术进步',
    'col.lpi': 'Luenberger 生产率指标', 'col.lpi_effch': 'Luenberger 效率变化', 'col.lpi_techch': 'Luenberger 技术变化',
    'col.tfpch_cum': '累计生产率指数', 'col.effch_cum': '累计技术效率变化', 'col.techch_cum': '累计技术进步',
    'col.C': '耦合度 C', 'col.T': '综合评价指数 T', 'col.D': '耦合协调度 D',
    'col.grade': '等级', 'col.class': '类别', 'col.class_en': '协调类型', 'col.class_zh': '协调类型',
    'col.silhouette': '轮廓系数', 'col.mean_silhouette': '平均轮廓系数', 'col.wss': '类内平方和',
    'col.description': '特征', 'col.n': '个数', 'col.k': '类别数',
    'col.moran_i': '莫兰指数（Moran\'s I）', 'col.moran_p_norm': 'p 值（正态近似）', 'col.geary_c': '吉尔里系数（Geary\'s C）',
    'col.score': '指数得分', 'col.rank': '排名', 'col.value': '数值', 'col.lag': '空间滞后',
    'col.lisa_i': '局部莫兰指数', 'col.lisa_p_norm': 'p 值（正态近似）', 'col.lisa_p_sim': 'p 值（置换检验）',
    'col.lisa_p': 'p 值', 'col.lisa_p_adj': '校正后 p 值', 'col.quadrant': '象限',
    'col.cluster': '集聚类型', 'col.sig_level': '显著性', 'col.neighbours': '邻居数',
    'col.model': '模型', 'col.term': '变量', 'col.estimate': '系数', 'col.std_error': '标准误',
    'col.t': 't 值', 'col.p_value': 'p 值', 'col.df': '自由度', 'col.n_obs': '观测数',
    'col.n_units': '地区数', 'col.r2': 'R²', 'col.lambda': '收敛速度 λ', 'col.half_life': '半衰期（年）',
    'col.se_type': '标准误类型', 'col.sd_log': '对数标准差', 'col.cv': '变异系数',
    'col.cv_log': '对数变异系数', 'col.mean_log': '对数均值',
    'col.gini': '基尼系数', 'col.peaks': '波峰数', 'col.year': '年份',
    'col.mean_of': '{v}均值', 'col.z_of': '{v}标准分',
    'term.const': '常数项', 'term.log_initial': '初始水平对数', 'term.log_lag': '上年水平对数',
    'model.absolute': '绝对收敛', 'model.conditional': '条件收敛', 'model.panel': '面板', 'model.club': '俱乐部收敛'
  });

  /* Every data-derived string that goes into HTML (ECharts tooltip formatters return HTML) passes
   * through esc(); DOM text goes in through textContent (el()), which needs no escaping. */
  function esc(x) {
    return String(x === null || x === undefined ? '' : x).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  function fmt(s, o) { return s.replace(/\{(\w+)\}/g, function (m, k) { return o[k] !== undefined ? o[k] : m; }); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function num(x, d) { return x === null || x === undefined || isNaN(x) ? '' : (+x).toFixed(d === undefined ? 3 : d); }
  function median(a) {
    if (!a.length) return NaN;
    var b = a.slice().sort(function (x, y) { return x - y; }), m = b.length >> 1;
    return b.length % 2 ? b[m] : (b[m - 1] + b[m]) / 2;
  }
  function pfmt(p) { return p === null || p === undefined || isNaN(p) ? '–' : p < 0.001 ? '<0.001' : num(p, 3); }
  function pval(p) { return p === null || p === undefined || isNaN(p) ? 'p = –' : p < 0.001 ? 'p < 0.001' : 'p = ' + num(p, 3); }
  function mean(a) { var s = 0; a.forEach(function (x) { s += x; }); return a.length ? s / a.length : NaN; }
  function geomean(a) { var s = 0; a.forEach(function (x) { s += Math.log(x); }); return Math.exp(s / a.length); }
  function paren(s) { return LANG === 'zh' ? '（' + s + '）' : ' (' + s + ')'; }
  function listJoin(a) {
    if (LANG === 'zh') return a.join('、');
    return a.join(a.some(function (x) { return String(x).indexOf(',') >= 0; }) ? '; ' : ', ');
  }
  /* The kind of number a column holds, from its name: p-values, counts, percentages, else an index. */
  function numKind(col) {
    var c = String(col).replace(/^.*\./, '');
    if (/(^|_)p(_|$)|p_value|^p_(norm|rand|sim|adj)/.test(c) || /_p_(norm|rand|sim|adj)$/.test(c)) return 'p';
    if (/^(n|n_obs|n_units|df|rank|grade|class|neighbours|islands|k|peaks|year|count(_\w+)?|rank_(median|p05|p95)|obs)$/.test(c)) return 'int';
    if (/(pct|_share|_rate|percent)$/.test(c)) return 'pct';
    return 'idx';
  }
  function cell(v, kind) {
    if (v === null || v === undefined || (typeof v === 'number' && isNaN(v))) return '';
    if (typeof v !== 'number') return String(v);
    if (kind === 'p') return pfmt(v);
    if (kind === 'int') return Number.isInteger(v) ? String(v) : num(v, 2);
    if (kind === 'pct') return num(v, 2);
    if (kind === 'txt') return String(v);
    if (kind === 'idx') return num(v, 4);
    return Number.isInteger(v) ? String(v) : num(v, 4);
  }
  /* Decimals that show lo and hi with about three significant digits of their difference. */
  function rangeDigits(lo, hi) {
    var r = Math.abs(hi - lo) || Math.abs(hi) || 1;
    return Math.max(0, Math.min(6, 2 - Math.floor(Math.log(r) / Math.LN10)));
  }

  /* Columns of a result table by name. */
  function cols(tab) {
    var o = {};
    tab.columns.forEach(function (c, j) { o[c] = tab.data[j]; });
    o._n = tab.data.length ? tab.data[0].length : 0;
    return o;
  }
  /* Rows of a columnar table as objects. */
  function rowsOf(tab) {
    var c = cols(tab), out = [];
    for (var i = 0; i < c._n; i++) { var r = {}; tab.columns.forEach(function (k) { r[k] = c[k][i]; }); out.push(r); }
    return out;
  }
  function lastTime(rows) { return Math.max.apply(null, rows.map(function (r) { return r[D.time]; })); }
  function firstTime(rows) { return Math.min.apply(null, rows.map(function (r) { return r[D.time]; })); }
  var unitIndex = {};
  D.units.ids.forEach(function (id, u) { unitIndex[id] = u; });
  function label(id) { var u = unitIndex[id]; return u !== undefined && D.units.labels[u] ? D.units.labels[u] : id; }
  function groupOf(id) { var u = unitIndex[id]; return u !== undefined ? D.units.groups[u] : null; }
  function titleText(t) { return typeof t === 'string' ? t : (t && (t[LANG] || t.en || t.zh)) || ''; }
  /* Labels of the index framework's dimensions and indicators (label_en/label_zh of an index step's
   * weights table), by id and by path, and by "step.id". */
  var frameLabels = {}, frameUnits = {};
  (D.steps || []).forEach(function (st) {
    var w = st.type === 'index' && st.tables && st.tables.weights;
    if (!w || w.columns.indexOf('label_en') < 0) return;
    rowsOf(w).forEach(function (r) {
      /* An indicator's unit in the report language (unit_zh / unit_en, else unit). */
      var u = r.level === 'indicator' ? {en: r.unit_en || r.unit || '', zh: r.unit_zh || r.unit || ''} : null;
      if (u && (u.en || u.zh) && r.id) { frameUnits[r.id] = u; frameUnits[st.name + '.' + r.id] = u; }
      var l = {en: r.label_en, zh: r.label_zh};
      if (!l.en && !l.zh) return;
      [r.id, r.path].forEach(function (k) { if (k) { frameLabels[k] = l; frameLabels[st.name + '.' + k] = l; } });
    });
  });
  /* The unit of a column that is a framework indicator (by id, "step.id" or the part after the last
   * dot), '' otherwise; axisName(col) is the column's label with its unit, for axis titles. */
  function varUnit(col) {
    if (col === null || col === undefined) return '';
    var u = frameUnits[col] || (String(col).lastIndexOf('.') > 0 ? frameUnits[String(col).slice(String(col).lastIndexOf('.') + 1)] : null);
    return u ? u[LANG] || u.en || u.zh || '' : '';
  }
  function withUnit(text, unit) { return unit ? text + (LANG === 'zh' ? '（' + unit + '）' : ' (' + unit + ')') : text; }
  function axisName(col) { return withUnit(varLabel(col), varUnit(col)); }
  /* A column's label for the reader (see the helper list above). */
  function varLabel(col) {
    if (col === null || col === undefined) return '';
    var l = (D.labels && D.labels[col]) || frameLabels[col];
    if (l) return typeof l === 'string' ? l : l[LANG] || l.en || l.zh || col;
    if (col === D.id) return T.unit;
    if (col === D.time) return store['col.year'];
    if (has('col.' + col)) return store['col.' + col];
    var m = /^(mean|z)_(.+)$/.exec(col);
    if (m && ((D.labels && D.labels[m[2]]) || frameLabels[m[2]] || m[2].indexOf('.') > 0)) return fmt(store['col.' + m[1] + '_of'], {v: varLabel(m[2])});
    var dot = col.lastIndexOf('.');
    if (dot > 0) {
      var tail = col.slice(dot + 1);
      if ((D.labels && D.labels[tail]) || frameLabels[tail]) return varLabel(tail);
      if (has('col.' + tail)) return store['col.' + tail];
      if (has('dim.' + tail)) return store['dim.' + tail];
      return tail.replace(/_/g, ' ');
    }
    return col;
  }
  var app = document.getElementById('app');
  var header = el('header');
  var title = titleText(D.title) || D.study;
  document.title = title;
  /* The study's own title and description are the user's text, shown as written (data-user). */
  header.appendChild(el('h1', {'data-user': ''}, title));
  if (D.description) header.appendChild(el('p', {'data-user': ''}, titleText(D.description)));
  header.appendChild(note(null, T.generated, {v: D.version, s: {src: D.study}, d: {src: D.data}}, 'p'));
  var nav = el('nav');
  header.appendChild(nav);
  app.appendChild(header);
  var main = el('main');
  app.appendChild(main);
  var summarySec = section('summary', T.summary);
  var summaryList = el('ul', {class: 'summary'});
  summarySec.appendChild(summaryList);
  var said = 0;
  function say(text) { summaryList.appendChild(el('li', {}, text)); said++; }

  function section(id, heading) {
    var s = el('section', {id: id});
    s.appendChild(el('h2', {}, heading));
    main.appendChild(s);
    var a = el('a', {href: '#' + id}, heading);
    nav.appendChild(a);
    return s;
  }

  /* A note: template text with {x} placeholders; a value {src: 'name'} is shown as code (a file or
   * column name a reader looks up in the CSV files), any other value as text. */
  function note(parent, template, vals, tag) {
    var p = el(tag || 'p', {class: 'note'}), re = /\{(\w+)\}/g, last = 0, m;
    while ((m = re.exec(template))) {
      p.appendChild(document.createTextNode(template.slice(last, m.index)));
      var v = vals[m[1]];
      if (v === undefined) p.appendChild(document.createTextNode(m[0]));
      else if (v && typeof v === 'object' && v.src !== undefined) {
        [].concat(v.src).forEach(function (x, i) {
          if (i) p.appendChild(document.createTextNode(LANG === 'zh' ? '、' : ', '));
          p.appendChild(el('code', {class: 'src'}, String(x)));
        });
      } else p.appendChild(document.createTextNode(String(v)));
      last = re.lastIndex;
    }
    p.appendChild(document.createTextNode(template.slice(last)));
    if (parent) parent.appendChild(p);
    return p;
  }

  var RENDERER = location.hash === '#svg' ? 'svg' : 'canvas';
  var charts = [], legends = 0;
  function hasLegend(o) {
    var on = function (x) { return x && [].concat(x).some(function (y) { return y && y.show !== false; }); };
    return on(o.legend) || on(o.visualMap);
  }
  function chart(parent, option, cls) {
    var div = el('div', {class: 'chart' + (cls ? ' ' + cls : '')});
    parent.appendChild(div);
    var c = echarts.init(div, null, {renderer: RENDERER});
    option.animation = false;
    if (!option.toolbox) option.toolbox = {right: 4, bottom: 0, itemSize: 13, feature: {saveAsImage: {title: T.saveImage, pixelRatio: 2, name: document.title}}};
    if (hasLegend(option)) { legends++; div.setAttribute('data-legend', '1'); }
    c.setOption(option);
    charts.push(c);
    return c;
  }
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  /* Printing: charts are redrawn at the printed width. */
  window.addEventListener('beforeprint', function () { charts.forEach(function (c) { c.resize(); }); });

  /* Header cells over numeric columns get class num, so that they are right-aligned like their
   * numbers: a column is numeric when it has a td.num and every other non-empty body cell in it is
   * one too. Column positions follow colspan and rowspan; a header spanning several columns is
   * numeric when all of them are. */
  function numHeads(t) {
    function grid(rows) {
      var g = [];
      Array.prototype.forEach.call(rows, function (tr, r) {
        g[r] = g[r] || [];
        var c = 0;
        Array.prototype.forEach.call(tr.cells, function (cell) {
          while (g[r][c]) c++;
          for (var i = 0; i < (cell.rowSpan || 1); i++) {
            g[r + i] = g[r + i] || [];
            for (var j = 0; j < (cell.colSpan || 1); j++) g[r + i][c + j] = cell;
          }
          c += cell.colSpan || 1;
        });
      });
      return g;
    }
    var head = grid(t.tHead ? t.tHead.rows : []), body = grid(t.tBodies.length ? t.tBodies[0].rows : []);
    var isNum = [], n = 0;
    body.forEach(function (row) { n = Math.max(n, row.length); });
    for (var c = 0; c < n; c++) {
      var any = false, all = true;
      body.forEach(function (row) {
        var cell = row[c];
        if (!cell) return;
        if (cell.classList.contains('num')) any = true;
        else if (cell.textContent.trim() !== '') all = false;
      });
      isNum[c] = any && all;
    }
    var seen = [];
    head.forEach(function (row) {
      row.forEach(function (th) {
        if (!th || seen.indexOf(th) >= 0) return;
        seen.push(th);
        var all = true, cols = 0;
        row.forEach(function (x, c) { if (x === th) { cols++; if (!isNum[c]) all = false; } });
        if (cols && all) th.classList.add('num');
      });
    });
  }

  /* A sortable table; rows is an array of arrays; kinds[j] formats column j (numKind values). */
  function table(parent, headers, rows, limit, kinds) {
    var wrap = el('div', {class: 'tablewrap'}), t = el('table', {class: 'data'});
    var thead = el('thead'), tr = el('tr'), tbody = el('tbody');
    var state = {col: -1, dir: 1};
    headers.forEach(function (h, j) {
      var th = el('th', {}, h);
      th.addEventListener('click', function () {
        state.dir = state.col === j ? -state.dir : 1;
        state.col = j;
        rows.sort(function (a, b) {
          var x = a[j], y = b[j];
          if (x === null || x === '' || (typeof x === 'number' && isNaN(x))) return 1;
          if (y === null || y === '' || (typeof y === 'number' && isNaN(y))) return -1;
          return (typeof x === 'number' ? x - y : String(x).localeCompare(String(y))) * state.dir;
        });
        Array.prototype.forEach.call(thead.querySelectorAll('th'), function (e) { e.classList.remove('sorted-asc', 'sorted-desc'); });
        th.classList.add(state.dir > 0 ? 'sorted-asc' : 'sorted-desc');
        fill();
      });
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    t.appendChild(thead);
    t.appendChild(tbody);
    function fill() {
      tbody.textContent = '';
      rows.slice(0, limit || rows.length).forEach(function (r) {
        var row = el('tr');
        r.forEach(function (v, j) {
          var isNum = typeof v === 'number';
          row.appendChild(el('td', isNum ? {class: 'num'} : {}, cell(v, kinds ? kinds[j] : undefined)));
        });
        tbody.appendChild(row);
      });
    }
    fill();
    numHeads(t);
    wrap.appendChild(t);
    parent.appendChild(wrap);
    parent.appendChild(el('p', {class: 'note tablehint'}, T.tableNote + (limit && rows.length > limit ? ' ' + fmt(T.showing, {n: limit, m: rows.length}) : '')));
  }

  /* Per-group medians of a column by year: {groups: [...], years: [...], series: {g: [...]}}. */
  function groupMedians(c, value) {
    var byKey = {}, years = {}, groups = {};
    for (var i = 0; i < c._n; i++) {
      var v = c[value][i];
      if (v === null) continue;
      var y = c[D.time][i], g = D.group ? groupOf(c[D.id][i]) || null : null;
      years[y] = 1;
      [T.all].concat(g ? [g] : []).forEach(function (k) {
        groups[k] = 1;
        (byKey[k + '\u0000' + y] = byKey[k + '\u0000' + y] || []).push(v);
      });
    }
    var ys = Object.keys(years).map(Number).sort(function (a, b) { return a - b; });
    var gs = Object.keys(groups).sort(function (a, b) { return a === T.all ? -1 : b === T.all ? 1 : a.localeCompare(b); });
    var series = {};
    gs.forEach(function (g) { series[g] = ys.map(function (y) { var a = byKey[g + '\u0000' + y]; return a ? median(a) : null; }); });
    return {groups: gs, years: ys, series: series};
  }

  function lineOption(m, yname, xname) {
    return {
      tooltip: {trigger: 'axis'}, legend: {type: 'scroll', top: 0, left: 10, right: 60},
      grid: {left: 70, right: 30, top: 50, bottom: 45},
      xAxis: {type: 'category', data: m.years, name: xname || T['col.year'], nameLocation: 'middle', nameGap: 26},
      yAxis: {type: 'value', name: yname, scale: true},
      series: m.groups.map(function (g) {
        return {name: g, type: 'line', showSymbol: false, connectNulls: false, data: m.series[g],
                lineStyle: {width: g === T.all ? 3 : 1.5}};
      })
    };
  }

  /* BREAKS-BEGIN: pure functions (no DOM), loaded by tests/cli/report_breaks.sh under node.
   * Each returns the classes' upper bounds, ascending, the last one the maximum; a value x is in
   * class i when bounds[i-1] < x <= bounds[i] (class 0: x <= bounds[0]), as in mapclassify. */
  function sortedFinite(vals) {
    return vals.filter(function (v) { return typeof v === 'number' && isFinite(v); }).sort(function (a, b) { return a - b; });
  }
  function uniqueBounds(b) {
    return b.filter(function (v, i) { return i === 0 || v > b[i - 1]; });
  }
  /* Quantiles: the i/k-th sample quantiles, linear interpolation between order statistics
   * (Hyndman & Fan 1996 type 7, numpy.percentile's default, which mapclassify.Quantiles uses). */
  function breaksQuantile(vals, k) {
    var x = sortedFinite(vals), n = x.length, out = [];
    if (!n) return [];
    for (var i = 1; i <= k; i++) {
      var h = (n - 1) * i / k, lo = Math.floor(h), f = h - lo;
      out.push(lo + 1 < n ? x[lo] + f * (x[lo + 1] - x[lo]) : x[n - 1]);
    }
    out[k - 1] = x[n - 1];
    return uniqueBounds(out);
  }
  /* Equal intervals: min + i (max - min) / k. */
  function breaksEqual(vals, k) {
    var x = sortedFinite(vals), n = x.length, out = [];
    if (!n) return [];
    for (var i = 1; i < k; i++) out.push(x[0] + (x[n - 1] - x[0]) * i / k);
    out.push(x[n - 1]);
    return uniqueBounds(out);
  }
  /* Natural breaks: the partition of the sorted values into k contiguous classes with the least
   * total within-class sum of squared deviations (Fisher 1958's exact dynamic programme, the
   * optimum Jenks 1967's iterative method approaches). O(k n^2) time, O(k n) memory. */
  function breaksJenks(vals, k) {
    var x = sortedFinite(vals), n = x.length;
    if (!n) return [];
    if (k >= n) return uniqueBounds(x);
    var s1 = [0], s2 = [0], i, j, c;
    for (i = 0; i < n; i++) { s1.push(s1[i] + x[i]); s2.push(s2[i] + x[i] * x[i]); }
    /* ssd(a, b): sum of squared deviations of x[a..b-1]. */
    var ssd = function (a, b) { var s = s1[b] - s1[a], m = b - a; return Math.max(0, s2[b] - s2[a] - s * s / m); };
    /* cost[c][j]: least cost of x[0..j-1] in c+1 classes; from[c][j]: where the last class starts. */
    var cost = [], from = [];
    cost.push([]); from.push([]);
    for (j = 0; j <= n; j++) { cost[0].push(j ? ssd(0, j) : 0); from[0].push(0); }
    for (c = 1; c < k; c++) {
      cost.push([]); from.push([]);
      for (j = 0; j <= n; j++) {
        var best = Infinity, at = -1;
        for (i = c; i < j; i++) {
          var v = cost[c - 1][i] + ssd(i, j);
          if (v < best) { best = v; at = i; }
        }
        cost[c].push(best); from[c].push(at);
      }
    }
    var out = [], end = n;
    for (c = k - 1; c >= 0; c--) { out.unshift(x[end - 1]); end = from[c][end]; }
    return uniqueBounds(out);
  }
  /* User breaks: the given inner bounds (ascending) below the maximum, then the maximum. */
  function breaksUser(vals, breaks) {
    var x = sortedFinite(vals);
    if (!x.length) return [];
    var out = breaks.filter(function (b) { return b < x[x.length - 1]; }).slice().sort(function (a, b) { return a - b; });
    out.push(x[x.length - 1]);
    return uniqueBounds(out);
  }
  /* spec: {method: quantile|equal|jenks|breaks|continuous, k, breaks}; null for continuous. */
  function classBreaks(vals, spec) {
    var m = (spec && spec.method) || 'jenks', k = (spec && spec.k) || 5;
    if (m === 'continuous') return null;
    if (m === 'quantile') return breaksQuantile(vals, k);
    if (m === 'equal') return breaksEqual(vals, k);
    if (m === 'breaks') return breaksUser(vals, (spec && spec.breaks) || []);
    return breaksJenks(vals, k);
  }
  /* The class (0-based) of x for bounds b. */
  function classOf(x, b) { for (var i = 0; i < b.length - 1; i++) if (x <= b[i]) return i; return b.length - 1; }
  /* BREAKS-END */

  /* Sequential colours (ColorBrewer YlGnBu, 9 classes); k classes take k of them spread out. */
  var SEQ = ['#ffffd9', '#edf8b1', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#253494', '#081d58'];
  function seqColors(k) {
    if (k <= 1) return [SEQ[5]];
    var out = [];
    for (var i = 0; i < k; i++) out.push(SEQ[Math.round(1 + i * 7 / (k - 1))]);
    return out;
  }
  function vmContinuous(lo, hi, name) {
    var d = rangeDigits(lo, hi);
    return {type: 'continuous', min: lo, max: hi, precision: d, calculable: false, left: 10, bottom: 10,
      text: [num(hi, d), num(lo, d)], textGap: 6, formatter: function (v) { return num(v, d); },
      inRange: {color: ['#d73027', '#fee08b', '#1a9850']}, textStyle: {fontSize: 11}, itemHeight: 120};
  }
  /* A piecewise visualMap whose pieces show their bounds and how many units each holds. */
  function vmPieces(bounds, lo, vals, colors) {
    var d = rangeDigits(lo, bounds[bounds.length - 1]), counts = bounds.map(function () { return 0; });
    vals.forEach(function (v) { counts[classOf(v, bounds)]++; });
    colors = colors || seqColors(bounds.length);
    return {type: 'piecewise', left: 10, bottom: 10, textStyle: {fontSize: 11}, itemGap: 4,
      pieces: bounds.map(function (b, i) {
        var p = i === 0 ? {gte: lo - 1e-12 * Math.abs(lo || 1), lte: b} : {gt: bounds[i - 1], lte: b};
        if (i === bounds.length - 1) p.lte = b + 1e-12 * Math.abs(b || 1);
        p.label = fmt(T.classN, {a: num(i === 0 ? lo : bounds[i - 1], d), b: num(b, d), n: counts[i]});
        p.color = colors[i];
        return p;
      }).reverse()};
  }

  var mapsReady = {};
  function ensureMap(geo) {
    if (!mapsReady[geo]) {
      echarts.registerMap(geo, JSON.parse(document.getElementById('nqpf-geo-' + geo).textContent));
      mapsReady[geo] = true;
    }
  }
  /* A map series: the study's map (features named by D.map.key), with region names as labels on
   * every map but the world's: the map's own short names on the China map, the user's labels on
   * the others; small (9 px) and hidden where they would overlap. extra's fields are added. */
  function mapSeries(extra) {
    var show = D.map.geo !== 'world';
    var s = {type: 'map', map: D.map.geo, roam: true, nameProperty: D.map.key || 'name',
      label: {show: show, fontSize: 9, color: '#222', textBorderColor: '#fff', textBorderWidth: 2,
        formatter: function (p) { return D.map.geo === 'china' ? p.name : (p.data && (p.data.lbl || p.data.label0)) || p.name; }},
      labelLayout: {hideOverlap: true}, emphasis: {label: {show: show}},
      itemStyle: {areaColor: '#eeeeee', borderColor: '#9aa5b1', borderWidth: 0.4}};
    Object.keys(extra).forEach(function (k) { s[k] = extra[k]; });
    return s;
  }
  /* A choropleth of one value per unit: values maps unit id -> number; name is the variable's label
   * (with its unit); pieces (optional) are ECharts visualMap pieces that replace the classes. */
  function choropleth(parent, values, name, pieces, opts) {
    if (!D.map) return null;
    ensureMap(D.map.geo);
    opts = opts || {};
    var data = [], vals = [];
    Object.keys(values).forEach(function (id) {
      var u = unitIndex[id], v = values[id];
      if (u === undefined || v === null || isNaN(v)) return;
      data.push({name: D.units.map_names[u], value: v, label0: label(id)});
      vals.push(v);
    });
    if (!vals.length) return null;
    var lo = Math.min.apply(null, vals), hi = Math.max.apply(null, vals), d = rangeDigits(lo, hi);
    var spec = opts.classes || D.map.classes, bounds = pieces ? null : classBreaks(vals, spec);
    var vm = pieces ? {type: 'piecewise', pieces: pieces, left: 10, bottom: 10}
      : bounds && bounds.length > 1 ? vmPieces(bounds, lo, vals) : vmContinuous(lo, hi, name);
    return chart(parent, {
      title: {text: name, left: 'center', top: 4, textStyle: {fontSize: 13, fontWeight: 'normal'}},
      tooltip: {trigger: 'item', formatter: function (p) {
        return esc(p.data ? p.data.label0 : p.name) + ': ' + esc(p.data ? num(p.data.value, Math.max(d, 2)) : T.mapNoValue);
      }},
      visualMap: vm,
      series: [mapSeries({name: name, data: data, top: 30, itemStyle: {areaColor: '#e4e7eb', borderColor: '#9aa5b1', borderWidth: 0.4}})]
    }, 'map');
  }
  /* A map of categories: data [{id, cat}], cats [{key, name, color}] in legend order; the legend
   * (a piecewise visualMap over category indices) shows each category's name and count. Returns
   * {map name: category key} of what was drawn. */
  function categoryMap(parent, data, cats, name) {
    if (!D.map) return null;
    ensureMap(D.map.geo);
    var idx = {}, counts = cats.map(function () { return 0; }), shown = {}, rows = [];
    cats.forEach(function (c, i) { idx[c.key] = i; });
    data.forEach(function (r) {
      var u = unitIndex[r.id], i = idx[r.cat];
      if (u === undefined || i === undefined) return;
      counts[i]++;
      shown[r.id] = r.cat;
      rows.push({name: D.units.map_names[u], value: i, lbl: label(r.id), cat: cats[i].name});
    });
    chart(parent, {
      title: name ? {text: name, left: 'center', top: 4, textStyle: {fontSize: 13, fontWeight: 'normal'}} : undefined,
      tooltip: {trigger: 'item', formatter: function (p) { return p.data ? esc(p.data.lbl) + ': ' + esc(p.data.cat) : esc(p.name); }},
      visualMap: {type: 'piecewise', left: 10, bottom: 10, textStyle: {fontSize: 11}, itemGap: 4,
        pieces: cats.map(function (c, i) { return {value: i, label: fmt(T.catN, {c: c.name, n: counts[i]}), color: c.color, keep: c.keep || counts[i] > 0}; })
        .filter(function (p) { return p.keep; }).map(function (p) { delete p.keep; return p; }).reverse()},
      series: [mapSeries({name: name || '', data: rows, top: name ? 30 : undefined})]
    }, 'map');
    return shown;
  }

  var renderers = {};
  /* Any step without a dedicated renderer: its tables, sortable, with labelled headers. */
  function generic(step, sec) {
    Object.keys(step.tables).forEach(function (k) {
      var tab = step.tables[k], n = tab.data.length ? tab.data[0].length : 0, rows = [];
      for (var i = 0; i < n; i++) rows.push(tab.columns.map(function (c, j) { return tab.data[j][i]; }));
      sec.appendChild(el('h3', {}, has('tbl.' + k) ? store['tbl.' + k] : varLabel(k)));
      table(sec, tab.columns.map(varLabel), rows, 500, tab.columns.map(numKind));
      note(sec, T.fromFile, {f: {src: step.name + (k === 'main' ? '' : '_' + k) + '.csv'}});
    });
  }
