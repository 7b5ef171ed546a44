/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the ethdev API, on net_null and net_ring ports made at run
 * time: port table, configure/start/stop/close cycles, argument checking,
 * device info, statistics and xstats (every name a port reports checked
 * against a table of expected values), link, MAC, promiscuous/all-multicast,
 * MTU, event callbacks, tx buffering, bursts on stopped ports, and on a fake
 * RSS device (a net_null port with ops of the test's own) RSS redirection
 * table and hash changes, per-queue start/stop, queue info, link up/down
 * by hand and the multicast list. Every test runs through test_eth_run(), so
 * each one ends with the mbuf leak check.
 */
#include <errno.h>
#include <string.h>

#include <fpk_bus_vdev.h>
#include <fpk_eal.h>
#include <fpk_eth_ring.h>
#include <fpk_ethdev_driver.h>

#include "test_ethdev.h"

/* A port number no test uses. */
#define BAD_PORT (FPK_MAX_ETHPORTS - 1)

static int
test_lifecycle(struct fpk_mempool *mp)
{
	struct fpk_mbuf *pkts[TEST_ETH_BURST];
	char name[FPK_ETH_NAME_MAX_LEN];
	uint16_t n0 = fpk_eth_dev_count_avail(), port, id;
	struct fpk_eth_dev_info info;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_lc0", "", &port), "create net_null_lc0");
	TEST_ASSERT_EQUAL(fpk_eth_dev_count_avail(), n0 + 1, "count after create");
	TEST_ASSERT(fpk_eth_dev_is_valid_port(port), "new port not valid");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_get_name_by_port(port, name), "name by port");
	TEST_ASSERT(strcmp(name, "net_null_lc0") == 0, "port name '%s'", name);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_get_port_by_name("net_null_lc0", &id), "port by name");
	TEST_ASSERT_EQUAL(id, port, "port by name %u, expected %u", id, port);
	TEST_ASSERT_EQUAL(fpk_eth_find_next(port), port, "find_next skips the port");
	TEST_ASSERT_EQUAL(fpk_eth_dev_is_started(port), 0, "started before start");
	TEST_ASSERT_EQUAL(fpk_eth_dev_start(port), -EINVAL, "start before configure");

	/* A queue not set up keeps the port from starting. */
	TEST_ASSERT_SUCCESS(fpk_eth_dev_configure(port, 2, 2, NULL), "configure 2/2");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_info_get(port, &info), "info");
	TEST_ASSERT(info.nb_rx_queues == 2 && info.nb_tx_queues == 2, "queue counts %u/%u",
		    info.nb_rx_queues, info.nb_tx_queues);
	/* Every tx queue set up but rx queue 1: only the rx check can refuse. */
	TEST_ASSERT_SUCCESS(fpk_eth_tx_queue_setup(port, 0, 0, 0, NULL), "txq 0");
	TEST_ASSERT_SUCCESS(fpk_eth_tx_queue_setup(port, 1, 0, 0, NULL), "txq 1");
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_setup(port, 0, 0, 0, NULL, mp), "rxq 0");
	TEST_ASSERT_EQUAL(fpk_eth_dev_start(port), -EINVAL, "start with rx queue 1 missing");
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_setup(port, 1, 0, 0, NULL, mp), "rxq 1");
	/* The other way round: one more tx queue, not set up. */
	TEST_ASSERT_SUCCESS(fpk_eth_dev_configure(port, 2, 3, NULL), "configure 2/3");
	TEST_ASSERT_EQUAL(fpk_eth_dev_start(port), -EINVAL, "start with tx queue 2 missing");
	TEST_ASSERT_SUCCESS(fpk_eth_tx_queue_setup(port, 2, 0, 0, NULL), "txq 2");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start");
	TEST_ASSERT_EQUAL(fpk_eth_dev_is_started(port), 1, "not started after start");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "second start");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "second stop");
	TEST_ASSERT_EQUAL(fpk_eth_dev_is_started(port), 0, "started after stop");

	/* Shrinking keeps the remaining queues set up; then several full cycles. */
	TEST_ASSERT_SUCCESS(fpk_eth_dev_configure(port, 1, 1, NULL), "configure 1/1");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start after shrinking");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop after shrinking");
	for (uint16_t nq = 1; nq <= 4; nq++) {
		TEST_ASSERT_SUCCESS(test_eth_port_start(port, nq, nq, NULL, mp), "cycle %u", nq);
		for (uint16_t q = 0; q < nq; q++) {
			uint16_t nb = fpk_eth_rx_burst(port, q, pkts, TEST_ETH_BURST);

			TEST_ASSERT_EQUAL(nb, TEST_ETH_BURST, "cycle %u rxq %u: %u packets", nq, q,
					  nb);
			TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, q, pkts, nb), nb, "cycle %u tx",
					  nq);
		}
		TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "cycle %u stop", nq);
	}

	TEST_ASSERT_SUCCESS(fpk_eth_dev_close(port), "close");
	TEST_ASSERT(!fpk_eth_dev_is_valid_port(port), "port valid after close");
	TEST_ASSERT_EQUAL(fpk_eth_dev_count_avail(), n0, "count after close");
	TEST_ASSERT_EQUAL(fpk_eth_dev_close(port), -ENODEV, "second close");
	TEST_ASSERT_EQUAL(fpk_eth_dev_get_port_by_name("net_null_lc0", &id), -ENODEV,
			  "closed port still found by name");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_lc0"), "vdev remove after close");

	/* Removing the vdev of a started port stops and closes it. */
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_lc1", "", &port), "create net_null_lc1");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start net_null_lc1");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_lc1"), "remove started vdev");
	TEST_ASSERT(!fpk_eth_dev_is_valid_port(port), "port valid after vdev remove");
	TEST_ASSERT_EQUAL(fpk_vdev_remove("net_null_lc1"), -ENOENT, "second vdev remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(ethdev_lifecycle, test_lifecycle)

static int
test_port_table(struct fpk_mempool *mp)
{
	uint16_t n0 = fpk_eth_dev_count_avail(), made = 0;
	char name[32];
	int ret = 0;

	(void)mp;
	/* Fill the table: the first refused port must be refused for lack of room. */
	while (made <= FPK_MAX_ETHPORTS) {
		snprintf(name, sizeof(name), "net_null_tbl%u", made);
		ret = fpk_vdev_create(name, "");
		if (ret)
			break;
		made++;
	}
	TEST_ASSERT_EQUAL(ret, -ENOSPC, "creating port %u: %d, expected -ENOSPC", made, ret);
	TEST_ASSERT_EQUAL(made, FPK_MAX_ETHPORTS - n0, "%u ports made, %u free before", made,
			  FPK_MAX_ETHPORTS - n0);
	TEST_ASSERT_EQUAL(fpk_eth_dev_count_avail(), FPK_MAX_ETHPORTS, "count with a full table");
	for (uint16_t i = 0; i < made; i++) {
		snprintf(name, sizeof(name), "net_null_tbl%u", i);
		TEST_ASSERT_SUCCESS(fpk_vdev_remove(name), "remove %s", name);
	}
	TEST_ASSERT_EQUAL(fpk_eth_dev_count_avail(), n0, "count after removing them");
	/* Ids are reused. */
	TEST_ASSERT_SUCCESS(fpk_vdev_create("net_null_tbl0", ""), "create after freeing");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_tbl0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(ethdev_port_table, test_port_table)

static int
dummy_cb(uint16_t port, enum fpk_eth_event_type ev, void *arg, void *param)
{
	(void)port;
	(void)ev;
	(void)arg;
	(void)param;
	return 0;
}

/* Every API on a port that does not exist says so. */
static int
bad_port_checks(void)
{
	struct fpk_eth_rss_reta_entry64 reta = { .mask = 1 };
	struct fpk_eth_rss_conf rss = { 0 };
	struct fpk_eth_dev_info info;
	struct fpk_eth_stats stats;
	struct fpk_eth_link link;
	struct fpk_ether_addr mac;
	char name[FPK_ETH_NAME_MAX_LEN];
	uint16_t mtu;
	uint64_t v;

	TEST_ASSERT(!fpk_eth_dev_is_valid_port(BAD_PORT), "port %u unexpectedly in use", BAD_PORT);
	TEST_ASSERT(!fpk_eth_dev_is_valid_port(FPK_MAX_ETHPORTS), "port MAX valid");
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(BAD_PORT, 1, 1, NULL), -ENODEV, "configure");
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(FPK_MAX_ETHPORTS, 1, 1, NULL), -ENODEV,
			  "configure MAX");
	TEST_ASSERT_EQUAL(fpk_eth_dev_info_get(BAD_PORT, &info), -ENODEV, "info");
	TEST_ASSERT_EQUAL(fpk_eth_rx_queue_setup(BAD_PORT, 0, 0, 0, NULL, NULL), -ENODEV, "rxq");
	TEST_ASSERT_EQUAL(fpk_eth_tx_queue_setup(BAD_PORT, 0, 0, 0, NULL), -ENODEV, "txq");
	TEST_ASSERT_EQUAL(fpk_eth_dev_start(BAD_PORT), -ENODEV, "start");
	TEST_ASSERT_EQUAL(fpk_eth_dev_stop(BAD_PORT), -ENODEV, "stop");
	TEST_ASSERT_EQUAL(fpk_eth_dev_close(BAD_PORT), -ENODEV, "close");
	TEST_ASSERT_EQUAL(fpk_eth_dev_reset(BAD_PORT), -ENODEV, "reset");
	TEST_ASSERT_EQUAL(fpk_eth_dev_is_started(BAD_PORT), -ENODEV, "is_started");
	TEST_ASSERT_EQUAL(fpk_eth_dev_socket_id(BAD_PORT), -EINVAL, "socket_id");
	TEST_ASSERT_EQUAL(fpk_eth_dev_get_name_by_port(BAD_PORT, name), -ENODEV, "name");
	TEST_ASSERT_EQUAL(fpk_eth_stats_get(BAD_PORT, &stats), -ENODEV, "stats_get");
	TEST_ASSERT_EQUAL(fpk_eth_stats_reset(BAD_PORT), -ENODEV, "stats_reset");
	TEST_ASSERT_EQUAL(fpk_eth_xstats_get_names(BAD_PORT, NULL, 0), -ENODEV, "xstats names");
	TEST_ASSERT_EQUAL(fpk_eth_xstats_get(BAD_PORT, NULL, 0), -ENODEV, "xstats");
	TEST_ASSERT_EQUAL(fpk_eth_xstats_get_by_name(BAD_PORT, "rx_good_packets", &v), -ENODEV,
			  "xstats by name");
	TEST_ASSERT_EQUAL(fpk_eth_xstats_reset(BAD_PORT), -ENODEV, "xstats_reset");
	TEST_ASSERT_EQUAL(fpk_eth_link_get_nowait(BAD_PORT, &link), -ENODEV, "link");
	TEST_ASSERT_EQUAL(fpk_eth_link_get(BAD_PORT, &link), -ENODEV, "link wait");
	TEST_ASSERT_EQUAL(fpk_eth_macaddr_get(BAD_PORT, &mac), -ENODEV, "mac get");
	fpk_eth_random_addr(mac.addr_bytes);
	TEST_ASSERT_EQUAL(fpk_eth_dev_default_mac_addr_set(BAD_PORT, &mac), -ENODEV, "mac set");
	TEST_ASSERT_EQUAL(fpk_eth_promiscuous_enable(BAD_PORT), -ENODEV, "promisc on");
	TEST_ASSERT_EQUAL(fpk_eth_promiscuous_disable(BAD_PORT), -ENODEV, "promisc off");
	TEST_ASSERT_EQUAL(fpk_eth_promiscuous_get(BAD_PORT), -ENODEV, "promisc get");
	TEST_ASSERT_EQUAL(fpk_eth_allmulticast_enable(BAD_PORT), -ENODEV, "allmulti on");
	TEST_ASSERT_EQUAL(fpk_eth_allmulticast_get(BAD_PORT), -ENODEV, "allmulti get");
	TEST_ASSERT_EQUAL(fpk_eth_dev_set_mtu(BAD_PORT, 1500), -ENODEV, "set mtu");
	TEST_ASSERT_EQUAL(fpk_eth_dev_get_mtu(BAD_PORT, &mtu), -ENODEV, "get mtu");
	TEST_ASSERT_EQUAL(fpk_eth_dev_callback_register(BAD_PORT, FPK_ETH_EVENT_INTR_LSC,
							dummy_cb, NULL), -EINVAL, "callback");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rx_queue_start(BAD_PORT, 0), -ENODEV, "rxq start");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rx_queue_stop(BAD_PORT, 0), -ENODEV, "rxq stop");
	TEST_ASSERT_EQUAL(fpk_eth_dev_tx_queue_start(BAD_PORT, 0), -ENODEV, "txq start");
	TEST_ASSERT_EQUAL(fpk_eth_dev_tx_queue_stop(BAD_PORT, 0), -ENODEV, "txq stop");
	TEST_ASSERT_EQUAL(fpk_eth_rx_queue_state(BAD_PORT, 0), -ENODEV, "rxq state");
	TEST_ASSERT_EQUAL(fpk_eth_tx_queue_state(BAD_PORT, 0), -ENODEV, "txq state");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_update(BAD_PORT, &reta, 64), -ENODEV, "reta update");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_query(BAD_PORT, &reta, 64), -ENODEV, "reta query");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_hash_update(BAD_PORT, &rss), -ENODEV, "hash update");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_hash_conf_get(BAD_PORT, &rss), -ENODEV, "hash get");
	return TEST_SUCCESS;
}

static int
null_arg_checks(uint16_t port)
{
	struct fpk_eth_dev_tx_buffer buf;
	struct fpk_eth_link link = { 0 };
	char str[64];
	uint16_t id;
	uint64_t v;

	TEST_ASSERT_EQUAL(fpk_eth_dev_info_get(port, NULL), -EINVAL, "info NULL");
	TEST_ASSERT_EQUAL(fpk_eth_stats_get(port, NULL), -EINVAL, "stats NULL");
	TEST_ASSERT_EQUAL(fpk_eth_link_get_nowait(port, NULL), -EINVAL, "link NULL");
	TEST_ASSERT_EQUAL(fpk_eth_macaddr_get(port, NULL), -EINVAL, "mac get NULL");
	TEST_ASSERT_EQUAL(fpk_eth_dev_default_mac_addr_set(port, NULL), -EINVAL, "mac set NULL");
	TEST_ASSERT_EQUAL(fpk_eth_dev_get_mtu(port, NULL), -EINVAL, "mtu NULL");
	TEST_ASSERT_EQUAL(fpk_eth_dev_get_name_by_port(port, NULL), -EINVAL, "name NULL");
	TEST_ASSERT_EQUAL(fpk_eth_dev_get_port_by_name(NULL, &id), -EINVAL, "by name NULL");
	TEST_ASSERT_EQUAL(fpk_eth_dev_get_port_by_name("net_null_nosuch", &id), -ENODEV,
			  "by unknown name");
	TEST_ASSERT_EQUAL(fpk_eth_xstats_get_by_name(port, NULL, &v), -EINVAL, "xstat NULL");
	TEST_ASSERT_EQUAL(fpk_eth_xstats_get_by_name(port, "rx_good_packets", NULL), -EINVAL,
			  "xstat value NULL");
	TEST_ASSERT_EQUAL(fpk_eth_link_to_str(NULL, 10, &link), -EINVAL, "to_str NULL buffer");
	TEST_ASSERT_EQUAL(fpk_eth_link_to_str(str, 0, &link), -EINVAL, "to_str len 0");
	TEST_ASSERT_EQUAL(fpk_eth_link_to_str(str, sizeof(str), NULL), -EINVAL, "to_str NULL");
	TEST_ASSERT_EQUAL(fpk_eth_dev_callback_register(port, FPK_ETH_EVENT_UNKNOWN, dummy_cb,
							NULL), -EINVAL, "event UNKNOWN");
	TEST_ASSERT_EQUAL(fpk_eth_dev_callback_register(port, FPK_ETH_EVENT_MAX, dummy_cb, NULL),
			  -EINVAL, "event MAX");
	TEST_ASSERT_EQUAL(fpk_eth_dev_callback_register(port, FPK_ETH_EVENT_INTR_LSC, NULL, NULL),
			  -EINVAL, "NULL callback");
	TEST_ASSERT_EQUAL(fpk_eth_dev_callback_unregister(port, FPK_ETH_EVENT_INTR_LSC, dummy_cb,
							  NULL), -ENOENT, "unregister unknown");
	TEST_ASSERT_EQUAL(fpk_eth_dev_callback_unregister(port, FPK_ETH_EVENT_INTR_LSC, NULL,
							  NULL), -EINVAL, "unregister NULL");
	TEST_ASSERT_EQUAL(fpk_eth_tx_buffer_init(NULL, 4), -EINVAL, "tx buffer NULL");
	TEST_ASSERT_EQUAL(fpk_eth_tx_buffer_init(&buf, 0), -EINVAL, "tx buffer size 0");
	TEST_ASSERT_EQUAL(fpk_eth_tx_buffer_set_err_callback(&buf, NULL, NULL), -EINVAL,
			  "tx buffer NULL callback");
	TEST_ASSERT_EQUAL(fpk_eth_dev_reset(port), -ENOTSUP, "reset on net_null");
	return TEST_SUCCESS;
}

static int
config_checks(uint16_t port, uint16_t ring_port, struct fpk_mempool *mp)
{
	struct fpk_eth_conf conf;

	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(port, 0, 0, NULL), -EINVAL, "0/0 queues");
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(port, FPK_MAX_QUEUES_PER_PORT + 1, 1, NULL),
			  -EINVAL, "too many rx queues");
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(port, 1, FPK_MAX_QUEUES_PER_PORT + 1, NULL),
			  -EINVAL, "too many tx queues");
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = FPK_ETH_RX_OFFLOAD_SCATTER;
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(port, 1, 1, &conf), -EINVAL, "rx offload");
	memset(&conf, 0, sizeof(conf));
	conf.txmode.offloads = FPK_ETH_TX_OFFLOAD_TCP_CKSUM;
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(port, 1, 1, &conf), -EINVAL, "tx offload");
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mtu = 67;
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(port, 1, 1, &conf), -EINVAL, "MTU 67");
	conf.rxmode.mtu = 65536;
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(port, 1, 1, &conf), -EINVAL, "MTU 65536");
	memset(&conf, 0, sizeof(conf));
	conf.intr_conf.rxq = 1;
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(port, 1, 1, &conf), -ENOTSUP, "rx interrupts");
	/* net_null takes RSS settings, net_ring has no RSS at all. */
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = FPK_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf.rss_hf = FPK_ETH_RSS_IP;
	TEST_ASSERT_SUCCESS(fpk_eth_dev_configure(port, 2, 2, &conf), "RSS on net_null");
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(ring_port, 1, 1, &conf), -EINVAL, "RSS on ring");
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(ring_port, 2, 1, NULL), -EINVAL,
			  "more rx queues than rings");

	TEST_ASSERT_SUCCESS(fpk_eth_dev_configure(port, 1, 1, NULL), "configure");
	TEST_ASSERT_EQUAL(fpk_eth_rx_queue_setup(port, 1, 0, 0, NULL, mp), -EINVAL,
			  "rx queue beyond the configured ones");
	TEST_ASSERT_EQUAL(fpk_eth_tx_queue_setup(port, 1, 0, 0, NULL), -EINVAL,
			  "tx queue beyond the configured ones");
	TEST_ASSERT_EQUAL(fpk_eth_rx_queue_setup(port, 0, 0, 0, NULL, NULL), -EINVAL, "no pool");
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_setup(port, 0, 0, 0, NULL, mp), "rxq");
	TEST_ASSERT_EQUAL(fpk_eth_dev_start(port), -EINVAL, "start without its tx queue");
	TEST_ASSERT_SUCCESS(fpk_eth_tx_queue_setup(port, 0, 0, 0, NULL), "txq");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start");
	TEST_ASSERT_EQUAL(fpk_eth_rx_queue_setup(port, 0, 0, 0, NULL, mp), -EBUSY, "rxq started");
	TEST_ASSERT_EQUAL(fpk_eth_tx_queue_setup(port, 0, 0, 0, NULL), -EBUSY, "txq started");
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(port, 1, 1, NULL), -EBUSY, "configure started");
	TEST_ASSERT_EQUAL(fpk_eth_dev_close(port), -EBUSY, "close started");
	TEST_ASSERT_EQUAL(fpk_eth_dev_set_mtu(port, 67), -EINVAL, "set MTU 67");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	return TEST_SUCCESS;
}

static int
test_bad_args(struct fpk_mempool *mp)
{
	struct fpk_ether_addr mac;
	uint16_t port, ring_port;
	int ret;

	TEST_RUN(bad_port_checks());
	TEST_ASSERT_EQUAL(fpk_vdev_create("net_nosuchdriver0", ""), -EINVAL, "unknown driver");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_ba0", "", &port), "create null");
	TEST_ASSERT_EQUAL(fpk_vdev_create("net_null_ba0", ""), -EEXIST, "same vdev twice");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_ring_ba0", "", &ring_port), "create ring");
	ret = null_arg_checks(port);
	if (ret == TEST_SUCCESS)
		ret = config_checks(port, ring_port, mp);
	if (ret == TEST_SUCCESS) {
		/* Multicast, broadcast and zero addresses are not a port's address. */
		TEST_ASSERT_SUCCESS(fpk_ether_unformat_addr("01:00:5e:00:00:01", &mac), "parse");
		ret = fpk_eth_dev_default_mac_addr_set(port, &mac) == -EINVAL ? TEST_SUCCESS :
		      TEST_FAILED;
		memset(&mac, 0, sizeof(mac));
		if (fpk_eth_dev_default_mac_addr_set(port, &mac) != -EINVAL)
			ret = TEST_FAILED;
		memset(&mac, 0xff, sizeof(mac));
		if (fpk_eth_dev_default_mac_addr_set(port, &mac) != -EINVAL)
			ret = TEST_FAILED;
		if (ret != TEST_SUCCESS)
			printf("  a non-unicast MAC address was accepted\n");
	}
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_ba0"), "remove null");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_ring_ba0"), "remove ring");
	return ret;
}

TEST_ETH_REGISTER(ethdev_bad_args, test_bad_args)

static int
test_info(struct fpk_mempool *mp)
{
	struct fpk_ring *rx[3], *tx[2];
	struct fpk_eth_dev_info info;
	uint16_t null_port;
	char rname[32];
	int port;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_in0", "", &null_port), "create null");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_info_get(null_port, &info), "info");
	TEST_ASSERT(strcmp(info.driver_name, "net_null") == 0, "driver %s", info.driver_name);
	TEST_ASSERT(strcmp(info.device_name, "net_null_in0") == 0, "device %s", info.device_name);
	TEST_ASSERT_EQUAL(info.max_rx_queues, FPK_MAX_QUEUES_PER_PORT, "max rx queues %u",
			  info.max_rx_queues);
	TEST_ASSERT_EQUAL(info.max_tx_queues, FPK_MAX_QUEUES_PER_PORT, "max tx queues %u",
			  info.max_tx_queues);
	TEST_ASSERT(info.nb_rx_queues == 0 && info.nb_tx_queues == 0, "queues before configure");
	TEST_ASSERT(info.min_mtu <= FPK_ETHER_MTU && info.max_mtu >= FPK_ETHER_MTU,
		    "MTU range %u..%u", info.min_mtu, info.max_mtu);
	TEST_ASSERT(info.tx_offload_capa & FPK_ETH_TX_OFFLOAD_MULTI_SEGS, "no multi-seg tx");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_in0"), "remove null");

	/* A ring port has as many queues as it was given rings, on its NUMA node. */
	for (unsigned int i = 0; i < 3; i++) {
		snprintf(rname, sizeof(rname), "t_in_rx%u", i);
		rx[i] = fpk_ring_create(rname, 64, FPK_SOCKET_ID_ANY,
					 FPK_RING_F_SP_ENQ | FPK_RING_F_SC_DEQ);
		TEST_ASSERT_NOT_NULL(rx[i], "ring %s", rname);
		if (i < 2) {
			snprintf(rname, sizeof(rname), "t_in_tx%u", i);
			tx[i] = fpk_ring_create(rname, 64, FPK_SOCKET_ID_ANY,
						 FPK_RING_F_SP_ENQ | FPK_RING_F_SC_DEQ);
			TEST_ASSERT_NOT_NULL(tx[i], "ring %s", rname);
		}
	}
	port = fpk_eth_from_rings("ring_in0", rx, 3, tx, 2, 0);
	TEST_ASSERT(port >= 0, "from_rings: %d", port);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_info_get((uint16_t)port, &info), "ring info");
	TEST_ASSERT(strcmp(info.driver_name, "net_ring") == 0, "driver %s", info.driver_name);
	TEST_ASSERT(info.max_rx_queues == 3 && info.max_tx_queues == 2, "max queues %u/%u",
		    info.max_rx_queues, info.max_tx_queues);
	TEST_ASSERT_EQUAL(info.numa_node, 0, "numa node %d", info.numa_node);
	TEST_ASSERT_EQUAL(fpk_eth_dev_socket_id((uint16_t)port), 0, "socket id");
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure((uint16_t)port, 4, 2, NULL), -EINVAL, "4 rx");
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure((uint16_t)port, 3, 3, NULL), -EINVAL, "3 tx");
	TEST_ASSERT_SUCCESS(test_eth_port_start((uint16_t)port, 3, 2, NULL, mp), "start 3/2");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_info_get((uint16_t)port, &info), "info after start");
	TEST_ASSERT(info.nb_rx_queues == 3 && info.nb_tx_queues == 2, "configured %u/%u",
		    info.nb_rx_queues, info.nb_tx_queues);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop((uint16_t)port), "stop");
	/* A port may have queues in one direction only. */
	TEST_ASSERT_SUCCESS(test_eth_port_start((uint16_t)port, 0, 2, NULL, mp), "tx only");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop((uint16_t)port), "stop");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_close((uint16_t)port), "close");
	for (unsigned int i = 0; i < 3; i++)
		fpk_ring_free(rx[i]);
	for (unsigned int i = 0; i < 2; i++)
		fpk_ring_free(tx[i]);
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(ethdev_info, test_info)

/* Value of xstat @name, or UINT64_MAX with a message. */
static uint64_t
xstat(uint16_t port, const char *name)
{
	uint64_t v;
	int ret = fpk_eth_xstats_get_by_name(port, name, &v);

	if (ret) {
		printf("  xstat %s: %d\n", name, ret);
		return UINT64_MAX;
	}
	return v;
}

/* An xstat the test expects, with the value it must have. */
struct xstat_want {
	const char *name;
	uint64_t value;
};

#define XSTATS_MAX 64

/*
 * Check the xstats of @port against @want, a table the test wrote out: the
 * port must report exactly those names (none missing, none extra, none
 * twice), each with its value both in the list (fpk_eth_xstats_get_names()
 * and fpk_eth_xstats_get() at the same index) and by name.
 */
static int
xstats_check(uint16_t port, const struct xstat_want *want, unsigned int nb_want)
{
	static struct fpk_eth_xstat_name names[XSTATS_MAX];
	static struct fpk_eth_xstat vals[XSTATS_MAX];
	bool seen[XSTATS_MAX] = { false };
	int n = fpk_eth_xstats_get_names(port, NULL, 0);

	TEST_ASSERT(nb_want <= XSTATS_MAX, "table of %u xstats", nb_want);
	TEST_ASSERT(n >= 0 && n <= XSTATS_MAX, "xstats count %d", n);
	memset(names, 0, sizeof(names));
	memset(vals, 0xff, sizeof(vals));
	TEST_ASSERT_EQUAL(fpk_eth_xstats_get_names(port, names, (unsigned int)n), n, "names");
	TEST_ASSERT_EQUAL(fpk_eth_xstats_get(port, vals, (unsigned int)n), n, "values");
	for (int i = 0; i < n; i++) {
		unsigned int j = 0;
		uint64_t v = UINT64_MAX;

		while (j < nb_want && strcmp(want[j].name, names[i].name) != 0)
			j++;
		TEST_ASSERT(j < nb_want, "xstat %d '%s' (value %lu) is not an expected name", i,
			    names[i].name, (unsigned long)vals[i].value);
		TEST_ASSERT(!seen[j], "xstat '%s' reported twice", names[i].name);
		seen[j] = true;
		TEST_ASSERT_EQUAL(vals[i].id, (uint64_t)i, "xstat %d '%s' has id %lu", i,
				  names[i].name, (unsigned long)vals[i].id);
		TEST_ASSERT_EQUAL(vals[i].value, want[j].value,
				  "xstat %d '%s' is %lu, expected %lu", i, names[i].name,
				  (unsigned long)vals[i].value, (unsigned long)want[j].value);
		TEST_ASSERT_SUCCESS(fpk_eth_xstats_get_by_name(port, want[j].name, &v),
				    "by name %s", want[j].name);
		TEST_ASSERT_EQUAL(v, want[j].value, "xstat '%s' by name is %lu, expected %lu",
				  want[j].name, (unsigned long)v, (unsigned long)want[j].value);
	}
	for (unsigned int j = 0; j < nb_want; j++)
		TEST_ASSERT(seen[j], "xstat '%s' missing", want[j].name);
	TEST_ASSERT_EQUAL((unsigned int)n, nb_want, "%d xstats, expected %u", n, nb_want);
	return TEST_SUCCESS;
}

static int
test_stats_xstats(struct fpk_mempool *mp)
{
	/* What the traffic below leaves; net_ring counts no errors. */
	static const struct xstat_want want[] = {
		{ "rx_good_packets", 15 },
		{ "tx_good_packets", 63 },
		{ "rx_good_bytes", 1300 },
		{ "tx_good_bytes", 1300 + 48 * 64 },
		{ "rx_missed_errors", 0 },
		{ "rx_errors", 0 },
		{ "tx_errors", 0 },
		{ "rx_mbuf_allocation_errors", 0 },
		{ "rx_q0_packets", 10 },
		{ "rx_q0_bytes", 1000 },
		{ "rx_q0_errors", 0 },
		{ "rx_q1_packets", 5 },
		{ "rx_q1_bytes", 300 },
		{ "rx_q1_errors", 0 },
		{ "tx_q0_packets", 10 + 48 },
		{ "tx_q0_bytes", 1000 + 48 * 64 },
		{ "tx_q1_packets", 5 },
		{ "tx_q1_bytes", 300 },
		{ "tx_q0_ring_full", 16 },
		{ "tx_q1_ring_full", 0 },
	};
	static struct fpk_eth_xstat_name names[64];
	static struct fpk_eth_xstat vals[64];
	struct fpk_mbuf *pkts[64];
	struct fpk_eth_stats st;
	uint16_t port;
	int n;

	/* bytes=1: the byte counters are the point here. */
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_ring_st0", "queues=2,ring_size=48,bytes=1",
					       &port), "create ring loop");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 2, 2, NULL, mp), "start");
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, pkts, 10, 100, 1), "make q0 packets");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, pkts, 10), 10, "tx q0");
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, pkts, 5, 60, 2), "make q1 packets");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 1, pkts, 5), 5, "tx q1");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, pkts, 64), 10, "rx q0");
	fpk_pktmbuf_free_bulk(pkts, 10);
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 1, pkts, 64), 5, "rx q1");
	fpk_pktmbuf_free_bulk(pkts, 5);

	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.opackets == 15 && st.obytes == 1300, "tx %lu pkts %lu bytes",
		    (unsigned long)st.opackets, (unsigned long)st.obytes);
	TEST_ASSERT(st.ipackets == 15 && st.ibytes == 1300, "rx %lu pkts %lu bytes",
		    (unsigned long)st.ipackets, (unsigned long)st.ibytes);
	TEST_ASSERT(st.q_opackets[0] == 10 && st.q_obytes[0] == 1000 && st.q_opackets[1] == 5 &&
		    st.q_obytes[1] == 300, "tx per queue");
	TEST_ASSERT(st.q_ipackets[0] == 10 && st.q_ibytes[0] == 1000 && st.q_ipackets[1] == 5 &&
		    st.q_ibytes[1] == 300, "rx per queue");
	TEST_ASSERT(st.imissed == 0 && st.ierrors == 0 && st.oerrors == 0 && st.rx_nombuf == 0,
		    "error counters");

	/* Fill queue 0's ring: the rest stays with the caller and is counted. */
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, pkts, 64, 64, 3), "make 64");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, pkts, 64), 48, "tx into a 48-slot ring");
	fpk_pktmbuf_free_bulk(&pkts[48], 16);

	/* Generic xstats, then the driver's: 8 + 3 per rx queue + 2 per tx queue + 2. */
	n = fpk_eth_xstats_get_names(port, NULL, 0);
	TEST_ASSERT_EQUAL(n, 8 + 3 * 2 + 2 * 2 + 2, "xstats count %d", n);
	TEST_ASSERT_EQUAL(fpk_eth_xstats_get_names(port, NULL, 5), n, "count with NULL");
	TEST_ASSERT_EQUAL(fpk_eth_xstats_get(port, NULL, 0), n, "value count");
	memset(names, 0, sizeof(names));
	TEST_ASSERT_EQUAL(fpk_eth_xstats_get_names(port, names, (unsigned int)n - 1), n,
			  "short array");
	TEST_ASSERT_EQUAL(names[0].name[0], '\0', "short array was written");
	TEST_ASSERT_EQUAL(fpk_eth_xstats_get_names(port, names, (unsigned int)n), n, "names");
	TEST_ASSERT_EQUAL(fpk_eth_xstats_get(port, vals, (unsigned int)n), n, "values");
	TEST_RUN(xstats_check(port, want, FPK_DIM(want)));
	TEST_ASSERT(strcmp(names[0].name, "rx_good_packets") == 0, "first xstat %s",
		    names[0].name);
	TEST_ASSERT_EQUAL(xstat(port, "tx_good_packets"), 63, "tx_good_packets");
	TEST_ASSERT_EQUAL(xstat(port, "tx_good_bytes"), 1300 + 48 * 64, "tx_good_bytes");
	TEST_ASSERT_EQUAL(xstat(port, "rx_q1_bytes"), 300, "rx_q1_bytes");
	TEST_ASSERT_EQUAL(xstat(port, "tx_q0_packets"), 58, "tx_q0_packets");
	TEST_ASSERT_EQUAL(xstat(port, "tx_q0_ring_full"), 16, "tx_q0_ring_full");
	TEST_ASSERT_EQUAL(xstat(port, "tx_q1_ring_full"), 0, "tx_q1_ring_full");
	{
		uint64_t v;

		TEST_ASSERT_EQUAL(fpk_eth_xstats_get_by_name(port, "no_such_xstat", &v), -ENOENT,
				  "unknown xstat");
	}

	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, pkts, 64), 48, "drain q0");
	fpk_pktmbuf_free_bulk(pkts, 48);
	TEST_ASSERT_SUCCESS(fpk_eth_stats_reset(port), "reset");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats after reset");
	TEST_ASSERT(st.ipackets == 0 && st.opackets == 0 && st.ibytes == 0 && st.obytes == 0 &&
		    st.q_ipackets[0] == 0 && st.q_obytes[1] == 0, "stats not reset");
	TEST_ASSERT_EQUAL(xstat(port, "tx_q0_ring_full"), 0, "ring_full after reset");
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, pkts, 1, 64, 4), "make 1");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 1, pkts, 1), 1, "tx 1");
	TEST_ASSERT_EQUAL(xstat(port, "tx_q1_packets"), 1, "count after reset");
	TEST_ASSERT_SUCCESS(fpk_eth_xstats_reset(port), "xstats reset");
	TEST_ASSERT_EQUAL(xstat(port, "tx_q1_packets"), 0, "count after xstats reset");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 1, pkts, 64), 1, "drain q1");
	fpk_pktmbuf_free(pkts[0]);
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_ring_st0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(ethdev_stats_xstats, test_stats_xstats)

/*
 * Neither net_null nor net_ring counts errors or missed packets. So that
 * rx_errors, tx_errors, rx_missed_errors and rx_qN_errors have values of
 * their own, ethdev_xstats_values gives its net_null port these stats ops:
 * net_null's counters plus the errors below, as a driver that counts
 * errors per rx queue reports them in fpk_eth_stats.
 */
#define XV_NB_RXQ 2
#define XV_NB_TXQ 3

static struct {
	const struct fpk_eth_dev_ops *null_ops;
	struct fpk_eth_dev_ops ops;
	uint64_t q_errors[XV_NB_RXQ];
	uint64_t imissed;
	uint64_t oerrors;
} xv;

static int
xv_stats_get(struct fpk_eth_dev *dev, struct fpk_eth_stats *st)
{
	int ret = xv.null_ops->stats_get(dev, st);

	if (ret)
		return ret;
	for (unsigned int q = 0; q < XV_NB_RXQ; q++) {
		st->q_errors[q] += xv.q_errors[q];
		st->ierrors += xv.q_errors[q];
	}
	st->imissed += xv.imissed;
	st->oerrors += xv.oerrors;
	return 0;
}

static int
xv_stats_reset(struct fpk_eth_dev *dev)
{
	memset(xv.q_errors, 0, sizeof(xv.q_errors));
	xv.imissed = 0;
	xv.oerrors = 0;
	return xv.null_ops->stats_reset(dev);
}

/* Every value of @want differs from the others, so a mixed-up pair shows. */
static int
xstats_distinct(const struct xstat_want *want, unsigned int nb_want)
{
	for (unsigned int i = 0; i < nb_want; i++)
		for (unsigned int j = i + 1; j < nb_want; j++)
			TEST_ASSERT(want[i].value != want[j].value,
				    "test table: %s and %s are both %lu", want[i].name,
				    want[j].name, (unsigned long)want[i].value);
	return TEST_SUCCESS;
}

/*
 * Every generic xstat of a net_null port with 2 rx and 3 tx queues, driven
 * so that each has a value of its own, checked against the table below: a
 * counter reported under another's name, or a name missing or extra, fails.
 */
static int
xstats_values_run(uint16_t port, struct fpk_mempool *mp)
{
	static struct fpk_mbuf *held[TEST_ETH_NB_MBUF];
	/* rx: size=100 packets, 3 on queue 0 and 5 on queue 1; a burst of 17 on
	 * queue 1 from an empty pool; tx: 4 x 61, 6 x 77 and 10 x 43 bytes. */
	static const struct xstat_want want[] = {
		{ "rx_good_packets", 3 + 5 },
		{ "tx_good_packets", 4 + 6 + 10 },
		{ "rx_good_bytes", 800 },
		{ "tx_good_bytes", 4 * 61 + 6 * 77 + 10 * 43 },
		{ "rx_missed_errors", 23 },
		{ "rx_errors", 2 + 12 },
		{ "tx_errors", 29 },
		{ "rx_mbuf_allocation_errors", 17 },
		{ "rx_q0_packets", 3 },
		{ "rx_q0_bytes", 300 },
		{ "rx_q0_errors", 2 },
		{ "rx_q1_packets", 5 },
		{ "rx_q1_bytes", 500 },
		{ "rx_q1_errors", 12 },
		{ "tx_q0_packets", 4 },
		{ "tx_q0_bytes", 4 * 61 },
		{ "tx_q1_packets", 6 },
		{ "tx_q1_bytes", 6 * 77 },
		{ "tx_q2_packets", 10 },
		{ "tx_q2_bytes", 10 * 43 },
	};
	static struct xstat_want zero[FPK_DIM(want)];
	static const struct {
		uint16_t n, len;
	} tx[XV_NB_TXQ] = { { 4, 61 }, { 6, 77 }, { 10, 43 } };
	struct fpk_mbuf *pkts[TEST_ETH_BURST];
	unsigned int nb_held;
	uint16_t got;

	TEST_RUN(xstats_distinct(want, FPK_DIM(want)));
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, XV_NB_RXQ, XV_NB_TXQ, NULL, mp), "start");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, pkts, 3), 3, "rx q0");
	fpk_pktmbuf_free_bulk(pkts, 3);
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 1, pkts, 5), 5, "rx q1");
	fpk_pktmbuf_free_bulk(pkts, 5);
	nb_held = fpk_mempool_avail_count(mp);
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_alloc_bulk(mp, held, nb_held), "empty the pool");
	got = fpk_eth_rx_burst(port, 1, pkts, 17);
	fpk_pktmbuf_free_bulk(held, nb_held);
	TEST_ASSERT_EQUAL(got, 0, "rx from an empty pool: %u packets", got);
	for (uint16_t q = 0; q < XV_NB_TXQ; q++) {
		TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, pkts, tx[q].n, tx[q].len, (uint8_t)q),
				    "make");
		TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, q, pkts, tx[q].n), tx[q].n, "tx q%u", q);
	}
	xv.q_errors[0] = 2;
	xv.q_errors[1] = 12;
	xv.imissed = 23;
	xv.oerrors = 29;
	TEST_RUN(xstats_check(port, want, FPK_DIM(want)));

	/* A reset zeroes every one of them, and the names stay. */
	for (unsigned int i = 0; i < FPK_DIM(want); i++)
		zero[i] = (struct xstat_want){ want[i].name, 0 };
	TEST_ASSERT_SUCCESS(fpk_eth_xstats_reset(port), "xstats reset");
	TEST_RUN(xstats_check(port, zero, FPK_DIM(zero)));
	return TEST_SUCCESS;
}

static int
test_xstats_values(struct fpk_mempool *mp)
{
	struct fpk_eth_dev *dev;
	uint16_t port;
	int ret;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_xv0", "size=100", &port), "create");
	dev = fpk_eth_dev_get(port);
	TEST_ASSERT_NOT_NULL(dev, "no port %u", port);
	memset(&xv, 0, sizeof(xv));
	xv.null_ops = dev->dev_ops;
	xv.ops = *dev->dev_ops;
	xv.ops.stats_get = xv_stats_get;
	xv.ops.stats_reset = xv_stats_reset;
	dev->dev_ops = &xv.ops;
	ret = xstats_values_run(port, mp);
	dev->dev_ops = xv.null_ops;
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_xv0"), "remove");
	return ret;
}

TEST_ETH_REGISTER(ethdev_xstats_values, test_xstats_values)

static int
link_str_is(const struct fpk_eth_link *link, const char *want)
{
	char str[64];
	int n = fpk_eth_link_to_str(str, sizeof(str), link);

	TEST_ASSERT(n == (int)strlen(want) && strcmp(str, want) == 0, "'%s' (%d), expected '%s'",
		    str, n, want);
	return TEST_SUCCESS;
}

static int
test_link(struct fpk_mempool *mp)
{
	struct fpk_eth_link link;
	char small[8];
	uint16_t port;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_lk0", "", &port), "create null");
	TEST_ASSERT_SUCCESS(fpk_eth_link_get_nowait(port, &link), "link nowait");
	TEST_ASSERT(link.link_status == FPK_ETH_LINK_UP &&
		    link.link_speed == FPK_ETH_SPEED_NUM_10G &&
		    link.link_duplex == FPK_ETH_LINK_FULL_DUPLEX, "null link %u %u %u",
		    link.link_status, link.link_speed, link.link_duplex);
	TEST_ASSERT_SUCCESS(fpk_eth_link_get(port, &link), "link wait");
	TEST_RUN(link_str_is(&link, "Link up at 10 Gbps FDX Fixed"));
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_lk0"), "remove null");

	link = (struct fpk_eth_link){ .link_speed = 100, .link_status = 1, .link_autoneg = 1 };
	TEST_RUN(link_str_is(&link, "Link up at 100 Mbps HDX Autoneg"));
	link.link_speed = FPK_ETH_SPEED_NUM_UNKNOWN;
	link.link_duplex = FPK_ETH_LINK_FULL_DUPLEX;
	TEST_RUN(link_str_is(&link, "Link up at Unknown speed FDX"));
	link.link_status = FPK_ETH_LINK_DOWN;
	TEST_RUN(link_str_is(&link, "Link down"));
	/* Like snprintf: the length it needed, the text cut to fit. */
	TEST_ASSERT_EQUAL(fpk_eth_link_to_str(small, sizeof(small), &link), 9, "cut length");
	TEST_ASSERT(strcmp(small, "Link do") == 0, "cut text '%s'", small);

	/* A ring port's link follows start and stop. */
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_ring_lk0", "", &port), "create ring");
	TEST_ASSERT_SUCCESS(fpk_eth_link_get_nowait(port, &link), "ring link");
	TEST_ASSERT_EQUAL(link.link_status, FPK_ETH_LINK_DOWN, "ring link up before start");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start ring");
	TEST_ASSERT_SUCCESS(fpk_eth_link_get(port, &link), "ring link started");
	TEST_ASSERT_EQUAL(link.link_status, FPK_ETH_LINK_UP, "ring link down after start");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop ring");
	TEST_ASSERT_SUCCESS(fpk_eth_link_get_nowait(port, &link), "ring link stopped");
	TEST_ASSERT_EQUAL(link.link_status, FPK_ETH_LINK_DOWN, "ring link up after stop");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_ring_lk0"), "remove ring");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(ethdev_link, test_link)

static int
test_mac_modes_mtu(struct fpk_mempool *mp)
{
	struct fpk_ether_addr mac, mac2, set;
	struct fpk_eth_conf conf;
	uint16_t port, mtu;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_mm0", "", &port), "create null");
	TEST_ASSERT_SUCCESS(fpk_eth_macaddr_get(port, &mac), "mac get");
	TEST_ASSERT(fpk_is_valid_assigned_ether_addr(&mac), "MAC not a unicast address");
	TEST_ASSERT(mac.addr_bytes[0] & 0x02, "MAC not locally administered");
	TEST_ASSERT_SUCCESS(fpk_ether_unformat_addr("02:11:22:33:44:55", &set), "parse");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_default_mac_addr_set(port, &set), "mac set");
	TEST_ASSERT_SUCCESS(fpk_eth_macaddr_get(port, &mac2), "mac get again");
	TEST_ASSERT(fpk_is_same_ether_addr(&mac2, &set), "MAC not changed");

	TEST_ASSERT_EQUAL(fpk_eth_promiscuous_get(port), 0, "promiscuous at start");
	TEST_ASSERT_SUCCESS(fpk_eth_promiscuous_enable(port), "promiscuous on");
	TEST_ASSERT_EQUAL(fpk_eth_promiscuous_get(port), 1, "promiscuous after enable");
	TEST_ASSERT_SUCCESS(fpk_eth_promiscuous_enable(port), "promiscuous on again");
	TEST_ASSERT_SUCCESS(fpk_eth_promiscuous_disable(port), "promiscuous off");
	TEST_ASSERT_EQUAL(fpk_eth_promiscuous_get(port), 0, "promiscuous after disable");
	TEST_ASSERT_EQUAL(fpk_eth_allmulticast_get(port), 0, "allmulticast at start");
	TEST_ASSERT_SUCCESS(fpk_eth_allmulticast_enable(port), "allmulticast on");
	TEST_ASSERT_EQUAL(fpk_eth_allmulticast_get(port), 1, "allmulticast after enable");
	TEST_ASSERT_SUCCESS(fpk_eth_allmulticast_disable(port), "allmulticast off");
	TEST_ASSERT_EQUAL(fpk_eth_allmulticast_get(port), 0, "allmulticast after disable");

	TEST_ASSERT_SUCCESS(fpk_eth_dev_get_mtu(port, &mtu), "get MTU");
	TEST_ASSERT_EQUAL(mtu, FPK_ETHER_MTU, "default MTU %u", mtu);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_mtu(port, 9000), "set MTU 9000");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_get_mtu(port, &mtu), "get MTU");
	TEST_ASSERT_EQUAL(mtu, 9000, "MTU %u after setting 9000", mtu);
	TEST_ASSERT_EQUAL(fpk_eth_dev_set_mtu(port, 67), -EINVAL, "MTU 67");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_get_mtu(port, &mtu), "get MTU");
	TEST_ASSERT_EQUAL(mtu, 9000, "MTU changed by a refused set");
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mtu = 1400;
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, &conf, mp), "start with MTU 1400");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_get_mtu(port, &mtu), "get MTU");
	TEST_ASSERT_EQUAL(mtu, 1400, "MTU %u after configure", mtu);
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_mm0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(ethdev_mac_modes_mtu, test_mac_modes_mtu)

/* What the callbacks saw; static so a late call can never touch a dead frame. */
static struct {
	unsigned int calls[FPK_ETH_EVENT_MAX];
	uint16_t last_port;
	int last_link_status;
} cb_seen;

static int
record_cb(uint16_t port, enum fpk_eth_event_type ev, void *arg, void *param)
{
	struct fpk_eth_link link;

	(void)param;
	if (arg != &cb_seen)
		return 0;
	cb_seen.calls[ev]++;
	cb_seen.last_port = port;
	if (ev == FPK_ETH_EVENT_INTR_LSC && fpk_eth_link_get_nowait(port, &link) == 0)
		cb_seen.last_link_status = link.link_status;
	return 0;
}

static int
lsc_checks(struct fpk_mempool *mp)
{
	struct fpk_eth_conf conf;
	uint16_t port;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_ring_cb0", "", &port), "create ring");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_callback_register(port, FPK_ETH_EVENT_INTR_LSC,
							  record_cb, &cb_seen), "register LSC");
	/* Without intr_conf.lsc no event is delivered. */
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start without lsc");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT_EQUAL(cb_seen.calls[FPK_ETH_EVENT_INTR_LSC], 0, "LSC without intr_conf.lsc");
	memset(&conf, 0, sizeof(conf));
	conf.intr_conf.lsc = 1;
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, &conf, mp), "start with lsc");
	TEST_ASSERT_EQUAL(cb_seen.calls[FPK_ETH_EVENT_INTR_LSC], 1, "LSC on start");
	TEST_ASSERT_EQUAL(cb_seen.last_port, port, "LSC port %u", cb_seen.last_port);
	TEST_ASSERT_EQUAL(cb_seen.last_link_status, FPK_ETH_LINK_UP, "link in LSC callback");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT_EQUAL(cb_seen.calls[FPK_ETH_EVENT_INTR_LSC], 2, "LSC on stop");
	TEST_ASSERT_EQUAL(cb_seen.last_link_status, FPK_ETH_LINK_DOWN, "link in LSC callback");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_callback_unregister(port, FPK_ETH_EVENT_INTR_LSC,
							    record_cb, &cb_seen), "unregister");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start unregistered");
	TEST_ASSERT_EQUAL(cb_seen.calls[FPK_ETH_EVENT_INTR_LSC], 2, "LSC after unregister");
	/* A port's callbacks go with it: a new port of the same id starts clean. */
	TEST_ASSERT_SUCCESS(fpk_eth_dev_callback_register(port, FPK_ETH_EVENT_INTR_LSC,
							  record_cb, &cb_seen), "register again");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_ring_cb0"), "remove ring");
	TEST_ASSERT_EQUAL(cb_seen.calls[FPK_ETH_EVENT_INTR_LSC], 3, "no LSC as removal stopped it");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_ring_cb1", "", &port), "create ring 2");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, &conf, mp), "start ring 2");
	TEST_ASSERT_EQUAL(cb_seen.calls[FPK_ETH_EVENT_INTR_LSC], 3, "old callback ran");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_ring_cb1"), "remove ring 2");
	return TEST_SUCCESS;
}

static int
test_callbacks(struct fpk_mempool *mp)
{
	uint16_t port, port2;
	int ret;

	memset(&cb_seen, 0, sizeof(cb_seen));
	TEST_ASSERT_SUCCESS(fpk_eth_dev_callback_register(FPK_MAX_ETHPORTS, FPK_ETH_EVENT_NEW,
							  record_cb, &cb_seen), "register NEW");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_callback_register(FPK_MAX_ETHPORTS, FPK_ETH_EVENT_DESTROY,
							  record_cb, &cb_seen), "register DESTROY");
	ret = test_eth_vdev_port("net_null_cb0", "", &port);
	if (ret == 0) {
		ret = cb_seen.calls[FPK_ETH_EVENT_NEW] == 1 && cb_seen.last_port == port ?
		      0 : -1;
		fpk_vdev_remove("net_null_cb0");
		if (cb_seen.calls[FPK_ETH_EVENT_DESTROY] != 1 || cb_seen.last_port != port)
			ret = -1;
	}
	/* A pair makes two ports: two NEW events, and two DESTROY on removal. */
	if (ret == 0 && fpk_vdev_create("net_ring_cb2", "pair=net_ring_cb3") == 0) {
		ret = cb_seen.calls[FPK_ETH_EVENT_NEW] == 3 ? 0 : -1;
		fpk_vdev_remove("net_ring_cb2");
		if (cb_seen.calls[FPK_ETH_EVENT_DESTROY] != 3)
			ret = -1;
	}
	fpk_eth_dev_callback_unregister(FPK_MAX_ETHPORTS, FPK_ETH_EVENT_NEW, record_cb, &cb_seen);
	fpk_eth_dev_callback_unregister(FPK_MAX_ETHPORTS, FPK_ETH_EVENT_DESTROY, record_cb,
					&cb_seen);
	TEST_ASSERT_SUCCESS(ret, "NEW/DESTROY events: %u new, %u destroy",
			    cb_seen.calls[FPK_ETH_EVENT_NEW], cb_seen.calls[FPK_ETH_EVENT_DESTROY]);
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_cb1", "", &port2), "create after");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_cb1"), "remove after");
	TEST_ASSERT_EQUAL(cb_seen.calls[FPK_ETH_EVENT_NEW], 3, "NEW after unregister");
	TEST_ASSERT_EQUAL(cb_seen.calls[FPK_ETH_EVENT_DESTROY], 3, "DESTROY after unregister");
	return lsc_checks(mp);
}

TEST_ETH_REGISTER(ethdev_callbacks, test_callbacks)

static int
test_tx_buffer(struct fpk_mempool *mp)
{
	static uint8_t mem[FPK_ETH_TX_BUFFER_SIZE(4)] __fpk_aligned(8);
	struct fpk_eth_dev_tx_buffer *buf = (void *)mem;
	struct fpk_mbuf *pkts[16];
	uint64_t dropped = 0;
	uint16_t port;

	/* An 8-slot ring that nobody drains, so the ninth packet cannot go. */
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_ring_tb0", "ring_size=8", &port), "create");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, pkts, 16, 64, 5), "make");
	TEST_ASSERT_SUCCESS(fpk_eth_tx_buffer_init(buf, 4), "init");
	TEST_ASSERT_SUCCESS(fpk_eth_tx_buffer_set_err_callback(buf,
				fpk_eth_tx_buffer_count_callback, &dropped), "count callback");
	for (unsigned int i = 0; i < 3; i++)
		TEST_ASSERT_EQUAL(fpk_eth_tx_buffer(port, 0, buf, pkts[i]), 0, "buffered %u", i);
	TEST_ASSERT_EQUAL(buf->length, 3, "length %u", buf->length);
	TEST_ASSERT_EQUAL(fpk_eth_tx_buffer(port, 0, buf, pkts[3]), 4, "full buffer sent");
	TEST_ASSERT_EQUAL(buf->length, 0, "length after sending");
	TEST_ASSERT_EQUAL(fpk_eth_tx_buffer_flush(port, 0, buf), 0, "flush of nothing");
	TEST_ASSERT_EQUAL(fpk_eth_tx_buffer(port, 0, buf, pkts[4]), 0, "buffered");
	TEST_ASSERT_EQUAL(fpk_eth_tx_buffer_flush(port, 0, buf), 1, "flush of one");
	for (unsigned int i = 5; i < 8; i++)
		fpk_eth_tx_buffer(port, 0, buf, pkts[i]);
	TEST_ASSERT_EQUAL(fpk_eth_tx_buffer_flush(port, 0, buf), 3, "flush of three");
	/* The ring is full now: the error callback frees and counts. */
	for (unsigned int i = 8; i < 12; i++)
		fpk_eth_tx_buffer(port, 0, buf, pkts[i]);
	TEST_ASSERT_EQUAL(dropped, 4, "dropped %lu", (unsigned long)dropped);
	fpk_eth_tx_buffer(port, 0, buf, pkts[12]);
	TEST_ASSERT_EQUAL(fpk_eth_tx_buffer_flush(port, 0, buf), 0, "flush into a full ring");
	TEST_ASSERT_EQUAL(dropped, 5, "dropped %lu", (unsigned long)dropped);
	/* Back to the default: unsent packets are freed, not counted. */
	TEST_ASSERT_SUCCESS(fpk_eth_tx_buffer_init(buf, 4), "init again");
	for (unsigned int i = 13; i < 16; i++)
		fpk_eth_tx_buffer(port, 0, buf, pkts[i]);
	TEST_ASSERT_EQUAL(fpk_eth_tx_buffer_flush(port, 0, buf), 0, "default drop");
	TEST_ASSERT_EQUAL(dropped, 5, "default callback counted");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, pkts, 16), 8, "the ring held 8");
	for (unsigned int i = 0; i < 8; i++)
		TEST_ASSERT(test_eth_pkt_ok(pkts[i], i, 64, 5), "packet %u", i);
	fpk_pktmbuf_free_bulk(pkts, 8);
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_ring_tb0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(ethdev_tx_buffer, test_tx_buffer)

static int
test_stopped_burst(struct fpk_mempool *mp)
{
	struct fpk_mbuf *pkts[4];
	struct fpk_eth_stats st;
	uint16_t port;

	/* Bursts on a port that never started, or stopped, move nothing. */
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_null_sb0", "", &port), "create");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, pkts, 4), 0, "rx before start");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, pkts, 4), 4, "rx started");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, pkts, 4), 0, "tx stopped");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, pkts, 4), 0, "rx stopped");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.ipackets == 4 && st.opackets == 0, "stats %lu/%lu",
		    (unsigned long)st.ipackets, (unsigned long)st.opackets);
	/* Tx refused them: they are still ours. */
	fpk_pktmbuf_free_bulk(pkts, 4);
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_null_sb0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(ethdev_stopped_burst, test_stopped_burst)

/*
 * A fake RSS device for the RSS and queue start/stop tests: a net_null port
 * whose ops are net_null's plus RSS ops that keep what they are given (a
 * 128-entry table, a 40-byte key, the hash fields) and per-queue start and
 * stop ops. Every op counts its calls, so a test can tell whether ethdev
 * reached it; dev_infos_get reports fr.reta_size and fr.key_size, which a
 * test sets to 0 for a port without RSS.
 */
#define FR_RETA_SIZE 128
#define FR_NB_GROUPS (FR_RETA_SIZE / FPK_ETH_RETA_GROUP_SIZE)
#define FR_KEY_LEN 40
/* UDP left out, so that a field the device cannot hash exists. */
#define FR_RSS_HF (FPK_ETH_RSS_IP | FPK_ETH_RSS_TCP)
#define FR_NB_Q 3
#define FR_DEFERRED_Q 1

enum fr_op {
	FR_DEV_START, FR_RETA_UPDATE, FR_RETA_QUERY, FR_HASH_UPDATE, FR_HASH_GET,
	FR_RXQ_START, FR_RXQ_STOP, FR_TXQ_START, FR_TXQ_STOP, FR_NB_OPS
};

typedef int (*fr_queue_op_t)(struct fpk_eth_dev *dev, uint16_t qid);

static struct {
	const struct fpk_eth_dev_ops *null_ops;
	struct fpk_eth_dev_ops ops;
	uint16_t reta_size;
	uint8_t key_size;
	int ret;           /* not 0: the next ops fail with it, changing nothing */
	unsigned int calls[FR_NB_OPS];
	uint16_t last_qid;
	uint16_t reta[FR_RETA_SIZE];
	uint8_t key[FR_KEY_LEN];
	uint64_t rss_hf;
	/* The queue states dev_start found. */
	uint8_t start_rx_state[FPK_MAX_QUEUES_PER_PORT];
	uint8_t start_tx_state[FPK_MAX_QUEUES_PER_PORT];
} fr;

static int
fr_dev_infos_get(struct fpk_eth_dev *dev, struct fpk_eth_dev_info *info)
{
	int ret = fr.null_ops->dev_infos_get(dev, info);

	info->flow_type_rss_offloads = FR_RSS_HF;
	info->reta_size = fr.reta_size;
	info->hash_key_size = fr.key_size;
	return ret;
}

static int
fr_dev_configure(struct fpk_eth_dev *dev)
{
	const struct fpk_eth_rss_conf *rss = &dev->data->dev_conf.rx_adv_conf.rss_conf;

	/* As a NIC programs its hash at configure time, from what ethdev kept. */
	if (rss->rss_key != NULL)
		memcpy(fr.key, rss->rss_key, FR_KEY_LEN);
	fr.rss_hf = rss->rss_hf;
	return fr.null_ops->dev_configure ? fr.null_ops->dev_configure(dev) : 0;
}

static int
fr_dev_start(struct fpk_eth_dev *dev)
{
	fr.calls[FR_DEV_START]++;
	memcpy(fr.start_rx_state, dev->data->rx_queue_state, sizeof(fr.start_rx_state));
	memcpy(fr.start_tx_state, dev->data->tx_queue_state, sizeof(fr.start_tx_state));
	return fr.ret ? fr.ret : fr.null_ops->dev_start(dev);
}

static int
fr_reta_update(struct fpk_eth_dev *dev, struct fpk_eth_rss_reta_entry64 *reta_conf,
	       uint16_t reta_size)
{
	(void)dev;
	fr.calls[FR_RETA_UPDATE]++;
	if (fr.ret)
		return fr.ret;
	for (uint16_t i = 0; i < reta_size; i++)
		if (reta_conf[i / 64].mask & (UINT64_C(1) << i % 64))
			fr.reta[i] = reta_conf[i / 64].reta[i % 64];
	return 0;
}

static int
fr_reta_query(struct fpk_eth_dev *dev, struct fpk_eth_rss_reta_entry64 *reta_conf,
	      uint16_t reta_size)
{
	(void)dev;
	fr.calls[FR_RETA_QUERY]++;
	if (fr.ret)
		return fr.ret;
	for (uint16_t i = 0; i < reta_size; i++)
		if (reta_conf[i / 64].mask & (UINT64_C(1) << i % 64))
			reta_conf[i / 64].reta[i % 64] = fr.reta[i];
	return 0;
}

static int
fr_rss_hash_update(struct fpk_eth_dev *dev, struct fpk_eth_rss_conf *rss_conf)
{
	(void)dev;
	fr.calls[FR_HASH_UPDATE]++;
	if (fr.ret)
		return fr.ret;
	if (rss_conf->rss_key != NULL)
		memcpy(fr.key, rss_conf->rss_key, FR_KEY_LEN);
	fr.rss_hf = rss_conf->rss_hf;
	return 0;
}

/* Leaves rss_key_len alone: setting it is ethdev's job. */
static int
fr_rss_hash_conf_get(struct fpk_eth_dev *dev, struct fpk_eth_rss_conf *rss_conf)
{
	(void)dev;
	fr.calls[FR_HASH_GET]++;
	if (fr.ret)
		return fr.ret;
	if (rss_conf->rss_key != NULL)
		memcpy(rss_conf->rss_key, fr.key, FR_KEY_LEN);
	rss_conf->rss_hf = fr.rss_hf;
	return 0;
}

static int
fr_queue_op(enum fr_op op, uint16_t qid)
{
	fr.calls[op]++;
	fr.last_qid = qid;
	return fr.ret;
}

static int
fr_rx_queue_start(struct fpk_eth_dev *dev, uint16_t qid)
{
	(void)dev;
	return fr_queue_op(FR_RXQ_START, qid);
}

static int
fr_rx_queue_stop(struct fpk_eth_dev *dev, uint16_t qid)
{
	(void)dev;
	return fr_queue_op(FR_RXQ_STOP, qid);
}

static int
fr_tx_queue_start(struct fpk_eth_dev *dev, uint16_t qid)
{
	(void)dev;
	return fr_queue_op(FR_TXQ_START, qid);
}

static int
fr_tx_queue_stop(struct fpk_eth_dev *dev, uint16_t qid)
{
	(void)dev;
	return fr_queue_op(FR_TXQ_STOP, qid);
}

/* Make the vdev @name a fake RSS device and return its port in *@port. */
static int
fr_port_create(const char *name, uint16_t *port)
{
	struct fpk_eth_dev *dev;

	TEST_ASSERT_SUCCESS(test_eth_vdev_port(name, "", port), "create %s", name);
	dev = fpk_eth_dev_get(*port);
	TEST_ASSERT_NOT_NULL(dev, "no port %u", *port);
	memset(&fr, 0, sizeof(fr));
	fr.null_ops = dev->dev_ops;
	fr.ops = *dev->dev_ops;
	fr.ops.dev_infos_get = fr_dev_infos_get;
	fr.ops.dev_configure = fr_dev_configure;
	fr.ops.dev_start = fr_dev_start;
	fr.ops.reta_update = fr_reta_update;
	fr.ops.reta_query = fr_reta_query;
	fr.ops.rss_hash_update = fr_rss_hash_update;
	fr.ops.rss_hash_conf_get = fr_rss_hash_conf_get;
	fr.ops.rx_queue_start = fr_rx_queue_start;
	fr.ops.rx_queue_stop = fr_rx_queue_stop;
	fr.ops.tx_queue_start = fr_tx_queue_start;
	fr.ops.tx_queue_stop = fr_tx_queue_stop;
	fr.reta_size = FR_RETA_SIZE;
	fr.key_size = FR_KEY_LEN;
	dev->dev_ops = &fr.ops;
	return TEST_SUCCESS;
}

/* Run @body on a fake RSS device made from the vdev @name, then remove it. */
static int
fr_run(const char *name, int (*body)(uint16_t port, struct fpk_mempool *mp),
       struct fpk_mempool *mp)
{
	struct fpk_eth_dev *dev;
	uint16_t port;
	int ret;

	TEST_RUN(fr_port_create(name, &port));
	ret = body(port, mp);
	dev = fpk_eth_dev_get(port);
	if (dev != NULL)
		dev->dev_ops = fr.null_ops;
	TEST_ASSERT_SUCCESS(fpk_vdev_remove(name), "remove %s", name);
	return ret;
}

/* Every entry of @reta_conf selected, entry i naming queue @f(i). */
static void
reta_fill(struct fpk_eth_rss_reta_entry64 *reta_conf, uint16_t (*f)(uint16_t i))
{
	for (uint16_t i = 0; i < FR_RETA_SIZE; i++) {
		reta_conf[i / 64].mask = UINT64_MAX;
		reta_conf[i / 64].reta[i % 64] = f(i);
	}
}

static uint16_t
reta_mod4(uint16_t i)
{
	return i % 4;
}

static uint16_t
reta_poison(uint16_t i)
{
	(void)i;
	return 0xbeef;
}

/* The fake's table is entry i -> queue i % 4, but for @nb entries @at[] -> @q[]. */
static int
reta_is(const uint16_t *at, const uint16_t *q, unsigned int nb)
{
	for (uint16_t i = 0; i < FR_RETA_SIZE; i++) {
		uint16_t want = i % 4;

		for (unsigned int k = 0; k < nb; k++)
			if (at[k] == i)
				want = q[k];
		TEST_ASSERT_EQUAL(fr.reta[i], want, "fake's entry %u is %u, expected %u", i,
				  fr.reta[i], want);
	}
	return TEST_SUCCESS;
}

/* Each refusal of reta update/query, none of which may reach the driver. */
static int
reta_refusals(uint16_t port, struct fpk_eth_rss_reta_entry64 *rc)
{
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_update(port, NULL, FR_RETA_SIZE), -EINVAL,
			  "update from NULL");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_query(port, NULL, FR_RETA_SIZE), -EINVAL,
			  "query into NULL");
	reta_fill(rc, reta_mod4);
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_update(port, rc, 64), -EINVAL, "size 64 of 128");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_update(port, rc, 0), -EINVAL, "size 0");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_query(port, rc, 256), -EINVAL, "query size 256");
	rc[0].mask = 0;
	rc[1].mask = 0;
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_update(port, rc, FR_RETA_SIZE), -EINVAL,
			  "update with no mask bit");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_query(port, rc, FR_RETA_SIZE), -EINVAL,
			  "query with no mask bit");
	/* Queue 4 of 4, in the last entry; then the same entry unselected is fine. */
	reta_fill(rc, reta_mod4);
	rc[1].reta[63] = 4;
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_update(port, rc, FR_RETA_SIZE), -EINVAL,
			  "entry 127 naming queue 4 of 4");
	TEST_ASSERT_EQUAL(fr.calls[FR_RETA_UPDATE] + fr.calls[FR_RETA_QUERY], 0,
			  "a refused call reached the driver");
	rc[1].mask = ~(UINT64_C(1) << 63);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_rss_reta_update(port, rc, FR_RETA_SIZE),
			    "queue 4 in an entry not selected");
	TEST_ASSERT_EQUAL(fr.calls[FR_RETA_UPDATE], 1, "update calls");
	return TEST_SUCCESS;
}

static int
reta_body(uint16_t port, struct fpk_mempool *mp)
{
	static const uint16_t at[] = { 0, 5, 63, 64, 127 }, q[] = { 3, 2, 1, 0, 2 };
	struct fpk_eth_rss_reta_entry64 rc[FR_NB_GROUPS];
	struct fpk_eth_conf conf;

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = FPK_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf.rss_hf = FPK_ETH_RSS_IP;
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 4, 1, &conf, mp), "start RSS on 4 queues");
	TEST_RUN(reta_refusals(port, rc));

	/* Partial updates: a few entries, in both groups; the rest, poisoned, not selected. */
	reta_fill(rc, reta_mod4);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_rss_reta_update(port, rc, FR_RETA_SIZE), "whole table");
	reta_fill(rc, reta_poison);
	rc[0].mask = 0;
	rc[1].mask = 0;
	for (unsigned int k = 0; k < FPK_DIM(at); k++) {
		rc[at[k] / 64].mask |= UINT64_C(1) << at[k] % 64;
		rc[at[k] / 64].reta[at[k] % 64] = q[k];
	}
	TEST_ASSERT_SUCCESS(fpk_eth_dev_rss_reta_update(port, rc, FR_RETA_SIZE), "5 entries");
	TEST_RUN(reta_is(at, q, FPK_DIM(at)));
	/* Group 1 alone is enough of a selection. */
	rc[0].mask = 0;
	rc[1].mask = UINT64_C(1) << 0;
	rc[1].reta[0] = 1;
	TEST_ASSERT_SUCCESS(fpk_eth_dev_rss_reta_update(port, rc, FR_RETA_SIZE), "entry 64");
	TEST_ASSERT_EQUAL(fr.reta[64], 1, "entry 64 is %u", fr.reta[64]);
	fr.reta[64] = 0;

	/* Query: what was written comes back; entries not selected stay as they were. */
	reta_fill(rc, reta_poison);
	rc[0].mask = (UINT64_C(1) << 5) | (UINT64_C(1) << 6);
	rc[1].mask = UINT64_C(1) << 63;
	TEST_ASSERT_SUCCESS(fpk_eth_dev_rss_reta_query(port, rc, FR_RETA_SIZE), "query 3");
	TEST_ASSERT(rc[0].reta[5] == 2 && rc[0].reta[6] == 2 && rc[1].reta[63] == 2,
		    "queried %u %u %u, expected 2 2 2", rc[0].reta[5], rc[0].reta[6],
		    rc[1].reta[63]);
	TEST_ASSERT(rc[0].reta[4] == 0xbeef && rc[1].reta[62] == 0xbeef, "unselected written");
	reta_fill(rc, reta_poison);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_rss_reta_query(port, rc, FR_RETA_SIZE), "query all");
	for (uint16_t i = 0; i < FR_RETA_SIZE; i++)
		TEST_ASSERT_EQUAL(rc[i / 64].reta[i % 64], fr.reta[i], "queried entry %u", i);

	/* The driver's failure is the caller's. */
	fr.ret = -EIO;
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_update(port, rc, FR_RETA_SIZE), -EIO, "update");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_query(port, rc, FR_RETA_SIZE), -EIO, "query");
	fr.ret = 0;
	return TEST_SUCCESS;
}

/* What makes reta update/query -ENOTSUP: no table, no op, not in RSS mode. */
static int
reta_notsup_body(uint16_t port, struct fpk_mempool *mp)
{
	struct fpk_eth_rss_reta_entry64 rc[FR_NB_GROUPS];
	struct fpk_eth_conf conf;
	unsigned int calls;

	reta_fill(rc, reta_mod4);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = FPK_ETH_MQ_RX_RSS;
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 4, 1, &conf, mp), "start RSS");
	fr.ops.reta_update = NULL;
	fr.ops.reta_query = NULL;
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_update(port, rc, FR_RETA_SIZE), -ENOTSUP,
			  "update without the op");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_query(port, rc, FR_RETA_SIZE), -ENOTSUP,
			  "query without the op");
	fr.ops.reta_update = fr_reta_update;
	fr.ops.reta_query = fr_reta_query;
	fr.reta_size = 0;
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_update(port, rc, FR_RETA_SIZE), -ENOTSUP,
			  "update on a port without a table");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_query(port, rc, FR_RETA_SIZE), -ENOTSUP,
			  "query on a port without a table");
	fr.reta_size = FR_RETA_SIZE;
	TEST_ASSERT_EQUAL(fr.calls[FR_RETA_UPDATE] + fr.calls[FR_RETA_QUERY], 0,
			  "a refused call reached the driver");

	/* Out of RSS mode, as DPDK: the table can be read, not written. */
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 4, 1, NULL, mp), "start without RSS");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_reta_update(port, rc, FR_RETA_SIZE), -ENOTSUP,
			  "update out of RSS mode");
	calls = fr.calls[FR_RETA_QUERY];
	TEST_ASSERT_SUCCESS(fpk_eth_dev_rss_reta_query(port, rc, FR_RETA_SIZE),
			    "query out of RSS mode");
	TEST_ASSERT_EQUAL(fr.calls[FR_RETA_QUERY], calls + 1, "query did not reach the driver");
	TEST_ASSERT_EQUAL(fr.calls[FR_RETA_UPDATE], 0, "a refused update reached the driver");
	return TEST_SUCCESS;
}

static int
test_rss_reta(struct fpk_mempool *mp)
{
	TEST_RUN(fr_run("net_null_rr0", reta_body, mp));
	return fr_run("net_null_rr1", reta_notsup_body, mp);
}

TEST_ETH_REGISTER(ethdev_rss_reta, test_rss_reta)

/* A key whose bytes follow @seed. */
static void
key_make(uint8_t *key, uint8_t seed)
{
	for (unsigned int i = 0; i < FR_KEY_LEN; i++)
		key[i] = (uint8_t)(seed + 3 * i);
}

/*
 * fpk_eth_dev_rss_hash_conf_get() on @port gives the fields @hf and, into a
 * buffer longer than the key, the key @want, the bytes after it untouched;
 * @want NULL: no key known, so rss_key_len 0 and nothing written.
 */
static int
hash_conf_is(uint16_t port, uint64_t hf, const uint8_t *want)
{
	uint8_t buf[FR_KEY_LEN + 8];
	struct fpk_eth_rss_conf rss = { .rss_key = buf, .rss_key_len = sizeof(buf) };
	unsigned int key_len = want ? FR_KEY_LEN : 0;

	memset(buf, 0xa5, sizeof(buf));
	rss.rss_hf = ~hf;
	TEST_ASSERT_SUCCESS(fpk_eth_dev_rss_hash_conf_get(port, &rss), "conf get");
	TEST_ASSERT_EQUAL(rss.rss_hf, hf, "rss_hf 0x%lx, expected 0x%lx", (unsigned long)rss.rss_hf,
			  (unsigned long)hf);
	TEST_ASSERT_EQUAL(rss.rss_key_len, key_len, "rss_key_len %u, expected %u", rss.rss_key_len,
			  key_len);
	TEST_ASSERT(want == NULL || memcmp(buf, want, FR_KEY_LEN) == 0, "not the key expected");
	for (unsigned int i = key_len; i < sizeof(buf); i++)
		TEST_ASSERT_EQUAL(buf[i], 0xa5, "key byte %u written, the key has %u", i, key_len);
	/* Without a key buffer: the fields alone. */
	rss = (struct fpk_eth_rss_conf){ .rss_hf = ~hf };
	TEST_ASSERT_SUCCESS(fpk_eth_dev_rss_hash_conf_get(port, &rss), "conf get without key");
	TEST_ASSERT_EQUAL(rss.rss_hf, hf, "rss_hf without key");
	return TEST_SUCCESS;
}

/* Configure @port for RSS on 2 queues with @hf and @key (@len bytes), start it. */
static int
hash_start(uint16_t port, uint64_t hf, uint8_t *key, uint8_t len, struct fpk_mempool *mp)
{
	struct fpk_eth_conf conf;

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = FPK_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf = (struct fpk_eth_rss_conf){ key, len, hf };
	return test_eth_port_start(port, 2, 1, &conf, mp);
}

/* The key given to configure: its length checked, the key copied, not pointed at. */
static int
hash_configure_checks(uint16_t port, struct fpk_mempool *mp)
{
	uint8_t key[FR_KEY_LEN + 1], saved[FR_KEY_LEN];
	const struct fpk_eth_rss_conf *kept;
	struct fpk_eth_conf conf;

	key_make(key, 1);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = FPK_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf = (struct fpk_eth_rss_conf){ key, FR_KEY_LEN - 1, 0 };
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(port, 2, 1, &conf), -EINVAL, "39-byte key");
	conf.rx_adv_conf.rss_conf.rss_key_len = FR_KEY_LEN + 1;
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(port, 2, 1, &conf), -EINVAL, "41-byte key");
	/* Without RSS mode the RSS configuration is ignored, and nothing is on record. */
	conf.rxmode.mq_mode = FPK_ETH_MQ_RX_NONE;
	conf.rx_adv_conf.rss_conf.rss_hf = FPK_ETH_RSS_IP;
	TEST_ASSERT_SUCCESS(fpk_eth_dev_configure(port, 2, 1, &conf), "bad key, no RSS");
	TEST_RUN(hash_conf_is(port, 0, NULL));
	/* RSS with the driver's default key: ethdev does not know it. */
	TEST_ASSERT_SUCCESS(hash_start(port, FPK_ETH_RSS_IP, NULL, 0, mp), "default key");
	TEST_RUN(hash_conf_is(port, FPK_ETH_RSS_IP, NULL));
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");

	TEST_ASSERT_SUCCESS(hash_start(port, FPK_ETH_RSS_IP, key, FR_KEY_LEN, mp), "key");
	memcpy(saved, key, FR_KEY_LEN);
	kept = &fpk_eth_dev_get(port)->data->dev_conf.rx_adv_conf.rss_conf;
	TEST_ASSERT(kept->rss_key != NULL && kept->rss_key != key, "key not copied");
	TEST_ASSERT(memcmp(fr.key, saved, FR_KEY_LEN) == 0, "the driver did not see the key");
	key_make(key, 99);
	TEST_RUN(hash_conf_is(port, FPK_ETH_RSS_IP, saved));
	return TEST_SUCCESS;
}

/* Without the driver's getter, hash updates as ethdev records them. */
static int
hash_body(uint16_t port, struct fpk_mempool *mp)
{
	struct fpk_eth_rss_conf rss = { 0 };
	uint8_t key[FR_KEY_LEN], saved[FR_KEY_LEN];

	fr.ops.rss_hash_conf_get = NULL;
	TEST_RUN(hash_configure_checks(port, mp));
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_hash_update(port, NULL), -EINVAL, "update from NULL");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_hash_conf_get(port, NULL), -EINVAL, "get into NULL");
	rss.rss_hf = FPK_ETH_RSS_IP | FPK_ETH_RSS_UDP;
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_hash_update(port, &rss), -EINVAL, "UDP not hashable");
	key_make(key, 7);
	rss = (struct fpk_eth_rss_conf){ key, FR_KEY_LEN - 1, FPK_ETH_RSS_TCP };
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_hash_update(port, &rss), -EINVAL, "39-byte key");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_hash_conf_get(port, &rss), -EINVAL, "39 bytes of room");
	TEST_ASSERT_EQUAL(fr.calls[FR_HASH_UPDATE], 0, "a refused update reached the driver");

	/* On the started port: new fields and key, then new fields with the key kept. */
	rss.rss_key_len = FR_KEY_LEN;
	TEST_ASSERT_SUCCESS(fpk_eth_dev_rss_hash_update(port, &rss), "TCP and a new key");
	TEST_ASSERT_EQUAL(fr.calls[FR_HASH_UPDATE], 1, "update calls");
	TEST_ASSERT(fr.rss_hf == FPK_ETH_RSS_TCP && memcmp(fr.key, key, FR_KEY_LEN) == 0,
		    "the driver did not get the update");
	memcpy(saved, key, FR_KEY_LEN);
	key_make(key, 200);
	TEST_RUN(hash_conf_is(port, FPK_ETH_RSS_TCP, saved));
	rss = (struct fpk_eth_rss_conf){ NULL, 0, FR_RSS_HF };
	TEST_ASSERT_SUCCESS(fpk_eth_dev_rss_hash_update(port, &rss), "fields alone");
	TEST_RUN(hash_conf_is(port, FR_RSS_HF, saved));
	/* A failed update leaves the record alone. */
	fr.ret = -EIO;
	rss = (struct fpk_eth_rss_conf){ key, FR_KEY_LEN, FPK_ETH_RSS_IP };
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_hash_update(port, &rss), -EIO, "driver failure");
	fr.ret = 0;
	TEST_RUN(hash_conf_is(port, FR_RSS_HF, saved));
	rss.rss_hf = 0;
	TEST_ASSERT_SUCCESS(fpk_eth_dev_rss_hash_update(port, &rss), "hashing off");
	TEST_RUN(hash_conf_is(port, 0, key));
	return TEST_SUCCESS;
}

/* With the driver's getter: it is asked, and ethdev sets rss_key_len. */
static int
hash_getter_body(uint16_t port, struct fpk_mempool *mp)
{
	uint8_t key[FR_KEY_LEN], hw_key[FR_KEY_LEN];
	struct fpk_eth_rss_conf rss;

	key_make(key, 3);
	TEST_ASSERT_SUCCESS(hash_start(port, FPK_ETH_RSS_IP, key, FR_KEY_LEN, mp), "start");
	/* What the device holds, not what ethdev recorded, is the answer. */
	key_make(hw_key, 50);
	memcpy(fr.key, hw_key, FR_KEY_LEN);
	fr.rss_hf = FPK_ETH_RSS_TCP;
	TEST_RUN(hash_conf_is(port, FPK_ETH_RSS_TCP, hw_key));
	TEST_ASSERT_EQUAL(fr.calls[FR_HASH_GET], 2, "getter calls");
	rss = (struct fpk_eth_rss_conf){ key, FR_KEY_LEN - 1, 0 };
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_hash_conf_get(port, &rss), -EINVAL, "39 bytes of room");
	TEST_ASSERT_EQUAL(fr.calls[FR_HASH_GET], 2, "a refused get reached the driver");
	fr.ret = -EIO;
	rss.rss_key_len = FR_KEY_LEN;
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_hash_conf_get(port, &rss), -EIO, "driver failure");
	fr.ret = 0;
	return TEST_SUCCESS;
}

/* What makes hash update -ENOTSUP: no op, not in RSS mode, no hash at all. */
static int
hash_notsup_body(uint16_t port, struct fpk_mempool *mp)
{
	uint8_t key[FR_KEY_LEN];
	struct fpk_eth_rss_conf rss = { key, FR_KEY_LEN, FPK_ETH_RSS_IP };

	key_make(key, 5);
	TEST_ASSERT_SUCCESS(hash_start(port, FPK_ETH_RSS_IP, NULL, 0, mp), "start RSS");
	fr.ops.rss_hash_update = NULL;
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_hash_update(port, &rss), -ENOTSUP, "without the op");
	fr.ops.rss_hash_update = fr_rss_hash_update;
	fr.key_size = 0;
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_hash_update(port, &rss), -ENOTSUP, "no hash: update");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_hash_conf_get(port, &rss), -ENOTSUP, "no hash: get");
	fr.key_size = FR_KEY_LEN;
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 2, 1, NULL, mp), "start without RSS");
	TEST_ASSERT_EQUAL(fpk_eth_dev_rss_hash_update(port, &rss), -ENOTSUP, "out of RSS mode");
	TEST_ASSERT_EQUAL(fr.calls[FR_HASH_UPDATE] + fr.calls[FR_HASH_GET], 0,
			  "a refused call reached the driver");
	return TEST_SUCCESS;
}

static int
test_rss_hash(struct fpk_mempool *mp)
{
	TEST_RUN(fr_run("net_null_rh0", hash_body, mp));
	TEST_RUN(fr_run("net_null_rh1", hash_getter_body, mp));
	return fr_run("net_null_rh2", hash_notsup_body, mp);
}

TEST_ETH_REGISTER(ethdev_rss_hash, test_rss_hash)

/* One direction of the queue start/stop API, so rx and tx run the same checks. */
struct qdir {
	const char *name;
	int (*start)(uint16_t port, uint16_t qid);
	int (*stop)(uint16_t port, uint16_t qid);
	int (*state)(uint16_t port, uint16_t qid);
	fr_queue_op_t *start_op, *stop_op; /* in fr.ops */
	fr_queue_op_t start_fn, stop_fn;   /* what they normally hold */
	enum fr_op start_calls, stop_calls;
	const uint8_t *start_state;         /* what dev_start found */
};

static const struct qdir qdirs[] = {
	{ "rx", fpk_eth_dev_rx_queue_start, fpk_eth_dev_rx_queue_stop, fpk_eth_rx_queue_state,
	  &fr.ops.rx_queue_start, &fr.ops.rx_queue_stop, fr_rx_queue_start, fr_rx_queue_stop,
	  FR_RXQ_START, FR_RXQ_STOP, fr.start_rx_state },
	{ "tx", fpk_eth_dev_tx_queue_start, fpk_eth_dev_tx_queue_stop, fpk_eth_tx_queue_state,
	  &fr.ops.tx_queue_start, &fr.ops.tx_queue_stop, fr_tx_queue_start, fr_tx_queue_stop,
	  FR_TXQ_START, FR_TXQ_STOP, fr.start_tx_state },
};

/* Configure FR_NB_Q rx and tx queues, queue FR_DEFERRED_Q of each with deferred start. */
static int
qss_setup(uint16_t port, struct fpk_mempool *mp)
{
	struct fpk_eth_rxconf rxc = { 0 };
	struct fpk_eth_txconf txc = { 0 };

	TEST_ASSERT_SUCCESS(fpk_eth_dev_configure(port, FR_NB_Q, FR_NB_Q, NULL), "configure");
	for (uint16_t q = 0; q < FR_NB_Q; q++) {
		rxc.rx_deferred_start = q == FR_DEFERRED_Q;
		txc.tx_deferred_start = q == FR_DEFERRED_Q;
		TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_setup(port, q, 0, 0, &rxc, mp), "rxq %u", q);
		TEST_ASSERT_SUCCESS(fpk_eth_tx_queue_setup(port, q, 0, 0, &txc), "txq %u", q);
	}
	return TEST_SUCCESS;
}

/* Every queue of direction @d is in the state @deferred (FR_DEFERRED_Q) or @others. */
static int
qss_states_are(uint16_t port, const struct qdir *d, int deferred, int others)
{
	for (uint16_t q = 0; q < FR_NB_Q; q++) {
		int want = q == FR_DEFERRED_Q ? deferred : others;

		TEST_ASSERT_EQUAL(d->state(port, q), want, "%s queue %u state %d, expected %d",
				  d->name, q, d->state(port, q), want);
	}
	return TEST_SUCCESS;
}

/* On the started port: the deferred queue started, another stopped; each op once. */
static int
qss_transitions(uint16_t port, const struct qdir *d)
{
	const int on = FPK_ETH_QUEUE_STATE_STARTED, off = FPK_ETH_QUEUE_STATE_STOPPED;

	TEST_RUN(qss_states_are(port, d, off, on));
	TEST_ASSERT_SUCCESS(d->start(port, 0), "%s start of a started queue", d->name);
	TEST_ASSERT_EQUAL(fr.calls[d->start_calls], 0, "%s start op ran for nothing", d->name);
	TEST_ASSERT_SUCCESS(d->start(port, FR_DEFERRED_Q), "%s start deferred queue", d->name);
	TEST_ASSERT(fr.calls[d->start_calls] == 1 && fr.last_qid == FR_DEFERRED_Q,
		    "%s start op: %u calls, last for queue %u", d->name, fr.calls[d->start_calls],
		    fr.last_qid);
	TEST_ASSERT_SUCCESS(d->start(port, FR_DEFERRED_Q), "%s start it again", d->name);
	TEST_ASSERT_EQUAL(fr.calls[d->start_calls], 1, "%s start op ran for nothing", d->name);
	TEST_ASSERT_SUCCESS(d->stop(port, 2), "%s stop queue 2", d->name);
	TEST_ASSERT_SUCCESS(d->stop(port, 2), "%s stop it again", d->name);
	TEST_ASSERT(fr.calls[d->stop_calls] == 1 && fr.last_qid == 2,
		    "%s stop op: %u calls, last for queue %u", d->name, fr.calls[d->stop_calls],
		    fr.last_qid);
	TEST_ASSERT(d->state(port, 0) == on && d->state(port, FR_DEFERRED_Q) == on &&
		    d->state(port, 2) == off, "%s states %d %d %d", d->name, d->state(port, 0),
		    d->state(port, FR_DEFERRED_Q), d->state(port, 2));

	/* The driver's failure leaves the state; a missing op is -ENOTSUP, even for nothing. */
	fr.ret = -EIO;
	TEST_ASSERT_EQUAL(d->start(port, 2), -EIO, "%s start, driver failing", d->name);
	TEST_ASSERT_EQUAL(d->stop(port, 0), -EIO, "%s stop, driver failing", d->name);
	fr.ret = 0;
	TEST_ASSERT(d->state(port, 2) == off && d->state(port, 0) == on, "%s state changed by "
		    "a failed op", d->name);
	*d->start_op = NULL;
	*d->stop_op = NULL;
	TEST_ASSERT_EQUAL(d->start(port, 2), -ENOTSUP, "%s start without the op", d->name);
	TEST_ASSERT_EQUAL(d->stop(port, 2), -ENOTSUP, "%s stop without the op", d->name);
	*d->start_op = d->start_fn;
	*d->stop_op = d->stop_fn;

	TEST_ASSERT_EQUAL(d->start(port, FR_NB_Q), -EINVAL, "%s start of a queue not configured",
			  d->name);
	TEST_ASSERT_EQUAL(d->stop(port, FR_NB_Q), -EINVAL, "%s stop of a queue not configured",
			  d->name);
	TEST_ASSERT_EQUAL(d->state(port, FR_NB_Q), -EINVAL, "%s state of a queue not configured",
			  d->name);
	/* Ids no port can have: no table of the port may be read at them. */
	TEST_ASSERT_EQUAL(d->stop(port, FPK_MAX_QUEUES_PER_PORT), -EINVAL, "%s stop of queue %u",
			  d->name, FPK_MAX_QUEUES_PER_PORT);
	TEST_ASSERT_EQUAL(d->state(port, UINT16_MAX), -EINVAL, "%s state of queue 65535", d->name);
	TEST_ASSERT(fr.calls[d->start_calls] == 2 && fr.calls[d->stop_calls] == 2,
		    "%s ops: %u starts, %u stops, expected 2 and 2", d->name,
		    fr.calls[d->start_calls], fr.calls[d->stop_calls]);
	return TEST_SUCCESS;
}

/* Port start and stop set every queue's state; no per-queue op runs for them. */
static int
qss_port_cycle(uint16_t port, struct fpk_mempool *mp)
{
	const int on = FPK_ETH_QUEUE_STATE_STARTED, off = FPK_ETH_QUEUE_STATE_STOPPED;
	unsigned int per_queue;

	TEST_RUN(qss_setup(port, mp));
	for (unsigned int i = 0; i < FPK_DIM(qdirs); i++) {
		TEST_RUN(qss_states_are(port, &qdirs[i], off, off));
		TEST_ASSERT_EQUAL(qdirs[i].start(port, 0), -EINVAL, "%s queue start on a stopped "
				  "port", qdirs[i].name);
		TEST_ASSERT_SUCCESS(qdirs[i].stop(port, 0), "%s queue stop on a stopped port",
				    qdirs[i].name);
	}
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start");
	for (unsigned int i = 0; i < FPK_DIM(qdirs); i++) {
		/* dev_start saw the deferred queue stopped, so it could leave it so. */
		for (uint16_t q = 0; q < FR_NB_Q; q++)
			TEST_ASSERT_EQUAL(qdirs[i].start_state[q], q == FR_DEFERRED_Q ? off : on,
					  "%s queue %u state %u in dev_start", qdirs[i].name, q,
					  qdirs[i].start_state[q]);
		TEST_RUN(qss_transitions(port, &qdirs[i]));
	}
	per_queue = fr.calls[FR_RXQ_START] + fr.calls[FR_RXQ_STOP] + fr.calls[FR_TXQ_START] +
		    fr.calls[FR_TXQ_STOP];
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	for (unsigned int i = 0; i < FPK_DIM(qdirs); i++)
		TEST_RUN(qss_states_are(port, &qdirs[i], off, off));
	/* Each start starts what is not deferred, whatever the queues were before. */
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "restart");
	for (unsigned int i = 0; i < FPK_DIM(qdirs); i++)
		TEST_RUN(qss_states_are(port, &qdirs[i], off, on));
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop again");
	TEST_ASSERT_EQUAL(fr.calls[FR_RXQ_START] + fr.calls[FR_RXQ_STOP] + fr.calls[FR_TXQ_START] +
			  fr.calls[FR_TXQ_STOP], per_queue, "port start/stop ran queue ops");
	/* A failed start leaves every queue stopped. */
	fr.ret = -EIO;
	TEST_ASSERT_EQUAL(fpk_eth_dev_start(port), -EIO, "start, driver failing");
	fr.ret = 0;
	for (unsigned int i = 0; i < FPK_DIM(qdirs); i++)
		TEST_RUN(qss_states_are(port, &qdirs[i], off, off));
	return TEST_SUCCESS;
}

/* Queues not set up, and deferred start on a driver that cannot start queues. */
static int
qss_setup_checks(uint16_t port, struct fpk_mempool *mp)
{
	struct fpk_eth_rxconf rxc = { .rx_deferred_start = 1 };
	struct fpk_eth_txconf txc = { .tx_deferred_start = 1 };
	unsigned int stops = fr.calls[FR_RXQ_STOP] + fr.calls[FR_TXQ_STOP];

	TEST_ASSERT_SUCCESS(fpk_eth_dev_configure(port, FR_NB_Q + 1, FR_NB_Q + 1, NULL),
			    "configure one more queue");
	for (unsigned int i = 0; i < FPK_DIM(qdirs); i++) {
		TEST_ASSERT_EQUAL(qdirs[i].stop(port, FR_NB_Q), -EINVAL, "%s stop of a queue not "
				  "set up", qdirs[i].name);
		TEST_ASSERT_EQUAL(qdirs[i].state(port, FR_NB_Q), -EINVAL, "%s state of a queue "
				  "not set up", qdirs[i].name);
	}
	/* Each direction asks its own op; a refused setup keeps the queue there was. */
	fr.ops.rx_queue_start = NULL;
	TEST_ASSERT_EQUAL(fpk_eth_rx_queue_setup(port, 0, 0, 0, &rxc, mp), -ENOTSUP,
			  "deferred rx queue, no rx_queue_start");
	TEST_ASSERT_EQUAL(fpk_eth_rx_queue_state(port, 0), FPK_ETH_QUEUE_STATE_STOPPED,
			  "rx queue 0 released by a refused setup");
	TEST_ASSERT_SUCCESS(fpk_eth_tx_queue_setup(port, FR_NB_Q, 0, 0, &txc),
			    "deferred tx queue, no rx_queue_start");
	fr.ops.rx_queue_start = fr_rx_queue_start;
	fr.ops.tx_queue_start = NULL;
	TEST_ASSERT_EQUAL(fpk_eth_tx_queue_setup(port, 0, 0, 0, &txc), -ENOTSUP,
			  "deferred tx queue, no tx_queue_start");
	TEST_ASSERT_EQUAL(fpk_eth_tx_queue_state(port, 0), FPK_ETH_QUEUE_STATE_STOPPED,
			  "tx queue 0 released by a refused setup");
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_setup(port, FR_NB_Q, 0, 0, &rxc, mp),
			    "deferred rx queue, no tx_queue_start");
	fr.ops.tx_queue_start = fr_tx_queue_start;
	TEST_ASSERT_EQUAL(fr.calls[FR_RXQ_STOP] + fr.calls[FR_TXQ_STOP], stops,
			  "a refused stop reached the driver");
	return TEST_SUCCESS;
}

static int
qss_body(uint16_t port, struct fpk_mempool *mp)
{
	TEST_RUN(qss_port_cycle(port, mp));
	return qss_setup_checks(port, mp);
}

static int
test_queue_start_stop(struct fpk_mempool *mp)
{
	return fr_run("net_null_qs0", qss_body, mp);
}

TEST_ETH_REGISTER(ethdev_queue_start_stop, test_queue_start_stop)

/*
 * Queue info as recorded at setup: descriptor counts (the default applied),
 * pool, buffer size, the configuration given, and the state following port
 * and queue start/stop; refusals for a queue not configured or not set up.
 */
static int
qinfo_body(uint16_t port, struct fpk_mempool *mp)
{
	struct fpk_eth_rxconf rxc = { .rx_free_thresh = 16, .rx_drop_en = 1 };
	struct fpk_eth_txconf txc = { .tx_free_thresh = 24, .tx_rs_thresh = 8 };
	struct fpk_eth_rxq_info ri;
	struct fpk_eth_txq_info ti;
	struct fpk_eth_conf conf;

	memset(&conf, 0, sizeof(conf));
	TEST_ASSERT_SUCCESS(fpk_eth_dev_configure(port, 2, 1, &conf), "configure");
	TEST_ASSERT_EQUAL(fpk_eth_rx_queue_info_get(port, 0, &ri), -EINVAL, "rxq not set up");
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_setup(port, 0, 512, 0, &rxc, mp), "rxq 0");
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_setup(port, 1, 0, 0, NULL, mp), "rxq 1");
	TEST_ASSERT_SUCCESS(fpk_eth_tx_queue_setup(port, 0, 256, 0, &txc), "txq 0");
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_info_get(port, 0, &ri), "rxq 0 info");
	TEST_ASSERT(ri.mp == mp && ri.nb_desc == 512 && ri.conf.rx_free_thresh == 16 &&
		    ri.conf.rx_drop_en == 1 && ri.scattered_rx == 0 &&
		    ri.queue_state == FPK_ETH_QUEUE_STATE_STOPPED,
		    "rxq 0: mp %p desc %u free %u drop %u scattered %u state %u", (void *)ri.mp,
		    ri.nb_desc, ri.conf.rx_free_thresh, ri.conf.rx_drop_en, ri.scattered_rx,
		    ri.queue_state);
	TEST_ASSERT_EQUAL(ri.rx_buf_size, fpk_pktmbuf_data_room_size(mp) - FPK_PKTMBUF_HEADROOM,
			  "rx_buf_size %u", ri.rx_buf_size);
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_info_get(port, 1, &ri), "rxq 1 info");
	TEST_ASSERT(ri.nb_desc > 0 && ri.conf.rx_free_thresh == 0, "rxq 1: default desc %u, "
		    "free %u", ri.nb_desc, ri.conf.rx_free_thresh);
	TEST_ASSERT_SUCCESS(fpk_eth_tx_queue_info_get(port, 0, &ti), "txq 0 info");
	TEST_ASSERT(ti.nb_desc == 256 && ti.conf.tx_free_thresh == 24 &&
		    ti.conf.tx_rs_thresh == 8 && ti.queue_state == FPK_ETH_QUEUE_STATE_STOPPED,
		    "txq 0: desc %u free %u rs %u state %u", ti.nb_desc, ti.conf.tx_free_thresh,
		    ti.conf.tx_rs_thresh, ti.queue_state);

	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start");
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_info_get(port, 1, &ri), "rxq 1 info started");
	TEST_ASSERT_EQUAL(ri.queue_state, FPK_ETH_QUEUE_STATE_STARTED, "rxq 1 not started");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_rx_queue_stop(port, 1), "rxq 1 stop");
	TEST_ASSERT_SUCCESS(fpk_eth_rx_queue_info_get(port, 1, &ri), "rxq 1 info stopped");
	TEST_ASSERT_EQUAL(ri.queue_state, FPK_ETH_QUEUE_STATE_STOPPED, "rxq 1 still started");
	TEST_ASSERT_SUCCESS(fpk_eth_tx_queue_info_get(port, 0, &ti), "txq 0 info started");
	TEST_ASSERT_EQUAL(ti.queue_state, FPK_ETH_QUEUE_STATE_STARTED, "txq 0 not started");

	TEST_ASSERT_EQUAL(fpk_eth_rx_queue_info_get(port, 2, &ri), -EINVAL, "rxq 2");
	TEST_ASSERT_EQUAL(fpk_eth_tx_queue_info_get(port, 1, &ti), -EINVAL, "txq 1");
	TEST_ASSERT_EQUAL(fpk_eth_rx_queue_info_get(port, 0, NULL), -EINVAL, "NULL rx info");
	TEST_ASSERT_EQUAL(fpk_eth_tx_queue_info_get(port, 0, NULL), -EINVAL, "NULL tx info");
	TEST_ASSERT_EQUAL(fpk_eth_rx_queue_info_get(BAD_PORT, 0, &ri), -ENODEV, "bad port rx");
	TEST_ASSERT_EQUAL(fpk_eth_tx_queue_info_get(BAD_PORT, 0, &ti), -ENODEV, "bad port tx");
	return fpk_eth_dev_stop(port);
}

static int
test_queue_info(struct fpk_mempool *mp)
{
	return fr_run("net_null_qi0", qinfo_body, mp);
}

TEST_ETH_REGISTER(ethdev_queue_info, test_queue_info)

/* The link status of @port is @want. */
static int
link_status_is(uint16_t port, uint16_t want, const char *when)
{
	struct fpk_eth_link link;

	TEST_ASSERT_SUCCESS(fpk_eth_link_get_nowait(port, &link), "link %s", when);
	TEST_ASSERT_EQUAL(link.link_status, want, "link %s after %s", want ? "down" : "up",
			  when);
	return TEST_SUCCESS;
}

/* Link down and up by hand on null and ring ports; -ENOTSUP without the ops. */
static int
link_updown_body(uint16_t port, struct fpk_mempool *mp)
{
	uint16_t ring;

	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_link_down(port), "null link down");
	TEST_RUN(link_status_is(port, FPK_ETH_LINK_DOWN, "null link down"));
	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_link_up(port), "null link up");
	TEST_RUN(link_status_is(port, FPK_ETH_LINK_UP, "null link up"));
	fr.ops.dev_set_link_up = NULL;
	fr.ops.dev_set_link_down = NULL;
	TEST_ASSERT_EQUAL(fpk_eth_dev_set_link_down(port), -ENOTSUP, "no link down op");
	TEST_ASSERT_EQUAL(fpk_eth_dev_set_link_up(port), -ENOTSUP, "no link up op");
	TEST_RUN(link_status_is(port, FPK_ETH_LINK_UP, "a refused link down"));
	TEST_ASSERT_EQUAL(fpk_eth_dev_set_link_up(BAD_PORT), -ENODEV, "bad port up");
	TEST_ASSERT_EQUAL(fpk_eth_dev_set_link_down(BAD_PORT), -ENODEV, "bad port down");

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_ring_ld0", "", &ring), "create ring");
	TEST_ASSERT_SUCCESS(test_eth_port_start(ring, 1, 1, NULL, mp), "start ring");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_link_down(ring), "ring link down");
	TEST_RUN(link_status_is(ring, FPK_ETH_LINK_DOWN, "ring link down"));
	TEST_ASSERT_EQUAL(fpk_eth_dev_is_started(ring), 1, "ring stopped by link down");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_link_up(ring), "ring link up");
	TEST_RUN(link_status_is(ring, FPK_ETH_LINK_UP, "ring link up"));
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_ring_ld0"), "remove ring");
	return TEST_SUCCESS;
}

static int
test_link_updown(struct fpk_mempool *mp)
{
	return fr_run("net_null_ld0", link_updown_body, mp);
}

TEST_ETH_REGISTER(ethdev_link_updown, test_link_updown)

/* What the fake device's set_mc_addr_list op was last given. */
static struct {
	unsigned int calls;
	uint32_t nb;
	struct fpk_ether_addr list[4];
} mc_seen;

static int
mc_record(struct fpk_eth_dev *dev, const struct fpk_ether_addr *list, uint32_t nb)
{
	(void)dev;
	mc_seen.calls++;
	mc_seen.nb = nb;
	if (fr.ret)
		return fr.ret;
	if (nb > FPK_DIM(mc_seen.list))
		return -EINVAL;
	for (uint32_t i = 0; i < nb; i++)
		mc_seen.list[i] = list[i];
	return 0;
}

/*
 * The multicast list: ethdev refuses a bad port, a unicast address and a
 * missing list without reaching the driver, -ENOTSUP without the op (a
 * net_ring port), and otherwise hands the driver the whole list and
 * returns its verdict; net_null takes any list.
 */
static int
mc_list_body(uint16_t port, struct fpk_mempool *mp)
{
	const struct fpk_ether_addr mc[2] = { { { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 } },
					      { { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 } } };
	const struct fpk_ether_addr mixed[2] = { mc[0], { { 0x02, 0, 0, 0, 0, 1 } } };
	uint16_t ring;

	memset(&mc_seen, 0, sizeof(mc_seen));
	TEST_ASSERT_EQUAL(fpk_eth_dev_set_mc_addr_list(BAD_PORT, mc, 1), -ENODEV, "bad port");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_ring_mc0", "", &ring), "create ring");
	TEST_ASSERT_EQUAL(fpk_eth_dev_set_mc_addr_list(ring, mc, 2), -ENOTSUP, "no op");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_ring_mc0"), "remove ring");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_mc_addr_list(port, mc, 2), "net_null's no-op");
	fr.ops.set_mc_addr_list = mc_record;
	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_mc_addr_list(port, mc, 2), "two addresses");
	TEST_ASSERT_EQUAL(mc_seen.calls, 1, "op called %u times", mc_seen.calls);
	TEST_ASSERT_EQUAL(mc_seen.nb, 2, "op given %u addresses", mc_seen.nb);
	for (unsigned int i = 0; i < 2; i++)
		TEST_ASSERT(fpk_is_same_ether_addr(&mc_seen.list[i], &mc[i]), "address %u", i);
	TEST_ASSERT_EQUAL(fpk_eth_dev_set_mc_addr_list(port, mixed, 2), -EINVAL,
			  "unicast address in the list");
	TEST_ASSERT_EQUAL(fpk_eth_dev_set_mc_addr_list(port, NULL, 1), -EINVAL, "no list");
	TEST_ASSERT_EQUAL(mc_seen.calls, 1, "op reached by a refused list");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_mc_addr_list(port, NULL, 0), "flush");
	TEST_ASSERT_EQUAL(mc_seen.calls, 2, "flush did not reach the op");
	TEST_ASSERT_EQUAL(mc_seen.nb, 0, "flush gave %u addresses", mc_seen.nb);
	/* A started port takes a new list too; the driver's error comes back. */
	TEST_ASSERT_SUCCESS(test_eth_port_start(port, 1, 1, NULL, mp), "start");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_mc_addr_list(port, mc + 1, 1), "list when started");
	TEST_ASSERT(mc_seen.nb == 1 && fpk_is_same_ether_addr(&mc_seen.list[0], &mc[1]),
		    "list when started not seen by the op");
	fr.ret = -EIO;
	TEST_ASSERT_EQUAL(fpk_eth_dev_set_mc_addr_list(port, mc, 1), -EIO, "driver error");
	fr.ret = 0;
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	return TEST_SUCCESS;
}

static int
test_mc_addr_list(struct fpk_mempool *mp)
{
	return fr_run("net_null_mc0", mc_list_body, mp);
}

TEST_ETH_REGISTER(ethdev_mc_addr_list, test_mc_addr_list)
