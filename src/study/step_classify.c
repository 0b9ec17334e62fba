/* Study step: classify: k-means or Ward classes of units (nqpf classify). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nqpf/dea.h"
#include "nqpf/dynamics.h"
#include "nqpf/expr.h"
#include "nqpf/index.h"
#include "nqpf/io.h"
#include "nqpf/malmquist.h"
#include "nqpf/region.h"
#include "nqpf/spatial.h"
#include "nqpf/tfp.h"
#include "study/study_internal.h"
#include "util/util.h"


/* ---- classify: k-means or Ward classes of units (nqpf classify) ----------------------------- */

static const char *const class_keys[] = {"vars", "k", "method", "year", "seed", "restarts", "lang", NULL};
static const char *const class_methods[] = {"kmeans", "ward", NULL};
static const char *const class_langs[] = {"en", "zh", NULL};

static int class_options(const nqpf_study *s, const json_t *cfg, const char *path, nqpf_classify_options *o,
                         const char ***vars)
{
    size_t n = 0;
    int rc, method, lang;
    long seed = 1, restarts = 20, year = 0;
    const json_t *k = json_object_get(cfg, "k");
    if ((rc = study__strlist(s, cfg, path, "vars", 1, vars, &n)) ||
        (rc = study__choice(s, cfg, path, "method", class_methods, 0, &method)) ||
        (rc = study__choice(s, cfg, path, "lang", class_langs, 0, &lang)) ||
        (rc = study__long(s, cfg, path, "seed", 0, &seed)) || (rc = study__long(s, cfg, path, "restarts", 0, &restarts)) ||
        (rc = study__long(s, cfg, path, "year", 0, &year)))
        return rc;
    o->vars = *vars;
    o->nvars = n;
    o->method = method ? NQPF_CLASSIFY_WARD : NQPF_CLASSIFY_KMEANS;
    o->lang_zh = lang == 1;
    if (seed < 0 || restarts < 1)
        return study__err(s, NQPF_EUSAGE, path, seed < 0 ? "seed" : "restarts", "expected a positive integer");
    o->seed = (unsigned long)seed;
    o->restarts = (size_t)restarts;
    if (json_object_get(cfg, "year")) {
        o->has_year = 1;
        o->year = year;
    }
    if (k && !(json_is_string(k) && strcmp(json_string_value(k), "auto") == 0)) {
        if (!json_is_integer(k) || json_integer_value(k) < 2)
            return study__err(s, NQPF_EUSAGE, path, "k", "expected \"auto\" or an integer >= 2");
        o->k = (size_t)json_integer_value(k);
    }
    return NQPF_OK;
}

static int class_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_classify_options o = NQPF_CLASSIFY_OPTIONS_INIT;
    const char **vars = NULL;
    int rc = class_options(s, cfg, path, &o, &vars);
    free(vars);
    return rc ? rc : study__need_columns(s, cfg, path, "vars", 1);
}

static int class_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_classify_options o = NQPF_CLASSIFY_OPTIONS_INIT;
    const char **vars = NULL;
    nqpf_table *u = NULL, *pr = NULL, *kc = NULL;
    int rc = class_options(s, cfg, path, &o, &vars);
    if (rc == NQPF_OK && (rc = nqpf_classify(&u, &pr, &kc, study__panel(s), &o)) == NQPF_OK) {
        rc = study__add_table(out, NULL, u);
        if (rc == NQPF_OK)
            rc = study__add_opt(out, "profiles", pr);
        else
            nqpf_table_free(pr);
        if (rc == NQPF_OK)
            rc = study__add_opt(out, "k", kc);
        else
            nqpf_table_free(kc);
    }
    free(vars);
    return rc;
}

const study_step_type nqpf__step_classify = {"classify", "classes of units: k-means or Ward on standardised variables",
                                              class_keys, class_validate, class_run};

