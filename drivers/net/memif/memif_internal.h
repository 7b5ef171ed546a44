/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_memif's private state, shared by the port (memif_ethdev.c) and its
 * control channel (memif_socket.c).
 */
#ifndef MEMIF_INTERNAL_H
#define MEMIF_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/un.h>

#include "fpk_ethdev_driver.h"
#include "memif.h"

#define MEMIF_MAX_REGIONS 256
#define MEMIF_MAX_LOG2_RING 14      /* DPDK's limit, so both ends agree on it */
#define MEMIF_MAX_RINGS 255          /* per direction */
#define MEMIF_MAX_FDS 4              /* SCM_RIGHTS descriptors taken from one message; memif sends 0 or 1 */
#define MEMIF_SOCK_PATH_MAX (sizeof(((struct sockaddr_un *)0)->sun_path))

extern int memif_logtype;
#define MEMIF_LOG(level, ...) FPK_PMD_LOG(memif, level, __VA_ARGS__)

/* A shared memory region, mapped in this process. */
struct memif_region {
	uint8_t *addr;
	uint64_t size;
	int fd;
};

/*
 * One rx or tx queue, on a cache line of its own: only the lcore polling
 * it writes it. The control thread fills it at connect, then publishes
 * ring; it clears ring at disconnect, so a burst sees a whole connection
 * or none.
 */
struct memif_queue {
	struct memif_ring *ring;       /* NULL: not connected */
	uint16_t mask;                 /* ring size - 1 */
	uint16_t next;                 /* rx: next slot to read; tx: next slot to fill */
	/* Client: its own buffers for this ring, slot s at bufs + s * bsize. */
	uint8_t *bufs;
	uint32_t buf_off;              /* bufs' offset in region 0 */
	uint32_t bsize;
	/*
	 * Server: the client's regions, the only place descriptors may point.
	 * Zero-copy client: the EAL memory each region is (mbufs are found in
	 * it by address), region 0 (the rings) empty.
	 */
	const struct memif_region *regions;
	uint16_t nregions;
	uint16_t zc_hint;              /* zero-copy: the region the last lookup found */
	uint16_t zc_first;             /* zero-copy tx: oldest slot whose mbuf the server holds */
	uint16_t zc_end;               /* zero-copy rx: end of the slots handed out with mbufs */
	uint32_t zc_cap;               /* entries of zc_mbufs (2^rsize), 0 in copy mode */
	int kick_fd;                   /* the peer's eventfd for this ring, or -1 */
	uint16_t port_id;
	struct fpk_mempool *mp;        /* rx */
	uint64_t *nombuf;              /* rx: rx_mbuf_alloc_failed[] of this queue */
	/* errors: bad descriptors (rx), packets too long for the ring or, zero-copy, outside shared memory (tx) */
	struct fpk_eth_queue_stats stats;
	/* Zero-copy: the mbuf (segment) whose buffer slot s points at, in zc_mbufs[s & mask]. */
	struct fpk_mbuf *zc_mbufs[];
} __fpk_cache_aligned;

enum memif_cc_state {
	MEMIF_CC_NONE,         /* no control connection */
	MEMIF_CC_WAIT_HELLO,   /* client: connected, HELLO not seen yet */
	MEMIF_CC_WAIT_INIT,    /* server: HELLO sent */
	MEMIF_CC_SETUP,        /* regions and rings being added */
	MEMIF_CC_CONNECTED,
};

/* An outgoing control message and the descriptor it passes (-1: none). */
struct memif_out {
	struct memif_msg msg;
	int fd;
};

struct memif_port {
	/* arguments */
	char socket[MEMIF_SOCK_PATH_MAX];
	bool abstract;
	bool server;
	uint32_t id;
	uint16_t bsize;
	uint8_t log2_rsize;
	bool zero_copy;                /* client: rings in region 0, the buffers are the mbufs */
	char secret[MEMIF_SECRET_SZ];

	struct fpk_eth_dev *dev;
	bool started;
	int listen_fd;                 /* server */
	uint64_t listen_id;
	int cc_fd;                     /* the control connection, or -1 */
	uint64_t cc_id;
	enum memif_cc_state state;
	/* client: what it sends next, one per ACK, until CONNECT */
	struct memif_out *out;
	unsigned int out_n;
	unsigned int out_next;

	/* the connection */
	uint16_t n_c2s;
	uint16_t n_s2c;
	uint8_t log2_run;
	uint16_t peer_max_region;      /* client: the highest region index HELLO allows */
	struct memif_region regions[MEMIF_MAX_REGIONS];
	uint16_t nregions;
	/*
	 * Zero-copy client: region i > 0 is the EAL segment at zc_map[i].addr
	 * (the EAL's mapping, never unmapped here; regions[i] holds only the
	 * descriptor passed and addr NULL). Sizes are cut to what memif's
	 * 32-bit offsets reach.
	 */
	struct memif_region zc_map[MEMIF_MAX_REGIONS];
	bool zc_watch;                 /* memif_zc_mem_event() registered for this connection */
	struct {
		uint16_t region;
		uint32_t offset;
		uint8_t log2;
		int fd;                /* eventfd: ours (client) or the peer's (server) */
		bool added;
	} rings[2][MEMIF_MAX_RINGS]; /* [0]: C2S, [1]: S2C */
	/*
	 * Mappings of past connections, overlaid with anonymous memory at
	 * disconnect so that a burst still running on them reads zeros
	 * instead of faulting; unmapped at the next connect or at close.
	 */
	struct memif_region retired[MEMIF_MAX_REGIONS];
	uint16_t nretired;
	char peer_name[MEMIF_NAME_SZ + 1];
	char peer_if[MEMIF_NAME_SZ + 1];
	uint64_t connects;
	uint64_t disconnects;
};

/* memif_socket.c */
int memif_listen(struct memif_port *mp);
void memif_unlisten(struct memif_port *mp);
int memif_client_connect(struct memif_port *mp);
void memif_disconnect(struct memif_port *mp, const char *reason);
/*
 * Act on one control message of @len bytes received on mp->cc_fd in the
 * port's current state (a size other than MEMIF_MSG_SZ is the peer's
 * error), with the descriptors passed along with it (-1: none). Takes
 * those it keeps (setting them to -1); the caller closes the rest. Runs
 * under fpk_intr_lock(). The interrupt handler's core, and the fuzz
 * target's way in (app/test/fuzz/fuzz_memif_ctrl.c).
 * @return 0, or -EPROTO when the peer broke the protocol and was sent a
 * DISCONNECT naming why (the port then waits for the next peer).
 */
int memif_msg_handle(struct memif_port *mp, const struct memif_msg *msg, size_t len,
		     int fds[MEMIF_MAX_FDS]);

/* memif_ethdev.c */
int memif_rings_attach(struct memif_port *mp);
void memif_rings_detach(struct memif_port *mp);
int memif_client_regions_create(struct memif_port *mp);

#endif /* MEMIF_INTERNAL_H */
