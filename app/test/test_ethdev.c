/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the ethdev API, on net_null and net_ring ports made at run
 * time: port table, configure/start/stop/close cycles, argument checking,
 * device info, statistics and xstats (every name a port reports checked
 * against a table of expected values), link, MAC, promiscuous/all-multicast,
 * MTU, event callbacks, tx buffering, and bursts on stopped ports. Every
 * test runs through test_eth_run(), so each one ends with the mbuf leak
 * check.
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
