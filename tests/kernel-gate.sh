# SPDX-License-Identifier: GPL-2.0-or-later
#
# Sourced by the tests that measure the running kernel (verify's
# scenarios, rtocalc sockets against dead peers): with
# RTOCALC_KERNEL_TESTS=no they skip (77).  CI runs them once, in its main
# `make check`, and sets it for `make distcheck` and the sanitizer build,
# which would only measure the same kernel again, slower.
# shellcheck shell=bash
if [[ ${RTOCALC_KERNEL_TESTS:-yes} == no ]]; then
    echo "SKIP: RTOCALC_KERNEL_TESTS=no (the kernel is measured in the main make check)"
    exit 77
fi
