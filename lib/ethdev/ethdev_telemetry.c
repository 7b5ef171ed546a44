/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ethdev's telemetry commands, with DPDK 22.11's names, parameters, keys
 * and help texts, so that scripts written for dpdk-telemetry.py read FPK
 * ports: /ethdev/list, /ethdev/info, /ethdev/stats, /ethdev/xstats and
 * /ethdev/link_status. They run on the telemetry thread and only read:
 * statistics as fpk_eth_stats_get() gives them to any thread.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "fpk_ethdev.h"
#include "fpk_ethdev_driver.h"
#include "fpk_mbuf.h"
#include "fpk_telemetry.h"

/*
 * The port id of "N": as DPDK, parameters must start with a digit, the
 * number may be hex or octal (strtoul base 0) and what follows it is
 * ignored. @return the port id, or -EINVAL (no such port included).
 */
static int
param_port(const char *params)
{
	unsigned long port;

	if (params == NULL || !isdigit((unsigned char)params[0]))
		return -EINVAL;
	port = strtoul(params, NULL, 0);
	if (port >= FPK_MAX_ETHPORTS || !fpk_eth_dev_is_valid_port((uint16_t)port))
		return -EINVAL;
	return (int)port;
}

static int
handle_list(const char *cmd, const char *params, struct fpk_tel_data *d)
{
	uint16_t port;

	(void)cmd;
	(void)params;
	fpk_tel_data_start_array(d, FPK_TEL_INT_VAL);
	FPK_ETH_FOREACH_DEV(port)
		fpk_tel_data_add_array_int(d, port);
	return 0;
}

static int
handle_stats(const char *cmd, const char *params, struct fpk_tel_data *d)
{
	static const char *const qnames[] = { "q_ipackets", "q_opackets", "q_ibytes",
					      "q_obytes", "q_errors" };
	struct fpk_eth_stats st;
	int port = param_port(params);

	(void)cmd;
	if (port < 0 || fpk_eth_stats_get((uint16_t)port, &st) < 0)
		return -EINVAL;
	const uint64_t *q[] = { st.q_ipackets, st.q_opackets, st.q_ibytes, st.q_obytes,
				st.q_errors };

	fpk_tel_data_start_dict(d);
	fpk_tel_data_add_dict_uint(d, "ipackets", st.ipackets);
	fpk_tel_data_add_dict_uint(d, "opackets", st.opackets);
	fpk_tel_data_add_dict_uint(d, "ibytes", st.ibytes);
	fpk_tel_data_add_dict_uint(d, "obytes", st.obytes);
	fpk_tel_data_add_dict_uint(d, "imissed", st.imissed);
	fpk_tel_data_add_dict_uint(d, "ierrors", st.ierrors);
	fpk_tel_data_add_dict_uint(d, "oerrors", st.oerrors);
	fpk_tel_data_add_dict_uint(d, "rx_nombuf", st.rx_nombuf);
	for (unsigned int i = 0; i < FPK_DIM(qnames); i++) {
		struct fpk_tel_data *a = fpk_tel_data_alloc();

		if (a == NULL)
			return -ENOMEM;
		fpk_tel_data_start_array(a, FPK_TEL_UINT_VAL);
		for (unsigned int j = 0; j < FPK_MAX_QUEUES_PER_PORT; j++)
			fpk_tel_data_add_array_uint(a, q[i][j]);
		fpk_tel_data_add_dict_container(d, qnames[i], a, 0);
	}
	return 0;
}

static int
handle_xstats(const char *cmd, const char *params, struct fpk_tel_data *d)
{
	struct fpk_eth_xstat_name *names = NULL;
	struct fpk_eth_xstat *values = NULL;
	int port = param_port(params);
	int n, ret = -EINVAL;

	(void)cmd;
	if (port < 0)
		return -EINVAL;
	n = fpk_eth_xstats_get((uint16_t)port, NULL, 0);
	if (n < 0)
		return n;
	names = calloc((size_t)n + 1, sizeof(*names));
	values = calloc((size_t)n + 1, sizeof(*values));
	if (names != NULL && values != NULL &&
	    fpk_eth_xstats_get_names((uint16_t)port, names, (unsigned int)n) == n &&
	    fpk_eth_xstats_get((uint16_t)port, values, (unsigned int)n) == n) {
		fpk_tel_data_start_dict(d);
		for (int i = 0; i < n; i++)
			fpk_tel_data_add_dict_uint(d, names[i].name, values[i].value);
		ret = 0;
	}
	free(names);
	free(values);
	return ret;
}

static int
handle_link_status(const char *cmd, const char *params, struct fpk_tel_data *d)
{
	struct fpk_eth_link link;
	int port = param_port(params);

	(void)cmd;
	if (port < 0 || fpk_eth_link_get_nowait((uint16_t)port, &link) < 0)
		return -EINVAL;
	fpk_tel_data_start_dict(d);
	if (!link.link_status)
		return fpk_tel_data_add_dict_string(d, "status", "DOWN");
	fpk_tel_data_add_dict_string(d, "status", "UP");
	fpk_tel_data_add_dict_uint(d, "speed", link.link_speed);
	return fpk_tel_data_add_dict_string(d, "duplex", link.link_duplex == FPK_ETH_LINK_FULL_DUPLEX ?
					    "full-duplex" : "half-duplex");
}

/* An array of a port's queue states, as a reply's container (NULL if out of memory). */
static struct fpk_tel_data *
queue_states(const uint8_t *state, uint16_t n)
{
	struct fpk_tel_data *a = fpk_tel_data_alloc();

	if (a == NULL)
		return NULL;
	fpk_tel_data_start_array(a, FPK_TEL_INT_VAL);
	for (uint16_t q = 0; q < n; q++)
		fpk_tel_data_add_array_int(a, state[q]);
	return a;
}

/*
 * DPDK's keys, in its order. Where FPK lacks the concept the value says
 * so plainly: state is 1 (attached) for every port listed, lro and
 * dev_flags are 0 (FPK has neither), rx_mbuf_size_min is the smallest
 * data room the port's rx mbufs need (headroom plus the driver's
 * min_rx_bufsize) and scattered_rx is whether the scatter offload is on.
 */
static int
handle_info(const char *cmd, const char *params, struct fpk_tel_data *d)
{
	struct fpk_eth_dev_info info;
	const struct fpk_eth_dev_data *data;
	char mac[FPK_ETHER_ADDR_FMT_SIZE];
	int port = param_port(params);

	(void)cmd;
	if (port < 0 || fpk_eth_dev_info_get((uint16_t)port, &info) < 0)
		return -EINVAL;
	data = fpk_eth_dev_get((uint16_t)port)->data;
	fpk_ether_format_addr(mac, sizeof(mac), &data->mac_addr);
	fpk_tel_data_start_dict(d);
	fpk_tel_data_add_dict_string(d, "name", data->name);
	fpk_tel_data_add_dict_int(d, "state", 1);
	fpk_tel_data_add_dict_int(d, "nb_rx_queues", data->nb_rx_queues);
	fpk_tel_data_add_dict_int(d, "nb_tx_queues", data->nb_tx_queues);
	fpk_tel_data_add_dict_int(d, "port_id", data->port_id);
	fpk_tel_data_add_dict_int(d, "mtu", data->mtu);
	fpk_tel_data_add_dict_int(d, "rx_mbuf_size_min",
				  FPK_PKTMBUF_HEADROOM + (int64_t)info.min_rx_bufsize);
	fpk_tel_data_add_dict_string(d, "mac_addr", mac);
	fpk_tel_data_add_dict_int(d, "promiscuous", data->promiscuous);
	fpk_tel_data_add_dict_int(d, "scattered_rx",
				  !!(data->dev_conf.rxmode.offloads & FPK_ETH_RX_OFFLOAD_SCATTER));
	fpk_tel_data_add_dict_int(d, "all_multicast", data->all_multicast);
	fpk_tel_data_add_dict_int(d, "dev_started", data->dev_started);
	fpk_tel_data_add_dict_int(d, "lro", 0);
	fpk_tel_data_add_dict_int(d, "dev_configured", data->dev_configured);
	fpk_tel_data_add_dict_container(d, "rxq_state",
					queue_states(data->rx_queue_state, data->nb_rx_queues), 0);
	fpk_tel_data_add_dict_container(d, "txq_state",
					queue_states(data->tx_queue_state, data->nb_tx_queues), 0);
	fpk_tel_data_add_dict_int(d, "numa_node", data->numa_node);
	fpk_tel_data_add_dict_int(d, "dev_flags", 0);
	fpk_tel_data_add_dict_uint(d, "rx_offloads", data->dev_conf.rxmode.offloads);
	fpk_tel_data_add_dict_uint(d, "tx_offloads", data->dev_conf.txmode.offloads);
	fpk_tel_data_add_dict_uint(d, "ethdev_rss_hf", data->dev_conf.rx_adv_conf.rss_conf.rss_hf);
	return 0;
}

__attribute__((constructor)) static void
ethdev_telemetry_register(void)
{
	/* DPDK's help texts, word for word. */
	fpk_telemetry_register_cmd("/ethdev/list", handle_list,
				   "Returns list of available ethdev ports. Takes no parameters");
	fpk_telemetry_register_cmd("/ethdev/stats", handle_stats,
				   "Returns the common stats for a port. Parameters: int port_id");
	fpk_telemetry_register_cmd("/ethdev/xstats", handle_xstats,
				   "Returns the extended stats for a port. Parameters: int port_id");
	fpk_telemetry_register_cmd("/ethdev/link_status", handle_link_status,
				   "Returns the link status for a port. Parameters: int port_id");
	fpk_telemetry_register_cmd("/ethdev/info", handle_info,
				   "Returns the device info for a port. Parameters: int port_id");
}
