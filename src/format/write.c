/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The writers' entry point and the names every format shares. */
#include <errno.h>
#include <string.h>

#include "format/format.h"

static const char *const format_names[] = {
    [RTO_FMT_TABLE] = "table",
    [RTO_FMT_CSV] = "csv",
    [RTO_FMT_JSON] = "json",
    [RTO_FMT_GNUPLOT] = "gnuplot",
    [RTO_FMT_MARKDOWN] = "markdown",
    [RTO_FMT_OPENMETRICS] = "openmetrics",
};

int rto_format_parse(const char *name)
{
    for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
        if (name && strcmp(name, format_names[i]) == 0)
            return (int)i;
    return -1;
}

const char *rto_format_name(enum rto_format f)
{
    return (unsigned)f < sizeof(format_names) / sizeof(format_names[0])
               ? format_names[f] : "?";
}

/* The writers of each format, by enum rto_format. */
static const rto_write_fn *const writers[] = {
    [RTO_FMT_TABLE] = rto_table_writers,
    [RTO_FMT_CSV] = rto_csv_writers,
    [RTO_FMT_JSON] = rto_json_writers,
    [RTO_FMT_GNUPLOT] = rto_gnuplot_writers,
    [RTO_FMT_MARKDOWN] = rto_markdown_writers,
};

int rto_write_result(FILE *out, enum rto_format f, const struct rto_result *r)
{
    if ((unsigned)f >= sizeof(writers) / sizeof(writers[0]))
        return (unsigned)f <= RTO_FMT_OPENMETRICS ? RTO_ENOTSUP : RTO_EINVAL;
    if ((unsigned)r->kind >= RTO_RESULT_KINDS || !writers[f][r->kind])
        return RTO_ENOTSUP;
    writers[f][r->kind](out, r);
    return ferror(out) ? RTO_EIO : RTO_OK;
}

int rto_write(FILE *out, enum rto_format f, const struct rto_params *p,
              const struct rto_timeline *t)
{
    struct rto_result r = { .kind = RTO_RESULT_TIMELINE, .params = p,
                            .timeline = t };

    return rto_write_result(out, f, &r);
}

int rto_report(FILE *out, enum rto_format f, const struct rto_params *p,
               struct rto_event *scratch, size_t cap)
{
    struct rto_report rep;
    struct rto_result r = { .kind = RTO_RESULT_REPORT, .params = p,
                            .report = &rep };
    int err;

    if (f == RTO_FMT_GNUPLOT)
        return RTO_ENOTSUP;
    if ((err = rto_report_run(p, scratch, cap, &rep)))
        return err;
    return rto_write_result(out, f, &r);
}

size_t rto_report_rows(const struct rto_params *p, const struct rto_report *r,
                       struct rto_timeline *idle, struct rto_report_row *rows)
{
    size_t n = 0;

    for (size_t i = 0; i < RTO_PATH_COUNT; i++) {
        const struct rto_path_info *pi = rto_path_info((enum rto_path)i);
        struct rto_report_row *row = &rows[n++];

        row->name = pi->name;
        row->doing = rto_explain_doing(p, pi->path);
        row->count_word = pi->count_word;
        row->t = &r->paths[i];
        rto_explain_rule(row->rule, sizeof(row->rule), p, row->t);
        if (pi->path != RTO_PATH_KEEPALIVE)
            continue;
        /* An idle socket without keepalive never gives up: an empty
         * summary, after the keepalive row it is the alternative to. */
        rto_timeline_init(idle, NULL, 0);
        row = &rows[n++];
        row->name = RTO_IDLE_NAME;
        row->doing = RTO_IDLE_DOING;
        row->count_word = pi->count_word;
        row->t = idle;
        snprintf(row->rule, sizeof(row->rule), "%s", RTO_IDLE_RULE);
    }
    return n;
}

bool rto_kernel_row(size_t i, struct rto_kernel_row *row)
{
    size_t n;
    const struct rto_profile *pr = rto_profiles(&n);
    struct rto_params p;
    int k;

    if (i >= n)
        return false;
    k = pr[i].version;
    rto_params_default_for(&p, k);
    rto_kernel_name(k, row->name, sizeof(row->name));
    row->examples = pr[i].examples;
    row->initial_rto_us = rto_init_rto_us(k);
    row->syn_retries = p.syn_retries;
    row->syn_linear_timeouts = p.syn_linear_timeouts;
    row->compare = rto_kernel_has(k, RTO_FEAT_SIGNED_COMPARE) ? "s32 ms"
                   : rto_kernel_has(k, RTO_FEAT_MS_CLOCK)     ? "u32 ms"
                                                              : "u32 jif";
    row->u8_sysctls = rto_kernel_has(k, RTO_FEAT_U8_SYSCTLS);
    row->tlp = p.tlp;
    return true;
}

bool rto_counts_probes(enum rto_path path)
{
    const struct rto_path_info *pi = rto_path_info(path);

    return pi && strcmp(pi->count_word, "probes") == 0;
}

/* The unit of a duration knob is the one the settings table gives its
 * sysctl or socket option. */
const char *rto_knob_unit(const char *knob)
{
    for (size_t i = 0; i < rto_setting_count(); i++) {
        const struct rto_setting *s = rto_setting_at(i);

        if (s->kind != RTO_KIND_DURATION
            || !((s->sysctl && strcmp(s->sysctl, knob) == 0)
                 || (s->knob && strcmp(s->knob, knob) == 0)))
            continue;
        return s->unit_us == 1000 ? "ms" : s->unit_us == 1000000 ? "s"
                                                                 : "us";
    }
    return "";
}

const char *rto_event_name(enum rto_event_type type)
{
    switch (type) {
    case RTO_EV_SEND: return "send";
    case RTO_EV_TLP: return "tlp";
    case RTO_EV_RETRANSMIT: return "retransmit";
    case RTO_EV_PROBE: return "probe";
    case RTO_EV_RST: return "rst";
    case RTO_EV_GIVE_UP: return "give_up";
    }
    return "?";
}

const char *rto_reason_name(enum rto_reason reason)
{
    switch (reason) {
    case RTO_REASON_NONE: return "none";
    case RTO_REASON_RETRIES2: return "tcp_retries2";
    case RTO_REASON_USER_TIMEOUT: return "TCP_USER_TIMEOUT";
    case RTO_REASON_KEEPALIVE_PROBES: return "tcp_keepalive_probes";
    case RTO_REASON_SYN_RETRIES: return "tcp_syn_retries";
    case RTO_REASON_SYN_TIME: return "tcp_syn_retries_time";
    case RTO_REASON_SYNACK_RETRIES: return "tcp_synack_retries";
    case RTO_REASON_ORPHAN_RETRIES: return "tcp_orphan_retries";
    case RTO_REASON_FIN_TIMEOUT: return "tcp_fin_timeout";
    case RTO_REASON_PROBES: return "tcp_retries2_probes";
    case RTO_REASON_NOT_MODELLED: return "not_modelled";
    }
    return "?";
}

static const struct {
    unsigned bit;
    const char *word;
} mark_words[] = {
    { RTO_MARK_STAMP, "stamp" },
    { RTO_MARK_RETRIES1, "retries1" },
    { RTO_MARK_LINEAR, "linear" },
    { RTO_MARK_CLAMPED, "clamped" },
    { RTO_MARK_CAPPED, "capped" },
};

const char *rto_mark_word(size_t i, unsigned *bit)
{
    if (i >= sizeof(mark_words) / sizeof(mark_words[0]))
        return NULL;
    *bit = mark_words[i].bit;
    return mark_words[i].word;
}

const char *rto_cc_name(enum rto_cc cc)
{
    switch (cc) {
    case RTO_CC_RENO: return "reno";
    case RTO_CC_CUBIC: return "cubic";
    case RTO_CC_BBR: return "bbr";
    }
    return "?";
}

char *rto_kernel_name(int version, char *buf, size_t size)
{
    if (RTO_KERNEL_PATCH(version))
        snprintf(buf, size, "%d.%d.%d", RTO_KERNEL_MAJOR(version),
                 RTO_KERNEL_MINOR(version), RTO_KERNEL_PATCH(version));
    else
        snprintf(buf, size, "%d.%d", RTO_KERNEL_MAJOR(version),
                 RTO_KERNEL_MINOR(version));
    return buf;
}

const char *rto_errno_name(int err)
{
    switch (err) {
    case 0: return "";
    case ETIMEDOUT: return "ETIMEDOUT";
    default: return "error";
    }
}

/* The settings a timeline depends on: the rows of the settings table that
 * name its path, in the table's order, each in its own unit. */
size_t rto_settings(const struct rto_params *p, const struct rto_timeline *t,
                    struct rto_setting_value *rows, size_t cap)
{
    size_t n = 0;

    for (size_t i = 0; i < rto_setting_count(); i++) {
        const struct rto_setting *s = rto_setting_at(i);
        int64_t v = rto_setting_get(p, s->field);
        struct rto_setting_value *row = &rows[n];
        if (!s->json || !(s->paths & RTO_PATH_BIT(t->path)))
            continue;
        if (n++ >= cap)
            continue;
        row->key = s->json;
        row->is_bool = s->kind == RTO_KIND_FLAG;
        row->text = s->field == RTO_F_CC ? rto_cc_name((enum rto_cc)v)
                                         : NULL;
        row->value = s->kind == RTO_KIND_DURATION ? v / s->unit_us : v;
        /* The count the path used: its own when none was given. */
        if (s->field == RTO_F_IN_FLIGHT)
            row->value = rto_in_flight(p, t->path);
    }
    return n;
}
