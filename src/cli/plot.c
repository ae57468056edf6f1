/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtocalc plot KIND: a gnuplot script from the library (or, for verify,
 * from a verify JSON file), rendered by gnuplot run directly (never
 * through a shell), which writes the image to a pipe; the image then goes
 * through the same output path as every command's output.  Without
 * gnuplot, or with -o FILE.gp or a name without an extension, the script
 * itself is written.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
          "set key below\n"
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
    const struct cli_plot_kind *k;

    for (size_t i = 0; (k = cli_plot_kind(i)); i++) {
        if (strcmp(o->plot_kind, k->name) != 0)
            continue;
        if (k->chart == CLI_CHART_VERIFY)
            return verify_script(out, o->from);
        if (k->chart == CLI_CHART_STACKS)
            return cli_stacks_chart(out, o);
        {
            int err = rto_chart(out, (enum rto_chart_kind)k->chart,
                                &o->params);
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

/* The script text (ctx) as the output. */
static int write_text(FILE *f, void *ctx)
{
    const char *text = ctx;

    return fputs(text, f) < 0 ? RTO_EIO : 0;
}

struct render {
    const char *text;       /* the script */
    const char *terminal;   /* gnuplot's terminal for the image */
    int gnuplot;            /* 0 drew, 127 not installed, 1 failed */
};

/*
 * The image as the output: gnuplot reads the script from an unlinked
 * temporary file and writes the image to its standard output, a pipe
 * copied into out.  A file rather than a second pipe for the script, so
 * that gnuplot never waits for us to read while we wait for it to read.
 */
static int write_image(FILE *out, void *ctx)
{
    struct render *r = ctx;
    FILE *script = tmpfile();
    char buf[8192];
    int fds[2], status;
    ssize_t n;
    pid_t pid;

    r->gnuplot = 1;
    if (!script || fprintf(script, "set terminal %s\n%s\n", r->terminal,
                           r->text) < 0
        || fflush(script) != 0 || fseek(script, 0, SEEK_SET) != 0
        || pipe2(fds, O_CLOEXEC) != 0) {
        if (script)
            fclose(script);
        return -1;
    }
    pid = fork();
    if (pid == 0) {
        char *const argv[] = { (char *)(uintptr_t)"gnuplot", NULL };
        dup2(fileno(script), STDIN_FILENO);
        dup2(fds[1], STDOUT_FILENO);
        execvp("gnuplot", argv);
        _exit(127);
    }
    fclose(script);
    close(fds[1]);
    while (pid > 0) {
        n = read(fds[0], buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || fwrite(buf, 1, (size_t)n, out) != (size_t)n)
            break;
    }
    /* Closing the pipe early ends a gnuplot whose image we cannot take. */
    close(fds[0]);
    if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status))
        r->gnuplot = WEXITSTATUS(status) == 127 ? 127
                     : WEXITSTATUS(status)      ? 1
                                                : 0;
    /* A failed write is the output's error, which the output path
     * reports; gnuplot is not to blame for it. */
    if (ferror(out))
        r->gnuplot = 0;
    return r->gnuplot || ferror(out) ? -1 : 0;
}

static int render(const char *text, const char *path, const char *ext)
{
    struct render r = { text, "svg size 1000,640 dynamic background "
                              "'#ffffff'", 0 };
    size_t len = strlen(path);
    char *gp;
    int rc;

    if (strcmp(ext, "png") == 0)
        r.terminal = "pngcairo size 1000,640";
    rc = cli_output(path, write_image, &r);
    if (r.gnuplot == 1)
        fprintf(stderr, "rtocalc: gnuplot failed to draw %s\n", path);
    if (r.gnuplot != 127)
        return rc;
    /* No gnuplot: write the script beside path and say how to render
     * it. */
    gp = malloc(len + 4);
    if (!gp)
        return CLI_EXIT_RUNTIME;
    snprintf(gp, len + 4, "%.*s.gp", (int)(len - strlen(ext) - 1), path);
    rc = cli_output(gp, write_text, (void *)(uintptr_t)text);
    if (rc == CLI_EXIT_OK)
        fprintf(stderr, "rtocalc: gnuplot is not installed; wrote %s. "
                        "Render it with: gnuplot -e \"set terminal %s; set "
                        "output '%s'\" %s\n",
                gp, strcmp(ext, "png") == 0 ? "pngcairo" : "svg", path, gp);
    free(gp);
    return rc;
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
    /* FILE.svg and FILE.png are drawn; FILE.gp and a name without an
     * extension (-, a device, /dev/stdout) receive the script. */
    ext = o->output ? extension(o->output) : "";
    if (strcmp(ext, "svg") == 0 || strcmp(ext, "png") == 0) {
        rc = render(text, o->output, ext);
    } else if (strcmp(ext, "gp") == 0 || !*ext) {
        rc = cli_output(o->output, write_text, text);
    } else {
        fprintf(stderr, "rtocalc: -o: plot writes FILE.svg, FILE.png or "
                        "a script (FILE.gp), got \"%s\"\n", o->output);
        rc = CLI_EXIT_USAGE;
    }
    free(text);
    return rc;
}
