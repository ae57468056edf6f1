# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# Bash completion for rtocalc: commands, long options, and the values of
# the options that take a fixed set (formats, congestion controls, kernel
# profiles, HZ, sysctl names), files for the options that name one.
#
# Installed as share/bash-completion/completions/rtocalc, where the
# bash-completion package loads it on first use; it needs nothing from that
# package, so `source completion/rtocalc.bash` works in any bash as well.
#
# The lists are hard-coded so completion never has to run the program, and
# tests/cli/completion.sh fails when `rtocalc --help` names an option that
# is missing here. Keep them in the order of --help.

_rtocalc_commands='report retrans keepalive syn synack orphan probe0 verify
sysctl plot sweep solve rto'

_rtocalc_options='--kernel --hz --retries1 --retries2 --user-timeout --rtt
--rto --rto-min --rto-max --tlp --no-tlp --thin --no-thin --cc
--keepalive-time --keepalive-intvl --keepalive-probes --syn-retries
--syn-linear-timeouts --synack-retries --fastopen --no-fastopen --orphan-retries
--fin-timeout --fin-wait2 --events --quick --list --only --jobs --csv --system
--sysctl --sysctl-file --from --path --target --samples --samples-file
--through --emit -f --format -o --output -h --help -V --version'

# The options whose value is the next word (or follows "=").
_rtocalc_with_value='--kernel --hz --retries1 --retries2 --user-timeout
--rtt --rto --rto-min --rto-max --cc --keepalive-time --keepalive-intvl
--keepalive-probes --syn-retries --syn-linear-timeouts --synack-retries
--orphan-retries --fin-timeout --only --jobs --csv --sysctl --sysctl-file
--from --path --target --samples --samples-file --through --emit -f --format
-o --output'

_rtocalc_formats='table csv json gnuplot markdown'
_rtocalc_ccs='reno cubic bbr'
_rtocalc_kernels='list 2.6.32 3.10 4.9 4.14 4.18 4.19 5.4 5.10 5.14 5.15
6.1 6.6 6.12 6.18'
_rtocalc_hzs='100 250 300 1000'
_rtocalc_plot_kinds='retrans budget keepalive syn verify'

# The sysctls --sysctl and --sysctl-file understand (src/cli/sysctl.c).
_rtocalc_sysctls='tcp_retries1 tcp_retries2 tcp_syn_retries
tcp_syn_linear_timeouts tcp_synack_retries tcp_orphan_retries
tcp_fin_timeout tcp_keepalive_time tcp_keepalive_intvl tcp_keepalive_probes
tcp_rto_min_us tcp_rto_max_ms tcp_early_retrans tcp_thin_linear_timeouts
tcp_congestion_control'

# _rtocalc_takes_value WORD: does option WORD take the next word as value?
_rtocalc_takes_value() {
    local w
    for w in $_rtocalc_with_value; do
        [[ $1 == "$w" ]] && return 0
    done
    return 1
}

# _rtocalc_reply WORDS CUR: set COMPREPLY to the WORDS that start with CUR.
_rtocalc_reply() {
    local IFS=$' \t\n'
    # shellcheck disable=SC2207 # compgen prints one word per line
    COMPREPLY=($(compgen -W "$1" -- "$2"))
}

# _rtocalc_files CUR: complete file names.
_rtocalc_files() {
    local IFS=$'\n'
    compopt -o filenames 2>/dev/null
    # shellcheck disable=SC2207 # one file name per line, split on newlines
    COMPREPLY=($(compgen -f -- "$1"))
}

# _rtocalc_sysctl CUR: "net.ipv4.NAME=" (or the NAME= and net/ipv4/NAME=
# spellings when CUR starts with them), then the value of the few knobs
# that take a word.
_rtocalc_sysctl() {
    local cur=$1 name value prefix n words=''
    if [[ $cur == *=* ]]; then
        name=${cur%%=*}
        value=${cur#*=}
        case ${name##*[./]} in
            tcp_congestion_control) words=$_rtocalc_ccs ;;
            tcp_thin_linear_timeouts) words='0 1' ;;
            tcp_early_retrans) words='0 1 2 3 4' ;;
        esac
        _rtocalc_reply "$words" "$value"
        # Without "=" in COMP_WORDBREAKS the word being replaced is the
        # whole NAME=VALUE.
        if [[ $COMP_WORDBREAKS != *=* ]]; then
            COMPREPLY=("${COMPREPLY[@]/#/$name=}")
        fi
        return
    fi
    case $cur in
        t*) prefix='' ;;
        net/*) prefix='net/ipv4/' ;;
        *) prefix='net.ipv4.' ;;
    esac
    for n in $_rtocalc_sysctls; do
        words+=" $prefix$n="
    done
    _rtocalc_reply "$words" "$cur"
    compopt -o nospace 2>/dev/null
}

# _rtocalc_scenarios PROG CUR: verify scenario names for --only NAME,...
# from `PROG verify --list`, completing the name after the last comma.
_rtocalc_scenarios() {
    local prog=$1 cur=$2 head='' names
    if [[ $cur == *,* ]]; then
        head=${cur%,*},
        cur=${cur##*,}
    fi
    names=$("$prog" verify --list 2>/dev/null |
        sed -n 's/^\([[:alnum:]][^[:space:]]*\).*/\1/p')
    _rtocalc_reply "$names" "$cur"
    COMPREPLY=("${COMPREPLY[@]/#/$head}")
}

# _rtocalc_value OPTION CUR: complete the value of OPTION.
_rtocalc_value() {
    case $1 in
        -f | --format) _rtocalc_reply "$_rtocalc_formats" "$2" ;;
        --cc) _rtocalc_reply "$_rtocalc_ccs" "$2" ;;
        --kernel) _rtocalc_reply "$_rtocalc_kernels" "$2" ;;
        --hz) _rtocalc_reply "$_rtocalc_hzs" "$2" ;;
        -o | --output | --csv | --sysctl-file | --from | --samples-file)
            _rtocalc_files "$2" ;;
        --path) _rtocalc_reply 'retrans keepalive syn synack orphan fin_wait2
probe0' "$2" ;;
        --emit) _rtocalc_reply 'sysctl libpq go java nginx haproxy envoy
redis' "$2" ;;
        --through) _rtocalc_reply 'aws-nlb aws-network-firewall
aws-ec2-conntrack azure-lb azure-nat-rule gcp-firewall gcp-cloud-nat
kube-proxy nf-conntrack cloudflare-proxy' "$2" ;;
        --sysctl) _rtocalc_sysctl "$2" ;;
        --only) _rtocalc_scenarios "${COMP_WORDS[0]}" "$2" ;;
        *) COMPREPLY=() ;; # a number or a duration
    esac
}

_rtocalc() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev='' i w
    local command='' nargs=0 cword=$COMP_CWORD
    local -a words=()
    COMPREPLY=()

    # Join "--opt", "=", "value" back into "--opt=value" (and NAME=VALUE
    # after --sysctl): bash splits words at the characters of
    # COMP_WORDBREAKS, which usually include "=".
    for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
        w=${COMP_WORDS[i]}
        if ((i > 1)) && [[ $w == = || ${COMP_WORDS[i - 1]} == = ]]; then
            words[-1]+=$w
            ((i <= COMP_CWORD)) && cword=$((cword - 1))
        else
            words+=("$w")
        fi
    done
    cur=${words[cword]-}
    ((cword > 0)) && prev=${words[cword - 1]}

    # The value of an option: "--opt VALUE" or "--opt=VALUE".
    if [[ $cur == --*=* ]]; then
        _rtocalc_value "${cur%%=*}" "${cur#*=}"
        # The reply replaces only what follows "=" when bash split there.
        if [[ $COMP_WORDBREAKS != *=* ]]; then
            COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
        fi
        return 0
    fi
    if _rtocalc_takes_value "$prev"; then
        _rtocalc_value "$prev" "$cur"
        return 0
    fi

    # Find the command and count its arguments, skipping option values.
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        if [[ $w == -* ]]; then
            _rtocalc_takes_value "$w" && ((i++))
        elif [[ -z $command ]]; then
            command=$w
        else
            nargs=$((nargs + 1))
        fi
    done

    if [[ $cur == -* ]]; then
        _rtocalc_reply "$_rtocalc_options" "$cur"
    elif [[ -z $command ]]; then
        _rtocalc_reply "$_rtocalc_commands" "$cur"
    elif [[ $command == plot ]] && ((nargs == 0)); then
        _rtocalc_reply "$_rtocalc_plot_kinds" "$cur"
    fi
    return 0
}

complete -F _rtocalc rtocalc
