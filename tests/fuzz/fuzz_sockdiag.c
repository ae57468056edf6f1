/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for live_parse(): the input is a buffer of netlink
 * messages as a sock_diag dump returns them.  The parser must return 0,
 * or -1 with a message naming the message at fault; every socket it
 * yields then goes through rto_sock_predict() at the defaults and HZ=250,
 * which must return 0, RTO_ENOTSUP with a note, and never crash: once with
 * the jiffies count unknown and once known (as root), at a count taken
 * from the input's first bytes so that every wheel bucket is reached,
 * wrap-around included.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "live/live.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct live_socks s = { 0 };
    struct rto_sock_settings set;
    char why[200];
    size_t off = 0;

    why[0] = '\0';
    while (off < size) {
        int done;
        size_t used;

        if (live_parse(data + off, size - off, &s, &done, &used, why,
                       sizeof(why)) != 0) {
            if (strncmp(why, "message ", 8) != 0)
                __builtin_trap();
            break;
        }
        off += used;
    }
    rto_sock_settings_default(&set, RTO_KERNEL_DEFAULT);
    set.params.hz = 250;
    for (size_t i = 0; i < size && i < 8; i++)
        set.jiffies = set.jiffies << 8 | data[i];
    for (int known = 0; known < 2; known++) {
        set.jiffies_known = known;
        for (size_t i = 0; i < s.n; i++) {
            struct rto_sock_prediction o;
            int rc = rto_sock_predict(&s.v[i], &set, &o);

            if (rc != RTO_OK && !(rc == RTO_ENOTSUP && o.note))
                __builtin_trap();
        }
    }
    live_socks_free(&s);
    return 0;
}
