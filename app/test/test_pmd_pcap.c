/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of net_pcap. Input files are written here by hand, in the pcap
 * format itself, and output files read back with libpcap, so neither side
 * trusts the driver's own use of libpcap. Covered: rx byte for byte
 * (jumbo frames chained over mbufs), the end of a file, replay after a
 * restart, tx of single and chained packets into a file, infinite_rx,
 * several queues, an empty pool (RX-nombuf, no frame lost), a loop through
 * the loopback interface (skipped without CAP_NET_RAW), and argument and
 * file errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap.h>

#include <fpk_bus_vdev.h>
#include <fpk_eal.h>

#include "test_ethdev.h"

/* Longer than one mbuf of the tests' pool: rx chains them. */
static const uint32_t frame_lens[] = { 60, 61, 64, 100, 1514, 9000, 128 };
#define NB_FRAMES FPK_DIM(frame_lens)
#define MAX_FRAME 9000

static char dir[64];

/* Byte j of frame i of file @seed. */
static uint8_t
frame_byte(unsigned int seed, unsigned int i, uint32_t j)
{
	return (uint8_t)(seed * 31 + i * 7 + j * 3 + 1);
}

static void
path_of(char *path, size_t size, const char *file)
{
	snprintf(path, size, "%s/%s", dir, file);
}

/* The files the tests write, removed with their directory at exit. */
static const char *const files[] = {
	"in.pcap", "out.pcap", "inf.pcap", "empty.pcap", "a.pcap", "b.pcap", "c.pcap",
	"d.pcap", "nb.pcap", "garbage.pcap",
};

static void
dir_remove(void)
{
	char path[128];

	for (size_t i = 0; i < FPK_DIM(files); i++) {
		path_of(path, sizeof(path), files[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* A scratch directory for the tests' files, made by the first test that runs. */
static int
dir_make(void)
{
	if (dir[0] != '\0')
		return 0;
	snprintf(dir, sizeof(dir), "/tmp/fpk-test-pcap.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		printf("mkdtemp %s: %s\n", dir, strerror(errno));
		dir[0] = '\0';
		return -1;
	}
	atexit(dir_remove);
	return 0;
}

/*
 * Write @file in the pcap format (microseconds, Ethernet), @nb frames of
 * @lens bytes made by frame_byte(@seed, ...). @return 0 or -1.
 */
static int
pcap_file_write(const char *file, unsigned int seed, const uint32_t *lens, unsigned int nb)
{
	static uint8_t buf[MAX_FRAME];
	const uint32_t hdr[6] = { 0xa1b2c3d4, 2 | 4 << 16, 0, 0, 65535, 1 };
	char path[128];
	FILE *f;
	int ret = 0;

	if (dir_make() != 0)
		return -1;
	path_of(path, sizeof(path), file);
	f = fopen(path, "wb");
	if (f == NULL)
		return -1;
	if (fwrite(hdr, sizeof(hdr), 1, f) != 1)
		ret = -1;
	for (unsigned int i = 0; i < nb && ret == 0; i++) {
		const uint32_t rec[4] = { 1700000000 + i, i, lens[i], lens[i] };

		for (uint32_t j = 0; j < lens[i]; j++)
			buf[j] = frame_byte(seed, i, j);
		if (fwrite(rec, sizeof(rec), 1, f) != 1 || fwrite(buf, lens[i], 1, f) != 1)
			ret = -1;
	}
	if (fclose(f) != 0)
		ret = -1;
	return ret;
}

/* Frame @i of file @seed, @len bytes, in packet @m (chained or not)? */
static bool
frame_ok(const struct fpk_mbuf *m, unsigned int seed, unsigned int i, uint32_t len)
{
	static uint8_t buf[MAX_FRAME];
	const uint8_t *p;

	if (m->pkt_len != len) {
		printf("frame %u: %u bytes, expected %u\n", i, m->pkt_len, len);
		return false;
	}
	p = fpk_pktmbuf_read(m, 0, len, buf);
	for (uint32_t j = 0; j < len; j++) {
		if (p[j] != frame_byte(seed, i, j)) {
			printf("frame %u byte %u: 0x%02x, expected 0x%02x\n", i, j, p[j],
			       frame_byte(seed, i, j));
			return false;
		}
	}
	return true;
}

/* The packet @m, made by hand: @len bytes of frame @i of @seed over @nb_segs segments. */
static struct fpk_mbuf *
pkt_make(struct fpk_mempool *mp, unsigned int seed, unsigned int i, uint32_t len,
	 unsigned int nb_segs)
{
	struct fpk_mbuf *head = NULL;
	uint32_t off = 0;

	for (unsigned int s = 0; s < nb_segs; s++) {
		uint32_t n = (len - off) / (nb_segs - s);
		struct fpk_mbuf *m = fpk_pktmbuf_alloc(mp);
		uint8_t *p = m != NULL ? (uint8_t *)fpk_pktmbuf_append(m, (uint16_t)n) : NULL;

		if (p == NULL) {
			fpk_pktmbuf_free(m);
			fpk_pktmbuf_free(head);
			return NULL;
		}
		for (uint32_t j = 0; j < n; j++)
			p[j] = frame_byte(seed, i, off + j);
		off += n;
		if (head == NULL)
			head = m;
		else if (fpk_pktmbuf_chain(head, m) != 0)
			return NULL;
	}
	return head;
}

/* Receive @nb frames of file @seed from @port queue @q and check each; nothing after. */
static int
rx_file_check(uint16_t port, uint16_t q, unsigned int seed, const uint32_t *lens,
	      unsigned int nb)
{
	struct fpk_mbuf *pkts[TEST_ETH_BURST];
	unsigned int got = 0;
	uint16_t n;

	while (got < nb && (n = fpk_eth_rx_burst(port, q, pkts, 4)) > 0) {
		for (uint16_t k = 0; k < n; k++) {
			bool ok = got + k < nb && frame_ok(pkts[k], seed, got + k, lens[got + k]) &&
				  pkts[k]->port == port;

			if (!ok) {
				fpk_pktmbuf_free_bulk(pkts, n);
				TEST_ASSERT(false, "queue %u: frame %u of file %u is wrong", q,
					    got + k, seed);
			}
		}
		got += n;
		fpk_pktmbuf_free_bulk(pkts, n);
	}
	TEST_ASSERT_EQUAL(got, nb, "queue %u: %u frames of %u", q, got, nb);
	/* The end of the file: no more frames, however often polled. */
	for (int t = 0; t < 3; t++)
		TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, q, pkts, TEST_ETH_BURST), 0,
				  "queue %u: frames after the end of the file", q);
	return TEST_SUCCESS;
}

static uint64_t
sum(const uint32_t *lens, unsigned int nb)
{
	uint64_t s = 0;

	for (unsigned int i = 0; i < nb; i++)
		s += lens[i];
	return s;
}

static int
test_pcap_rx(struct fpk_mempool *mp)
{
	char args[160];
	struct fpk_eth_stats st;
	struct fpk_eth_link link;
	uint16_t port;

	TEST_ASSERT_SUCCESS(pcap_file_write("in.pcap", 1, frame_lens, NB_FRAMES), "write");
	snprintf(args, sizeof(args), "rx_pcap=%s/in.pcap", dir);
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_pcap_rx0", args, &port), "create");
	TEST_ASSERT_SUCCESS(fpk_eth_link_get_nowait(port, &link), "link");
	TEST_ASSERT_EQUAL(link.link_status, FPK_ETH_LINK_DOWN, "link up before start");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	TEST_ASSERT_SUCCESS(fpk_eth_link_get_nowait(port, &link), "link");
	TEST_ASSERT_EQUAL(link.link_status, FPK_ETH_LINK_UP, "link down after start");
	TEST_RUN(rx_file_check(port, 0, 1, frame_lens, NB_FRAMES));
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.ipackets == NB_FRAMES && st.ibytes == sum(frame_lens, NB_FRAMES) &&
		    st.ierrors == 0 && st.rx_nombuf == 0 && st.q_ipackets[0] == NB_FRAMES,
		    "ipackets %lu ibytes %lu ierrors %lu", (unsigned long)st.ipackets,
		    (unsigned long)st.ibytes, (unsigned long)st.ierrors);
	/* A restart reopens the file: the same frames again. */
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT_SUCCESS(fpk_eth_link_get_nowait(port, &link), "link");
	TEST_ASSERT_EQUAL(link.link_status, FPK_ETH_LINK_DOWN, "link up after stop");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "restart");
	TEST_RUN(rx_file_check(port, 0, 1, frame_lens, NB_FRAMES));
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_pcap_rx0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_pcap_rx, test_pcap_rx)

/* Read @file back with libpcap: @nb frames of @lens, frame i made from (@seed, i). */
static int
tx_file_check(const char *file, unsigned int seed, const uint32_t *lens, unsigned int nb)
{
	char path[128], err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned int got = 0;
	pcap_t *p;
	int ret;

	path_of(path, sizeof(path), file);
	p = pcap_open_offline(path, err);
	TEST_ASSERT_NOT_NULL(p, "libpcap cannot read %s: %s", path, err);
	ret = pcap_datalink(p) == DLT_EN10MB ? 0 : -1;
	while (ret == 0 && pcap_next_ex(p, &h, &data) == 1) {
		if (got >= nb || h->len != lens[got] || h->caplen != lens[got]) {
			printf("%s: frame %u of %u bytes, expected %u\n", file, got, h->caplen,
			       got < nb ? lens[got] : 0);
			ret = -1;
		}
		for (uint32_t j = 0; ret == 0 && j < h->caplen; j++) {
			if (data[j] != frame_byte(seed, got, j)) {
				printf("%s: frame %u byte %u differs\n", file, got, j);
				ret = -1;
			}
		}
		got++;
	}
	pcap_close(p);
	TEST_ASSERT_SUCCESS(ret, "%s does not hold the frames sent", file);
	TEST_ASSERT_EQUAL(got, nb, "%s holds %u frames, expected %u", file, got, nb);
	return TEST_SUCCESS;
}

static int
test_pcap_tx(struct fpk_mempool *mp)
{
	struct fpk_mbuf *pkts[NB_FRAMES];
	struct fpk_eth_stats st;
	char args[160];
	uint16_t port;

	TEST_ASSERT_SUCCESS(dir_make(), "scratch directory");
	snprintf(args, sizeof(args), "tx_pcap=%s/out.pcap", dir);
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_pcap_tx0", args, &port), "create");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	/* Chained packets (multi-segment tx) alternate with single ones. */
	for (unsigned int i = 0; i < NB_FRAMES; i++) {
		pkts[i] = pkt_make(mp, 2, i, frame_lens[i], frame_lens[i] > 2000 ? 5 : 1 + i % 2);
		TEST_ASSERT_NOT_NULL(pkts[i], "make packet %u", i);
	}
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, pkts, 3), 3, "tx");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, pkts + 3, NB_FRAMES - 3), NB_FRAMES - 3, "tx");
	/* Flushed per burst: readable before the port stops. */
	TEST_RUN(tx_file_check("out.pcap", 2, frame_lens, NB_FRAMES));
	/* No rx stream: a queue that receives nothing. */
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, pkts, 1), 0, "rx without rx stream");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.opackets == NB_FRAMES && st.obytes == sum(frame_lens, NB_FRAMES) &&
		    st.oerrors == 0 && st.ipackets == 0, "opackets %lu obytes %lu oerrors %lu",
		    (unsigned long)st.opackets, (unsigned long)st.obytes,
		    (unsigned long)st.oerrors);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_RUN(tx_file_check("out.pcap", 2, frame_lens, NB_FRAMES));
	/* A restart writes the file anew, as DPDK's does. */
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "restart");
	pkts[0] = pkt_make(mp, 3, 0, 60, 1);
	TEST_ASSERT_NOT_NULL(pkts[0], "make");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, pkts, 1), 1, "tx");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_pcap_tx0"), "remove");
	TEST_RUN(tx_file_check("out.pcap", 3, frame_lens, 1));
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_pcap_tx, test_pcap_tx)

static int
test_pcap_infinite(struct fpk_mempool *mp)
{
	static const uint32_t lens[] = { 60, 3000, 200 };
	struct fpk_mbuf *pkts[TEST_ETH_BURST];
	struct fpk_eth_stats st;
	uint64_t bytes = 0;
	unsigned int avail = fpk_mempool_avail_count(mp);
	char args[160];
	uint16_t port, n;

	TEST_ASSERT_SUCCESS(pcap_file_write("inf.pcap", 4, lens, FPK_DIM(lens)), "write");
	snprintf(args, sizeof(args), "rx_pcap=%s/inf.pcap,infinite_rx=1", dir);
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_pcap_inf0", args, &port), "create");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	/* The file is in memory, not in the pool. */
	TEST_ASSERT_EQUAL(fpk_mempool_avail_count(mp), avail, "the replay took mbufs");
	/* Eleven frames from a file of three: it replays, in order. */
	for (unsigned int got = 0; got < 11; got += n) {
		n = fpk_eth_rx_burst(port, 0, pkts, (uint16_t)FPK_MIN(11u - got, 4u));
		TEST_ASSERT(n > 0, "rx stopped after %u frames", got);
		for (uint16_t k = 0; k < n; k++) {
			unsigned int i = (got + k) % FPK_DIM(lens);
			bool ok = frame_ok(pkts[k], 4, i, lens[i]);

			bytes += lens[i];
			if (!ok)
				fpk_pktmbuf_free_bulk(pkts, n);
			TEST_ASSERT(ok, "frame %u", got + k);
		}
		fpk_pktmbuf_free_bulk(pkts, n);
	}
	/* Tx without a tx stream counts and drops. */
	pkts[0] = pkt_make(mp, 0, 0, 100, 2);
	TEST_ASSERT_NOT_NULL(pkts[0], "make");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, pkts, 1), 1, "tx drop");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.ipackets == 11 && st.ibytes == bytes && st.opackets == 1 &&
		    st.obytes == 100, "ipackets %lu ibytes %lu opackets %lu obytes %lu",
		    (unsigned long)st.ipackets, (unsigned long)st.ibytes,
		    (unsigned long)st.opackets, (unsigned long)st.obytes);
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_pcap_inf0"), "remove");

	/* An empty file has nothing to replay. */
	TEST_ASSERT_SUCCESS(pcap_file_write("empty.pcap", 0, lens, 0), "write");
	snprintf(args, sizeof(args), "rx_pcap=%s/empty.pcap,infinite_rx=1", dir);
	TEST_ASSERT_EQUAL(fpk_vdev_create("net_pcap_inf1", args), -EINVAL, "empty file replayed");
	/* Without infinite_rx the same file is fine: rx just has nothing. */
	snprintf(args, sizeof(args), "rx_pcap=%s/empty.pcap", dir);
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_pcap_inf1", args, &port), "create");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, pkts, 1), 0, "rx of an empty file");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_pcap_inf1"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_pcap_infinite, test_pcap_infinite)

static int
test_pcap_multiq(struct fpk_mempool *mp)
{
	static const uint32_t lens_b[] = { 70, 80 };
	struct fpk_mbuf *pkts[2];
	struct fpk_eth_dev_info info;
	struct fpk_eth_stats st;
	char args[320];
	uint16_t port;

	TEST_ASSERT_SUCCESS(pcap_file_write("a.pcap", 5, frame_lens, NB_FRAMES), "write");
	TEST_ASSERT_SUCCESS(pcap_file_write("b.pcap", 6, lens_b, FPK_DIM(lens_b)), "write");
	snprintf(args, sizeof(args), "rx_pcap=%s/a.pcap,tx_pcap=%s/c.pcap,rx_pcap=%s/b.pcap,"
		 "tx_pcap=%s/d.pcap", dir, dir, dir, dir);
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_pcap_mq0", args, &port), "create");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_info_get(port, &info), "info");
	TEST_ASSERT(info.max_rx_queues == 2 && info.max_tx_queues == 2, "queues %u/%u",
		    info.max_rx_queues, info.max_tx_queues);
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 2, 2, NULL, mp), "start");
	TEST_RUN(rx_file_check(port, 1, 6, lens_b, FPK_DIM(lens_b)));
	TEST_RUN(rx_file_check(port, 0, 5, frame_lens, NB_FRAMES));
	for (unsigned int q = 0; q < 2; q++) {
		pkts[0] = pkt_make(mp, 7 + q, 0, lens_b[q], 1);
		TEST_ASSERT_NOT_NULL(pkts[0], "make");
		TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, (uint16_t)q, pkts, 1), 1, "tx q%u", q);
	}
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.q_ipackets[0] == NB_FRAMES && st.q_ipackets[1] == 2 &&
		    st.q_opackets[0] == 1 && st.q_obytes[1] == 80, "per-queue counts");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_pcap_mq0"), "remove");
	TEST_RUN(tx_file_check("c.pcap", 7, lens_b, 1));
	TEST_RUN(tx_file_check("d.pcap", 8, lens_b + 1, 1));
	/* A third queue has no stream behind it. */
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_pcap_mq1", args, &port), "create");
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(port, 3, 2, NULL), -EINVAL, "3 rx queues");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_pcap_mq1"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_pcap_multiq, test_pcap_multiq)

/* An empty pool: RX-nombuf counts, and the frame waits instead of being lost. */
static int
test_pcap_nombuf(struct fpk_mempool *mp)
{
	static struct fpk_mbuf *held[TEST_ETH_NB_MBUF];
	struct fpk_mbuf *pkts[TEST_ETH_BURST];
	struct fpk_eth_stats st;
	unsigned int nb_held;
	char args[160];
	uint16_t port;

	TEST_ASSERT_SUCCESS(pcap_file_write("nb.pcap", 9, frame_lens, NB_FRAMES), "write");
	snprintf(args, sizeof(args), "rx_pcap=%s/nb.pcap", dir);
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_pcap_nb0", args, &port), "create");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	nb_held = fpk_mempool_avail_count(mp);
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_alloc_bulk(mp, held, nb_held), "empty the pool");
	for (int t = 0; t < 3; t++)
		TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, pkts, TEST_ETH_BURST), 0,
				  "rx from an empty pool");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	fpk_pktmbuf_free_bulk(held, nb_held);
	TEST_ASSERT(st.rx_nombuf == 3 && st.ipackets == 0, "rx_nombuf %lu ipackets %lu",
		    (unsigned long)st.rx_nombuf, (unsigned long)st.ipackets);
	TEST_RUN(rx_file_check(port, 0, 9, frame_lens, NB_FRAMES));
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_pcap_nb0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_pcap_nombuf, test_pcap_nombuf)

/*
 * Tx into the loopback interface and rx from it on another port, which
 * finds the frame among whatever else crosses lo. Skipped without the
 * right to capture.
 */
static int
test_pcap_iface(struct fpk_mempool *mp)
{
	static const uint32_t len[] = { 1000 };
	struct fpk_mbuf *pkts[TEST_ETH_BURST];
	struct fpk_ether_addr mac;
	uint16_t rx, tx;
	bool found = false;
	int ret;

	ret = test_eth_vdev_port("net_pcap_if0", "rx_iface_in=lo", &rx);
	if (ret == -EPERM)
		return fpk_test_skip("no permission to capture on lo: run as root");
	TEST_ASSERT_SUCCESS(ret, "rx_iface_in=lo: %d", ret);
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_pcap_if1", "iface=lo,phy_mac=1", &tx),
			    "create");
	/* lo's address is all zeros, unlike the made-up 02:70:63:61:70:xx. */
	TEST_ASSERT_SUCCESS(fpk_eth_macaddr_get(tx, &mac), "MAC");
	TEST_ASSERT(fpk_is_zero_ether_addr(&mac), "phy_mac=1 did not take lo's address");
	TEST_ASSERT_SUCCESS(test_eth_port_start(rx, 1, 1, NULL, mp), "start");
	TEST_ASSERT_SUCCESS(test_eth_port_start(tx, 1, 1, NULL, mp), "start");
	pkts[0] = pkt_make(mp, 10, 0, len[0], 2);
	TEST_ASSERT_NOT_NULL(pkts[0], "make");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(tx, 0, pkts, 1), 1, "tx");
	for (int t = 0; t < 2000 && !found; t++) {
		uint16_t n = fpk_eth_rx_burst(rx, 0, pkts, TEST_ETH_BURST);

		for (uint16_t k = 0; k < n; k++)
			found |= pkts[k]->pkt_len == len[0] && frame_ok(pkts[k], 10, 0, len[0]);
		fpk_pktmbuf_free_bulk(pkts, n);
		if (n == 0)
			usleep(1000);
	}
	TEST_ASSERT(found, "the frame sent into lo did not come back");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_pcap_if1"), "remove");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_pcap_if0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_pcap_iface, test_pcap_iface)

static int
test_pcap_errors(struct fpk_mempool *mp)
{
	/* The arguments: pre, then the scratch file @file if any, then post. */
	static const struct { const char *pre, *file, *post; int err; } bad[] = {
		{ "rx_pcap=", "missing.pcap", "", -ENOENT },
		{ "rx_pcap=", "garbage.pcap", "", -EINVAL },
		{ "tx_pcap=", "no/such/dir/out.pcap", "", -ENOENT },
		{ "rx_iface=fpknosuchif0", NULL, "", -ENODEV },
		{ "rx_pcap=", NULL, "", -EINVAL },
		{ "bogus=1,rx_pcap=", "in.pcap", "", -EINVAL },
		{ "infinite_rx=1", NULL, "", -EINVAL },
		{ "rx_pcap=", "in.pcap", ",infinite_rx=maybe", -EINVAL },
		{ "rx_pcap=", "in.pcap", ",rx_iface=lo", -EINVAL },
		{ "iface=lo,tx_iface=lo", NULL, "", -EINVAL },
		{ "rx_iface=an_interface_name_too_long", NULL, "", -EINVAL },
	};
	uint16_t n0 = fpk_eth_dev_count_avail();
	char args[160], path[128];
	FILE *f;

	(void)mp;
	TEST_ASSERT_SUCCESS(pcap_file_write("in.pcap", 1, frame_lens, NB_FRAMES), "write");
	path_of(path, sizeof(path), "garbage.pcap");
	f = fopen(path, "w");
	TEST_ASSERT_NOT_NULL(f, "create %s", path);
	fputs("not a capture file, but long enough to hold a header\n", f);
	fclose(f);
	for (size_t i = 0; i < FPK_DIM(bad); i++) {
		int ret;

		/* Without root, an unknown interface is first a missing permission. */
		if (bad[i].err == -ENODEV && geteuid() != 0)
			continue;
		snprintf(args, sizeof(args), "%s%s%s%s%s", bad[i].pre, bad[i].file ? dir : "",
			 bad[i].file ? "/" : "", bad[i].file ? bad[i].file : "", bad[i].post);
		ret = fpk_vdev_create("net_pcap_err0", args);
		TEST_ASSERT_EQUAL(ret, bad[i].err, "'%s' gave %d, expected %d", args, ret,
				  bad[i].err);
	}
	TEST_ASSERT_EQUAL(fpk_eth_dev_count_avail(), n0, "a refused vdev left a port");
	snprintf(args, sizeof(args), "rx_pcap=%s/in.pcap", dir);
	TEST_ASSERT_SUCCESS(fpk_vdev_create("net_pcap_err0", args), "good arguments");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_pcap_err0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_pcap_errors, test_pcap_errors)
