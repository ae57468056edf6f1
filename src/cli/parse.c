/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one integer parser and the one duration parser of the CLI. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

int cli_parse_int(const char *s, int64_t *out)
{
    char *end;
    long long v;

    if (!s || !*s)
        return -1;
    /* strtoll() accepts leading space and '+'; the CLI does not. */
    if (!(s[0] == '-' || (s[0] >= '0' && s[0] <= '9')))
        return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno == ERANGE || *end != '\0' || end == s)
        return -1;
    *out = (int64_t)v;
    return 0;
}

struct unit {
    const char *name;
    int64_t us;
};

/* Longest names first so "ms" is not read as "m" followed by "s". */
static const struct unit units[] = {
    { "us", 1 },
    { "ms", 1000 },
    { "s", 1000000 },
    { "m", 60000000 },
    { "h", 3600000000 },
    { "d", 86400000000 },
};

static const struct unit *match_unit(const char **s)
{
    const struct unit *best = NULL;
    size_t best_len = 0;

    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        size_t len = strlen(units[i].name);
        if (strncmp(*s, units[i].name, len) == 0 && len > best_len) {
            best = &units[i];
            best_len = len;
        }
    }
    if (best)
        *s += best_len;
    return best;
}

static int64_t gcd64(int64_t a, int64_t b)
{
    while (b) {
        int64_t r = a % b;
        a = b;
        b = r;
    }
    return a;
}

/* a * b + c without overflow, for non-negative values. */
static int mul_add(int64_t a, int64_t b, int64_t c, int64_t *out)
{
    if (b != 0 && a > (INT64_MAX - c) / b)
        return -1;
    *out = a * b + c;
    return 0;
}

int cli_parse_duration(const char *s, int64_t bare_unit_us, int64_t *out_us)
{
    int64_t total = 0, last_unit = INT64_MAX;
    int parts = 0;

    if (!s || !*s)
        return -1;
    while (*s) {
        int64_t whole = 0, frac = 0, frac_scale = 1, part;
        const struct unit *u;
        struct unit bare = { "", bare_unit_us };
        int digits = 0;

        while (*s >= '0' && *s <= '9') {
            if (mul_add(whole, 10, *s - '0', &whole))
                return -1;
            s++;
            digits++;
        }
        if (*s == '.') {
            s++;
            while (*s >= '0' && *s <= '9') {
                /* Beyond 1 us resolution at any unit a fraction is noise;
                 * more than 12 decimals is refused rather than rounded. */
                if (frac_scale >= INT64_C(1000000000000))
                    return -1;
                frac = frac * 10 + (*s - '0');
                frac_scale *= 10;
                s++;
                digits++;
            }
        }
        if (digits == 0)
            return -1;
        u = match_unit(&s);
        if (!u) {
            /* Only a lone bare number takes the option's own unit. */
            if (*s != '\0' || parts > 0)
                return -1;
            u = &bare;
        }
        if (u->us >= last_unit)
            return -1;
        last_unit = u->us;
        if (mul_add(whole, u->us, 0, &part))
            return -1;
        /* The fraction must come to whole microseconds: with g the
         * gcd of the unit and the fraction's scale, frac / (scale / g)
         * must be whole, and the part is that times unit / g. */
        if (frac) {
            int64_t g = gcd64(u->us, frac_scale), extra;
            if (frac % (frac_scale / g) != 0)
                return -1;
            if (mul_add(frac / (frac_scale / g), u->us / g, 0, &extra)
                || part > INT64_MAX - extra)
                return -1;
            part += extra;
        }
        if (total > INT64_MAX - part)
            return -1;
        total += part;
        parts++;
    }
    *out_us = total;
    return 0;
}
