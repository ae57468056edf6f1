# SPDX-License-Identifier: GPL-2.0-or-later
#
# Sourced by the tests that measure the running kernel (verify's
# scenarios, rtocalc sockets against dead peers): with
# RTOCALC_KERNEL_TESTS=no they skip (77).  CI runs them once, in its main
# `make check`, and sets it for `make distcheck` and the sanitizer build,
# which would only measure the same kernel again, slower.
#
# They also run one at a time (a lock held until the test's process
# ends, make check -j or not): each times real kernel timers to a few
# milliseconds, and another one's hundreds of sockets and calls beside it
# made verify's multi-segment scenarios a tick late.
# shellcheck shell=bash
if [[ ${RTOCALC_KERNEL_TESTS:-yes} == no ]]; then
    echo "SKIP: RTOCALC_KERNEL_TESTS=no (the kernel is measured in the main make check)"
    exit 77
fi
if command -v flock >/dev/null 2>&1; then
    exec 9>>"${TMPDIR:-/tmp}/rtocalc-kernel-tests.lock"
    flock 9
fi
