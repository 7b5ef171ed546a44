/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers of the PMD tests on veth pairs (test_veth.h): one copy of the
 * namespace, ip(8), ioctl and test-frame code of test_pmd_af_packet.c and
 * test_pmd_af_xdp.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/if_packet.h>

#include "test_veth.h"

const uint16_t veth_frame_lens[8] = { 60, 61, 64, 100, 128, 512, 1000, 1514 };

static const char *veth_ip_cmd;

int
veth_prepare(const char *why)
{
	static const char *const ip_paths[] = { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip",
						"/bin/ip" };

	if (geteuid() != 0)
		return fpk_test_skip("needs root: %s", why);
	veth_ip_cmd = NULL;
	for (size_t i = 0; i < FPK_DIM(ip_paths) && veth_ip_cmd == NULL; i++)
		if (access(ip_paths[i], X_OK) == 0)
			veth_ip_cmd = ip_paths[i];
	if (veth_ip_cmd == NULL)
		return fpk_test_skip("ip(8) is missing: install iproute2");
	return TEST_SUCCESS;
}

int
veth_netns_run(test_eth_body_t body, struct fpk_mempool *mp, const char *ifname)
{
	int orig, ret;

	orig = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	TEST_ASSERT(orig >= 0, "cannot open this thread's network namespace: %s",
		    strerror(errno));
	/* Only this thread moves; ip(8), forked from it, starts in the new namespace too. */
	if (unshare(CLONE_NEWNET) != 0) {
		close(orig);
		return fpk_test_skip("cannot make a network namespace (%s): no CAP_SYS_ADMIN here?",
				     strerror(errno));
	}
	ret = body(mp);
	if (setns(orig, CLONE_NEWNET) != 0) {
		/* The rest of fpk-test must not run in the wrong namespace. */
		fprintf(stderr, "fpk-test: cannot return to the original network namespace: %s\n",
			strerror(errno));
		abort();
	}
	close(orig);
	TEST_ASSERT_EQUAL(if_nametoindex(ifname), 0u, "%s leaked into the host namespace", ifname);
	return ret;
}

int
veth_run_ip(const char *const args[], char *out, size_t size)
{
	const char *argv[20] = { veth_ip_cmd };
	char sink[256];
	int status, pfd[2];
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	for (unsigned int i = 0; args[i] != NULL && i + 2 < FPK_DIM(argv); i++)
		argv[i + 1] = args[i];
	if (pipe2(pfd, O_CLOEXEC) != 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(pfd[1], STDOUT_FILENO);
		dup2(pfd[1], STDERR_FILENO);
		execv(veth_ip_cmd, (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);
	/* Read to the end so ip(8) never blocks on a full pipe; keep what fits. */
	while ((n = read(pfd[0], sink, sizeof(sink))) > 0) {
		size_t keep = out ? FPK_MIN((size_t)n, size - 1 - len) : 0;

		memcpy(out + len, sink, keep);
		len += keep;
	}
	close(pfd[0]);
	if (out)
		out[len] = '\0';
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int
veth_if_ioctl(const char *ifname, unsigned long req, struct ifreq *ifr)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret = 0;

	if (fd < 0)
		return -errno;
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", ifname);
	if (ioctl(fd, req, ifr) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

int
veth_if_mac(const char *ifname, struct fpk_ether_addr *mac)
{
	struct ifreq ifr = { 0 };
	int ret = veth_if_ioctl(ifname, SIOCGIFHWADDR, &ifr);

	if (ret == 0)
		memcpy(mac->addr_bytes, ifr.ifr_hwaddr.sa_data, FPK_ETHER_ADDR_LEN);
	return ret;
}

void
veth_frame_fill(uint8_t *buf, uint16_t len, unsigned int id, const struct fpk_ether_addr *dst,
		const struct fpk_ether_addr *src)
{
	memcpy(buf, dst->addr_bytes, FPK_ETHER_ADDR_LEN);
	memcpy(buf + FPK_ETHER_ADDR_LEN, src->addr_bytes, FPK_ETHER_ADDR_LEN);
	buf[12] = VETH_ETHERTYPE >> 8;
	buf[13] = VETH_ETHERTYPE & 0xff;
	for (unsigned int j = FPK_ETHER_HDR_LEN; j < len; j++)
		buf[j] = (uint8_t)(id * 31 + j);
}

bool
veth_frame_ok(const uint8_t *got, uint32_t got_len, uint16_t len, unsigned int id,
	      const struct fpk_ether_addr *dst, const struct fpk_ether_addr *src)
{
	uint8_t want[VETH_MAX_FRAME + 100];
	unsigned int off = 0;

	veth_frame_fill(want, len, id, dst, src);
	if (got_len == len && memcmp(got, want, len) == 0)
		return true;
	while (off < FPK_MIN(got_len, len) && got[off] == want[off])
		off++;
	printf("  frame %u: %u bytes, expected %u%s\n", id, got_len, len,
	       got_len == len ? ", contents differ" : "");
	/* Enough to tell whose frame it was: addresses, type, first difference. */
	printf("  got  %02x%02x%02x%02x%02x%02x %02x%02x%02x%02x%02x%02x %02x%02x "
	       "%02x%02x%02x%02x; byte %u 0x%02x\n", got[0], got[1], got[2], got[3],
	       got[4], got[5], got[6], got[7], got[8], got[9], got[10], got[11], got[12],
	       got[13], got[14], got[15], got[16], got[17], off, got[off]);
	printf("  want %02x%02x%02x%02x%02x%02x %02x%02x%02x%02x%02x%02x %02x%02x "
	       "%02x%02x%02x%02x; byte %u 0x%02x\n", want[0], want[1], want[2],
	       want[3], want[4], want[5], want[6], want[7], want[8], want[9], want[10],
	       want[11], want[12], want[13], want[14], want[15], want[16], want[17],
	       off, want[off]);
	return false;
}

int
veth_peer_open(struct veth_peer *p, const char *ifname)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(VETH_ETHERTYPE),
				   .sll_ifindex = (int)if_nametoindex(ifname) };
	socklen_t len = sizeof(sll);

	TEST_ASSERT(sll.sll_ifindex > 0, "no %s", ifname);
	p->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(VETH_ETHERTYPE));
	TEST_ASSERT(p->fd >= 0, "peer socket: %s", strerror(errno));
	TEST_ASSERT_SUCCESS(bind(p->fd, (struct sockaddr *)&sll, sizeof(sll)), "peer bind: %s",
			    strerror(errno));
	TEST_ASSERT_SUCCESS(getsockname(p->fd, (struct sockaddr *)&sll, &len), "peer address");
	memcpy(p->mac.addr_bytes, sll.sll_addr, FPK_ETHER_ADDR_LEN);
	return TEST_SUCCESS;
}

ssize_t
veth_peer_recv(const struct veth_peer *p, uint8_t *buf, size_t size)
{
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };

	for (int tries = 0; tries < 2; tries++) {
		ssize_t n;

		if (poll(&pfd, 1, VETH_WAIT_MS) != 1)
			return -1;
		n = recv(p->fd, buf, size, MSG_DONTWAIT);
		if (n >= 0 || errno != ENETDOWN)
			return n;
	}
	return -1;
}

int
veth_send_raw(const char *ifname, const uint8_t *buf, size_t len)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_ifindex = (int)if_nametoindex(ifname) };
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0), ret = 0;

	if (fd < 0)
		return -errno;
	if (sendto(fd, buf, len, 0, (struct sockaddr *)&sll, sizeof(sll)) != (ssize_t)len)
		ret = -EIO;
	close(fd);
	return ret;
}

int
veth_fpk_to_peer(struct fpk_mempool *mp, uint16_t port, uint16_t q, const struct veth_peer *p,
		 const struct fpk_ether_addr *mac)
{
	struct fpk_mbuf *pkts[VETH_NB_FRAMES];
	uint8_t buf[VETH_MAX_FRAME + 100];

	for (unsigned int i = 0; i < VETH_NB_FRAMES; i++) {
		pkts[i] = fpk_pktmbuf_alloc(mp);
		TEST_ASSERT_NOT_NULL(pkts[i], "alloc");
		veth_frame_fill(buf, veth_frame_lens[i], i, &p->mac, mac);
		if (veth_frame_lens[i] == 1000) {
			struct fpk_mbuf *tail = fpk_pktmbuf_alloc(mp);

			TEST_ASSERT_NOT_NULL(tail, "alloc");
			memcpy(fpk_pktmbuf_append(pkts[i], 400), buf, 400);
			memcpy(fpk_pktmbuf_append(tail, 600), buf + 400, 600);
			TEST_ASSERT_SUCCESS(fpk_pktmbuf_chain(pkts[i], tail), "chain");
		} else {
			memcpy(fpk_pktmbuf_append(pkts[i], veth_frame_lens[i]), buf,
			       veth_frame_lens[i]);
		}
	}
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, q, pkts, VETH_NB_FRAMES), VETH_NB_FRAMES, "tx");
	for (unsigned int i = 0; i < VETH_NB_FRAMES; i++) {
		ssize_t n = veth_peer_recv(p, buf, sizeof(buf));

		TEST_ASSERT(n > 0, "peer got %u of %zu frames from queue %u", i, VETH_NB_FRAMES, q);
		TEST_ASSERT(veth_frame_ok(buf, (uint32_t)n, veth_frame_lens[i], i, &p->mac, mac),
			    "peer frame %u", i);
	}
	return TEST_SUCCESS;
}

unsigned int
veth_gather(uint16_t port, uint16_t nb_q, struct fpk_mbuf **pkts, unsigned int want,
	    int wait_ms, unsigned int *per_q)
{
	unsigned int got = 0;

	for (int t = 0; t < wait_ms && got < want; t++) {
		for (uint16_t q = 0; q < nb_q; q++) {
			struct fpk_mbuf *burst[TEST_ETH_BURST];
			uint16_t n = fpk_eth_rx_burst(port, q, burst, TEST_ETH_BURST);

			for (uint16_t i = 0; i < n; i++) {
				const uint8_t *d = fpk_pktmbuf_mtod(burst[i], const uint8_t *);

				if (got < want && burst[i]->data_len >= FPK_ETHER_HDR_LEN &&
				    ((d[12] << 8) | d[13]) == VETH_ETHERTYPE) {
					pkts[got++] = burst[i];
					if (per_q != NULL)
						per_q[q]++;
				} else {
					fpk_pktmbuf_free(burst[i]);
				}
			}
		}
		if (got < want)
			usleep(1000);
	}
	return got;
}

int
veth_peer_to_fpk(uint16_t port, uint16_t nb_q, const struct veth_peer *p,
		 const struct fpk_ether_addr *mac)
{
	struct fpk_mbuf *pkts[VETH_NB_FRAMES];
	uint8_t buf[VETH_MAX_FRAME];
	int ret = TEST_SUCCESS;
	unsigned int got;

	for (unsigned int i = 0; i < VETH_NB_FRAMES; i++) {
		veth_frame_fill(buf, veth_frame_lens[i], i, mac, &p->mac);
		TEST_ASSERT_EQUAL(send(p->fd, buf, veth_frame_lens[i], 0), veth_frame_lens[i],
				  "peer send: %s", strerror(errno));
	}
	got = veth_gather(port, nb_q, pkts, VETH_NB_FRAMES, VETH_WAIT_MS, NULL);
	for (unsigned int i = 0; i < got; i++) {
		const struct fpk_mbuf *m = pkts[i];

		if (ret == TEST_SUCCESS &&
		    (m->nb_segs != 1 || m->port != port ||
		     !veth_frame_ok(fpk_pktmbuf_mtod(m, const uint8_t *), m->pkt_len,
				    veth_frame_lens[i], i, mac, &p->mac)))
			ret = TEST_FAILED;
	}
	fpk_pktmbuf_free_bulk(pkts, got);
	TEST_ASSERT_EQUAL(got, VETH_NB_FRAMES, "FPK got %u of %zu frames", got, VETH_NB_FRAMES);
	return ret;
}

short
veth_if_flags(const char *ifname)
{
	struct ifreq ifr = { 0 };

	return veth_if_ioctl(ifname, SIOCGIFFLAGS, &ifr) == 0 ? ifr.ifr_flags : 0;
}

int
veth_if_mtu(const char *ifname)
{
	struct ifreq ifr = { 0 };

	return veth_if_ioctl(ifname, SIOCGIFMTU, &ifr) == 0 ? ifr.ifr_mtu : -1;
}

int
veth_nombuf_check(uint16_t port, struct fpk_mempool *mp, const struct veth_peer *p)
{
	static struct fpk_mbuf *held[TEST_ETH_NB_MBUF];
	struct fpk_mbuf *pkts[TEST_ETH_BURST], *m = NULL;
	struct fpk_eth_stats st = { 0 };
	struct fpk_ether_addr mac;
	unsigned int nb_held, got = 0;
	uint8_t buf[60];

	TEST_ASSERT_SUCCESS(fpk_eth_macaddr_get(port, &mac), "MAC");
	veth_frame_fill(buf, sizeof(buf), 7, &mac, &p->mac);
	/* The frame waits in the rx ring: nothing polls the port yet. */
	TEST_ASSERT_EQUAL(send(p->fd, buf, sizeof(buf), 0), (ssize_t)sizeof(buf), "send");
	nb_held = fpk_mempool_avail_count(mp);
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_alloc_bulk(mp, held, nb_held), "empty the pool");
	/* Three bursts that find the frame: three failed allocations. */
	for (int t = 0; t < VETH_WAIT_MS && st.rx_nombuf < 3 && got == 0; t++) {
		got = fpk_eth_rx_burst(port, 0, pkts, TEST_ETH_BURST);
		fpk_eth_stats_get(port, &st);
		usleep(1000);
	}
	fpk_pktmbuf_free_bulk(held, nb_held);
	TEST_ASSERT_EQUAL(got, 0u, "an empty pool gave %u packets", got);
	TEST_ASSERT(st.rx_nombuf == 3 && st.ipackets == 0, "rx_nombuf %lu ipackets %lu, "
		    "expected 3 and 0", (unsigned long)st.rx_nombuf, (unsigned long)st.ipackets);
	TEST_ASSERT_EQUAL(veth_gather(port, 1, &m, 1, VETH_WAIT_MS, NULL), 1u,
			  "the frame was lost");
	TEST_ASSERT(veth_frame_ok(fpk_pktmbuf_mtod(m, const uint8_t *), m->pkt_len, sizeof(buf), 7,
				  &mac, &p->mac), "frame after the pool refilled");
	fpk_pktmbuf_free(m);
	return TEST_SUCCESS;
}
