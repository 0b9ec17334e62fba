/**
 * @file global.h
 * @brief Library-wide set-up of the solvers nqpf is built on.
 *
 * nqpf never aborts and never prints: every failure comes back as a status code with a message
 * (error.h), and warnings go to the handler the program installs. Two of the libraries underneath
 * have other defaults. GSL's default error handler calls abort() on any failure (a singular matrix
 * in a regression, say), although nqpf checks and reports every GSL status itself; and GLPK writes
 * solver progress and diagnostics to stdout. nqpf_global_init() switches both off: GSL's error
 * handler process-wide (gsl_set_error_handler_off), GLPK's terminal output (glp_term_out(GLP_OFF))
 * for the calling thread, because GLPK keeps its settings per thread.
 *
 * Calling it is recommended but not required. Every nqpf function that uses GSL or GLPK calls it
 * itself (it costs a pthread_once check and a thread-local flag test after the first time), so a
 * program that forgets is still safe, including in the worker threads nqpf starts. Call it once at
 * start-up if the program also uses GSL itself and wants the same behaviour from the beginning, and
 * note that it replaces any GSL error handler the program installed earlier (install yours after).
 */
#ifndef NQPF_GLOBAL_H
#define NQPF_GLOBAL_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Turns GSL's aborting error handler off (once per process) and GLPK's terminal output off (for the
 * calling thread). Idempotent and thread-safe. Returns NQPF_OK, or NQPF_EINTERNAL if the one-time
 * initialisation could not run.
 */
int nqpf_global_init(void);

/**
 * Releases what GLPK keeps for the calling thread (glp_free_env). Optional: call it last, after
 * every nqpf object of the thread has been freed, to leave nothing for a leak checker to report. A
 * later nqpf call starts afresh. GSL's error handler is left off.
 */
void nqpf_global_shutdown(void);

#ifdef __cplusplus
}
#endif
#endif
