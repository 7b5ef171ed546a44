/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the ethdev and PMD tests (test_ethdev*.c, test_pmd_*.c):
 * every test body runs through test_eth_run(), which hands it a fresh mbuf
 * pool and afterwards closes any port it left open and checks that every
 * mbuf came back (the leak check).
 */
#ifndef TEST_ETHDEV_H
#define TEST_ETHDEV_H

#include <stdint.h>

#include <fpk_ethdev.h>
#include <fpk_mbuf.h>

#include "test.h"

/** mbufs in the pool each test gets. */
#define TEST_ETH_NB_MBUF 2048
/** A typical burst. */
#define TEST_ETH_BURST 32

/** A test body: gets the test's pool, returns TEST_SUCCESS/FAILED/SKIPPED. */
typedef int (*test_eth_body_t)(struct fpk_mempool *mp);

/**
 * Run @body with a new pool of TEST_ETH_NB_MBUF mbufs. Afterwards close the
 * ports it left open (a failure if it had passed), check that the pool is
 * full again (a failure, naming the count, if not), and free the pool.
 * @return the test's verdict.
 */
int test_eth_run(test_eth_body_t body);

/** Register @body as the unit test @nm, run through test_eth_run(). */
#define TEST_ETH_REGISTER(nm, body)                                      \
	static int nm ## _run(void) { return test_eth_run(body); }       \
	FPK_TEST_REGISTER(nm, nm ## _run)

/**
 * Create the vdev @name with @args and return its port in *@port.
 * @return 0 or the negative errno of fpk_vdev_create()/the port lookup.
 */
int test_eth_vdev_port(const char *name, const char *args, uint16_t *port);

/**
 * Configure @port with @nb_rxq/@nb_txq queues and @conf (NULL: defaults),
 * set every queue up (rx ones from @mp) and start it.
 * @return 0 or the first negative errno.
 */
int test_eth_port_start(uint16_t port, uint16_t nb_rxq, uint16_t nb_txq,
			const struct fpk_eth_conf *conf, struct fpk_mempool *mp);

/**
 * Allocate @n single-segment packets of @len bytes from @mp; byte j of
 * packet i is (@seed + 7 * i + j) & 0xff.
 * @return 0, or -ENOMEM (none left allocated).
 */
int test_eth_pkts_make(struct fpk_mempool *mp, struct fpk_mbuf **pkts, unsigned int n,
		       uint16_t len, uint8_t seed);

/**
 * Check that @m is packet @i of a test_eth_pkts_make(..., @len, @seed) batch,
 * whole and in order (chains are read across segments). Prints the first
 * difference. @return true if it is.
 */
bool test_eth_pkt_ok(const struct fpk_mbuf *m, unsigned int i, uint16_t len, uint8_t seed);

#endif /* TEST_ETHDEV_H */
