/* The data plumbing of nqpf/join.h, tested once for every user (CLI, study files, methods): cell
 * as key text, duplicate keys (an error naming file, row and first occurrence), numeric group codes
 * as text, leading-zero ids kept as text, left joins by id and by (id, time), via maps and period
 * bucketing. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/join.h"
#include "nqpf/options.h"

static void test_cell_text(void **state)
{
    (void)state;
    nqpf_table *t = tu_read(tu_write_tmp("cells.csv", "code,num,name\n000001,1,a\n000002,2.5,\n000003,,c\n"));
    char buf[NQPF_CELL_TEXT_SIZE];
    /* A leading-zero code stays text: never "1". */
    assert_true(nqpf_table_is_text(t, 0));
    assert_string_equal(nqpf_cell_text(t, 0, 0, buf, sizeof buf), "000001");
    /* Numbers: shortest round trip, integers without ".0". */
    assert_false(nqpf_table_is_text(t, 1));
    assert_string_equal(nqpf_cell_text(t, 1, 0, buf, sizeof buf), "1");
    assert_string_equal(nqpf_cell_text(t, 1, 1, buf, sizeof buf), "2.5");
    /* Missing: NaN, an empty text. */
    assert_null(nqpf_cell_text(t, 1, 2, buf, sizeof buf));
    assert_null(nqpf_cell_text(t, 2, 1, buf, sizeof buf));
    nqpf_table_free(t);
}

static void test_duplicates(void **state)
{
    (void)state;
    nqpf_keyindex *k = NULL;
    /* The same key twice is an error even with the same group; the message names the file, the
     * row of the repeat and the first occurrence. */
    nqpf_table *t = tu_read(tu_write_tmp("dup.csv", "code,zone\nc0,N\nc1,S\n,E\nc1,S\nc0,N\n"));
    tu_assert_error(nqpf_keyindex_new(&k, t, 0, NQPF_NONE), NQPF_EDATA,
                    "dup.csv: row 5, column 'code': 'c1' appears again (first in row 3)");
    nqpf_groupmap *m = NULL;
    tu_assert_error(nqpf_groupmap_from_tables(&m, t, 0, 1, NULL, 0, 0), NQPF_EDATA, "'c1' appears again (first in row 3)");
    assert_null(m);
    nqpf_table_free(t);
    /* Numeric keys: 7 and 7.0 are the same key "7". */
    t = tu_read(tu_write_tmp("dupnum.csv", "code,zone\n7,N\n7.0,S\n"));
    tu_assert_error(nqpf_keyindex_new(&k, t, 0, NQPF_NONE), NQPF_EDATA, "row 3, column 'code': '7' appears again");
    nqpf_table_free(t);
    /* (id, time) keys. */
    t = tu_read(tu_write_tmp("dupt.csv", "id,year,x\na,1,1\na,2,2\nb,1,3\na,2,4\n"));
    tu_assert_error(nqpf_keyindex_new(&k, t, 0, 1), NQPF_EDATA, "dupt.csv: row 5: id 'a' and year 2 appear again (first in row 3)");
    nqpf_table_free(t);
    /* Inline lists: an id under two groups. */
    assert_int_equal(nqpf_groupmap_new(&m), NQPF_OK);
    assert_int_equal(nqpf_groupmap_add(m, "A", "East", "inline.East[0]"), NQPF_OK);
    tu_assert_error(nqpf_groupmap_add(m, "A", "West", "inline.West[3]"), NQPF_EDATA,
                    "inline.West[3]: 'A' appears again (first in inline.East[0])");
    nqpf_groupmap_free(m);
}

static void test_groups(void **state)
{
    (void)state;
    /* Numeric group codes become the text "1", "2"; a row with an empty key is skipped, one with an
     * empty group maps to no group. */
    nqpf_table *g = tu_read(tu_write_tmp("zones.csv", "code,zone\nc0,1\nc1,2\n,3\nc2,\n"));
    nqpf_groupmap *m = NULL;
    assert_int_equal(nqpf_groupmap_from_tables(&m, g, 0, 1, NULL, 0, 0), NQPF_OK);
    assert_string_equal(nqpf_groupmap_find(m, "c0"), "1");
    assert_string_equal(nqpf_groupmap_find(m, "c1"), "2");
    assert_null(nqpf_groupmap_find(m, "c2"));
    assert_null(nqpf_groupmap_find(m, "zz"));
    nqpf_groupmap_free(m);
    /* Via: the data's ids (unit) translate to codes first. */
    nqpf_table *via = tu_read(tu_write_tmp("codes.csv", "unit,code\nAAA,c1\nBBB,c0\nCCC,c9\n"));
    assert_int_equal(nqpf_groupmap_from_tables(&m, g, 0, 1, via, 0, 1), NQPF_OK);
    assert_string_equal(nqpf_groupmap_find(m, "AAA"), "2");
    assert_string_equal(nqpf_groupmap_find(m, "BBB"), "1");
    assert_null(nqpf_groupmap_find(m, "CCC"));
    assert_string_equal(nqpf_groupmap_source(m), "zones.csv via codes.csv");
    /* Panel: a group column, missing where the unit has no group. */
    nqpf_panel *p = tu_panel_from_text("unit,year,y\nAAA,1,1\nCCC,1,2\nAAA,2,3\n", "unit", "year");
    assert_int_equal(nqpf_panel_add_groups(p, m, "zone"), NQPF_OK);
    const nqpf_table *pt = nqpf_panel_table(p);
    size_t j = nqpf_table_find(pt, "zone");
    assert_string_equal(nqpf_table_text(pt, j, 0), "2");
    assert_string_equal(nqpf_table_text(pt, j, 1), "2");
    assert_null(nqpf_table_text(pt, j, 2));
    tu_assert_error(nqpf_panel_add_groups(p, m, "zone"), NQPF_EUSAGE, "'zone' is already a column");
    nqpf_panel_free(p);
    nqpf_groupmap_free(m);
    nqpf_table_free(via);
    nqpf_table_free(g);
    /* From files, with errors keyed by the option they concern. */
    nqpf_group_source src = {tu_write_tmp("map.csv", "id,group\n000001,X\n000002,Y\n"), NULL, NULL, NULL, NULL, NULL};
    assert_int_equal(nqpf_groupmap_read(&m, &src, "id"), NQPF_OK);
    assert_string_equal(nqpf_groupmap_find(m, "000001"), "X");
    assert_null(nqpf_groupmap_find(m, "1"));
    nqpf_groupmap_free(m);
    src.column = "region";
    tu_assert_error(nqpf_groupmap_read(&m, &src, "id"), NQPF_EDATA, "group_column: column 'region' not found in");
    assert_string_equal(nqpf_error_key(), "group_column");
}

static void test_join(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text("u,t,a\nA,1,0.5\nB,1,0.2\nB,2,0.4\n", "u", "t");
    nqpf_table *w = tu_read(tu_write_tmp("with.csv", "u,t,b,lab\nB,1,0.8,x\nA,1,0.5,y\nC,1,9,z\n"));
    const char *cols[] = {"b", "lab"};
    assert_int_equal(nqpf_panel_join(p, w, NULL, "t", cols, NULL, 2), NQPF_OK);
    const nqpf_table *pt = nqpf_panel_table(p);
    const double *b = nqpf_table_cnum(pt, nqpf_table_find(pt, "b"));
    size_t jl = nqpf_table_find(pt, "lab");
    assert_true(b[0] == 0.5 && b[1] == 0.8 && isnan(b[2]));
    assert_string_equal(nqpf_table_text(pt, jl, 0), "y");
    assert_null(nqpf_table_text(pt, jl, 2));
    /* By id only: every period of a unit gets the unit's value. */
    nqpf_table *byid = tu_read(tu_write_tmp("byid.csv", "u,size\nB,3\nA,1\n"));
    const char *sz[] = {"size"}, *as[] = {"unit_size"};
    assert_int_equal(nqpf_panel_join(p, byid, NULL, NULL, sz, as, 1), NQPF_OK);
    const double *s = nqpf_table_cnum(pt, nqpf_table_find(pt, "unit_size"));
    assert_true(s[0] == 1 && s[1] == 3 && s[2] == 3);
    /* A name the panel has, a missing column, a duplicate (id, time). */
    tu_assert_error(nqpf_panel_join(p, w, NULL, "t", cols, NULL, 1), NQPF_EUSAGE, "column 'b' is in both");
    const char *nope[] = {"nope"};
    tu_assert_error(nqpf_panel_join(p, w, NULL, "t", nope, NULL, 1), NQPF_EDATA, "column 'nope' not found in");
    nqpf_table *dup = tu_read(tu_write_tmp("dupjoin.csv", "u,t,c\nA,1,1\nA,1,2\n"));
    const char *c[] = {"c"};
    tu_assert_error(nqpf_panel_join(p, dup, NULL, "t", c, NULL, 1), NQPF_EDATA,
                    "dupjoin.csv: row 3: id 'A' and t 1 appear again (first in row 2)");
    nqpf_table_free(dup);
    nqpf_table_free(byid);
    nqpf_table_free(w);
    nqpf_panel_free(p);
}

static void test_by_period(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text("u,t,x\nA,2,1\nA,1,1\nB,2,1\nB,3,1\nC,1,1\n", "u", "t");
    size_t *order = NULL, *start = NULL, nt;
    const long *times = nqpf_panel_times(p, &nt);
    assert_int_equal(nt, 3);
    assert_int_equal(nqpf_panel_by_period(p, NULL, 0, &order, &start), NQPF_OK);
    assert_true(start[0] == 0 && start[1] == 2 && start[2] == 4 && start[3] == 5);
    for (size_t k = 0; k < nt; k++)
        for (size_t q = start[k]; q < start[k + 1]; q++) {
            assert_int_equal(nqpf_panel_time(p, order[q]), times[k]);
            if (q > start[k])
                assert_true(order[q] > order[q - 1]); /* panel order within a period */
        }
    free(order);
    free(start);
    /* A subset of observations. */
    size_t obs[] = {4, 3}; /* (C, 1) and (B, 3) */
    assert_int_equal(nqpf_panel_by_period(p, obs, 2, &order, &start), NQPF_OK);
    assert_true(start[0] == 0 && start[1] == 1 && start[2] == 1 && start[3] == 2 && order[0] == 4 && order[1] == 3);
    free(order);
    free(start);
    nqpf_panel_free(p);
}

static void test_key_strings(void **state)
{
    (void)state;
    /* A list of ids that no table holds: find returns the position; empty and NULL ids are left out. */
    const char *ids[] = {"B", "", "A", NULL, "000001"};
    nqpf_keyindex *k = NULL;
    assert_int_equal(nqpf_keyindex_strings(&k, ids, 5, "ids"), NQPF_OK);
    assert_int_equal(nqpf_keyindex_find(k, "A", 0), 2);
    assert_int_equal(nqpf_keyindex_find(k, "B", 7), 0); /* no time: any time matches */
    assert_int_equal(nqpf_keyindex_find(k, "000001", 0), 4);
    assert_true(nqpf_keyindex_find(k, "1", 0) == NQPF_NONE); /* leading zeros kept */
    assert_true(nqpf_keyindex_find(k, "", 0) == NQPF_NONE);
    assert_true(nqpf_keyindex_find(k, NULL, 0) == NQPF_NONE);
    nqpf_keyindex_free(k);
    /* The same id twice: the earliest repeat and its first occurrence are named. */
    const char *dup[] = {"a", "b", "c", "b", "a"};
    tu_assert_error(nqpf_keyindex_strings(&k, dup, 5, "unit ids"), NQPF_EDATA,
                    "unit ids[3]: 'b' appears again (first in unit ids[1])");
    assert_null(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cell_text), cmocka_unit_test(test_duplicates), cmocka_unit_test(test_groups),
        cmocka_unit_test(test_join),      cmocka_unit_test(test_by_period), cmocka_unit_test(test_key_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
