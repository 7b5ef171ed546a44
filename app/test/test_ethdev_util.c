/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The harness of the ethdev and PMD tests (see test_ethdev.h): a fresh mbuf
 * pool per test, cleanup of ports a failed test left behind, the mbuf leak
 * check, and packets with a checkable pattern.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <fpk_bus_vdev.h>
#include <fpk_eal.h>

#include "test_ethdev.h"

#define TEST_ETH_POOL_NAME "test_eth_pool"
#define TEST_ETH_POOL_CACHE 32

/* Close @port, through its vdev when it has one so the vdev name is free again. */
static void
port_cleanup(uint16_t port)
{
	char name[FPK_ETH_NAME_MAX_LEN];

	if (fpk_eth_dev_get_name_by_port(port, name) != 0)
		return;
	fpk_eth_dev_stop(port);
	fpk_vdev_remove(name);
	if (fpk_eth_dev_is_valid_port(port))
		fpk_eth_dev_close(port);
}

int
test_eth_run(test_eth_body_t body)
{
	bool existed[FPK_MAX_ETHPORTS];
	struct fpk_mempool *mp;
	unsigned int avail;
	int ret;

	for (uint16_t p = 0; p < FPK_MAX_ETHPORTS; p++)
		existed[p] = fpk_eth_dev_is_valid_port(p);
	mp = fpk_pktmbuf_pool_create(TEST_ETH_POOL_NAME, TEST_ETH_NB_MBUF, TEST_ETH_POOL_CACHE, 0,
				     FPK_MBUF_DEFAULT_BUF_SIZE, FPK_SOCKET_ID_ANY);
	if (mp == NULL) {
		printf("  cannot create the test mbuf pool: %s\n", strerror(fpk_errno));
		return TEST_FAILED;
	}
	ret = body(mp);
	for (uint16_t p = 0; p < FPK_MAX_ETHPORTS; p++) {
		if (existed[p] || !fpk_eth_dev_is_valid_port(p))
			continue;
		if (ret == TEST_SUCCESS) {
			printf("  the test left port %u open\n", p);
			ret = TEST_FAILED;
		}
		port_cleanup(p);
	}
	avail = fpk_mempool_avail_count(mp);
	/* A failed test returns early and may hold mbufs: only judge the others. */
	if (ret != TEST_FAILED && avail != TEST_ETH_NB_MBUF) {
		printf("  %u of %u mbufs free afterwards (fewer: leaked; more: put back twice)\n",
		       avail, TEST_ETH_NB_MBUF);
		ret = TEST_FAILED;
	}
	fpk_mempool_free(mp);
	return ret;
}

int
test_eth_vdev_port(const char *name, const char *args, uint16_t *port)
{
	int ret = fpk_vdev_create(name, args);

	if (ret)
		return ret;
	return fpk_eth_dev_get_port_by_name(name, port);
}

int
test_eth_port_start(uint16_t port, uint16_t nb_rxq, uint16_t nb_txq,
		    const struct fpk_eth_conf *conf, struct fpk_mempool *mp)
{
	int ret = fpk_eth_dev_configure(port, nb_rxq, nb_txq, conf);

	for (uint16_t q = 0; ret == 0 && q < nb_rxq; q++)
		ret = fpk_eth_rx_queue_setup(port, q, 0, FPK_SOCKET_ID_ANY, NULL, mp);
	for (uint16_t q = 0; ret == 0 && q < nb_txq; q++)
		ret = fpk_eth_tx_queue_setup(port, q, 0, FPK_SOCKET_ID_ANY, NULL);
	return ret ? ret : fpk_eth_dev_start(port);
}

static uint8_t
pattern(unsigned int i, unsigned int j, uint8_t seed)
{
	return (uint8_t)(seed + 7 * i + j);
}

int
test_eth_pkts_make(struct fpk_mempool *mp, struct fpk_mbuf **pkts, unsigned int n,
		   uint16_t len, uint8_t seed)
{
	if (fpk_pktmbuf_alloc_bulk(mp, pkts, n) != 0)
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++) {
		uint8_t *d = (uint8_t *)fpk_pktmbuf_append(pkts[i], len);

		if (d == NULL) {
			fpk_pktmbuf_free_bulk(pkts, n);
			return -ENOMEM;
		}
		for (unsigned int j = 0; j < len; j++)
			d[j] = pattern(i, j, seed);
	}
	return 0;
}

bool
test_eth_pkt_ok(const struct fpk_mbuf *m, unsigned int i, uint16_t len, uint8_t seed)
{
	unsigned int j = 0;

	if (m->pkt_len != len) {
		printf("  packet %u: %u bytes, expected %u\n", i, m->pkt_len, len);
		return false;
	}
	for (const struct fpk_mbuf *seg = m; seg != NULL; seg = seg->next) {
		const uint8_t *d = fpk_pktmbuf_mtod(seg, const uint8_t *);

		for (unsigned int k = 0; k < seg->data_len; k++, j++) {
			if (d[k] != pattern(i, j, seed)) {
				printf("  packet %u byte %u: 0x%02x, expected 0x%02x\n", i, j, d[k],
				       pattern(i, j, seed));
				return false;
			}
		}
	}
	if (j != len) {
		printf("  packet %u: segments hold %u bytes, pkt_len says %u\n", i, j, len);
		return false;
	}
	return true;
}
