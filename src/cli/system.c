/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The running kernel's HZ, for --system and for verify: CONFIG_HZ from the
 * kernel's own config where one is readable.  Nothing in /proc/sys tells
 * it, and the CLI is the layer that reads the machine it runs on; verify
 * is handed the result.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"

/* CONFIG_HZ=N in the kernel config f. */
static int hz_from_config(FILE *f)
{
    char line[256];
    int hz = 0;

    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "CONFIG_HZ=%d", &hz) == 1)
            break;
    return hz;
}

/* /proc/config.gz, decompressed by gzip run directly (no shell). */
static int hz_from_proc_config(void)
{
    int fds[2], hz = 0, status;
    pid_t pid;
    FILE *f;

    if (access("/proc/config.gz", R_OK) != 0 || pipe2(fds, O_CLOEXEC) != 0)
        return 0;
    pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return 0;
    }
    if (pid == 0) {
        char *const argv[] = { (char *)(uintptr_t)"gzip",
                               (char *)(uintptr_t)"-dc",
                               (char *)(uintptr_t)"/proc/config.gz", NULL };
        dup2(fds[1], STDOUT_FILENO);
        execvp("gzip", argv);
        _exit(127);
    }
    close(fds[1]);
    f = fdopen(fds[0], "r");
    if (f) {
        hz = hz_from_config(f);
        fclose(f);
    } else {
        close(fds[0]);
    }
    waitpid(pid, &status, 0);
    return hz;
}

int cli_detect_hz(int *hz, char *source, size_t size)
{
    struct utsname u;
    char path[300];
    FILE *f;

    *hz = hz_from_proc_config();
    if (*hz) {
        snprintf(source, size, "/proc/config.gz");
        return 0;
    }
    if (uname(&u) == 0) {
        snprintf(path, sizeof(path), "/boot/config-%s", u.release);
        f = fopen(path, "re");
        if (f) {
            *hz = hz_from_config(f);
            fclose(f);
            if (*hz) {
                snprintf(source, size, "%s", path);
                return 0;
            }
        }
    }
    snprintf(source, size, "no kernel config");
    return -1;
}
