/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one duration printer.  Output is locale-independent: only integer
 * formatting is used, never %f.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "format/format.h"

/* Write v / 10^digits with up to `digits` decimals, trailing zeros
 * dropped. */
static void fixed(char *buf, size_t size, uint64_t v, int digits,
                  const char *unit)
{
    uint64_t scale = 1, whole, frac;
    char fbuf[24];
    int i, len;

    /* The callers ask for 3 or 6 decimals; a uint64_t has at most 19
     * digits (and gcc, at -O1, cannot see the bound without this). */
    if (digits < 0)
        digits = 0;
    if (digits > 19)
        digits = 19;

    for (i = 0; i < digits; i++)
        scale *= 10;
    whole = v / scale;
    frac = v % scale;
    if (frac == 0) {
        snprintf(buf, size, "%" PRIu64 "%s", whole, unit);
        return;
    }
    snprintf(fbuf, sizeof(fbuf), "%0*" PRIu64, digits, frac);
    len = (int)strlen(fbuf);
    while (len > 0 && fbuf[len - 1] == '0')
        fbuf[--len] = '\0';
    snprintf(buf, size, "%" PRIu64 ".%s%s", whole, fbuf, unit);
}

char *rto_fmt_duration(int64_t us, char *buf, size_t size)
{
    const char *sign = "";
    uint64_t v;
    char tmp[48];

    if (us == RTO_NONE) {
        snprintf(buf, size, "never");
        return buf;
    }
    if (us < 0) {
        sign = "-";
        v = (uint64_t)(-(us + 1)) + 1;
    } else {
        v = (uint64_t)us;
    }
    if (v == 0)
        snprintf(tmp, sizeof(tmp), "0 s");
    else if (v < 1000)
        fixed(tmp, sizeof(tmp), v, 0, " us");
    else if (v < 1000000)
        fixed(tmp, sizeof(tmp), v, 3, " ms");
    else
        /* Seconds to the millisecond: what the kernel's TCP clock sees. */
        fixed(tmp, sizeof(tmp), v / 1000, 3, " s");
    snprintf(buf, size, "%s%s", sign, tmp);
    return buf;
}

char *rto_fmt_hms(int64_t us, char *buf, size_t size)
{
    uint64_t ms, part[4];
    static const char unit[4] = { 'd', 'h', 'm', 's' };
    int first = -1, last = -1, i;
    size_t n = 0;

    if (us == RTO_NONE) {
        snprintf(buf, size, "never");
        return buf;
    }
    if (us < 0)
        us = 0;
    ms = (uint64_t)us / 1000;
    part[0] = ms / 86400000;
    part[1] = ms / 3600000 % 24;
    part[2] = ms / 60000 % 60;
    part[3] = ms % 60000;
    for (i = 0; i < 4; i++) {
        if (part[i]) {
            if (first < 0)
                first = i;
            last = i;
        }
    }
    if (first < 0) {
        snprintf(buf, size, "0s");
        return buf;
    }
    buf[0] = '\0';
    /* From the largest unit present down to the smallest nonzero one:
     * "2h11m15s", "1h", "15m24.6s", "2h0m15s". */
    for (i = first; i <= last; i++) {
        char tmp[32];
        if (i == 3)
            fixed(tmp, sizeof(tmp), part[3], 3, "s");
        else
            snprintf(tmp, sizeof(tmp), "%" PRIu64 "%c", part[i], unit[i]);
        n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s", tmp);
    }
    return buf;
}

char *rto_fmt_seconds(int64_t us, char *buf, size_t size)
{
    if (us < 0) {
        char tmp[40];
        fixed(tmp, sizeof(tmp), (uint64_t)(-(us + 1)) + 1, 6, "");
        snprintf(buf, size, "-%s", tmp);
    } else {
        fixed(buf, size, (uint64_t)us, 6, "");
    }
    return buf;
}
