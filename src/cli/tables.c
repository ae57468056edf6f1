/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CLI's tables: the commands (with the formats each writes), the CLI's
 * own options (with the commands each goes with and its --help line) and
 * the charts of plot.  The settings themselves are the model's table.
 * Parsing (options.c), --help (help.c) and --complete (complete.c) read
 * these; none keeps a list of its own.
 */
#include <string.h>

#include "cli/cli.h"

#define CMD(c) CLI_BIT(c)
#define FMT(f) CLI_BIT(f)
#define ALL_FORMATS (FMT(RTO_FMT_TABLE) | FMT(RTO_FMT_CSV) | FMT(RTO_FMT_JSON) \
                     | FMT(RTO_FMT_GNUPLOT) | FMT(RTO_FMT_MARKDOWN))

/* The report, sysctl and the commands of one path: what --through checks
 * and --emit configures. */
#define TIMELINES (CMD(CLI_CMD_REPORT) | CMD(CLI_CMD_SYSCTL) \
                   | CMD(CLI_CMD_RETRANS) | CMD(CLI_CMD_KEEPALIVE) \
                   | CMD(CLI_CMD_SYN) | CMD(CLI_CMD_SYNACK) \
                   | CMD(CLI_CMD_ORPHAN) | CMD(CLI_CMD_PROBE0))

/* The commands, in --help's order; a timeline command runs its path. */
static const struct cli_command_info commands[] = {
    { CLI_CMD_REPORT, "report", NULL,
      ALL_FORMATS & ~FMT(RTO_FMT_GNUPLOT),
      "every path at these settings, one line each (the default)",
      {
        "report --user-timeout 30s",
        "report --keepalive-time 60 --keepalive-probes 3",
        "report --system" } },
    { CLI_CMD_RETRANS, "retrans", NULL, ALL_FORMATS,
      "sending data: TLP, RTO retransmissions, tcp_retries2 or "
      "TCP_USER_TIMEOUT give-up; time zero is the original send",
      {
        "retrans",
        "retrans --retries2 8 --rtt 20ms",
        "retrans --user-timeout 30s --format json" } },
    { CLI_CMD_KEEPALIVE, "keepalive", NULL, ALL_FORMATS,
      "idle with SO_KEEPALIVE: probes, RST; time zero is the last segment "
      "received",
      {
        "keepalive --keepalive-time 60 --keepalive-intvl 10",
        "keepalive --keepalive-time 300 --through aws-nlb",
        "keepalive --keepalive-time 30 --user-timeout 60s --emit go" } },
    { CLI_CMD_SYN, "syn", NULL, ALL_FORMATS,
      "connect() to a peer that never answers: SYN retransmissions; time "
      "zero is the first SYN",
      {
        "syn",
        "syn --syn-retries 3",
        "syn --kernel 6.1" } },
    { CLI_CMD_SYNACK, "synack", NULL, ALL_FORMATS,
      "a listener's request socket whose client vanished: SYN-ACK "
      "retransmissions; time zero is the first SYN-ACK",
      {
        "synack",
        "synack --synack-retries 2" } },
    { CLI_CMD_ORPHAN, "orphan", NULL, ALL_FORMATS,
      "closed with data or FIN unacknowledged (FIN_WAIT1); with "
      "--fin-wait2, closed and waiting for the peer's FIN",
      {
        "orphan",
        "orphan --orphan-retries 3",
        "orphan --fin-wait2 --fin-timeout 30" } },
    { CLI_CMD_PROBE0, "probe0", NULL, ALL_FORMATS,
      "zero window with data queued: window probes; time zero is the arming "
      "of the probe timer",
      {
        "probe0",
        "probe0 --retries2 8",
        "probe0 --user-timeout 60s" } },
    { CLI_CMD_VERIFY, "verify", NULL,
      FMT(RTO_FMT_TABLE) | FMT(RTO_FMT_JSON) | FMT(RTO_FMT_CSV),
      "measure the running kernel in private network namespaces (root) and "
      "compare every event with the model",
      {
        "verify --quick",
        "verify --list",
        "verify --path retrans --retries2 5" } },
    { CLI_CMD_SYSCTL, "sysctl", NULL, ALL_FORMATS & ~FMT(RTO_FMT_GNUPLOT),
      "the settings in force, where each came from, and the give-up time "
      "of every path they give",
      {
        "sysctl --system",
        "sysctl --sysctl net.ipv4.tcp_retries2=8",
        "sysctl --format json" } },
    { CLI_CMD_SWEEP, "sweep", NULL,
      FMT(RTO_FMT_TABLE) | FMT(RTO_FMT_CSV) | FMT(RTO_FMT_JSON),
      "every combination of settings given as ranges (A..B, a,b,c or A..B:N "
      "geometric), one row each, streamed",
      {
        "sweep --retries2 3..15",
        "sweep --path keepalive --keepalive-time 30,60,120 --format json" } },
    { CLI_CMD_SOLVE, "solve", NULL,
      FMT(RTO_FMT_TABLE) | FMT(RTO_FMT_CSV) | FMT(RTO_FMT_JSON),
      "the settings that give up within --target DUR on --path retrans, "
      "keepalive, syn or orphan",
      {
        "solve --target 60s",
        "solve --path keepalive --target 5m --through aws-nlb",
        "solve --target 30s --format json" } },
    { CLI_CMD_RTO, "rto", NULL,
      FMT(RTO_FMT_TABLE) | FMT(RTO_FMT_CSV) | FMT(RTO_FMT_JSON),
      "the kernel's RTT estimator step by step beside RFC 6298, from "
      "--samples LIST or --samples-file FILE|-",
      {
        "rto --samples 10ms,12ms,50ms",
        "rto --samples-file rtts.txt --format csv" } },
    { CLI_CMD_STACKS, "stacks", NULL,
      FMT(RTO_FMT_TABLE) | FMT(RTO_FMT_CSV) | FMT(RTO_FMT_JSON)
          | FMT(RTO_FMT_MARKDOWN),
      "every TCP stack side by side at its defaults for --rtt: data, "
      "keepalive, connect, FIN_WAIT_2 and zero-window give-up, with the "
      "confidence of each rule",
      {
        "stacks --rtt 1ms",
        "stacks --rtt 100ms --format markdown",
        "stacks --format json" } },
    { CLI_CMD_SOCKETS, "sockets", NULL,
      FMT(RTO_FMT_TABLE) | FMT(RTO_FMT_CSV) | FMT(RTO_FMT_JSON)
          | FMT(RTO_FMT_OPENMETRICS),
      "this network namespace's TCP sockets with a retransmit, "
      "zero-window or keepalive timer running, and orphans, and when Linux "
      "gives up on each if the peer stays silent",
      {
        "sockets",
        "sockets --dport 5432 --format json",
        "sockets --state established --format openmetrics" } },
    /* plot writes a gnuplot script whichever: the default or gnuplot. */
    { CLI_CMD_PLOT, "plot", "KIND", FMT(RTO_FMT_TABLE) | FMT(RTO_FMT_GNUPLOT),
      "a chart: retrans, budget, keepalive, syn, stacks, or verify --from "
      "FILE.json; "
      "-o FILE.svg|.png renders with gnuplot, -o FILE.gp (or no -o) writes "
      "the gnuplot script",
      {
        "plot retrans -o retrans.svg",
        "plot budget",
        "plot verify --from verify.json -o verify.png" } },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

/* The formats of the two listings that are options, not commands. */

/* The CLI's own options (the settings come from the model's table). */
static const struct cli_option options[] = {
    { "stack", 0, "NAME[-VERSION]", OPT_STACK,
      CMD(CLI_CMD_REPORT) | CMD(CLI_CMD_RETRANS) | CMD(CLI_CMD_KEEPALIVE)
          | CMD(CLI_CMD_SYN) | CMD(CLI_CMD_SYNACK) | CMD(CLI_CMD_ORPHAN)
          | CMD(CLI_CMD_PROBE0),
      CLI_SEC_SETTINGS,
      "the TCP stack: linux (default; android), freebsd, macos (ios), "
      "windows, lwip, openbsd, netbsd, illumos (solaris); its own knobs: "
      "rtocalc --stack NAME --help" },
    { "fin-wait2", 0, NULL, OPT_FIN_WAIT2, CMD(CLI_CMD_ORPHAN),
      CLI_SEC_SETTINGS,
      "orphan: the FIN_WAIT2 timer instead of retransmissions" },
    { "quick", 0, NULL, OPT_QUICK, CMD(CLI_CMD_VERIFY), CLI_SEC_VERIFY,
      "a subset that runs in under 30 s" },
    { "list", 0, NULL, OPT_LIST, CMD(CLI_CMD_VERIFY), CLI_SEC_VERIFY,
      "list the scenarios and exit" },
    { "only", 0, "NAME,...", OPT_ONLY, CMD(CLI_CMD_VERIFY), CLI_SEC_VERIFY,
      "run only these scenarios" },
    { "jobs", 0, "N", OPT_JOBS, CMD(CLI_CMD_VERIFY), CLI_SEC_VERIFY,
      "scenarios at once, 1..64 (default: all of them; they mostly wait "
      "for kernel timers)" },
    { "csv", 0, "FILE", OPT_CSV, CMD(CLI_CMD_VERIFY), CLI_SEC_VERIFY,
      "also write every measured event as CSV" },
    { "from", 0, "FILE", OPT_FROM, CMD(CLI_CMD_PLOT), CLI_SEC_PLOT,
      "plot verify: the JSON of rtocalc verify" },
    { "target", 0, "DUR", OPT_TARGET, CMD(CLI_CMD_SOLVE), CLI_SEC_PLANNING,
      "solve: the give-up time to stay within (bare s)" },
    { "path", 0, "PATH", OPT_PATH,
      CMD(CLI_CMD_SOLVE) | CMD(CLI_CMD_SWEEP) | CMD(CLI_CMD_VERIFY),
      CLI_SEC_PLANNING,
      "solve: retrans, keepalive, syn or orphan; sweep: any timeline "
      "(default retrans); verify: the one path to stage with your "
      "settings" },
    { "events", 0, NULL, OPT_EVENTS, CMD(CLI_CMD_SWEEP), CLI_SEC_PLANNING,
      "sweep: a row per event of every scenario instead of a row per "
      "scenario" },
    { "max-rows", 0, "N", OPT_MAX_ROWS, CMD(CLI_CMD_SWEEP), CLI_SEC_PLANNING,
      "sweep: refuse to start above N rows (scenarios with --events), "
      "1..9223372036854775807 or none (default 10000000)" },
    { "samples", 0, "LIST", OPT_SAMPLES, CMD(CLI_CMD_RTO), CLI_SEC_PLANNING,
      "rto: RTT samples, e.g. 10ms,12ms,50ms (bare ms)" },
    { "samples-file", 0, "FILE", OPT_SAMPLES_FILE, CMD(CLI_CMD_RTO),
      CLI_SEC_PLANNING,
      "rto: samples from FILE or - (stdin), one or more per line" },
    { "src", 0, "ADDR", OPT_SRC, CMD(CLI_CMD_SOCKETS), CLI_SEC_SOCKETS,
      "sockets: only this local address (as listed: 10.0.0.1, ::1)" },
    { "dst", 0, "ADDR", OPT_DST, CMD(CLI_CMD_SOCKETS), CLI_SEC_SOCKETS,
      "sockets: only this peer address" },
    { "sport", 0, "PORT", OPT_SPORT, CMD(CLI_CMD_SOCKETS), CLI_SEC_SOCKETS,
      "sockets: only this local port, 1..65535" },
    { "dport", 0, "PORT", OPT_DPORT, CMD(CLI_CMD_SOCKETS), CLI_SEC_SOCKETS,
      "sockets: only this peer port, 1..65535" },
    { "state", 0, "STATE", OPT_STATE, CMD(CLI_CMD_SOCKETS), CLI_SEC_SOCKETS,
      "sockets: only this TCP state (established, fin-wait-1, ...)" },
    { "pid", 0, "PID", OPT_PID, CMD(CLI_CMD_SOCKETS), CLI_SEC_SOCKETS,
      "sockets: only those this process holds open (its own processes "
      "unless root)" },
    { "all", 0, NULL, OPT_ALL, CMD(CLI_CMD_SOCKETS), CLI_SEC_SOCKETS,
      "sockets: every socket, healthy ones too" },
    { "watch", 0, "[INTERVAL]", OPT_WATCH, CMD(CLI_CMD_SOCKETS),
      CLI_SEC_SOCKETS,
      "sockets: sample again every INTERVAL, 100ms..1h (default 1s; bare "
      "s; the next argument is the interval when it reads as a "
      "duration): in place on a terminal, a stream of records otherwise, "
      "until interrupted" },
    { "count", 0, "N", OPT_COUNT, CMD(CLI_CMD_SOCKETS), CLI_SEC_SOCKETS,
      "sockets --watch: stop after N samples, 1..1000000000" },
    { "netns", 0, "NAME|PATH", OPT_NETNS, CMD(CLI_CMD_SOCKETS),
      CLI_SEC_SOCKETS,
      "sockets: the network namespace named NAME under /run/netns, or the "
      "one of the file PATH (/proc/PID/ns/net), with its own sysctls "
      "(another needs CAP_SYS_ADMIN)" },
    { "all-netns", 0, NULL, OPT_ALL_NETNS, CMD(CLI_CMD_SOCKETS),
      CLI_SEC_SOCKETS,
      "sockets: every network namespace, named (/run/netns) or a "
      "process's (/proc/*/ns/net), each with its own sysctls; each row "
      "names its namespace" },
    { "through", 0, "NAME[=DUR],...", OPT_THROUGH,
      TIMELINES | CMD(CLI_CMD_SOLVE),
      CLI_SEC_PLANNING,
      "middleboxes on the path (aws-nlb, azure-lb, gcp-cloud-nat, ...; "
      "=DUR sets the idle timeout): warn where one can forget the flow" },
    { "emit", 0, "TARGET", OPT_EMIT, TIMELINES, CLI_SEC_PLANNING,
      "configuration for the settings instead of a timeline: sysctl, "
      "libpq, go, java, nginx, haproxy, envoy or redis" },
    { "system", 0, NULL, OPT_SYSTEM, 0, CLI_SEC_SOURCES,
      "the running kernel: its version, HZ and /proc/sys/net/ipv4 (notes "
      "say what was assumed)" },
    { "sysctl", 0, "NAME=VALUE", OPT_SYSCTL, 0, CLI_SEC_SOURCES,
      "a sysctl in its own unit, e.g. net.ipv4.tcp_retries2=5 "
      "(repeatable)" },
    { "sysctl-file", 0, "FILE", OPT_SYSCTL_FILE, 0, CLI_SEC_SOURCES,
      "a sysctl.conf file; other keys are ignored with a note" },
    { "format", 'f', "FMT", OPT_FORMAT, 0, CLI_SEC_OUTPUT,
      "table, csv, json, gnuplot, markdown or openmetrics (default table; "
      "gnuplot for timelines only, openmetrics for sockets only)" },
    { "output", 'o', "FILE", OPT_OUTPUT, 0, CLI_SEC_OUTPUT,
      "write to FILE as named (- is standard output)" },
    { "quiet", 'q', NULL, OPT_QUIET, 0, CLI_SEC_OUTPUT,
      "no notes, warnings or progress on standard error (JSON still lists "
      "the warnings; errors are still printed)" },
    { "wide", 0, NULL, OPT_WIDE, 0, CLI_SEC_OUTPUT,
      "tables in full and prose unwrapped (default: table output fits 80 "
      "columns)" },
    { "help", 'h', NULL, OPT_HELP, 0, CLI_SEC_OUTPUT,
      "show this help and exit" },
    { "version", 'V', NULL, OPT_VERSION, 0, CLI_SEC_OUTPUT,
      "show the version and exit" },
    { "complete", 0, "WHAT", OPT_COMPLETE, 0, CLI_SEC_OUTPUT,
      "print the words of one list, one a line, for shell completion "
      "(--complete lists names the lists)" },
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

const struct cli_command_info *cli_commands(size_t *count)
{
    *count = N_COMMANDS;
    return commands;
}

const struct cli_option *cli_options(size_t *count)
{
    *count = N_OPTIONS;
    return options;
}

const char *cli_command_name(enum cli_command c)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (commands[i].id == c)
            return commands[i].name;
    return "?";
}

const struct cli_command_info *cli_command_info(enum cli_command c)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (commands[i].id == c)
            return &commands[i];
    return &commands[0];
}

/* The charts of rtocalc plot: the library's, and verify's from its JSON. */
static const struct cli_plot_kind plot_kinds[] = {
    { "retrans", RTO_CHART_RETRANS },
    { "budget", RTO_CHART_BUDGET },
    { "keepalive", RTO_CHART_KEEPALIVE },
    { "syn", RTO_CHART_SYN },
    { "stacks", CLI_CHART_STACKS },
    { "verify", CLI_CHART_VERIFY },
};

const struct cli_plot_kind *cli_plot_kind(size_t i)
{
    return i < sizeof(plot_kinds) / sizeof(plot_kinds[0]) ? &plot_kinds[i]
                                                          : NULL;
}
