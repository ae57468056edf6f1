/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Setting values from text, for every source of settings (an option, a
 * sysctl, a sweep value), and the one message for a value outside its
 * range.  Each setting is a row of the model's settings table
 * (rto_setting_*), which knows its unit, its range under the chosen profile
 * and HZ, and its kernel knob.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* "0..255", or "1 us..120 s" for durations kept in microseconds. */
static void format_range(const struct rto_invalid *r, char *buf, size_t size)
{
    char a[32], b[32];

    if (strcmp(r->unit, "us") == 0)
        snprintf(buf, size, "%s..%s", rto_fmt_duration(r->min, a, sizeof(a)),
                 rto_fmt_duration(r->max, b, sizeof(b)));
    else
        snprintf(buf, size, "%" PRId64 "..%" PRId64 "%s%s", r->min, r->max,
                 *r->unit ? " " : "", r->unit);
}

int cli_range_error(struct cli_opts *o, const char *label, enum rto_field f,
                    const char *text)
{
    /* A sysctl's value is an integer in the sysctl's own unit. */
    bool integer = strncmp(label, "--sysctl", 8) == 0;
    const struct rto_setting *s = rto_setting_of(f);
    struct rto_invalid r;
    char range[96];

    if (f == RTO_F_HZ) {
        snprintf(o->error, sizeof(o->error),
                 "%s: expected 100, 250, 300 or 1000 (CONFIG_HZ), got "
                 "\"%s\"", label, text);
        return CLI_EXIT_USAGE;
    }
    rto_setting_range(&o->params, f, &r);
    if (r.min == r.max) {
        /* The setting does not exist in this profile. */
        snprintf(o->error, sizeof(o->error), "%s: %s, got \"%s\"", label,
                 r.why, text);
        return CLI_EXIT_USAGE;
    }
    format_range(&r, range, sizeof(range));
    snprintf(o->error, sizeof(o->error),
             "%s: expected %s %s%s%s%s, got \"%s\"", label,
             s && s->kind == RTO_KIND_DURATION && !integer ? "a duration"
                                                           : "an integer",
             range, *r.why ? " (" : "", r.why, *r.why ? ")" : "", text);
    return CLI_EXIT_USAGE;
}

int cli_setting_value(const struct rto_setting *s, const char *text,
                      int64_t *v)
{
    switch (s->kind) {
    case RTO_KIND_COUNT:
        return cli_parse_int(text, v) || *v < INT32_MIN || *v > INT32_MAX
                   ? -1 : 0;
    case RTO_KIND_DURATION:
        return cli_parse_duration(text, s->bare_unit_us, v);
    case RTO_KIND_CHOICE:
        for (int c = RTO_CC_RENO; c <= RTO_CC_BBR; c++) {
            if (strcmp(text, rto_cc_name((enum rto_cc)c)) == 0) {
                *v = c;
                return 0;
            }
        }
        return -1;
    case RTO_KIND_FLAG:
    case RTO_KIND_VERSION:
        break;
    }
    return -1;
}

int cli_set_option(struct cli_opts *o, const char *name, const char *text)
{
    const struct rto_setting *s = rto_setting_by_option(name);
    char label[48];
    int64_t v;

    if (!s || s->kind == RTO_KIND_FLAG || s->kind == RTO_KIND_VERSION) {
        snprintf(o->error, sizeof(o->error), "--%s: not a setting with a "
                 "value", name);
        return CLI_EXIT_USAGE;
    }
    snprintf(label, sizeof(label), "--%s", name);
    o->texts[s->field] = text;
    o->labels[s->field] = NULL;
    if (s->kind == RTO_KIND_CHOICE && cli_setting_value(s, text, &v)) {
        snprintf(o->error, sizeof(o->error),
                 "%s: expected one of reno, cubic, bbr, got \"%s\"", label,
                 text);
        return CLI_EXIT_USAGE;
    }
    if (cli_setting_value(s, text, &v))
        return cli_range_error(o, label, s->field, text);
    rto_setting_set(&o->params, s->field, v);
    return 0;
}

/* The label of a field for messages: where its value came from. */
static void field_label(const struct cli_opts *o, enum rto_field f,
                        char *buf, size_t size)
{
    const struct rto_setting *s = rto_setting_of(f);
    const char *from = o->labels[f];

    if (from && strncmp(from, "--sysctl", 8) == 0 && !strchr(from, ':'))
        snprintf(buf, size, "%s net.ipv4.%s", from, s->sysctl);
    else if (from)
        snprintf(buf, size, "%s", from);
    else
        snprintf(buf, size, "--%s", s->option);
}

/*
 * After every source of settings: each value given must be one the kernel
 * of the chosen profile accepts (a value given explicitly must be a real
 * one: --rto 0 is refused, though 0 means "from the RTT" inside), with the
 * source named; then the model's own check of the whole set.
 */
int cli_check(struct cli_opts *o)
{
    struct rto_invalid bad;
    char label[256];

    for (size_t i = 0; i < rto_setting_count(); i++) {
        const struct rto_setting *s = rto_setting_at(i);
        int64_t v = rto_setting_get(&o->params, s->field);
        bool given = o->texts[s->field] != NULL;

        if (rto_setting_accepts(&o->params, s->field, v, !given))
            continue;
        field_label(o, s->field, label, sizeof(label));
        if (s->kind == RTO_KIND_FLAG) {
            rto_setting_range(&o->params, s->field, &bad);
            snprintf(o->error, sizeof(o->error), "%s: %s", label, bad.why);
            return CLI_EXIT_USAGE;
        }
        return cli_range_error(o, label, s->field,
                               given ? o->texts[s->field] : "");
    }
    if (rto_params_validate(&o->params, &bad) != RTO_OK) {
        snprintf(o->error, sizeof(o->error), "%s: outside the kernel's "
                 "range (%s)", rto_field_knob(bad.field), bad.why);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

void cli_warn(struct cli_opts *o, const char *fmt, ...)
{
    va_list ap;

    if (o->nwarnings >= CLI_MAX_WARNINGS) {
        snprintf(o->warnings[CLI_MAX_WARNINGS - 1],
                 sizeof(o->warnings[0]), "more warnings were dropped");
        return;
    }
    va_start(ap, fmt);
    vsnprintf(o->warnings[o->nwarnings++], sizeof(o->warnings[0]), fmt, ap);
    va_end(ap);
}

bool cli_kernel_warning(const struct rto_kernel_match *m, char *buf,
                        size_t size)
{
    char prof[16], base[16];
    const char *vendor = m->vendor ? "; vendor backports can differ" : "";

    rto_kernel_name(m->profile, prof, sizeof(prof));
    rto_kernel_name(m->version, base, sizeof(base));
    if (m->newer)
        snprintf(buf, size, "newer than every profile; the Linux %s profile "
                            "is used, which may lack its changes%s",
                 prof, vendor);
    else if (!m->exact)
        snprintf(buf, size, "%sLinux %s has no profile of its own; the "
                            "Linux %s profile is used, the newest not newer "
                            "than it%s",
                 m->vendor ? "a distribution kernel: " : "", base, prof,
                 vendor);
    else if (m->vendor)
        snprintf(buf, size, "a distribution kernel, modelled as upstream "
                            "Linux %s%s",
                 prof, vendor);
    else
        return false;
    return true;
}
