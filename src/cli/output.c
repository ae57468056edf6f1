/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one output path of the command line.  Every command writes through
 * cli_output(), so that -o PATH writes what PATH names, as a shell's ">"
 * would, and a failed write is reported the same way everywhere.  Only a
 * regular file is written through a temporary file that is renamed over
 * it: renaming over a device, a FIFO or a symbolic link would replace the
 * node itself, not write to it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

struct dest {
    FILE *f;
    char *name;     /* the directory entry a temporary file replaces */
    char *tmp;      /* the temporary file, or NULL when written in place */
};

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* The descriptor of ours that a /proc/self/fd/N link names, when it is
 * open on st's file, or -1.  Writing through a duplicate of it keeps its
 * offset and O_APPEND, so that "-o /dev/stdout >>log" appends as plain
 * standard output would, where opening the file again would not. */
static int own_fd(const char *link, const struct stat *st)
{
    const char *digits = strrchr(link, '/');
    struct stat s;
    char *end;
    long fd;

    digits = digits ? digits + 1 : link;
    fd = strtol(digits, &end, 10);
    if (end == digits || *end || fd < 0 || fd > INT_MAX
        || fstat((int)fd, &s) != 0 || !same_file(st, &s))
        return -1;
    return (int)fd;
}

/*
 * The directory entry that path finally names: symbolic links in its last
 * component are followed, as open() follows them, so that a link is kept
 * and its target replaced.  *magic is set for a link that lives in /proc
 * (/proc/self/fd/N, which /dev/stdout points to): it names an open file,
 * not a directory entry that a rename could replace.  Returns a malloc'ed
 * name, or NULL with errno set.
 */
static char *final_name(const char *path, bool *magic)
{
    struct stat st, proc;
    bool have_proc = stat("/proc/self", &proc) == 0;
    char *name = strdup(path);
    int hops = 0;

    *magic = false;
    while (name && lstat(name, &st) == 0 && S_ISLNK(st.st_mode)) {
        char target[PATH_MAX], *next;
        const char *slash = strrchr(name, '/');
        size_t dir, len;
        ssize_t n;

        if (have_proc && st.st_dev == proc.st_dev) {
            *magic = true;
            break;
        }
        if (++hops > 40) {
            errno = ELOOP;
            goto fail;
        }
        n = readlink(name, target, sizeof(target));
        if (n < 0)
            goto fail;
        if ((size_t)n == sizeof(target)) {
            errno = ENAMETOOLONG;
            goto fail;
        }
        /* A relative target is relative to the link's own directory. */
        len = (size_t)n;
        dir = target[0] == '/' || !slash ? 0 : (size_t)(slash - name) + 1;
        next = malloc(dir + len + 1);
        if (next) {
            memcpy(next, name, dir);
            memcpy(next + dir, target, len);
            next[dir + len] = '\0';
        }
        free(name);
        name = next;
    }
    return name;
fail:
    free(name);
    return NULL;
}

/* A temporary file beside d->name that will carry st's mode and, where
 * permitted, its owner and group; a new file's mode is 0666 less the
 * umask, as the shell would create it.  Returns an fd or -1. */
static int open_temp(struct dest *d, const struct stat *st)
{
    size_t len = strlen(d->name);
    mode_t mode;
    int fd;

    d->tmp = malloc(len + sizeof(".XXXXXX"));
    if (!d->tmp)
        return -1;
    memcpy(d->tmp, d->name, len);
    memcpy(d->tmp + len, ".XXXXXX", sizeof(".XXXXXX"));
    fd = mkostemp(d->tmp, O_CLOEXEC);
    if (fd < 0) {
        free(d->tmp);
        d->tmp = NULL;
        return -1;
    }
    if (st) {
        /* The owner first: a chown by anyone but root clears the set-id
         * bits, which the chmod after it restores where allowed.  Only
         * root may give a file away, so EPERM leaves it ours. */
        if (fchown(fd, st->st_uid, st->st_gid) != 0 && errno != EPERM)
            goto fail;
        mode = st->st_mode & 07777;
    } else {
        mode = umask(0);
        umask(mode);
        mode = 0666 & ~mode;
    }
    if (fchmod(fd, mode) == 0)
        return fd;
fail:
    {
        int saved = errno;
        close(fd);
        unlink(d->tmp);
        free(d->tmp);
        d->tmp = NULL;
        errno = saved;
    }
    return -1;
}

/* Open path for writing into *d, or print why not and return -1. */
static int dest_open(struct dest *d, const char *path)
{
    struct stat st, last;
    bool exists, magic;
    int fd, saved;

    memset(d, 0, sizeof(*d));
    if (!path || strcmp(path, "-") == 0) {
        d->f = stdout;
        return 0;
    }
    exists = stat(path, &st) == 0;
    if (!exists && errno != ENOENT)
        goto fail;
    d->name = final_name(path, &magic);
    if (!d->name)
        goto fail;
    if (exists && magic && (fd = own_fd(d->name, &st)) >= 0) {
        fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
        if (fd < 0)
            goto fail;
    } else if (exists && (magic || !S_ISREG(st.st_mode)
                          || lstat(d->name, &last)
                          || !same_file(&st, &last))) {
        /* A device, a FIFO, or a file only an open descriptor names:
         * written in place, as the shell's ">" would. */
        fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
            goto fail;
    } else if (exists && st.st_nlink > 1) {
        fprintf(stderr, "rtocalc: %s: not replaced: it has %ju hard links, "
                        "which a new file would not keep\n",
                path, (uintmax_t)st.st_nlink);
        free(d->name);
        return -1;
    } else if ((fd = open_temp(d, exists ? &st : NULL)) < 0) {
        fprintf(stderr, "rtocalc: %s: cannot create a temporary file in "
                        "its directory: %s\n", path, strerror(errno));
        free(d->name);
        return -1;
    }
    d->f = fdopen(fd, "w");
    if (d->f)
        return 0;
    saved = errno;
    close(fd);
    errno = saved;
fail:
    fprintf(stderr, "rtocalc: %s: %s\n", path, strerror(errno));
    if (d->tmp)
        unlink(d->tmp);
    free(d->tmp);
    free(d->name);
    return -1;
}

int cli_output(const char *path, cli_write_fn fn, void *ctx)
{
    struct dest d;
    int rc, saved, err = 0;

    if (dest_open(&d, path) != 0)
        return CLI_EXIT_RUNTIME;
    errno = 0;
    rc = fn(d.f, ctx);
    saved = errno;
    /* fflush() reports the error of the data still buffered; ferror()
     * one that an earlier write met while fn was running. */
    if (fflush(d.f) != 0)
        err = errno;
    else if (ferror(d.f))
        err = saved ? saved : EIO;
    if (!err && d.tmp && fsync(fileno(d.f)) != 0)
        err = errno;
    if (d.f != stdout && fclose(d.f) != 0 && !err)
        err = errno;
    if (!err && !rc && d.tmp && rename(d.tmp, d.name) != 0)
        err = errno;
    if (d.tmp && (err || rc))
        unlink(d.tmp);
    free(d.tmp);
    free(d.name);
    /* A reader that went away (EPIPE, when SIGPIPE is ignored) left on
     * purpose, as head does: the exit status says the output was cut,
     * and a message would only be noise after the reader's own output.
     * With SIGPIPE at its default the process has died quietly anyway. */
    if (err && err != EPIPE) {
        if (path && strcmp(path, "-") != 0)
            fprintf(stderr, "rtocalc: write error: %s: %s\n", path,
                    strerror(err));
        else
            fprintf(stderr, "rtocalc: write error: %s\n", strerror(err));
    }
    return err || rc ? CLI_EXIT_RUNTIME : CLI_EXIT_OK;
}
