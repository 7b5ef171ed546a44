/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers of the PMD tests that run on veth pairs in a private network
 * namespace (test_pmd_af_packet.c, test_pmd_af_xdp.c): ip(8), interface
 * ioctls, the test frames, and a raw AF_PACKET socket on the peer end that
 * checks them both ways, byte for byte.
 */
#ifndef TEST_VETH_H
#define TEST_VETH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <net/if.h>

#include "test_ethdev.h"

#define VETH_ETHERTYPE 0x88b5 /* IEEE local experimental: nothing else sends it */
#define VETH_MAX_FRAME 1514
#define VETH_WAIT_MS 2000

/* The frames each direction carries: sizes from the minimum to a full MTU. */
extern const uint16_t veth_frame_lens[8];
#define VETH_NB_FRAMES FPK_DIM(veth_frame_lens)

/* The test's socket on the peer end, for frames of VETH_ETHERTYPE. */
struct veth_peer {
	int fd;
	struct fpk_ether_addr mac;
};

/*
 * Skip unless root and ip(8) is there: TEST_SUCCESS, or fpk_test_skip()'s
 * verdict saying "needs root: @why".
 */
int veth_prepare(const char *why);

/*
 * Run @body in a network namespace of this thread's own, so that nothing
 * touches the machine's interfaces and the veths vanish with it whatever
 * happened; then check that @ifname did not leak into the host namespace.
 */
int veth_netns_run(test_eth_body_t body, struct fpk_mempool *mp, const char *ifname);

/*
 * Run ip(8) with @args (NULL-terminated), its output into @out (@size bytes,
 * NUL-terminated) or discarded when @out is NULL. @return its exit status, or -1.
 */
int veth_run_ip(const char *const args[], char *out, size_t size);
#define VETH_IP(...) veth_run_ip((const char *const[]){ __VA_ARGS__, NULL }, NULL, 0)

/* ioctl @req on interface @ifname through a throwaway socket. @return 0 or -errno. */
int veth_if_ioctl(const char *ifname, unsigned long req, struct ifreq *ifr);
int veth_if_mac(const char *ifname, struct fpk_ether_addr *mac);
/* The interface flags of @ifname, or 0. */
short veth_if_flags(const char *ifname);
/* The MTU of @ifname, or -1. */
int veth_if_mtu(const char *ifname);

/* Frame @id of @len bytes from @src to @dst: our ethertype, then a pattern of @id. */
void veth_frame_fill(uint8_t *buf, uint16_t len, unsigned int id,
		     const struct fpk_ether_addr *dst, const struct fpk_ether_addr *src);
/* Whether @got is that frame; if not, prints where it differs. */
bool veth_frame_ok(const uint8_t *got, uint32_t got_len, uint16_t len, unsigned int id,
		   const struct fpk_ether_addr *dst, const struct fpk_ether_addr *src);

int veth_peer_open(struct veth_peer *p, const char *ifname);
/*
 * Receive one frame on the peer socket within about VETH_WAIT_MS. A link
 * change on either veth end leaves an ENETDOWN on the socket, reported
 * once: skip it. @return the frame's length, or -1.
 */
ssize_t veth_peer_recv(const struct veth_peer *p, uint8_t *buf, size_t size);
/* Send @len bytes of @buf out of @ifname from a socket of its own. @return 0 or -errno. */
int veth_send_raw(const char *ifname, const uint8_t *buf, size_t len);

/* FPK sends every test frame on queue @q (one as a two-segment chain); the peer gets them intact. */
int veth_fpk_to_peer(struct fpk_mempool *mp, uint16_t port, uint16_t q,
		     const struct veth_peer *p, const struct fpk_ether_addr *mac);
/* The peer sends every test frame; FPK receives them intact on rx queues [0, nb_q). */
int veth_peer_to_fpk(uint16_t port, uint16_t nb_q, const struct veth_peer *p,
		     const struct fpk_ether_addr *mac);
/*
 * Poll rx queues [0, @nb_q) of @port for up to @wait_ms until @want frames
 * of our ethertype arrived into @pkts, counting them per queue into @per_q
 * if not NULL; other frames (IPv6 neighbour discovery, say) are freed.
 * @return the number gathered.
 */
unsigned int veth_gather(uint16_t port, uint16_t nb_q, struct fpk_mbuf **pkts,
			 unsigned int want, int wait_ms, unsigned int *per_q);
/*
 * On started @port (one rx queue) with its pool @mp emptied, rx leaves a
 * frame from the peer in its ring and counts one rx_nombuf per burst that
 * finds it (3); once mbufs are back, the frame arrives intact.
 */
int veth_nombuf_check(uint16_t port, struct fpk_mempool *mp, const struct veth_peer *p);

#endif /* TEST_VETH_H */
