/**
 * @file study.h
 * @brief Study files: one JSON file that names the data, derived variables, region groups and the
 * analyses to run, and the runner that writes every result plus results.xlsx and report.html.
 *
 * The format is documented in docs/study.md. Loading validates the whole study (keys, files,
 * columns) before anything is computed; running computes the steps in order and writes each
 * step's tables as it finishes, so a failing step leaves the earlier outputs in place.
 */
#ifndef NQPF_STUDY_H
#define NQPF_STUDY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nqpf_study nqpf_study;

/** Called before each step and once at the end (@p done == @p total) with a short label. */
typedef void (*nqpf_study_progress_fn)(const char *label, size_t done, size_t total, void *userdata);

/** The version of nqpf_study_options this header describes. */
#define NQPF_STUDY_OPTIONS_VERSION 1

/** Options for nqpf_study_load(); initialise with nqpf_study_options_init(). */
typedef struct nqpf_study_options {
    unsigned version;                /**< NQPF_STUDY_OPTIONS_VERSION */
    const char *outdir;              /**< output folder; NULL = the study's "out" (default "out") */
    const char *lang;                /**< report language "en" or "zh"; NULL = the study's "lang" */
    nqpf_study_progress_fn progress; /**< NULL = silent */
    void *userdata;                  /**< passed to progress */
    int pdf;                         /**< non-zero: also print report.html to report.pdf (A4) through
                                          headless Chromium (nqpf_report_print_pdf()) */
} nqpf_study_options;

#define NQPF_STUDY_OPTIONS_INIT {NQPF_STUDY_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0}

/** Sets @p o to the defaults (the study's own "out" and "lang", no progress callback). @p version
 *  must be NQPF_STUDY_OPTIONS_VERSION (NQPF_EUSAGE otherwise). */
int nqpf_study_options_init(nqpf_study_options *o, unsigned version);

/**
 * Reads and validates the study file @p path: JSON syntax, known keys at every level, value types,
 * the data and auxiliary files (read here), derived-variable expressions and every column a step
 * refers to. Nothing is computed and nothing is written. Errors name the key path, e.g.
 * "study.json: steps[2].var: column 'gdp' not found in data.csv": NQPF_EUSAGE for a malformed
 * study (syntax, unknown key, wrong type, unknown step type), NQPF_EDATA for a missing or
 * unreadable file or a missing column. Relative paths resolve against the study file's folder.
 * The caller owns @p *out and frees it with nqpf_study_free().
 */
int nqpf_study_load(nqpf_study **out, const char *path, const nqpf_study_options *o);

/**
 * Runs a loaded study: derives the variables, applies the sample, runs each step in order and
 * writes its tables as CSV, then results.xlsx (one sheet per table) and report.html. The run
 * is all or nothing: the output folder is checked before anything is computed (NQPF_EIO when it is
 * not a folder, cannot be written, or holds files that no run wrote), every file goes into a work
 * folder beside it, and the work folder replaces the output folder only when every file is written
 * (docs/reliability.md). A failing step stops the run with an error that names it ("steps[1]
 * (malmquist): ..."), and the previous output folder is left as it was.
 * Runs once per loaded study.
 */
int nqpf_study_run(nqpf_study *s);

/** The output folder the study writes to (resolved). */
const char *nqpf_study_outdir(const nqpf_study *s);

/** Number of steps in the study. */
size_t nqpf_study_nsteps(const nqpf_study *s);

/** Number of files nqpf_study_run() put in the output folder (0 after a failed run), and the
 * final path of the @p k-th one. */
size_t nqpf_study_nfiles(const nqpf_study *s);
const char *nqpf_study_file(const nqpf_study *s, size_t k);

/** The step types this build knows, NULL-terminated (for help texts and docs). */
const char *const *nqpf_study_step_types(void);

/** Frees a study; NULL is allowed. */
void nqpf_study_free(nqpf_study *s);

#ifdef __cplusplus
}
#endif
#endif
