/* dea_example: radial CRS input-oriented DEA with libnqpf, one frontier per period.
 *
 *   usage: dea_example FILE ID TIME OUTPUTS INPUTS
 *   e.g.   dea_example panel.csv unit year Y K,L
 *
 * Prints "ID,TIME,te" for every observation; the same numbers as
 * `nqpf dea FILE --id ID --time TIME --outputs OUTPUTS --inputs INPUTS`.
 * Build: cc dea_example.c $(pkg-config --cflags --libs nqpf)   (docs/library.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nqpf.h>

/* Splits "a,b,c" in place into at most max names; returns how many. */
static size_t split(char *list, const char **names, size_t max)
{
    size_t n = 0;
    for (char *s = strtok(list, ","); s && n < max; s = strtok(NULL, ","))
        names[n++] = s;
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: dea_example FILE ID TIME OUTPUTS INPUTS\n");
        return NQPF_EUSAGE;
    }
    /* Optional (every nqpf function does it when it needs to): GSL must not abort, GLPK not print. */
    if (nqpf_global_init() != NQPF_OK) {
        fprintf(stderr, "dea_example: %s\n", nqpf_error_message());
        return NQPF_EINTERNAL;
    }

    const char *outputs[16], *inputs[16];
    nqpf_dea_options o;
    int rc = nqpf_dea_options_init(&o, NQPF_DEA_OPTIONS_VERSION); /* radial, CRS, input-oriented */
    o.outputs = outputs;
    o.noutputs = split(argv[4], outputs, 16);
    o.inputs = inputs;
    o.ninputs = split(argv[5], inputs, 16);

    nqpf_table *t = NULL;
    nqpf_panel *p = NULL;
    nqpf_table *res = NULL;
    if (rc == NQPF_OK)
        rc = nqpf_read_table(&t, argv[1], NULL); /* NULL: default options (delimiter detected) */
    if (rc == NQPF_OK)
        rc = nqpf_panel_new(&p, t, argv[2], argv[3]); /* takes t, even on failure */
    if (rc == NQPF_OK)
        rc = nqpf_dea_run(&res, p, &o, NULL);
    if (rc != NQPF_OK) {
        /* Every nqpf error is a status code plus a one-line message for this thread. */
        fprintf(stderr, "dea_example: %s\n", nqpf_error_message());
        nqpf_panel_free(p);
        return rc;
    }

    /* The result has the id and time columns first, then te, theta, lambda_sum, status. */
    size_t te = nqpf_table_find(res, "te");
    char buf[64];
    printf("%s,%s,te\n", argv[2], argv[3]);
    for (size_t i = 0; i < nqpf_table_nrows(res); i++) {
        printf("%s,", nqpf_table_cell_str(res, 0, i, buf, sizeof buf));
        printf("%s,", nqpf_table_cell_str(res, 1, i, buf, sizeof buf));
        printf("%s\n", nqpf_table_cell_str(res, te, i, buf, sizeof buf));
    }
    nqpf_table_free(res);
    nqpf_panel_free(p);
    return 0;
}
