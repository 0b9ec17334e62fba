  /* Section part: the bootstrap of a DEA step (Simar and Wilson 1998; `nqpf dea` with reps, columns
   * te_bc, ci_lo, ci_hi, see docs/dea.md). It wraps the DEA renderer: the DEA section draws as
   * before, and when its table has the bootstrap columns a chart of the last year's bias-corrected
   * scores with their confidence bars follows, with a summary sentence and a note. selfCheck.bootBars
   * holds the number of bars drawn (tests/cli/bootstrap_report.sh). */
  catalogue({
    bootT: 'Bias-corrected efficiency with {c}% confidence intervals, {y}',
    bootBar: '{c}% confidence interval',
    bootBc: 'bias-corrected efficiency',
    bootTe: 'efficiency (DEA)',
    bootAx: 'efficiency',
    bootTip: '{u}: efficiency {t}, bias-corrected {b}, {c}% interval {lo} to {hi}',
    bootSay: 'In {y} the bootstrap ({r} replications) puts mean efficiency at {b} after the bias correction, against {t} before it; the {c}% intervals are {w} wide on average.',
    bootNote: 'Simar-Wilson (1998) smoothed bootstrap with reflection: the bias-corrected score is column {bc} of {f} and the interval runs from {lo} to {hi}. DEA scores are biased upwards in finite samples, so the interval usually lies below the DEA score. Where the squared bias is below a third of the bootstrap variance the correction is not advisable and the DEA score with its interval should be reported (the run warns; docs/dea.md).'
  }, {
    bootT: '{y} 年偏差校正效率及其 {c}% 置信区间',
    bootBar: '{c}% 置信区间',
    bootBc: '偏差校正效率',
    bootTe: '效率（DEA）',
    bootAx: '效率',
    bootTip: '{u}：效率 {t}，偏差校正后 {b}，{c}% 置信区间 {lo} 至 {hi}',
    bootSay: '{y} 年自助法（{r} 次重复抽样）校正偏差后的平均效率为 {b}，校正前为 {t}；{c}% 置信区间的平均宽度为 {w}。',
    bootNote: '采用 Simar–Wilson（1998）带反射的平滑自助法：偏差校正效率为 {f} 的 {bc} 列，置信区间由 {lo} 列至 {hi} 列。有限样本下 DEA 效率值偏高，因此置信区间通常位于 DEA 效率值之下。若偏差的平方小于自助方差的三分之一，则不宜使用偏差校正值，应报告 DEA 效率值及其置信区间（运行时会给出警告；见 docs/dea.md）。'
  });

  (function () {
    var base = renderers.dea;
    renderers.dea = function (step, sec) {
      if (base) base(step, sec);
      var cs = step.tables && step.tables.main && step.tables.main.columns;
      if (!cs || cs.indexOf('te_bc') < 0 || cs.indexOf('ci_lo') < 0 || cs.indexOf('ci_hi') < 0) return;
      var rows = rowsOf(step.tables.main).filter(function (r) {
        return r.te_bc !== null && r.ci_lo !== null && r.ci_hi !== null && r.te !== null;
      });
      if (!rows.length) return;
      var y1 = lastTime(rows);
      var rs = rows.filter(function (r) { return r[D.time] === y1; }).sort(function (a, b) {
        return b.te_bc - a.te_bc || String(a[D.id]).localeCompare(String(b[D.id]));
      });
      var alpha = +((step.params && step.params.alpha) || 0.05);
      var conf = String(Math.round((1 - alpha) * 1000) / 10);
      var lo = Math.min.apply(null, rs.map(function (r) { return r.ci_lo; }));
      var ymin = Math.max(0, Math.floor(lo * 10) / 10);
      sec.appendChild(el('h3', {}, fmt(T.bootT, {c: conf, y: y1})));
      var c = chart(sec, {
        tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, formatter: function (ps) {
          var q = Array.isArray(ps) ? ps[0] : ps, r = q && rs[q.dataIndex];
          return r ? esc(fmt(T.bootTip, {u: label(r[D.id]), t: num(r.te, 4), b: num(r.te_bc, 4), c: conf,
            lo: num(r.ci_lo, 4), hi: num(r.ci_hi, 4)})) : '';
        }},
        legend: {top: 0, data: [fmt(T.bootBar, {c: conf}), T.bootBc, T.bootTe]},
        grid: {left: 60, right: 20, top: 40, bottom: 110},
        xAxis: {type: 'category', data: rs.map(function (r) { return label(r[D.id]); }),
          axisLabel: {rotate: 90, interval: rs.length > 60 ? 'auto' : 0, fontSize: 10}},
        yAxis: {type: 'value', name: T.bootAx, min: ymin,
          max: Math.max(1, Math.ceil(Math.max.apply(null, rs.map(function (r) { return r.ci_hi; })) * 10) / 10)},
        series: [
          {name: 'base', type: 'bar', stack: 'ci', silent: true, itemStyle: {color: 'transparent'},
            data: rs.map(function (r) { return r.ci_lo; })},
          {name: fmt(T.bootBar, {c: conf}), type: 'bar', stack: 'ci', barMaxWidth: 14, itemStyle: {color: '#9ecae1'},
            data: rs.map(function (r) { return r.ci_hi - r.ci_lo; })},
          {name: T.bootBc, type: 'scatter', symbolSize: 7, itemStyle: {color: '#08519c'},
            data: rs.map(function (r) { return r.te_bc; })},
          {name: T.bootTe, type: 'scatter', symbol: 'diamond', symbolSize: 7, itemStyle: {color: '#d62728'},
            data: rs.map(function (r) { return r.te; })}
        ]
      });
      if (rs.length > 40 && c && c.getDom) { c.getDom().style.height = '520px'; c.resize(); }
      selfCheck.bootBars = (selfCheck.bootBars || 0) + rs.length;
      say(fmt(T.bootSay, {y: y1, r: (step.params && step.params.reps) || '', c: conf,
        b: num(mean(rs.map(function (r) { return r.te_bc; }))), t: num(mean(rs.map(function (r) { return r.te; }))),
        w: num(mean(rs.map(function (r) { return r.ci_hi - r.ci_lo; })))}));
      note(sec, T.bootNote, {bc: {src: 'te_bc'}, f: {src: step.name + '.csv'}, lo: {src: 'ci_lo'}, hi: {src: 'ci_hi'}});
    };
  })();
