/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for live_parse() and rto_sock_predict().
 *
 * The input is a settings header, then a buffer of netlink messages as a
 * sock_diag dump returns them.  The header chooses the settings the
 * predictions run at, each within the range the chosen kernel profile
 * accepts (a namespace's sysctls and the per-socket options given on the
 * command line alike), so that every path meets every setting:
 *
 *   byte 0      bits 0-1: CONFIG_HZ, 250, 100, 300 or 1000; bit 2: the
 *               sample's phase after its jiffy tick is known
 *   byte 1      0: the default kernel profile, else one of the profiles
 *   bytes 2-3   the phase in microseconds (little-endian)
 *   then        4 bytes (little-endian) per row of the settings table but
 *               kernel and HZ: 0 keeps the profile's default, v > 0 takes
 *               min + (v - 1) mod (max - min + 1) of the row's range
 *
 * An all-zero header is the defaults at HZ=250 with the phase unknown.
 * The parser must return 0, or -1 with a message naming the message at
 * fault; every socket it yields then goes through rto_sock_predict(),
 * which must return 0 with an ordered window, or RTO_ENOTSUP with a note,
 * and never crash: once with the jiffies count unknown and once known
 * (as root), at a count taken from the input's first bytes so that every
 * wheel bucket is reached, wrap-around included.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "live/live.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Byte 0's HZ choice; 250 first, so that a zero byte is the HZ of the
 * recorded dump in the corpus. */
static const int hz_choice[] = { 250, 100, 300, 1000 };

/* The header's fixed part: the HZ and phase byte, the profile, the
 * phase. */
#define HEAD_FIXED 4

struct reader {
    const uint8_t *p;
    size_t left;
};

/* The next n bytes little-endian; bytes past the input read as 0. */
static uint32_t take(struct reader *r, size_t n)
{
    uint32_t v = 0;

    for (size_t i = 0; i < n; i++) {
        uint32_t b = 0;

        if (r->left) {
            b = *r->p++;
            r->left--;
        }
        v |= b << (8 * i);
    }
    return v;
}

static bool header_field(enum rto_field f)
{
    return f != RTO_F_KERNEL && f != RTO_F_HZ;
}

/* The settings the header chooses; returns the header's length. */
static size_t settings(const uint8_t *data, size_t size,
                       struct rto_sock_settings *set)
{
    struct reader r = { data, size };
    uint32_t mode = take(&r, 1), profile = take(&r, 1);
    uint32_t phase = take(&r, 2);
    size_t nprofiles;
    const int *profiles = rto_kernel_profiles(&nprofiles);
    int kernel = profile == 0 || nprofiles == 0
                     ? RTO_KERNEL_DEFAULT
                     : profiles[(profile - 1) % nprofiles];

    rto_sock_settings_default(set, kernel);
    set->params.hz = hz_choice[mode & 3];
    set->phase_us = mode & 4 ? (int64_t)phase : -1;
    for (size_t i = 0; i < rto_setting_count(); i++) {
        const struct rto_setting *row = rto_setting_at(i);
        struct rto_invalid range;
        uint32_t v;
        int64_t span, unit;

        if (!header_field(row->field))
            continue;
        v = take(&r, 4);
        if (v == 0 || rto_setting_range(&set->params, row->field, &range))
            continue;
        span = range.max - range.min + 1;
        unit = row->kind == RTO_KIND_DURATION ? row->unit_us : 1;
        rto_setting_set(&set->params, row->field,
                        (range.min + (int64_t)(v - 1) % span) * unit);
        set->source[row->field] = RTO_SRC_USER;
    }
    return size - r.left;
}

/* What a prediction promises whatever its input. */
static bool sane(int rc, const struct rto_sock_prediction *o)
{
    if (rc == RTO_ENOTSUP)
        return o->note != NULL;
    if (rc != RTO_OK)
        return false;
    if (o->give_up_us == RTO_NONE)
        return o->give_up_earliest_us == RTO_NONE
               && o->give_up_latest_us == RTO_NONE;
    return o->give_up_earliest_us >= 0
           && o->give_up_earliest_us <= o->give_up_us
           && o->give_up_us <= o->give_up_latest_us
           && o->give_up_earliest_us <= o->give_up_nominal_us
           && o->give_up_nominal_us <= o->give_up_latest_us
           && o->remaining_min <= o->remaining_max;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct live_socks s = { 0 };
    struct rto_sock_settings set;
    char why[200];
    size_t off = settings(data, size, &set);

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
    if (rto_params_validate(&set.params, NULL) != 0)
        __builtin_trap();
    for (size_t i = 0; i < size && i < 8; i++)
        set.jiffies = set.jiffies << 8 | data[i];
    for (int known = 0; known < 2; known++) {
        set.jiffies_known = known;
        for (size_t i = 0; i < s.n; i++) {
            struct rto_sock_prediction o;

            if (!sane(rto_sock_predict(&s.v[i], &set, &o), &o))
                __builtin_trap();
        }
    }
    live_socks_free(&s);
    return 0;
}
