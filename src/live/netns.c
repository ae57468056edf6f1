/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Other network namespaces.  sock_diag answers for the namespace of the
 * socket that asks, and /proc/sys/net for that of the thread that opens
 * the file (the lookup reads current->nsproxy->net_ns), so sampling
 * another namespace is: setns() into it, take the sample as for our own,
 * and setns() back with a descriptor of the namespace we came from.
 * Namespaces are found as ip-netns(8) names them (the files of
 * /run/netns) and as processes hold them (/proc/PID/ns/net), and told
 * apart by the device and inode of their nsfs file.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "live/live.h"

/* The namespace of the calling thread. */
#define SELF_NETNS "/proc/thread-self/ns/net"

void live_netns_free(struct live_netns_list *l)
{
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

static bool known(const struct live_netns_list *l, const struct stat *st)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].dev == st->st_dev && l->v[i].ino == st->st_ino)
            return true;
    return false;
}

/* Add the namespace of path, named by its part from label on, unless it
 * is one already listed or not a namespace we may look at.  Returns 0, or
 * -1 when out of memory. */
static int add(struct live_netns_list *l, const char *path, size_t label)
{
    struct live_netns *ns;
    struct stat st;

    if (stat(path, &st) != 0 || S_ISDIR(st.st_mode) || known(l, &st))
        return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        struct live_netns *v = realloc(l->v, cap * sizeof(*v));

        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    ns = &l->v[l->n++];
    snprintf(ns->path, sizeof(ns->path), "%s", path);
    ns->label = label;
    ns->dev = st.st_dev;
    ns->ino = st.st_ino;
    return 0;
}

static int by_pid(const struct dirent **a, const struct dirent **b)
{
    long x = atol((*a)->d_name), y = atol((*b)->d_name);

    return x < y ? -1 : x > y;
}

static int is_pid(const struct dirent *d)
{
    return d->d_name[0] >= '1' && d->d_name[0] <= '9';
}

static int is_name(const struct dirent *d)
{
    return d->d_name[0] != '.';
}

int live_netns_all(struct live_netns_list *out)
{
    struct dirent **names = NULL;
    char path[LIVE_NETNS_PATH];
    int n, rc = 0;

    /* The named ones first, by name, then every process's by pid: the
     * lowest pid names a namespace no file of /run/netns names. */
    n = scandir(LIVE_NETNS_RUN, &names, is_name, alphasort);
    for (int i = 0; i < n; i++) {
        int len = snprintf(path, sizeof(path), "%s/", LIVE_NETNS_RUN);

        snprintf(path + len, sizeof(path) - (size_t)len, "%s",
                 names[i]->d_name);
        if (rc == 0)
            rc = add(out, path, (size_t)len);
        free(names[i]);
    }
    free(names);
    names = NULL;
    n = scandir("/proc", &names, is_pid, by_pid);
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "/proc/%.16s/ns/net", names[i]->d_name);
        if (rc == 0)
            rc = add(out, path, 0);
        free(names[i]);
    }
    free(names);
    return rc;
}

int live_netns_enter(const struct live_netns *ns, int *back, char *why,
                     size_t size)
{
    struct stat st, self;
    int fd;

    *back = -1;
    fd = open(ns->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0) {
        int err = errno;

        snprintf(why, size, "%s: %s", ns->path, strerror(err));
        if (fd >= 0)
            close(fd);
        return -err;
    }
    /* A process's file may name another namespace by now (the process
     * left, its pid was reused): not the one that was listed. */
    if (ns->ino && (st.st_dev != ns->dev || st.st_ino != ns->ino)) {
        snprintf(why, size, "%s: the namespace is gone", ns->path);
        close(fd);
        return -ESRCH;
    }
    /* Our own: nothing to enter, and no privilege needed. */
    if (stat(SELF_NETNS, &self) == 0 && self.st_dev == st.st_dev
        && self.st_ino == st.st_ino) {
        close(fd);
        return 0;
    }
    *back = open(SELF_NETNS, O_RDONLY | O_CLOEXEC);
    if (*back < 0 || setns(fd, CLONE_NEWNET) != 0) {
        int err = errno;

        snprintf(why, size, "%s: cannot enter the network namespace: %s%s",
                 ns->path, strerror(err),
                 err == EPERM ? " (setns needs CAP_SYS_ADMIN)"
                 : err == EINVAL ? " (not a network namespace)" : "");
        close(fd);
        if (*back >= 0)
            close(*back);
        *back = -1;
        return -err;
    }
    close(fd);
    return 0;
}

int live_netns_leave(int back, char *why, size_t size)
{
    int rc = 0;

    if (back < 0)
        return 0;
    if (setns(back, CLONE_NEWNET) != 0) {
        snprintf(why, size, "cannot return to the network namespace: %s",
                 strerror(errno));
        rc = -1;
    }
    close(back);
    return rc;
}
