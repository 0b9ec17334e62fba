/* report.pdf: report.html printed to A4 through headless Chromium (the page's print stylesheet sets
 * @page A4 and keeps charts and tables whole). Chromium runs with fork/exec (no shell), in its own
 * process group, with a fresh profile in TMPDIR, and is killed when it runs past the timeout. It
 * prints into a temporary file beside the PDF, which is renamed into place only when it is a PDF;
 * on any failure the temporary file and the profile are removed and the old PDF, if any, stays.
 * See docs/report.md ("Printing"). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include "nqpf/error.h"
#include "nqpf/report.h"
#include "../util/util.h"

#define PDF_TIMEOUT_DEFAULT 120 /* seconds */
#define PDF_INSTALL "install it (Debian/Ubuntu: apt install chromium) or set NQPF_CHROMIUM to its path"

static int is_exec_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* The Chromium to run: $NQPF_CHROMIUM when set, else the first of chromium, chromium-browser,
 * google-chrome, google-chrome-stable found on PATH. Stores a malloc'ed path in *out. */
static int find_chromium(char **out, const char *pdf)
{
    *out = NULL;
    const char *env = getenv("NQPF_CHROMIUM");
    if (env && *env) {
        if (!is_exec_file(env))
            return nqpf_error_set(NQPF_EIO,
                                  "%s: NQPF_CHROMIUM is '%s', which is not an executable file; %s (report.html is "
                                  "written)",
                                  pdf, env, PDF_INSTALL);
        return (*out = nqpf__strdup(env)) ? NQPF_OK : NQPF_EINTERNAL;
    }
    static const char *const names[] = {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"};
    const char *path = getenv("PATH");
    for (size_t n = 0; path && n < sizeof names / sizeof *names; n++) {
        const char *p = path;
        while (1) {
            const char *e = strchr(p, ':');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            nqpf__buf b = NQPF__BUF_INIT;
            nqpf__buf_printf(&b, "%.*s/%s", (int)len, len ? p : ".", names[n]);
            if (b.failed)
                return NQPF_EINTERNAL;
            if (len && is_exec_file(b.data)) {
                *out = b.data;
                return NQPF_OK;
            }
            nqpf__buf_free(&b);
            if (!e)
                break;
            p = e + 1;
        }
    }
    return nqpf_error_set(NQPF_EIO,
                          "%s: printing the report needs headless Chromium, and none was found (looked for chromium, "
                          "chromium-browser, google-chrome on PATH and NQPF_CHROMIUM); %s (report.html is written)",
                          pdf, PDF_INSTALL);
}

/* file:// URL of an absolute path, percent-encoding every byte but unreserved ones and '/'. */
static char *file_url(const char *abs)
{
    static const char hex[] = "0123456789ABCDEF";
    nqpf__buf b = NQPF__BUF_INIT;
    nqpf__buf_printf(&b, "file://");
    for (const unsigned char *c = (const unsigned char *)abs; *c; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || strchr("/-._~", *c))
            nqpf__buf_printf(&b, "%c", *c);
        else
            nqpf__buf_printf(&b, "%%%c%c", hex[*c >> 4], hex[*c & 15]);
    }
    if (b.failed) {
        nqpf__buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* Removes the folder tree at @p fd/@p name (no links followed); best effort. */
static void remove_tree_at(int dirfd, const char *name, int depth)
{
    struct stat st;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return;
    if (!S_ISDIR(st.st_mode) || depth > 64) {
        unlinkat(dirfd, name, 0);
        return;
    }
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        DIR *d = fdopendir(fd);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)))
                if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                    remove_tree_at(fd, e->d_name, depth + 1);
            closedir(d); /* closes fd */
        } else {
            close(fd);
        }
    }
    unlinkat(dirfd, name, AT_REMOVEDIR);
}

/* The timeout in seconds: NQPF_PDF_TIMEOUT (1..3600) when set, else 120. */
static long pdf_timeout(void)
{
    const char *e = getenv("NQPF_PDF_TIMEOUT");
    char *end;
    long v = e && *e ? strtol(e, &end, 10) : 0;
    return e && *e && !*end && v >= 1 && v <= 3600 ? v : PDF_TIMEOUT_DEFAULT;
}

/* Runs argv[0] with @p argv, stdin/stdout/stderr on /dev/null, in its own process group; waits at
 * most @p timeout seconds, then kills the group. Returns the wait status in *status, or -1 in
 * *status on a timeout; NQPF_EIO when it cannot be started. */
static int run_child(char *const *argv, long timeout, int *status, const char *pdf)
{
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull < 0)
        return nqpf_error_set(NQPF_EIO, "%s: cannot open /dev/null: %s", pdf, strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(devnull);
        return nqpf_error_set(NQPF_EIO, "%s: cannot start Chromium: %s", pdf, strerror(e));
    }
    if (pid == 0) {
        /* The child: only async-signal-safe calls until exec. */
        setpgid(0, 0);
        dup2(devnull, 0);
        dup2(devnull, 1);
        dup2(devnull, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    close(devnull);
    setpgid(pid, pid); /* also from the parent, so the group exists before any kill */
    struct timespec start, now, nap = {0, 50 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR) {
            int e = errno;
            kill(-pid, SIGKILL);
            return nqpf_error_set(NQPF_EIO, "%s: lost track of Chromium: %s", pdf, strerror(e));
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec >= timeout) {
            kill(-pid, SIGKILL);
            while (waitpid(pid, status, 0) < 0 && errno == EINTR)
                ;
            *status = -1;
            break;
        }
        nanosleep(&nap, NULL);
    }
    /* Chromium's helpers (zygote, renderer, GPU process) share the group: none may outlive it. */
    kill(-pid, SIGKILL);
    return NQPF_OK;
}

/* True when the file at @p path starts with the PDF magic "%PDF-". */
static int looks_like_pdf(const char *path)
{
    char head[5];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return n == sizeof head && memcmp(head, "%PDF-", 5) == 0;
}

int nqpf_report_print_pdf(const char *pdf_path, const char *html_path)
{
    if (!pdf_path || !html_path)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_report_print_pdf: NULL path");
    int rc = NQPF_OK, fd = -1, status = 0, tmp_made = 0;
    char *chromium = NULL, *abs = NULL, *url = NULL, *dir = NULL, *profile = NULL;
    nqpf__buf tmp = NQPF__BUF_INIT, prof = NQPF__BUF_INIT, a_prof = NQPF__BUF_INIT, a_out = NQPF__BUF_INIT;
    if ((rc = find_chromium(&chromium, pdf_path)))
        goto done;
    if (!(abs = realpath(html_path, NULL))) {
        rc = nqpf_error_set(NQPF_EIO, "%s: cannot find the report to print, %s: %s", pdf_path, html_path,
                            strerror(errno));
        goto done;
    }
    if (!(url = file_url(abs)) || !(dir = nqpf__strdup(pdf_path))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* The temporary PDF beside the final one (same folder, so that rename is atomic). */
    char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : dir;
    if (slash)
        *slash = 0;
    nqpf__buf_printf(&tmp, "%s/.%s.XXXXXX", slash ? (dir[0] ? dir : "/") : ".", base);
    const char *tdir = getenv("TMPDIR");
    nqpf__buf_printf(&prof, "%s/nqpf-chromium-XXXXXX", tdir && *tdir ? tdir : "/tmp");
    if (tmp.failed || prof.failed) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((fd = mkstemp(tmp.data)) < 0) {
        rc = nqpf_error_set(NQPF_EIO, "%s: cannot create a temporary file in its folder: %s (check the folder and "
                                      "its permissions)",
                            pdf_path, strerror(errno));
        goto done;
    }
    tmp_made = 1;
    close(fd);
    if (!(profile = mkdtemp(prof.data))) {
        rc = nqpf_error_set(NQPF_EIO, "%s: cannot create a Chromium profile folder in %s: %s (set TMPDIR)", pdf_path,
                            tdir && *tdir ? tdir : "/tmp", strerror(errno));
        goto done;
    }
    nqpf__buf_printf(&a_prof, "--user-data-dir=%s", profile);
    nqpf__buf_printf(&a_out, "--print-to-pdf=%s", tmp.data);
    if (a_prof.failed || a_out.failed) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* The report draws its charts synchronously (animation off) while the page loads, and sets
     * #nqpf-check when its script has finished; the virtual time budget lets any timer it starts
     * run before Chromium prints. Swiftshader draws the WebGL density surface without a GPU. */
    char *argv[] = {chromium,
                    (char *)"--headless",
                    (char *)"--no-sandbox",
                    (char *)"--disable-gpu",
                    (char *)"--enable-unsafe-swiftshader",
                    (char *)"--no-pdf-header-footer",
                    (char *)"--run-all-compositor-stages-before-draw",
                    (char *)"--virtual-time-budget=10000",
                    (char *)"--disable-background-networking",
                    (char *)"--disable-component-update",
                    (char *)"--disable-sync",
                    (char *)"--disable-default-apps",
                    (char *)"--disable-dev-shm-usage",
                    (char *)"--no-first-run",
                    a_prof.data,
                    a_out.data,
                    url,
                    NULL};
    long timeout = pdf_timeout();
    if ((rc = run_child(argv, timeout, &status, pdf_path)))
        goto done;
    if (status == -1) {
        rc = nqpf_error_set(NQPF_EIO, "%s: Chromium (%s) did not finish printing within %ld s and was stopped; "
                                      "report.html is written (print it from a browser, or raise NQPF_PDF_TIMEOUT)",
                            pdf_path, chromium, timeout);
        goto done;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
            rc = nqpf_error_set(NQPF_EIO, "%s: cannot run Chromium (%s); %s (report.html is written)", pdf_path,
                                chromium, PDF_INSTALL);
        else if (WIFEXITED(status))
            rc = nqpf_error_set(NQPF_EIO, "%s: Chromium (%s) failed with exit status %d; report.html is written",
                                pdf_path, chromium, WEXITSTATUS(status));
        else
            rc = nqpf_error_set(NQPF_EIO, "%s: Chromium (%s) was killed by signal %d; report.html is written",
                                pdf_path, chromium, WTERMSIG(status));
        goto done;
    }
    if (!looks_like_pdf(tmp.data)) {
        rc = nqpf_error_set(NQPF_EIO, "%s: Chromium (%s) exited but wrote no PDF; report.html is written", pdf_path,
                            chromium);
        goto done;
    }
    chmod(tmp.data, 0644); /* mkstemp makes 0600; a report is for reading */
    if (rename(tmp.data, pdf_path) != 0) {
        rc = nqpf_error_set(NQPF_EIO, "%s: cannot move the printed PDF into place: %s", pdf_path, strerror(errno));
        goto done;
    }
    tmp_made = 0; /* renamed: nothing to remove */
done:
    if (tmp_made)
        unlink(tmp.data);
    if (profile)
        remove_tree_at(AT_FDCWD, profile, 0);
    nqpf__buf_free(&tmp);
    nqpf__buf_free(&prof);
    nqpf__buf_free(&a_prof);
    nqpf__buf_free(&a_out);
    free(chromium);
    free(abs);
    free(url);
    free(dir);
    return rc;
}
