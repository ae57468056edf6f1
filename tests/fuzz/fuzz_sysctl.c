/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for cli_sysctl_file(): the input is the sysctl.conf
 * file.  It is read twice, on the default (newest) profile and on the
 * oldest one, where some of the knobs do not exist; each read must return
 * 0 or 2 with a message.  On success the settings are checked as
 * cli_parse() checks them, which formats the file-and-line labels.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One temporary file per process, rewritten for each input. */
static char path[] = "/tmp/rtocalc-fuzz-sysctl.XXXXXX";
static int fd = -1;

static void remove_file(void)
{
    unlink(path);
}

static void parse_with(const char *p, int kernel, struct cli_opts *o)
{
    int rc;

    memset(o, 0, sizeof(*o));
    rto_params_default_for(&o->params, kernel);
    rc = cli_sysctl_file(o, p);
    if (rc == 0)
        rc = cli_check(o);
    if (rc != 0 && (rc != CLI_EXIT_USAGE || o->error[0] == '\0'))
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cli_opts *o;
    size_t nprofiles;
    const int *profiles = rto_kernel_profiles(&nprofiles);

    if (fd < 0) {
        fd = mkstemp(path);
        if (fd < 0) {
            perror("fuzz_sysctl: mkstemp");
            abort();
        }
        atexit(remove_file);
    }
    if (ftruncate(fd, 0) != 0
        || (size && pwrite(fd, data, size, 0) != (ssize_t)size)) {
        perror("fuzz_sysctl: write");
        abort();
    }
    o = malloc(sizeof(*o));
    if (!o)
        return 0;
    parse_with(path, RTO_KERNEL_DEFAULT, o);
    parse_with(path, profiles[0], o);
    free(o);
    return 0;
}
