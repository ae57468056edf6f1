/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rtocalc: when does Linux give up on a TCP connection whose peer vanished? */
#include <config.h>

#include <stdio.h>

#include "cli/cli.h"

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
        return cli_kernel_list(stdout);
    if (o.help) {
        if (o.help_command)
            cli_command_usage(stdout, &o);
        else
            cli_usage(stdout, &o.params);
        return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_RUNTIME;
    }
    if (o.version) {
        printf("rtocalc %s\n"
               "A model of the Linux TCP give-up timers.\n"
               "License GPL-2.0-or-later: this is free software; there is "
               "NO WARRANTY.\n",
               rto_version());
        return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_RUNTIME;
    }
    return cli_run(&o);
}
