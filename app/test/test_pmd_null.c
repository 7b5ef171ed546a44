/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of net_null: what rx makes (count, lengths, port), packet and byte
 * counters per queue, copy=1 (what rx writes, and that tx reads no byte past
 * a packet's first segment) and no-rx=1, all-or-nothing allocation and its
 * rx_nombuf count (in rx_mbuf_alloc_failed, also with the pool empty), every
 * queue of a full-width port, argument errors, and where the port's and its
 * queues' memory comes from.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <fpk_bus_vdev.h>
#include <fpk_eal.h>
#include <fpk_ethdev_driver.h>

#include "test_ethdev.h"

static int
rx_ok(struct fpk_mbuf **pkts, uint16_t n, uint16_t port, uint32_t size)
{
	for (uint16_t i = 0; i < n; i++) {
		const struct fpk_mbuf *m = pkts[i];

		TEST_ASSERT(m->data_len == size && m->pkt_len == size && m->nb_segs == 1 &&
			    m->next == NULL && m->port == port,
			    "mbuf %u: data_len %u pkt_len %u segs %u port %u", i, m->data_len,
			    m->pkt_len, m->nb_segs, m->port);
	}
	return TEST_SUCCESS;
}

static int
test_null_rxtx(struct fpk_mempool *mp)
{
	struct fpk_mbuf *pkts[TEST_ETH_BURST], *chain[2];
	struct fpk_eth_stats st;
	uint16_t port;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_rt0", "", &port), "create");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 2, 2, NULL, mp), "start");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, pkts, TEST_ETH_BURST), TEST_ETH_BURST, "rx");
	TEST_RUN(rx_ok(pkts, TEST_ETH_BURST, port, 64));
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, pkts, TEST_ETH_BURST), TEST_ETH_BURST, "tx");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 1, pkts, 16), 16, "rx q1");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 1, pkts, 16), 16, "tx q1");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 1, pkts, 0), 0, "rx of 0");

	/* Tx counts a chain's whole length. */
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, chain, 2, 100, 0), "make");
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_chain(chain[0], chain[1]), "chain");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 1, chain, 1), 1, "tx chain");

	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.ipackets == 48 && st.ibytes == 48 * 64, "rx %lu/%lu",
		    (unsigned long)st.ipackets, (unsigned long)st.ibytes);
	TEST_ASSERT(st.q_ipackets[0] == 32 && st.q_ipackets[1] == 16 &&
		    st.q_ibytes[1] == 16 * 64, "rx per queue");
	TEST_ASSERT(st.opackets == 49 && st.obytes == 48 * 64 + 200, "tx %lu/%lu",
		    (unsigned long)st.opackets, (unsigned long)st.obytes);
	TEST_ASSERT(st.q_opackets[1] == 17 && st.q_obytes[1] == 16 * 64 + 200, "tx q1");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_reset(port), "reset");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.ipackets == 0 && st.obytes == 0 && st.q_ipackets[1] == 0, "not reset");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_rt0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_null_rxtx, test_null_rxtx)

static int
test_null_size(struct fpk_mempool *mp)
{
	struct fpk_mbuf *pkts[8];
	struct fpk_eth_stats st;
	uint16_t port;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_sz0", "size=1500", &port), "create");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, pkts, 8), 8, "rx");
	TEST_RUN(rx_ok(pkts, 8, port, 1500));
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, pkts, 8), 8, "tx");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.ibytes == 8 * 1500 && st.obytes == 8 * 1500, "bytes %lu/%lu",
		    (unsigned long)st.ibytes, (unsigned long)st.obytes);
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_sz0"), "remove");

	/* Packets larger than the pool's mbufs: the rx queue is refused. */
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_sz1", "size=4000", &port), "create");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_configure(port, 1, 1, NULL), "configure");
	TEST_ASSERT_EQUAL(fpk_eth_rx_queue_setup(port, 0, 0, 0, NULL, mp), -EINVAL,
			  "4000-byte packets in 2048-byte mbufs");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_sz1"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_null_size, test_null_size)

/* size=@arg gives rx packets of @want bytes: leading zeros are decimal, not octal. */
static int
null_size_is(struct fpk_mempool *mp, const char *arg, uint32_t want)
{
	struct fpk_mbuf *m;
	uint32_t len;
	uint16_t port;
	int ret;

	ret = test_eth_vdev_port("net_null_ar1", arg, &port);
	TEST_ASSERT_SUCCESS(ret, "'%s' refused: %d", arg, ret);
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, &m, 1), 1, "rx");
	len = m->pkt_len;
	fpk_pktmbuf_free(m);
	TEST_ASSERT_EQUAL(len, want, "'%s' gave %u-byte packets, expected %u", arg, len, want);
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_ar1"), "remove");
	return TEST_SUCCESS;
}

static int
test_null_args(struct fpk_mempool *mp)
{
	static const char *const bad[] = {
		"size=0", "size=65536", "size=abc", "size=-1", "copy=2", "no-rx=maybe",
		"copy=1,no-rx=1", "bogus=1", "size",
	};
	uint16_t n0 = fpk_eth_dev_count_avail();

	for (size_t i = 0; i < FPK_DIM(bad); i++)
		TEST_ASSERT_EQUAL(fpk_vdev_create("net_null_ar0", bad[i]), -EINVAL,
				  "'%s' accepted", bad[i]);
	TEST_ASSERT_EQUAL(fpk_eth_dev_count_avail(), n0, "a refused vdev left a port");
	/* The refused attempts left no vdev behind either: the name is free. */
	TEST_ASSERT_SUCCESS(fpk_vdev_create("net_null_ar0", "size=65535,copy=yes,no-rx=0"),
			    "good arguments");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_ar0"), "remove");
	TEST_RUN(null_size_is(mp, "size=010", 10));
	TEST_RUN(null_size_is(mp, "size=08", 8));
	TEST_RUN(null_size_is(mp, "size=0x40", 64));
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_null_args, test_null_args)

/* Fill the whole buffer (headroom and data room) of every mbuf in @mp with 0xab. */
static int
pool_dirty(struct fpk_mempool *mp)
{
	static struct fpk_mbuf *all[TEST_ETH_NB_MBUF];

	TEST_ASSERT_SUCCESS(fpk_pktmbuf_alloc_bulk(mp, all, TEST_ETH_NB_MBUF), "take all");
	for (unsigned int i = 0; i < TEST_ETH_NB_MBUF; i++)
		memset(all[i]->buf_addr, 0xab, all[i]->buf_len);
	fpk_pktmbuf_free_bulk(all, TEST_ETH_NB_MBUF);
	return TEST_SUCCESS;
}

/*
 * copy=1 rx: each packet is the port's dummy packet (zeroed), @size bytes
 * at the packet's data; the rest of the buffer, headroom included, keeps
 * the 0xab of pool_dirty().
 */
static int
rx_copy_ok(struct fpk_mbuf **pkts, uint16_t n, uint32_t size)
{
	for (uint16_t i = 0; i < n; i++) {
		const uint8_t *b = pkts[i]->buf_addr;
		const uint32_t start = pkts[i]->data_off;

		for (uint32_t j = 0; j < pkts[i]->buf_len; j++) {
			uint8_t want = j >= start && j < start + size ? 0 : 0xab;

			TEST_ASSERT_EQUAL(b[j], want, "packet %u: buffer byte %u (data byte "
					  "%d) is 0x%02x, expected 0x%02x", i, j,
					  (int)j - (int)start, b[j], want);
		}
	}
	return TEST_SUCCESS;
}

static int
test_null_copy(struct fpk_mempool *mp)
{
	struct fpk_mbuf *pkts[TEST_ETH_BURST], *small;
	struct fpk_eth_stats st;
	uint16_t port;

	TEST_RUN(pool_dirty(mp));
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_cp0", "copy=1,size=128", &port),
			    "create");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, pkts, TEST_ETH_BURST), TEST_ETH_BURST, "rx");
	TEST_RUN(rx_ok(pkts, TEST_ETH_BURST, port, 128));
	TEST_RUN(rx_copy_ok(pkts, TEST_ETH_BURST, 128));
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, pkts, TEST_ETH_BURST), TEST_ETH_BURST, "tx");
	/* Tx copies out at most the packet's own bytes (pmd_null_copy_tx_bounds checks it). */
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, &small, 1, 10, 0), "make");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, &small, 1), 1, "tx small");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.opackets == 33 && st.obytes == 32 * 128 + 10, "tx %lu/%lu",
		    (unsigned long)st.opackets, (unsigned long)st.obytes);
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_cp0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_null_copy, test_null_copy)

/*
 * copy=1 tx reads at most min(size, data_len) bytes of a packet's first
 * segment. To see a read past them in every build (a release build reads
 * mbuf memory silently, and the EAL's memory is not ASan's to watch), the
 * packets below have their first segment's data end where a PROT_NONE
 * page begins: the test points a pool mbuf's buffer there for the burst
 * (holding a second reference, so the driver's free leaves it to the test,
 * which restores it). A fault in the burst is caught and fails the test.
 */
static sigjmp_buf guard_jmp;

static void
guard_fault(int sig)
{
	(void)sig;
	siglongjmp(guard_jmp, 1);
}

/* Transmit @m on queue 0 of @port. @return packets sent, or -1: the driver faulted. */
static int
guarded_tx(uint16_t port, struct fpk_mbuf *m)
{
	struct sigaction sa, old_segv, old_bus;
	volatile int ret = -1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = guard_fault;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
	if (sigsetjmp(guard_jmp, 1) == 0)
		ret = fpk_eth_tx_burst(port, 0, &m, 1);
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
	return ret;
}

struct guard_case {
	uint16_t first;  /* bytes in the first segment, ending at the guard page */
	uint16_t second; /* bytes in a second, ordinary segment; 0: none */
};

/*
 * Send a packet of @c on @port with its first segment's data ending at
 * @page_end, then give its mbufs back to @mp. @return TEST_SUCCESS, or a
 * failure if the driver read past the first segment or refused the packet.
 */
static int
guard_case_run(uint16_t port, struct fpk_mempool *mp, uint8_t *page_end,
	       const struct guard_case *c)
{
	struct fpk_mbuf *m = fpk_pktmbuf_alloc(mp), *tail = NULL;
	void *buf_addr;
	fpk_iova_t buf_iova;
	uint16_t buf_len, data_off;
	int sent;

	TEST_ASSERT_NOT_NULL(m, "mbuf");
	if (c->second) {
		TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, &tail, 1, c->second, 9), "tail");
		fpk_mbuf_refcnt_update(tail, 1);
	}
	buf_addr = m->buf_addr;
	buf_iova = m->buf_iova;
	buf_len = m->buf_len;
	data_off = m->data_off;
	m->buf_len = (uint16_t)(FPK_PKTMBUF_HEADROOM + c->first);
	m->buf_addr = page_end - m->buf_len;
	m->buf_iova = FPK_BAD_IOVA;
	m->data_off = FPK_PKTMBUF_HEADROOM;
	m->data_len = c->first;
	m->pkt_len = c->first;
	memset(fpk_pktmbuf_mtod(m, void *), 0x5a, c->first);
	if (tail != NULL)
		fpk_pktmbuf_chain(m, tail);
	fpk_mbuf_refcnt_update(m, 1);

	sent = guarded_tx(port, m);

	/* Ours again, whatever the burst did: the buffer back, one reference each. */
	m->buf_addr = buf_addr;
	m->buf_iova = buf_iova;
	m->buf_len = buf_len;
	m->data_off = data_off;
	fpk_mbuf_refcnt_set(m, 1);
	if (tail != NULL)
		fpk_mbuf_refcnt_set(tail, 1);
	fpk_pktmbuf_free(m);
	TEST_ASSERT(sent != -1, "tx of a %u-byte first segment (+%u bytes chained): the driver "
		    "read past the segment's data", c->first, c->second);
	TEST_ASSERT_EQUAL(sent, 1, "tx of a %u+%u-byte packet: %d sent", c->first, c->second,
			  sent);
	return TEST_SUCCESS;
}

static int
test_null_copy_tx_bounds(struct fpk_mempool *mp)
{
	/* size=128: shorter first segments, alone or chained, one exactly 128, one longer. */
	static const struct guard_case cases[] = {
		{ 10, 0 }, { 1, 0 }, { 10, 50 }, { 60, 500 }, { 128, 0 }, { 300, 0 },
	};
	const size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	struct fpk_eth_stats st;
	uint64_t bytes = 0;
	uint16_t port;
	uint8_t *map;
	int ret = TEST_SUCCESS;

	map = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TEST_ASSERT(map != MAP_FAILED, "mmap: %s", strerror(errno));
	if (mprotect(map + pg, pg, PROT_NONE) != 0) {
		munmap(map, 2 * pg);
		TEST_ASSERT(false, "mprotect: %s", strerror(errno));
	}
	if (test_eth_vdev_port("net_null_tb0", "copy=1,size=128", &port) != 0 ||
	    test_eth_port_start(port, 1, 1, NULL, mp) != 0) {
		printf("  cannot create and start net_null_tb0\n");
		ret = TEST_FAILED;
	}
	for (size_t i = 0; ret == TEST_SUCCESS && i < FPK_DIM(cases); i++) {
		ret = guard_case_run(port, mp, map + pg, &cases[i]);
		bytes += cases[i].first + cases[i].second;
	}
	munmap(map, 2 * pg);
	if (ret != TEST_SUCCESS)
		return ret;
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.opackets == FPK_DIM(cases) && st.obytes == bytes, "tx %lu/%lu, expected "
		    "%zu/%lu", (unsigned long)st.opackets, (unsigned long)st.obytes,
		    FPK_DIM(cases), (unsigned long)bytes);
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_tb0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_null_copy_tx_bounds, test_null_copy_tx_bounds)

static int
test_null_no_rx(struct fpk_mempool *mp)
{
	struct fpk_mbuf *pkts[TEST_ETH_BURST];
	struct fpk_eth_stats st;
	uint16_t port;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_nr0", "no-rx=1", &port), "create");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	for (int i = 0; i < 3; i++)
		TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, pkts, TEST_ETH_BURST), 0, "rx");
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, pkts, TEST_ETH_BURST, 70, 0), "make");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, pkts, TEST_ETH_BURST), TEST_ETH_BURST, "tx");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.ipackets == 0 && st.rx_nombuf == 0, "rx counted");
	TEST_ASSERT(st.opackets == TEST_ETH_BURST && st.obytes == TEST_ETH_BURST * 70,
		    "tx %lu/%lu", (unsigned long)st.opackets, (unsigned long)st.obytes);
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_nr0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_null_no_rx, test_null_no_rx)

static int
test_null_nombuf(struct fpk_mempool *mp)
{
	static struct fpk_mbuf *held[TEST_ETH_NB_MBUF];
	struct fpk_mbuf *pkts[TEST_ETH_BURST];
	struct fpk_eth_stats st;
	uint64_t v;
	uint16_t port;
	int ret = TEST_FAILED;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_nb0", "", &port), "create");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	/* Leave 10 mbufs: a burst of 32 gets none of them (all or nothing). */
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_alloc_bulk(mp, held, TEST_ETH_NB_MBUF - 10), "take");
	if (fpk_eth_rx_burst(port, 0, pkts, TEST_ETH_BURST) != 0) {
		printf("  a short pool gave a partial burst\n");
		goto out;
	}
	if (fpk_mempool_avail_count(mp) != 10) {
		printf("  a failed burst kept mbufs\n");
		goto out;
	}
	if (fpk_eth_rx_burst(port, 0, pkts, 10) != 10) {
		printf("  a burst the pool can serve failed\n");
		goto out;
	}
	fpk_pktmbuf_free_bulk(pkts, 10);
	if (fpk_eth_stats_get(port, &st) != 0 || st.rx_nombuf != TEST_ETH_BURST ||
	    st.ipackets != 10) {
		printf("  rx_nombuf %lu ipackets %lu, expected %u and 10\n",
		       (unsigned long)st.rx_nombuf, (unsigned long)st.ipackets, TEST_ETH_BURST);
		goto out;
	}
	if (fpk_eth_xstats_get_by_name(port, "rx_mbuf_allocation_errors", &v) != 0 ||
	    v != TEST_ETH_BURST) {
		printf("  rx_mbuf_allocation_errors xstat wrong\n");
		goto out;
	}
	fpk_eth_stats_reset(port);
	if (fpk_eth_stats_get(port, &st) != 0 || st.rx_nombuf != 0) {
		printf("  rx_nombuf not reset\n");
		goto out;
	}
	ret = TEST_SUCCESS;
out:
	fpk_pktmbuf_free_bulk(held, TEST_ETH_NB_MBUF - 10);
	fpk_vdev_remove("net_null_nb0");
	return ret;
}

TEST_ETH_REGISTER(pmd_null_nombuf, test_null_nombuf)

/*
 * With the pool empty every rx burst fails: each queue counts its mbufs in
 * its own element of the port's rx_mbuf_alloc_failed, and stats report the
 * sum as rx_nombuf. Once mbufs are back, rx works and the count stays.
 */
static int
test_null_nombuf_empty(struct fpk_mempool *mp)
{
	static struct fpk_mbuf *held[TEST_ETH_NB_MBUF];
	struct fpk_mbuf *pkts[TEST_ETH_BURST];
	const struct fpk_eth_dev *dev;
	struct fpk_eth_stats st, st_after;
	unsigned int nb_held, got = 0;
	uint64_t failed[2];
	uint16_t port, n;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_ne0", "", &port), "create");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 2, 1, NULL, mp), "start");
	dev = fpk_eth_dev_get(port);
	TEST_ASSERT_NOT_NULL(dev, "no port %u", port);
	nb_held = fpk_mempool_avail_count(mp);
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_alloc_bulk(mp, held, nb_held), "empty the pool");
	for (int i = 0; i < 3; i++)
		got += fpk_eth_rx_burst(port, 0, pkts, TEST_ETH_BURST);
	got += fpk_eth_rx_burst(port, 1, pkts, 8);
	failed[0] = dev->data->rx_mbuf_alloc_failed[0];
	failed[1] = dev->data->rx_mbuf_alloc_failed[1];
	fpk_eth_stats_get(port, &st);
	fpk_pktmbuf_free_bulk(held, nb_held);
	TEST_ASSERT_EQUAL(got, 0u, "an empty pool gave %u packets", got);
	TEST_ASSERT(failed[0] == 3 * TEST_ETH_BURST && failed[1] == 8,
		    "rx_mbuf_alloc_failed %lu/%lu, expected %u/8", (unsigned long)failed[0],
		    (unsigned long)failed[1], 3 * TEST_ETH_BURST);
	TEST_ASSERT(st.rx_nombuf == 3 * TEST_ETH_BURST + 8 && st.ipackets == 0,
		    "rx_nombuf %lu ipackets %lu", (unsigned long)st.rx_nombuf,
		    (unsigned long)st.ipackets);

	n = fpk_eth_rx_burst(port, 0, pkts, TEST_ETH_BURST);
	fpk_pktmbuf_free_bulk(pkts, n);
	TEST_ASSERT_EQUAL(n, TEST_ETH_BURST, "rx with mbufs back: %u", n);
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st_after), "stats");
	TEST_ASSERT_EQUAL(st_after.rx_nombuf, st.rx_nombuf, "a burst that worked counted");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_ne0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_null_nombuf_empty, test_null_nombuf_empty)

static int
test_null_all_queues(struct fpk_mempool *mp)
{
	struct fpk_mbuf *pkts[FPK_MAX_QUEUES_PER_PORT];
	struct fpk_eth_stats st;
	uint16_t port, nq = FPK_MAX_QUEUES_PER_PORT;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_aq0", "size=100", &port), "create");
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(port, nq + 1, nq, NULL), -EINVAL, "nq + 1");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, nq, nq, NULL, mp), "start %u queues", nq);
	for (uint16_t q = 0; q < nq; q++) {
		TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, q, pkts, q + 1), q + 1, "rx q%u", q);
		TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, (uint16_t)(nq - 1 - q), pkts, q + 1),
				  q + 1, "tx q%u", nq - 1 - q);
	}
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	for (uint16_t q = 0; q < nq; q++) {
		TEST_ASSERT(st.q_ipackets[q] == q + 1u && st.q_ibytes[q] == (q + 1u) * 100,
			    "rx q%u", q);
		TEST_ASSERT(st.q_opackets[nq - 1 - q] == q + 1u, "tx q%u", nq - 1 - q);
	}
	TEST_ASSERT_EQUAL(st.ipackets, (uint64_t)nq * (nq + 1) / 2, "ipackets");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_aq0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_null_all_queues, test_null_all_queues)

/*
 * The port's data, its private state and each queue are in the EAL's
 * memory, a queue on the node its setup named; a node that does not exist
 * fails the setup with -ENOMEM and leaves the queue unset.
 */
static int
test_null_memory(struct fpk_mempool *mp)
{
	struct fpk_mbuf *pkts[TEST_ETH_BURST];
	const struct fpk_memseg *ms[3];
	const struct fpk_eth_dev *dev;
	uint16_t port;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_mm0", "copy=1", &port), "create");
	dev = fpk_eth_dev_get(port);
	TEST_ASSERT_NOT_NULL(dev, "no port %u", port);
	TEST_ASSERT_NOT_NULL(fpk_mem_virt2memseg(dev->data), "port data not in EAL memory");
	TEST_ASSERT_NOT_NULL(fpk_mem_virt2memseg(dev->data->dev_private),
			     "dev_private not in EAL memory");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_configure(port, 2, 1, NULL), "configure");
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_setup(port, 0, 0, 0, NULL, mp), "rxq 0 on node 0");
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_setup(port, 1, 0, FPK_SOCKET_ID_ANY, NULL, mp),
			    "rxq 1 on any node");
	TEST_ASSERT_SUCCESS(fpk_eth_tx_queue_setup(port, 0, 0, 0, NULL), "txq 0 on node 0");
	ms[0] = fpk_mem_virt2memseg(dev->data->rx_queues[0]);
	ms[1] = fpk_mem_virt2memseg(dev->data->rx_queues[1]);
	ms[2] = fpk_mem_virt2memseg(dev->data->tx_queues[0]);
	TEST_ASSERT(ms[0] != NULL && ms[1] != NULL && ms[2] != NULL,
		    "queues not in EAL memory: rx 0 %p, rx 1 %p, tx 0 %p", (const void *)ms[0],
		    (const void *)ms[1], (const void *)ms[2]);
	TEST_ASSERT(ms[0]->socket_id == 0 && ms[2]->socket_id == 0,
		    "queues set up on node 0 are on nodes %d and %d", ms[0]->socket_id,
		    ms[2]->socket_id);

	TEST_ASSERT_EQUAL(fpk_eth_rx_queue_setup(port, 1, 0, FPK_MAX_NUMA_NODES, NULL, mp),
			  -ENOMEM, "rxq 1 on node %d", FPK_MAX_NUMA_NODES);
	TEST_ASSERT_NULL(dev->data->rx_queues[1], "a failed setup left rx queue 1");
	TEST_ASSERT_EQUAL(fpk_eth_dev_start(port), -EINVAL, "started without rx queue 1");
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_setup(port, 1, 0, 0, NULL, mp), "rxq 1 again");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 1, pkts, TEST_ETH_BURST), TEST_ETH_BURST, "rx");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, pkts, TEST_ETH_BURST), TEST_ETH_BURST, "tx");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_mm0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_null_memory, test_null_memory)
