/* Reading a large .xlsx against its CSV twin: time and peak memory of nqpf_read_table().
 *
 *   build/bench/bench_xlsx [--rows N] [--dir DIR] [--repeat K]
 *
 * Writes DIR/bench.xlsx (libxlsxwriter, shared strings as Excel writes them) and DIR/bench.csv
 * from the same values: N rows (default 200,000) of 8 columns, a text id ("U00001"; 10,000 units
 * x N/10,000 years), a year and 6 numbers with at most 4 decimals (so that the xlsx writer's
 * "%.16g" and the CSV's shortest repr read back to the same doubles). Each read runs K times
 * (default 3) in a fresh process (this program run again with --child PATH through posix_spawn,
 * so that none of the parent's memory counts); the child times nqpf_read_table() and reports its peak resident
 * set (VmHWM of /proc/self/status; wait4's ru_maxrss would include the parent's memory, which Linux
 * carries over exec). A child that starts and exits without
 * reading gives the baseline that the memory figures subtract. Last, both tables are read in this process and
 * compared cell by cell. Not run by ctest; figures in docs/performance.md. */
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "nqpf.h"

extern char **environ;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static unsigned long long rng = 88172645463325252ull;
static double uniform(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static int write_files(const char *xlsx, const char *csv, size_t nrows)
{
    lxw_workbook *wb = workbook_new(xlsx);
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "data") : NULL;
    FILE *f = fopen(csv, "w");
    if (!wb || !ws || !f) {
        fprintf(stderr, "bench_xlsx: cannot create %s or %s\n", xlsx, csv);
        return 1;
    }
    const char *head[8] = {"id", "year", "x1", "x2", "x3", "x4", "x5", "x6"};
    for (int j = 0; j < 8; j++) {
        worksheet_write_string(ws, 0, (lxw_col_t)j, head[j], NULL);
        fprintf(f, "%s%s", j ? "," : "", head[j]);
    }
    fputc('\n', f);
    size_t units = nrows < 10000 ? nrows : 10000, years = (nrows + units - 1) / units;
    for (size_t r = 0; r < nrows; r++) {
        char id[32], num[40];
        snprintf(id, sizeof id, "U%05zu", r / years + 1);
        int year = 2001 + (int)(r % years);
        worksheet_write_string(ws, (lxw_row_t)(r + 1), 0, id, NULL);
        worksheet_write_number(ws, (lxw_row_t)(r + 1), 1, year, NULL);
        fprintf(f, "%s,%d", id, year);
        for (int j = 0; j < 6; j++) {
            double v = round(uniform() * pow(10.0, 2 + j) * 1e4) / 1e4;
            worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)(2 + j), v, NULL);
            fprintf(f, ",%s", nqpf_format_double(v, num, sizeof num));
        }
        fputc('\n', f);
    }
    if (fclose(f) != 0 || workbook_close(wb) != LXW_NO_ERROR) {
        fprintf(stderr, "bench_xlsx: writing the files failed\n");
        return 1;
    }
    return 0;
}

/* The child: reads @p path (nothing when empty) and writes the seconds to stdout as text. */
static int child_main(const char *path)
{
    double t = 0;
    if (*path) {
        nqpf_table *tb = NULL;
        double t0 = now();
        int rc = nqpf_read_table(&tb, path, NULL);
        t = now() - t0;
        if (rc != NQPF_OK) {
            fprintf(stderr, "bench_xlsx: %s\n", nqpf_error_message());
            return 1;
        }
        nqpf_table_free(tb);
    }
    /* VmHWM: the peak resident set of this process's own memory since exec (wait4's ru_maxrss
     * would also count the parent's memory that the child's exec replaced) */
    long hwm = -1;
    FILE *st = fopen("/proc/self/status", "r");
    char line[256];
    while (st && fgets(line, sizeof line, st))
        if (strncmp(line, "VmHWM:", 6) == 0)
            hwm = strtol(line + 6, NULL, 10);
    if (st)
        fclose(st);
    printf("%.17g %ld\n", t, hwm);
    return hwm < 0;
}

/* Runs this program afresh (posix_spawn, which glibc implements with a vfork-style clone: the
 * child never holds a copy of the parent's memory, whose peak a fork would carry over exec) to read @p path
 * ("" = only start and exit): seconds and the child's peak RSS (KiB, its VmHWM). */
static int child_read(const char *self, const char *path, double *secs, long *maxrss_kb)
{
    int fd[2];
    if (pipe(fd) != 0)
        return 1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addclose(&fa, fd[0]);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
    char *args[] = {(char *)self, (char *)"--child", (char *)path, NULL};
    pid_t pid;
    int src = posix_spawn(&pid, self, &fa, NULL, args, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (src != 0)
        return 1;
    close(fd[1]);
    char buf[64] = "";
    ssize_t got = read(fd[0], buf, sizeof buf - 1);
    close(fd[0]);
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || got <= 0)
        return 1;
    buf[got] = '\0';
    char *end;
    *secs = strtod(buf, &end);
    *maxrss_kb = strtol(end, NULL, 10);
    return 0;
}

static int same_tables(const nqpf_table *a, const nqpf_table *b)
{
    if (nqpf_table_ncols(a) != nqpf_table_ncols(b) || nqpf_table_nrows(a) != nqpf_table_nrows(b))
        return 0;
    for (size_t j = 0; j < nqpf_table_ncols(a); j++) {
        if (strcmp(nqpf_table_colname(a, j), nqpf_table_colname(b, j)) != 0 ||
            nqpf_table_is_text(a, j) != nqpf_table_is_text(b, j))
            return 0;
        for (size_t i = 0; i < nqpf_table_nrows(a); i++)
            if (nqpf_table_is_text(a, j) ? strcmp(nqpf_table_text(a, j, i), nqpf_table_text(b, j, i)) != 0
                                         : nqpf_table_cnum(a, j)[i] != nqpf_table_cnum(b, j)[i])
                return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    size_t nrows = 200000;
    int repeat = 3;
    const char *dir = "/tmp";
    if (argc == 3 && strcmp(argv[1], "--child") == 0)
        return child_main(argv[2]);
    for (int k = 1; k < argc; k++) {
        if (strcmp(argv[k], "--rows") == 0 && k + 1 < argc)
            nrows = (size_t)strtoul(argv[++k], NULL, 10);
        else if (strcmp(argv[k], "--dir") == 0 && k + 1 < argc)
            dir = argv[++k];
        else if (strcmp(argv[k], "--repeat") == 0 && k + 1 < argc)
            repeat = atoi(argv[++k]);
        else {
            fprintf(stderr, "usage: bench_xlsx [--rows N] [--dir DIR] [--repeat K]\n");
            return 2;
        }
    }
    if (nrows == 0 || repeat < 1) {
        fprintf(stderr, "bench_xlsx: --rows and --repeat must be positive\n");
        return 2;
    }
    char xlsx[4096], csv[4096];
    snprintf(xlsx, sizeof xlsx, "%s/bench.xlsx", dir);
    snprintf(csv, sizeof csv, "%s/bench.csv", dir);
    double t0 = now();
    if (write_files(xlsx, csv, nrows) != 0)
        return 1;
    printf("wrote %zu rows x 8 columns in %.1f s: %s, %s\n", nrows, now() - t0, xlsx, csv);

    double base_t;
    long base_kb;
    if (child_read("/proc/self/exe", "", &base_t, &base_kb) != 0)
        return 1;
    const char *paths[2] = {csv, xlsx};
    double best_t[2];
    long peak_kb[2];
    for (int f = 0; f < 2; f++) {
        best_t[f] = INFINITY;
        peak_kb[f] = 0;
        for (int r = 0; r < repeat; r++) {
            double t;
            long kb;
            if (child_read("/proc/self/exe", paths[f], &t, &kb) != 0)
                return 1;
            if (t < best_t[f])
                best_t[f] = t;
            if (kb > peak_kb[f])
                peak_kb[f] = kb;
        }
    }
    FILE *fs = fopen(xlsx, "rb");
    long xlsx_bytes = 0, csv_bytes = 0;
    if (fs && fseek(fs, 0, SEEK_END) == 0)
        xlsx_bytes = ftell(fs);
    if (fs)
        fclose(fs);
    fs = fopen(csv, "rb");
    if (fs && fseek(fs, 0, SEEK_END) == 0)
        csv_bytes = ftell(fs);
    if (fs)
        fclose(fs);
    printf("baseline child peak RSS: %.1f MiB (subtracted below)\n", base_kb / 1024.0);
    printf("| file | size | read time (best of %d) | peak RSS above baseline |\n| --- | ---: | ---: | ---: |\n", repeat);
    const char *label[2] = {"CSV", "xlsx"};
    long sizes[2] = {csv_bytes, xlsx_bytes};
    for (int f = 0; f < 2; f++)
        printf("| %s | %.1f MiB | %.3f s | %.1f MiB |\n", label[f], sizes[f] / 1048576.0, best_t[f],
               (peak_kb[f] - base_kb) / 1024.0);
    printf("xlsx / CSV: time %.2f, peak memory %.2f\n", best_t[1] / best_t[0],
           (double)(peak_kb[1] - base_kb) / (double)(peak_kb[0] - base_kb));

    nqpf_table *a = NULL, *b = NULL;
    if (nqpf_read_table(&a, csv, NULL) != NQPF_OK || nqpf_read_table(&b, xlsx, NULL) != NQPF_OK) {
        fprintf(stderr, "bench_xlsx: %s\n", nqpf_error_message());
        return 1;
    }
    int same = same_tables(a, b);
    printf("tables identical (names, types, every cell): %s\n", same ? "yes" : "NO");
    nqpf_table_free(a);
    nqpf_table_free(b);
    return same ? 0 : 1;
}
