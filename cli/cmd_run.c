/* nqpf run: one study file, every analysis it names, one output folder with CSV files, a workbook
 * and report.html. The work is in the library (src/study/study.c); this file is options and
 * messages. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "nqpf/study.h"

static const cli_opt run_opts[] = {
    {"out", 'o', "DIR", 0, "output folder (default: the study's \"out\", relative to the study file)"},
    {"lang", 0, "LANG", 0, "report language: en or zh (default: the study's \"lang\", else en)"},
    {"pdf", 0, NULL, 0, "also print the report to report.pdf (A4) with headless Chromium (apt install chromium)"},
    {NULL, 0, NULL, 0, NULL}};

typedef struct progress_ctx {
    cli_args *a;
} progress_ctx;

static void on_progress(const char *label, size_t done, size_t total, void *ud)
{
    progress_ctx *pc = ud;
    cli_progress(pc->a, label, done, total);
}

static int run_run(cli_args *a)
{
    if (cli_npos(a) != 1)
        return nqpf_error_set(NQPF_EUSAGE, "run: expected one STUDY file, found %zu (see 'nqpf run --help')",
                              cli_npos(a));
    static const char *const langs[] = {"en", "zh", NULL};
    int lang = -1, rc;
    if ((rc = cli_get_choice(a, "lang", langs, -1, &lang)))
        return rc;
    progress_ctx pc = {a};
    nqpf_study_options o = NQPF_STUDY_OPTIONS_INIT;
    o.outdir = cli_get(a, "out");
    o.lang = lang >= 0 ? langs[lang] : NULL;
    o.pdf = cli_has(a, "pdf");
    o.progress = on_progress;
    o.userdata = &pc;
    nqpf_study *s = NULL;
    if ((rc = nqpf_study_load(&s, cli_pos(a, 0), &o)))
        return rc;
    cli_info(a, "run: %zu steps, writing to %s", nqpf_study_nsteps(s), nqpf_study_outdir(s));
    rc = nqpf_study_run(s);
    if (rc == NQPF_OK) {
        cli_info(a, "run: wrote %zu files; open %s/report.html", nqpf_study_nfiles(s), nqpf_study_outdir(s));
    } else if (nqpf_study_nfiles(s) > 0) {
        /* Say what survived, so the user knows which outputs belong to this run. */
        cli_info(a, "run: stopped; the files of the steps before it (%zu) are in %s", nqpf_study_nfiles(s),
                 nqpf_study_outdir(s));
    }
    nqpf_study_free(s);
    return rc;
}

const cli_command cmd_run_def = {
    "run",
    run_run,
    "Run a study file: every analysis, one folder of results, one HTML report",
    "run STUDY.json [--out DIR] [--lang en|zh] [--pdf]",
    "Reads a study file (JSON; format in docs/study.md): the data file and its keys, derived variables\n"
    "(let), a sample, region groups, a map and a list of steps. The whole study is checked first\n"
    "(unknown keys, missing files, columns that do not exist: the error names the key, e.g.\n"
    "steps[2].output) and nothing is computed or written until it passes. Then each step runs in\n"
    "order and its tables are written to the output folder as <step name>.csv when it finishes; at\n"
    "the end come results.xlsx (one sheet per table) and report.html (one self-contained page with\n"
    "charts, tables and maps; it needs no network). With --pdf, report.html is then printed to\n"
    "report.pdf (A4) by headless Chromium (NQPF_CHROMIUM, else chromium, chromium-browser or\n"
    "google-chrome on PATH); without Chromium the run writes everything else and exits with 5.\n"
    "A failing step stops the run, names the step and\n"
    "leaves the earlier steps' files in place.\n"
    "Step types: tfp, dea, malmquist, index, coupling, disparity, convergence, classify, spatial,\n"
    "dynamics (docs/study.md).",
    run_opts,
    0,
    "Examples:\n"
    "  nqpf run examples/world/study.json\n"
    "  nqpf run examples/world/study.json --out /tmp/world --lang zh\n"
    "See docs/study.md (the file format) and docs/report.md (what the report shows)."};
