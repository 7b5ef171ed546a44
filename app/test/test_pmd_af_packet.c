/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test of net_af_packet on a veth pair. The test moves its thread into a
 * network namespace of its own (unshare(CLONE_NEWNET)) and makes the pair
 * there with ip(8): nothing touches the machine's interfaces, and the
 * namespace, veths included, disappears by itself once the test thread
 * leaves it and the last socket in it is closed, whatever happened (a
 * failed assertion or a crash alike). FPK runs on one end; a raw AF_PACKET
 * socket on the other end checks frames both ways, byte for byte.
 *
 * Skipped, with the reason, when not root, when ip(8) is missing, or when
 * namespaces or veth are not available.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include <fpk_bus_vdev.h>
#include <fpk_eal.h>

#include "test_veth.h"

#define VETH_FPK "fpkafp0"   /* FPK's end */
#define VETH_PEER "fpkafp1"  /* the test socket's end */
#define VETH_DOWN "fpkafp2"  /* a pair left down */
#define VETH_DOWN_PEER "fpkafp3"
#ifndef PACKET_FANOUT_FLAG_IGNORE_OUTGOING /* older <linux/if_packet.h> */
#define PACKET_FANOUT_FLAG_IGNORE_OUTGOING 0x4000
#endif

/* fanout_ignores_outgoing(), probed once the interfaces are up. */
static bool fanout_can_ignore;

/*
 * The number after @key in "ip -d link show @ifname" ("promiscuity 1"):
 * the promiscuity and all-multicast counts socket memberships raise, which
 * the interface flags do not show. @return it, or -1 if not shown.
 */
static int
ip_link_count(const char *ifname, const char *key)
{
	char out[4096];
	const char *p;

	if (veth_run_ip((const char *const[]){ "-d", "link", "show", "dev", ifname, NULL }, out,
		   sizeof(out)) != 0 || (p = strstr(out, key)) == NULL)
		return -1;
	return atoi(p + strlen(key));
}

/* Send a 60-byte frame @id from @src to @dst out of @ifname from a socket of its own. */
static int
send_out_of(const char *ifname, unsigned int id, const struct fpk_ether_addr *dst,
	    const struct fpk_ether_addr *src)
{
	uint8_t buf[60];

	veth_frame_fill(buf, sizeof(buf), id, dst, src);
	return veth_send_raw(ifname, buf, sizeof(buf));
}

/*
 * Whether this kernel makes a fanout group ignore frames sent out of its
 * interface when asked to (PACKET_FANOUT_FLAG_IGNORE_OUTGOING): older ones
 * ignore the flag. Probed on VETH_FPK before the peer socket exists, so
 * the probe's frame reaches no socket the test reads.
 */
static bool
fanout_ignores_outgoing(void)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL),
				   .sll_ifindex = (int)if_nametoindex(VETH_FPK) };
	uint32_t arg = (uint32_t)(PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_IGNORE_OUTGOING |
				  PACKET_FANOUT_FLAG_UNIQUEID) << 16;
	struct fpk_ether_addr a = { { 0x02, 0, 0, 0, 0, 1 } }, b = { { 0x02, 0, 0, 0, 0, 2 } };
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	bool seen = false;

	if (fd < 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll)) != 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_FANOUT, &arg, sizeof(arg)) != 0 ||
	    send_out_of(VETH_FPK, 999, &b, &a) != 0) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		uint8_t buf[VETH_MAX_FRAME];
		ssize_t n;

		if (poll(&pfd, 1, 200) != 1)
			break;
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		seen |= n >= FPK_ETHER_HDR_LEN && ((buf[12] << 8) | buf[13]) == VETH_ETHERTYPE;
	}
	close(fd);
	return !seen;
}

/*
 * A frame another program sends out of VETH_FPK reaches the peer, but no rx
 * queue of @port: rx shows only frames arriving on the interface, with one
 * queue or several (the kernel's own IPv6 solicitations would otherwise
 * show up too).
 */
static int
outgoing_not_seen(uint16_t port, uint16_t nb_q, const struct veth_peer *p,
		  const struct fpk_ether_addr *mac)
{
	struct fpk_mbuf *m;
	uint8_t buf[VETH_MAX_FRAME];
	ssize_t n;

	if (nb_q > 1 && !fanout_can_ignore) {
		printf("  this kernel lacks PACKET_FANOUT_FLAG_IGNORE_OUTGOING: a port with "
		       "several queues also sees frames sent from its interface\n");
		return TEST_SUCCESS;
	}
	TEST_ASSERT_SUCCESS(send_out_of(VETH_FPK, 200, &p->mac, mac), "send from another socket");
	n = veth_peer_recv(p, buf, sizeof(buf));
	TEST_ASSERT(n > 0, "the peer did not get the frame sent out of " VETH_FPK);
	TEST_ASSERT(veth_frame_ok(buf, (uint32_t)n, 60, 200, &p->mac, mac), "peer frame 200");
	/* Taps see a frame before the wire: by now rx would have it. */
	if (veth_gather(port, nb_q, &m, 1, 100, NULL) != 0) {
		fpk_pktmbuf_free(m);
		TEST_ASSERT(false, "rx of a %u-queue port showed a frame sent out of its "
			    "interface by another socket", nb_q);
	}
	return TEST_SUCCESS;
}

static int
probe_errors(void)
{
	static const char *const bad_args[] = {
		"", "qpairs=1", "iface=" VETH_FPK ",qpairs=0", "iface=" VETH_FPK ",qpairs=17",
		"iface=" VETH_FPK ",blocksz=1000", "iface=" VETH_FPK ",framesz=100",
		"iface=" VETH_FPK ",framesz=2050", "iface=" VETH_FPK ",framesz=8192",
		"iface=" VETH_FPK ",framecnt=3", "iface=" VETH_FPK ",framecnt=0",
		"iface=" VETH_FPK ",bogus=1", "iface=an_interface_name_too_long",
	};

	for (size_t i = 0; i < FPK_DIM(bad_args); i++)
		TEST_ASSERT_EQUAL(fpk_vdev_create("net_af_packet_e0", bad_args[i]), -EINVAL,
				  "'%s' accepted", bad_args[i]);
	TEST_ASSERT_EQUAL(fpk_vdev_create("net_af_packet_e0", "iface=fpknosuch0"), -ENODEV,
			  "missing interface");
	TEST_ASSERT_EQUAL(fpk_vdev_create("net_af_packet_e0", "iface=" VETH_DOWN), -ENETDOWN,
			  "interface down");
	return TEST_SUCCESS;
}

/* Promiscuous, all-multicast, MTU and MAC reach the interface. */
static int
iface_settings(uint16_t port)
{
	struct fpk_ether_addr mac, now;
	struct ifreq ifr = { 0 };
	int ret;

	TEST_ASSERT_EQUAL(ip_link_count(VETH_FPK, "promiscuity "), 0, "promiscuous already");
	TEST_ASSERT_SUCCESS(fpk_eth_promiscuous_enable(port), "promiscuous on");
	TEST_ASSERT_EQUAL(ip_link_count(VETH_FPK, "promiscuity "), 1, "not promiscuous");
	TEST_ASSERT_SUCCESS(fpk_eth_promiscuous_disable(port), "promiscuous off");
	TEST_ASSERT_EQUAL(ip_link_count(VETH_FPK, "promiscuity "), 0, "still promiscuous");
	TEST_ASSERT_SUCCESS(fpk_eth_allmulticast_enable(port), "allmulticast on");
	/* Older ip(8) does not show the all-multicast count: then only the calls are checked. */
	if (ip_link_count(VETH_FPK, "allmulti ") >= 0)
		TEST_ASSERT_EQUAL(ip_link_count(VETH_FPK, "allmulti "), 1, "not all-multicast");
	TEST_ASSERT_SUCCESS(fpk_eth_allmulticast_disable(port), "allmulticast off");
	if (ip_link_count(VETH_FPK, "allmulti ") >= 0)
		TEST_ASSERT_EQUAL(ip_link_count(VETH_FPK, "allmulti "), 0, "still all-multicast");

	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_mtu(port, 1400), "MTU 1400");
	TEST_ASSERT_SUCCESS(veth_if_ioctl(VETH_FPK, SIOCGIFMTU, &ifr), "SIOCGIFMTU");
	TEST_ASSERT_EQUAL(ifr.ifr_mtu, 1400, "interface MTU %d", ifr.ifr_mtu);
	TEST_ASSERT_EQUAL(fpk_eth_dev_set_mtu(port, 9000), -EINVAL, "MTU beyond framesz");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_mtu(port, 1500), "MTU back to 1500");

	TEST_ASSERT_SUCCESS(fpk_ether_unformat_addr("02:00:00:fa:fb:fc", &mac), "parse");
	ret = fpk_eth_dev_default_mac_addr_set(port, &mac);
	TEST_ASSERT_SUCCESS(ret, "MAC set: %d", ret);
	TEST_ASSERT_SUCCESS(veth_if_mac(VETH_FPK, &now), "interface MAC");
	TEST_ASSERT(fpk_is_same_ether_addr(&mac, &now), "interface MAC not changed");
	return TEST_SUCCESS;
}

static int
single_queue(struct fpk_mempool *mp, const struct veth_peer *p)
{
	struct fpk_ether_addr mac, ifmac;
	struct fpk_mbuf *big;
	struct fpk_eth_stats st;
	struct fpk_eth_link link;
	uint64_t obytes = 0;
	uint16_t port, mtu;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_af_packet_t0", "iface=" VETH_FPK, &port),
			    "create on " VETH_FPK);
	TEST_ASSERT_SUCCESS(fpk_eth_macaddr_get(port, &mac), "MAC");
	TEST_ASSERT_SUCCESS(veth_if_mac(VETH_FPK, &ifmac), "interface MAC");
	TEST_ASSERT(fpk_is_same_ether_addr(&mac, &ifmac), "port MAC is not the interface's");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_get_mtu(port, &mtu), "MTU");
	TEST_ASSERT_EQUAL(mtu, 1500, "MTU %u", mtu);
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	TEST_ASSERT_SUCCESS(fpk_eth_link_get(port, &link), "link");
	TEST_ASSERT_EQUAL(link.link_status, FPK_ETH_LINK_UP, "link down");

	TEST_RUN(veth_fpk_to_peer(mp, port, 0, p, &mac));
	TEST_RUN(veth_peer_to_fpk(port, 1, p, &mac));
	TEST_RUN(outgoing_not_seen(port, 1, p, &mac));
	/* A frame beyond the MTU is dropped and counted, not sent. */
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, &big, 1, 1600, 0), "make");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, &big, 1), 1, "tx too long");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	for (unsigned int i = 0; i < VETH_NB_FRAMES; i++)
		obytes += veth_frame_lens[i];
	TEST_ASSERT(st.opackets == VETH_NB_FRAMES && st.obytes == obytes && st.oerrors == 1,
		    "tx %lu pkts %lu bytes %lu errors", (unsigned long)st.opackets,
		    (unsigned long)st.obytes, (unsigned long)st.oerrors);
	TEST_ASSERT(st.ipackets >= VETH_NB_FRAMES && st.ierrors == 0 && st.rx_nombuf == 0,
		    "rx %lu pkts %lu errors", (unsigned long)st.ipackets,
		    (unsigned long)st.ierrors);

	TEST_RUN(iface_settings(port));
	TEST_ASSERT_SUCCESS(fpk_eth_macaddr_get(port, &mac), "MAC");
	/* The port still works, with its new MAC, after a restart. */
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "restart");
	TEST_RUN(veth_fpk_to_peer(mp, port, 0, p, &mac));
	TEST_RUN(veth_peer_to_fpk(port, 1, p, &mac));
	/* Queues set up again take the rings up where the kernel is, not at slot 0. */
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_setup(port, 0, 0, FPK_SOCKET_ID_ANY, NULL, mp),
			    "rx queue set up again");
	TEST_ASSERT_SUCCESS(fpk_eth_tx_queue_setup(port, 0, 0, FPK_SOCKET_ID_ANY, NULL),
			    "tx queue set up again");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start with the new queues");
	TEST_RUN(veth_fpk_to_peer(mp, port, 0, p, &mac));
	TEST_RUN(veth_peer_to_fpk(port, 1, p, &mac));

	/* The peer going down takes the carrier away; the kernel's link watch
	 * reports it asynchronously (within about a second), so poll. */
	TEST_ASSERT_EQUAL(VETH_IP("link", "set", VETH_PEER, "down"), 0, "peer down");
	for (int i = 0; i < 30; i++) {
		TEST_ASSERT_SUCCESS(fpk_eth_link_get_nowait(port, &link), "link");
		if (link.link_status == FPK_ETH_LINK_DOWN)
			break;
		fpk_delay_ms_sleep(100);
	}
	TEST_ASSERT_EQUAL(link.link_status, FPK_ETH_LINK_DOWN, "link up with the peer down");
	TEST_ASSERT_EQUAL(VETH_IP("link", "set", VETH_PEER, "up"), 0, "peer up");
	TEST_ASSERT_SUCCESS(fpk_eth_link_get(port, &link), "link");
	TEST_ASSERT_EQUAL(link.link_status, FPK_ETH_LINK_UP, "link down with the peer up");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_af_packet_t0"), "remove");
	return TEST_SUCCESS;
}

static int
two_queues(struct fpk_mempool *mp, const struct veth_peer *p)
{
	struct fpk_ether_addr mac;
	uint16_t port;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_af_packet_t1", "iface=" VETH_FPK ",qpairs=2",
					       &port), "create with qpairs=2");
	TEST_ASSERT_SUCCESS(fpk_eth_macaddr_get(port, &mac), "MAC");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 2, 2, NULL, mp), "start");
	TEST_RUN(veth_fpk_to_peer(mp, port, 0, p, &mac));
	TEST_RUN(veth_fpk_to_peer(mp, port, 1, p, &mac));
	/* The fanout group spreads flows over both queues; all frames arrive once. */
	TEST_RUN(veth_peer_to_fpk(port, 2, p, &mac));
	TEST_RUN(outgoing_not_seen(port, 2, p, &mac));
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_af_packet_t1"), "remove");
	return TEST_SUCCESS;
}

/* Send @count 60-byte frames, ids from @first, on queue 0, retrying while slots are busy. */
static int
tx_small(struct fpk_mempool *mp, uint16_t port, const struct veth_peer *p,
	 const struct fpk_ether_addr *mac, unsigned int count, unsigned int first)
{
	struct fpk_mbuf *pkts[64];
	uint8_t buf[60];
	unsigned int sent = 0;

	TEST_ASSERT(count <= FPK_DIM(pkts), "count %u", count);
	for (unsigned int i = 0; i < count; i++) {
		pkts[i] = fpk_pktmbuf_alloc(mp);
		TEST_ASSERT_NOT_NULL(pkts[i], "alloc");
		veth_frame_fill(buf, sizeof(buf), first + i, &p->mac, mac);
		memcpy(fpk_pktmbuf_append(pkts[i], sizeof(buf)), buf, sizeof(buf));
	}
	for (int t = 0; t < VETH_WAIT_MS && sent < count; t++) {
		sent += fpk_eth_tx_burst(port, 0, pkts + sent, (uint16_t)(count - sent));
		if (sent < count)
			usleep(1000);
	}
	fpk_pktmbuf_free_bulk(pkts + sent, count - sent);
	TEST_ASSERT_EQUAL(sent, count, "tx took %u of %u frames", sent, count);
	return TEST_SUCCESS;
}

/* The peer receives 60-byte frames @first .. @first + @count - 1, in order. */
static int
peer_expect(const struct veth_peer *p, const struct fpk_ether_addr *mac, unsigned int count,
	    unsigned int first)
{
	uint8_t buf[VETH_MAX_FRAME];

	for (unsigned int i = 0; i < count; i++) {
		ssize_t n = veth_peer_recv(p, buf, sizeof(buf));

		TEST_ASSERT(n > 0, "peer got %u of %u frames from %u", i, count, first);
		TEST_ASSERT(veth_frame_ok(buf, (uint32_t)n, 60, first + i, &p->mac, mac),
			    "frame %u", first + i);
	}
	return TEST_SUCCESS;
}

/* A tx ring of 32 slots: whole-ring bursts, and a ring full of failed kicks. */
static int
tx_ring_edges(struct fpk_mempool *mp, uint16_t port, const struct veth_peer *p,
	      const struct fpk_ether_addr *mac)
{
	struct fpk_eth_link link;
	struct fpk_mbuf *one;

	/* A burst of exactly 32 brings the tx index back to where it was. */
	TEST_RUN(tx_small(mp, port, p, mac, 32, 0));
	TEST_RUN(peer_expect(p, mac, 32, 0));
	TEST_RUN(tx_small(mp, port, p, mac, 32, 32));
	TEST_RUN(peer_expect(p, mac, 32, 32));
	/* With the interface down every kick fails: the ring fills with requests. */
	TEST_ASSERT_EQUAL(VETH_IP("link", "set", VETH_FPK, "down"), 0, "down");
	TEST_RUN(tx_small(mp, port, p, mac, 32, 64));
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, &one, 1, 60, 0), "make");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, &one, 1), 0, "tx into a full ring");
	TEST_ASSERT_EQUAL(VETH_IP("link", "set", VETH_FPK, "up"), 0, "up");
	/* Until the kernel reports it running, its queue discipline still drops frames. */
	TEST_ASSERT_SUCCESS(fpk_eth_link_get(port, &link), "link");
	TEST_ASSERT_EQUAL(link.link_status, FPK_ETH_LINK_UP, "link down after up");
	/* A burst that finds the ring full of unsent requests kicks them out. */
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, &one, 1), 0, "tx into a full ring");
	fpk_pktmbuf_free(one);
	TEST_RUN(peer_expect(p, mac, 32, 64));
	TEST_RUN(tx_small(mp, port, p, mac, 1, 96));
	TEST_RUN(peer_expect(p, mac, 1, 96));
	return TEST_SUCCESS;
}

/* Small slots: frames that do not fit are errors; a full ring counts kernel drops. */
static int
small_ring(struct fpk_mempool *mp, const struct veth_peer *p)
{
	struct fpk_mbuf *pkts[64];
	struct fpk_ether_addr mac;
	struct fpk_eth_stats st;
	uint8_t buf[1000];
	unsigned int got;
	uint16_t port, mtu;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_af_packet_t2", "iface=" VETH_FPK
					       ",framesz=1024,framecnt=32", &port), "create");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_get_mtu(port, &mtu), "MTU");
	TEST_ASSERT(mtu < 1000, "MTU %u does not fit 1024-byte slots", mtu);
	TEST_ASSERT_SUCCESS(fpk_eth_macaddr_get(port, &mac), "MAC");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	veth_frame_fill(buf, sizeof(buf), 0, &mac, &p->mac);
	TEST_ASSERT_EQUAL(send(p->fd, buf, sizeof(buf), 0), (ssize_t)sizeof(buf), "send");
	/* Then 40 small frames into 32 slots, without FPK reading. */
	for (unsigned int i = 0; i < 40; i++) {
		veth_frame_fill(buf, 60, i, &mac, &p->mac);
		TEST_ASSERT_EQUAL(send(p->fd, buf, 60, 0), 60, "send %u", i);
	}
	usleep(100 * 1000);
	got = veth_gather(port, 1, pkts, 64, VETH_WAIT_MS, NULL);
	fpk_pktmbuf_free_bulk(pkts, got);
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT_EQUAL(st.ierrors, 1, "the cut 1000-byte frame: %lu errors",
			  (unsigned long)st.ierrors);
	TEST_ASSERT(got == 31 && st.imissed >= 9, "got %u frames, %lu missed (32 slots, 41 sent)",
		    got, (unsigned long)st.imissed);
	TEST_ASSERT_SUCCESS(fpk_eth_stats_reset(port), "reset");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.imissed == 0 && st.ierrors == 0 && st.ipackets == 0, "not reset");
	TEST_RUN(tx_ring_edges(mp, port, p, &mac));
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_af_packet_t2"), "remove");
	return TEST_SUCCESS;
}

/*
 * With the pool empty, rx leaves an arrived frame in its slot and counts
 * each allocation it tried in rx_nombuf; once mbufs are back, the frame
 * arrives intact and the count stays.
 */
static int
empty_pool(struct fpk_mempool *mp, const struct veth_peer *p)
{
	struct fpk_eth_stats st;
	uint16_t port;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_af_packet_t3", "iface=" VETH_FPK, &port),
			    "create");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	TEST_RUN(veth_nombuf_check(port, mp, p));
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.rx_nombuf == 3 && st.ipackets == 1, "rx_nombuf %lu ipackets %lu after "
		    "the pool refilled", (unsigned long)st.rx_nombuf, (unsigned long)st.ipackets);
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_af_packet_t3"), "remove");
	return TEST_SUCCESS;
}

/*
 * Without IPv6 the kernel sends no neighbour discovery or MLD into the
 * test, whose counts of received frames would be off by them. The sysctls
 * (opened now, they belong to this thread's new namespace) cover every
 * interface made later; where /proc/sys is read-only, silence_iface()
 * still works. @return whether both were set.
 */
static bool
ipv6_off(void)
{
	static const char *const knobs[] = { "/proc/sys/net/ipv6/conf/all/disable_ipv6",
					     "/proc/sys/net/ipv6/conf/default/disable_ipv6" };
	bool ok = true;

	for (size_t i = 0; i < FPK_DIM(knobs); i++) {
		int fd = open(knobs[i], O_WRONLY | O_CLOEXEC);

		if (fd < 0 || write(fd, "1", 1) != 1)
			ok = false;
		if (fd >= 0)
			close(fd);
	}
	return ok;
}

/*
 * No IPv6 address on @ifname (set before it comes up), hence no duplicate
 * address detection, router solicitation or MLD report from it even with
 * IPv6 on. @return ip(8)'s status.
 */
static int
silence_iface(const char *ifname)
{
	return VETH_IP("link", "set", "dev", ifname, "addrgenmode", "none");
}

/* Everything that runs inside the private namespace. */
static int
in_netns(struct fpk_mempool *mp)
{
	static const char *const ifaces[] = { VETH_FPK, VETH_PEER, VETH_DOWN, VETH_DOWN_PEER };
	struct veth_peer p = { .fd = -1 };
	bool v6_off = ipv6_off();
	int ret;

	if (VETH_IP("link", "add", VETH_FPK, "type", "veth", "peer", "name", VETH_PEER) != 0)
		return fpk_test_skip("cannot create a veth pair (ip link add ... type veth): "
				     "is the veth module available?");
	TEST_ASSERT_EQUAL(VETH_IP("link", "add", VETH_DOWN, "type", "veth", "peer", "name",
			     VETH_DOWN_PEER), 0, "second veth pair");
	for (size_t i = 0; i < FPK_DIM(ifaces); i++)
		if (silence_iface(ifaces[i]) != 0 && !v6_off)
			printf("  could not keep IPv6 off %s (read-only /proc/sys, and ip(8) "
			       "without addrgenmode): expect stray frames\n", ifaces[i]);
	TEST_ASSERT_EQUAL(VETH_IP("link", "set", VETH_FPK, "up"), 0, "up " VETH_FPK);
	TEST_ASSERT_EQUAL(VETH_IP("link", "set", VETH_PEER, "up"), 0, "up " VETH_PEER);
	TEST_RUN(probe_errors());
	fanout_can_ignore = fanout_ignores_outgoing();
	ret = veth_peer_open(&p, VETH_PEER);
	if (ret == TEST_SUCCESS)
		ret = single_queue(mp, &p);
	if (ret == TEST_SUCCESS)
		ret = two_queues(mp, &p);
	if (ret == TEST_SUCCESS)
		ret = small_ring(mp, &p);
	if (ret == TEST_SUCCESS)
		ret = empty_pool(mp, &p);
	if (p.fd >= 0)
		close(p.fd);
	return ret;
}

/* Whether the PMD's rings can be set up at all (errno says why not). */
static bool
packet_rings_work(void)
{
	int version = TPACKET_V2, fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0), ret;

	if (fd < 0)
		return false;
	ret = setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof(version));
	if (ret != 0) {
		int err = errno;

		close(fd);
		errno = err;
		return false;
	}
	close(fd);
	return true;
}

static int
test_af_packet(struct fpk_mempool *mp)
{
	int ret = veth_prepare("it makes a veth pair in a private network namespace");

	if (ret != TEST_SUCCESS)
		return ret;
	if (!packet_rings_work())
		return fpk_test_skip("no AF_PACKET socket with TPACKET_V2 rings here "
				     "(socket or PACKET_VERSION: %s); qemu-user does not "
				     "emulate the packet ring options", strerror(errno));
	return veth_netns_run(in_netns, mp, VETH_FPK);
}

TEST_ETH_REGISTER(pmd_af_packet, test_af_packet)
