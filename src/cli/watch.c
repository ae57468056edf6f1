/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The clock and the screen of --watch.  Samples fall on whole multiples
 * of the interval from the first one (CLOCK_MONOTONIC: no drift, and no
 * jump when the wall clock is set); a sample that overruns skips the
 * multiples it missed.  SIGINT and SIGTERM are blocked while the loop
 * runs and taken only while it waits (sigtimedwait), so a sample is
 * always written whole before the loop ends.  On a terminal each sample
 * is drawn over the last on the alternate screen, which the terminal
 * gives back as it was when the loop ends.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

/* ECMA-48 (xterm) controls: the alternate screen and the cursor, the top
 * left corner, and erasing to the end of the line and of the screen. */
#define SCREEN_ON "\033[?1049h\033[?25l"
#define SCREEN_OFF "\033[?25h\033[?1049l"
#define HOME "\033[H"
#define ERASE_LINE "\033[K"
#define ERASE_BELOW "\033[J"

static int64_t mono_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Sleep to the next whole multiple of the interval from start_us;
 * false when SIGINT or SIGTERM came (before or during the wait). */
static bool wait_next(const sigset_t *stop, int64_t start_us,
                      int64_t interval_us)
{
    int64_t now = mono_us();
    int64_t next = start_us + ((now - start_us) / interval_us + 1)
                                  * interval_us;

    while ((now = mono_us()) < next) {
        struct timespec ts = { (time_t)((next - now) / 1000000),
                               (long)((next - now) % 1000000 * 1000) };

        /* A timeout (EAGAIN) or another signal (EINTR): the clock says
         * whether the time has come. */
        if (sigtimedwait(stop, NULL, &ts) > 0)
            return false;
    }
    return true;
}

int cli_watch(int64_t interval_us, int64_t count, cli_sample_fn fn,
              void *ctx)
{
    const struct timespec now = { 0, 0 };
    sigset_t stop, old;
    int64_t start_us, done = 0;
    int rc;

    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop, &old);
    start_us = mono_us();
    while ((rc = fn(ctx)) == 0 && ++done != count
           && wait_next(&stop, start_us, interval_us))
        ;
    /* A signal that came during the last sample: the loop has ended
     * anyway, and it must not kill the process on its way out. */
    while (sigtimedwait(&stop, NULL, &now) > 0)
        ;
    sigprocmask(SIG_SETMASK, &old, NULL);
    return rc;
}

void cli_watch_screen(FILE *f, bool on)
{
    fputs(on ? SCREEN_ON : SCREEN_OFF, f);
    fflush(f);
}

void cli_watch_frame(FILE *f, const char *text)
{
    struct winsize ws;
    size_t lines = 0, rows = SIZE_MAX, shown;
    const char *s = text;

    for (const char *c = text; *c; c++)
        lines += *c == '\n';
    if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_row > 1)
        rows = ws.ws_row;
    /* No newline after the last row: it would scroll the screen. */
    shown = lines > rows ? rows - 1 : lines;
    fputs(HOME, f);
    for (size_t i = 0; i < shown; i++) {
        size_t len = strcspn(s, "\n");

        fwrite(s, 1, len, f);
        fputs(i + 1 < shown || lines > rows ? ERASE_LINE "\n" : ERASE_LINE,
              f);
        s += len + 1;
    }
    if (lines > rows)
        fprintf(f, "... %zu more lines (a taller window, or --format json)"
                   ERASE_LINE, lines - shown);
    fputs(ERASE_BELOW, f);
    fflush(f);
}
