  /* Section part: the spatial correlation network (`nqpf network`, docs/network.md): the links of
   * the block year drawn between the regions' coordinates (over the study's map when it has one),
   * the whole-network measures over the years as lines, the centrality ranking of that year, the
   * CONCOR blocks with their roles and image matrix, and the QAP table when the step ran one.
   * selfCheck.network holds {links, ranked, blocks, qap, map} as drawn. */
  catalogue({
    network: 'Spatial correlation network',
    nwMapT: 'Network of {v}, {t} ({l} links)',
    nwSumT: 'Whole-network measures by year',
    nwRankT: 'Centrality ranking, {t} (top {k} by degree centrality)',
    nwBlockT: 'Block model (CONCOR), {t}',
    nwImageT: 'Image matrix (1: block density above the network density {d})',
    nwQapT: 'QAP correlation and MRQAP regression, {t} ({r} permutations)',
    nwRegion: 'region',
    nwRank: 'rank',
    nwDeg: 'degree centrality',
    nwIn: 'in-degree',
    nwOut: 'out-degree',
    nwClo: 'closeness',
    nwBet: 'betweenness (normalised)',
    nwDensity: 'density',
    nwConn: 'connectedness',
    nwHier: 'hierarchy',
    nwEff: 'efficiency',
    nwBlock: 'block',
    nwMembers: 'members',
    nwN: 'regions',
    nwWithin: 'links within',
    nwSent: 'links sent out',
    nwRecv: 'links received',
    nwExp: 'expected internal ratio',
    nwAct: 'actual internal ratio',
    nwRole: 'role',
    'nw.net_beneficial': 'net beneficial',
    'nw.bilateral_spillover': 'bilateral spillover',
    'nw.broker': 'broker',
    'nw.net_spillover': 'net spillover',
    nwFrom: 'from \\ to',
    nwAnalysis: 'analysis',
    nwTerm: 'matrix',
    nwEst: 'estimate',
    nwStd: 'standardised',
    nwPge: 'p (≥)',
    nwPle: 'p (≤)',
    nwP: 'p (two-sided)',
    'nw.correlation': 'QAP correlation',
    'nw.mrqap': 'MRQAP (Dekker DSP)',
    nwCons: 'intercept',
    'nw.network': 'network',
    'nw.gravity': 'gravity strength',
    'nw.distance': 'distance',
    nwDiff: '|Δ {v}|',
    nwNoCoords: 'The regions have no coordinates (the step used a distance matrix), so the network is not drawn.',
    nwSay: 'Spatial correlation network of {v} in {t}: {l} links among {n} regions (density {d}, connectedness {c}, hierarchy {h}, efficiency {e}). The most central regions are {top}.',
    nwSayTrend: 'From {t0} to {t1} the network density went from {d0} to {d1} and the efficiency from {e0} to {e1}.',
    nwNote: 'From {f} (links), {c} (centralities), {s} (measures) and {b} (blocks): a modified gravity model y_ij = k_ij · M_i · M_j / D_ij², k_ij = X_i/(X_i+X_j), with region i linked to j when y_ij exceeds {thr}. Density, connectedness, hierarchy and efficiency follow Krackhardt (1994) as in UCINET; degree centrality is 100 × (regions linked either way)/(N−1), closeness 100 × (N−1)/(sum of distances, an unreachable region counted at N), betweenness normalised by (N−1)(N−2). Blocks by CONCOR; a block whose internal-link ratio is at least (n_k−1)/(N−1) is net beneficial when it receives more links from other blocks than it sends, else bilateral spillover; below that ratio it is a broker when it receives more than it sends, else net spillover.',
    'nw.row_mean': 'the mean of row i',
    'nw.all_mean': 'the mean of the whole matrix'
  }, {
    network: '空间关联网络',
    nwMapT: '{v}的空间关联网络，{t} 年（{l} 条关联关系）',
    nwSumT: '整体网络特征（按年份）',
    nwRankT: '中心性排名，{t} 年（按度数中心度前 {k} 位）',
    nwBlockT: '块模型（CONCOR），{t} 年',
    nwImageT: '像矩阵（板块密度高于整体网络密度 {d} 记为 1）',
    nwQapT: 'QAP 相关分析与 MRQAP 回归，{t} 年（{r} 次随机置换）',
    nwRegion: '地区',
    nwRank: '排名',
    nwDeg: '度数中心度',
    nwIn: '点入度',
    nwOut: '点出度',
    nwClo: '接近中心度',
    nwBet: '中介中心度（标准化）',
    nwDensity: '网络密度',
    nwConn: '网络关联度',
    nwHier: '网络等级度',
    nwEff: '网络效率',
    nwBlock: '板块',
    nwMembers: '成员',
    nwN: '地区数',
    nwWithin: '板块内部关系数',
    nwSent: '发出（板块外）关系数',
    nwRecv: '接收（板块外）关系数',
    nwExp: '期望内部关系比例',
    nwAct: '实际内部关系比例',
    nwRole: '板块角色',
    'nw.net_beneficial': '净受益板块',
    'nw.bilateral_spillover': '双向溢出板块',
    'nw.broker': '经纪人板块',
    'nw.net_spillover': '净溢出板块',
    nwFrom: '发出 \\ 接收',
    nwAnalysis: '分析',
    nwTerm: '矩阵',
    nwEst: '估计值',
    nwStd: '标准化系数',
    nwPge: 'p（≥）',
    nwPle: 'p（≤）',
    nwP: 'p（双侧）',
    'nw.correlation': 'QAP 相关分析',
    'nw.mrqap': 'MRQAP 回归（Dekker 双重半偏）',
    nwCons: '常数项',
    'nw.network': '关联网络',
    'nw.gravity': '引力强度',
    'nw.distance': '距离',
    nwDiff: '{v}差值矩阵',
    nwNoCoords: '地区没有坐标（本步骤使用距离矩阵），因此不绘制网络图。',
    nwSay: '{t} 年{v}的空间关联网络：{n} 个地区之间共有 {l} 条关联关系（网络密度 {d}，关联度 {c}，等级度 {h}，网络效率 {e}）。中心性最高的地区为{top}。',
    nwSayTrend: '{t0}—{t1} 年，网络密度由 {d0} 变为 {d1}，网络效率由 {e0} 变为 {e1}。',
    nwNote: '数据取自 {f}（关联关系）、{c}（中心性）、{s}（整体网络特征）和 {b}（板块）：修正引力模型 y_ij = k_ij · M_i · M_j / D_ij²，k_ij = X_i/(X_i+X_j)；当 y_ij 大于{thr}时记地区 i 指向 j 的关联关系。网络密度、关联度、等级度与效率按 Krackhardt（1994）的定义，与 UCINET 一致；度数中心度为 100 ×（双向任一方向相连的地区数）/(N−1)，接近中心度为 100 × (N−1)/（距离之和，不可达记为 N），中介中心度以 (N−1)(N−2) 标准化。板块由 CONCOR 划分：内部关系比例不低于 (n_k−1)/(N−1) 的板块，若接收的板块外关系多于发出的，为净受益板块，否则为双向溢出板块；低于该比例的板块，若接收多于发出，为经纪人板块，否则为净溢出板块。',
    'nw.row_mean': '第 i 行的均值',
    'nw.all_mean': '整个矩阵的均值'
  });

  renderers.network = function (step, sec) {
    var tabs = step.tables || {};
    if (!tabs.main || !tabs.centrality || !tabs.summary) return;
    var links = rowsOf(tabs.main), cent = rowsOf(tabs.centrality), summ = rowsOf(tabs.summary);
    if (!cent.length || !summ.length) return;
    var prm = step.params || {}, vname = prm['var'] ? varLabel(prm['var']) : '';
    var blocks = tabs.blocks ? rowsOf(tabs.blocks) : [];
    var year = blocks.length ? blocks[0][D.time] : lastTime(cent);
    var cy = cent.filter(function (r) { return r[D.time] === year; });
    var ly = links.filter(function (r) { return r[D.time] === year && r.link === 1; });
    var sy = summ.filter(function (r) { return r[D.time] === year; })[0] || summ[summ.length - 1];
    var check = {links: 0, ranked: 0, blocks: 0, qap: 0, map: 0};
    /* the network drawn between the regions' coordinates */
    var hasXY = cy.length && cy[0].lon !== undefined && cy[0].lon !== null && !isNaN(cy[0].lon);
    sec.appendChild(el('h3', {}, fmt(T.nwMapT, {v: vname, t: year, l: ly.length})));
    if (hasXY) {
      var at = {};
      cy.forEach(function (r) { at[r[D.id]] = [r.lon, r.lat]; });
      var onMap = !!D.map;
      var maxDeg = Math.max.apply(null, cy.map(function (r) { return r.degree_centrality || 0; })) || 1;
      var lineData = ly.filter(function (r) { return at[r[D.id]] && at[r.to]; }).map(function (r) {
        return {coords: [at[r[D.id]], at[r.to]], name: label(r[D.id]) + ' → ' + label(r.to)};
      });
      check.links = lineData.length;
      var series = [
        {type: 'lines', coordinateSystem: onMap ? 'geo' : 'cartesian2d', name: T['nw.network'], silent: true,
          effect: {show: false}, lineStyle: {color: '#2b6cb0', width: 0.8, opacity: 0.45, curveness: 0.15},
          symbol: ['none', 'arrow'], symbolSize: 5, data: lineData},
        {type: 'scatter', coordinateSystem: onMap ? 'geo' : 'cartesian2d', name: T.nwDeg, color: '#c53030',
          data: cy.map(function (r) { return {name: label(r[D.id]), value: [r.lon, r.lat, r.degree_centrality]}; }),
          symbolSize: function (v) { return 4 + 12 * (v[2] || 0) / maxDeg; },
          label: {show: true, fontSize: 9, position: 'right', formatter: function (p) { return p.name; }}}
      ];
      var legend = {top: 0, data: [T['nw.network'], T.nwDeg]};
      var tip = {trigger: 'item', formatter: function (p) {
        return p.seriesType === 'scatter' ? esc(p.name) + ': ' + T.nwDeg + ' ' + num(p.value[2], 1) : esc(p.name);
      }};
      if (onMap) {
        ensureMap(D.map.geo);
        chart(sec, {tooltip: tip, legend: legend, geo: {map: D.map.geo, roam: true, nameProperty: D.map.key || 'name', silent: true, top: 40,
          itemStyle: {areaColor: '#eeeeee', borderColor: '#9aa5b1', borderWidth: 0.4}}, series: series}, 'map');
        check.map = 1;
      } else {
        chart(sec, {tooltip: tip, legend: legend, grid: {top: 30, left: 60, right: 30, bottom: 45},
          xAxis: {type: 'value', scale: true, name: 'lon', nameLocation: 'middle', nameGap: 26},
          yAxis: {type: 'value', scale: true, name: 'lat'}, series: series});
      }
    } else {
      note(sec, T.nwNoCoords, {});
    }
    /* the measures over the years */
    if (summ.length > 1) {
      sec.appendChild(el('h3', {}, T.nwSumT));
      var keys = [['density', T.nwDensity], ['connectedness', T.nwConn], ['hierarchy', T.nwHier], ['efficiency', T.nwEff]];
      chart(sec, {tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 60, right: 30, top: 40, bottom: 45},
        xAxis: {type: 'category', data: summ.map(function (r) { return String(r[D.time]); })},
        yAxis: {type: 'value', min: 0, max: 1},
        series: keys.map(function (k) {
          return {type: 'line', name: k[1], data: summ.map(function (r) { return r[k[0]]; })};
        })});
    }
    /* the ranking */
    var ranked = cy.slice().sort(function (a, b) {
      return (b.degree_centrality - a.degree_centrality) || (b.betweenness_norm - a.betweenness_norm);
    });
    var k = Math.min(10, ranked.length);
    sec.appendChild(el('h3', {}, fmt(T.nwRankT, {t: year, k: k})));
    var body = ranked.slice(0, k).map(function (r, i) {
      return [i + 1, label(r[D.id]), r.degree_centrality, r.in_degree, r.out_degree, r.closeness, r.betweenness_norm];
    });
    table(sec, [T.nwRank, T.nwRegion, T.nwDeg, T.nwIn, T.nwOut, T.nwClo, T.nwBet], body, 0,
      ['int', 'txt', 'idx', 'int', 'int', 'idx', 'idx']);
    check.ranked = body.length;
    /* the blocks */
    if (blocks.length) {
      sec.appendChild(el('h3', {}, fmt(T.nwBlockT, {t: year})));
      var bb = blocks.map(function (r) {
        return [r.block, String(r.members).split(' ').map(label).join(LANG === 'zh' ? '、' : ', '), r.n_members,
          r.links_within, r.links_sent, r.links_received, r.expected_ratio, r.actual_ratio, has('nw.' + r.role) ? T['nw.' + r.role] : r.role];
      });
      table(sec, [T.nwBlock, T.nwMembers, T.nwN, T.nwWithin, T.nwSent, T.nwRecv, T.nwExp, T.nwAct, T.nwRole], bb, 0,
        ['int', 'txt', 'int', 'int', 'int', 'int', 'idx', 'idx', 'txt']);
      check.blocks = bb.length;
      sec.appendChild(el('h3', {}, fmt(T.nwImageT, {d: num(sy.density, 3)})));
      var nb = blocks.length, ih = [T.nwFrom], ib = [];
      for (var j = 1; j <= nb; j++) ih.push(T.nwBlock + ' ' + j);
      blocks.forEach(function (r) {
        var row = [T.nwBlock + ' ' + r.block];
        for (var c = 1; c <= nb; c++) row.push(num(r['density_b' + c], 3) + ' (' + r['image_b' + c] + ')');
        ib.push(row);
      });
      table(sec, ih, ib, 0, ['txt'].concat(ih.slice(1).map(function () { return 'txt'; })));
    }
    /* QAP */
    if (tabs.qap) {
      var q = rowsOf(tabs.qap);
      if (q.length) {
        sec.appendChild(el('h3', {}, fmt(T.nwQapT, {t: q[0][D.time], r: q[0].reps})));
        var term = function (t) {
          return t === '_cons' ? T.nwCons : ['network', 'gravity', 'distance'].indexOf(t) >= 0 ? T['nw.' + t]
            : fmt(T.nwDiff, {v: varLabel(t)});
        };
        var qb = q.map(function (r) {
          return [r.analysis === 'mrqap' ? T['nw.mrqap'] : T['nw.correlation'], term(r.term), r.estimate, r.std_estimate, pfmt(r.p_ge),
            pfmt(r.p_le), pfmt(r.p_value)];
        });
        table(sec, [T.nwAnalysis, T.nwTerm, T.nwEst, T.nwStd, T.nwPge, T.nwPle, T.nwP], qb, 0,
          ['txt', 'txt', 'idx', 'idx', 'txt', 'txt', 'txt']);
        check.qap = qb.length;
      }
    }
    /* the sentences and the note */
    var top = ranked.slice(0, 3).map(function (r) { return label(r[D.id]); });
    say(fmt(T.nwSay, {v: vname, t: year, l: sy.links, n: sy.nodes, d: num(sy.density, 3), c: num(sy.connectedness, 3),
      h: num(sy.hierarchy, 3), e: num(sy.efficiency, 3), top: listJoin(top)}));
    if (summ.length > 1) {
      var a = summ[0], b = summ[summ.length - 1];
      say(fmt(T.nwSayTrend, {t0: a[D.time], t1: b[D.time], d0: num(a.density, 3), d1: num(b.density, 3),
        e0: num(a.efficiency, 3), e1: num(b.efficiency, 3)}));
    }
    note(sec, T.nwNote, {f: {src: step.name + '.csv'}, c: {src: step.name + '_centrality.csv'},
      s: {src: step.name + '_summary.csv'}, b: {src: step.name + '_blocks.csv'},
      thr: prm.threshold === 'all_mean' ? T['nw.all_mean'] : T['nw.row_mean']});
    selfCheck.network = check;
  };
