// SPDX-License-Identifier: BSD-3-Clause
/*
 * The e1000e mini-driver of the noiommu DMA tests (see e1000e_mini.h).
 * Only the legacy descriptors are used: RFCTL.EXSTEN stays 0 after reset.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include <linux/pci_regs.h>
#include <linux/vfio.h>

#include "noiommu.h"
#include "e1000e_mini.h"

#define OFF_RXRING 0x0
#define OFF_TXRING 0x1000
#define OFF_RXBUF 0x10000
#define OFF_TXBUF (OFF_RXBUF + NDESC * BUFSZ)
#define RING_BYTES (NDESC * sizeof(struct e1000e_rx_desc))
_Static_assert(OFF_TXBUF + NDESC * BUFSZ <= HUGE, "layout fits one 2 MiB hugepage");
_Static_assert(sizeof(struct e1000e_rx_desc) == 16 && sizeof(struct e1000e_tx_desc) == 16,
	       "legacy descriptors are 16 bytes");

static int cfg_command(struct nic *n, uint16_t set, uint16_t clear)
{
	uint16_t cmd;

	if (pread(n->devfd, &cmd, 2, n->cfgoff + PCI_COMMAND) != 2)
		return -1;
	cmd = (uint16_t)((cmd | set) & ~clear);
	return pwrite(n->devfd, &cmd, 2, n->cfgoff + PCI_COMMAND) == 2 ? 0 : -1;
}

/* Maps BAR0 from the device fd, finds config space (region 7), enables MEM + bus master. */
int nic_map(struct nic *n, int devfd, char *why, size_t wl)
{
	struct vfio_region_info ri = { .argsz = sizeof(ri), .index = VFIO_PCI_BAR0_REGION_INDEX };
	struct vfio_region_info ci = { .argsz = sizeof(ci), .index = VFIO_PCI_CONFIG_REGION_INDEX };
	void *p;
	int r;

	memset(n, 0, sizeof(*n));
	n->devfd = devfd;
	n->iommufd = -1;
	r = xioctl(devfd, VFIO_DEVICE_GET_REGION_INFO, &ri);
	if (r)
		return snprintf(why, wl, "GET_REGION_INFO(BAR0): %s", ename(r)), -1;
	if (!(ri.flags & VFIO_REGION_INFO_FLAG_MMAP) || ri.size < 0x6000)
		return snprintf(why, wl, "BAR0 not mmap-able (flags %#x size %#llx)", ri.flags,
				(unsigned long long)ri.size), -1;
	p = mmap(NULL, ri.size, PROT_READ | PROT_WRITE, MAP_SHARED, devfd, (off_t)ri.offset);
	if (p == MAP_FAILED)
		return snprintf(why, wl, "mmap BAR0: %s", ename(errno)), -1;
	n->bar = p;
	n->barlen = ri.size;
	r = xioctl(devfd, VFIO_DEVICE_GET_REGION_INFO, &ci);
	if (r)
		return snprintf(why, wl, "GET_REGION_INFO(config): %s", ename(r)), -1;
	n->cfgoff = (off_t)ci.offset;
	if (cfg_command(n, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 0))
		return snprintf(why, wl, "config space access: %s", ename(errno)), -1;
	return 0;
}

/* Stops DMA first (queues off, bus master off), then drops the BAR mapping. */
void nic_unmap(struct nic *n)
{
	if (!n->bar)
		return;
	wr32(n, E1000E_RCTL, 0);
	wr32(n, E1000E_TCTL, 0);
	if (cfg_command(n, 0, PCI_COMMAND_MASTER))
		printf("# warning: cannot clear bus master\n");
	munmap((void *)n->bar, n->barlen);
	n->bar = NULL;
}

static int nic_wait_link(struct nic *n, char *why, size_t wl)
{
	uint32_t st = 0;

	for (int i = 0; i < 3000; i++) {
		st = rd32(n, E1000E_STATUS);
		if (st & E1000E_STATUS_LU)
			return 0;
		sleep_ms(1);
	}
	return snprintf(why, wl, "no link (STATUS %#x)", st), -1;
}

/* Reset, link up, read the MAC (or give the NIC one).  0 or -1 with why. */
static int nic_reset(struct nic *n, int idx, char *why, size_t wl)
{
	uint32_t ral, rah;

	wr32(n, E1000E_IMC, 0xffffffff);
	wr32(n, E1000E_CTRL, rd32(n, E1000E_CTRL) | E1000E_CTRL_RST);
	sleep_ms(5);
	for (int i = 0; i < 200 && (rd32(n, E1000E_CTRL) & E1000E_CTRL_RST); i++)
		sleep_ms(1);
	if (rd32(n, E1000E_CTRL) & E1000E_CTRL_RST)
		return snprintf(why, wl, "CTRL.RST did not clear"), -1;
	wr32(n, E1000E_IMC, 0xffffffff);
	(void)rd32(n, E1000E_ICR);
	wr32(n, E1000E_CTRL, rd32(n, E1000E_CTRL) | E1000E_CTRL_SLU);
	if (nic_wait_link(n, why, wl))
		return -1;
	ral = rd32(n, E1000E_RAL0);
	rah = rd32(n, E1000E_RAH0);
	if (!(rah & E1000E_RAH_AV)) {
		ral = 0x00fb5452u;	/* 52:54:fb:00:ee:0N, locally administered */
		rah = E1000E_RAH_AV | (uint32_t)(0xee00 + idx);
		wr32(n, E1000E_RAL0, ral);
		wr32(n, E1000E_RAH0, rah);
	}
	for (int i = 0; i < 4; i++)
		n->mac[i] = (uint8_t)(ral >> (8 * i));
	n->mac[4] = (uint8_t)rah;
	n->mac[5] = (uint8_t)(rah >> 8);
	return 0;
}

/* DMA address of mem+off..+len, which must be physically contiguous. */
static int nic_resolve(struct nic *n, size_t off, size_t len, uint64_t *pa, char *why, size_t wl)
{
	uint64_t a, b, l = 0;
	int r;

	if (n->mode == PA_GETPA) {
		r = get_pa(n->iommufd, n->ioas, n->iova + off, len, pa, &l);
		if (r)
			return snprintf(why, wl, "GET_PA(iova %#llx): %s",
					(unsigned long long)(n->iova + off), ename(r)), -1;
		if (l != len)
			return snprintf(why, wl, "GET_PA(iova %#llx, %zu) returned length %llu",
					(unsigned long long)(n->iova + off), len,
					(unsigned long long)l), -1;
		return 0;
	}
	a = pagemap_pa(n->mem + off);
	b = pagemap_pa(n->mem + off + len - 1);
	if (!a || b != a + len - 1)
		return snprintf(why, wl, "pagemap: no contiguous PA at offset %#zx", off), -1;
	*pa = a;
	return 0;
}

static int nic_resolve_all(struct nic *n, char *why, size_t wl)
{
	if (nic_resolve(n, OFF_RXRING, RING_BYTES, &n->rxring_pa, why, wl) ||
	    nic_resolve(n, OFF_TXRING, RING_BYTES, &n->txring_pa, why, wl))
		return -1;
	for (unsigned int i = 0; i < NDESC; i++)
		if (nic_resolve(n, OFF_RXBUF + (size_t)i * BUFSZ, BUFSZ, &n->rxbuf_pa[i], why, wl) ||
		    nic_resolve(n, OFF_TXBUF + (size_t)i * BUFSZ, BUFSZ, &n->txbuf_pa[i], why, wl))
			return -1;
	return 0;
}

/* Fills both rings (every tx descriptor free) and starts rx and tx. */
static void nic_rings(struct nic *n)
{
	n->rx = (volatile struct e1000e_rx_desc *)(n->mem + OFF_RXRING);
	n->tx = (volatile struct e1000e_tx_desc *)(n->mem + OFF_TXRING);
	for (unsigned int i = 0; i < NDESC; i++) {
		n->rx[i].addr = n->rxbuf_pa[i];
		n->rx[i].wb = 0;
		n->tx[i].addr = n->txbuf_pa[i];
		n->tx[i].lower = 0;
		n->tx[i].upper = E1000E_TXD_STAT_DD;
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	wr32(n, E1000E_RCTL, 0);
	wr32(n, E1000E_TCTL, 0);
	wr32(n, E1000E_RDBAL(0), (uint32_t)n->rxring_pa);
	wr32(n, E1000E_RDBAH(0), (uint32_t)(n->rxring_pa >> 32));
	wr32(n, E1000E_RDLEN(0), RING_BYTES);
	wr32(n, E1000E_RDH(0), 0);
	wr32(n, E1000E_RDT(0), 0);
	wr32(n, E1000E_TDBAL(0), (uint32_t)n->txring_pa);
	wr32(n, E1000E_TDBAH(0), (uint32_t)(n->txring_pa >> 32));
	wr32(n, E1000E_TDLEN(0), RING_BYTES);
	wr32(n, E1000E_TDH(0), 0);
	wr32(n, E1000E_TDT(0), 0);
	wr32(n, E1000E_TIPG, E1000E_TIPG_DEFAULT);
	wr32(n, E1000E_RCTL, E1000E_RCTL_EN | E1000E_RCTL_UPE | E1000E_RCTL_MPE |
	     E1000E_RCTL_BAM | E1000E_RCTL_SECRC);
	wr32(n, E1000E_TCTL, E1000E_TCTL_EN | E1000E_TCTL_PSP |
	     (0x0fu << E1000E_TCTL_CT_SHIFT) | (0x3fu << E1000E_TCTL_COLD_SHIFT));
	wr32(n, E1000E_RDT(0), NDESC - 1);
	n->rx_next = n->tx_next = 0;
}

/* Full bring-up of NIC idx on devfd with its DMA memory. */
int nic_up(struct nic *n, int idx, int devfd, const struct nic_dma *dma, char *why, size_t wl)
{
	if (nic_map(n, devfd, why, wl))
		return -1;
	n->mem = dma->mem;
	n->mode = dma->mode;
	n->iommufd = dma->iommufd;
	n->ioas = dma->ioas;
	n->iova = dma->iova;
	if (nic_reset(n, idx, why, wl) || nic_resolve_all(n, why, wl))
		return -1;
	nic_rings(n);
	return 0;
}

/* Queues one frame; -1 if the next descriptor stays busy for 2 s. */
int nic_send(struct nic *n, const uint8_t *frame, size_t len)
{
	unsigned int i = n->tx_next;
	volatile struct e1000e_tx_desc *d = &n->tx[i];

	for (int t = 0; !(d->upper & E1000E_TXD_STAT_DD); t++) {
		if (t > 2000)
			return -1;
		sleep_ms(1);
	}
	memcpy(n->mem + OFF_TXBUF + (size_t)i * BUFSZ, frame, len);
	d->addr = n->txbuf_pa[i];
	d->upper = 0;
	d->lower = (uint32_t)len | E1000E_TXD_CMD_EOP | E1000E_TXD_CMD_IFCS | E1000E_TXD_CMD_RS;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	n->tx_next = (i + 1) % NDESC;
	wr32(n, E1000E_TDT(0), n->tx_next);
	return 0;
}

/* Polls one frame; returns its length, 0 on timeout, -1 on a bad descriptor. */
int nic_recv(struct nic *n, uint8_t *buf, unsigned int timeout_ms)
{
	volatile struct e1000e_rx_desc *d = &n->rx[n->rx_next];
	double deadline = now_us() + timeout_ms * 1000.0;
	uint64_t wb;
	bool good;
	int len;

	while (!(E1000E_RXD_STATUS(d->wb) & E1000E_RXD_STAT_DD)) {
		if (now_us() > deadline)
			return 0;
		sched_yield();
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	wb = d->wb;
	len = E1000E_RXD_LEN(wb);
	good = (E1000E_RXD_STATUS(wb) & E1000E_RXD_STAT_EOP) && !E1000E_RXD_ERRORS(wb) &&
	       len > 0 && len <= BUFSZ;
	if (good)
		memcpy(buf, n->mem + OFF_RXBUF + (size_t)n->rx_next * BUFSZ, (size_t)len);
	d->wb = 0;
	d->addr = n->rxbuf_pa[n->rx_next];
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	wr32(n, E1000E_RDT(0), n->rx_next);
	n->rx_next = (n->rx_next + 1) % NDESC;
	return good ? len : -1;
}
