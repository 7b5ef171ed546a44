/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A minimal polling driver for the guest's e1000e (82574L, as QEMU emulates
 * it): reset, link up, one rx and one tx ring of legacy descriptors in one
 * 2 MiB hugepage, frames in and out.  The DMA tests program it with the PAs
 * that GET_PA or /proc/self/pagemap give.  Registers and descriptor layouts
 * are FPK's drivers/net/e1000e/e1000e_regs.h.
 */
#ifndef E1000E_MINI_H
#define E1000E_MINI_H

#include <stdint.h>
#include <sys/types.h>

#include <linux/types.h>

#include "e1000e_regs.h"

#define NDESC 256
#define BUFSZ 2048	/* RCTL.BSIZE 00 */

enum pa_mode { PA_GETPA, PA_PAGEMAP };

struct nic {
	int devfd;
	volatile uint8_t *bar;
	size_t barlen;
	off_t cfgoff;
	uint8_t mac[6];
	uint8_t *mem;		/* one 2 MiB hugepage: rings + buffers */
	enum pa_mode mode;
	int iommufd;		/* PA_GETPA: resolve through this IOAS */
	__u32 ioas;
	uint64_t iova;		/* IOVA of mem in the IOAS */
	uint64_t rxring_pa, txring_pa;
	uint64_t rxbuf_pa[NDESC], txbuf_pa[NDESC];
	volatile struct e1000e_rx_desc *rx;
	volatile struct e1000e_tx_desc *tx;
	unsigned int rx_next, tx_next;
};

/* Where the DMA addresses of mem come from. */
struct nic_dma {
	uint8_t *mem;
	enum pa_mode mode;
	int iommufd;
	__u32 ioas;
	uint64_t iova;
};

static inline uint32_t rd32(const struct nic *n, uint32_t off)
{
	return *(volatile const uint32_t *)(n->bar + off);
}

static inline void wr32(struct nic *n, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(n->bar + off) = v;
}

int nic_map(struct nic *n, int devfd, char *why, size_t wl);
void nic_unmap(struct nic *n);
int nic_up(struct nic *n, int idx, int devfd, const struct nic_dma *dma, char *why, size_t wl);
int nic_send(struct nic *n, const uint8_t *frame, size_t len);
int nic_recv(struct nic *n, uint8_t *buf, unsigned int timeout_ms);

#endif /* E1000E_MINI_H */
