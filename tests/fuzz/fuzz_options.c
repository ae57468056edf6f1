/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for cli_parse(): the input is split on NUL and newline
 * bytes into at most 16 words after argv[0].  cli_parse() must return 0 or
 * 2 (with a message).  When it accepts a timeline or report command, the
 * model runs on the accepted settings through the public API and its
 * output goes to /dev/null, so any setting the parser lets through is also
 * a setting the model and the writers survive.  cli_run() is not called:
 * it may write files, run verify or start gnuplot.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define MAX_WORDS 16
#define EVENTS 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Words that make cli_parse() itself read the file system: --system
 * (found by an exact match before getopt runs, so also as another option's
 * value) and --sysctl-file in every spelling getopt_long() accepts, its
 * unambiguous prefixes from "--sysctl-" on and the "=FILE" form.  Other
 * file options (-o, --csv, --from, --samples-file) only store the name,
 * which is used by cli_run() alone.
 */
static int touches_files(const char *word)
{
    return strcmp(word, "--system") == 0 || strncmp(word, "--sysctl-", 9) == 0;
}

static void run_model(const struct cli_opts *o, FILE *null)
{
    int (*fn)(const struct rto_params *, struct rto_timeline *);
    struct rto_event *ev = malloc(sizeof(*ev) * EVENTS);
    struct rto_timeline t;

    if (!ev)
        return;
    switch (o->command) {
    case CLI_CMD_RETRANS:
        fn = rto_retrans;
        break;
    case CLI_CMD_KEEPALIVE:
        fn = rto_keepalive;
        break;
    case CLI_CMD_SYN:
        fn = rto_syn;
        break;
    case CLI_CMD_SYNACK:
        fn = rto_synack;
        break;
    case CLI_CMD_ORPHAN:
        fn = o->fin_wait2 ? rto_fin_wait2 : rto_orphan;
        break;
    case CLI_CMD_PROBE0:
        fn = rto_probe0;
        break;
    case CLI_CMD_REPORT:
    case CLI_CMD_SYSCTL:
        fn = NULL;
        break;
    default:
        free(ev);
        return;
    }
    if (o->emit)
        (void)rto_emit(null, o->emit, &o->params);
    if (!fn) {
        (void)rto_report(null, o->format, &o->params, ev, EVENTS);
    } else {
        rto_timeline_init(&t, ev, EVENTS);
        if (fn(&o->params, &t) == 0) {
            /* The model must stay inside the storage it was given. */
            if (t.count > t.cap)
                __builtin_trap();
            (void)rto_write(null, o->format, &o->params, &t);
        }
    }
    free(ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *null;
    char *buf = malloc(size + 1);
    char *argv[MAX_WORDS + 2] = {"rtocalc"};
    int argc = 1, rc;
    struct cli_opts *o = NULL;

    if (!null && !(null = fopen("/dev/null", "w")))
        abort();
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    /* A separator at the very end closes the last word; it does not
     * start an empty one. */
    for (char *w = buf; argc <= MAX_WORDS && w < buf + size; argc++) {
        size_t len = strcspn(w, "\n");

        w[len] = '\0';
        if (touches_files(w))
            goto out;
        argv[argc] = w;
        w += len + 1;
    }
    argv[argc] = NULL;

    o = malloc(sizeof(*o));
    if (!o)
        goto out;
    rc = cli_parse(argc, argv, o);
    if (rc != 0 && (rc != CLI_EXIT_USAGE || o->error[0] == '\0'))
        __builtin_trap();
    if (rc == 0 && !o->help && !o->version && !o->kernel_list)
        run_model(o, null);
out:
    free(o);
    free(buf);
    return 0;
}
