/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The library's error texts and version.  The parameters' defaults and
 * ranges are rows of the settings table (settings.c).
 */
#include <config.h>

#include "internal.h"

const char *rto_strerror(int err)
{
    switch (err) {
    case RTO_OK:
        return "success";
    case RTO_EINVAL:
        return "value outside the kernel's range";
    case RTO_ERANGE:
        return "value too large for the model";
    case RTO_ENOSPC:
        return "buffer too small";
    case RTO_EIO:
        return "write error";
    case RTO_ENOTSUP:
        return "not supported by this kernel profile";
    default:
        return "unknown error";
    }
}

const char *rto_version(void)
{
    return PACKAGE_VERSION;
}
