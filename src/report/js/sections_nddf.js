  /* Section part: which variable drives the inefficiency of a non-radial DEA step (`nqpf dea` with
   * model nddf or sbmddf: columns dv and beta_<var>, see docs/dea.md). It wraps the DEA renderer:
   * the DEA section draws as before (for sbmddf, whose te is missing, the generic table), and when
   * the table has dv and beta_ columns a bar chart of the mean inefficiency of each input, output and
   * undesirable output in the last year follows, with a summary sentence and a note. The figure is
   * the one Chinese green-TFP papers print to show whether energy, capital or the emission holds a
   * region back. selfCheck.nddfBars holds the number of bars drawn (tests/cli/nddf_report.sh). */
  catalogue({
    'col.dv': 'directional distance',
    nddfT: 'Mean inefficiency by variable, {y}',
    nddfBar: 'mean inefficiency',
    nddfAx: 'inefficiency (share of the direction)',
    nddfSay: 'In {y} the largest mean inefficiency of the non-radial distance is in {v} ({b}), over {n} units; the mean distance is {d}.',
    nddfNote: 'Each bar is the mean over the units of the last year of the variable\'s inefficiency, column {c} of {f}: the share of its direction by which the variable could still fall (an input or undesirable output) or rise (a good output) on the frontier. The distance {dv} is their weighted sum.'
  }, {
    'col.dv': '方向距离函数值',
    nddfT: '{y} 年各变量的平均无效率',
    nddfBar: '平均无效率',
    nddfAx: '无效率（方向向量的比例）',
    nddfSay: '{y} 年非径向距离函数中平均无效率最高的变量是{v}（{b}），共 {n} 个单元；平均距离为 {d}。',
    nddfNote: '每根柱为最后一年各单元该变量无效率的平均值，即 {f} 中的 {c} 列：在前沿上该变量还可沿方向向量减少（投入或非期望产出）或增加（期望产出）的比例。距离 {dv} 为其加权和。'
  });

  (function () {
    var base = renderers.dea;
    renderers.dea = function (step, sec) {
      if (base) base(step, sec);
      var cs = step.tables && step.tables.main && step.tables.main.columns;
      if (!cs || cs.indexOf('dv') < 0) return;
      var bcols = cs.filter(function (k) { return /^beta_/.test(k); });
      if (!bcols.length) return;
      var rows = rowsOf(step.tables.main).filter(function (r) { return r.dv !== null; });
      if (!rows.length) return;
      var y1 = lastTime(rows);
      var last = rows.filter(function (r) { return r[D.time] === y1; });
      var means = bcols.map(function (k) {
        var v = last.map(function (r) { return r[k]; }).filter(function (x) { return x !== null; });
        return {col: k, name: varLabel(k.slice(5)), m: v.length ? mean(v) : null};
      }).filter(function (e) { return e.m !== null; });
      if (!means.length) return;
      means.sort(function (a, b) { return b.m - a.m || a.name.localeCompare(b.name); });
      sec.appendChild(el('h3', {}, fmt(T.nddfT, {y: y1})));
      barChart(sec, means.map(function (e) { return e.name; }), means.map(function (e) { return +e.m.toFixed(4); }),
        T.nddfBar, T.nddfAx);
      selfCheck.nddfBars = (selfCheck.nddfBars || 0) + means.length;
      say(fmt(T.nddfSay, {y: y1, v: means[0].name, b: num(means[0].m), n: last.length,
        d: num(mean(last.map(function (r) { return r.dv; })))}));
      note(sec, T.nddfNote, {c: {src: means.map(function (e) { return e.col; })}, f: {src: step.name + '.csv'},
        dv: {src: 'dv'}});
    };
  })();
