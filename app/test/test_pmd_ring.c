/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of net_ring: ports on the application's rings (fpk_eth_from_rings)
 * and its errors, the vdev loop, a vdev pair moving packets intact both ways
 * on every queue (also across two lcores), a full ring pushing back on tx,
 * the pair's shared rings outliving one closed port, and argument errors.
 */
#include <errno.h>
#include <string.h>

#include <fpk_bus_vdev.h>
#include <fpk_eal.h>
#include <fpk_eth_ring.h>

#include "test_ethdev.h"

#define NB_RINGS 2

static int
from_rings_errors(struct fpk_ring *rx[], struct fpk_ring *tx[])
{
	struct fpk_ring *with_null[2] = { rx[0], NULL };

	TEST_ASSERT_EQUAL(fpk_eth_from_rings(NULL, rx, 1, tx, 1, 0), -EINVAL, "NULL name");
	TEST_ASSERT_EQUAL(fpk_eth_from_rings("", rx, 1, tx, 1, 0), -EINVAL, "empty name");
	TEST_ASSERT_EQUAL(fpk_eth_from_rings("ring_fe0", rx, 0, tx, 0, 0), -EINVAL, "no rings");
	TEST_ASSERT_EQUAL(fpk_eth_from_rings("ring_fe0", NULL, 1, tx, 1, 0), -EINVAL, "NULL rx");
	TEST_ASSERT_EQUAL(fpk_eth_from_rings("ring_fe0", rx, 1, NULL, 1, 0), -EINVAL, "NULL tx");
	TEST_ASSERT_EQUAL(fpk_eth_from_rings("ring_fe0", with_null, 2, tx, 1, 0), -EINVAL,
			  "NULL ring");
	TEST_ASSERT_EQUAL(fpk_eth_from_rings("ring_fe0", rx, FPK_MAX_QUEUES_PER_PORT + 1, tx, 1,
					     0), -EINVAL, "too many rings");
	return TEST_SUCCESS;
}

static int
test_from_rings(struct fpk_mempool *mp)
{
	struct fpk_ring *rx[NB_RINGS], *tx[NB_RINGS];
	struct fpk_mbuf *pkts[8], *out[8];
	char rname[32];
	int port, ret;

	for (unsigned int i = 0; i < NB_RINGS; i++) {
		snprintf(rname, sizeof(rname), "t_fr_rx%u", i);
		rx[i] = fpk_ring_create(rname, 64, FPK_SOCKET_ID_ANY,
					FPK_RING_F_SP_ENQ | FPK_RING_F_SC_DEQ);
		snprintf(rname, sizeof(rname), "t_fr_tx%u", i);
		tx[i] = fpk_ring_create(rname, 64, FPK_SOCKET_ID_ANY,
					FPK_RING_F_SP_ENQ | FPK_RING_F_SC_DEQ);
		TEST_ASSERT(rx[i] != NULL && tx[i] != NULL, "ring create");
	}
	TEST_RUN(from_rings_errors(rx, tx));
	port = fpk_eth_from_rings("ring_fr0", rx, NB_RINGS, tx, 1, FPK_SOCKET_ID_ANY);
	TEST_ASSERT(port >= 0, "from_rings: %d", port);
	TEST_ASSERT_EQUAL(fpk_eth_from_rings("ring_fr0", rx, 1, tx, 1, 0), -EEXIST, "same name");
	TEST_ASSERT_SUCCESS(test_eth_port_start((uint16_t)port, NB_RINGS, 1, NULL, mp), "start");

	/* What the application puts in rx ring 1 comes out of rx queue 1, in order. */
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, pkts, 5, 80, 9), "make");
	TEST_ASSERT_EQUAL(fpk_ring_enqueue_burst(rx[1], (void **)pkts, 5, NULL), 5, "enqueue");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst((uint16_t)port, 0, out, 8), 0, "rx q0");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst((uint16_t)port, 1, out, 8), 5, "rx q1");
	/* By default rx touches no mbuf: the port field is what the sender left. */
	for (unsigned int i = 0; i < 5; i++)
		TEST_ASSERT(out[i] == pkts[i] && out[i]->port == FPK_MBUF_PORT_INVALID,
			    "rx mbuf %u", i);
	/* Tx queue 0 puts them in tx ring 0, untouched. */
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst((uint16_t)port, 0, out, 5), 5, "tx");
	TEST_ASSERT_EQUAL(fpk_ring_count(tx[0]), 5, "tx ring count");
	TEST_ASSERT_EQUAL(fpk_ring_dequeue_burst(tx[0], (void **)out, 8, NULL), 5, "dequeue");
	for (unsigned int i = 0; i < 5; i++)
		TEST_ASSERT(out[i] == pkts[i] && test_eth_pkt_ok(out[i], i, 80, 9), "tx mbuf %u",
			    i);
	fpk_pktmbuf_free_bulk(out, 5);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop((uint16_t)port), "stop");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_close((uint16_t)port), "close");

	/* The rings are still the application's after close. */
	ret = fpk_ring_enqueue(rx[0], rx[0]);
	TEST_ASSERT_SUCCESS(ret, "ring unusable after close");
	for (unsigned int i = 0; i < NB_RINGS; i++) {
		fpk_ring_free(rx[i]);
		fpk_ring_free(tx[i]);
	}
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_ring_from_rings, test_from_rings)

static int
test_loop(struct fpk_mempool *mp)
{
	struct fpk_mbuf *pkts[16];
	uint16_t port;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_ring_lo0", "queues=2", &port), "create");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 2, 2, NULL, mp), "start");
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, pkts, 16, 300, 3), "make");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 1, pkts, 16), 16, "tx q1");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, pkts, 16), 0, "rx q0 got q1's");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 1, pkts, 16), 16, "rx q1");
	for (unsigned int i = 0; i < 16; i++)
		TEST_ASSERT(test_eth_pkt_ok(pkts[i], i, 300, 3), "packet %u", i);
	fpk_pktmbuf_free_bulk(pkts, 16);
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_ring_lo0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_ring_loop, test_loop)

/* Send @n packets on @from's queue @q; check @to's queue @q gets them intact. */
static int
pair_send(struct fpk_mempool *mp, uint16_t from, uint16_t to, uint16_t q, uint16_t n,
	  uint16_t len, uint8_t seed)
{
	struct fpk_mbuf *pkts[TEST_ETH_BURST];

	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, pkts, n, len, seed), "make");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(from, q, pkts, n), n, "tx %u q%u", from, q);
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(from, q, pkts, n), 0, "port %u heard itself", from);
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(to, q, pkts, TEST_ETH_BURST), n, "rx %u q%u", to, q);
	for (uint16_t i = 0; i < n; i++)
		TEST_ASSERT(test_eth_pkt_ok(pkts[i], i, len, seed) && pkts[i]->port == to,
			    "packet %u", i);
	fpk_pktmbuf_free_bulk(pkts, n);
	return TEST_SUCCESS;
}

static int
test_pair(struct fpk_mempool *mp)
{
	struct fpk_eth_stats sa, sb;
	struct fpk_mbuf *chain[2];
	uint16_t a, b;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_ring_pa0", "pair=net_ring_pa1,queues=2,bytes=1",
					       &a), "create pair");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_get_port_by_name("net_ring_pa1", &b), "second port");
	TEST_ASSERT_SUCCESS(test_eth_port_start(a, 2, 2, NULL, mp), "start a");
	TEST_ASSERT_SUCCESS(test_eth_port_start(b, 2, 2, NULL, mp), "start b");
	TEST_RUN(pair_send(mp, a, b, 0, 32, 64, 1));
	TEST_RUN(pair_send(mp, a, b, 1, 7, 1514, 2));
	TEST_RUN(pair_send(mp, b, a, 0, 20, 128, 3));
	TEST_RUN(pair_send(mp, b, a, 1, 1, 60, 4));

	/* A chained packet crosses as it is. */
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, chain, 2, 50, 0), "make");
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_chain(chain[0], chain[1]), "chain");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(a, 0, chain, 1), 1, "tx chain");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(b, 0, chain, 2), 1, "rx chain");
	TEST_ASSERT(chain[0]->nb_segs == 2 && chain[0]->pkt_len == 100, "chain changed");
	fpk_pktmbuf_free(chain[0]);

	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(a, &sa), "stats a");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(b, &sb), "stats b");
	TEST_ASSERT(sa.opackets == sb.ipackets && sa.obytes == sb.ibytes &&
		    sb.opackets == sa.ipackets && sb.obytes == sa.ibytes,
		    "a sent %lu/%lu, b got %lu/%lu", (unsigned long)sa.opackets,
		    (unsigned long)sa.obytes, (unsigned long)sb.ipackets, (unsigned long)sb.ibytes);
	TEST_ASSERT(sa.opackets == 40 && sa.obytes == 32 * 64 + 7 * 1514 + 100, "a tx %lu/%lu",
		    (unsigned long)sa.opackets, (unsigned long)sa.obytes);
	TEST_ASSERT(sb.q_opackets[0] == 20 && sb.q_obytes[1] == 60, "b tx per queue");

	/* Removing the vdev closes both ports. */
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_ring_pa0"), "remove");
	TEST_ASSERT(!fpk_eth_dev_is_valid_port(a) && !fpk_eth_dev_is_valid_port(b),
		    "a port of the pair survived");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_ring_pair, test_pair)

/* The second port of a pair closed first: the first keeps working on the shared rings. */
static int
test_pair_close_one(struct fpk_mempool *mp)
{
	struct fpk_mbuf *pkts[4];
	uint16_t a, b;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_ring_pc0", "pair=net_ring_pc1", &a), "create");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_get_port_by_name("net_ring_pc1", &b), "second port");
	TEST_ASSERT_SUCCESS(test_eth_port_start(a, 1, 1, NULL, mp), "start a");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_close(b), "close b");
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, pkts, 4, 64, 0), "make");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(a, 0, pkts, 4), 4, "tx into the closed peer's ring");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(a, 0, pkts, 4), 0, "rx with no peer");
	/* Nobody reads them: the last close frees them with the rings (the leak check sees). */
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_ring_pc0"), "remove");
	TEST_ASSERT(!fpk_eth_dev_is_valid_port(a), "a survived");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_ring_pair_close_one, test_pair_close_one)

struct echo_arg {
	uint16_t port;
	uint16_t queue;
	unsigned int count;
};

/* Worker: send every packet received on arg's port/queue straight back. */
static int
echo_lcore(void *p)
{
	struct echo_arg *arg = p;
	struct fpk_mbuf *pkts[TEST_ETH_BURST];
	unsigned int done = 0;
	uint64_t deadline = fpk_rdtsc() + 10 * fpk_get_tsc_hz();

	while (done < arg->count && fpk_rdtsc() < deadline) {
		uint16_t n = fpk_eth_rx_burst(arg->port, arg->queue, pkts, TEST_ETH_BURST);
		uint16_t sent = 0;

		while (sent < n) {
			sent += fpk_eth_tx_burst(arg->port, arg->queue, pkts + sent, n - sent);
			if (sent < n && fpk_rdtsc() >= deadline) {
				fpk_pktmbuf_free_bulk(pkts + sent, n - sent);
				break;
			}
		}
		done += n;
	}
	return done == arg->count ? 0 : -1;
}

/* Packets cross lcores through the SP/SC rings without loss, damage or reordering. */
static int
test_pair_lcores(struct fpk_mempool *mp)
{
	enum { TOTAL = 20000, LEN = 72 };
	struct fpk_mbuf *pkts[TEST_ETH_BURST];
	struct echo_arg arg;
	unsigned int worker, sent = 0, got = 0;
	uint64_t deadline;
	uint16_t a, b;
	int ret = TEST_SUCCESS;

	worker = fpk_get_next_lcore(-1, 1, 0);
	if (worker >= FPK_MAX_LCORE)
		return fpk_test_skip("needs a second lcore (-l 0-1)");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_ring_lc0", "pair=net_ring_lc1,ring_size=256",
					       &a), "create pair");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_get_port_by_name("net_ring_lc1", &b), "second port");
	TEST_ASSERT_SUCCESS(test_eth_port_start(a, 1, 1, NULL, mp), "start a");
	TEST_ASSERT_SUCCESS(test_eth_port_start(b, 1, 1, NULL, mp), "start b");
	arg = (struct echo_arg){ .port = b, .queue = 0, .count = TOTAL };
	TEST_ASSERT_SUCCESS(fpk_eal_remote_launch(echo_lcore, &arg, worker), "launch");
	deadline = fpk_rdtsc() + 10 * fpk_get_tsc_hz();
	while (got < TOTAL && fpk_rdtsc() < deadline) {
		uint16_t n = (uint16_t)FPK_MIN(TEST_ETH_BURST, TOTAL - sent);

		/* Packet i carries i in its first bytes; the rest is the pattern of i % 251. */
		if (n > 0 && test_eth_pkts_make(mp, pkts, n, LEN, 0) == 0) {
			uint16_t tx;

			for (uint16_t i = 0; i < n; i++) {
				unsigned int seq = sent + i;

				memcpy(fpk_pktmbuf_mtod(pkts[i], void *), &seq, sizeof(seq));
			}
			tx = fpk_eth_tx_burst(a, 0, pkts, n);
			fpk_pktmbuf_free_bulk(pkts + tx, n - tx);
			sent += tx;
		}
		n = fpk_eth_rx_burst(a, 0, pkts, TEST_ETH_BURST);
		for (uint16_t i = 0; i < n && ret == TEST_SUCCESS; i++) {
			unsigned int seq;

			memcpy(&seq, fpk_pktmbuf_mtod(pkts[i], void *), sizeof(seq));
			if (seq != got + i || pkts[i]->pkt_len != LEN) {
				printf("  packet %u came back as %u (%u bytes)\n", got + i, seq,
				       pkts[i]->pkt_len);
				ret = TEST_FAILED;
			}
		}
		fpk_pktmbuf_free_bulk(pkts, n);
		got += n;
		if (ret != TEST_SUCCESS)
			break;
	}
	if (fpk_eal_wait_lcore(worker) != 0 && ret == TEST_SUCCESS) {
		printf("  the echo lcore did not see all %u packets\n", TOTAL);
		ret = TEST_FAILED;
	}
	if (got != TOTAL && ret == TEST_SUCCESS) {
		printf("  %u of %u packets came back\n", got, TOTAL);
		ret = TEST_FAILED;
	}
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_ring_lc0"), "remove");
	return ret;
}

TEST_ETH_REGISTER(pmd_ring_pair_lcores, test_pair_lcores)

/*
 * Overfill a 32-slot loop port made with @args; @bytes: whether it counts
 * bytes. Both burst flavours count refused packets and leave them alone.
 */
static int
ring_full_check(struct fpk_mempool *mp, const char *args, bool bytes)
{
	struct fpk_mbuf *pkts[40];
	struct fpk_eth_stats st;
	uint64_t full;
	uint16_t port;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_ring_fu0", args, &port), "create %s", args);
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, pkts, 40, 100, 0), "make");
	for (unsigned int i = 0; i < 40; i++)
		pkts[i]->port = 7;
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, pkts, 40), 32, "tx into 32 slots");
	/* The 8 refused packets are still the caller's, untouched. */
	for (unsigned int i = 32; i < 40; i++)
		TEST_ASSERT(test_eth_pkt_ok(pkts[i], i, 100, 0), "refused packet %u", i);
	fpk_pktmbuf_free_bulk(pkts + 32, 8);
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.opackets == 32 && st.obytes == (bytes ? 3200 : 0), "%s: tx %lu/%lu", args,
		    (unsigned long)st.opackets, (unsigned long)st.obytes);
	TEST_ASSERT_SUCCESS(fpk_eth_xstats_get_by_name(port, "tx_q0_ring_full", &full), "xstat");
	TEST_ASSERT_EQUAL(full, 8, "%s: ring_full %lu", args, (unsigned long)full);
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, pkts, 40), 32, "rx");
	for (unsigned int i = 0; i < 32; i++)
		TEST_ASSERT_EQUAL(pkts[i]->port, bytes ? port : 7, "%s: rx mbuf %u port", args, i);
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.ipackets == 32 && st.ibytes == (bytes ? 3200 : 0) &&
		    st.q_ipackets[0] == 32 && st.q_ibytes[0] == st.ibytes, "%s: rx %lu/%lu", args,
		    (unsigned long)st.ipackets, (unsigned long)st.ibytes);
	fpk_pktmbuf_free_bulk(pkts, 32);
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_ring_fu0"), "remove");
	return TEST_SUCCESS;
}

/* The default counts packets only and touches no mbuf; bytes=1 counts bytes and sets port. */
static int
test_ring_full(struct fpk_mempool *mp)
{
	TEST_RUN(ring_full_check(mp, "ring_size=32", false));
	TEST_RUN(ring_full_check(mp, "ring_size=32,bytes=0", false));
	TEST_RUN(ring_full_check(mp, "ring_size=32,bytes=1", true));
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_ring_full, test_ring_full)

static int
test_ring_args(struct fpk_mempool *mp)
{
	static const char *const bad[] = {
		"queues=0", "queues=17", "queues=x", "ring_size=0", "ring_size=4294967296",
		"pair=net_ring_ar0", "pair=", "bogus=1", "bytes=2", "bytes=",
		"pair=a_name_far_too_long_for_a_port_name_0123456789_0123456789_0123456789",
	};
	uint16_t n0 = fpk_eth_dev_count_avail(), port;

	(void)mp;
	for (size_t i = 0; i < FPK_DIM(bad); i++)
		TEST_ASSERT_EQUAL(fpk_vdev_create("net_ring_ar0", bad[i]), -EINVAL, "'%s' accepted",
				  bad[i]);
	/* The second name is taken: nothing is made. */
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_ar1", "", &port), "create null");
	TEST_ASSERT_EQUAL(fpk_vdev_create("net_ring_ar0", "pair=net_null_ar1"), -EEXIST,
			  "pair with a taken name");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_ar1"), "remove null");
	TEST_ASSERT_EQUAL(fpk_eth_dev_count_avail(), n0, "a refused vdev left a port");
	TEST_ASSERT_SUCCESS(fpk_vdev_create("net_ring_ar0", "queues=16,ring_size=1"), "good");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_ring_ar0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_ring_args, test_ring_args)
