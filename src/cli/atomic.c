/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -o FILE: write a temporary file beside FILE and rename it on success. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

int cli_write_atomic(const char *path, cli_write_fn fn, void *ctx,
                     char *err, size_t errsize)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + sizeof(".XXXXXX"));
    FILE *f = NULL;
    int fd, rc, saved;

    if (!tmp) {
        snprintf(err, errsize, "%s: out of memory", path);
        return -1;
    }
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".XXXXXX", sizeof(".XXXXXX"));
    fd = mkstemp(tmp);
    if (fd < 0) {
        saved = errno;
        snprintf(err, errsize, "%s: %s", path, strerror(saved));
        free(tmp);
        errno = saved;
        return -1;
    }
    /* mkstemp() creates 0600; a written report should be as readable as
     * any file the user creates. */
    {
        mode_t mask = umask(0);
        umask(mask);
        (void)fchmod(fd, 0666 & ~mask);
    }
    f = fdopen(fd, "w");
    if (!f) {
        saved = errno;
        close(fd);
        goto fail;
    }
    errno = 0;
    rc = fn(f, ctx);
    if (rc != 0 || fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0) {
        saved = errno ? errno : EIO;
        fclose(f);
        goto fail;
    }
    if (fclose(f) != 0) {
        saved = errno;
        goto fail;
    }
    if (rename(tmp, path) != 0) {
        saved = errno;
        goto fail;
    }
    free(tmp);
    return 0;
fail:
    unlink(tmp);
    snprintf(err, errsize, "%s: %s", path, strerror(saved));
    free(tmp);
    errno = saved;
    return -1;
}
