/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the forwarding path shows outside itself: the packet dumps of
 * "set verbose" and packet capture of a port's traffic into a pcapng file
 * (doc/guides/testpmd.md, "Packet capture"). The prompt (cmdline.c) calls
 * these; fwd_rx()/fwd_tx() feed them.
 */
#ifndef FPK_TESTPMD_FWD_TAP_H
#define FPK_TESTPMD_FWD_TAP_H

#include <stdint.h>

/*
 * "set verbose LEVEL", as in DPDK 22.11: 1 dumps received packets, 2 sent
 * ones, 3 and more both, 0 none. Prints "Change verbose level from A to
 * B". @return 0.
 */
int tap_verbose_set(unsigned int level);
unsigned int tap_verbose_get(void);

/*
 * Capture @port's received and sent packets into the pcapng file @path
 * (created or truncated). @return 0, or -errno after printing why.
 */
int tap_capture_start(uint16_t port, const char *path);
/*
 * Stop every capture, writing out what is queued. fpk_eal_cleanup() does
 * it too, so "quit" loses nothing. @return 0 or -errno (printed).
 */
int tap_capture_stop(void);
/* The captures running: port, file, packets written and dropped. */
void tap_capture_show(void);

#endif /* FPK_TESTPMD_FWD_TAP_H */
