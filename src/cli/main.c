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
    int rc;

    /* --stack NAME for a stack other than Linux: its own options. */
    if (cli_stack_wanted(argc, argv))
        return cli_stack_main(argc, argv);
    rc = cli_parse(argc, argv, &o);

    if (rc) {
        fprintf(stderr, "rtocalc: %s (see rtocalc --help)\n", o.error);
        return rc;
    }
    if (*o.notes && !o.quiet)
        fputs(o.notes, stderr);
    if (o.kernel_list) {
        struct rto_result r = { .kind = RTO_RESULT_KERNELS,
                                .params = &o.params };

        cli_print_warnings(&o);
        return cli_write(&o, &r);
    }
    if (o.help || o.version || o.complete) {
        cli_print_warnings(&o);
        return cli_output(o.output,
                          o.help       ? write_help
                          : o.complete ? cli_complete
                                       : write_version,
                          &o);
    }
    return cli_run(&o);
}
