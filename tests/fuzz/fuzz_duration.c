/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for cli_parse_duration(): any text, read with the bare
 * units the options use (us, ms and s).  A success must give a duration
 * that is not negative.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int64_t bare_units_us[] = {1, 1000, 1000000};
    char *s = malloc(size + 1);

    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    for (size_t i = 0; i < sizeof(bare_units_us) / sizeof(bare_units_us[0]);
         i++) {
        int64_t us = -1;

        if (cli_parse_duration(s, bare_units_us[i], &us) == 0 && us < 0)
            __builtin_trap();
    }
    free(s);
    return 0;
}
