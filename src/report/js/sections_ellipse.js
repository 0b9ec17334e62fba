  /* Section part: the centre of gravity and the standard deviational ellipse (`nqpf ellipse`,
   * docs/ellipse.md): the ellipses of the first, middle and last year and the centre's path over the
   * study's map (a plain coordinate chart without a map, or for projected coordinates), the table of
   * centre, shift and ellipse by year, a sentence on the shift (distance, direction) and the change of
   * shape and rotation, and a note on the plane and the sqrt(2) factor. selfCheck.ellipse holds
   * {years: table rows, drawn: ellipses drawn, map: 1 when drawn over the map}. */
  catalogue({
    ellipse: 'Centre of gravity and standard deviational ellipse',
    elMapT: 'Standard deviational ellipses and the path of the centre of gravity',
    elTabT: 'Centre of gravity and ellipse by year',
    elPath: 'path of the centre',
    elCentre: 'centre',
    elLon: 'centre longitude (°E)',
    elLat: 'centre latitude (°N)',
    elX: 'x',
    elY: 'y',
    elShift: 'shift ({u})',
    elDir: 'direction',
    elSpeed: 'speed ({u}/year)',
    elRot: 'rotation (°)',
    elMajor: 'semi-major axis ({u})',
    elMinor: 'semi-minor axis ({u})',
    elArea: 'area ({u}²)',
    elShape: 'shape (minor/major)',
    'el.km': 'km',
    'el.deg': 'degrees',
    'el.N': 'north', 'el.NE': 'north-east', 'el.E': 'east', 'el.SE': 'south-east',
    'el.S': 'south', 'el.SW': 'south-west', 'el.W': 'west', 'el.NW': 'north-west',
    elRounder: 'rounder (the directional pattern weakened)',
    elLonger: 'more elongated (the directional pattern strengthened)',
    elSame: 'unchanged',
    elSay: 'Centre of gravity of {v}: from {t0} to {t1} it moved {d} {u} towards the {dir} (from {p0} to {p1}); the ellipse turned from {r0}° to {r1}° (long axis, clockwise from north), its shape index went from {s0} to {s1}, {shape}, and its area changed by {a}%.',
    elSayStill: 'Centre of gravity of {v}: from {t0} to {t1} it stayed at {p1}; the ellipse turned from {r0}° to {r1}° and its shape index went from {s0} to {s1}, {shape}.',
    elPoint: '{lon}°E, {lat}°N',
    elPointXY: '({x}, {y})',
    elUnweighted: 'the regions (unweighted)',
    elNote: 'From {f} (outlines in {o}): the weighted mean centre and the standard deviational ellipse of each year, computed in {plane}. The semi-axes are {corr}; the rotation is the long axis clockwise from (grid) north, as ArcGIS\'s Directional Distribution reports it. Shift and speed are straight-line distances in that plane between consecutive years\' centres.',
    'el.albers': 'the Albers equal-area conic plane (WGS 84, standard parallels {p}, central meridian {m}°E), in km',
    'el.equirectangular': 'an equirectangular plane (sphere of 6371 km, central meridian {m}°E), in km',
    'el.none': 'the coordinates as given (already projected)',
    'el.sqrt2': '√2 times the standard deviations along the axes (ArcGIS\'s one-standard-deviation ellipse)',
    'el.nocorr': 'the standard deviations along the axes, without ArcGIS\'s √2 factor'
  }, {
    ellipse: '重心与标准差椭圆',
    elMapT: '标准差椭圆与重心迁移轨迹',
    elTabT: '各年份重心与标准差椭圆参数',
    elPath: '重心迁移轨迹',
    elCentre: '重心',
    elLon: '重心经度（°E）',
    elLat: '重心纬度（°N）',
    elX: 'x',
    elY: 'y',
    elShift: '移动距离（{u}）',
    elDir: '移动方向',
    elSpeed: '移动速度（{u}/年）',
    elRot: '转角（°）',
    elMajor: '长半轴（{u}）',
    elMinor: '短半轴（{u}）',
    elArea: '面积（{u}²）',
    elShape: '形状指数（短轴/长轴）',
    'el.km': '千米',
    'el.deg': '度',
    'el.N': '北', 'el.NE': '东北', 'el.E': '东', 'el.SE': '东南',
    'el.S': '南', 'el.SW': '西南', 'el.W': '西', 'el.NW': '西北',
    elRounder: '椭圆趋于圆（方向性减弱）',
    elLonger: '椭圆更加扁长（方向性增强）',
    elSame: '形状基本不变',
    elSay: '{v}的重心：{t0}—{t1} 年向{dir}方向移动了 {d} {u}（由 {p0} 移至 {p1}）；标准差椭圆转角由 {r0}° 变为 {r1}°（长轴自正北顺时针），形状指数由 {s0} 变为 {s1}，{shape}，面积变化 {a}%。',
    elSayStill: '{v}的重心：{t0}—{t1} 年保持在 {p1}；标准差椭圆转角由 {r0}° 变为 {r1}°，形状指数由 {s0} 变为 {s1}，{shape}。',
    elPoint: '{lon}°E，{lat}°N',
    elPointXY: '（{x}，{y}）',
    elUnweighted: '各地区（不加权）',
    elNote: '数据取自 {f}（椭圆轮廓见 {o}）：各年份的加权平均中心（重心）与标准差椭圆，在{plane}中计算。半轴为{corr}；转角为长轴自（格网）正北顺时针的角度，与 ArcGIS“方向分布”工具一致。移动距离与速度为相邻年份重心在该平面上的直线距离。',
    'el.albers': 'Albers 等积圆锥投影平面（WGS 84，标准纬线 {p}，中央经线 {m}°E，单位千米）',
    'el.equirectangular': '等距圆柱投影平面（半径 6371 千米的球面，中央经线 {m}°E，单位千米）',
    'el.none': '原始（已投影）坐标平面',
    'el.sqrt2': '沿两轴标准差的 √2 倍（ArcGIS 的“一个标准差”椭圆）',
    'el.nocorr': '沿两轴的标准差（不乘 ArcGIS 的 √2 因子）'
  });

  renderers.ellipse = function (step, sec) {
    var tab = step.tables && step.tables.main;
    if (!tab) return;
    var rows = rowsOf(tab);
    if (!rows.length) return;
    var prm = step.params || {}, unit = rows[0].unit === 'deg' ? 'deg' : 'km', ul = T['el.' + unit];
    var geo = rows[0].centre_lon !== null && rows[0].centre_lon !== undefined && !isNaN(rows[0].centre_lon);
    var n = rows.length, pick = [0, (n - 1) >> 1, n - 1].filter(function (v, i, a) { return a.indexOf(v) === i; });
    var outl = step.tables.outline ? rowsOf(step.tables.outline) : [];
    var byYear = {};
    outl.forEach(function (r) { (byYear[r[D.time]] = byYear[r[D.time]] || []).push(geo ? [r.lon, r.lat] : [r.x, r.y]); });
    var colors = ['#2b6cb0', '#38a169', '#c05621'];
    var onMap = !!(D.map && geo);
    var series = [], drawnN = 0;
    pick.forEach(function (k, i) {
      var t = rows[k][D.time], pts = byYear[t];
      if (!pts || !pts.length) return;
      pts = pts.concat([pts[0]]);
      drawnN++;
      series.push(onMap
        ? {type: 'lines', coordinateSystem: 'geo', polyline: true, name: String(t), color: colors[i], silent: true,
          lineStyle: {color: colors[i], width: 2, opacity: 0.9}, data: [{coords: pts}]}
        : {type: 'line', name: String(t), color: colors[i], showSymbol: false, lineStyle: {width: 2}, data: pts});
    });
    var path = rows.map(function (r) { return geo ? [r.centre_lon, r.centre_lat] : [r.centre_x, r.centre_y]; });
    var pathName = T.elPath;
    series.push(onMap
      ? {type: 'lines', coordinateSystem: 'geo', polyline: true, name: pathName, color: '#c53030', silent: true,
        lineStyle: {color: '#c53030', width: 1.5, type: 'dashed'}, data: [{coords: path}]}
      : {type: 'line', name: pathName, color: '#c53030', lineStyle: {type: 'dashed', width: 1.5}, symbolSize: 4, data: path});
    series.push({type: 'scatter', name: T.elCentre, color: '#c53030', symbolSize: 6,
      coordinateSystem: onMap ? 'geo' : undefined,
      data: rows.map(function (r, i) { return {value: path[i], name: String(r[D.time])}; }),
      label: {show: true, fontSize: 9, position: 'right', formatter: function (p) {
        return pick.indexOf(p.dataIndex) >= 0 ? p.name : '';
      }}});
    var legend = {top: 28, data: pick.filter(function (k) { return byYear[rows[k][D.time]]; })
      .map(function (k) { return String(rows[k][D.time]); }).concat([pathName, T.elCentre])};
    var tip = {trigger: 'item', formatter: function (p) {
      if (p.seriesType !== 'scatter') return esc(p.seriesName);
      var v = p.value;
      return esc(p.name) + ': ' + (geo ? fmt(T.elPoint, {lon: num(v[0], 3), lat: num(v[1], 3)})
        : fmt(T.elPointXY, {x: num(v[0], 1), y: num(v[1], 1)}));
    }};
    sec.appendChild(el('h3', {}, T.elMapT));
    if (onMap) {
      ensureMap(D.map.geo);
      chart(sec, {tooltip: tip, legend: legend,
        geo: {map: D.map.geo, roam: true, nameProperty: D.map.key || 'name', top: 60, silent: true,
          itemStyle: {areaColor: '#eeeeee', borderColor: '#9aa5b1', borderWidth: 0.4}},
        series: series}, 'map');
    } else {
      chart(sec, {tooltip: tip, legend: legend, grid: {top: 70, left: 70, right: 30, bottom: 50},
        xAxis: {type: 'value', scale: true, name: geo ? T.elLon : T.elX, nameLocation: 'middle', nameGap: 28},
        yAxis: {type: 'value', scale: true, name: geo ? T.elLat : T.elY},
        series: series});
    }
    /* the table */
    sec.appendChild(el('h3', {}, T.elTabT));
    var dirName = function (r) { return r.direction ? T['el.' + r.direction] : ''; };
    var heads = [varLabel(D.time), geo ? T.elLon : T.elX, geo ? T.elLat : T.elY, fmt(T.elShift, {u: ul}), T.elDir,
      fmt(T.elSpeed, {u: ul}), T.elRot, fmt(T.elMajor, {u: ul}), fmt(T.elMinor, {u: ul}), fmt(T.elArea, {u: ul}), T.elShape];
    var body = rows.map(function (r) {
      return [r[D.time], geo ? r.centre_lon : r.centre_x, geo ? r.centre_lat : r.centre_y, r.shift, dirName(r), r.speed,
        r.rotation, r.sd_major, r.sd_minor, r.area, r.shape];
    });
    table(sec, heads, body, 0, ['int', 'idx', 'idx', 'idx', 'txt', 'idx', 'idx', 'idx', 'idx', 'idx', 'idx']);
    selfCheck.ellipse = {years: body.length, drawn: drawnN, map: onMap ? 1 : 0};
    /* the sentence */
    var a = rows[0], b = rows[n - 1], dx = b.centre_x - a.centre_x, dy = b.centre_y - a.centre_y;
    var dist = Math.sqrt(dx * dx + dy * dy), bear = (Math.atan2(dx, dy) * 180 / Math.PI + 360) % 360;
    var dirs = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'], dir = dirs[Math.floor((bear + 22.5) / 45) % 8];
    var pt = function (r) {
      return geo ? fmt(T.elPoint, {lon: num(r.centre_lon, 2), lat: num(r.centre_lat, 2)})
        : fmt(T.elPointXY, {x: num(r.centre_x, 1), y: num(r.centre_y, 1)});
    };
    var ds = b.shape - a.shape, shape = Math.abs(ds) < 0.005 ? T.elSame : ds > 0 ? T.elRounder : T.elLonger;
    var vals = {v: prm['var'] ? varLabel(prm['var']) : T.elUnweighted, t0: a[D.time], t1: b[D.time],
      d: num(dist, unit === 'km' ? 1 : 3), u: ul, dir: T['el.' + dir], p0: pt(a), p1: pt(b), r0: num(a.rotation, 1),
      r1: num(b.rotation, 1), s0: num(a.shape, 3), s1: num(b.shape, 3), shape: shape,
      a: num(100 * (b.area / a.area - 1), 1)};
    say(fmt(n > 1 && dist > 0 ? T.elSay : T.elSayStill, vals));
    /* the note */
    var proj = prm.projection || 'albers', par = [].concat(prm.parallels || [25, 47]).join(', ');
    note(sec, T.elNote, {f: {src: step.name + '.csv'}, o: {src: step.name + '_outline.csv'},
      plane: fmt(T['el.' + proj], {p: par, m: String(prm.meridian === undefined ? 105 : prm.meridian)}),
      corr: prm.correction === 'none' ? T['el.nocorr'] : T['el.sqrt2']});
  };
