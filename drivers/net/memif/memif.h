/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memif wire format, protocol version 2.0, as DPDK 22.11's net_memif
 * (drivers/net/memif/memif.h), VPP and libmemif lay it out: the 128-byte
 * control messages exchanged on the unix socket, and the rings and
 * descriptors in the shared memory regions. The unit tests include it to
 * play a peer; nothing here is FPK's to change.
 *
 * Connection, as the protocol orders it (C: client, S: server):
 *   S: HELLO (the server's limits)          C: INIT (id, secret)     S: ACK
 *   C: ADD_REGION (memfd passed)  S: ACK    C: ADD_RING (eventfd)    S: ACK
 *   C: CONNECT                     S: CONNECTED
 * either side: DISCONNECT (a reason), then close. The client owns the
 * memory: it creates every region and ring and proposes the ring count and
 * size within the limits the server's HELLO set.
 */
#ifndef MEMIF_H
#define MEMIF_H

#include <stdint.h>

#define MEMIF_COOKIE 0x3E31F20u
#define MEMIF_VERSION ((2u << 8) | 0u)
#define MEMIF_NAME_SZ 32
#define MEMIF_SECRET_SZ 24
#define MEMIF_DISC_SZ 96
#define MEMIF_MSG_SZ 128

enum memif_msg_type {
	MEMIF_MSG_NONE,
	MEMIF_MSG_ACK,
	MEMIF_MSG_HELLO,
	MEMIF_MSG_INIT,
	MEMIF_MSG_ADD_REGION,
	MEMIF_MSG_ADD_RING,
	MEMIF_MSG_CONNECT,
	MEMIF_MSG_CONNECTED,
	MEMIF_MSG_DISCONNECT,
};

#define MEMIF_MODE_ETHERNET 0
#define MEMIF_ADD_RING_FLAG_C2S 1   /* else the ring carries server to client */
#define MEMIF_DESC_FLAG_NEXT 1      /* the packet goes on in the next slot */
#define MEMIF_RING_FLAG_MASK_INT 1  /* the receiver polls: the sender need not kick */

struct __attribute__((packed)) memif_msg_hello {
	uint8_t name[MEMIF_NAME_SZ];
	uint16_t min_version;
	uint16_t max_version;
	uint16_t max_region;          /* highest region index */
	uint16_t max_s2c_ring;        /* highest ring index, not a count */
	uint16_t max_c2s_ring;
	uint8_t max_log2_ring_size;
};

struct __attribute__((packed)) memif_msg_init {
	uint16_t version;
	uint32_t id;
	uint8_t mode;
	uint8_t secret[MEMIF_SECRET_SZ];
	uint8_t name[MEMIF_NAME_SZ];
};

struct __attribute__((packed)) memif_msg_add_region {
	uint16_t index;
	uint64_t size;
};

struct __attribute__((packed)) memif_msg_add_ring {
	uint16_t flags;
	uint16_t index;
	uint16_t region;
	uint32_t offset;
	uint8_t log2_ring_size;
	uint16_t private_hdr_size;
};

struct __attribute__((packed)) memif_msg_connect {
	uint8_t if_name[MEMIF_NAME_SZ]; /* CONNECT and CONNECTED alike */
};

struct __attribute__((packed)) memif_msg_disconnect {
	uint32_t code;
	uint8_t string[MEMIF_DISC_SZ];
};

/* Every message is exactly MEMIF_MSG_SZ bytes on the socket. */
struct __attribute__((packed)) memif_msg {
	uint16_t type;
	union {
		struct memif_msg_hello hello;
		struct memif_msg_init init;
		struct memif_msg_add_region add_region;
		struct memif_msg_add_ring add_ring;
		struct memif_msg_connect connect;
		struct memif_msg_disconnect disconnect;
		uint8_t raw[MEMIF_MSG_SZ - 2];
	};
};

struct __attribute__((packed)) memif_desc {
	uint16_t flags;
	uint16_t region;
	uint32_t length;
	uint32_t offset;
	uint32_t metadata;
};

/*
 * A ring's header: head and tail on cache lines of their own (64 bytes,
 * as on x86 builds of DPDK and libmemif), the descriptors after them. The
 * C2S ring's head is the client's, its tail the server's; on an S2C ring
 * the client (the receiver) moves head to hand out buffers and the server
 * moves tail to fill them.
 */
struct memif_ring {
	uint32_t cookie;
	uint16_t flags;
	uint16_t head;
	uint8_t pad0[56];
	uint16_t tail;
	uint8_t pad1[62];
	struct memif_desc desc[];
};

_Static_assert(sizeof(struct memif_msg) == MEMIF_MSG_SZ, "memif message size");
_Static_assert(sizeof(struct memif_desc) == 16, "memif descriptor size");
_Static_assert(sizeof(struct memif_ring) == 128, "memif ring header size");
_Static_assert(__builtin_offsetof(struct memif_ring, tail) == 64, "memif ring tail");

#endif /* MEMIF_H */
