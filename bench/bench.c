/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtocalc-bench: time a command the way the benchmark needs it.
 *
 *   rtocalc-bench [-n RUNS] [-o FILE] -- COMMAND [ARG]...
 *
 * Runs COMMAND RUNS times (default 1), each from fork to exit, with its
 * standard output sent to FILE (default /dev/null) and its standard input
 * from /dev/null, and prints one line of key=value pairs:
 *
 *   runs=5 median_s=0.001234 min_s=0.001100 max_s=0.001500 p90_s=...
 *   maxrss_kib=2048
 *
 * maxrss_kib is the largest peak resident set of any run (wait4()).  A run
 * that fails (non-zero exit or a signal) ends the benchmark with exit 1 and
 * its status on standard error: a timing of a failed command means nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 100000

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static void usage(void)
{
    fputs("usage: rtocalc-bench [-n RUNS] [-o FILE] -- COMMAND [ARG]...\n",
          stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    const char *out = "/dev/null";
    long runs = 1, maxrss = 0;
    double *t;
    int c;

    while ((c = getopt(argc, argv, "+n:o:")) != -1) {
        char *end;
        switch (c) {
        case 'n':
            errno = 0;
            runs = strtol(optarg, &end, 10);
            if (errno || *end || runs < 1 || runs > MAX_RUNS) {
                fprintf(stderr, "rtocalc-bench: -n: expected 1..%d, got "
                                "\"%s\"\n", MAX_RUNS, optarg);
                return 2;
            }
            break;
        case 'o':
            out = optarg;
            break;
        default:
            usage();
        }
    }
    if (optind >= argc)
        usage();
    t = malloc((size_t)runs * sizeof(*t));
    if (!t) {
        perror("rtocalc-bench");
        return 1;
    }
    for (long i = 0; i < runs; i++) {
        struct rusage ru;
        int status;
        double start = now_s();
        pid_t pid = fork();

        if (pid < 0) {
            perror("rtocalc-bench: fork");
            return 1;
        }
        if (pid == 0) {
            int in = open("/dev/null", O_RDONLY);
            int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (in < 0 || fd < 0 || dup2(in, 0) < 0 || dup2(fd, 1) < 0) {
                perror("rtocalc-bench: redirect");
                _exit(127);
            }
            execvp(argv[optind], argv + optind);
            fprintf(stderr, "rtocalc-bench: %s: %s\n", argv[optind],
                    strerror(errno));
            _exit(127);
        }
        if (wait4(pid, &status, 0, &ru) < 0) {
            perror("rtocalc-bench: wait4");
            return 1;
        }
        t[i] = now_s() - start;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "rtocalc-bench: %s failed (%s %d)\n",
                    argv[optind], WIFEXITED(status) ? "exit" : "signal",
                    WIFEXITED(status) ? WEXITSTATUS(status)
                                      : WTERMSIG(status));
            return 1;
        }
        if (ru.ru_maxrss > maxrss)
            maxrss = ru.ru_maxrss;
    }
    qsort(t, (size_t)runs, sizeof(*t), by_value);
    printf("runs=%ld median_s=%.6f min_s=%.6f max_s=%.6f p90_s=%.6f "
           "maxrss_kib=%ld\n",
           runs,
           runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2,
           t[0], t[runs - 1], t[(runs * 9 - 1) / 10], maxrss);
    free(t);
    return 0;
}
