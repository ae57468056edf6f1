/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The writers of the other TCP stacks: one stack's timeline, its report,
 * every stack side by side (rtocalc stacks), and the chart of plot stacks.
 * Each rule carries its confidence tag (STACKS.md: SRC, DOC, ISSUE, REC);
 * open questions are printed as such.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "format/stacks.h"

const enum rto_path rto_stack_paths[RTO_STACK_PATHS] = {
    RTO_PATH_RETRANS, RTO_PATH_KEEPALIVE, RTO_PATH_SYN, RTO_PATH_FIN_WAIT2,
    RTO_PATH_PROBE0,
};

/* Column titles of the stacks table, and the columns' widths: the last
 * two hold "no documented" (13 characters) and a space. */
static const char *const column[RTO_STACK_PATHS] = {
    "data", "keepalive", "connect", "FIN_WAIT_2", "zero window",
};
static const int column_width[RTO_STACK_PATHS] = { 13, 13, 13, 14, 14 };

/* ------------------------------------------------------------------ */
/* Rows                                                               */
/* ------------------------------------------------------------------ */

static void keep_summary(struct rto_stack_entry *e)
{
    e->t.events = NULL;
    e->t.cap = e->t.count = 0;
}

int rto_stack_row_run(struct rto_stack_row *row,
                      const struct rto_stack_params *p,
                      struct rto_event *scratch, size_t cap)
{
    row->stack = p->stack;
    row->version = p->version;
    for (size_t i = 0; i < RTO_STACK_PATHS; i++) {
        struct rto_stack_entry *e = &row->e[i];
        int err;

        e->path = rto_stack_paths[i];
        rto_timeline_init(&e->t, scratch, cap);
        err = rto_stack_path(p, e->path, &e->t, &e->run);
        if (err && !(err == RTO_ENOTSUP && e->run.absent))
            return err;
        keep_summary(e);
    }
    return RTO_OK;
}

int rto_stack_row_linux(struct rto_stack_row *row, const struct rto_params *p,
                        struct rto_event *scratch, size_t cap)
{
    struct rto_report rep;
    int err = rto_report_run(p, scratch, cap, &rep);

    if (err)
        return err;
    row->stack = RTO_STACK_LINUX;
    row->version = p->kernel;
    for (size_t i = 0; i < RTO_STACK_PATHS; i++) {
        struct rto_stack_entry *e = &row->e[i];

        memset(&e->run, 0, sizeof(e->run));
        e->path = rto_stack_paths[i];
        e->t = rep.paths[e->path];
        keep_summary(e);
        e->run.stack = RTO_STACK_LINUX;
        e->run.version = p->kernel;
        e->run.tag = RTO_TAG_SRC;
        if (e->t.reason == RTO_REASON_NOT_MODELLED) {
            e->run.absent = true;
            e->run.why = e->t.not_modelled;
        }
        rto_explain_rule(e->run.rule, sizeof(e->run.rule), p, &e->t);
    }
    return RTO_OK;
}

/* ------------------------------------------------------------------ */
/* Words                                                              */
/* ------------------------------------------------------------------ */

static const char *version_name(enum rto_stack s, int v, char *buf,
                                size_t size)
{
    if (s == RTO_STACK_LINUX) {
        char k[16];
        snprintf(buf, size, "linux-%s", rto_kernel_name(v, k, sizeof(k)));
        return buf;
    }
    return rto_stack_version_name(s, v, buf, size);
}

/* What ended it, in words that fit every stack. */
static const char *reason_word(const struct rto_timeline *t)
{
    switch (t->reason) {
    case RTO_REASON_NONE: return "none";
    case RTO_REASON_RETRIES2: return "retransmissions";
    case RTO_REASON_USER_TIMEOUT: return "user_timeout";
    case RTO_REASON_KEEPALIVE_PROBES: return "keepalive_probes";
    case RTO_REASON_SYN_RETRIES: return "syn_retransmissions";
    case RTO_REASON_SYN_TIME: return "connect_timeout";
    case RTO_REASON_FIN_TIMEOUT: return "fin_wait2_timeout";
    case RTO_REASON_PROBES: return "window_probes";
    case RTO_REASON_NOT_MODELLED: return "not_modelled";
    default: return rto_reason_name(t->reason);
    }
}

static const char *error_name(int e)
{
    switch (e) {
    case 0: return NULL;
    case ETIMEDOUT: return "ETIMEDOUT";
    case ECONNABORTED: return "ECONNABORTED";
    default: return "error";
    }
}

/* The one-letter mark of a tag in tables: none for a rule read in the
 * source. */
static const char *tag_mark(enum rto_tag tag)
{
    switch (tag) {
    case RTO_TAG_DOC: return "d";
    case RTO_TAG_ISSUE: return "i";
    case RTO_TAG_REC: return "r";
    default: return "";
    }
}

static char *dur(int64_t us, char *buf, size_t size)
{
    return rto_fmt_duration(us, buf, size);
}

/* Print text in lines of at most 79 characters: the first indented by
 * first, the others by rest. */
static void wrap(FILE *out, const char *text, int first, int rest)
{
    int indent = first;

    while (*text) {
        size_t room = (size_t)(79 - indent), len = strlen(text);

        if (len > room) {
            len = room;
            while (len > 0 && text[len] != ' ')
                len--;
            if (len == 0)
                len = room;
        }
        fprintf(out, "%*s%.*s\n", indent, "", (int)len, text);
        text += len;
        while (*text == ' ')
            text++;
        indent = rest;
    }
}

/* A line of cells without its trailing spaces. */
static void put_line(FILE *out, char *line)
{
    size_t n = strlen(line);

    while (n > 0 && line[n - 1] == ' ')
        line[--n] = '\0';
    fprintf(out, "%s\n", line);
}

/* What an absent path says: why, and for a rule its vendor does not
 * document, what is documented instead. */
static const char *absent_text(const struct rto_stack_run *run, char *buf,
                               size_t size)
{
    if (run->undocumented && run->note)
        snprintf(buf, size, "%s: %s", run->why, run->note);
    else
        snprintf(buf, size, "%s", run->why ? run->why : "");
    return buf;
}

/* ------------------------------------------------------------------ */
/* JSON pieces                                                        */
/* ------------------------------------------------------------------ */

static void jnum(FILE *out, int64_t v)
{
    if (v == RTO_NONE)
        fputs("null", out);
    else
        fprintf(out, "%" PRId64, v);
}

static void jstr(FILE *out, const char *s)
{
    if (s)
        rto_json_string(out, s);
    else
        fputs("null", out);
}

static void jwarnings(FILE *out, const struct rto_warnings *w)
{
    fputs("  \"warnings\": [", out);
    for (size_t i = 0; w && i < w->count; i++) {
        fputs(i ? ", " : "", out);
        jstr(out, w->text[i]);
    }
    fputs("]\n}\n", out);
}

/* The summary members of one path, on one line. */
static void jsummary(FILE *out, const struct rto_timeline *t,
                     const struct rto_stack_run *run)
{
    fputs("\"retransmissions\": ", out);
    fprintf(out, "%d, \"retransmissions_typical\": %d, "
                 "\"retransmissions_range\": [%d, %d], \"give_up_us\": ",
            t->retransmissions, t->retransmissions_typical,
            t->retransmissions_min, t->retransmissions_max);
    jnum(out, t->give_up_us);
    fputs(", \"give_up_typical_us\": ", out);
    jnum(out, t->give_up_typical_us);
    fputs(", \"give_up_earliest_us\": ", out);
    jnum(out, t->give_up_earliest_us);
    fputs(", \"give_up_latest_us\": ", out);
    jnum(out, t->give_up_latest_us);
    fputs(", \"reason\": ", out);
    jstr(out, run->undocumented ? "no_documented_rule" : reason_word(t));
    fputs(", \"error\": ", out);
    jstr(out, error_name(t->error));
    fputs(", \"rule\": ", out);
    jstr(out, run->absent ? NULL : run->rule);
    fputs(", \"tag\": ", out);
    jstr(out, run->absent ? NULL : rto_tag_name(run->tag));
    fputs(", \"open_question\": ", out);
    jstr(out, run->open);
    fputs(", \"note\": ", out);
    jstr(out, run->note);
    fputs(", \"absent\": ", out);
    jstr(out, run->absent ? run->why : NULL);
}

static void jhead(FILE *out, const char *command,
                  const struct rto_stack_params *p)
{
    char v[24];
    const struct rto_stack_info *si = rto_stack_info(p->stack);

    fputs("{\n  \"command\": ", out);
    jstr(out, command);
    fputs(",\n  \"stack\": ", out);
    jstr(out, si->name);
    fputs(",\n  \"version\": ", out);
    jstr(out, rto_stack_version_name(p->stack, p->version, v, sizeof(v)));
    fprintf(out, ",\n  \"rtt_us\": %" PRId64 ",\n  \"rttvar_us\": %" PRId64
                 ",\n  \"settings\": {",
            p->rtt_us,
            p->rttvar_us == RTO_NONE ? p->rtt_us / 2 : p->rttvar_us);
    {
        const char *sep = " ";
        for (size_t i = 0; i < rto_stack_setting_count(); i++) {
            const struct rto_stack_setting *s = rto_stack_setting_at(i);
            if (s->stack != p->stack)
                continue;
            fputs(sep, out);
            jstr(out, s->knob);
            fprintf(out, ": %" PRId64,
                    rto_stack_get(p, s->field) / s->unit_us);
            sep = ", ";
        }
    }
    fputs(" },\n", out);
}

/* ------------------------------------------------------------------ */
/* One timeline                                                       */
/* ------------------------------------------------------------------ */

static void table_timeline(FILE *out, const struct rto_stack_params *p,
                           const struct rto_timeline *t,
                           const struct rto_stack_run *run)
{
    const struct rto_stack_info *si = rto_stack_info(p->stack);
    char v[24], a[32], b[32], c[32], d[32];

    fprintf(out, "rtocalc: the peer vanished - when does %s give up?\n"
                 "%s, %s\n",
            si->title, rto_stack_version_name(p->stack, p->version, v,
                                              sizeof(v)),
            rto_path_info(t->path)->doing);
    fprintf(out, "RTT %s, rttvar %s; each timer up to %s late\n\n",
            dur(p->rtt_us, a, sizeof(a)),
            dur(p->rttvar_us == RTO_NONE ? p->rtt_us / 2 : p->rttvar_us, b,
                sizeof(b)),
            dur(run->granularity_us, c, sizeof(c)));
    fprintf(out, "%-11s %4s  %-12s %-12s %-12s %s\n", "event", "n",
            "nominal", "typical", "latest", "timer");
    for (size_t i = 0; i < t->count; i++) {
        const struct rto_event *e = &t->events[i];
        fprintf(out, "%-11s %4d  %-12s %-12s %-12s %s\n",
                rto_event_name(e->type), e->n,
                dur(e->at_us, a, sizeof(a)), dur(e->typical_us, b, sizeof(b)),
                dur(e->latest_us, c, sizeof(c)),
                e->timer_us == RTO_NONE ? "-" : dur(e->timer_us, d,
                                                     sizeof(d)));
    }
    fprintf(out, "\ngives up at %s (window %s - %s)",
            dur(t->give_up_us, a, sizeof(a)),
            dur(t->give_up_earliest_us, b, sizeof(b)),
            dur(t->give_up_latest_us, c, sizeof(c)));
    if (rto_path_info(t->path)->count_word[0])
        fprintf(out, " after %d %s", t->retransmissions,
                rto_path_info(t->path)->count_word);
    fputc('\n', out);
    {
        char text[400];

        snprintf(text, sizeof(text), "rule [%s]: %s", rto_tag_name(run->tag),
                 run->rule);
        wrap(out, text, 0, 2);
        if (run->note) {
            snprintf(text, sizeof(text), "note: %s", run->note);
            wrap(out, text, 0, 2);
        }
        if (run->open) {
            snprintf(text, sizeof(text), "open question: %s", run->open);
            wrap(out, text, 0, 2);
        }
    }
    fprintf(out, "source: %s\n", si->read);
}

static void json_timeline(FILE *out, const char *command,
                          const struct rto_stack_params *p,
                          const struct rto_timeline *t,
                          const struct rto_stack_run *run,
                          const struct rto_warnings *w)
{
    jhead(out, command, p);
    fprintf(out, "  \"granularity_us\": %" PRId64 ",\n  \"initial_rto_us\": ",
            run->granularity_us);
    jnum(out, t->initial_rto_us);
    fputs(",\n  \"events\": [\n", out);
    for (size_t i = 0; i < t->count; i++) {
        const struct rto_event *e = &t->events[i];
        fprintf(out, "    { \"type\": \"%s\", \"n\": %d, \"timer_us\": ",
                rto_event_name(e->type), e->n);
        jnum(out, e->timer_us);
        fprintf(out, ", \"at_us\": %" PRId64 ", \"typical_us\": %" PRId64
                     ", \"latest_us\": %" PRId64 " }%s\n",
                e->at_us, e->typical_us, e->latest_us,
                i + 1 < t->count ? "," : "");
    }
    fputs("  ],\n  ", out);
    jsummary(out, t, run);
    fprintf(out, ",\n  \"events_truncated\": %s,\n",
            t->truncated ? "true" : "false");
    jwarnings(out, w);
}

static void csv_timeline(FILE *out, const struct rto_stack_params *p,
                         const struct rto_timeline *t)
{
    char v[24];

    rto_stack_version_name(p->stack, p->version, v, sizeof(v));
    fputs("stack,path,event,n,at_us,typical_us,latest_us,timer_us\n", out);
    for (size_t i = 0; i < t->count; i++) {
        const struct rto_event *e = &t->events[i];
        fprintf(out, "%s,%s,%s,%d,%" PRId64 ",%" PRId64 ",%" PRId64 ",", v,
                rto_path_name(t->path), rto_event_name(e->type), e->n,
                e->at_us, e->typical_us, e->latest_us);
        if (e->timer_us != RTO_NONE)
            fprintf(out, "%" PRId64, e->timer_us);
        fputc('\n', out);
    }
}

static void md_timeline(FILE *out, const struct rto_stack_params *p,
                        const struct rto_timeline *t,
                        const struct rto_stack_run *run)
{
    char v[24], a[32], b[32], c[32];

    fprintf(out, "**%s** (`%s`), %s\n\n", rto_stack_info(p->stack)->title,
            rto_stack_version_name(p->stack, p->version, v, sizeof(v)),
            rto_path_info(t->path)->doing);
    fputs("| event | n | nominal | typical | latest |\n"
          "|---|---:|---:|---:|---:|\n", out);
    for (size_t i = 0; i < t->count; i++) {
        const struct rto_event *e = &t->events[i];
        fprintf(out, "| %s | %d | %s | %s | %s |\n", rto_event_name(e->type),
                e->n, dur(e->at_us, a, sizeof(a)),
                dur(e->typical_us, b, sizeof(b)),
                dur(e->latest_us, c, sizeof(c)));
    }
    fprintf(out, "\nGives up at %s (window %s - %s). Rule [%s]: %s.\n",
            dur(t->give_up_us, a, sizeof(a)),
            dur(t->give_up_earliest_us, b, sizeof(b)),
            dur(t->give_up_latest_us, c, sizeof(c)), rto_tag_name(run->tag),
            run->rule);
    if (run->open)
        fprintf(out, "Open question: %s.\n", run->open);
}

int rto_stack_write_timeline(FILE *out, enum rto_format f,
                             const char *command,
                             const struct rto_stack_params *p,
                             const struct rto_timeline *t,
                             const struct rto_stack_run *run,
                             const struct rto_warnings *w)
{
    switch (f) {
    case RTO_FMT_TABLE: table_timeline(out, p, t, run); break;
    case RTO_FMT_JSON: json_timeline(out, command, p, t, run, w); break;
    case RTO_FMT_CSV: csv_timeline(out, p, t); break;
    case RTO_FMT_MARKDOWN: md_timeline(out, p, t, run); break;
    default: return RTO_ENOTSUP;
    }
    return ferror(out) ? RTO_EIO : RTO_OK;
}

/* ------------------------------------------------------------------ */
/* One stack's report                                                 */
/* ------------------------------------------------------------------ */

int rto_stack_write_report(FILE *out, enum rto_format f,
                           const struct rto_stack_params *p,
                           const struct rto_stack_row *row,
                           const struct rto_warnings *w)
{
    char a[32], b[32], c[32];

    if (f == RTO_FMT_JSON) {
        jhead(out, "report", p);
        fputs("  \"paths\": [\n", out);
        for (size_t i = 0; i < RTO_STACK_PATHS; i++) {
            const struct rto_stack_entry *e = &row->e[i];
            fprintf(out, "    { \"path\": \"%s\", \"doing\": ",
                    rto_path_name(e->path));
            jstr(out, rto_path_info(e->path)->doing);
            fputs(", ", out);
            jsummary(out, &e->t, &e->run);
            fprintf(out, " }%s\n", i + 1 < RTO_STACK_PATHS ? "," : "");
        }
        fputs("  ],\n", out);
        jwarnings(out, w);
        return ferror(out) ? RTO_EIO : RTO_OK;
    }
    if (f != RTO_FMT_TABLE && f != RTO_FMT_MARKDOWN && f != RTO_FMT_CSV)
        return RTO_ENOTSUP;
    if (f == RTO_FMT_TABLE)
        fprintf(out, "rtocalc: the peer vanished - when does %s give up?\n"
                     "%s, RTT %s\n\n%-20s %-12s %s\n  %s\n",
                rto_stack_info(p->stack)->title,
                rto_stack_version_name(p->stack, p->version, c, sizeof(c)),
                dur(p->rtt_us, a, sizeof(a)), "doing", "nominal", "window",
                "[how the rule is known] what ends it");
    else if (f == RTO_FMT_MARKDOWN)
        fputs("| doing | nominal | window | ended by | tag |\n"
              "|---|---:|---|---|---|\n", out);
    else
        fputs("path,give_up_us,give_up_earliest_us,give_up_latest_us,"
              "count,tag,absent\n", out);
    for (size_t i = 0; i < RTO_STACK_PATHS; i++) {
        const struct rto_stack_entry *e = &row->e[i];
        const char *doing = rto_path_info(e->path)->doing;
        char win[72], text[400];

        snprintf(win, sizeof(win), "%s - %s",
                 dur(e->t.give_up_earliest_us, a, sizeof(a)),
                 dur(e->t.give_up_latest_us, b, sizeof(b)));
        if (f == RTO_FMT_CSV) {
            fprintf(out, "%s,", rto_path_name(e->path));
            if (e->run.absent)
                fprintf(out, ",,,,,\"%s\"\n",
                        absent_text(&e->run, text, sizeof(text)));
            else
                fprintf(out, "%" PRId64 ",%" PRId64 ",%" PRId64 ",%d,%s,\n",
                        e->t.give_up_us, e->t.give_up_earliest_us,
                        e->t.give_up_latest_us, e->t.retransmissions,
                        rto_tag_name(e->run.tag));
        } else if (f == RTO_FMT_TABLE) {
            if (e->run.absent) {
                fprintf(out, "%-20s %-12s %s\n", doing, "-", "-");
                snprintf(text, sizeof(text), "%s", e->run.why);
            } else {
                fprintf(out, "%-20s %-12s %s\n", doing,
                        dur(e->t.give_up_us, c, sizeof(c)), win);
                snprintf(text, sizeof(text), "[%s] %s",
                         rto_tag_name(e->run.tag), e->run.rule);
            }
            wrap(out, text, 2, 4);
        } else if (e->run.absent) {
            fprintf(out, "| %s | - | - | %s | |\n", doing,
                    absent_text(&e->run, text, sizeof(text)));
        } else {
            fprintf(out, "| %s | %s | %s | %s | %s |\n", doing,
                    dur(e->t.give_up_us, c, sizeof(c)), win, e->run.rule,
                    rto_tag_name(e->run.tag));
        }
    }
    if (f != RTO_FMT_CSV) {
        for (size_t i = 0; i < RTO_STACK_PATHS; i++) {
            char text[400];

            if (row->e[i].run.note) {
                snprintf(text, sizeof(text), "note (%s): %s",
                         rto_path_name(row->e[i].path), row->e[i].run.note);
                wrap(out, text, 0, 2);
            }
            if (row->e[i].run.open) {
                snprintf(text, sizeof(text), "open question (%s): %s",
                         rto_path_name(row->e[i].path), row->e[i].run.open);
                wrap(out, text, 0, 2);
            }
        }
    }
    return ferror(out) ? RTO_EIO : RTO_OK;
}

/* ------------------------------------------------------------------ */
/* Every stack                                                        */
/* ------------------------------------------------------------------ */

/* Whether a cell has a numbered note under the table: an open question,
 * or the reason there is no documented rule. */
static bool has_note(const struct rto_stack_entry *e)
{
    return e->run.undocumented || (e->run.open && !e->run.absent);
}

/* The number of the note of rows[r].e[i], counted as they are listed. */
static int note_number(const struct rto_stack_row *rows, size_t r, size_t i)
{
    int n = 0;

    for (size_t q = 0; q <= r; q++)
        for (size_t j = 0; j < RTO_STACK_PATHS && (q < r || j <= i); j++)
            n += has_note(&rows[q].e[j]);
    return n;
}

/* A table cell: the nominal give-up with its tag marks, or the window's
 * end ("..960.3 s"), or "not modelled", or "no documented" over "rule" and
 * the number of its note. */
static const char *cell(const struct rto_stack_entry *e, bool window,
                        int note, char *buf, size_t size)
{
    char d[32];

    if (e->run.undocumented && window)
        snprintf(buf, size, "rule (%d)", note);
    else if (e->run.undocumented)
        snprintf(buf, size, "no documented");
    else if (e->run.absent)
        snprintf(buf, size, "%s", window ? "" : "not modelled");
    else if (e->t.give_up_us == RTO_NONE)
        snprintf(buf, size, "%s", window ? "" : "never");
    else if (window)
        snprintf(buf, size, "..%s", dur(e->t.give_up_latest_us, d,
                                        sizeof(d)));
    else
        snprintf(buf, size, "%s %s%s", dur(e->t.give_up_us, d, sizeof(d)),
                 tag_mark(e->run.tag), e->run.open ? "?" : "");
    return buf;
}

static void stacks_table(FILE *out, int64_t rtt_us,
                         const struct rto_stack_row *rows, size_t count)
{
    char v[24], c[40];
    int n = 0;

    fprintf(out, "rtocalc stacks: the peer vanished - when does each TCP "
                 "stack give up?\nRTT %s, every stack at its defaults; "
                 "each cell: nominal, then ..latest\n\n",
            dur(rtt_us, c, sizeof(c)));
    {
        char line[96];
        int len = snprintf(line, sizeof(line), "%-12s", "stack");
        for (size_t i = 0; i < RTO_STACK_PATHS; i++)
            len += snprintf(line + len, sizeof(line) - (size_t)len, "%-*s",
                            column_width[i], column[i]);
        put_line(out, line);
        for (size_t r = 0; r < count; r++) {
            for (int w = 0; w < 2; w++) {
                len = snprintf(line, sizeof(line), "%-12s",
                               w ? "" : version_name(rows[r].stack,
                                                     rows[r].version, v,
                                                     sizeof(v)));
                for (size_t i = 0; i < RTO_STACK_PATHS; i++)
                    len += snprintf(line + len, sizeof(line) - (size_t)len,
                                    "%-*s", column_width[i],
                                    cell(&rows[r].e[i], w,
                                         note_number(rows, r, i), c,
                                         sizeof(c)));
                put_line(out, line);
            }
        }
    }
    fputs("\nd: from documentation; i: a published measurement; r: "
          "inferred, not confirmed;\nno mark: read in the stack's source. "
          "?: an open question. Notes:\n", out);
    for (size_t r = 0; r < count; r++) {
        for (size_t i = 0; i < RTO_STACK_PATHS; i++) {
            const struct rto_stack_run *run = &rows[r].e[i].run;
            char text[320];

            if (!has_note(&rows[r].e[i]))
                continue;
            snprintf(text, sizeof(text), "%d. %s %s: %s%s%s", ++n,
                     version_name(rows[r].stack, rows[r].version, v,
                                  sizeof(v)),
                     column[i], run->undocumented ? run->why : "",
                     run->undocumented ? ": " : "",
                     run->undocumented ? run->note : run->open);
            wrap(out, text, 2, 5);
        }
    }
    fputs("keepalive: FreeBSD probes every connection (always_keepalive); "
          "the others need\nSO_KEEPALIVE. Details: rtocalc PATH --stack "
          "NAME.\n", out);
}

static void stacks_json(FILE *out, int64_t rtt_us,
                        const struct rto_stack_row *rows, size_t count,
                        const struct rto_warnings *w)
{
    char v[24];

    fprintf(out, "{\n  \"command\": \"stacks\",\n  \"rtt_us\": %" PRId64
                 ",\n  \"stacks\": [\n",
            rtt_us);
    for (size_t r = 0; r < count; r++) {
        const struct rto_stack_info *si = rto_stack_info(rows[r].stack);
        fputs("    { \"name\": ", out);
        jstr(out, si->name);
        fputs(", \"title\": ", out);
        jstr(out, si->title);
        fputs(", \"version\": ", out);
        jstr(out, version_name(rows[r].stack, rows[r].version, v,
                               sizeof(v)));
        fputs(", \"paths\": [\n", out);
        for (size_t i = 0; i < RTO_STACK_PATHS; i++) {
            const struct rto_stack_entry *e = &rows[r].e[i];
            fprintf(out, "      { \"path\": \"%s\", ", rto_path_name(e->path));
            jsummary(out, &e->t, &e->run);
            fprintf(out, " }%s\n", i + 1 < RTO_STACK_PATHS ? "," : "");
        }
        fprintf(out, "    ] }%s\n", r + 1 < count ? "," : "");
    }
    fputs("  ],\n", out);
    jwarnings(out, w);
}

static void stacks_flat(FILE *out, enum rto_format f,
                        const struct rto_stack_row *rows, size_t count)
{
    char v[24], a[32], b[32];

    if (f == RTO_FMT_CSV)
        fputs("stack,path,give_up_us,give_up_typical_us,give_up_earliest_us,"
              "give_up_latest_us,count,tag,open_question,absent\n", out);
    else
        fputs("| stack | path | nominal | window | count | tag | rule |\n"
              "|---|---|---:|---|---:|---|---|\n", out);
    for (size_t r = 0; r < count; r++) {
        version_name(rows[r].stack, rows[r].version, v, sizeof(v));
        for (size_t i = 0; i < RTO_STACK_PATHS; i++) {
            const struct rto_stack_entry *e = &rows[r].e[i];
            const struct rto_timeline *t = &e->t;
            char rule[320];

            if (f == RTO_FMT_CSV) {
                fprintf(out, "%s,%s,", v, rto_path_name(e->path));
                if (e->run.absent) {
                    fprintf(out, ",,,,,,,\"%s\"\n",
                            absent_text(&e->run, rule, sizeof(rule)));
                    continue;
                }
                fprintf(out, "%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64
                             ",%d,%s,%s%s%s,\n",
                        t->give_up_us, t->give_up_typical_us,
                        t->give_up_earliest_us, t->give_up_latest_us,
                        t->retransmissions, rto_tag_name(e->run.tag),
                        e->run.open ? "\"" : "",
                        e->run.open ? e->run.open : "",
                        e->run.open ? "\"" : "");
            } else if (e->run.absent) {
                fprintf(out, "| %s | %s | - | - | - | - | %s |\n", v,
                        rto_path_name(e->path),
                        absent_text(&e->run, rule, sizeof(rule)));
            } else {
                snprintf(rule, sizeof(rule), "%s%s%s%s", e->run.rule,
                         e->run.open ? " (open question: " : "",
                         e->run.open ? e->run.open : "",
                         e->run.open ? ")" : "");
                fprintf(out, "| %s | %s | %s | %s - ", v,
                        rto_path_name(e->path),
                        dur(t->give_up_us, a, sizeof(a)),
                        dur(t->give_up_earliest_us, b, sizeof(b)));
                fprintf(out, "%s | %d | %s | %s |\n",
                        dur(t->give_up_latest_us, a, sizeof(a)),
                        t->retransmissions, rto_tag_name(e->run.tag), rule);
            }
        }
    }
}

int rto_stacks_write(FILE *out, enum rto_format f, int64_t rtt_us,
                     const struct rto_stack_row *rows, size_t count,
                     const struct rto_warnings *w)
{
    switch (f) {
    case RTO_FMT_TABLE: stacks_table(out, rtt_us, rows, count); break;
    case RTO_FMT_JSON: stacks_json(out, rtt_us, rows, count, w); break;
    case RTO_FMT_CSV:
    case RTO_FMT_MARKDOWN: stacks_flat(out, f, rows, count); break;
    default: return RTO_ENOTSUP;
    }
    return ferror(out) ? RTO_EIO : RTO_OK;
}

int rto_stacks_chart(FILE *out, int64_t rtt_us,
                     const struct rto_stack_row *rows, size_t count)
{
    char v[24], c[32];

    fprintf(out, "# rtocalc plot stacks: give-up time per TCP stack and "
                 "path at defaults, RTT %s\n",
            dur(rtt_us, c, sizeof(c)));
    fputs("$data << EOD\nstack", out);
    /* gnuplot's enhanced text reads "_" as a subscript. */
    for (size_t i = 0; i < RTO_STACK_PATHS; i++)
        fprintf(out, " \"%s\"",
                rto_stack_paths[i] == RTO_PATH_FIN_WAIT2 ? "FIN-WAIT-2"
                                                         : column[i]);
    fputc('\n', out);
    for (size_t r = 0; r < count; r++) {
        fprintf(out, "%s", version_name(rows[r].stack, rows[r].version, v,
                                        sizeof(v)));
        for (size_t i = 0; i < RTO_STACK_PATHS; i++) {
            const struct rto_stack_entry *e = &rows[r].e[i];
            if (e->run.absent || e->t.give_up_us == RTO_NONE)
                fputs(" NaN", out);
            else
                fprintf(out, " %.3f", (double)e->t.give_up_us / 1e6);
        }
        fputc('\n', out);
    }
    fprintf(out, "EOD\n"
                 "set title 'When does each TCP stack give up on a dead "
                 "peer? (defaults, RTT %s)'\n"
                 "set style data histograms\n"
                 "set style histogram clustered gap 1\n"
                 "set style fill solid 0.8 border -1\n"
                 "set logscale y\n"
                 "set ylabel 'give-up time (s, log scale)'\n"
                 "set yrange [1:*]\n"
                 "set grid ytics\n"
                 "set xtics rotate by -30\n"
                 "set key below\n"
                 "set datafile missing 'NaN'\n"
                 "plot for [col=2:%d] $data using col:xtic(1) "
                 "title columnheader(col)\n",
            dur(rtt_us, c, sizeof(c)), RTO_STACK_PATHS + 1);
    return ferror(out) ? RTO_EIO : RTO_OK;
}
