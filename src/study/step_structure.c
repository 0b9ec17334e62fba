/* Study step: structure: industrial structure similarity, Krugman specialisation and location
 * quotients (nqpf structure). The options are the library's (nqpf_structure_options_parse()). The
 * step reads its own long table (key "file": one row per region, year and industry), because the
 * study's data are a panel with one row per region and year; its region and year columns default
 * to the study's data keys, and from/to keep years as on the command line. */
#include <stdio.h>

#include "nqpf/io.h"
#include "nqpf/panel.h"
#include "nqpf/region.h"
#include "study/study_internal.h"

/* The options of a step, with the study's defaults filled in. */
static int structure_options(nqpf_study *s, const json_t *cfg, const char *path, nqpf_optset **set,
                             nqpf_structure_options *o)
{
    int rc = study__optset(s, cfg, path, set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_structure_options_parse(o, *set));
    if (rc)
        return rc;
    if (!o->file)
        return study__err(s, NQPF_EUSAGE, path, "file",
                          "required: the long table (one row per region, year and industry); the study's data are a "
                          "panel");
    const nqpf_panel *p = study__panel(s);
    if (!o->region)
        o->region = nqpf_panel_id_col(p);
    if (!o->time)
        o->time = nqpf_panel_time_col(p);
    /* The runner applies a step's sample to the study's panel, which this step does not read. */
    if (json_object_get(cfg, "sample"))
        return study__err(s, NQPF_EUSAGE, path, "sample",
                          "not used by a structure step (its long table is not the study's panel); use from and to");
    return NQPF_OK;
}

static int read_long(const nqpf_study *s, const char *path, const nqpf_structure_options *o, nqpf_table **t)
{
    int rc = nqpf_read_table(t, o->file, NULL);
    if (rc) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", nqpf_error_message());
        return study__err(s, rc, path, "file", "%s", msg);
    }
    const char *const keys[] = {"id", "time", "industry", "value"};
    const char *const cols[] = {o->region, o->time, o->industry, o->value};
    for (size_t k = 0; k < 4; k++)
        if (nqpf_table_find(*t, cols[k]) == NQPF_NONE)
            return study__err(s, NQPF_EDATA, path, keys[k], "column '%s' not found in %s", cols[k], o->file);
    return NQPF_OK;
}

static int structure_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_optset *set = NULL;
    nqpf_structure_options o;
    nqpf_table *t = NULL;
    /* Validation reads the study's panel (for the default keys) and changes nothing. */
    int rc = structure_options((nqpf_study *)s, cfg, path, &set, &o);
    if (rc == NQPF_OK)
        rc = read_long(s, path, &o, &t);
    nqpf_table_free(t);
    nqpf_optset_free(set);
    return rc;
}

static int structure_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_optset *set = NULL;
    nqpf_structure_options o;
    nqpf_table *t = NULL, *reg = NULL, *pairs = NULL, *lq = NULL;
    int rc = structure_options(s, cfg, path, &set, &o);
    if (rc || (rc = read_long(s, path, &o, &t)) || (rc = nqpf_structure(&reg, &pairs, &lq, t, &o)))
        goto done;
    rc = study__add_tables(out, (nqpf_table *const[]){reg, pairs, lq}, (const char *const[]){NULL, "pairs", "lq"}, 3);
    reg = pairs = lq = NULL; /* taken over */
done:
    nqpf_table_free(t);
    nqpf_table_free(reg);
    nqpf_table_free(pairs);
    nqpf_table_free(lq);
    nqpf_optset_free(set);
    return rc;
}

/* The tables this step hands back besides its main one (study__add_table suffixes). */
static const char *const structure_tables[] = {"pairs", "lq", NULL};

const study_step_type nqpf__step_structure = {"structure", "industrial structure: similarity, Krugman, location quotients",
                                               NULL, structure_validate, structure_run, structure_tables};
