/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fpk-testpmd's application state around the forwarding core: options,
 * ports, forwarding lcores and the control functions the command line and
 * the prompt share. Slow path only.
 */
#ifndef FPK_TESTPMD_APP_H
#define FPK_TESTPMD_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "testpmd.h"

#define RX_DESC_SIZING 2048   /* rx ring size assumed for pool sizing when --rxd is not given */
#define TX_DESC_SIZING 2048
#define DEF_MBUF_CACHE 250
#define MBUF_DATA_SIZE FPK_MBUF_DEFAULT_BUF_SIZE

enum port_topology { TOPO_PAIRED, TOPO_CHAINED, TOPO_LOOP };

struct app_params {
	bool interactive;
	bool auto_start;
	bool tx_first;
	unsigned int stats_period;       /* seconds, 0: no periodic display */
	unsigned int nb_fwd_lcores;      /* --nb-cores */
	uint64_t portmask;               /* 0: every port */
	const struct fwd_engine *engine;
	enum port_topology topology;
	uint16_t nb_rxq;
	uint16_t nb_txq;
	uint16_t nb_rxd;                 /* 0: the driver's default */
	uint16_t nb_txd;
	uint32_t total_num_mbufs;        /* 0: computed */
	uint32_t mbcache;
	uint64_t rss_hf;                 /* FPK_ETH_RSS_* hashed with several rx queues; 0: no RSS */
	uint16_t mbuf_data_size;         /* --mbuf-size: data room of the mbufs, headroom included */
	uint32_t max_rx_pkt_len;         /* --max-pkt-len: MTU plus the port's overhead; 0: keep */
	uint64_t fwd_coremask;           /* --coremask: the lcores that forward; 0: every worker */
	uint16_t nb_fwd_ports_max;       /* --nb-ports: forward on the first N ports; 0: all */
	bool no_lsc_interrupt;           /* --no-lsc-interrupt: no link-state events */
	bool peer_set[FPK_MAX_ETHPORTS];
	struct fpk_ether_addr peer[FPK_MAX_ETHPORTS];
};

struct port_state {
	bool started;
	int socket;
	struct fpk_ether_addr mac;
	struct fpk_eth_dev_info info;
	struct fpk_mempool *pool;
	uint64_t tx_offloads;
	struct fpk_eth_stats base;       /* counters when forwarding started or stats were cleared */
	/* "Throughput (since last show)" */
	uint64_t last_rx_pkts, last_tx_pkts, last_rx_bytes, last_tx_bytes, last_ns;
	/* --tx-seq numbers carry on across stop/start */
	uint64_t tx_seq[FPK_MAX_QUEUES_PER_PORT];
	/*
	 * mcast_addr add|remove: the multicast list the driver filters on, kept
	 * here because fpk_eth_dev_set_mc_addr_list() replaces the whole list.
	 * malloc'd, room for nb_mc_addrs at least; freed when the port closes.
	 */
	struct fpk_ether_addr *mc_addrs;
	uint32_t nb_mc_addrs;
};

/* One forwarding lcore and the streams it polls. */
struct fwd_lcore {
	unsigned int lcore_id;
	uint16_t first_stream;
	uint16_t nb_streams;
	volatile bool stop;
} __fpk_cache_aligned;

extern struct app_params app;
extern struct port_state ports[FPK_MAX_ETHPORTS];
extern uint16_t fwd_ports[FPK_MAX_ETHPORTS];
extern uint16_t nb_fwd_ports;
extern unsigned int nb_worker_lcores;       /* lcores that can forward */
extern struct fwd_lcore fwd_lcores[FPK_MAX_LCORE];
extern struct fwd_stream **fwd_streams;
extern uint16_t nb_fwd_streams;
extern unsigned int nb_active_lcores;       /* lcores given streams by fwd_plan_lcores() */
extern bool fwd_running;

/* parameters.c */
/* --help: fpk-testpmd's part (usage_app(), which the EAL prints through
 * fpk_eal_set_usage_hook()), then the EAL's. */
void usage_app(const char *prog);
void usage(const char *prog);
/*
 * Whether the testpmd options (after "--") ask for help: answered before
 * the EAL starts, so that help needs no memory. The value of an option
 * that takes one is not a request ("--portmask -h" is a bad mask); -h
 * among the EAL options is the EAL's parser's to find.
 */
bool app_wants_help(int argc, char **argv);
/*
 * The testpmd options in @argv (argv[0] the program). @return 0, 1 when
 * they ask for --help (the caller prints it: no exit from here, so the fuzz
 * target can run the parser), or -1 after printing why.
 */
int parse_args(int argc, char **argv);
int parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out);

/* testpmd.c */
/* main()'s steps around the prompt or the run, which the fuzz targets take too. */
int signals_setup(void);           /* @return 0, or -1 with errno set */
void app_setup(void);
void app_cleanup(void);
/* The streams "start" sets up, and the lcores polling them (fwd_lcores[]). */
uint16_t fwd_plan_nb_streams(void);
void fwd_plan_stream(uint16_t k, uint16_t *rx_port, uint16_t *tx_port, uint16_t *queue);
void fwd_plan_lcores(void);
/* @tx_first: txonly bursts sent on every stream before forwarding starts. */
int start_packet_forwarding(unsigned int tx_first);
void stop_packet_forwarding(void);
int start_port(uint16_t port);
/* Whether @port is configured with the current queue settings (done at its start). */
bool port_is_set_up(uint16_t port);
void stop_port(uint16_t port);
void check_link_status(void);
/* The fd that becomes readable when SIGINT/SIGTERM arrives; its signal or 0. */
int signal_fd(void);
int signal_received(void);

/* config.c */
void nic_stats_display(uint16_t port);
void nic_stats_clear(uint16_t port);
void nic_xstats_display(uint16_t port);
void port_infos_display(uint16_t port);
void fwd_config_display(void);
void fwd_stats_display(void);
void rxtx_config_display(void);

/*
 * The prompt's port, display and configuration commands beyond forwarding
 * (DPDK testpmd's words and output). Each prints what went wrong itself.
 */
void port_summary_display(void);                          /* show port summary all */
void rxq_info_display(uint16_t port, const char *queue);  /* show rxq info P Q */
void txq_info_display(uint16_t port, const char *queue);  /* show txq info P Q */
void cores_config_display(void);                          /* show config cores */
void device_infos_display(void);                          /* show device info all */
void port_close(uint16_t port);                           /* port close P */
void port_reset(uint16_t port);                           /* port reset P */
void port_mtu_set(uint16_t port, const char *mtu);        /* port config mtu P N */
/* port config all rxq|txq|rxd|txd N: @what is "rxq", "txq", "rxd" or "txd". */
void port_queues_config(const char *what, const char *n);
void port_allmulti_set(uint16_t port, bool on);           /* set allmulti P|all on|off */
void port_link_set(uint16_t port, bool up);               /* set link-up|link-down port P */
void port_mac_addr_set(uint16_t port, const char *mac);   /* mac_addr set P MAC */
void port_mcast_addr_add(uint16_t port, const char *mac);    /* mcast_addr add P MAC */
void port_mcast_addr_remove(uint16_t port, const char *mac); /* mcast_addr remove P MAC */
/* Forget testpmd's copy of @port's multicast list: the port closed, its driver's list with it. */
void port_mcast_list_free(uint16_t port);
void fwd_portlist_set(const char *list);                  /* set portlist 0,1 */
void log_global_set(const char *level);                   /* set log global LEVEL */
void mempools_dump(void);                                 /* dump_mempool */
void memzones_dump(void);                                 /* dump_memzone */

/* rss.c: the RSS commands of the prompt (DPDK testpmd's syntax and output). */
/* DPDK's names of the hash types in @hf, two spaces before each, wrapped. */
void rss_types_print(uint64_t hf);
void rss_hash_show(uint16_t port, bool show_key);
void rss_reta_show(uint16_t port, const char *size, const char *masks);
void rss_reta_config(uint16_t port, const char *entries);
void rss_config_all(const char *type);

/* cmdline.c: the prompt, until quit, end of input or a signal. */
void prompt(void);
/* Run one prompt command line (modified in place). @return false for quit. */
bool cmdline_execute(char *line);

#endif /* FPK_TESTPMD_APP_H */
