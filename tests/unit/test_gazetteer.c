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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),          cmocka_unit_test(test_lookup),      cmocka_unit_test(test_short_unique),
        cmocka_unit_test(test_match_provinces), cmocka_unit_test(test_match_jilin), cmocka_unit_test(test_match_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
