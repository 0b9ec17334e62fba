// Converts world-atlas countries-110m (TopoJSON, ISO 3166-1 numeric ids) into GeoJSON whose
// feature names are ISO alpha-3 codes, with coordinates rounded to 0.01 degree. Antarctica is left out,
// and so are the few polygons that wrap around the antimeridian (parts of Fiji and Chukotka), which a
// flat map would draw as a band across the world.
const fs = require('fs');
const [topoPath, topojsonClient, codesPath, outPath] = process.argv.slice(2);
const topojson = require(topojsonClient);
const topo = JSON.parse(fs.readFileSync(topoPath, 'utf8'));
const codes = JSON.parse(fs.readFileSync(codesPath, 'utf8'));
const byNum = {};
for (const [a2, a3, num] of codes) byNum[num] = a3;
const fc = topojson.feature(topo, topo.objects.countries);
const round = (c) => Array.isArray(c[0]) ? c.map(round) : [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100];
const out = {type: 'FeatureCollection', features: []};
for (const f of fc.features) {
  const a3 = byNum[f.id];
  if (!a3 || !f.geometry || a3 === 'ATA') continue;
  const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).filter((p) => {
    const xs = p[0].map((c) => c[0]);
    return Math.max(...xs) - Math.min(...xs) <= 180;
  });
  out.features.push({type: 'Feature', properties: {name: a3}, geometry: {type: 'MultiPolygon', coordinates: round(polys)}});
}
fs.writeFileSync(outPath, JSON.stringify(out));
console.error(out.features.length + ' features');
