/* Library-wide set-up (nqpf/global.h): GSL must not abort, GLPK must not print. GSL's handler is one
 * process-wide pointer, set once under pthread_once. GLPK's settings live in a per-thread
 * environment, so its terminal output is switched off once per thread, tracked by a thread-local
 * flag; the LP layer calls nqpf_global_init() whenever it creates a problem, which covers the DEA
 * worker threads too. */
#include <glpk.h>
#include <gsl/gsl_errno.h>
#include <pthread.h>

#include "nqpf/error.h"
#include "nqpf/global.h"

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;
static _Thread_local int glpk_quiet;

static void gsl_init(void) { gsl_set_error_handler_off(); }

int nqpf_global_init(void)
{
    if (pthread_once(&gsl_once, gsl_init) != 0)
        return nqpf_error_set(NQPF_EINTERNAL, "library initialisation failed (pthread_once)");
    if (!glpk_quiet) {
        glp_term_out(GLP_OFF);
        glpk_quiet = 1;
    }
    return NQPF_OK;
}

void nqpf_global_shutdown(void)
{
    glp_free_env();
    glpk_quiet = 0;
}
