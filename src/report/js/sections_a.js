  /* Sections: TFP, Malmquist, DEA, coupling, classes, spatial autocorrelation, convergence. */

  renderers.tfp = function (step, sec) {
    var c = cols(step.tables.main), file = step.name + '.csv';
    var m = groupMedians(c, 'tfp');
    chart(sec, lineOption(m, T.level));
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
    if (stats.length >= 2) {
      var k = Math.min(10, Math.floor(stats.length / 2));
      var pick = stats.slice(0, k).concat(stats.slice(stats.length - k));
      sec.appendChild(el('h3', {}, T.growthTop));
      chart(sec, {
        tooltip: {trigger: 'axis'}, grid: {left: 140, right: 30, top: 10, bottom: 30},
        xAxis: {type: 'value', name: T.growth}, yAxis: {type: 'category', inverse: true, data: pick.map(function (s) { return label(s.id); })},
        series: [{type: 'bar', data: pick.map(function (s) { return {value: +s.g.toFixed(3), itemStyle: {color: s.g >= 0 ? '#2f7ed8' : '#d9534f'}}; })}]
      });
      var period = Math.max(m.years[0] + 1, lastYear - 9) + '–' + lastYear;
      var lst = function (a) { return a.map(function (s) { return label(s.id) + ' (' + (s.g >= 0 ? '+' : '') + s.g.toFixed(2) + '%)'; }).join(', '); };
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
      if (best && worst) say(fmt(T.groupLead, {g: D.group, y: m.years[yi], a: best.g, va: num(best.v), b: worst.g, vb: num(worst.v)}));
    }
    table(sec, [T.unit, T.group, T.latest, T.meanGrowth, T.obs], stats.map(function (s) {
      return [label(s.id), groupOf(s.id) || '', latest[s.id] === undefined ? null : latest[s.id], +s.g.toFixed(4), s.n];
    }));
    if (D.map) {
      var mv = {};
      stats.forEach(function (s) { mv[s.id] = s.g; });
      sec.appendChild(el('h3', {}, fmt(T.mapTitle, {p: Math.max(m.years[0] + 1, lastYear - 9) + '–' + lastYear})));
      choropleth(sec, mv, T.growth);
    }
    sec.appendChild(el('p', {class: 'note'}, fmt(T.tfpNote, {f: file})));
  };

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
  /* A choropleth of one value per unit: values maps unit id -> number. */
  function choropleth(parent, values, name, piecewise) {
    if (!D.map) return;
    ensureMap(D.map.geo);
    var data = [], vals = [];
    Object.keys(values).forEach(function (id) {
      var u = unitIndex[id], v = values[id];
      if (u === undefined || v === null || isNaN(v)) return;
      data.push({name: D.units.map_names[u], value: piecewise ? v : +v.toFixed(4), label0: label(id)});
      vals.push(v);
    });
    var lo = Math.min.apply(null, vals), hi = Math.max.apply(null, vals);
    var vm = piecewise ? {type: 'piecewise', pieces: piecewise, left: 10, bottom: 10}
                       : {min: lo, max: hi, calculable: true, left: 10, bottom: 10, inRange: {color: ['#d73027', '#fee08b', '#1a9850']}};
    chart(parent, {
      tooltip: {trigger: 'item', formatter: function (p) { return esc(p.data ? p.data.label0 : p.name) + ': ' + esc(p.data ? p.data.value : '–'); }},
      visualMap: vm,
      series: [mapSeries({name: name, data: data, itemStyle: {areaColor: '#e4e7eb', borderColor: '#9aa5b1', borderWidth: 0.4}})]
    }, 'map');
  }

  function geomean(a) { var s = 0; a.forEach(function (x) { s += Math.log(x); }); return Math.exp(s / a.length); }

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
    var pct = function (v) { return +(diff ? 100 * v : 100 * (v - 1)).toFixed(3); };
    var names = [T.tfpch + ' (' + set[0] + ')', T.effch + ' (' + set[1] + ')', T.techch + ' (' + set[2] + ')'];
    chart(sec, {
      tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 60, right: 20, top: 40, bottom: 40},
      xAxis: {type: 'category', data: years}, yAxis: {type: 'value', name: T.decomp},
      series: [
        {name: names[1], type: 'bar', stack: 'd', data: yearly[1].map(pct)},
        {name: names[2], type: 'bar', stack: 'd', data: yearly[2].map(pct)},
        {name: names[0], type: 'line', data: yearly[0].map(pct), lineStyle: {width: 3}}
      ]
    });
    var cum = yearly.map(function (a) { var acc = diff ? 0 : 1; return a.map(function (v) { acc = diff ? acc + v : acc * v; return +acc.toFixed(4); }); });
    sec.appendChild(el('h3', {}, T.cumul));
    chart(sec, {
      tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 60, right: 20, top: 40, bottom: 40},
      xAxis: {type: 'category', data: years}, yAxis: {type: 'value', scale: true},
      series: [0, 1, 2].map(function (k) { return {name: names[k], type: 'line', data: cum[k], lineStyle: {width: k ? 1.5 : 3}}; })
    });
    var all = [0, 1, 2].map(function (k) { return agg([].concat.apply([], years.map(function (y) { return byYear[y]; })), k); });
    var share = function (v) { return diff ? v : Math.log(v); };
    say(fmt(T.malmSay, {i: set[0], p: years[0] + '–' + years[years.length - 1],
      t: pct(all[0]).toFixed(2), e: pct(all[1]).toFixed(2), c: pct(all[2]).toFixed(2),
      w: Math.abs(share(all[2])) >= Math.abs(share(all[1])) ? T.fromTech : T.fromEff}));
    /* Per unit: mean of each component over the unit's pairs. */
    var per = {};
    for (i = 0; i < c._n; i++) {
      var v3 = [c[set[0]][i], c[set[1]][i], c[set[2]][i]];
      if (v3.some(function (v) { return v === null || (!diff && !(v > 0)); })) continue;
      (per[c[D.id][i]] = per[c[D.id][i]] || []).push(v3);
    }
    table(sec, [T.unit, T.group, set[0] + ' (' + T.mean + ')', set[1] + ' (' + T.mean + ')', set[2] + ' (' + T.mean + ')', 'n'],
      Object.keys(per).map(function (id) {
        return [label(id), groupOf(id) || '', +agg(per[id], 0).toFixed(5), +agg(per[id], 1).toFixed(5), +agg(per[id], 2).toFixed(5), per[id].length];
      }));
    sec.appendChild(el('p', {class: 'note'}, fmt(T.malmNote, {f: file, cols: set.slice(0, 3).join(', ')})));
  };

  /* Rows of a columnar table as objects. */
  function rowsOf(tab) {
    var c = cols(tab), out = [];
    for (var i = 0; i < c._n; i++) { var r = {}; tab.columns.forEach(function (k) { r[k] = c[k][i]; }); out.push(r); }
    return out;
  }
  function lastTime(rows) { return Math.max.apply(null, rows.map(function (r) { return r[D.time]; })); }
  function firstTime(rows) { return Math.min.apply(null, rows.map(function (r) { return r[D.time]; })); }

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
    chart(sec, lineOption(m, 'te'));
    var last = rows.filter(function (r) { return r[D.time] === y1; }).sort(function (a, b) { return b.te - a.te || a[D.id].localeCompare(b[D.id]); });
    say(fmt(T.deaSay, {y: y1, n: last.filter(function (r) { return r.te >= 1 - 1e-9; }).length, m: last.length,
      t: num(mean(last.map(function (r) { return r.te; })))}));
    sec.appendChild(el('h3', {}, fmt(T.teRank, {y: y1})));
    table(sec, [T.unit, T.group, 'te'], last.map(function (r) { return [label(r[D.id]), groupOf(r[D.id]) || '', r.te]; }));
    if (D.map) {
      var mv = {};
      last.forEach(function (r) { mv[r[D.id]] = r.te; });
      choropleth(sec, mv, 'te');
    }
    sec.appendChild(el('p', {class: 'note'}, fmt(T.deaNote, {f: step.name + '.csv'})));
  };

  renderers.coupling = function (step, sec) {
    var c = cols(step.tables.main), rows = rowsOf(step.tables.main).filter(function (r) { return r.D !== null; });
    if (!rows.length) return generic(step, sec);
    var m = groupMedians(c, 'D'), y1 = lastTime(rows);
    sec.appendChild(el('h3', {}, T.dTrend));
    chart(sec, lineOption(m, 'D'));
    var last = rows.filter(function (r) { return r[D.time] === y1; }), cls = {};
    var cname = function (r) { return D.lang === 'zh' ? r.class_zh : r.class_en; };
    last.forEach(function (r) { var k = r.grade + '. ' + cname(r); cls[k] = (cls[k] || 0) + 1; });
    var keys = Object.keys(cls).sort(function (a, b) { return parseInt(a, 10) - parseInt(b, 10); });
    sec.appendChild(el('h3', {}, fmt(T.dClass, {y: y1})));
    chart(sec, {tooltip: {}, grid: {left: 180, right: 30, top: 10, bottom: 30}, xAxis: {type: 'value', name: T.count},
      yAxis: {type: 'category', data: keys}, series: [{type: 'bar', data: keys.map(function (k) { return cls[k]; })}]});
    var md = median(last.map(function (r) { return r.D; }));
    var grade = last.slice().sort(function (a, b) { return Math.abs(a.D - md) - Math.abs(b.D - md); })[0];
    say(fmt(T.coupSay, {y: y1, d: num(md), c: cname(grade)}));
    table(sec, [T.unit, T.group, 'C', 'T', 'D', 'grade', D.lang === 'zh' ? 'class_zh' : 'class_en'],
      last.map(function (r) { return [label(r[D.id]), groupOf(r[D.id]) || '', r.C, r.T, r.D, r.grade, cname(r)]; }));
    sec.appendChild(el('p', {class: 'note'}, fmt(T.coupNote, {f: step.name + '.csv'})));
  };

  renderers.classify = function (step, sec) {
    var units = rowsOf(step.tables.main), prof = step.tables.profiles ? rowsOf(step.tables.profiles) : [];
    var palette = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4'];
    if (D.map) {
      ensureMap(D.map.geo);
      sec.appendChild(el('h3', {}, T.classMap));
      chart(sec, {tooltip: {trigger: 'item', formatter: function (p) { return p.data ? esc(p.data.lbl) + ': ' + esc(T.klass) + ' ' + esc(p.data.value) : esc(p.name); }},
        series: [mapSeries({
          data: units.filter(function (r) { return unitIndex[r[D.id]] !== undefined && r['class'] !== null; }).map(function (r) {
            return {name: D.units.map_names[unitIndex[r[D.id]]], value: r['class'], lbl: label(r[D.id]), itemStyle: {areaColor: palette[(r['class'] - 1) % palette.length]}};
          })})]}, 'map');
    }
    if (prof.length) {
      table(sec, step.tables.profiles.columns, prof.map(function (r) { return step.tables.profiles.columns.map(function (k) { return r[k]; }); }));
      say(fmt(T.classSay, {k: prof.length, list: prof.map(function (r) { return r['class'] + ' (' + r.n + '): ' + r.description; }).join('; ')}));
    }
    table(sec, [T.unit, T.group, T.klass, 'silhouette'], units.map(function (r) { return [label(r[D.id]), groupOf(r[D.id]) || '', r['class'], r.silhouette]; }));
    sec.appendChild(el('p', {class: 'note'}, fmt(T.classNote, {f: step.name + '.csv', p: step.name + '_profiles.csv'})));
  };

  renderers.spatial = function (step, sec) {
    var rows = rowsOf(step.tables.main), file = step.name + '.csv', v = step.params['var'];
    sec.appendChild(el('h3', {}, T.moranI));
    chart(sec, {tooltip: {trigger: 'axis'}, grid: {left: 60, right: 20, top: 20, bottom: 40},
      xAxis: {type: 'category', data: rows.map(function (r) { return r[D.time]; })}, yAxis: {type: 'value', name: "Moran's I"},
      series: [{type: 'line', data: rows.map(function (r) { return r.moran_i; }), lineStyle: {width: 3}}]});
    var L = rows[rows.length - 1];
    if (L) say(fmt(T.moranSay, {v: v, i: num(L.moran_i), y: L[D.time], p: pval(L.moran_p_norm),
      w: L.moran_p_norm < 0.05 ? (L.moran_i > 0 ? T.clustered : T.dispersed) : T.random}));
    if (!step.tables.lisa) return;
    var lisa = rowsOf(step.tables.lisa), y1 = lastTime(lisa);
    var year = lisa.filter(function (r) { return r[D.time] === y1 && r.value !== null; });
    var cur = year.filter(function (r) { return r.neighbours > 0 && r.lisa_i !== null; });
    var vals = year.map(function (r) { return r.value; }), m = mean(vals);
    var sd = Math.sqrt(mean(vals.map(function (x) { return (x - m) * (x - m); })));
    var colors = {HH: '#d7191c', LL: '#2c7bb6', HL: '#fdae61', LH: '#abd9e9'};
    sec.appendChild(el('h3', {}, fmt(T.moranScatter, {y: y1})));
    chart(sec, {tooltip: {formatter: function (p) { return esc(p.data[2]); }}, grid: {left: 60, right: 20, top: 20, bottom: 40},
      xAxis: {type: 'value', name: 'z', nameLocation: 'middle', nameGap: 25}, yAxis: {type: 'value', name: 'W z'},
      series: ['HH', 'LH', 'LL', 'HL'].map(function (q) {
        return {name: q, type: 'scatter', symbolSize: 7, itemStyle: {color: colors[q]},
          data: cur.filter(function (r) { return r.quadrant === q; }).map(function (r) { return [+((r.value - m) / sd).toFixed(4), +((r.lag - m) / sd).toFixed(4), label(r[D.id])]; })};
      })});
    if (D.map) {
      ensureMap(D.map.geo);
      var data = [];
      lisa.filter(function (r) { return r[D.time] === y1; }).forEach(function (r) {
        var u = unitIndex[r[D.id]];
        if (u === undefined) return;
        var cls = r.neighbours === 0 ? T.island : (r.lisa_p_norm !== null && r.lisa_p_norm < 0.05 ? r.quadrant : T.notSig);
        data.push({name: D.units.map_names[u], value: cls, lbl: label(r[D.id]), itemStyle: {areaColor: colors[cls] || (cls === T.island ? '#f5f5f5' : '#d9d9d9')}});
      });
      sec.appendChild(el('h3', {}, fmt(T.lisaMap, {y: y1})));
      chart(sec, {tooltip: {trigger: 'item', formatter: function (p) { return p.data ? esc(p.data.lbl) + ': ' + esc(p.data.value) : esc(p.name); }},
        series: [mapSeries({data: data})]}, 'map');
    }
    sec.appendChild(el('p', {class: 'note'}, fmt(T.spatialNote, {f: file, l: step.name + '_lisa.csv'})));
  };

  renderers.convergence = function (step, sec) {
    var v = step.params['var'];
    if (step.tables.sigma) {
      var sg = rowsOf(step.tables.sigma);
      sec.appendChild(el('h3', {}, fmt(T.sigmaT, {v: v})));
      chart(sec, {tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 60, right: 60, top: 40, bottom: 40},
        xAxis: {type: 'category', data: sg.map(function (r) { return r[D.time]; })}, yAxis: [{type: 'value', name: 'sd_log', scale: true}, {type: 'value', name: 'cv', scale: true}],
        series: [{name: 'sd_log', type: 'line', data: sg.map(function (r) { return r.sd_log; })}, {name: 'cv', type: 'line', yAxisIndex: 1, data: sg.map(function (r) { return r.cv; })}]});
    }
    var beta = rowsOf(step.tables.main);
    sec.appendChild(el('h3', {}, T.betaT));
    table(sec, step.tables.main.columns, beta.map(function (r) { return step.tables.main.columns.map(function (k) { return r[k]; }); }));
    var b = beta.filter(function (r) { return r.term === 'log_initial' || r.term === 'log_lag'; })[0];
    if (b) say(fmt(T.convSay, {v: v, b: num(b.estimate, 4), p: pval(b.p_value),
      w: b.estimate < 0 && b.p_value < 0.05 ? fmt(T.conv, {h: num(b.half_life, 1)}) : T.noconv}));
    sec.appendChild(el('p', {class: 'note'}, fmt(T.convNote, {f: step.name + '.csv', s: step.name + '_sigma.csv'})));
  };

