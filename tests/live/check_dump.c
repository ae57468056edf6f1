/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sock_diag parser on a recorded dump (tests/live/record.py, Linux
 * 6.18.44, HZ=250, a private network namespace): IPv4 then IPv6, each a
 * client retransmitting to a dead peer (port 5001), an idle keepalive
 * client (5002) and a FIN-WAIT-1 orphan (5003), with their servers and
 * listeners.  The expected values are those ss -tinoe printed for the
 * same sockets right after the dump (dump-6.18-hz250.ss), an independent
 * decoding of the same kernel data.  ss ran 24 to 36 ms after the dump
 * (a process start), so its timers are that much shorter and its "last"
 * times that much longer: each within 40 ms, and the two shifts equal to
 * the millisecond (both are jiffies read at one moment).
 * Then every truncation of the dump, and corrupted lengths: an error
 * naming the message, never a read past the end (run under ASan and
 * valgrind in CI).  Last, the streaming API: the same sockets through a
 * callback, and the owner index on this process's own sockets.
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "live/live.h"

#ifndef DUMP_DIR
#define DUMP_DIR "tests/live"
#endif

static unsigned char *load(size_t *len)
{
    FILE *f = fopen(DUMP_DIR "/dump-6.18-hz250.bin", "rb");
    unsigned char *buf;
    long n;

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    ck_assert_int_gt(n, 0);
    rewind(f);
    buf = malloc((size_t)n);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Both dumps of the file; returns 0 or -1 with why. */
static int parse_all(const unsigned char *buf, size_t len,
                     struct live_socks *out, char *why, size_t size)
{
    size_t off = 0;

    while (off < len) {
        int done;
        size_t used;

        if (live_parse(buf + off, len - off, out, &done, &used, why, size))
            return -1;
        off += used;
    }
    return 0;
}

static const struct rto_sock *find(const struct live_socks *s, int family,
                                   int sport, int dport)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].family == family && s->v[i].sport == sport
            && s->v[i].dport == dport)
            return &s->v[i];
    return NULL;
}

#define NEAR_MS(got_us, want_ms)                                          \
    ck_assert_msg((got_us) / 1000 >= (want_ms) - 40                      \
                      && (got_us) / 1000 <= (want_ms) + 40,              \
                  "%lld ms, ss said %d ms", (long long)((got_us) / 1000), \
                  (want_ms))

/* Rows of ss -tinoe: family, ports, state, timer, count, inode, rto ms,
 * backoff, expires ms, last send ms. */
struct ss_row {
    int family, sport, dport, state, timer, count;
    unsigned long inode;
    int rto_ms, backoff, expires_ms, lastsnd_ms;
};

static const struct ss_row ss_rows[] = {
    { 4, 60734, 5001, RTO_TCP_ESTABLISHED, 1, 2, 3775015, 816, 2, 116, 700 },
    { 4, 35316, 5002, RTO_TCP_ESTABLISHED, 2, 0, 3775018, 204, 0, 300, 1532 },
    { 4, 47216, 5003, RTO_TCP_FIN_WAIT1, 1, 3, 0, 1632, 3, 1572, 60 },
    { 6, 34726, 5001, RTO_TCP_ESTABLISHED, 1, 2, 3775024, 816, 2, 104, 712 },
    { 6, 45610, 5002, RTO_TCP_ESTABLISHED, 2, 0, 3775027, 204, 0, 288, 1544 },
    { 6, 51496, 5003, RTO_TCP_FIN_WAIT1, 1, 3, 0, 1632, 3, 1560, 72 },
};

START_TEST(test_dump_fields)
{
    const struct ss_row *r = &ss_rows[_i];
    struct live_socks s = { 0 };
    const struct rto_sock *k;
    char why[160];
    size_t len;
    unsigned char *buf = load(&len);

    ck_assert_msg(parse_all(buf, len, &s, why, sizeof(why)) == 0, "%s", why);
    /* Per family: 3 clients, 3 accepted peers, 3 listeners. */
    ck_assert_uint_eq(s.n, 18);
    k = find(&s, r->family, r->sport, r->dport);
    ck_assert_ptr_nonnull(k);
    ck_assert_int_eq(k->state, r->state);
    ck_assert_int_eq(k->timer, r->timer);
    ck_assert_int_eq(k->retrans, r->count);
    ck_assert_uint_eq(k->inode, r->inode);
    ck_assert(k->has_info);
    ck_assert_int_eq(k->rto_us, r->rto_ms * 1000);
    ck_assert_int_eq(k->backoff, r->backoff);
    NEAR_MS(k->expires_us, r->expires_ms);
    NEAR_MS(k->last_data_sent_us, r->lastsnd_ms);
    ck_assert_int_eq(k->expires_us / 1000 - r->expires_ms,
                     r->lastsnd_ms - k->last_data_sent_us / 1000);
    /* 6.18 sends tcpi_total_rto*: one recovery for each RTO episode. */
    ck_assert(k->has_total_rto);
    if (r->timer == 1) {
        ck_assert_int_eq(k->retransmits, r->count);
        ck_assert_uint_eq(k->total_rto, (uint32_t)r->count);
        ck_assert_uint_eq(k->total_rto_recoveries, 1);
        ck_assert_int_gt(k->total_rto_time_us, 0);
    }
    live_socks_free(&s);
    free(buf);
}
END_TEST

/* Every prefix of the dump: parsed whole, or an error naming a message;
 * never a crash or a read past the end. */
START_TEST(test_dump_truncated)
{
    struct live_socks s = { 0 };
    char why[160];
    size_t len, errors = 0;
    unsigned char *buf = load(&len);

    for (size_t n = 0; n < len; n++) {
        unsigned char *copy = malloc(n ? n : 1);

        memcpy(copy, buf, n);
        why[0] = '\0';
        if (parse_all(copy, n, &s, why, sizeof(why)) != 0) {
            errors++;
            ck_assert_msg(strncmp(why, "message ", 8) == 0, "%s", why);
        }
        live_socks_free(&s);
        free(copy);
    }
    /* Most prefixes end inside a message. */
    ck_assert_uint_gt(errors, len / 2);
    free(buf);
}
END_TEST

/* A message or attribute claiming more than there is. */
START_TEST(test_dump_lengths)
{
    struct live_socks s = { 0 };
    char why[160];
    size_t len, used;
    int done;
    unsigned char *buf = load(&len);
    uint32_t big = 0xffffff00u;
    uint16_t alen = 0xfff0;

    /* The first message's length. */
    memcpy(buf, &big, sizeof(big));
    ck_assert_int_eq(live_parse(buf, len, &s, &done, &used, why, sizeof(why)),
                     -1);
    ck_assert_msg(strstr(why, "message 0") != NULL, "%s", why);
    free(buf);
    /* Its first attribute, right after the 16-byte header and the 72-byte
     * inet_diag_msg. */
    buf = load(&len);
    memcpy(buf + 16 + 72, &alen, sizeof(alen));
    ck_assert_int_eq(live_parse(buf, len, &s, &done, &used, why, sizeof(why)),
                     -1);
    ck_assert_msg(strstr(why, "attribute") != NULL, "%s", why);
    ck_assert_uint_eq(s.n, 0);
    live_socks_free(&s);
    free(buf);
}
END_TEST

/* The streaming API: live_parse_each() hands the sockets to a callback
 * in the order live_parse() appends them, and a callback's errno value
 * ends the parse with an error naming the message; live_owner_scan()
 * finds this process's own sockets in /proc/self/fd, with the lowest
 * descriptor of a socket open twice. */
/* The callback's view: the sockets seen, and after how many to stop. */
struct seen {
    struct live_socks socks;
    size_t stop_after;      /* 0: never */
};

static int keep(struct rto_sock *s, void *ctx)
{
    struct seen *x = ctx;

    if (x->stop_after && x->socks.n == x->stop_after)
        return EMSGSIZE;
    if (x->socks.n == x->socks.cap) {
        size_t cap = x->socks.cap ? 2 * x->socks.cap : 16;
        struct rto_sock *v = realloc(x->socks.v, cap * sizeof(*v));

        ck_assert_ptr_nonnull(v);
        x->socks.v = v;
        x->socks.cap = cap;
    }
    x->socks.v[x->socks.n++] = *s;
    return 0;
}

/* The first dump of the file (IPv4), by both parsers. */
START_TEST(test_each_same_as_array)
{
    struct live_socks a = { 0 };
    struct seen b = { { 0 }, 0 };
    size_t len, used_a, used_b;
    int done_a, done_b;
    char why[160];
    unsigned char *buf = load(&len);

    ck_assert_int_eq(live_parse(buf, len, &a, &done_a, &used_a, why,
                                sizeof(why)), 0);
    ck_assert_int_eq(live_parse_each(buf, len, keep, &b, &done_b, &used_b,
                                     why, sizeof(why)), 0);
    ck_assert_int_eq(done_a, done_b);
    ck_assert_uint_eq(used_a, used_b);
    ck_assert_uint_gt(a.n, 0);
    ck_assert_uint_eq(a.n, b.socks.n);
    for (size_t i = 0; i < a.n; i++) {
        const struct rto_sock *x = &a.v[i], *y = &b.socks.v[i];

        ck_assert_int_eq(x->family, y->family);
        ck_assert_mem_eq(x->src, y->src, sizeof(x->src));
        ck_assert_mem_eq(x->dst, y->dst, sizeof(x->dst));
        ck_assert_uint_eq(x->sport, y->sport);
        ck_assert_uint_eq(x->dport, y->dport);
        ck_assert_int_eq(x->state, y->state);
        ck_assert_int_eq(x->timer, y->timer);
        ck_assert_uint_eq(x->inode, y->inode);
        ck_assert_int_eq(x->has_info, y->has_info);
        ck_assert_int_eq(x->rto_us, y->rto_us);
        ck_assert_int_eq(x->total_rto_time_us, y->total_rto_time_us);
    }
    live_socks_free(&a);
    live_socks_free(&b.socks);
    free(buf);
}
END_TEST

/* A callback that stops at the third socket: -1, and why names that
 * message and the callback's errno. */
START_TEST(test_each_stopped)
{
    struct seen b = { { 0 }, 2 };
    size_t len, used;
    int done;
    char why[160], want[160];
    unsigned char *buf = load(&len);

    ck_assert_int_eq(live_parse_each(buf, len, keep, &b, &done, &used, why,
                                     sizeof(why)), -1);
    ck_assert_uint_eq(b.socks.n, 2);
    snprintf(want, sizeof(want), "message 2 (inet_diag): %s",
             strerror(EMSGSIZE));
    ck_assert_str_eq(why, want);
    live_socks_free(&b.socks);
    free(buf);
}
END_TEST

/* /proc/timer_list's "now at N nsecs" (ktime_get() as the reading starts)
 * and jiffies line (kernel/time/timer_list.c), read here apart from the
 * reader under test; jiffies 0 when it cannot be read (not root). */
static uint64_t timer_list_jiffies_at(long long *now_ns)
{
    char line[256];
    unsigned long long j = 0;
    FILE *f = fopen("/proc/timer_list", "re");

    *now_ns = 0;
    while (f && fgets(line, sizeof(line), f)
           && sscanf(line, "jiffies: %llu", &j) != 1)
        (void)sscanf(line, "now at %lld nsecs", now_ns);
    if (f)
        fclose(f);
    return j;
}

static uint64_t timer_list_jiffies(void)
{
    long long now;

    return timer_list_jiffies_at(&now);
}

/*
 * live_clock() on this machine.  Its phase lies inside a tick, its tick
 * is the clock's, and, where the jiffies count is known (root), a reading
 * of /proc/timer_list taken after it within the same tick shows that very
 * count: the one a dump in that tick reads.  (Under a compiler's load the
 * kernel's count lagged a tick's start by up to 311 us on 6.18; a dump
 * started just after the tick, as the command once did, read the count
 * before the one it was taken for.)  HZ is measured from the count's rate.
 */
START_TEST(test_clock_count)
{
    static const int hzs[] = { 100, 250, 300, 1000 };
    struct timespec pause = { 0, 200000000 };
    long long t0, t1;
    uint64_t j0 = timer_list_jiffies_at(&t0), j1;
    double rate;
    int hz = 0, same = 0, known_n = 0;

    nanosleep(&pause, NULL);
    j1 = timer_list_jiffies_at(&t1);
    if (j0 == 0 || j1 <= j0 || t1 <= t0)
        return; /* not root: nothing to compare the count with */
    /* Each count with the kernel's clock of the same reading: a reader
     * held up between the two does not skew the rate. */
    rate = (double)(j1 - j0) / ((double)(t1 - t0) / 1e9);
    /* The nearest HZ, and near it: 250 and 300 lie 20 % apart. */
    for (size_t i = 0; i < sizeof(hzs) / sizeof(hzs[0]); i++)
        if (!hz || fabs(rate - hzs[i]) < fabs(rate - hz))
            hz = hzs[i];
    ck_assert_msg(fabs(rate - hz) < hz * 0.05, "jiffies ran at %.0f per "
                  "second", rate);
    for (int i = 0; i < 40; i++) {
        int64_t tick, phase;
        uint64_t jiffies, seen;
        bool known;

        phase = live_clock(hz, &tick, &jiffies, &known);
        ck_assert_int_ge(phase, 0);
        ck_assert_int_lt(phase, 1000000 / hz + 1);
        seen = timer_list_jiffies();
        if (live_tick(hz) != tick)
            continue;
        ck_assert_int_ge(live_tick(hz), tick);
        known_n += known;
        if (known) {
            ck_assert_uint_eq(seen, jiffies);
            same++;
        }
    }
    /* The count is known in most calls: a tick's handler is seldom late
     * by more than four tries at it. */
    ck_assert_int_gt(known_n, 0);
    ck_assert_int_eq(same, known_n);
}
END_TEST

/* A socket of this process, open as fd and again as a higher dup: the
 * index names this pid and the lower descriptor. */
START_TEST(test_owner_scan_self)
{
    struct live_owner_index ix = { 0 };
    const struct live_owner *o;
    struct stat st;
    int sv[2], high;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    high = fcntl(sv[0], F_DUPFD, 100);
    ck_assert_int_ge(high, 100);
    ck_assert_int_eq(fstat(sv[0], &st), 0);
    ck_assert_int_eq(live_owner_scan(&ix), 0);
    o = live_owner_find(&ix, (uint64_t)st.st_ino);
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(o->pid, getpid());
    ck_assert_int_eq(o->fd, sv[0]);
    /* Sorted, one entry an inode; no owner for inode 0 (an orphan). */
    for (size_t i = 1; i < ix.n; i++)
        ck_assert_uint_lt(ix.v[i - 1].inode, ix.v[i].inode);
    ck_assert_ptr_null(live_owner_find(&ix, 0));
    live_owner_index_free(&ix);
    close(high);
    close(sv[0]);
    close(sv[1]);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("live_dump");
    TCase *tc = tcase_create("live_dump");
    SRunner *sr;
    int failed;

    tcase_add_loop_test(tc, test_dump_fields, 0,
                        (int)(sizeof(ss_rows) / sizeof(ss_rows[0])));
    tcase_add_test(tc, test_dump_truncated);
    tcase_add_test(tc, test_dump_lengths);
    tcase_add_test(tc, test_each_same_as_array);
    tcase_add_test(tc, test_each_stopped);
    tcase_add_test(tc, test_owner_scan_self);
    tcase_add_test(tc, test_clock_count);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(su, tc);
    sr = srunner_create(su);
    srunner_add_suite(sr, sockopt_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
