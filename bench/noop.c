/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The process-start floor of the single-query benchmark: a program linked
 * exactly like rtocalc (the layers' libraries, libm and libc) that does
 * nothing.  It names one library function so that the linker keeps it,
 * but never calls it.
 */
#include "rtocalc.h"

int main(int argc, char **argv)
{
    (void)argv;
    return argc > 1000 ? (int)rto_strerror(RTO_OK)[0] : 0;
}
