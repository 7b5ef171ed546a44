/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A pcapng file writer, for captures that tcpdump, Wireshark and tshark
 * read (pcapng: draft-ietf-opsawg-pcapng).
 *
 * A file is one section: its header block is written at open. Each port (or
 * anything else packets come from) is an interface, described once by
 * fpk_pcapng_add_interface() before its first packet: link type Ethernet,
 * its name, a snap length and nanosecond timestamps. Each packet is an
 * enhanced packet block carrying its direction (inbound or outbound), the
 * time and its bytes up to the snap length, read across mbuf segments.
 *
 * Writes are buffered: fpk_pcapng_flush() or fpk_pcapng_close() puts them
 * in the file. A writer is not thread-safe: one thread uses it (testpmd's
 * capture has its lcores hand copies to a writer thread).
 */
#ifndef FPK_PCAPNG_H
#define FPK_PCAPNG_H

#include <stdint.h>

#include "fpk_mbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest snap length an interface takes: the packet sizes mbufs carry. */
#define FPK_PCAPNG_SNAPLEN_MAX 262144u

/** Which way a packet went, as the epb_flags option records it. */
enum fpk_pcapng_direction {
	FPK_PCAPNG_DIR_UNKNOWN = 0,  /**< not recorded */
	FPK_PCAPNG_DIR_IN = 1,       /**< received by the interface */
	FPK_PCAPNG_DIR_OUT = 2,      /**< sent by the interface */
};

/** An open capture file. */
struct fpk_pcapng;

/**
 * Create (or truncate) a capture file and write its section header.
 *
 * @param[in] path  The file, created with mode 0644 less the umask.
 * @return The writer, or NULL with fpk_errno set: the errno of open(2) or
 *   write(2), ENOMEM, or EINVAL for a NULL @p path.
 */
struct fpk_pcapng *fpk_pcapng_open(const char *path);

/**
 * Write a capture to an open file descriptor (a pipe to tcpdump, ...),
 * starting with the section header.
 *
 * @param fd  A descriptor open for writing; the writer owns it from now on
 *   and closes it in fpk_pcapng_close(), also when this call fails.
 * @return The writer, or NULL with fpk_errno set: the errno of write(2),
 *   ENOMEM, or EBADF for a negative @p fd.
 */
struct fpk_pcapng *fpk_pcapng_fdopen(int fd);

/**
 * Describe an interface: an Ethernet link named @p name whose packets are
 * kept up to @p snaplen bytes, timestamps in nanoseconds.
 *
 * @param pc  The writer.
 * @param[in] name  The interface's name as readers show it ("port 0"),
 *   or NULL for none.
 * @param snaplen  Bytes kept of each packet, 1 to FPK_PCAPNG_SNAPLEN_MAX.
 * @return The interface's id for fpk_pcapng_write() (0, 1, ... in the
 *   order of the calls), or -EINVAL for a bad @p snaplen, -ENOMEM, or the
 *   error of an earlier write.
 */
int fpk_pcapng_add_interface(struct fpk_pcapng *pc, const char *name, uint32_t snaplen);

/**
 * Record one packet.
 *
 * @param pc  The writer.
 * @param ifid  Its interface, from fpk_pcapng_add_interface().
 * @param[in] m  The packet's first segment; the bytes of its chain are
 *   written up to the interface's snap length.
 * @param orig_len  The packet's length on the wire: m->pkt_len, or more
 *   when @p m is a copy already cut short.
 * @param ts_ns  When it was seen, in nanoseconds since the Unix epoch.
 * @param dir  Which way it went.
 * @return 0; -EINVAL for an unknown @p ifid or an @p orig_len below
 *   m->pkt_len; or a write error (-errno of write(2)), which every later
 *   call returns too.
 */
int fpk_pcapng_write(struct fpk_pcapng *pc, uint32_t ifid, const struct fpk_mbuf *m,
		     uint32_t orig_len, uint64_t ts_ns, enum fpk_pcapng_direction dir);

/**
 * Put everything buffered into the file.
 *
 * @param pc  The writer.
 * @return 0, or the first write error (-errno).
 */
int fpk_pcapng_flush(struct fpk_pcapng *pc);

/**
 * Flush, close the file and free the writer.
 *
 * @param pc  The writer; NULL is ignored.
 * @return 0, or the first error of any write or of close(2) (-errno).
 */
int fpk_pcapng_close(struct fpk_pcapng *pc);

#ifdef __cplusplus
}
#endif

#endif /* FPK_PCAPNG_H */
