/* Study files: validation errors name the key before anything is computed or written; a study's
 * tables equal those of the library calls it stands for (computed here directly, with the groups
 * joined by hand); the same study gives the same bytes twice. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)len + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    b[len] = 0;
    *n = (size_t)len;
    return b;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Runs tests/data/study/small.json into DIR; returns the study (caller frees). */
static nqpf_study *run_small(const char *dir, const char *lang)
{
    nqpf_study_options o = NQPF_STUDY_OPTIONS_INIT;
    o.outdir = dir;
    o.lang = lang;
    nqpf_study *s = NULL;
    int rc = nqpf_study_load(&s, tu_source("tests/data/study/small.json"), &o);
    if (rc)
        fail_msg("load: %s", nqpf_error_message());
    assert_int_equal(nqpf_study_nsteps(s), 7);
    rc = nqpf_study_run(s);
    if (rc)
        fail_msg("run: %s", nqpf_error_message());
    return s;
}

/* Every numeric cell equal (exactly: the CSV holds shortest round-trip decimals), text equal. */
static void assert_tables_equal(const nqpf_table *got, const nqpf_table *want, const char *what)
{
    assert_int_equal(nqpf_table_nrows(got), nqpf_table_nrows(want));
    assert_int_equal(nqpf_table_ncols(got), nqpf_table_ncols(want));
    for (size_t j = 0; j < nqpf_table_ncols(want); j++) {
        assert_string_equal(nqpf_table_colname(got, j), nqpf_table_colname(want, j));
        for (size_t i = 0; i < nqpf_table_nrows(want); i++) {
            char a[64], b[64], ctx[160];
            snprintf(ctx, sizeof ctx, "%s: row %zu, column %s", what, i, nqpf_table_colname(want, j));
            const char *x = nqpf_table_cell_str(got, j, i, a, sizeof a);
            const char *y = nqpf_table_cell_str(want, j, i, b, sizeof b);
            if (!nqpf_table_is_text(got, j))
                x = a;
            if (nqpf_table_is_text(want, j) && nqpf_table_text(want, j, i))
                y = nqpf_table_text(want, j, i);
            if (nqpf_table_is_text(got, j) && nqpf_table_text(got, j, i))
                x = nqpf_table_text(got, j, i);
            if (strcmp(x, y) != 0)
                fail_msg("%s: got '%s', expected '%s'", ctx, x, y);
        }
    }
}

static nqpf_panel *small_panel(void)
{
    nqpf_table *t = tu_read(tu_source("tests/data/study/panel.csv"));
    nqpf_panel *p = NULL;
    assert_int_equal(nqpf_panel_new(&p, t, "unit", "year"), NQPF_OK);
    assert_int_equal(nqpf_panel_let(p, "y_l = Y / L"), NQPF_OK);
    return p;
}

static void test_tables_equal_library_calls(void **state)
{
    (void)state;
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/lib", tu_tmpdir());
    nqpf_study *s = run_small(dir, NULL);
    nqpf_study_free(s);

    /* tfp: the step's keys as options. */
    nqpf_panel *p = small_panel();
    static const char *const inputs[] = {"K", "L"};
    nqpf_tfp_share sh = {"L", "share", 0};
    nqpf_tfp_options to = NQPF_TFP_OPTIONS_INIT;
    to.output = "Y";
    to.inputs = inputs;
    to.ninputs = 2;
    to.shares = &sh;
    to.nshares = 1;
    to.has_base = 1;
    to.base_year = 2003;
    nqpf_table *want = NULL;
    assert_int_equal(nqpf_tfp_growth_accounting(&want, p, &to), NQPF_OK);
    snprintf(path, sizeof path, "%s/tfp.csv", dir);
    nqpf_table *got = tu_read(path);
    assert_tables_equal(got, want, "tfp");
    nqpf_table_free(got);
    nqpf_table_free(want);

    /* disparity by zone: the group column is joined here by hand (unit -> code -> zone, as
     * codes.csv and zones.csv say), independently of the study's groups.via. */
    static const char *const zone_of[] = {"North", "North", "South", "South", "East", "East"};
    size_t n = nqpf_panel_nobs(p);
    const char **z = calloc(n, sizeof *z);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        const char *id = nqpf_panel_unit_name(p, nqpf_panel_unit(p, i));
        z[i] = zone_of[id[0] - 'A'];
    }
    assert_int_equal(nqpf_table_add_text(nqpf_panel_table_mut(p), "zone", z, NULL), NQPF_OK);
    free(z);
    nqpf_disparity_options dopt = NQPF_DISPARITY_OPTIONS_INIT;
    dopt.var = "y_l";
    dopt.group = "zone";
    nqpf_table *ov = NULL, *gr = NULL, *pr = NULL;
    assert_int_equal(nqpf_disparity(&ov, &gr, &pr, p, &dopt), NQPF_OK);
    const char *names[] = {"disparity.csv", "disparity_groups.csv", "disparity_pairs.csv"};
    nqpf_table *wants[] = {ov, gr, pr};
    for (size_t k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        got = tu_read(path);
        assert_tables_equal(got, wants[k], names[k]);
        nqpf_table_free(got);
        nqpf_table_free(wants[k]);
    }

    /* convergence with the step's own sample (from 2002). */
    assert_int_equal(nqpf_panel_filter(p, NULL, 2002, 2006), NQPF_OK);
    nqpf_convergence_options co = NQPF_CONVERGENCE_OPTIONS_INIT;
    co.var = "y_l";
    nqpf_table *sigma = NULL, *beta = NULL;
    assert_int_equal(nqpf_convergence(&sigma, &beta, p, &co), NQPF_OK);
    snprintf(path, sizeof path, "%s/convergence.csv", dir);
    got = tu_read(path);
    assert_tables_equal(got, beta, "convergence");
    nqpf_table_free(got);
    snprintf(path, sizeof path, "%s/convergence_sigma.csv", dir);
    got = tu_read(path);
    assert_tables_equal(got, sigma, "convergence_sigma");
    nqpf_table_free(got);
    nqpf_table_free(sigma);
    nqpf_table_free(beta);
    nqpf_panel_free(p);
}

static void test_same_bytes_twice(void **state)
{
    (void)state;
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/twice-a", tu_tmpdir());
    snprintf(b, sizeof b, "%s/twice-b", tu_tmpdir());
    nqpf_study *s1 = run_small(a, "en"), *s2 = run_small(b, "en");
    assert_int_equal(nqpf_study_nfiles(s1), nqpf_study_nfiles(s2));
    /* 18 CSV files (dynamics with weights adds spatial_markov and edges; markov_bounds), the workbook, the report. */
    assert_int_equal(nqpf_study_nfiles(s1), 20);
    for (size_t k = 0; k < nqpf_study_nfiles(s1); k++) {
        const char *f1 = nqpf_study_file(s1, k), *f2 = nqpf_study_file(s2, k);
        if (strstr(f1, ".xlsx"))
            continue; /* the workbook's metadata holds a creation time */
        size_t n1, n2;
        char *x = slurp(f1, &n1), *y = slurp(f2, &n2);
        assert_non_null(x);
        assert_non_null(y);
        if (n1 != n2 || memcmp(x, y, n1) != 0)
            fail_msg("%s and %s differ", f1, f2);
        free(x);
        free(y);
    }
    nqpf_study_free(s1);
    nqpf_study_free(s2);
}

static void test_report_is_self_contained(void **state)
{
    (void)state;
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/zh", tu_tmpdir());
    nqpf_study *s = run_small(dir, "zh");
    nqpf_study_free(s);
    snprintf(path, sizeof path, "%s/report.html", dir);
    size_t n;
    char *h = slurp(path, &n);
    assert_non_null(h);
    assert_non_null(strstr(h, "<html lang=\"zh-CN\">"));
    assert_non_null(strstr(h, "echarts"));
    assert_non_null(strstr(h, "id=\"nqpf-data\""));
    assert_non_null(strstr(h, "\"lang\":\"zh\""));
    assert_null(strstr(h, "src=\"http"));
    assert_null(strstr(h, "href=\"http"));
    /* The data element holds the study's tables, with "</" escaped. */
    const char *d = strstr(h, "id=\"nqpf-data\">");
    const char *end = strstr(d, "</script>");
    assert_non_null(end);
    assert_non_null(strstr(d, "\"name\":\"malmquist\""));
    free(h);

    assert_int_equal(nqpf_report_write_html(path, "{}", "fr"), NQPF_EUSAGE);
    assert_int_equal(nqpf_report_write_html(path, "{\"x\":\"</script>\"}", "en"), NQPF_EINTERNAL);
}

/* One invalid study: its text (DATA and DIR are replaced by the test data folder) and the error. */
typedef struct bad_case {
    const char *name;
    const char *json;
    int code;
    const char *needle;
} bad_case;

#define DATA_OK "\"data\": {\"file\": \"DIR/panel.csv\", \"id\": \"unit\", \"time\": \"year\"}"
#define TFP_OK "{\"type\": \"tfp\", \"output\": \"Y\", \"inputs\": [\"K\", \"L\"]}"

static const bad_case bad_cases[] = {
    {.name = "unknown root key", .json = "{" DATA_OK ", \"setps\": []}", .code = NQPF_EUSAGE,
     .needle = ": setps: unknown key"},
    {.name = "unknown step key", .json = "{" DATA_OK ", \"steps\": [{\"type\": \"tfp\", \"outptu\": \"Y\"}]}",
     .code = NQPF_EUSAGE, .needle = "steps[0].outptu: unknown key"},
    {.name = "unknown data key", .json = "{\"data\": {\"file\": \"DIR/panel.csv\", \"id\": \"unit\", \"time\": \"year\", \"sep\": \",\"}, \"steps\": [" TFP_OK "]}",
     .code = NQPF_EUSAGE, .needle = "data.sep: unknown key"},
    {.name = "missing data file", .json = "{\"data\": {\"file\": \"DIR/none.csv\", \"id\": \"unit\", \"time\": \"year\"}, \"steps\": [" TFP_OK "]}",
     .code = NQPF_EDATA, .needle = "data.file: cannot read"},
    {.name = "missing id column", .json = "{\"data\": {\"file\": \"DIR/panel.csv\", \"id\": \"region\", \"time\": \"year\"}, \"steps\": [" TFP_OK "]}",
     .code = NQPF_EDATA, .needle = "data.id: column 'region' not found"},
    {.name = "step column", .json = "{" DATA_OK ", \"steps\": [" TFP_OK ", {\"type\": \"disparity\", \"var\": \"gdp\"}]}",
     .code = NQPF_EDATA, .needle = "steps[1].var: column 'gdp' not found"},
    {.name = "malmquist input", .json = "{" DATA_OK ", \"steps\": [{\"type\": \"malmquist\", \"inputs\": [\"K\", \"E\"], \"outputs\": [\"Y\"]}]}",
     .code = NQPF_EDATA, .needle = "steps[0].inputs[1]: column 'E' not found"},
    {.name = "let column", .json = "{" DATA_OK ", \"let\": [\"z = Y / H\"], \"steps\": [" TFP_OK "]}",
     .code = NQPF_EDATA, .needle = "let[0]: column 'H' not found"},
    {.name = "let syntax", .json = "{" DATA_OK ", \"let\": [\"z = Y / \"], \"steps\": [" TFP_OK "]}",
     .code = NQPF_EUSAGE, .needle = "let[0]: "},
    {.name = "step sample column", .json = "{" DATA_OK ", \"steps\": [{\"type\": \"tfp\", \"output\": \"Y\", \"inputs\": [\"K\", \"L\"], \"sample\": {\"where\": \"pop > 1\"}}]}",
     .code = NQPF_EDATA, .needle = "steps[0].sample.where: column 'pop' not found"},
    {.name = "step sample key", .json = "{" DATA_OK ", \"steps\": [{\"type\": \"tfp\", \"output\": \"Y\", \"inputs\": [\"K\", \"L\"], \"sample\": {\"since\": 2001}}]}",
     .code = NQPF_EUSAGE, .needle = "steps[0].sample.since: unknown key"},
    {.name = "unknown step type", .json = "{" DATA_OK ", \"steps\": [{\"type\": \"dea2\"}]}", .code = NQPF_EUSAGE,
     .needle = "steps[0].type: unknown step type 'dea2'"},
    /* Option values go through the method's descriptor as text (a step's "2003" reads as the
     * command line's --base 2003); a value that is not an integer is refused under its key. */
    {.name = "wrong type", .json = "{" DATA_OK ", \"steps\": [{\"type\": \"tfp\", \"output\": \"Y\", \"inputs\": [\"K\", \"L\"], \"base\": true}]}",
     .code = NQPF_EUSAGE, .needle = "steps[0].base: expected an integer, found 'true'"},
    {.name = "no steps", .json = "{" DATA_OK ", \"steps\": []}", .code = NQPF_EUSAGE, .needle = "steps: expected a non-empty list"},
    {.name = "bad step name", .json = "{" DATA_OK ", \"steps\": [{\"type\": \"tfp\", \"name\": \"a/b\", \"output\": \"Y\", \"inputs\": [\"K\"]}]}",
     .code = NQPF_EUSAGE, .needle = "steps[0].name: 'a/b'"},
    {.name = "missing framework", .json = "{" DATA_OK ", \"steps\": [{\"type\": \"index\", \"framework\": \"DIR/none.csv\"}]}",
     .code = NQPF_EDATA, .needle = "steps[0].framework: "},
    {.name = "framework column", .json = "{" DATA_OK ", \"steps\": [{\"type\": \"index\", \"framework\": \"DIR/framework_bad.csv\"}]}",
     .code = NQPF_EDATA, .needle = "steps[0].framework (indicator 'energy'): column 'E' not found"},
    {.name = "bad time column", .json = "{\"data\": {\"file\": \"DIR/codes.csv\", \"id\": \"unit\", \"time\": \"code\"}, \"steps\": [" TFP_OK "]}",
     .code = NQPF_EDATA, .needle = "data: codes.csv: row 2, column 'code': expected an integer year"},
    {.name = "weights file column", .json = "{" DATA_OK ", \"steps\": [{\"type\": \"spatial\", \"var\": \"Y\", \"weights\": {\"file\": \"DIR/edges.csv\", \"from\": \"origin\"}}]}",
     .code = NQPF_EDATA, .needle = "steps[0].weights.from: column 'origin' not found"},
    {.name = "weights missing", .json = "{" DATA_OK ", \"steps\": [{\"type\": \"spatial\", \"var\": \"Y\"}]}",
     .code = NQPF_EUSAGE, .needle = "steps[0].weights: required"},
    {.name = "group via column", .json = "{" DATA_OK ", \"groups\": {\"file\": \"DIR/zones.csv\", \"key\": \"code\", \"column\": \"zone\", \"via\": {\"file\": \"DIR/codes.csv\", \"from\": \"id\", \"to\": \"code\"}}, \"steps\": [" TFP_OK "]}",
     .code = NQPF_EDATA, .needle = "groups.via.from: column 'id' not found"},
    {.name = "malmquist option clash", .json = "{" DATA_OK ", \"steps\": [{\"type\": \"malmquist\", \"inputs\": [\"K\"], \"outputs\": [\"Y\"], \"base\": 2001}]}",
     .code = NQPF_EUSAGE, .needle = "steps[0].base: applies to the fixed-base frontier only"},
    {.name = "title key", .json = "{\"title\": {\"fr\": \"x\"}, " DATA_OK ", \"steps\": [" TFP_OK "]}", .code = NQPF_EUSAGE,
     .needle = "title.fr: unknown key"},
    {.name = "json syntax", .json = "{" DATA_OK ", \"steps\": [" TFP_OK ",]}", .code = NQPF_EUSAGE, .needle = "line 1, column"},
    {.name = "duplicate key", .json = "{" DATA_OK ", " DATA_OK ", \"steps\": [" TFP_OK "]}", .code = NQPF_EUSAGE,
     .needle = "duplicate"},
};

static void test_invalid_studies(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s", tu_source("tests/data/study"));
    for (size_t k = 0; k < sizeof bad_cases / sizeof bad_cases[0]; k++) {
        const bad_case *c = &bad_cases[k];
        /* Replace each DIR with the test data folder. */
        char text[4096] = "";
        const char *src = c->json;
        for (const char *hit; (hit = strstr(src, "DIR"));) {
            strncat(text, src, (size_t)(hit - src));
            strncat(text, dir, sizeof text - strlen(text) - 1);
            src = hit + 3;
        }
        strncat(text, src, sizeof text - strlen(text) - 1);
        char fname[64], out[600];
        snprintf(fname, sizeof fname, "bad%02zu.json", k);
        const char *path = tu_write_tmp(fname, text);
        char pathcopy[600];
        snprintf(pathcopy, sizeof pathcopy, "%s", path);
        snprintf(out, sizeof out, "%s/bad%02zu.out", tu_tmpdir(), k);
        nqpf_study_options o = NQPF_STUDY_OPTIONS_INIT;
        o.outdir = out;
        nqpf_study *s = NULL;
        int rc = nqpf_study_load(&s, pathcopy, &o);
        if (rc != c->code)
            fail_msg("%s: expected status %d, got %d (%s)", c->name, c->code, rc, nqpf_error_message());
        if (!strstr(nqpf_error_message(), c->needle))
            fail_msg("%s: message '%s' lacks '%s'", c->name, nqpf_error_message(), c->needle);
        /* The message names the study file first. */
        if (strncmp(nqpf_error_message(), pathcopy, strlen(pathcopy)) != 0)
            fail_msg("%s: message '%s' does not start with the study file", c->name, nqpf_error_message());
        assert_null(s);
        if (exists(out))
            fail_msg("%s: the output folder was created", c->name);
    }
}

/* The provincial study of examples/china-provinces on synthetic numbers in the template's shape
 * (the template itself has no rows): it validates against the template's columns, runs every step,
 * and its disparity of the joined index score ("use") equals nqpf_disparity() over a panel to which
 * this test joins nqpf_index_compute()'s scores and the four regions itself. */
static const char *const prov_region[][2] = {
    {"北京", "东部"}, {"天津", "东部"}, {"河北", "东部"}, {"上海", "东部"}, {"江苏", "东部"}, {"浙江", "东部"},
    {"福建", "东部"}, {"山东", "东部"}, {"广东", "东部"}, {"海南", "东部"}, {"山西", "中部"}, {"安徽", "中部"},
    {"江西", "中部"}, {"河南", "中部"}, {"湖北", "中部"}, {"湖南", "中部"}, {"内蒙古", "西部"}, {"广西", "西部"},
    {"重庆", "西部"}, {"四川", "西部"}, {"贵州", "西部"}, {"云南", "西部"}, {"西藏", "西部"}, {"陕西", "西部"},
    {"甘肃", "西部"}, {"青海", "西部"}, {"宁夏", "西部"}, {"新疆", "西部"}, {"辽宁", "东北"}, {"吉林", "东北"},
    {"黑龙江", "东北"}};

static char *replace_all(const char *text, const char *from, const char *to)
{
    size_t n = strlen(text) + 1, lf = strlen(from), lt = strlen(to);
    for (const char *h = text; (h = strstr(h, from)); h += lf)
        n += lt;
    char *out = malloc(n), *o = out;
    assert_non_null(out);
    for (const char *h; (h = strstr(text, from)); text = h + lf) {
        memcpy(o, text, (size_t)(h - text));
        o += h - text;
        memcpy(o, to, lt);
        o += lt;
    }
    strcpy(o, text);
    return out;
}

static void test_china_study(void **state)
{
    (void)state;
    size_t hn;
    char *header = slurp(tu_source("examples/china-provinces/provinces.csv"), &hn);
    assert_non_null(header);
    while (hn && (header[hn - 1] == '\n' || header[hn - 1] == '\r'))
        header[--hn] = 0;
    /* Synthetic positive values; shares in [0.4, 0.6). */
    size_t cap = 1 << 20, len = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    len += (size_t)snprintf(csv + len, cap - len, "%s\n", header);
    size_t ncols = 1;
    for (const char *c = header; *c; c++)
        ncols += *c == ',';
    for (size_t p = 0; p < 31; p++)
        for (int t = 2015; t <= 2020; t++) {
            len += (size_t)snprintf(csv + len, cap - len, "%s,%d", prov_region[p][0], t);
            for (size_t k = 2; k < ncols; k++) {
                double v = (1 + 0.1 * (double)((p * 7 + k * 3) % 11)) * pow(1.03 + 0.002 * (double)((p + k) % 5), t - 2015) *
                           (1 + 0.05 * sin((double)p * 1.3 + (double)k + t));
                if (strstr(header, "labour_share") && k == 5)
                    v = 0.4 + 0.2 * (double)((p + (size_t)t) % 5) / 5;
                len += (size_t)snprintf(csv + len, cap - len, ",%.6g", v);
            }
            len += (size_t)snprintf(csv + len, cap - len, "\n");
        }
    char data[600];
    snprintf(data, sizeof data, "%s", tu_write_tmp("provinces_synthetic.csv", csv));
    free(csv);
    free(header);

    size_t sn;
    char *study = slurp(tu_source("examples/china-provinces/study.json"), &sn);
    assert_non_null(study);
    char q1[700], q2[700], q3[700];
    snprintf(q1, sizeof q1, "\"%s\"", data);
    snprintf(q2, sizeof q2, "\"%s\"", tu_source("frameworks/provincial.csv"));
    char *a = replace_all(study, "\"provinces.csv\"", q1);
    char *b = replace_all(a, "\"../../frameworks/provincial.csv\"", q2);
    snprintf(q3, sizeof q3, "\"%s\"", tu_source("examples/china-provinces/contiguity.csv"));
    char *c = replace_all(b, "\"contiguity.csv\"", q3);
    char spath[600], out[600], path[700];
    snprintf(spath, sizeof spath, "%s", tu_write_tmp("china.json", c));
    free(study);
    free(a);
    free(b);
    free(c);
    snprintf(out, sizeof out, "%s/china", tu_tmpdir());
    nqpf_study_options o = NQPF_STUDY_OPTIONS_INIT;
    o.outdir = out;
    nqpf_study *s = NULL;
    if (nqpf_study_load(&s, spath, &o) != NQPF_OK)
        fail_msg("load: %s", nqpf_error_message());
    if (nqpf_study_run(s) != NQPF_OK)
        fail_msg("run: %s", nqpf_error_message());
    nqpf_study_free(s);

    nqpf_panel *p = NULL;
    assert_int_equal(nqpf_panel_new(&p, tu_read(data), "province", "year"), NQPF_OK);
    nqpf_framework *fw = NULL;
    assert_int_equal(nqpf_framework_read(&fw, tu_source("frameworks/provincial.csv")), NQPF_OK);
    nqpf_index_options io = NQPF_INDEX_OPTIONS_INIT;
    io.weights[0] = io.weights[1] = NQPF_W_ENTROPY;
    io.obstacles = 1;
    nqpf_index_result *r = NULL;
    assert_int_equal(nqpf_index_compute(&r, p, fw, &io), NQPF_OK);
    const nqpf_table *sc = nqpf_index_result_scores(r);
    snprintf(path, sizeof path, "%s/index.csv", out);
    nqpf_table *got = tu_read(path);
    assert_tables_equal(got, sc, "index");
    nqpf_table_free(got);

    size_t n = nqpf_panel_nobs(p);
    double *score = calloc(n, sizeof *score);
    const char **region = calloc(n, sizeof *region);
    assert_non_null(score);
    assert_non_null(region);
    for (size_t i = 0; i < n; i++)
        score[i] = NAN;
    const double *sv = nqpf_table_cnum(sc, nqpf_table_find(sc, "score")), *tv = nqpf_table_cnum(sc, 1);
    for (size_t row = 0; row < nqpf_table_nrows(sc); row++)
        for (size_t u = 0; u < nqpf_panel_nunits(p); u++)
            if (strcmp(nqpf_panel_unit_name(p, u), nqpf_table_text(sc, 0, row)) == 0) {
                size_t i = nqpf_panel_find(p, u, (long)tv[row]);
                assert_int_not_equal(i, NQPF_NONE);
                score[i] = sv[row];
            }
    for (size_t i = 0; i < n; i++) {
        const char *id = nqpf_panel_unit_name(p, nqpf_panel_unit(p, i));
        for (size_t k = 0; k < 31; k++)
            if (strcmp(prov_region[k][0], id) == 0)
                region[i] = prov_region[k][1];
        assert_non_null(region[i]);
    }
    assert_int_equal(nqpf_table_add_num(nqpf_panel_table_mut(p), "index.score", score, NULL), NQPF_OK);
    assert_int_equal(nqpf_table_add_text(nqpf_panel_table_mut(p), "region", region, NULL), NQPF_OK);
    free(score);
    free(region);
    nqpf_disparity_options dopt = NQPF_DISPARITY_OPTIONS_INIT;
    dopt.var = "index.score";
    dopt.group = "region";
    nqpf_table *ov = NULL, *gr = NULL, *pr = NULL;
    assert_int_equal(nqpf_disparity(&ov, &gr, &pr, p, &dopt), NQPF_OK);
    snprintf(path, sizeof path, "%s/disparity_groups.csv", out);
    got = tu_read(path);
    assert_tables_equal(got, gr, "disparity_groups");
    nqpf_table_free(got);
    snprintf(path, sizeof path, "%s/disparity.csv", out);
    got = tu_read(path);
    assert_tables_equal(got, ov, "disparity");
    nqpf_table_free(got);
    nqpf_table_free(ov);
    nqpf_table_free(gr);
    nqpf_table_free(pr);
    nqpf_index_result_free(r);
    nqpf_framework_free(fw);
    nqpf_panel_free(p);

    /* The template itself: the study's keys and columns are right, only the rows are missing. */
    nqpf_study_options o2 = NQPF_STUDY_OPTIONS_INIT;
    snprintf(out, sizeof out, "%s/china-template", tu_tmpdir());
    o2.outdir = out;
    tu_assert_error(nqpf_study_load(&s, tu_source("examples/china-provinces/study.json"), &o2), NQPF_EDATA,
                    "data: provinces.csv: no data rows");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_equal_library_calls),
        cmocka_unit_test(test_same_bytes_twice),
        cmocka_unit_test(test_report_is_self_contained),
        cmocka_unit_test(test_invalid_studies),
        cmocka_unit_test(test_china_study),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
