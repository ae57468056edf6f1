/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtocalc plot KIND: a gnuplot script from the library (or, for verify,
 * from a verify JSON file), rendered by gnuplot run directly (never
 * through a shell) into a temporary file that is renamed into place.
 * Without gnuplot, or with -o FILE.gp, the script itself is written.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"

/* ---------------------------------------------------------------- */
/* plot verify: the measured events of a verify JSON file            */
/* ---------------------------------------------------------------- */

/* The next number after key in [*s, end), or -1 when the key is absent;
 * a null value gives -2.  *s moves past it. */
static long long next_num(const char **s, const char *end, const char *key)
{
    const char *k = strstr(*s, key);
    char *e;
    long long v;

    if (!k || k >= end)
        return -1;
    k += strlen(key);
    while (*k == ' ' || *k == ':' || *k == '"')
        k++;
    *s = k;
    if (strncmp(k, "null", 4) == 0) {
        *s = k + 4;
        return -2;
    }
    v = strtoll(k, &e, 10);
    *s = e;
    return e == k ? -1 : v;
}

/* One row per measured event: measured, nominal, typical and latest, all
 * as lateness after the nominal time in ms. */
static int verify_data(FILE *out, const char *json)
{
    const char *s = json;
    int rows = 0;

    fputs("$data << EOD\n", out);
    while ((s = strstr(s, "\"name\": \""))) {
        const char *next = strstr(s + 1, "\"name\": \"");
        const char *end = next ? next : s + strlen(s);
        const char *m = strstr(s, "\"events_us\": [");
        const char *mo = strstr(s, "\"model\":");
        long long meas[64];
        int nm = 0;

        if (!m || !mo || m >= end || mo >= end)
            return -1;
        m += strlen("\"events_us\": [");
        while (*m && *m != ']' && nm < 64) {
            char *e;
            meas[nm++] = strtoll(m, &e, 10);
            if (e == m)
                return -1;
            m = e;
            while (*m == ',' || *m == ' ')
                m++;
        }
        for (int i = 0; i < nm; i++) {
            long long at = next_num(&mo, end, "\"at_us\"");
            long long typ = next_num(&mo, end, "\"typical_us\"");
            long long lat = next_num(&mo, end, "\"latest_us\"");
            if (at < 0 || lat < 0)
                break;
            fprintf(out, "%d %lld %lld %s%lld\n", rows++, meas[i] - at,
                    lat - at, typ == -2 ? "NaN " : "", typ == -2 ? 0
                                                                : typ - at);
        }
        s = end;
    }
    fputs("EOD\n", out);
    return rows;
}

static int verify_script(FILE *out, const char *path)
{
    FILE *f = fopen(path, "re");
    char *json = NULL;
    size_t size = 0, n;
    int rows;

    if (!f) {
        fprintf(stderr, "rtocalc: --from %s: %s\n", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    json = malloc(1 << 22);
    if (!json) {
        fclose(f);
        return CLI_EXIT_RUNTIME;
    }
    while ((n = fread(json + size, 1, (1 << 22) - 1 - size, f)) > 0)
        size += n;
    json[size] = '\0';
    fclose(f);
    if (!strstr(json, "\"command\": \"verify\"")) {
        fprintf(stderr, "rtocalc: --from %s: not the JSON of rtocalc "
                        "verify\n", path);
        free(json);
        return CLI_EXIT_USAGE;
    }
    fputs("# rtocalc plot verify: every measured event as lateness after\n"
          "# the model's nominal time; columns: row, measured_us,\n"
          "# latest_us, typical_us (all minus nominal)\n", out);
    rows = verify_data(out, json);
    free(json);
    if (rows <= 0) {
        fprintf(stderr, "rtocalc: --from %s: no measured events found\n",
                path);
        return CLI_EXIT_USAGE;
    }
    fputs("set title \"rtocalc verify: measured events against the model's "
          "windows\" noenhanced\n"
          "set xlabel 'measured event'\n"
          "set ylabel 'ms after the nominal prediction (log scale)'\n"
          "set logscale y\nset yrange [0.5:5000]\nset grid ytics\n"
          "set key top left opaque\n"
          "lo(x) = x < 600 ? 0.6 : x / 1000.0\n"
          "plot $data using 1:(0.6):(0.6):(lo($3)) with yerrorbars pt -1 "
          "lc rgb '#999999' title 'model window [nominal, latest]', \\\n"
          "     $data using 1:(lo($2)) with points pt 7 ps 0.6 "
          "lc rgb '#c0392b' title 'measured', \\\n"
          "     $data using 1:(lo($4)) with points pt 2 ps 0.6 "
          "lc rgb '#2471a3' title 'model typical'\n", out);
    return ferror(out) ? CLI_EXIT_RUNTIME : CLI_EXIT_OK;
}

/* ---------------------------------------------------------------- */
/* Scripts and rendering                                             */
/* ---------------------------------------------------------------- */

static int script(FILE *out, const struct cli_opts *o)
{
    static const struct {
        const char *name;
        enum rto_chart_kind kind;
    } kinds[] = {
        { "retrans", RTO_CHART_RETRANS },
        { "budget", RTO_CHART_BUDGET },
        { "keepalive", RTO_CHART_KEEPALIVE },
        { "syn", RTO_CHART_SYN },
    };

    if (strcmp(o->plot_kind, "verify") == 0)
        return verify_script(out, o->from);
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        if (strcmp(o->plot_kind, kinds[i].name) == 0) {
            int err = rto_chart(out, kinds[i].kind, &o->params);
            if (err) {
                fprintf(stderr, "rtocalc: plot: %s\n", rto_strerror(err));
                return CLI_EXIT_RUNTIME;
            }
            return CLI_EXIT_OK;
        }
    }
    return CLI_EXIT_USAGE;
}

static const char *extension(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');

    return dot && (!slash || dot > slash) ? dot + 1 : "";
}

/* Write script text to a file atomically. */
static int write_text(FILE *f, void *ctx)
{
    const char *text = ctx;

    return fputs(text, f) < 0 ? RTO_EIO : 0;
}

/* Run gnuplot on the script; 0, 127 when there is no gnuplot, else 1. */
static int run_gnuplot(const char *text, const char *terminal,
                       const char *tmp)
{
    int fds[2], status;
    pid_t pid;
    FILE *in;

    if (pipe2(fds, O_CLOEXEC) != 0)
        return 1;
    pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        char *const argv[] = { (char *)(uintptr_t)"gnuplot", NULL };
        dup2(fds[0], STDIN_FILENO);
        execvp("gnuplot", argv);
        _exit(127);
    }
    close(fds[0]);
    in = fdopen(fds[1], "w");
    if (!in) {
        close(fds[1]);
        waitpid(pid, &status, 0);
        return 1;
    }
    /* The output path is quoted for gnuplot: no quote may end it early. */
    fprintf(in, "set terminal %s\nset output '%s'\n%s\nunset output\n",
            terminal, tmp, text);
    fclose(in);
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
        return 1;
    return WEXITSTATUS(status) == 127 ? 127 : WEXITSTATUS(status) ? 1 : 0;
}

static int render(const char *text, const char *path, const char *ext)
{
    const char *terminal = strcmp(ext, "png") == 0
                               ? "pngcairo size 1000,640"
                               : "svg size 1000,640 dynamic background "
                                 "'#ffffff'";
    size_t len = strlen(path);
    char *tmp = malloc(len + 16);
    int fd, rc;

    if (!tmp)
        return CLI_EXIT_RUNTIME;
    if (strchr(path, '\'') || strchr(path, '\n')) {
        fprintf(stderr, "rtocalc: -o: a file name for gnuplot may not hold "
                        "a quote or a newline, got \"%s\"\n", path);
        free(tmp);
        return CLI_EXIT_USAGE;
    }
    snprintf(tmp, len + 16, "%s.XXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "rtocalc: %s: %s\n", path, strerror(errno));
        free(tmp);
        return CLI_EXIT_RUNTIME;
    }
    {
        /* As readable as any file the user creates, not mkstemp's 0600. */
        mode_t mask = umask(0);
        umask(mask);
        (void)fchmod(fd, 0666 & ~mask);
    }
    close(fd);
    rc = run_gnuplot(text, terminal, tmp);
    if (rc == 0 && rename(tmp, path) == 0) {
        free(tmp);
        return CLI_EXIT_OK;
    }
    unlink(tmp);
    free(tmp);
    if (rc == 127) {
        /* No gnuplot: leave the script and say how to render it. */
        char *gp = malloc(len + 4);
        char err[512];
        if (!gp)
            return CLI_EXIT_RUNTIME;
        snprintf(gp, len + 4, "%.*s.gp", (int)(len - strlen(ext) - 1), path);
        if (cli_write_atomic(gp, write_text, (void *)(uintptr_t)text, err,
                             sizeof(err)) != 0) {
            fprintf(stderr, "rtocalc: %s\n", err);
            free(gp);
            return CLI_EXIT_RUNTIME;
        }
        fprintf(stderr, "rtocalc: gnuplot is not installed; wrote %s. "
                        "Render it with: gnuplot -e \"set terminal %s; set "
                        "output '%s'\" %s\n",
                gp, strcmp(ext, "png") == 0 ? "pngcairo" : "svg", path, gp);
        free(gp);
        return CLI_EXIT_OK;
    }
    fprintf(stderr, "rtocalc: gnuplot failed to draw %s\n", path);
    return CLI_EXIT_RUNTIME;
}

int cli_plot(const struct cli_opts *o)
{
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    const char *ext;
    int rc;

    if (!mem)
        return CLI_EXIT_RUNTIME;
    rc = script(mem, o);
    if (fclose(mem) != 0 && rc == 0)
        rc = CLI_EXIT_RUNTIME;
    if (rc) {
        free(text);
        return rc;
    }
    if (!o->output) {
        rc = fputs(text, stdout) < 0 || fflush(stdout) != 0 ? CLI_EXIT_RUNTIME
                                                            : CLI_EXIT_OK;
        if (rc)
            fprintf(stderr, "rtocalc: write error: %s\n", strerror(errno));
        free(text);
        return rc;
    }
    ext = extension(o->output);
    if (strcmp(ext, "svg") == 0 || strcmp(ext, "png") == 0) {
        rc = render(text, o->output, ext);
    } else if (strcmp(ext, "gp") == 0) {
        char err[512];
        rc = cli_write_atomic(o->output, write_text, text, err, sizeof(err));
        if (rc) {
            fprintf(stderr, "rtocalc: %s\n", err);
            rc = CLI_EXIT_RUNTIME;
        }
    } else {
        fprintf(stderr, "rtocalc: -o: plot writes FILE.svg, FILE.png or "
                        "FILE.gp, got \"%s\"\n", o->output);
        rc = CLI_EXIT_USAGE;
    }
    free(text);
    return rc;
}
