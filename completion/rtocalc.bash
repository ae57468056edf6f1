# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# Bash completion for rtocalc: commands, long options, and the values of
# the options that take a fixed set (formats, congestion controls, kernel
# profiles, HZ, sysctl names, --stack names, TCP states), files for the
# options that name one, network namespaces for --netns; after --stack
# NAME, that stack's own options.
#
# Installed as share/bash-completion/completions/rtocalc, where the
# bash-completion package loads it on first use; it needs nothing from that
# package, so `source completion/rtocalc.bash` works in any bash as well.
#
# It keeps no list of its own: each comes from the program being completed
# (`rtocalc --complete WHAT`), so a new command, option, setting or name
# completes without a change here; tests/cli/completion.sh checks that
# every option and command of `rtocalc --help` is offered.

# Every list comes from the program itself (`rtocalc --complete WHAT`, made
# from the tables that define the commands, options, settings and names),
# asked once per list and program and kept for the shell's life.
declare -gA _rtocalc_cache

# _rtocalc_words PROG WHAT: print the words of list WHAT.
_rtocalc_words() {
    local key="$1|$2"
    if [[ -z ${_rtocalc_cache[$key]+set} ]]; then
        _rtocalc_cache[$key]=$("$1" --complete "$2" 2>/dev/null)
    fi
    printf '%s\n' "${_rtocalc_cache[$key]}"
}

# _rtocalc_takes_value PROG WORD [STACK]: does option WORD take the next
# word as its value (on a command line with --stack STACK: as that stack's
# option)?
_rtocalc_takes_value() {
    local w list=''
    [[ -n ${3-} ]] && list=$(_rtocalc_words "$1" "stack-value-options:$3")
    [[ -n $list ]] || list=$(_rtocalc_words "$1" value-options)
    for w in $list; do
        [[ $2 == "$w" ]] && return 0
    done
    return 1
}

# _rtocalc_stack WORD...: the value of --stack among WORD..., if any.
_rtocalc_stack() {
    local w next=''
    for w in "$@"; do
        if [[ $next == y ]]; then
            printf '%s\n' "$w"
            return
        fi
        case $w in
            --stack) next=y ;;
            --stack=*) printf '%s\n' "${w#--stack=}" && return ;;
        esac
    done
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

# _rtocalc_netns CUR: the value of --netns, a name that `ip netns` made
# (the files of /run/netns, or of _RTOCALC_NETNS_DIR where a test points
# it) or, for CUR with a "/" or "." in front, a file such as
# /proc/PID/ns/net.
_rtocalc_netns() {
    local dir=${_RTOCALC_NETNS_DIR:-/run/netns} names='' f
    if [[ $1 == /* || $1 == .* ]]; then
        _rtocalc_files "$1"
        return
    fi
    for f in "$dir"/*; do
        [[ -e $f ]] && names+=" ${f##*/}"
    done
    _rtocalc_reply "$names" "$1"
}

# _rtocalc_sysctl CUR: "net.ipv4.NAME=" (or the NAME= and net/ipv4/NAME=
# spellings when CUR starts with them), then the value of the few knobs
# that take a word.
_rtocalc_sysctl() {
    local prog=$1 cur=$2 name value prefix n words=''
    if [[ $cur == *=* ]]; then
        name=${cur%%=*}
        value=${cur#*=}
        case ${name##*[./]} in
            tcp_congestion_control) words=$(_rtocalc_words "$prog" cc) ;;
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
    for n in $(_rtocalc_words "$prog" sysctls); do
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

# _rtocalc_value PROG OPTION CUR: complete the value of OPTION.
_rtocalc_value() {
    local prog=$1 list=''
    case $2 in
        -f | --format) list=formats ;;
        --cc) list=cc ;;
        --kernel) list=kernels ;;
        --stack) list=stacks ;;
        --hz) list=hz ;;
        --path) list=paths ;;
        --emit) list=emit ;;
        --through) list=through ;;
        --complete) list=lists ;;
        --state) list=states ;;
        --netns)
            _rtocalc_netns "$3"
            return ;;
        -o | --output | --csv | --sysctl-file | --from | --samples-file)
            _rtocalc_files "$3"
            return ;;
        --sysctl)
            _rtocalc_sysctl "$prog" "$3"
            return ;;
        --only)
            _rtocalc_scenarios "$prog" "$3"
            return ;;
    esac
    if [[ -n $list ]]; then
        _rtocalc_reply "$(_rtocalc_words "$prog" "$list")" "$3"
    else
        COMPREPLY=() # a number or a duration
    fi
}

_rtocalc() {
    local prog=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev='' i w
    local command='' nargs=0 cword=$COMP_CWORD stack='' list=
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
    stack=$(_rtocalc_stack "${words[@]:1:cword-1}")

    # The value of an option: "--opt VALUE" or "--opt=VALUE".
    if [[ $cur == --*=* ]]; then
        _rtocalc_value "$prog" "${cur%%=*}" "${cur#*=}"
        # The reply replaces only what follows "=" when bash split there.
        if [[ $COMP_WORDBREAKS != *=* ]]; then
            COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
        fi
        return 0
    fi
    if _rtocalc_takes_value "$prog" "$prev" "$stack"; then
        _rtocalc_value "$prog" "$prev" "$cur"
        return 0
    fi

    # Find the command and count its arguments, skipping option values.
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        if [[ $w == -* ]]; then
            _rtocalc_takes_value "$prog" "$w" "$stack" && ((i++))
        elif [[ -z $command ]]; then
            command=$w
        else
            nargs=$((nargs + 1))
        fi
    done

    if [[ $cur == -* ]]; then
        # After --stack NAME of another stack than Linux: that stack's
        # knobs and the options every stack takes (the program refuses the
        # list for linux or an unknown name: then Linux's options).
        if [[ -n $stack ]]; then
            list=$(_rtocalc_words "$prog" "stack-options:$stack")
        fi
        [[ -n $list ]] || list=$(_rtocalc_words "$prog" options)
        _rtocalc_reply "$list" "$cur"
    elif [[ -z $command ]]; then
        _rtocalc_reply "$(_rtocalc_words "$prog" commands)" "$cur"
    elif [[ $command == plot ]] && ((nargs == 0)); then
        _rtocalc_reply "$(_rtocalc_words "$prog" plot-kinds)" "$cur"
    fi
    return 0
}

complete -F _rtocalc rtocalc
