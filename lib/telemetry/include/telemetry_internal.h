/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the EAL calls to run the telemetry server (telemetry.c). Not
 * installed: applications only register commands (fpk_telemetry.h).
 */
#ifndef TELEMETRY_INTERNAL_H
#define TELEMETRY_INTERNAL_H

#include <stddef.h>

/*
 * Create the socket where DPDK's dpdk-telemetry.py -f @prefix looks,
 * ${RUNTIME_DIRECTORY:-/var/run}/dpdk/PREFIX/dpdk_telemetry.v2 for root
 * (XDG_RUNTIME_DIR or /tmp instead of /var/run for other users), with the
 * suffix ":N" of its -i option when a live process holds that name, and
 * start the thread that serves it. @version is what /info reports.
 * @return 0, or a negative errno with @msg (of @msglen bytes) saying what
 * failed and how to fix it; nothing is left behind then.
 */
int telemetry_start(const char *prefix, const char *version, char *msg, size_t msglen);
/* Stop the thread, close every connection, remove the socket and the
 * directory telemetry_start() made. Nothing if it is not running. */
void telemetry_stop(void);
/* The socket's path while the server runs, else "". */
const char *telemetry_socket_path(void);

#endif /* TELEMETRY_INTERNAL_H */
