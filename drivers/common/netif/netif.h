/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * common_netif: the kernel network interface under a PMD that runs on one
 * (net_af_packet, net_af_xdp), through the interface ioctls. One copy of
 * the lookup, link, MAC and MTU code those PMDs share; each keeps what is
 * its own (the IFF_UP or channel checks of its probe, its MTU messages).
 *
 * Internal to the drivers, hence the unprefixed names: libfpk.so exports
 * fpk_* only (config/libfpk.map), and these must not become ABI.
 * Functions return 0 or a negative errno.
 */
#ifndef NETIF_H
#define NETIF_H

#include <stdbool.h>
#include <net/if.h>

#include "fpk_ethdev_driver.h"

/* An interface as a PMD port sees it. */
struct netif {
	char name[IFNAMSIZ];
	int fd;          /* any socket of the PMD's: interface ioctls go through it */
	int ifindex;     /* set by netif_index_get() */
	const char *port; /* the port's name, which starts every message */
	int logtype;     /* the PMD's: a user's --log-level for the PMD covers these */
};

/* ioctl @req on the interface, its name filled into @ifr. */
int netif_ioctl(const struct netif *nif, unsigned long req, struct ifreq *ifr);

/*
 * Look the interface up into @nif->ifindex; -ENODEV, logged with the fix,
 * when there is none of that name.
 */
int netif_index_get(struct netif *nif);

/*
 * The interface's MAC address into @mac. An interface without Ethernet
 * addresses is refused (-EINVAL, logged); @loopback_ok lets lo through.
 */
int netif_mac_get(const struct netif *nif, struct fpk_ether_addr *mac, bool loopback_ok);

/* The interface's MTU into @mtu. */
int netif_mtu_get(const struct netif *nif, int *mtu);

/* Set the interface's MTU (the caller says what to do on failure: limits differ). */
int netif_mtu_set(const struct netif *nif, uint16_t mtu);

/* Set the interface's MAC address; a refusal is logged with its likely cause. */
int netif_mac_set(const struct netif *nif, const struct fpk_ether_addr *addr);

/*
 * The interface's link into @link: up when IFF_UP and IFF_RUNNING, speed,
 * duplex and autoneg as ethtool shows them (speed unknown for interfaces
 * without, such as veth; none when down).
 */
void netif_link_read(const struct netif *nif, struct fpk_eth_link *link);

#endif /* NETIF_H */
