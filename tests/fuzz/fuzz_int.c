/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for cli_parse_int() and for an integer option given
 * as a sweep range: cli_parse() of "rtocalc sweep --retries2 DATA" must
 * return 0 (a range kept for the sweep) or 2 (a usage error with a
 * message), and nothing else.  The ranges themselves are parsed later, in
 * plan.c, and are not reached from here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    struct cli_opts *o = malloc(sizeof(*o));
    int64_t v;
    int rc;

    if (!s || !o)
        goto out;
    memcpy(s, data, size);
    s[size] = '\0';

    /* The parser must agree with strtoll() on what it accepts. */
    if (cli_parse_int(s, &v) == 0) {
        char *end;
        if (strtoll(s, &end, 10) != v || *end != '\0')
            __builtin_trap();
    }

    {
        char *argv[] = {"rtocalc", "sweep", "--retries2", s, NULL};
        rc = cli_parse(4, argv, o);
    }
    if (rc != 0 && rc != CLI_EXIT_USAGE)
        __builtin_trap();
    if (rc == CLI_EXIT_USAGE && o->error[0] == '\0')
        __builtin_trap();
out:
    free(o);
    free(s);
    return 0;
}
