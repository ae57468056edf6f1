/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rtocalc: when does Linux give up on a TCP connection whose peer vanished? */
#include <config.h>

#include <stdio.h>

#include "cli/cli.h"

static int write_help(FILE *f, void *ctx)
{
    const struct cli_opts *o = ctx;

    if (o->help_command)
        cli_command_usage(f, o);
    else
        cli_usage(f, &o->params);
    return 0;
}

static int write_version(FILE *f, void *ctx)
{
    (void)ctx;
    fprintf(f, "rtocalc %s\n"
               "A model of the Linux TCP give-up timers.\n"
               "License GPL-2.0-or-later: this is free software; there is "
               "NO WARRANTY.\n",
            rto_version());
    return 0;
}

int main(int argc, char *argv[])
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, &o);

    if (rc) {
        fprintf(stderr, "rtocalc: %s (see rtocalc --help)\n", o.error);
        return rc;
    }
    if (*o.notes)
        fputs(o.notes, stderr);
    for (int i = 0; i < o.nwarnings; i++)
        fprintf(stderr, "rtocalc: warning: %s\n", o.warnings[i]);
    if (o.kernel_list)
        return cli_output(o.output, cli_kernel_list, NULL);
    if (o.help)
        return cli_output(o.output, write_help, &o);
    if (o.complete)
        return cli_output(o.output, cli_complete, &o);
    if (o.version)
        return cli_output(o.output, write_version, NULL);
    return cli_run(&o);
}
