/* The gazetteer (include/nqpf/gazetteer.h): its contents checked against the published counts and
 * codes of the division list (Ministry of Civil Affairs, 中华人民共和国行政区划简册 2021: 34
 * provincial units; 333 prefecture-level units = 293 cities + 7 prefectures + 30 autonomous
 * prefectures + 3 leagues), lookups by code, full, short and English names, and matching of region
 * ids to target keys with the majority-level rule (吉林) and the unmatched-names message. The
 * expected codes are typed here from GB/T 2260 (the MCA code list), not read from the data file. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/gazetteer.h"
#include "nqpf/join.h"
#include "nqpf/spatial.h"

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static void test_counts(void **state)
{
    (void)state;
    size_t prov = 0, pref = 0, city = 0, diqu = 0, zizhizhou = 0, meng = 0;
    for (size_t i = 0; i < nqpf_gazetteer_count(); i++) {
        const nqpf_division *d = nqpf_gazetteer_at(i);
        assert_non_null(d);
        assert_true(d->code >= 110000 && d->code <= 829999);
        if (d->level == NQPF_GAZ_PROVINCE) {
            prov++;
            assert_int_equal(d->code % 10000, 0);
            assert_int_equal(d->parent, 0);
        } else {
            /* the parent is the province of the code's first two digits */
            assert_int_equal(d->parent, d->code / 10000 * 10000);
            assert_non_null(nqpf_gazetteer_code(d->parent));
        }
        if (d->level == NQPF_GAZ_PREFECTURE) {
            pref++;
            city += ends_with(d->name, "市");
            diqu += ends_with(d->name, "地区");
            zizhizhou += ends_with(d->name, "自治州");
            meng += ends_with(d->name, "盟");
        }
    }
    assert_null(nqpf_gazetteer_at(nqpf_gazetteer_count()));
    assert_int_equal(prov, 34);
    assert_int_equal(pref, 333);
    assert_int_equal(city, 293);
    assert_int_equal(diqu, 7);
    assert_int_equal(zizhizhou, 30);
    assert_int_equal(meng, 3);
}

/* One lookup that must name exactly one division with this code. */
static void expect_code(const char *text, int level, long code)
{
    const nqpf_division *d[4];
    size_t n = nqpf_gazetteer_lookup(text, level, d, 4);
    if (n != 1)
        fail_msg("'%s': %zu divisions, expected 1 (%ld)", text, n, code);
    if (d[0]->code != code)
        fail_msg("'%s': code %ld, expected %ld", text, d[0]->code, code);
}

static void test_lookup(void **state)
{
    (void)state;
    /* full, short, English (any case, spaces), code as text */
    const char *beijing[] = {"北京市", "北京", "Beijing", "BEIJING", " beijing ", "110000", "北京\xe3\x80\x80"};
    for (size_t i = 0; i < sizeof beijing / sizeof *beijing; i++)
        expect_code(beijing[i], NQPF_GAZ_ANY, 110000);
    const char *nmg[] = {"内蒙古自治区", "内蒙古", "Inner Mongolia", "innermongolia", "Inner-Mongolia", "150000"};
    for (size_t i = 0; i < sizeof nmg / sizeof *nmg; i++)
        expect_code(nmg[i], NQPF_GAZ_ANY, 150000);
    expect_code("Tibet", NQPF_GAZ_ANY, 540000);
    expect_code("Xizang", NQPF_GAZ_ANY, 540000);
    expect_code("西藏自治区", NQPF_GAZ_ANY, 540000);
    expect_code("Shaanxi", NQPF_GAZ_ANY, 610000);
    expect_code("Shanxi", NQPF_GAZ_ANY, 140000);
    expect_code("Hong Kong", NQPF_GAZ_ANY, 810000);
    expect_code("Macao", NQPF_GAZ_ANY, 820000);
    expect_code("Macau", NQPF_GAZ_ANY, 820000);
    expect_code("台湾", NQPF_GAZ_ANY, 710000);
    expect_code("广西壮族自治区", NQPF_GAZ_ANY, 450000);
    expect_code("宁夏", NQPF_GAZ_ANY, 640000);
    expect_code("新疆维吾尔自治区", NQPF_GAZ_ANY, 650000);
    /* cities and prefectures: GB/T 2260 codes */
    expect_code("苏州市", NQPF_GAZ_ANY, 320500);
    expect_code("苏州", NQPF_GAZ_ANY, 320500);
    expect_code("宿州", NQPF_GAZ_ANY, 341300);
    expect_code("延边朝鲜族自治州", NQPF_GAZ_ANY, 222400);
    expect_code("延边", NQPF_GAZ_ANY, 222400);
    expect_code("恩施", NQPF_GAZ_ANY, 422800);
    expect_code("海西", NQPF_GAZ_ANY, 632800);
    expect_code("六盘水", NQPF_GAZ_ANY, 520200);
    expect_code("锡林郭勒盟", NQPF_GAZ_ANY, 152500);
    expect_code("阿克苏地区", NQPF_GAZ_ANY, 652900);
    expect_code("Xi'an", NQPF_GAZ_ANY, 610100);
    expect_code("Xian", NQPF_GAZ_ANY, 610100);
    expect_code("Urumqi", NQPF_GAZ_ANY, 650100);
    expect_code("Nanjing", NQPF_GAZ_ANY, 320100);
    expect_code("济源", NQPF_GAZ_ANY, 419001);
    /* 吉林 and 海南 are a province and a prefecture; a level picks one */
    assert_int_equal(nqpf_gazetteer_lookup("吉林", NQPF_GAZ_ANY, NULL, 0), 2);
    expect_code("吉林", NQPF_GAZ_PROVINCE, 220000);
    expect_code("吉林", NQPF_GAZ_PREFECTURE, 220200);
    expect_code("吉林市", NQPF_GAZ_ANY, 220200);
    expect_code("吉林省", NQPF_GAZ_ANY, 220000);
    expect_code("海南", NQPF_GAZ_PROVINCE, 460000);
    expect_code("海南", NQPF_GAZ_PREFECTURE, 632500);
    /* English homonyms: 苏州 and 宿州, 福州 and 抚州, 泰州 and 台州 */
    assert_int_equal(nqpf_gazetteer_lookup("Suzhou", NQPF_GAZ_ANY, NULL, 0), 2);
    assert_int_equal(nqpf_gazetteer_lookup("Fuzhou", NQPF_GAZ_ANY, NULL, 0), 2);
    assert_int_equal(nqpf_gazetteer_lookup("Taizhou", NQPF_GAZ_ANY, NULL, 0), 2);
    /* unknown texts and non-codes */
    assert_int_equal(nqpf_gazetteer_lookup("北平", NQPF_GAZ_ANY, NULL, 0), 0);
    assert_int_equal(nqpf_gazetteer_lookup("110000.0", NQPF_GAZ_ANY, NULL, 0), 0);
    assert_int_equal(nqpf_gazetteer_lookup("11000", NQPF_GAZ_ANY, NULL, 0), 0);
    assert_int_equal(nqpf_gazetteer_lookup("", NQPF_GAZ_ANY, NULL, 0), 0);
    assert_int_equal(nqpf_gazetteer_lookup(NULL, NQPF_GAZ_ANY, NULL, 0), 0);
    /* short names */
    assert_string_equal(nqpf_gazetteer_shortname("内蒙古自治区"), "内蒙古");
    assert_string_equal(nqpf_gazetteer_shortname("Beijing"), "北京");
    assert_string_equal(nqpf_gazetteer_shortname("110000"), "北京");
    assert_string_equal(nqpf_gazetteer_shortname("吉林"), "吉林");
    assert_string_equal(nqpf_gazetteer_shortname("延边朝鲜族自治州"), "延边");
    assert_string_equal(nqpf_gazetteer_shortname("黔东南苗族侗族自治州"), "黔东南");
    assert_null(nqpf_gazetteer_shortname("Suzhou"));
    assert_null(nqpf_gazetteer_shortname("nowhere"));
}

/* Short names are unique within a level (吉林 and 海南 repeat only across levels). */
static void test_short_unique(void **state)
{
    (void)state;
    size_t n = nqpf_gazetteer_count();
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            const nqpf_division *a = nqpf_gazetteer_at(i), *b = nqpf_gazetteer_at(j);
            assert_true(a->code != b->code);
            if (a->level == b->level && strcmp(a->short_name, b->short_name) == 0)
                fail_msg("short name %s twice (%ld, %ld)", a->short_name, a->code, b->code);
        }
}

/* The 31 mainland provinces' full names, as in the statistical yearbooks. */
static const char *const FULL31[] = {
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省", "浙江省",
    "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市",
    "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区"};
/* ... their short names in another order (as a map's feature names) */
static const char *const SHORT34[] = {
    "台湾", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西",
    "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "四川", "贵州", "云南", "西藏", "陕西",
    "甘肃", "青海", "宁夏", "新疆", "北京", "天津", "上海", "重庆", "香港", "澳门"};
/* ... English */
static const char *const EN31[] = {
    "Beijing", "Tianjin", "Hebei", "Shanxi", "Inner Mongolia", "Liaoning", "Jilin", "Heilongjiang", "Shanghai",
    "Jiangsu", "Zhejiang", "Anhui", "Fujian", "Jiangxi", "Shandong", "Henan", "Hubei", "Hunan", "Guangdong",
    "Guangxi", "Hainan", "Chongqing", "Sichuan", "Guizhou", "Yunnan", "Tibet", "Shaanxi", "Gansu", "Qinghai",
    "Ningxia", "Xinjiang"};
/* ... codes */
static const char *const CODE31[] = {"110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000",
                                     "310000", "320000", "330000", "340000", "350000", "360000", "370000", "410000",
                                     "420000", "430000", "440000", "450000", "460000", "500000", "510000", "520000",
                                     "530000", "540000", "610000", "620000", "630000", "640000", "650000"};

static void test_match_provinces(void **state)
{
    (void)state;
    const char *const *lists[] = {FULL31, EN31, CODE31};
    for (size_t l = 0; l < 3; l++) {
        nqpf_region_match_result r;
        assert_int_equal(nqpf_region_match(&r, lists[l], 31, SHORT34, 34, "the China map"), NQPF_OK);
        assert_int_equal(r.level, NQPF_GAZ_PROVINCE);
        assert_int_equal(r.nunmatched, 0);
        assert_null(r.message);
        for (size_t i = 0; i < 31; i++) {
            /* the target's short name is the full name without its suffix (typed list above) */
            const char *target = SHORT34[r.target[i]];
            assert_true(strncmp(FULL31[i], target, strlen(target)) == 0);
            assert_non_null(r.division[i]);
        }
        nqpf_region_match_free(&r);
    }
    /* exact text wins and is counted */
    nqpf_region_match_result r;
    assert_int_equal(nqpf_region_match(&r, SHORT34, 34, SHORT34, 34, "x"), NQPF_OK);
    assert_int_equal(r.nexact, 34);
    for (size_t i = 0; i < 34; i++)
        assert_int_equal(r.target[i], i);
    nqpf_region_match_free(&r);
}

static void test_match_jilin(void **state)
{
    (void)state;
    /* in a province list, 吉林 is the province: it matches 吉林省 */
    const char *prov[] = {"吉林", "辽宁", "黑龙江"};
    const char *prov_t[] = {"黑龙江省", "吉林市", "辽宁省", "吉林省"};
    nqpf_region_match_result r;
    assert_int_equal(nqpf_region_match(&r, prov, 3, prov_t, 4, "t"), NQPF_OK);
    assert_int_equal(r.level, NQPF_GAZ_PROVINCE);
    assert_int_equal(r.target[0], 3);
    assert_int_equal(r.division[0]->code, 220000);
    nqpf_region_match_free(&r);
    /* in a city list, 吉林 is the city: it matches 220200 */
    const char *city[] = {"长春", "吉林", "四平", "延边"};
    const char *city_t[] = {"220000", "220100", "220200", "220300", "222400"};
    assert_int_equal(nqpf_region_match(&r, city, 4, city_t, 5, "t"), NQPF_OK);
    assert_int_equal(r.level, NQPF_GAZ_PREFECTURE);
    assert_int_equal(r.target[0], 1);
    assert_int_equal(r.target[1], 2);
    assert_int_equal(r.target[2], 3);
    assert_int_equal(r.target[3], 4);
    assert_int_equal(r.nunmatched, 0);
    nqpf_region_match_free(&r);
    /* a municipality in a city list (北京 is only a province) still matches */
    const char *mixed[] = {"北京市", "石家庄市", "唐山市"};
    const char *mixed_t[] = {"北京", "石家庄", "唐山"};
    assert_int_equal(nqpf_region_match(&r, mixed, 3, mixed_t, 3, "t"), NQPF_OK);
    assert_int_equal(r.level, NQPF_GAZ_PREFECTURE);
    assert_int_equal(r.nunmatched, 0);
    assert_int_equal(r.target[0], 0);
    nqpf_region_match_free(&r);
}

static void test_match_message(void **state)
{
    (void)state;
    const char *ids[] = {"北京市", "北平", "Suzhou", "Shanghia", NULL, "天津"};
    const char *t[] = {"北京", "天津", "上海"};
    nqpf_region_match_result r;
    assert_int_equal(nqpf_region_match(&r, ids, 6, t, 3, "the China map"), NQPF_OK);
    assert_int_equal(r.nunmatched, 3);
    assert_int_equal(r.target[0], 0);
    assert_int_equal(r.target[5], 1);
    assert_int_equal(r.target[1], (size_t)-1);
    assert_int_equal(r.target[4], (size_t)-1);
    assert_non_null(r.message);
    assert_non_null(strstr(r.message, "3 of 5 names not found in the China map: '北平' (closest: 北京), "));
    assert_non_null(strstr(r.message, "'Suzhou' (ambiguous: 苏州市 320500, 宿州市 341300; use the code"));
    assert_non_null(strstr(r.message, "'Shanghia' (closest: Shanghai"));
    assert_null(strchr(r.message, '\n'));
    nqpf_region_match_free(&r);
    /* a long list is cut after 12 names */
    const char *many[20];
    char buf[20][8];
    for (int i = 0; i < 20; i++) {
        snprintf(buf[i], sizeof buf[i], "z%d", i);
        many[i] = buf[i];
    }
    assert_int_equal(nqpf_region_match(&r, many, 20, t, 3, "g.csv"), NQPF_OK);
    assert_non_null(strstr(r.message, "20 of 20 names not found in g.csv"));
    assert_non_null(strstr(r.message, " and 8 more"));
    assert_non_null(strstr(r.message, "'z0' (no similar name)"));
    nqpf_region_match_free(&r);
}


/* ---- joins through the gazetteer ------------------------------------------------------------ */

/* A panel of the 31 provinces named by @p names (one year, y = position). */
static nqpf_panel *province_panel(const char *const *names)
{
    char csv[8192];
    size_t k = (size_t)snprintf(csv, sizeof csv, "id,year,y\n");
    for (size_t i = 0; i < 31; i++)
        k += (size_t)snprintf(csv + k, sizeof csv - k, "%s,2020,%zu\n", names[i], i + 1);
    return tu_panel_from_text(csv, "id", "year");
}

/* The group of each province, in FULL31 order, from a map keyed by short names. */
static void test_groupmap_names(void **state)
{
    (void)state;
    /* NBS 2011 four regions typed by short name (the map's keys), as the example study lists them */
    static const char *const east[] = {"北京", "天津", "河北", "上海", "江苏", "浙江", "福建", "山东", "广东", "海南"};
    static const char *const northeast[] = {"辽宁", "吉林", "黑龙江"};
    nqpf_groupmap *m = NULL;
    assert_int_equal(nqpf_groupmap_new(&m), NQPF_OK);
    for (size_t i = 0; i < 10; i++)
        assert_int_equal(nqpf_groupmap_add(m, east[i], "E", NULL), NQPF_OK);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(nqpf_groupmap_add(m, northeast[i], "NE", NULL), NQPF_OK);
    const char *const *lists[] = {FULL31, EN31, CODE31};
    const char **want = NULL;
    for (size_t l = 0; l < 3; l++) {
        nqpf_panel *p = province_panel(lists[l]);
        const char **lab = NULL;
        assert_int_equal(nqpf_groupmap_labels(m, p, &lab), NQPF_OK);
        /* the panel sorts its units; compare through each unit's position y */
        const char *byrow[31] = {NULL};
        const nqpf_table *t = nqpf_panel_table(p);
        size_t jy = nqpf_table_find(t, "y");
        for (size_t i = 0; i < 31; i++)
            byrow[(size_t)nqpf_table_cnum(t, jy)[i] - 1] = lab[i];
        if (l == 0) {
            want = malloc(31 * sizeof *want);
            memcpy(want, byrow, sizeof byrow);
            assert_string_equal(want[0], "E");  /* 北京市 */
            assert_string_equal(want[6], "NE"); /* 吉林省 */
            assert_null(want[3]);               /* 山西省: not in the map */
        } else {
            for (size_t i = 0; i < 31; i++)
                if ((want[i] == NULL) != (byrow[i] == NULL) || (want[i] && strcmp(want[i], byrow[i]) != 0))
                    fail_msg("%s: group %s, expected %s", lists[l][i], byrow[i] ? byrow[i] : "(none)",
                             want[i] ? want[i] : "(none)");
        }
        free((void *)lab);
        nqpf_panel_free(p);
    }
    /* single lookups */
    assert_string_equal(nqpf_groupmap_find(m, "北京市"), "E");
    assert_string_equal(nqpf_groupmap_find(m, "Heilongjiang"), "NE");
    assert_string_equal(nqpf_groupmap_find(m, "320000"), "E");
    /* a city takes its province's group when the map has no row for it */
    assert_string_equal(nqpf_groupmap_find(m, "苏州市"), "E");
    assert_string_equal(nqpf_groupmap_find(m, "延边朝鲜族自治州"), "NE");
    assert_null(nqpf_groupmap_find(m, "太原市"));
    assert_null(nqpf_groupmap_find(m, "北平"));
    free(want);
    nqpf_groupmap_free(m);
}

/* 吉林 in a panel of cities is the city 220200, whose province 吉林省 is in 东北 of nbs4. */
static void test_groupmap_city_panel(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text("id,year,y\n吉林,2020,1\n长春,2020,2\n苏州,2020,3\n海南,2020,4\n", "id", "year");
    nqpf_groupmap *m = NULL;
    assert_int_equal(nqpf_groupmap_builtin(&m, "nbs4"), NQPF_OK);
    const char **lab = NULL;
    assert_int_equal(nqpf_groupmap_labels(m, p, &lab), NQPF_OK);
    const nqpf_table *t = nqpf_panel_table(p);
    size_t jy = nqpf_table_find(t, "y");
    const char *want[] = {"东北", "东北", "东部", "西部"}; /* 海南 among cities: 海南藏族自治州, Qinghai */
    for (size_t i = 0; i < 4; i++) {
        size_t k = (size_t)nqpf_table_cnum(t, jy)[i] - 1;
        assert_non_null(lab[i]);
        assert_string_equal(lab[i], want[k]);
    }
    free((void *)lab);
    nqpf_panel_free(p);
    nqpf_groupmap_free(m);
}

/* An edge list keyed by short names (examples/china-provinces/contiguity.csv style) links data
 * keyed by full names, English names or codes exactly as data keyed by short names. */
static void test_weights_names(void **state)
{
    (void)state;
    nqpf_table *e = tu_read(tu_write_tmp("edges.csv", "from,to\n北京,天津\n北京,河北\n天津,北京\n天津,河北\n河北,北京\n"
                                                      "河北,天津\n河北,山西\n山西,河北\n上海,江苏\n江苏,上海\n"));
    const char *shortn[] = {"北京", "天津", "河北", "山西", "上海", "江苏"};
    const char *full[] = {"北京市", "天津市", "河北省", "山西省", "上海市", "江苏省"};
    const char *en[] = {"Beijing", "Tianjin", "Hebei", "Shanxi", "Shanghai", "Jiangsu"};
    const char *code[] = {"110000", "120000", "130000", "140000", "310000", "320000"};
    const char **lists[] = {shortn, full, en, code};
    nqpf_weights *ref = NULL;
    assert_int_equal(nqpf_weights_from_edges(&ref, e, shortn, 6, NULL), NQPF_OK);
    for (size_t l = 1; l < 4; l++) {
        nqpf_weights *w = NULL;
        assert_int_equal(nqpf_weights_from_edges(&w, e, lists[l], 6, NULL), NQPF_OK);
        assert_int_equal(nqpf_weights_islands(w), 0);
        for (size_t i = 0; i < 6; i++) {
            const size_t *n1, *n2;
            const double *w1, *w2;
            size_t k1 = nqpf_weights_row(ref, i, &n1, &w1), k2 = nqpf_weights_row(w, i, &n2, &w2);
            assert_int_equal(k1, k2);
            for (size_t k = 0; k < k1; k++) {
                assert_int_equal(n1[k], n2[k]);
                tu_assert_close(w1[k], w2[k], 0, 0, "weight");
            }
        }
        nqpf_weights_free(w);
    }
    /* the shape by hand: 河北 has 北京, 天津, 山西 */
    const size_t *nb;
    const double *wt;
    assert_int_equal(nqpf_weights_row(ref, 2, &nb, &wt), 3);
    nqpf_weights_free(ref);
    /* 北京 and 北京市 in one link are the same unit */
    nqpf_table *self = tu_read(tu_write_tmp("self.csv", "from,to\n北京,北京市\n"));
    nqpf_weights *w = NULL;
    tu_assert_error(nqpf_weights_from_edges(&w, self, full, 6, NULL), NQPF_EDATA, "are the same unit '北京市'");
    nqpf_table_free(self);
    nqpf_table_free(e);
}

/* ---- built-in groupings, checked against lists typed here from the source documents ---------- */

typedef struct expect_group {
    const char *label;
    const char *members; /* names as the source document writes them, space-separated */
} expect_group;

/* Every division's group in grouping @p key equals the typed lists: each listed name is a member of
 * that group, and nothing else is a member. */
static void check_grouping(const char *key, int level, const expect_group *g, size_t ng, size_t total)
{
    size_t listed = 0;
    for (size_t k = 0; k < ng; k++) {
        char buf[2048];
        snprintf(buf, sizeof buf, "%s", g[k].members);
        for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
            const nqpf_division *d[2];
            size_t n = nqpf_gazetteer_lookup(tok, level, d, 2);
            if (n != 1)
                n = nqpf_gazetteer_lookup(tok, NQPF_GAZ_ANY, d, 2); /* a municipality among cities */
            if (n != 1)
                fail_msg("%s: '%s' names %zu divisions", key, tok, n);
            const char *got = nqpf_gazetteer_group_of(key, d[0]->code, 0);
            if (!got || strcmp(got, g[k].label) != 0)
                fail_msg("%s: %s is in %s, expected %s", key, tok, got ? got : "(none)", g[k].label);
            listed++;
        }
    }
    size_t members = 0;
    for (size_t i = 0; i < nqpf_gazetteer_count(); i++)
        members += nqpf_gazetteer_group_of(key, nqpf_gazetteer_at(i)->code, 0) != NULL;
    assert_int_equal(listed, total);
    assert_int_equal(members, total);
    const nqpf_grouping *info = nqpf_gazetteer_grouping_find(key);
    assert_non_null(info);
    assert_true(strlen(info->source) > 10);
}

static void test_builtin_groupings(void **state)
{
    (void)state;
    /* 国家统计局《东西中部和东北地区划分方法》(2011) */
    const expect_group nbs4[] = {
        {"东部", "北京 天津 河北 上海 江苏 浙江 福建 山东 广东 海南"},
        {"中部", "山西 安徽 江西 河南 湖北 湖南"},
        {"西部", "内蒙古 广西 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆"},
        {"东北", "辽宁 吉林 黑龙江"}};
    check_grouping("nbs4", NQPF_GAZ_PROVINCE, nbs4, 4, 31);
    assert_string_equal(nqpf_gazetteer_group_of("nbs4", 110000, 1), "East");
    /* 七五计划 (1986) three belts; 海南 east (with 广东), 重庆 west (with 四川) */
    const expect_group belts[] = {
        {"东部", "北京 天津 河北 辽宁 上海 江苏 浙江 福建 山东 广东 广西 海南"},
        {"中部", "山西 内蒙古 吉林 黑龙江 安徽 江西 河南 湖北 湖南"},
        {"西部", "四川 重庆 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆"}};
    check_grouping("belts3", NQPF_GAZ_PROVINCE, belts, 3, 31);
    const expect_group ns[] = {
        {"北方", "北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 山东 河南 陕西 甘肃 青海 宁夏 新疆"},
        {"南方", "上海 江苏 浙江 安徽 福建 江西 湖北 湖南 广东 广西 海南 重庆 四川 贵州 云南 西藏"}};
    check_grouping("north_south", NQPF_GAZ_PROVINCE, ns, 2, 31);
    /* 国发〔2014〕39号: 上海、江苏、浙江、安徽、江西、湖北、湖南、重庆、四川、云南、贵州 */
    const expect_group yz[] = {{"下游", "上海 江苏 浙江 安徽"}, {"中游", "江西 湖北 湖南"}, {"上游", "重庆 四川 云南 贵州"}};
    check_grouping("yangtze", NQPF_GAZ_PROVINCE, yz, 3, 11);
    /* 黄河流域规划纲要 (2021): 青海、四川、甘肃、宁夏、内蒙古、山西、陕西、河南、山东 */
    const expect_group yr[] = {{"黄河流域", "青海 四川 甘肃 宁夏 内蒙古 山西 陕西 河南 山东"}};
    check_grouping("yellow_river", NQPF_GAZ_PROVINCE, yr, 1, 9);
    /* 京津冀协同发展规划纲要 (2015) */
    const expect_group jjj[] = {
        {"京津冀", "北京 天津 石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水"}};
    check_grouping("jjj", NQPF_GAZ_PREFECTURE, jjj, 1, 13);
    /* 长江三角洲区域一体化发展规划纲要 (2019), 中心区 27 城 */
    const expect_group yrd[] = {
        {"长三角中心区", "上海 南京 无锡 常州 苏州 南通 扬州 镇江 盐城 泰州 杭州 宁波 温州 湖州 嘉兴 绍兴 金华 舟山 台州 "
                         "合肥 芜湖 马鞍山 铜陵 安庆 滁州 池州 宣城"}};
    check_grouping("yrd", NQPF_GAZ_PREFECTURE, yrd, 1, 27);
    const expect_group yrd41[] = {
        {"上海", "上海"},
        {"江苏", "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁"},
        {"浙江", "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水"},
        {"安徽", "合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城"}};
    check_grouping("yrd41", NQPF_GAZ_PREFECTURE, yrd41, 4, 41);
    /* 珠江三角洲地区改革发展规划纲要 (2008—2020年) */
    const expect_group prd[] = {{"珠三角", "广州 深圳 珠海 佛山 江门 东莞 中山 惠州 肇庆"}};
    check_grouping("prd", NQPF_GAZ_PREFECTURE, prd, 1, 9);
    const expect_group js[] = {
        {"苏南", "南京 无锡 常州 苏州 镇江"}, {"苏中", "南通 扬州 泰州"}, {"苏北", "徐州 连云港 淮安 盐城 宿迁"}};
    check_grouping("jiangsu3", NQPF_GAZ_PREFECTURE, js, 3, 13);
    assert_int_equal(nqpf_gazetteer_groupings(), 10);
    assert_null(nqpf_gazetteer_grouping(10));
    /* unknown names */
    nqpf_groupmap *m = NULL;
    tu_assert_error(nqpf_groupmap_builtin(&m, "nbs5"), NQPF_EUSAGE,
                    "unknown built-in grouping 'nbs5': expected one of nbs4, belts3, north_south");
    tu_assert_error(nqpf_groupmap_builtin(&m, "nbs4:fr"), NQPF_EUSAGE, "unknown built-in grouping 'nbs4:fr'");
    assert_null(m);
    /* English labels, and a unit outside a city cluster gets no group */
    assert_int_equal(nqpf_groupmap_builtin(&m, "prd:en"), NQPF_OK);
    assert_string_equal(nqpf_groupmap_find(m, "深圳市"), "Pearl River Delta");
    assert_string_equal(nqpf_groupmap_find(m, "Guangzhou"), "Pearl River Delta");
    assert_null(nqpf_groupmap_find(m, "汕头市"));
    nqpf_groupmap_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),          cmocka_unit_test(test_lookup),      cmocka_unit_test(test_short_unique),
        cmocka_unit_test(test_match_provinces), cmocka_unit_test(test_match_jilin), cmocka_unit_test(test_match_message),
        cmocka_unit_test(test_groupmap_names),  cmocka_unit_test(test_groupmap_city_panel),
        cmocka_unit_test(test_weights_names),   cmocka_unit_test(test_builtin_groupings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
