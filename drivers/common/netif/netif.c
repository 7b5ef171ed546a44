/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * common_netif: interface ioctls shared by the PMDs that run on a kernel
 * network interface (netif.h says which and why they are one copy).
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include <net/if_arp.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>

#include "fpk_log.h"
#include "netif.h"

int
netif_ioctl(const struct netif *nif, unsigned long req, struct ifreq *ifr)
{
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", nif->name);
	return ioctl(nif->fd, req, ifr) < 0 ? -errno : 0;
}

int
netif_index_get(struct netif *nif)
{
	struct ifreq ifr = { 0 };

	/* Whatever the ioctl says, the user's fix is the same: name an interface that exists. */
	if (netif_ioctl(nif, SIOCGIFINDEX, &ifr) != 0) {
		fpk_log(FPK_LOG_ERR, nif->logtype, "%s: iface=%s does not exist: create it or "
			"name an existing interface (ip link lists them)\n", nif->port, nif->name);
		return -ENODEV;
	}
	nif->ifindex = ifr.ifr_ifindex;
	return 0;
}

int
netif_mac_get(const struct netif *nif, struct fpk_ether_addr *mac, bool loopback_ok)
{
	struct ifreq ifr = { 0 };
	int ret = netif_ioctl(nif, SIOCGIFHWADDR, &ifr);

	if (ret)
		return ret;
	/* Frames carry Ethernet headers: another link type would get them wrong. */
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER &&
	    !(loopback_ok && ifr.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK)) {
		fpk_log(FPK_LOG_ERR, nif->logtype, "%s: iface=%s is not an Ethernet interface "
			"(ARPHRD type %u): name an Ethernet one\n", nif->port, nif->name,
			ifr.ifr_hwaddr.sa_family);
		return -EINVAL;
	}
	memcpy(mac->addr_bytes, ifr.ifr_hwaddr.sa_data, FPK_ETHER_ADDR_LEN);
	return 0;
}

int
netif_mtu_get(const struct netif *nif, int *mtu)
{
	struct ifreq ifr = { 0 };
	int ret = netif_ioctl(nif, SIOCGIFMTU, &ifr);

	if (ret == 0)
		*mtu = ifr.ifr_mtu;
	return ret;
}

int
netif_mtu_set(const struct netif *nif, uint16_t mtu)
{
	struct ifreq ifr = { .ifr_mtu = mtu };

	return netif_ioctl(nif, SIOCSIFMTU, &ifr);
}

int
netif_mac_set(const struct netif *nif, const struct fpk_ether_addr *addr)
{
	struct ifreq ifr = { 0 };
	int ret;

	ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
	memcpy(ifr.ifr_hwaddr.sa_data, addr->addr_bytes, FPK_ETHER_ADDR_LEN);
	ret = netif_ioctl(nif, SIOCSIFHWADDR, &ifr);
	/* EBUSY: drivers such as e1000e change the address only while the interface is down. */
	if (ret)
		fpk_log(FPK_LOG_ERR, nif->logtype, "%s: iface=%s refused the new MAC address "
			"(%s)%s\n", nif->port, nif->name, strerror(-ret), ret == -EBUSY ?
			": this driver needs the interface down to change it" : "");
	return ret;
}

void
netif_link_read(const struct netif *nif, struct fpk_eth_link *link)
{
	struct ethtool_cmd cmd = { .cmd = ETHTOOL_GSET };
	struct ifreq ifr = { 0 };
	uint32_t speed;

	memset(link, 0, sizeof(*link));
	if (netif_ioctl(nif, SIOCGIFFLAGS, &ifr) == 0)
		link->link_status = (ifr.ifr_flags & (IFF_UP | IFF_RUNNING)) ==
				    (IFF_UP | IFF_RUNNING);
	/* Virtual interfaces (veth, tap) have no ethtool link settings: unknown speed then. */
	link->link_speed = FPK_ETH_SPEED_NUM_UNKNOWN;
	link->link_duplex = FPK_ETH_LINK_FULL_DUPLEX;
	ifr.ifr_data = (void *)&cmd;
	if (netif_ioctl(nif, SIOCETHTOOL, &ifr) == 0) {
		speed = ethtool_cmd_speed(&cmd);
		if (speed != 0 && speed != (uint32_t)SPEED_UNKNOWN)
			link->link_speed = speed;
		link->link_duplex = cmd.duplex != DUPLEX_HALF;
		link->link_autoneg = cmd.autoneg == AUTONEG_ENABLE;
	}
	if (!link->link_status)
		link->link_speed = FPK_ETH_SPEED_NUM_NONE;
}
