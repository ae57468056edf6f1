/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE
/* verify's results as a table for people or as JSON (DESIGN.md shape). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "verify/run.h"

#define DUR 32

static const char *dur(int64_t us, char *buf)
{
    if (us == RTO_NONE)
        return "-";
    return rto_fmt_duration(us, buf, DUR);
}

static const char *count_word(const struct verify_job *j)
{
    /* The path's own word, with "retransmissions" short for the table. */
    const char *w = rto_path_info(j->s->path)->count_word;

    return strcmp(w, "retransmissions") == 0 ? "retx" : w;
}

/* The longest scenario and the sum of all, in wall-clock time. */
static const struct verify_job *longest(const struct verify_job *jobs,
                                        size_t n, int64_t *sum)
{
    const struct verify_job *l = NULL;

    *sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!jobs[i].done)
            continue;
        *sum += jobs[i].elapsed_us;
        if (!l || jobs[i].elapsed_us > l->elapsed_us)
            l = &jobs[i];
    }
    return l;
}

/* The model profile the scenarios ran (the running kernel's: the same for
 * every one), for the reader to see which rules were checked. */
static const char *profile_of(const struct verify_job *jobs, size_t n,
                              char *buf, size_t size)
{
    snprintf(buf, size, "%s", "-");
    if (n)
        rto_kernel_name(jobs[0].p.kernel, buf, size);
    return buf;
}

static void table(FILE *out, const struct verify_job *jobs, size_t n,
                  const char *kernel, int hz, const char *hz_source,
                  const struct verify_timing *run)
{
    const struct verify_job *lj;
    int64_t sum;
    char a[DUR], b[DUR], c[DUR], d[DUR], cnt[32], prof[16];
    int passed = 0, checked = 0, inside = 0;
    int64_t worst = 0;

    fprintf(out, "rtocalc verify: Linux %s (the %s profile), HZ=%d (%s); "
                 "tolerance %d ms\n\n",
            kernel, profile_of(jobs, n, prof, sizeof(prof)), hz, hz_source,
            VERIFY_TOLERANCE_US / 1000);
    fprintf(out, "%-20s  %-24s  %-36s  %s\n", "scenario", "measured",
            "model: typical [window]", "result");
    for (size_t i = 0; i < n; i++) {
        const struct verify_job *j = &jobs[i];
        char meas[48], model[64];

        if (!j->done)
            continue;
        if (j->m.ran && j->m.died)
            snprintf(meas, sizeof(meas), "%d %s, %s", j->measured_count,
                     count_word(j), dur(j->m.give_up_us, a));
        else if (j->m.ran)
            snprintf(meas, sizeof(meas), "%d %s, alive", j->measured_count,
                     count_word(j));
        else
            snprintf(meas, sizeof(meas), "-");
        if (j->t.path == RTO_PATH_FIN_WAIT2)
            snprintf(cnt, sizeof(cnt), "gone");
        else if (j->t.retransmissions_min == j->t.retransmissions_max)
            snprintf(cnt, sizeof(cnt), "%d", j->t.retransmissions_min);
        else
            snprintf(cnt, sizeof(cnt), "%d-%d", j->t.retransmissions_min,
                     j->t.retransmissions_max);
        snprintf(model, sizeof(model), "%s, %s [%s-%s]", cnt,
                 dur(j->t.give_up_typical_us, b),
                 dur(j->t.give_up_earliest_us, c),
                 dur(j->t.give_up_latest_us, d));
        fprintf(out, "%-20s  %-24s  %-36s  %s%s%s%s\n", j->s->name, meas,
                j->m.ran ? model : "-", j->verdict,
                j->remeasured ? " (measured again alone; with others at "
                                "once: " : "",
                j->remeasured ? j->first_verdict : "",
                j->remeasured ? ")" : "");
        passed += j->pass;
        checked += j->events_checked;
        inside += j->events_inside;
        if (j->typical_err_worst_us > worst)
            worst = j->typical_err_worst_us;
    }
    fprintf(out, "\n%d of %zu scenarios agree with the model; %d of %d "
                 "measured events inside the model's windows;\n"
                 "worst error of the typical prediction %s.\n",
            passed, n, inside, checked, dur(worst, a));
    if ((lj = longest(jobs, n, &sum)))
        fprintf(out, "Ran %d at a time in %s; the longest scenario (%s) "
                     "took %s, all of them together %s.\n",
                run->jobs, dur(run->wall_us, a), lj->s->name,
                dur(lj->elapsed_us, b), dur(sum, c));
}

static void json_us(FILE *out, const char *key, int64_t v, const char *sep)
{
    if (v == RTO_NONE)
        fprintf(out, "\"%s\": null%s", key, sep);
    else
        fprintf(out, "\"%s\": %" PRId64 "%s", key, v, sep);
}

static void json_args(FILE *out, const struct verify_job *j)
{
    char buf[256], *tok, *save = NULL;
    const char *sep = "";

    snprintf(buf, sizeof(buf), "%s", j->s->args);
    fputc('[', out);
    for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        fprintf(out, "%s\"%s\"", sep, tok);
        sep = ", ";
    }
    fprintf(out, "%s\"--hz\", \"%d\", \"--rtt\", \"%" PRId64 "us\"]", sep,
            j->p.hz, j->p.rtt_us);
}

static void json_job(FILE *out, const struct verify_job *j)
{
    const struct rto_timeline *t = &j->t;

    fprintf(out, "    {\n      \"name\": \"%s\",\n      \"args\": ",
            j->s->name);
    json_args(out, j);
    fprintf(out, ",\n      \"pass\": %s,\n      \"verdict\": \"%s\",\n"
                 "      \"elapsed_us\": %" PRId64 ",\n",
            j->pass ? "true" : "false", j->verdict, j->elapsed_us);
    if (j->remeasured)
        fprintf(out, "      \"remeasured_alone\": true, \"first_verdict\": "
                     "\"%s\",\n", j->first_verdict);
    fprintf(out, "      \"measured\": { \"ran\": %s, \"events_us\": [",
            j->m.ran ? "true" : "false");
    for (int i = 0; i < j->m.events && i < VERIFY_MAX_EVENTS; i++)
        fprintf(out, "%s%" PRId64, i ? ", " : "", j->m.event_us[i]);
    fprintf(out, "], \"count\": %d, ", j->measured_count);
    json_us(out, "give_up_us", j->m.died ? j->m.give_up_us : RTO_NONE, ", ");
    fprintf(out, "\"errno\": %d, \"tcpi_rtt_us\": %" PRId64
                 ", \"tcpi_rto_us\": %" PRId64 ", \"in_flight\": %d },\n",
            j->m.error, j->m.rtt_us, j->m.rto_us, j->m.in_flight);
    fprintf(out, "      \"model\": { \"events\": [");
    for (size_t i = 0, n = 0; i < t->count; i++) {
        const struct rto_event *e = &t->events[i];
        if (!verify_timed(e->type))
            continue;
        fprintf(out, "%s{ \"at_us\": %" PRId64 ", ", n++ ? ", " : "",
                e->at_us);
        json_us(out, "typical_us", e->typical_us, ", ");
        json_us(out, "latest_us", e->latest_us, " }");
    }
    fprintf(out, "], \"retransmissions\": %d, \"retransmissions_range\": "
                 "[%d, %d], \"in_flight\": %d, ",
            t->retransmissions, t->retransmissions_min,
            t->retransmissions_max, t->in_flight);
    json_us(out, "give_up_us", t->give_up_us, ", ");
    json_us(out, "give_up_typical_us", t->give_up_typical_us, ", ");
    json_us(out, "give_up_earliest_us", t->give_up_earliest_us, ", ");
    json_us(out, "give_up_latest_us", t->give_up_latest_us, " },\n");
    fprintf(out, "      \"events_checked\": %d, \"events_inside\": %d, "
                 "\"typical_error_us\": { \"median\": %" PRId64
                 ", \"worst\": %" PRId64 " }\n    }",
            j->events_checked, j->events_inside, j->typical_err_median_us,
            j->typical_err_worst_us);
}

static void json(FILE *out, const struct verify_job *jobs, size_t n,
                 const char *kernel, int hz, const char *hz_source,
                 const struct verify_timing *run)
{
    size_t printed = 0;
    char date[32] = "", prof[16];
    time_t now = time(NULL);
    struct tm tm;

    if (gmtime_r(&now, &tm))
        strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(out, "{\n  \"command\": \"verify\",\n  \"kernel\": \"%s\",\n"
                 "  \"profile\": \"%s\",\n"
                 "  \"hz\": %d,\n  \"hz_source\": \"%s\",\n"
                 "  \"date\": \"%s\",\n"
                 "  \"tolerance_us\": %d,\n  \"jobs\": %d,\n"
                 "  \"wall_us\": %" PRId64 ",\n  \"scenarios\": [\n",
            kernel, profile_of(jobs, n, prof, sizeof(prof)), hz, hz_source,
            date, VERIFY_TOLERANCE_US, run->jobs, run->wall_us);
    for (size_t i = 0; i < n; i++) {
        if (!jobs[i].done)
            continue;
        if (printed++)
            fputs(",\n", out);
        json_job(out, &jobs[i]);
    }
    fputs("\n  ]\n}\n", out);
}

/* One row per measured event and per give-up: what was measured next to
 * the model's nominal, typical and latest time (RFC 4180, CRLF). */
static void csv(FILE *out, const struct verify_job *jobs, size_t n,
                const char *kernel, int hz)
{
    fputs("kernel,hz,scenario,event,n,measured_us,nominal_us,typical_us,"
          "earliest_us,latest_us,inside\r\n", out);
    for (size_t i = 0; i < n; i++) {
        const struct verify_job *j = &jobs[i];
        const struct rto_timeline *t = &j->t;
        int k = 0;

        if (!j->done || !j->m.ran)
            continue;
        for (size_t e = 0; e < t->count && k < j->m.events
                           && k < VERIFY_MAX_EVENTS; e++) {
            const struct rto_event *ev = &t->events[e];
            int64_t m;
            if (!verify_timed(ev->type))
                continue;
            m = j->m.event_us[k++];
            fprintf(out, "%s,%d,%s,%s,%d,%" PRId64 ",%" PRId64 ",", kernel,
                    hz, j->s->name, rto_event_name(ev->type), k, m,
                    ev->at_us);
            if (ev->typical_us != RTO_NONE)
                fprintf(out, "%" PRId64, ev->typical_us);
            fprintf(out, ",%" PRId64 ",%" PRId64 ",%s\r\n", ev->at_us,
                    ev->latest_us,
                    verify_event_inside(ev, m) ? "true" : "false");
        }
        if (j->m.died)
            fprintf(out, "%s,%d,%s,give_up,,%" PRId64 ",%" PRId64 ",%" PRId64
                         ",%" PRId64 ",%" PRId64 ",%s\r\n",
                    kernel, hz, j->s->name, j->m.give_up_us, t->give_up_us,
                    t->give_up_typical_us, t->give_up_earliest_us,
                    t->give_up_latest_us,
                    verify_give_up_inside(t, j->m.give_up_us) ? "true"
                                                              : "false");
    }
}

int verify_write(FILE *out, enum rto_format f, const struct verify_job *jobs,
                 size_t n, const char *kernel, int hz, const char *hz_source,
                 const struct verify_timing *run)
{
    if (f == RTO_FMT_JSON)
        json(out, jobs, n, kernel, hz, hz_source, run);
    else if (f == RTO_FMT_CSV)
        csv(out, jobs, n, kernel, hz);
    else
        table(out, jobs, n, kernel, hz, hz_source, run);
    return ferror(out) ? RTO_EIO : RTO_OK;
}
