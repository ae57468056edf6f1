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

int rto_write(FILE *out, enum rto_format f, const struct rto_params *p,
              const struct rto_timeline *t)
{
    int err;

    switch (f) {
    case RTO_FMT_TABLE:
        err = rto_out_table(out, p, t);
        break;
    case RTO_FMT_CSV:
        err = rto_out_csv(out, p, t);
        break;
    case RTO_FMT_JSON:
        err = rto_out_json(out, p, t);
        break;
    case RTO_FMT_GNUPLOT:
        err = rto_out_gnuplot(out, p, t);
        break;
    case RTO_FMT_MARKDOWN:
        err = rto_out_markdown(out, p, t);
        break;
    default:
        return RTO_EINVAL;
    }
    if (err == 0 && ferror(out))
        err = RTO_EIO;
    return err;
}

const char *rto_path_name(enum rto_path path)
{
    switch (path) {
    case RTO_PATH_RETRANS: return "retrans";
    case RTO_PATH_KEEPALIVE: return "keepalive";
    case RTO_PATH_SYN: return "syn";
    case RTO_PATH_SYNACK: return "synack";
    case RTO_PATH_ORPHAN: return "orphan";
    case RTO_PATH_FIN_WAIT2: return "fin_wait2";
    case RTO_PATH_PROBE0: return "probe0";
    }
    return "?";
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

/* Every setting a timeline can depend on, as the JSON "settings" keys. */
enum setting {
    S_RETRIES1, S_RETRIES2, S_USER_TIMEOUT, S_RTT, S_RTO, S_RTO_MIN,
    S_RTO_MAX, S_TLP, S_THIN, S_CC, S_KA_TIME, S_KA_INTVL, S_KA_PROBES,
    S_SYN_RETRIES, S_SYN_LINEAR, S_SYNACK_RETRIES, S_FASTOPEN,
    S_ORPHAN_RETRIES, S_FIN_TIMEOUT, S_END
};

static const char *const setting_keys[S_END] = {
    [S_RETRIES1] = "tcp_retries1",
    [S_RETRIES2] = "tcp_retries2",
    [S_USER_TIMEOUT] = "user_timeout_ms",
    [S_RTT] = "rtt_us",
    [S_RTO] = "rto_us",
    [S_RTO_MIN] = "rto_min_us",
    [S_RTO_MAX] = "rto_max_ms",
    [S_TLP] = "tlp",
    [S_THIN] = "thin",
    [S_CC] = "cc",
    [S_KA_TIME] = "tcp_keepalive_time_s",
    [S_KA_INTVL] = "tcp_keepalive_intvl_s",
    [S_KA_PROBES] = "tcp_keepalive_probes",
    [S_SYN_RETRIES] = "tcp_syn_retries",
    [S_SYN_LINEAR] = "tcp_syn_linear_timeouts",
    [S_SYNACK_RETRIES] = "tcp_synack_retries",
    [S_FASTOPEN] = "fastopen",
    [S_ORPHAN_RETRIES] = "tcp_orphan_retries",
    [S_FIN_TIMEOUT] = "tcp_fin_timeout_s",
};

/* The settings of each path, in print order, ended by S_END. */
static const enum setting path_settings[][12] = {
    [RTO_PATH_RETRANS] = { S_RETRIES1, S_RETRIES2, S_USER_TIMEOUT, S_RTT,
                           S_RTO, S_RTO_MIN, S_RTO_MAX, S_TLP, S_THIN, S_CC,
                           S_END },
    [RTO_PATH_KEEPALIVE] = { S_KA_TIME, S_KA_INTVL, S_KA_PROBES,
                             S_USER_TIMEOUT, S_END },
    [RTO_PATH_SYN] = { S_SYN_RETRIES, S_SYN_LINEAR, S_USER_TIMEOUT, S_RTO_MAX,
                       S_END },
    [RTO_PATH_SYNACK] = { S_SYNACK_RETRIES, S_FASTOPEN, S_RTO_MAX, S_END },
    [RTO_PATH_ORPHAN] = { S_ORPHAN_RETRIES, S_RETRIES1, S_USER_TIMEOUT, S_RTT,
                          S_RTO, S_RTO_MIN, S_RTO_MAX, S_TLP, S_END },
    [RTO_PATH_FIN_WAIT2] = { S_FIN_TIMEOUT, S_RTT, S_RTO, S_RTO_MIN, S_END },
    [RTO_PATH_PROBE0] = { S_RETRIES2, S_USER_TIMEOUT, S_RTT, S_RTO,
                          S_RTO_MIN, S_RTO_MAX, S_END },
};

static void setting_value(const struct rto_params *p, enum setting s,
                          struct rto_setting *row)
{
    row->key = setting_keys[s];
    row->is_bool = false;
    row->text = NULL;
    row->value = 0;
    switch (s) {
    case S_RETRIES1: row->value = p->retries1; break;
    case S_RETRIES2: row->value = p->retries2; break;
    case S_USER_TIMEOUT: row->value = p->user_timeout_us / 1000; break;
    case S_RTT: row->value = p->rtt_us; break;
    case S_RTO: row->value = p->rto_us; break;
    case S_RTO_MIN: row->value = p->rto_min_us; break;
    case S_RTO_MAX: row->value = p->rto_max_us / 1000; break;
    case S_TLP: row->value = p->tlp; row->is_bool = true; break;
    case S_THIN: row->value = p->thin; row->is_bool = true; break;
    case S_CC: row->text = rto_cc_name(p->cc); break;
    case S_KA_TIME: row->value = p->keepalive_time_us / 1000000; break;
    case S_KA_INTVL: row->value = p->keepalive_intvl_us / 1000000; break;
    case S_KA_PROBES: row->value = p->keepalive_probes; break;
    case S_SYN_RETRIES: row->value = p->syn_retries; break;
    case S_SYN_LINEAR: row->value = p->syn_linear_timeouts; break;
    case S_SYNACK_RETRIES: row->value = p->synack_retries; break;
    case S_FASTOPEN: row->value = p->fastopen; row->is_bool = true; break;
    case S_ORPHAN_RETRIES: row->value = p->orphan_retries; break;
    case S_FIN_TIMEOUT: row->value = p->fin_timeout_us / 1000000; break;
    case S_END: break;
    }
}

size_t rto_settings(const struct rto_params *p, const struct rto_timeline *t,
                    struct rto_setting *rows, size_t cap)
{
    size_t n = 0;

    if ((unsigned)t->path >= sizeof(path_settings) / sizeof(path_settings[0]))
        return 0;
    for (const enum setting *s = path_settings[t->path]; *s != S_END; s++) {
        if (n < cap)
            setting_value(p, *s, &rows[n]);
        n++;
    }
    return n;
}
