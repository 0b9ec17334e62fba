  /* Sections: metafrontier (docs/dea.md "Metafrontier", docs/malmquist.md "Metafrontier Malmquist
   * index"). A dea step run with a group (its table has the columns group and tgr) keeps its usual
   * section and gets, after it, the technology gap ratio by group over time: a line per group (the
   * mean over the group's units with a value that year) and the same means as a table (group x year).
   * A malmquist step run with a group (columns tgc or lpi_tgc) gets its own section: the yearly
   * decomposition index = effch x bpc x tgc (sums for the Luenberger indicator), and the technology
   * gap by group over time computed from its distance columns: e1g/e1i (radial), (1 + d1i)/(1 + d1g)
   * (Malmquist-Luenberger), d1g - d1i (Luenberger, an inefficiency: 0 = on the metafrontier), the
   * earlier year of each unit's first pair from e0g/e0i or d0g/d0i. The means drawn are in
   * selfCheck['tgr-' + step name] ({group: {year: mean}}, the page's data-tgr-<step> attribute) for
   * tests/cli/metafrontier.sh. Helpers here are meta_*. */
  catalogue({
    metaTgr: 'Technology gap ratio by group (metafrontier)',
    metaTgrAx: 'technology gap ratio (1 = on the metafrontier)',
    metaGapAx: 'technology gap (0 = on the metafrontier)',
    metaTable: 'Mean technology gap ratio by group and year',
    metaGapTable: 'Mean technology gap by group and year',
    metaSay: 'Against the metafrontier of all groups, the mean technology gap ratio in {y} is highest in {a} ({va}) and lowest in {b} ({vb}); 1 means the group\'s frontier touches the metafrontier.',
    metaGapSay: 'Against the metafrontier of all groups, the mean technology gap in {y} is smallest in {a} ({va}) and largest in {b} ({vb}); 0 means the group\'s frontier touches the metafrontier.',
    metaNote: 'From {f}: column {c}, the efficiency against the metafrontier of all groups divided by the efficiency against the unit\'s own group frontier (O\'Donnell, Rao and Battese 2008); means over the units of each group with a value.',
    metaNoteDv: 'From {f}: column {c} = (1 + {g}) / (1 + {m}), the ratio of the distances to the group frontier and to the metafrontier; means over the units of each group with a value.',
    metaDecomp: 'Yearly change across units and its sources (geometric means)',
    metaDecompD: 'Yearly change across units and its sources (means)',
    metaIndex: 'productivity change (metafrontier)',
    metaEff: 'efficiency change (group frontier)',
    metaBpc: 'best-practice gap change (group technical change)',
    metaTgc: 'technology gap change',
    metaMalmSay: 'Against the metafrontier, productivity changed by {t}% a year over {p} (geometric mean): efficiency change {e}%, best-practice gap change (the group frontiers moving) {b}%, technology gap change (the groups catching up with the metafrontier) {g}%.',
    metaMalmSayD: 'Against the metafrontier, the Luenberger indicator averages {t} a year over {p}: efficiency change {e}, best-practice gap change {b}, technology gap change {g}.',
    metaMalmNote: 'From {f}: columns {cols} (Oh and Lee 2010: index = efficiency change x best-practice gap change x technology gap change; sums for the Luenberger indicator); the technology gap by group from the distance columns {d}.',
    metaAxD: 'change (Luenberger indicator)'
  }, {
    metaTgr: '各组技术缺口比率（共同前沿）',
    metaTgrAx: '技术缺口比率（1 = 位于共同前沿）',
    metaGapAx: '技术缺口（0 = 位于共同前沿）',
    metaTable: '各组各年技术缺口比率均值',
    metaGapTable: '各组各年技术缺口均值',
    metaSay: '相对于全部组别的共同前沿，{y} 年技术缺口比率均值最高的是{a}（{va}），最低的是{b}（{vb}）；比率为 1 表示该组前沿与共同前沿重合。',
    metaGapSay: '相对于全部组别的共同前沿，{y} 年技术缺口均值最小的是{a}（{va}），最大的是{b}（{vb}）；缺口为 0 表示该组前沿与共同前沿重合。',
    metaNote: '数据取自 {f} 的 {c} 列：共同前沿下的效率除以所属组群前沿下的效率（O\'Donnell、Rao 与 Battese，2008）；各组取有值地区的平均。',
    metaNoteDv: '数据取自 {f} 的 {c} 列 = (1 + {g}) / (1 + {m})，即到组群前沿与到共同前沿距离之比；各组取有值地区的平均。',
    metaDecomp: '各年变化及其来源（各地区几何平均）',
    metaDecompD: '各年变化及其来源（各地区算术平均）',
    metaIndex: '生产率变化（共同前沿）',
    metaEff: '效率变化（组群前沿）',
    metaBpc: '最佳实践差距变化（组内技术变化）',
    metaTgc: '技术缺口变化',
    metaMalmSay: '相对于共同前沿，{p} 年间生产率年均变化 {t}%（几何平均）：效率变化 {e}%，最佳实践差距变化（组群前沿移动）{b}%，技术缺口变化（各组向共同前沿追赶）{g}%。',
    metaMalmSayD: '相对于共同前沿，{p} 年间 Luenberger 指标年均为 {t}：效率变化 {e}，最佳实践差距变化 {b}，技术缺口变化 {g}。',
    metaMalmNote: '数据取自 {f} 的 {cols} 列（Oh 与 Lee，2010：指数 = 效率变化 × 最佳实践差距变化 × 技术缺口变化；Luenberger 指标为三者之和）；各组技术缺口由距离列 {d} 计算。',
    metaAxD: '变化（Luenberger 指标）'
  });

  /* Means by group and year of {group, year, v} records; the chart's model for lineOption(). */
  function meta_means(recs) {
    var by = {}, years = {}, groups = {};
    recs.forEach(function (r) {
      if (r.v === null || r.v === undefined || !isFinite(r.v) || r.g === null || r.g === undefined || r.g === '') return;
      groups[r.g] = 1;
      years[r.y] = 1;
      (by[r.g + '\u0000' + r.y] = by[r.g + '\u0000' + r.y] || []).push(r.v);
    });
    var ys = Object.keys(years).map(Number).sort(function (a, b) { return a - b; });
    var gs = Object.keys(groups).sort(function (a, b) { return a.localeCompare(b); });
    var m = {groups: gs, years: ys, series: {}}, check = {};
    gs.forEach(function (g) {
      check[g] = {};
      m.series[g] = ys.map(function (y) {
        var a = by[g + '\u0000' + y];
        if (!a) return null;
        check[g][y] = mean(a);
        return +mean(a).toFixed(4);
      });
    });
    return {m: m, check: check};
  }

  /* The chart, the table and the summary sentence of the technology gap by group. gap: the values are
   * a difference (0 = on the metafrontier) rather than a ratio. */
  function meta_gap(step, sec, recs, gap) {
    var mm = meta_means(recs), m = mm.m;
    if (!m.groups.length || !m.years.length) return false;
    selfCheck['tgr-' + step.name] = mm.check;
    sec.appendChild(el('h3', {}, T.metaTgr));
    chart(sec, lineOption(m, gap ? T.metaGapAx : T.metaTgrAx));
    sec.appendChild(el('h3', {}, gap ? T.metaGapTable : T.metaTable));
    table(sec, [T.group].concat(m.years.map(String)), m.groups.map(function (g) {
      return [g].concat(m.series[g].map(function (v) { return v === null ? '' : v; }));
    }), 0, ['txt'].concat(m.years.map(function () { return 'idx'; })));
    var yi = m.years.length - 1, hi = null, lo = null;
    m.groups.forEach(function (g) {
      var v = m.series[g][yi];
      if (v === null) return;
      if (!hi || v > hi.v) hi = {g: g, v: v};
      if (!lo || v < lo.v) lo = {g: g, v: v};
    });
    if (hi && lo && hi.g !== lo.g) {
      var a = gap ? lo : hi, b = gap ? hi : lo;
      say(fmt(gap ? T.metaGapSay : T.metaSay, {y: m.years[yi], a: a.g, va: num(a.v), b: b.g, vb: num(b.v)}));
    }
    return true;
  }

  var meta_deaBase = renderers.dea;
  renderers.dea = function (step, sec) {
    if (meta_deaBase) meta_deaBase(step, sec);
    var tab = step.tables.main;
    if (!tab || tab.columns.indexOf('tgr') < 0 || tab.columns.indexOf('group') < 0) return;
    var c = cols(tab), recs = [];
    for (var i = 0; i < c._n; i++) recs.push({g: c.group[i], y: c[D.time][i], v: c.tgr[i]});
    if (!meta_gap(step, sec, recs, false)) return;
    if (c.dv_meta) note(sec, T.metaNoteDv, {f: {src: step.name + '.csv'}, c: {src: 'tgr'}, g: {src: 'dv_group'}, m: {src: 'dv_meta'}});
    else note(sec, T.metaNote, {f: {src: step.name + '.csv'}, c: {src: 'tgr'}});
  };

  var meta_malmBase = renderers.malmquist;
  renderers.malmquist = function (step, sec) {
    var tab = step.tables.main;
    var sets = [['tfpch', 'effch', 'bpc', 'tgc', 'e'], ['ml', 'mleffch', 'bpc', 'tgc', 'd'], ['lpi', 'lpi_effch', 'lpi_bpc', 'lpi_tgc', 'd']];
    var set = tab && tab.columns.indexOf('group') >= 0 ? sets.filter(function (x) { return tab.columns.indexOf(x[3]) >= 0 && tab.columns.indexOf(x[0]) >= 0; })[0] : null;
    if (!set) return meta_malmBase ? meta_malmBase(step, sec) : generic(step, sec);
    var c = cols(tab), diff = set[0] === 'lpi', p = set[4], byYear = {};
    for (var i = 0; i < c._n; i++) {
      var vals = [c[set[0]][i], c[set[1]][i], c[set[2]][i], c[set[3]][i]];
      if (vals.some(function (v) { return v === null || (!diff && !(v > 0)); })) continue;
      (byYear[c[D.time][i]] = byYear[c[D.time][i]] || []).push(vals);
    }
    var years = Object.keys(byYear).map(Number).sort(function (a, b) { return a - b; });
    if (!years.length) return generic(step, sec);
    var agg = function (rows, k) { var a = rows.map(function (r) { return r[k]; }); return diff ? mean(a) : geomean(a); };
    var pct = function (v) { return +(diff ? v : 100 * (v - 1)).toFixed(3); };
    var yearly = [0, 1, 2, 3].map(function (k) { return years.map(function (y) { return agg(byYear[y], k); }); });
    var names = [T.metaIndex, T.metaEff, T.metaBpc, T.metaTgc];
    sec.appendChild(el('h3', {}, diff ? T.metaDecompD : T.metaDecomp));
    chart(sec, {
      tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 70, right: 30, top: 60, bottom: 45},
      xAxis: {type: 'category', data: years, name: T['col.year'], nameLocation: 'middle', nameGap: 26},
      yAxis: {type: 'value', name: diff ? T.metaAxD : T.decompAx},
      series: [1, 2, 3].map(function (k) { return {name: names[k], type: 'bar', stack: 'd', data: yearly[k].map(pct)}; })
        .concat([{name: names[0], type: 'line', data: yearly[0].map(pct), lineStyle: {width: 3}}])
    });
    var all = [0, 1, 2, 3].map(function (k) { return agg([].concat.apply([], years.map(function (y) { return byYear[y]; })), k); });
    var show = function (v) { return diff ? num(v, 4) : pct(v).toFixed(2); };
    say(fmt(diff ? T.metaMalmSayD : T.metaMalmSay, {p: (years[0] - 1) + '–' + years[years.length - 1],
      t: show(all[0]), e: show(all[1]), b: show(all[2]), g: show(all[3])}));
    /* the technology gap at each unit's years, from the distances */
    var gapOf = function (g, i) { /* g: distance to the metafrontier, i: to the group's intertemporal frontier */
      if (g === null || i === null || g === undefined || i === undefined) return null;
      return p === 'e' ? g / i : diff ? g - i : (1 + i) / (1 + g);
    };
    var seen = {}, recs = [];
    for (i = 0; i < c._n; i++) {
      var id = c[D.id][i], y1 = c[D.time][i], y0 = c.from[i];
      [[y0, c[p + '0g'][i], c[p + '0i'][i]], [y1, c[p + '1g'][i], c[p + '1i'][i]]].forEach(function (q) {
        var k = id + '\u0000' + q[0];
        if (seen[k]) return;
        seen[k] = 1;
        recs.push({g: c.group[i], y: q[0], v: gapOf(q[1], q[2])});
      });
    }
    meta_gap(step, sec, recs, diff);
    note(sec, T.metaMalmNote, {f: {src: step.name + '.csv'}, cols: {src: set.slice(0, 4)},
      d: {src: [p + '0g', p + '0i', p + '1g', p + '1i']}});
  };
