/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for "rtocalc rto --samples DATA" as far as cli_parse()
 * goes: it must return 0 or 2 (with a message).  The list itself is split
 * and read by add_samples(), static in plan.c, when the command runs, so
 * it is not reached from here.
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
    int rc;

    if (!s || !o)
        goto out;
    memcpy(s, data, size);
    s[size] = '\0';
    {
        char *argv[] = {"rtocalc", "rto", "--samples", s, NULL};
        rc = cli_parse(4, argv, o);
    }
    if (rc != 0 && (rc != CLI_EXIT_USAGE || o->error[0] == '\0'))
        __builtin_trap();
    /* Accepted, the option keeps the text as given. */
    if (rc == 0 && o->samples != s)
        __builtin_trap();
out:
    free(o);
    free(s);
    return 0;
}
