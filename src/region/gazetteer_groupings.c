/* Built-in regional groupings of China's provinces and cities, each from its official source (the
 * sources, conventions and limits are in docs/regions.md). Members are GB/T 2260 codes, so that data
 * naming a unit 北京市, 北京, Beijing or 110000 all find their group through the gazetteer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer_internal.h"
#include "nqpf/error.h"
#include "nqpf/join.h"
#include "../util/util.h"

typedef struct gdef {
    const char *zh, *en;
    const char *codes; /* space-separated GB/T 2260 codes */
} gdef;

typedef struct grouping_def {
    nqpf_grouping info;
    gdef groups[5];
} grouping_def;

static const grouping_def defs[] = {
    {{"nbs4", "东部、中部、西部和东北地区", "NBS four regions", "国家统计局《东西中部和东北地区划分方法》(2011)",
      NQPF_GAZ_PROVINCE},
     {{"东部", "East", "110000 120000 130000 310000 320000 330000 350000 370000 440000 460000"},
      {"中部", "Central", "140000 340000 360000 410000 420000 430000"},
      {"西部", "West", "150000 450000 500000 510000 520000 530000 540000 610000 620000 630000 640000 650000"},
      {"东北", "Northeast", "210000 220000 230000"}}},
    {{"belts3", "东部、中部、西部三大地带", "Three economic belts (1986)",
      "第六届全国人民代表大会第四次会议《中华人民共和国国民经济和社会发展第七个五年计划》(1986)；海南 (1988 年建省) 随广东归东部，重庆 (1997 年设直辖市) 随四川归西部",
      NQPF_GAZ_PROVINCE},
     {{"东部", "East", "110000 120000 130000 210000 310000 320000 330000 350000 370000 440000 450000 460000"},
      {"中部", "Central", "140000 150000 220000 230000 340000 360000 410000 420000 430000"},
      {"西部", "West", "500000 510000 520000 530000 540000 610000 620000 630000 640000 650000"}}},
    {{"north_south", "南方和北方 (秦岭—淮河线，按省)", "North and South (Qinling-Huaihe line, by province)",
      "秦岭—淮河线按省划分的通行口径 (如盛来运等《我国经济发展南北差距扩大的原因分析》，管理世界 2018 年第 9 期)：跨线的江苏、安徽归南方，河南、陕西归北方",
      NQPF_GAZ_PROVINCE},
     {{"北方", "North",
       "110000 120000 130000 140000 150000 210000 220000 230000 370000 410000 610000 620000 630000 640000 650000"},
      {"南方", "South",
       "310000 320000 330000 340000 350000 360000 420000 430000 440000 450000 460000 500000 510000 520000 530000 540000"}}},
    {{"yangtze", "长江经济带", "Yangtze River Economic Belt",
      "国务院《关于依托黄金水道推动长江经济带发展的指导意见》(国发〔2014〕39号, 2014)；上中下游按省划分的通行口径",
      NQPF_GAZ_PROVINCE},
     {{"下游", "Lower reaches", "310000 320000 330000 340000"},
      {"中游", "Middle reaches", "360000 420000 430000"},
      {"上游", "Upper reaches", "500000 510000 520000 530000"}}},
    {{"yellow_river", "黄河流域", "Yellow River basin",
      "中共中央、国务院《黄河流域生态保护和高质量发展规划纲要》(2021)", NQPF_GAZ_PROVINCE},
     {{"黄河流域", "Yellow River basin", "140000 150000 370000 410000 510000 610000 620000 630000 640000"}}},
    {{"jjj", "京津冀", "Beijing-Tianjin-Hebei",
      "中共中央政治局《京津冀协同发展规划纲要》(2015)：北京、天津和河北省 11 个设区市", NQPF_GAZ_PREFECTURE},
     {{"京津冀", "Beijing-Tianjin-Hebei",
       "110000 120000 130100 130200 130300 130400 130500 130600 130700 130800 130900 131000 131100"}}},
    {{"yrd", "长江三角洲中心区 (27 城)", "Yangtze River Delta central area (27 cities)",
      "中共中央、国务院《长江三角洲区域一体化发展规划纲要》(2019)", NQPF_GAZ_PREFECTURE},
     {{"长三角中心区", "YRD central area",
       "310000 320100 320200 320400 320500 320600 321000 321100 320900 321200 330100 330200 330300 330500 330400 "
       "330600 330700 330900 331000 340100 340200 340500 340700 340800 341100 341700 341800"}}},
    {{"yrd41", "长江三角洲 (三省一市 41 城)", "Yangtze River Delta (three provinces and Shanghai, 41 cities)",
      "中共中央、国务院《长江三角洲区域一体化发展规划纲要》(2019)：规划范围上海市、江苏省、浙江省、安徽省全域",
      NQPF_GAZ_PREFECTURE},
     {{"上海", "Shanghai", "310000"},
      {"江苏", "Jiangsu", "320100 320200 320300 320400 320500 320600 320700 320800 320900 321000 321100 321200 321300"},
      {"浙江", "Zhejiang", "330100 330200 330300 330400 330500 330600 330700 330800 330900 331000 331100"},
      {"安徽", "Anhui",
       "340100 340200 340300 340400 340500 340600 340700 340800 341000 341100 341200 341300 341500 341600 341700 "
       "341800"}}},
    {{"prd", "珠江三角洲 (9 城)", "Pearl River Delta (9 cities)",
      "国家发展和改革委员会《珠江三角洲地区改革发展规划纲要 (2008—2020年)》(2008)", NQPF_GAZ_PREFECTURE},
     {{"珠三角", "Pearl River Delta", "440100 440300 440400 440600 440700 441900 442000 441300 441200"}}},
    {{"jiangsu3", "苏南、苏中、苏北", "Southern, Central and Northern Jiangsu",
      "江苏省统计局《江苏统计年鉴》分区口径 (苏南 5 市、苏中 3 市、苏北 5 市)", NQPF_GAZ_PREFECTURE},
     {{"苏南", "Southern Jiangsu", "320100 320200 320400 320500 321100"},
      {"苏中", "Central Jiangsu", "320600 321000 321200"},
      {"苏北", "Northern Jiangsu", "320300 320700 320800 320900 321300"}}},
};

#define NDEFS (sizeof defs / sizeof defs[0])

size_t nqpf_gazetteer_groupings(void) { return NDEFS; }

const nqpf_grouping *nqpf_gazetteer_grouping(size_t i) { return i < NDEFS ? &defs[i].info : NULL; }

static const grouping_def *find_def(const char *key, size_t len)
{
    for (size_t i = 0; i < NDEFS; i++)
        if (strlen(defs[i].info.key) == len && strncmp(defs[i].info.key, key, len) == 0)
            return &defs[i];
    return NULL;
}

const nqpf_grouping *nqpf_gazetteer_grouping_find(const char *key)
{
    const grouping_def *d = key ? find_def(key, strlen(key)) : NULL;
    return d ? &d->info : NULL;
}

/* Does the space-separated code list @p codes hold @p code? */
static int has_code(const char *codes, long code)
{
    char want[16];
    snprintf(want, sizeof want, "%06ld", code);
    for (const char *p = codes; *p;) {
        while (*p == ' ')
            p++;
        if (strncmp(p, want, 6) == 0 && (p[6] == ' ' || p[6] == 0))
            return 1;
        while (*p && *p != ' ')
            p++;
    }
    return 0;
}

const char *nqpf_gazetteer_group_of(const char *key, long code, int english)
{
    const grouping_def *d = key ? find_def(key, strlen(key)) : NULL;
    for (size_t g = 0; d && g < sizeof d->groups / sizeof d->groups[0] && d->groups[g].zh; g++)
        if (has_code(d->groups[g].codes, code))
            return english ? d->groups[g].en : d->groups[g].zh;
    return NULL;
}

/* "nbs4, belts3, ..." for messages. */
static void list_keys(char *buf, size_t size)
{
    size_t k = 0;
    buf[0] = 0;
    for (size_t i = 0; i < NDEFS && k < size; i++)
        k += (size_t)snprintf(buf + k, size - k, "%s%s", i ? ", " : "", defs[i].info.key);
}

int nqpf_groupmap_builtin(nqpf_groupmap **out, const char *spec)
{
    *out = NULL;
    const char *colon = spec ? strchr(spec, ':') : NULL;
    size_t len = spec ? (colon ? (size_t)(colon - spec) : strlen(spec)) : 0;
    const grouping_def *d = spec ? find_def(spec, len) : NULL;
    char keys[256];
    if (!d || (colon && strcmp(colon, ":en") != 0 && strcmp(colon, ":zh") != 0)) {
        list_keys(keys, sizeof keys);
        return nqpf_error_set(NQPF_EUSAGE,
                              "unknown built-in grouping '%s': expected one of %s, optionally followed by :en for "
                              "English group labels (nbs4:en)",
                              spec ? spec : "", keys);
    }
    int english = colon && strcmp(colon, ":en") == 0;
    nqpf_groupmap *m = NULL;
    int rc = nqpf_groupmap_new(&m);
    for (size_t g = 0; !rc && g < sizeof d->groups / sizeof d->groups[0] && d->groups[g].zh; g++) {
        for (const char *p = d->groups[g].codes; *p && !rc;) {
            while (*p == ' ')
                p++;
            char code[8];
            size_t k = 0;
            while (*p && *p != ' ' && k + 1 < sizeof code)
                code[k++] = *p++;
            code[k] = 0;
            if (k)
                rc = nqpf_groupmap_add(m, code, english ? d->groups[g].en : d->groups[g].zh, d->info.key);
        }
    }
    if (rc) {
        nqpf_groupmap_free(m);
        return rc;
    }
    *out = m;
    return NQPF_OK;
}
