/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test of net_af_xdp on veth pairs, as test_pmd_af_packet.c does it: the
 * test thread moves into a network namespace of its own, makes the pairs
 * there with ip(8), and a raw AF_PACKET socket on the peer end checks
 * frames both ways, byte for byte. The namespace and its veths vanish when
 * the thread leaves it, whatever happened. veth has no zero-copy AF_XDP:
 * the sockets run in copy mode.
 *
 * Skipped, with the reason, when not root, when ip(8) is missing, when
 * FPK was built without libxdp, or when the kernel has no AF_XDP sockets.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if_xdp.h>

#include <fpk_bus_vdev.h>
#include <fpk_eal.h>

#include "test_veth.h"

#define XDP_FPK "fpkxdp0"    /* FPK's end */
#define XDP_PEER "fpkxdp1"   /* the test socket's end */
#define XDP_MQ "fpkxdp2"     /* a pair with two queues each way */
#define XDP_MQ_PEER "fpkxdp3"

static int
xdp_probe_errors(void)
{
	static const struct { const char *args; int err; } bad[] = {
		{ "", -EINVAL }, { "queue_count=1", -EINVAL },
		{ "iface=" XDP_FPK ",queue_count=0", -EINVAL },
		{ "iface=" XDP_FPK ",queue_count=17", -EINVAL },
		{ "iface=" XDP_FPK ",bogus=1", -EINVAL },
		{ "iface=an_interface_name_too_long", -EINVAL },
		/* veth pairs have one queue by default. */
		{ "iface=" XDP_FPK ",start_queue=1", -EINVAL },
		{ "iface=" XDP_FPK ",shared_umem=1", -ENOTSUP },
		{ "iface=" XDP_FPK ",xdp_prog=/nonexistent/prog.o", -ENOENT },
		{ "iface=fpknosuch0", -ENODEV },
	};

	for (size_t i = 0; i < FPK_DIM(bad); i++)
		TEST_ASSERT_EQUAL(fpk_vdev_create("net_af_xdp_e0", bad[i].args), bad[i].err,
				  "'%s' not refused with %d", bad[i].args, bad[i].err);
	return TEST_SUCCESS;
}

static unsigned int xdp_lsc_events;

static int
xdp_lsc_cb(uint16_t port, enum fpk_eth_event_type event, void *arg, void *param)
{
	(void)port;
	(void)arg;
	(void)param;
	if (event == FPK_ETH_EVENT_INTR_LSC)
		xdp_lsc_events++;
	return 0;
}

/* Poll the link of @port until it is @up, for up to 3 s (the kernel's link watch is lazy). */
static int
xdp_link_wait(uint16_t port, uint8_t up)
{
	struct fpk_eth_link link = { 0 };

	for (int i = 0; i < 30; i++) {
		TEST_ASSERT_SUCCESS(fpk_eth_link_get_nowait(port, &link), "link");
		if (link.link_status == up)
			return TEST_SUCCESS;
		fpk_delay_ms_sleep(100);
	}
	TEST_ASSERT(false, "link still %s after 3 s", up ? "down" : "up");
	return TEST_FAILED;
}

/* Promiscuous mode, the too-long frame, and the link following the peer. */
static int
xdp_port_edges(struct fpk_mempool *mp, uint16_t port)
{
	struct fpk_mbuf *big;
	struct fpk_eth_stats st;

	TEST_ASSERT(!(veth_if_flags(XDP_FPK) & IFF_PROMISC), "promiscuous already");
	TEST_ASSERT_SUCCESS(fpk_eth_promiscuous_enable(port), "promiscuous on");
	TEST_ASSERT(veth_if_flags(XDP_FPK) & IFF_PROMISC, "interface not promiscuous");
	TEST_ASSERT_SUCCESS(fpk_eth_promiscuous_disable(port), "promiscuous off");
	TEST_ASSERT(!(veth_if_flags(XDP_FPK) & IFF_PROMISC), "interface still promiscuous");
	/* The MTU is the interface's; beyond what a UMEM frame holds it is refused. */
	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_mtu(port, 1400), "MTU 1400");
	TEST_ASSERT_EQUAL(veth_if_mtu(XDP_FPK), 1400, "interface MTU %d", veth_if_mtu(XDP_FPK));
	TEST_ASSERT(fpk_eth_dev_set_mtu(port, 3000) != 0, "MTU 3000 accepted");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_mtu(port, 1500), "MTU 1500");
	TEST_ASSERT_EQUAL(veth_if_mtu(XDP_FPK), 1500, "interface MTU %d", veth_if_mtu(XDP_FPK));
	/* A frame beyond the MTU is dropped and counted, not sent. */
	TEST_ASSERT_SUCCESS(fpk_eth_stats_reset(port), "reset");
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, &big, 1, 1600, 0), "make");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, &big, 1), 1, "tx too long");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.opackets == 0 && st.oerrors == 1, "tx %lu pkts %lu errors",
		    (unsigned long)st.opackets, (unsigned long)st.oerrors);
	/* The peer going down takes the carrier away: a link event, then one more on up. */
	xdp_lsc_events = 0;
	TEST_ASSERT_EQUAL(VETH_IP("link", "set", XDP_PEER, "down"), 0, "peer down");
	TEST_RUN(xdp_link_wait(port, FPK_ETH_LINK_DOWN));
	TEST_ASSERT_EQUAL(xdp_lsc_events, 1u, "%u link events for the peer going down",
			  xdp_lsc_events);
	TEST_ASSERT_EQUAL(VETH_IP("link", "set", XDP_PEER, "up"), 0, "peer up");
	TEST_RUN(xdp_link_wait(port, FPK_ETH_LINK_UP));
	TEST_ASSERT_EQUAL(xdp_lsc_events, 2u, "%u link events after the peer came back",
			  xdp_lsc_events);
	return TEST_SUCCESS;
}

static int
xdp_single_queue(struct fpk_mempool *mp, const struct veth_peer *p)
{
	struct fpk_eth_conf conf = { .intr_conf.lsc = 1 };
	struct fpk_ether_addr mac;
	struct fpk_eth_stats st;
	socklen_t err_len = sizeof(int);
	uint64_t obytes = 0;
	uint16_t port, mtu;
	int err;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_af_xdp_t0", "iface=" XDP_FPK, &port), "create");
	TEST_ASSERT_SUCCESS(fpk_eth_macaddr_get(port, &mac), "MAC");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_get_mtu(port, &mtu), "MTU");
	TEST_ASSERT_EQUAL(mtu, 1500, "MTU %u", mtu);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_callback_register(port, FPK_ETH_EVENT_INTR_LSC, xdp_lsc_cb,
							  NULL), "callback");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, &conf, mp), "start");
	TEST_RUN(xdp_link_wait(port, FPK_ETH_LINK_UP));
	TEST_RUN(veth_fpk_to_peer(mp, port, 0, p, &mac));
	TEST_RUN(veth_peer_to_fpk(port, 1, p, &mac));
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	for (unsigned int i = 0; i < VETH_NB_FRAMES; i++)
		obytes += veth_frame_lens[i];
	TEST_ASSERT(st.opackets == VETH_NB_FRAMES && st.obytes == obytes && st.oerrors == 0,
		    "tx %lu pkts %lu bytes %lu errors", (unsigned long)st.opackets,
		    (unsigned long)st.obytes, (unsigned long)st.oerrors);
	TEST_ASSERT(st.ipackets >= VETH_NB_FRAMES && st.ierrors == 0 && st.rx_nombuf == 0,
		    "rx %lu pkts %lu errors", (unsigned long)st.ipackets, (unsigned long)st.ierrors);
	/* A restart makes new sockets: still byte-exact both ways. */
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "restart");
	TEST_RUN(veth_fpk_to_peer(mp, port, 0, p, &mac));
	TEST_RUN(veth_peer_to_fpk(port, 1, p, &mac));
	TEST_RUN(xdp_port_edges(mp, port));
	/* The peer's down and up left an ENETDOWN on its socket: clear it for the next send. */
	(void)getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &err_len);
	/* Tx and rx work again once the link is back. */
	TEST_RUN(veth_fpk_to_peer(mp, port, 0, p, &mac));
	TEST_RUN(veth_peer_to_fpk(port, 1, p, &mac));
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_af_xdp_t0"), "remove");
	return TEST_SUCCESS;
}

/*
 * With the pool empty, rx leaves an arrived frame in its ring and counts
 * the mbuf it could not get; once mbufs are back, the frame arrives intact.
 */
static int
xdp_empty_pool(struct fpk_mempool *mp, const struct veth_peer *p)
{
	uint16_t port;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_af_xdp_t1", "iface=" XDP_FPK, &port), "create");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	TEST_RUN(xdp_link_wait(port, FPK_ETH_LINK_UP));
	TEST_RUN(veth_nombuf_check(port, mp, p));
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_af_xdp_t1"), "remove");
	return TEST_SUCCESS;
}

/*
 * Rings of 128 (rounded up from 100): 30 rounds of the test frames each way
 * pass 240 frames through each, so rx must hand its frames back to the fill
 * ring and tx take back the ones the kernel completed.
 */
static int
xdp_small_rings(struct fpk_mempool *mp, const struct veth_peer *p)
{
	struct fpk_ether_addr mac;
	uint16_t port;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_af_xdp_t3", "iface=" XDP_FPK, &port), "create");
	TEST_ASSERT_SUCCESS(fpk_eth_macaddr_get(port, &mac), "MAC");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_configure(port, 1, 1, NULL), "configure");
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_setup(port, 0, 100, FPK_SOCKET_ID_ANY, NULL, mp),
			    "rx queue of 100");
	TEST_ASSERT_SUCCESS(fpk_eth_tx_queue_setup(port, 0, 100, FPK_SOCKET_ID_ANY, NULL),
			    "tx queue of 100");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start");
	TEST_RUN(xdp_link_wait(port, FPK_ETH_LINK_UP));
	for (int round = 0; round < 30; round++) {
		TEST_RUN(veth_fpk_to_peer(mp, port, 0, p, &mac));
		TEST_RUN(veth_peer_to_fpk(port, 1, p, &mac));
	}
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_af_xdp_t3"), "remove");
	return TEST_SUCCESS;
}

/*
 * xdp_prog= with libxdp's own default program (an XDP program and an
 * xsks_map, as DPDK asks of one): FPK attaches it and fills the map, and
 * frames pass both ways; a stop detaches it.
 */
static int
xdp_custom_prog(struct fpk_mempool *mp, const struct veth_peer *p)
{
	static const char *const objs[] = { "/usr/lib/x86_64-linux-gnu/bpf/xsk_def_xdp_prog.o",
					    "/usr/lib/aarch64-linux-gnu/bpf/xsk_def_xdp_prog.o",
					    "/usr/lib/bpf/xsk_def_xdp_prog.o",
					    "/usr/local/lib/bpf/xsk_def_xdp_prog.o" };
	struct fpk_ether_addr mac;
	const char *obj = NULL;
	char args[160];
	uint16_t port;

	for (size_t i = 0; i < FPK_DIM(objs) && obj == NULL; i++)
		if (access(objs[i], R_OK) == 0)
			obj = objs[i];
	if (obj == NULL) {
		printf("  no xsk_def_xdp_prog.o of libxdp found: xdp_prog= untested\n");
		return TEST_SUCCESS;
	}
	snprintf(args, sizeof(args), "iface=" XDP_FPK ",xdp_prog=%s", obj);
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_af_xdp_t4", args, &port), "create");
	TEST_ASSERT_SUCCESS(fpk_eth_macaddr_get(port, &mac), "MAC");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start with %s", obj);
	TEST_RUN(xdp_link_wait(port, FPK_ETH_LINK_UP));
	TEST_RUN(veth_fpk_to_peer(mp, port, 0, p, &mac));
	TEST_RUN(veth_peer_to_fpk(port, 1, p, &mac));
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	/* Detached: a second start attaches it again, which would fail with it still there. */
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "restart");
	TEST_RUN(veth_peer_to_fpk(port, 1, p, &mac));
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_af_xdp_t4"), "remove");
	return TEST_SUCCESS;
}

/*
 * queue_count=2 on a veth pair with two queues: each tx queue reaches the
 * peer, and frames of 64 flows (UDP ports), which the peer's kernel hashes
 * over its two tx queues and so over our two rx queues, all arrive once.
 */
static int
xdp_two_queues(struct fpk_mempool *mp)
{
	struct fpk_mbuf *pkts[64];
	unsigned int per_q[2] = { 0 }, got;
	struct fpk_ether_addr mac;
	struct veth_peer p = { .fd = -1 };
	uint8_t buf[60] = { 0 };
	uint16_t port;
	int ret;

	if (VETH_IP("link", "add", XDP_MQ, "numtxqueues", "2", "numrxqueues", "2", "type", "veth",
		"peer", "name", XDP_MQ_PEER, "numtxqueues", "2", "numrxqueues", "2") != 0) {
		printf("  this ip(8) or kernel makes no multi-queue veth: queue_count=2 untested\n");
		return TEST_SUCCESS;
	}
	TEST_ASSERT_EQUAL(VETH_IP("link", "set", XDP_MQ, "up"), 0, "up");
	TEST_ASSERT_EQUAL(VETH_IP("link", "set", XDP_MQ_PEER, "up"), 0, "up");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_af_xdp_t2", "iface=" XDP_MQ ",queue_count=2",
					       &port), "create with queue_count=2");
	TEST_ASSERT_SUCCESS(fpk_eth_macaddr_get(port, &mac), "MAC");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 2, 2, NULL, mp), "start");
	TEST_RUN(xdp_link_wait(port, FPK_ETH_LINK_UP));
	ret = veth_peer_open(&p, XDP_MQ_PEER);
	if (ret == TEST_SUCCESS)
		ret = veth_fpk_to_peer(mp, port, 0, &p, &mac);
	if (ret == TEST_SUCCESS)
		ret = veth_fpk_to_peer(mp, port, 1, &p, &mac);
	for (unsigned int i = 0; ret == TEST_SUCCESS && i < FPK_DIM(pkts); i++) {
		/* IPv4/UDP, so the peer's flow hash sees ports; the ethertype stays ours for the filter. */
		veth_frame_fill(buf, sizeof(buf), i, &mac, &p.mac);
		buf[12] = 0x08;
		buf[13] = 0x00;
		memcpy(buf + 14, "\x45\x00\x00\x2e\x00\x00\x00\x00\x40\x11\x00\x00\x0a\x00\x00\x01"
		       "\x0a\x00\x00\x02", 20);
		buf[34] = (uint8_t)(i >> 8);
		buf[35] = (uint8_t)i;
		buf[36] = 0x30;
		buf[37] = 0x39;
		/* A socket keeps the tx queue of its first frame: one socket per flow. */
		if (veth_send_raw(XDP_MQ_PEER, buf, sizeof(buf)) != 0)
			ret = TEST_FAILED;
	}
	if (p.fd >= 0)
		close(p.fd);
	TEST_ASSERT_SUCCESS(ret, "tx on both queues, then 64 flows from the peer");
	got = 0;
	for (int t = 0; t < VETH_WAIT_MS && got < FPK_DIM(pkts); t++) {
		for (uint16_t q = 0; q < 2; q++) {
			uint16_t n = fpk_eth_rx_burst(port, q, pkts, FPK_DIM(pkts));

			for (uint16_t i = 0; i < n; i++) {
				const uint8_t *d = fpk_pktmbuf_mtod(pkts[i], const uint8_t *);

				if (d[12] == 0x08 && d[13] == 0x00 && d[23] == 0x11) {
					per_q[q]++;
					got++;
				}
			}
			fpk_pktmbuf_free_bulk(pkts, n);
		}
		usleep(1000);
	}
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_af_xdp_t2"), "remove");
	printf("  64 flows: %u on queue 0, %u on queue 1\n", per_q[0], per_q[1]);
	TEST_ASSERT_EQUAL(got, 64u, "got %u of 64 frames over both queues", got);
	TEST_ASSERT(per_q[0] > 0 && per_q[1] > 0, "one queue got nothing");
	return TEST_SUCCESS;
}

/*
 * An mbuf pool of @n mbufs with buffers of @room bytes and no cache (exact
 * counts), in one memzone whatever the IOVA mode: objects may cross pages
 * (FPK_MEMPOOL_F_NO_IOVA_CONTIG), which AF_XDP copy mode does not mind.
 */
static struct fpk_mempool *
xdp_pool(const char *name, unsigned int n, uint16_t room)
{
	struct fpk_pktmbuf_pool_private priv = { .mbuf_data_room_size = room };

	return fpk_mempool_create(name, n, (unsigned int)sizeof(struct fpk_mbuf) + room, 0,
				  sizeof(priv), fpk_pktmbuf_pool_init, &priv, fpk_pktmbuf_init,
				  NULL, FPK_SOCKET_ID_ANY, FPK_MEMPOOL_F_NO_IOVA_CONTIG);
}

/* Port @name on XDP_FPK with one queue pair of 64 descriptors, rx from @mp. */
static int
xdp_port_64(const char *name, struct fpk_mempool *mp, uint16_t *port)
{
	struct fpk_eth_conf conf = { .intr_conf.lsc = 1 };

	TEST_ASSERT_SUCCESS(test_eth_vdev_port(name, "iface=" XDP_FPK, port), "create %s", name);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_configure(*port, 1, 1, &conf), "configure");
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_setup(*port, 0, 64, FPK_SOCKET_ID_ANY, NULL, mp),
			    "rx queue");
	TEST_ASSERT_SUCCESS(fpk_eth_tx_queue_setup(*port, 0, 64, FPK_SOCKET_ID_ANY, NULL),
			    "tx queue");
	return TEST_SUCCESS;
}

/* The peer sends test frames 0..@n-1, to be read by the port or left in its ring. */
static int
xdp_peer_send(const struct veth_peer *p, const struct fpk_ether_addr *mac, unsigned int n)
{
	uint8_t buf[VETH_MAX_FRAME];

	for (unsigned int i = 0; i < n; i++) {
		veth_frame_fill(buf, veth_frame_lens[i], i, mac, &p->mac);
		TEST_ASSERT_EQUAL(send(p->fd, buf, veth_frame_lens[i], 0), veth_frame_lens[i],
				  "peer send: %s", strerror(errno));
	}
	return TEST_SUCCESS;
}

/*
 * Stop @port with net_af_xdp's messages down to debug level in *@log (to
 * be freed), and print them if they lack @want.
 */
static int
xdp_stop_logged(uint16_t port, const char *want, char **log)
{
	int type = fpk_log_register("pmd.net.af_xdp"), level = fpk_log_get_level(type);
	size_t len = 0;
	FILE *f;
	int ret;

	*log = NULL;
	f = open_memstream(log, &len);
	TEST_ASSERT_NOT_NULL(f, "open_memstream");
	fpk_log_set_stream(f);
	fpk_log_set_level(type, FPK_LOG_DEBUG);
	ret = fpk_eth_dev_stop(port);
	fpk_log_set_level(type, level);
	fpk_log_set_stream(NULL);
	fclose(f);
	TEST_ASSERT_SUCCESS(ret, "stop");
	if (*log == NULL || strstr(*log, want) == NULL) {
		printf("  the stop did not log '%s'; its log:\n%s", want, *log ? *log : "");
		return TEST_FAILED;
	}
	return TEST_SUCCESS;
}

#define XDP_ZC_NB 128 /* rx lends 64 to the fill ring: 64 left for traffic */
/* Where a frame starts in an mbuf the kernel filled: after FPK's and XDP's headroom. */
#define XDP_ZC_DATA_OFF (FPK_PKTMBUF_HEADROOM + 256)

/*
 * The kernel writes received frames straight into mbufs the fill ring was
 * given: with every other mbuf of the pool held, those received lie in the
 * pool, are none of the held ones, and start where the kernel puts frames.
 * Sent back, with the pool empty, they go out as they are (a copy would
 * need an mbuf), and their completions free them.
 */
static int
xdp_zc_rx_tx(struct fpk_mempool *z, uint16_t port, const struct veth_peer *p,
	     const struct fpk_ether_addr *mac)
{
	static struct fpk_mbuf *held[XDP_ZC_NB];
	const struct fpk_memzone *mz = z->chunk[0].mz;
	struct fpk_mbuf *pkts[VETH_NB_FRAMES];
	unsigned int nb_held, got;
	uint8_t buf[VETH_MAX_FRAME + 100];
	int ret = TEST_SUCCESS;

	TEST_ASSERT_EQUAL(fpk_mempool_in_use_count(z), 64u, "%u mbufs lent to the fill ring of 64",
			  fpk_mempool_in_use_count(z));
	nb_held = fpk_mempool_avail_count(z) - VETH_NB_FRAMES;
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_alloc_bulk(z, held, nb_held), "hold");
	TEST_RUN(xdp_peer_send(p, mac, VETH_NB_FRAMES));
	got = veth_gather(port, 1, pkts, VETH_NB_FRAMES, VETH_WAIT_MS, NULL);
	for (unsigned int i = 0; i < got && ret == TEST_SUCCESS; i++) {
		const uint8_t *a = (const uint8_t *)pkts[i];

		if (a < (const uint8_t *)mz->addr || a >= (const uint8_t *)mz->addr + mz->len ||
		    pkts[i]->pool != z || pkts[i]->data_off != XDP_ZC_DATA_OFF) {
			printf("  rx mbuf %p (pool %s, data_off %u) is not one of the fill ring\n",
			       (const void *)a, pkts[i]->pool->name, pkts[i]->data_off);
			ret = TEST_FAILED;
		}
		for (unsigned int h = 0; h < nb_held; h++)
			if (held[h] == pkts[i])
				ret = TEST_FAILED;
		if (!veth_frame_ok(fpk_pktmbuf_mtod(pkts[i], const uint8_t *), pkts[i]->pkt_len,
				   veth_frame_lens[i], i, mac, &p->mac))
			ret = TEST_FAILED;
	}
	if (got == VETH_NB_FRAMES && ret == TEST_SUCCESS) {
		/* The refills took the rest: nothing left to copy into. */
		if (fpk_mempool_avail_count(z) != 0 ||
		    fpk_eth_tx_burst(port, 0, pkts, VETH_NB_FRAMES) != VETH_NB_FRAMES) {
			printf("  the pool's own mbufs were not sent as they are\n");
			ret = TEST_FAILED;
		}
		got = 0;
	}
	for (unsigned int i = 0; i < VETH_NB_FRAMES && ret == TEST_SUCCESS; i++) {
		ssize_t n = veth_peer_recv(p, buf, sizeof(buf));

		if (n <= 0 || !veth_frame_ok(buf, (uint32_t)n, veth_frame_lens[i], i, mac, &p->mac))
			ret = TEST_FAILED;
	}
	/* The next burst takes the completions. */
	for (int t = 0; t < VETH_WAIT_MS && fpk_mempool_avail_count(z) < VETH_NB_FRAMES; t++) {
		(void)fpk_eth_tx_burst(port, 0, pkts, 0);
		usleep(1000);
	}
	fpk_pktmbuf_free_bulk(pkts, got);
	fpk_pktmbuf_free_bulk(held, nb_held);
	TEST_ASSERT_SUCCESS(ret, "zero-copy rx and tx");
	TEST_ASSERT_EQUAL(fpk_mempool_avail_count(z), XDP_ZC_NB - 64u, "%u mbufs free after the "
			  "completions, expected all but the 64 of the fill ring",
			  fpk_mempool_avail_count(z));
	return TEST_SUCCESS;
}

static int
xdp_zero_copy_run(struct fpk_mempool *mp, struct fpk_mempool *z, const struct veth_peer *p)
{
	struct fpk_ether_addr mac;
	socklen_t err_len = sizeof(int);
	unsigned int ms;
	char *log;
	uint16_t port;
	int err, ret;

	TEST_RUN(xdp_port_64("net_af_xdp_t5", z, &port));
	TEST_ASSERT_SUCCESS(fpk_eth_macaddr_get(port, &mac), "MAC");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_callback_register(port, FPK_ETH_EVENT_INTR_LSC, xdp_lsc_cb,
							  NULL), "callback");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start");
	TEST_RUN(xdp_link_wait(port, FPK_ETH_LINK_UP));
	TEST_RUN(xdp_zc_rx_tx(z, port, p, &mac));
	/* Another pool's packets (one chained) are copied into the UMEM's, theirs freed at once. */
	TEST_RUN(veth_fpk_to_peer(mp, port, 0, p, &mac));
	TEST_ASSERT_EQUAL(fpk_mempool_in_use_count(mp), 0u, "%u mbufs of the other pool kept",
			  fpk_mempool_in_use_count(mp));
	/* 480 frames through the 64 mbufs not in the fill ring: only completions free them. */
	for (int round = 0; round < 30; round++) {
		TEST_RUN(veth_fpk_to_peer(z, port, 0, p, &mac));
		TEST_RUN(veth_peer_to_fpk(port, 1, p, &mac));
	}
	TEST_RUN(xdp_port_edges(z, port));
	(void)getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &err_len);
	/* A stop with frames unread in the rx ring and tx not completed: all mbufs come back. */
	TEST_RUN(xdp_peer_send(p, &mac, 4));
	usleep(10 * 1000);
	TEST_RUN(veth_fpk_to_peer(z, port, 0, p, &mac));
	/* They go back only once a probe socket could bind the queue: the kernel let go of it. */
	ret = xdp_stop_logged(port, "queue 0 of iface=" XDP_FPK " free again", &log);
	if (ret == TEST_SUCCESS && sscanf(strstr(log, "free again"), "free again %u ms", &ms) == 1)
		printf("  stop: queue 0 free again %u ms after the close, then every mbuf back\n",
		       ms);
	free(log);
	TEST_RUN(ret);
	TEST_ASSERT_EQUAL(fpk_mempool_avail_count(z), z->size, "%u of %u mbufs free after the stop "
			  "(fewer: still lent; more: put back twice)", fpk_mempool_avail_count(z),
			  z->size);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "restart");
	TEST_RUN(veth_peer_to_fpk(port, 1, p, &mac));
	TEST_RUN(veth_fpk_to_peer(z, port, 0, p, &mac));
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_af_xdp_t5"), "remove");
	return TEST_SUCCESS;
}

/*
 * The UMEM is the pool's memory: zero-copy rx and tx, the copy of another
 * pool's packets, recycling through a small pool, link events, and every
 * mbuf back after a stop and after the close.
 */
static int
xdp_zero_copy(struct fpk_mempool *mp, const struct veth_peer *p)
{
	struct fpk_mempool *z = xdp_pool("xdp_zc", XDP_ZC_NB, FPK_MBUF_DEFAULT_BUF_SIZE);
	int ret;

	TEST_ASSERT_NOT_NULL(z, "pool: %s", strerror(fpk_errno));
	ret = xdp_zero_copy_run(mp, z, p);
	/* On failure the port may still hold the pool's mbufs: gone before the pool. */
	(void)fpk_vdev_remove("net_af_xdp_t5");
	if (ret == TEST_SUCCESS && fpk_mempool_avail_count(z) != z->size) {
		printf("  %u of %u mbufs of the UMEM pool free after the close\n",
		       fpk_mempool_avail_count(z), z->size);
		ret = TEST_FAILED;
	}
	fpk_mempool_free(z);
	return ret;
}

/* The one AF_XDP socket among this process's descriptors (the port's), or -1. */
static int
xdp_find_socket(void)
{
	struct xdp_options opts;
	int found = -1, nb = 0;

	for (int fd = 0; fd < 1024; fd++) {
		socklen_t len = sizeof(opts);

		if (getsockopt(fd, SOL_XDP, XDP_OPTIONS, &opts, &len) == 0) {
			found = fd;
			nb++;
		}
	}
	return nb == 1 ? found : -1;
}

static int
xdp_zc_queue_held_run(struct fpk_mempool *z, int *hold)
{
	unsigned int ms;
	char *log;
	uint16_t port;
	int fd, ret;

	TEST_RUN(xdp_port_64("net_af_xdp_t8", z, &port));
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start");
	TEST_ASSERT_EQUAL(fpk_mempool_in_use_count(z), 64u, "%u mbufs lent to the fill ring of 64",
			  fpk_mempool_in_use_count(z));
	fd = xdp_find_socket();
	TEST_ASSERT(fd >= 0, "not exactly one AF_XDP socket in the process");
	*hold = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	TEST_ASSERT(*hold >= 0, "dup: %s", strerror(errno));
	ret = xdp_stop_logged(port, "queue 0 of iface=" XDP_FPK " (copy mode) is still held by "
			      "the kernel", &log);
	if (ret == TEST_SUCCESS && strstr(log, "64 mbufs of pool xdp_held") == NULL) {
		printf("  the message does not count 64 mbufs of pool xdp_held:\n%s", log);
		ret = TEST_FAILED;
	}
	if (ret == TEST_SUCCESS &&
	    sscanf(strstr(log, "by the kernel"), "by the kernel %u ms", &ms) != 1)
		ms = 0;
	free(log);
	TEST_RUN(ret);
	TEST_ASSERT_EQUAL(fpk_mempool_in_use_count(z), 64u, "%u mbufs out of the pool after the "
			  "stop, expected the 64 the held queue may still write into",
			  fpk_mempool_in_use_count(z));
	close(*hold);
	*hold = -1;
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_af_xdp_t8"), "remove");
	TEST_ASSERT_EQUAL(fpk_mempool_in_use_count(z), 64u, "%u mbufs out of the pool after the "
			  "close, expected the 64 kept (fewer: given back twice)",
			  fpk_mempool_in_use_count(z));
	printf("  queue held past the stop: given up after %u ms, 64 mbufs kept out of the pool, "
	       "none back at the close\n", ms);
	return TEST_SUCCESS;
}

/*
 * A queue the kernel never lets go of: the test keeps the port's socket
 * open through a second descriptor, so its UMEM stays bound to the queue
 * after the stop. The stop gives up after a second, keeps the 64 mbufs of
 * the fill ring out of the pool and says so; the close gives none back.
 */
static int
xdp_zc_queue_held(void)
{
	struct fpk_mempool *z = xdp_pool("xdp_held", XDP_ZC_NB, FPK_MBUF_DEFAULT_BUF_SIZE);
	int hold = -1, ret;

	TEST_ASSERT_NOT_NULL(z, "pool: %s", strerror(fpk_errno));
	ret = xdp_zc_queue_held_run(z, &hold);
	if (hold >= 0)
		close(hold);
	(void)fpk_vdev_remove("net_af_xdp_t8");
	/* The kept mbufs are lost, as they would be to the application: the pool goes with them. */
	fpk_mempool_free(z);
	return ret;
}

/*
 * An interface gone between probe and start: the start fails, with nothing
 * lent out of the pool, and the port closes.
 */
static int
xdp_zc_iface_gone(struct fpk_mempool *mp)
{
	uint16_t port;
	int ret;

	TEST_ASSERT_EQUAL(VETH_IP("link", "add", "fpkxdp4", "type", "veth", "peer", "name",
				  "fpkxdp5"), 0, "veth fpkxdp4");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_af_xdp_t7", "iface=fpkxdp4", &port), "create");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_configure(port, 1, 1, NULL), "configure");
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_setup(port, 0, 64, FPK_SOCKET_ID_ANY, NULL, mp), "rx");
	TEST_ASSERT_SUCCESS(fpk_eth_tx_queue_setup(port, 0, 64, FPK_SOCKET_ID_ANY, NULL), "tx");
	TEST_ASSERT_EQUAL(VETH_IP("link", "del", "fpkxdp4"), 0, "veth gone");
	ret = fpk_eth_dev_start(port);
	TEST_ASSERT(ret < 0, "started on a deleted interface (%d)", ret);
	TEST_ASSERT_EQUAL(fpk_mempool_in_use_count(mp), 0u, "%u mbufs lent by a failed start",
			  fpk_mempool_in_use_count(mp));
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_af_xdp_t7"), "remove");
	return TEST_SUCCESS;
}

/*
 * A pool whose buffers exceed a page cannot be a UMEM: the pair falls back
 * to a UMEM of its own and copies. Rings of 64 carry 160 frames each way,
 * so its frames are recycled too.
 */
static int
xdp_copy_fallback(const struct veth_peer *p)
{
	struct fpk_mempool *b = xdp_pool("xdp_big", 512, 4096 + FPK_PKTMBUF_HEADROOM);
	struct fpk_ether_addr mac;
	struct fpk_mbuf *m = NULL;
	uint16_t port;
	int ret;

	TEST_ASSERT_NOT_NULL(b, "pool: %s", strerror(fpk_errno));
	ret = xdp_port_64("net_af_xdp_t6", b, &port);
	if (ret == TEST_SUCCESS)
		ret = fpk_eth_macaddr_get(port, &mac) || fpk_eth_dev_start(port) ||
		      xdp_link_wait(port, FPK_ETH_LINK_UP) ? TEST_FAILED : TEST_SUCCESS;
	if (ret == TEST_SUCCESS && fpk_mempool_in_use_count(b) != 0) {
		printf("  %u mbufs lent with a UMEM of its own\n", fpk_mempool_in_use_count(b));
		ret = TEST_FAILED;
	}
	for (int round = 0; round < 20 && ret == TEST_SUCCESS; round++) {
		ret = veth_fpk_to_peer(b, port, 0, p, &mac);
		if (ret == TEST_SUCCESS)
			ret = veth_peer_to_fpk(port, 1, p, &mac);
	}
	if (ret == TEST_SUCCESS)
		ret = xdp_peer_send(p, &mac, 1);
	if (ret == TEST_SUCCESS && veth_gather(port, 1, &m, 1, VETH_WAIT_MS, NULL) == 1) {
		if (m->data_off != FPK_PKTMBUF_HEADROOM) {
			printf("  copied frame at data_off %u, expected %u\n", m->data_off,
			       FPK_PKTMBUF_HEADROOM);
			ret = TEST_FAILED;
		}
		fpk_pktmbuf_free(m);
	} else if (ret == TEST_SUCCESS) {
		ret = TEST_FAILED;
	}
	(void)fpk_vdev_remove("net_af_xdp_t6");
	if (ret == TEST_SUCCESS && fpk_mempool_avail_count(b) != b->size) {
		printf("  %u of %u mbufs free after the close\n", fpk_mempool_avail_count(b),
		       b->size);
		ret = TEST_FAILED;
	}
	fpk_mempool_free(b);
	TEST_ASSERT_SUCCESS(ret, "copy fallback");
	return TEST_SUCCESS;
}

static int
xdp_in_netns(struct fpk_mempool *mp)
{
	struct veth_peer p = { .fd = -1 };
	int fd, ret;

	fd = open("/proc/sys/net/ipv6/conf/default/disable_ipv6", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		/* No neighbour discovery or MLD from the pairs made below. */
		(void)!write(fd, "1", 1);
		close(fd);
	}
	if (VETH_IP("link", "add", XDP_FPK, "type", "veth", "peer", "name", XDP_PEER) != 0)
		return fpk_test_skip("cannot create a veth pair (ip link add ... type veth): "
				     "is the veth module available?");
	TEST_ASSERT_EQUAL(VETH_IP("link", "set", XDP_FPK, "up"), 0, "up " XDP_FPK);
	TEST_ASSERT_EQUAL(VETH_IP("link", "set", XDP_PEER, "up"), 0, "up " XDP_PEER);
	TEST_RUN(xdp_probe_errors());
	ret = veth_peer_open(&p, XDP_PEER);
	if (ret == TEST_SUCCESS)
		ret = xdp_single_queue(mp, &p);
	if (ret == TEST_SUCCESS)
		ret = xdp_empty_pool(mp, &p);
	if (ret == TEST_SUCCESS)
		ret = xdp_small_rings(mp, &p);
	if (ret == TEST_SUCCESS)
		ret = xdp_custom_prog(mp, &p);
	if (ret == TEST_SUCCESS)
		ret = xdp_zero_copy(mp, &p);
	if (ret == TEST_SUCCESS)
		ret = xdp_copy_fallback(&p);
	if (ret == TEST_SUCCESS)
		ret = xdp_zc_iface_gone(mp);
	if (ret == TEST_SUCCESS)
		ret = xdp_zc_queue_held();
	if (p.fd >= 0)
		close(p.fd);
	if (ret == TEST_SUCCESS)
		ret = xdp_two_queues(mp);
	return ret;
}

static int
test_af_xdp(struct fpk_mempool *mp)
{
	int ret, fd;

	ret = veth_prepare("it makes veth pairs in a private network namespace and loads XDP "
			   "programs");
	if (ret != TEST_SUCCESS)
		return ret;
	/* Without the driver the bus refuses the name (EINVAL); with it, the interface is missing. */
	if (fpk_vdev_create("net_af_xdp_probe", "iface=fpknosuch0") == -EINVAL)
		return fpk_test_skip("net_af_xdp is not built in: install libxdp-dev and "
				     "libbpf-dev and reconfigure");
	fd = socket(AF_XDP, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fpk_test_skip("no AF_XDP sockets here (%s): the kernel needs "
				     "CONFIG_XDP_SOCKETS", strerror(errno));
	close(fd);
	return veth_netns_run(xdp_in_netns, mp, XDP_FPK);
}

TEST_ETH_REGISTER(pmd_af_xdp, test_af_xdp)
