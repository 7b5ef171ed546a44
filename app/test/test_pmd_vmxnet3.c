/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_vmxnet3 against a vmxnet3 device simulated in memory. The test plays
 * the device the way QEMU 7.2's hw/net/vmxnet3.c does: BAR1 is reached
 * through the PCI bus's slow path (its system calls are the test's), so
 * every command written to CMD is answered at once from the driver-shared
 * area the device reads by DMA address; BAR0 (doorbells, interrupt masks)
 * is plain memory the test reads. The device checks the shared area at
 * ACTIVATE_DEV, consumes tx descriptors and writes tx completions, fills
 * rx buffers and writes rx completions, each with its gen bit, filters on
 * the rx mode and multicast table, counts UPT1 statistics for GET_STATS,
 * and raises link events through shared->ecr and MSI-X vector 0 (an
 * eventfd the EAL's interrupt thread watches).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fpk_cycles.h>
#include <fpk_memory.h>
#include <fpk_mbuf.h>

#include "pci_private.h"
#include "pci_vfio_uapi.h"
#include "test.h"
#include "test_ethdev.h"
#include "vmxnet3_ethdev.h"

#define FAKE_NAME "0000:00:07.0"
#define FAKE_FD 4242
#define FAKE_REGION(n) ((uint64_t)(n) << 40)
#define FAKE_LINK_UP ((1000u << 16) | 1u)  /* QEMU: 1 Gb/s, up */
#define FAKE_FRAME_MAX 9100
#define NB_DESC 64

static const uint8_t perm_mac[6] = { 0x00, 0x0c, 0x29, 0x11, 0x22, 0x33 };

/* The simulated device. */
static struct {
	struct pci_dev pd;
	uint32_t bar0[VMXNET3_BAR_PT_SIZE / 4];
	uint8_t cfg[256];
	/* knobs */
	uint32_t rev_offer;          /* what VRRS reads */
	bool refuse_activate;
	/* BAR1 state, as QEMU keeps it */
	uint32_t vrrs_sel, uvrs_sel;
	uint32_t dsal;
	uint64_t shmem;              /* 0: no shared area (after RESET_DEV) */
	uint32_t last_cmd;
	uint32_t macl;
	uint8_t mac[6];
	bool active;
	uint32_t link;
	int efd;                     /* MSI-X vector 0, -1: off */
	/* what ACTIVATE_DEV read */
	uint32_t rx_mode;
	uint8_t mc[VMXNET3_MC_MAX][6];
	unsigned int nb_mc;
	uint64_t tx_pa, txc_pa, rx_pa, rx1_pa, rxc_pa, tqd_pa, rqd_pa;
	uint32_t tx_n, rx_n, rx1_n, rxc_n;
	uint32_t tx_next, txc_next, rx_next, rxc_next;
	uint8_t tx_gen, txc_gen, rx_gen, rxc_gen;
	uint64_t txs[VMXNET3_TXS_NB], rxs[VMXNET3_RXS_NB];
	/* observations */
	unsigned int activations;
	unsigned int stray_ecr_writes; /* link event written to address 0 + ecr, bus master on */
	uint32_t unknown_result;      /* a command whose result was read, QEMU knowing none */
	char why[160];                /* why ACTIVATE_DEV was refused */
	char log[2048];               /* commands, in order */
} fx;

static const struct pci_sys_ops *real_sys;

static void
fx_log(const char *what)
{
	size_t n = strlen(fx.log);

	snprintf(fx.log + n, sizeof(fx.log) - n, "%s ", what);
}

/* ---- DMA: the device's view of EAL memory ------------------------------ */

struct dma_find {
	uint64_t iova;
	size_t len;
	void *va;
};

static int
dma_find_seg(const struct fpk_memseg *ms, void *arg)
{
	struct dma_find *f = arg;

	for (unsigned int p = 0; p < ms->nb_pages; p++) {
		uint64_t base = ms->iova[p];
		size_t off = (size_t)p * ms->page_sz, end;

		if (base == FPK_BAD_IOVA || f->iova < base || f->iova >= base + ms->page_sz)
			continue;
		off += f->iova - base;
		end = off + f->len;
		if (end > ms->len)
			return 0;
		/* The range must be DMA-contiguous, as a device would walk it. */
		for (unsigned int q = p + 1; (size_t)q * ms->page_sz < end; q++)
			if (ms->iova[q] != base + (uint64_t)(q - p) * ms->page_sz)
				return 0;
		f->va = (uint8_t *)ms->addr + off;
		return 1;
	}
	return 0;
}

/*
 * DMA addresses that differ from virtual ones, as physical addresses do:
 * the tests install this resolver (in place of "va") for their memory, so
 * a virtual address handed to the device is caught, in either 32-bit half
 * (the offset is a multiple of the largest page: contiguity is kept).
 */
#define FAKE_DMA_OFFSET ((UINT64_C(1) << 46) + (UINT64_C(1) << 30))

static int
fake_resolver(const struct fpk_memseg *ms, fpk_iova_t *iova, void *arg)
{
	(void)arg;
	for (unsigned int p = 0; p < ms->nb_pages; p++)
		iova[p] = (uintptr_t)ms->addr + (uint64_t)p * ms->page_sz + FAKE_DMA_OFFSET;
	return 0;
}

/* Where the CPU sees DMA address @iova (@len bytes); NULL if no EAL memory is there. */
static void *
dma_va(uint64_t iova, size_t len)
{
	const uint64_t guesses[] = { iova - FAKE_DMA_OFFSET, iova };
	struct dma_find f = { iova, len, NULL };

	if (iova == 0)
		return NULL;
	for (size_t i = 0; i < FPK_DIM(guesses); i++) {
		void *va = (void *)(uintptr_t)guesses[i];

		if (fpk_mem_virt2iova(va) == iova &&
		    fpk_mem_virt2iova((uint8_t *)va + len - 1) == iova + len - 1)
			return va;
	}
	fpk_memseg_walk(dma_find_seg, &f);
	return f.va;
}

static volatile struct vmxnet3_shared *
fx_shared(void)
{
	return dma_va(fx.shmem, sizeof(struct vmxnet3_shared));
}

/* ---- the device's command handling (QEMU's vmxnet3_handle_command) ------- */

static bool
ring_ok(uint64_t pa, uint32_t n, uint32_t max, const char *what)
{
	if (pa == 0 || pa % VMXNET3_RING_ALIGN || n == 0 || n % VMXNET3_RING_SIZE_ALIGN || n > max ||
	    dma_va(pa, (size_t)n * 16) == NULL) {
		snprintf(fx.why, sizeof(fx.why), "%s ring at 0x%llx with %u entries", what,
			 (unsigned long long)pa, n);
		return false;
	}
	return true;
}

/* Check the shared area as a strict device would, then take the rings. */
static void
fx_activate(void)
{
	volatile struct vmxnet3_shared *sh = fx_shared();
	volatile struct vmxnet3_tx_queue_desc *tqd;
	volatile struct vmxnet3_rx_queue_desc *rqd;

	fx.why[0] = '\0';
	if (sh == NULL || sh->magic != VMXNET3_REV1_MAGIC || sh->size != sizeof(*sh)) {
		snprintf(fx.why, sizeof(fx.why), "no shared area, or bad magic/size");
		return;
	}
	if (!(sh->rev_spt & 1) || !(sh->upt_ver_spt & 1) || sh->num_tx_queues != 1 ||
	    sh->num_rx_queues != 1 || sh->queue_desc_pa % VMXNET3_QUEUE_DESC_ALIGN ||
	    sh->queue_desc_len != 512 || sh->mtu < VMXNET3_MIN_MTU || sh->mtu > VMXNET3_MAX_MTU ||
	    sh->max_rx_sg != 1 || sh->num_intrs == 0 || sh->num_intrs > VMXNET3_MAX_INTRS ||
	    sh->event_intr_idx >= sh->num_intrs) {
		snprintf(fx.why, sizeof(fx.why), "misc/intr config: rev %u upt %u queues %u/%u "
			 "desc 0x%llx+%u mtu %u sg %u intrs %u event %u", sh->rev_spt,
			 sh->upt_ver_spt, sh->num_tx_queues, sh->num_rx_queues,
			 (unsigned long long)sh->queue_desc_pa, sh->queue_desc_len, sh->mtu,
			 sh->max_rx_sg, sh->num_intrs, sh->event_intr_idx);
		return;
	}
	fx.tqd_pa = sh->queue_desc_pa;
	fx.rqd_pa = sh->queue_desc_pa + sizeof(*tqd);
	tqd = dma_va(fx.tqd_pa, sizeof(*tqd));
	rqd = dma_va(fx.rqd_pa, sizeof(*rqd));
	if (tqd == NULL || rqd == NULL || tqd->intr_idx >= sh->num_intrs ||
	    rqd->intr_idx >= sh->num_intrs) {
		snprintf(fx.why, sizeof(fx.why), "queue descriptors unreadable or bad vectors");
		return;
	}
	if (!ring_ok(tqd->ring_pa, tqd->ring_size, VMXNET3_RING_MAX, "tx") ||
	    !ring_ok(tqd->comp_ring_pa, tqd->comp_ring_size, VMXNET3_RING_MAX, "tx completion") ||
	    tqd->data_ring_pa == 0 || tqd->data_ring_size != tqd->ring_size ||
	    !ring_ok(rqd->ring_pa[0], rqd->ring_size[0], VMXNET3_RING_MAX, "rx 0") ||
	    !ring_ok(rqd->ring_pa[1], rqd->ring_size[1], VMXNET3_RING_MAX, "rx 1") ||
	    !ring_ok(rqd->comp_ring_pa, rqd->comp_ring_size, VMXNET3_RX_COMP_MAX, "rx completion") ||
	    rqd->comp_ring_size < rqd->ring_size[0] + rqd->ring_size[1]) {
		if (fx.why[0] == '\0')
			snprintf(fx.why, sizeof(fx.why), "tx data ring or completion sizes");
		return;
	}
	fx.tx_pa = tqd->ring_pa;
	fx.txc_pa = tqd->comp_ring_pa;
	fx.tx_n = tqd->ring_size;
	fx.rx_pa = rqd->ring_pa[0];
	fx.rx1_pa = rqd->ring_pa[1];
	fx.rx_n = rqd->ring_size[0];
	fx.rx1_n = rqd->ring_size[1];
	fx.rxc_pa = rqd->comp_ring_pa;
	fx.rxc_n = rqd->comp_ring_size;
	fx.tx_next = fx.txc_next = fx.rx_next = fx.rxc_next = 0;
	fx.tx_gen = fx.txc_gen = fx.rx_gen = fx.rxc_gen = VMXNET3_INIT_GEN;
	/* QEMU zeroes the completion rings and the counters, resets the MAC. */
	memset(dma_va(fx.txc_pa, (size_t)fx.tx_n * 16), 0, (size_t)fx.tx_n * 16);
	memset(dma_va(fx.rxc_pa, (size_t)fx.rxc_n * 16), 0, (size_t)fx.rxc_n * 16);
	memset(fx.txs, 0, sizeof(fx.txs));
	memset(fx.rxs, 0, sizeof(fx.rxs));
	memcpy(fx.mac, perm_mac, 6);
	tqd->threshold = 1;
	fx.rx_mode = sh->rx_mode;
	fx.active = true;
	fx.activations++;
}

static void
fx_mac_filters(void)
{
	volatile struct vmxnet3_shared *sh = fx_shared();
	uint8_t *t;

	fx.nb_mc = sh->mf_table_len / 6;
	t = fx.nb_mc ? dma_va(sh->mf_table_pa, sh->mf_table_len) : NULL;
	if (fx.nb_mc > VMXNET3_MC_MAX || t == NULL) {
		fx.nb_mc = 0;
		return;
	}
	memcpy(fx.mc, t, (size_t)fx.nb_mc * 6);
}

static void
fx_get_stats(void)
{
	volatile struct vmxnet3_tx_queue_desc *tqd = dma_va(fx.tqd_pa, sizeof(*tqd));
	volatile struct vmxnet3_rx_queue_desc *rqd = dma_va(fx.rqd_pa, sizeof(*rqd));

	/* QEMU: vmxnet3_fill_stats writes nothing while the device is inactive. */
	if (!fx.active)
		return;
	for (int i = 0; i < VMXNET3_TXS_NB; i++)
		tqd->stats[i] = fx.txs[i];
	for (int i = 0; i < VMXNET3_RXS_NB; i++)
		rqd->stats[i] = fx.rxs[i];
}

static void
fx_command(uint32_t c)
{
	fx.last_cmd = c;
	switch (c) {
	case VMXNET3_CMD_ACTIVATE_DEV:
		fx_log("ACTIVATE");
		if (!fx.refuse_activate && !fx.active)
			fx_activate();
		break;
	case VMXNET3_CMD_QUIESCE_DEV:
		fx_log("QUIESCE");
		fx.active = false;
		break;
	case VMXNET3_CMD_RESET_DEV:
		fx_log("RESET");
		fx.active = false;
		fx.shmem = 0;
		for (int v = 0; v < VMXNET3_MAX_INTRS; v++)
			fx.bar0[VMXNET3_REG_IMR(v) / 4] = 1;
		break;
	case VMXNET3_CMD_UPDATE_RX_MODE:
		fx_log("RX_MODE");
		fx.rx_mode = fx_shared()->rx_mode;
		break;
	case VMXNET3_CMD_UPDATE_MAC_FILTERS:
		fx_log("MAC_FILTERS");
		fx_mac_filters();
		break;
	case VMXNET3_CMD_GET_STATS:
		fx_get_stats();
		break;
	case VMXNET3_CMD_GET_LINK:
	case VMXNET3_CMD_GET_QUEUE_STATUS:
		break;
	default:
		fx_log("UNKNOWN");
		break;
	}
}

/* QEMU's vmxnet3_get_command_status: a warning on its stdout for any other command. */
static uint32_t
fx_cmd_result(void)
{
	switch (fx.last_cmd) {
	case VMXNET3_CMD_ACTIVATE_DEV:
		return fx.active ? 0 : 1;
	case VMXNET3_CMD_GET_LINK:
		return fx.link;
	case VMXNET3_CMD_QUIESCE_DEV:
	case VMXNET3_CMD_RESET_DEV:
	case VMXNET3_CMD_GET_QUEUE_STATUS:
		return 0;
	default:
		fx.unknown_result = fx.last_cmd;
		return 0;
	}
}

static void
fx_bar1_write(uint32_t reg, uint32_t v)
{
	volatile struct vmxnet3_shared *sh;

	switch (reg) {
	case VMXNET3_REG_VRRS: fx.vrrs_sel = v; break;
	case VMXNET3_REG_UVRS: fx.uvrs_sel = v; break;
	case VMXNET3_REG_DSAL:
		if (v == 0)
			fx.active = false;
		fx.dsal = v;
		fx.shmem = 0;
		break;
	case VMXNET3_REG_DSAH:
		fx.shmem = fx.dsal | (uint64_t)v << 32;
		fx_log("DSA");
		break;
	case VMXNET3_REG_CMD: fx_command(v); break;
	case VMXNET3_REG_MACL: fx.macl = v; break;
	case VMXNET3_REG_MACH:
		for (int i = 0; i < 4; i++)
			fx.mac[i] = (uint8_t)(fx.macl >> (8 * i));
		fx.mac[4] = (uint8_t)v;
		fx.mac[5] = (uint8_t)(v >> 8);
		break;
	case VMXNET3_REG_ECR:
		sh = fx_shared();
		if (sh != NULL)
			sh->ecr &= ~v;
		break;
	default: break;
	}
}

static uint32_t
fx_bar1_read(uint32_t reg)
{
	switch (reg) {
	case VMXNET3_REG_VRRS: return fx.rev_offer;
	case VMXNET3_REG_UVRS: return 1;
	case VMXNET3_REG_CMD: return fx_cmd_result();
	case VMXNET3_REG_MACL:
		return (uint32_t)fx.mac[0] | (uint32_t)fx.mac[1] << 8 | (uint32_t)fx.mac[2] << 16 |
		       (uint32_t)fx.mac[3] << 24;
	case VMXNET3_REG_MACH: return (uint32_t)fx.mac[4] | (uint32_t)fx.mac[5] << 8;
	default: return 0;
	}
}

static bool
fx_bus_master(void)
{
	return fx.cfg[4] & 0x4;
}

/*
 * A link change (QEMU's vmxnet3_set_link_status): the ECR link bit into the
 * shared area, which after RESET_DEV is address 0 + 0x2b8; then vector 0
 * unless masked.
 */
static void
fx_link_set(bool up)
{
	volatile struct vmxnet3_shared *sh = fx_shared();
	uint64_t one = 1;

	fx.link = up ? FAKE_LINK_UP : FAKE_LINK_UP & ~VMXNET3_LINK_STATUS_UP;
	if (fx.shmem == 0) {
		if (fx_bus_master())
			fx.stray_ecr_writes++;
	} else if (sh != NULL && fx_bus_master()) {
		__atomic_or_fetch(&sh->ecr, VMXNET3_ECR_LINK, __ATOMIC_RELEASE);
	}
	if (fx.bar0[VMXNET3_REG_IMR(0) / 4] == 0 && fx.efd >= 0)
		(void)!write(fx.efd, &one, sizeof(one));
}

/* ---- the bus's system calls, answered by the device -------------------- */

static int
fx_ioctl(int fd, unsigned long req, void *arg)
{
	struct vfio_irq_set *s = arg;

	if (fd != FAKE_FD || req != VFIO_DEVICE_SET_IRQS) {
		errno = ENOTTY;
		return -1;
	}
	if (s->index == VFIO_PCI_MSIX_IRQ_INDEX && (s->flags & VFIO_IRQ_SET_DATA_EVENTFD) &&
	    s->count == 1)
		memcpy(&fx.efd, s->data, sizeof(int));
	else if (s->count == 0)
		fx.efd = -1;
	return 0;
}

static ssize_t
fx_pread(int fd, void *buf, size_t len, off_t off)
{
	uint64_t o = (uint64_t)off;

	if (fd != FAKE_FD) {
		errno = EBADF;
		return -1;
	}
	if (o >= FAKE_REGION(PCI_CONFIG_REGION) && o + len <= FAKE_REGION(PCI_CONFIG_REGION) + 256) {
		memcpy(buf, fx.cfg + (o - FAKE_REGION(PCI_CONFIG_REGION)), len);
		return (ssize_t)len;
	}
	if (len == 4 && o >= FAKE_REGION(1) && o < FAKE_REGION(1) + VMXNET3_BAR_VD_SIZE) {
		uint32_t v = fx_bar1_read((uint32_t)(o - FAKE_REGION(1)));

		memcpy(buf, &v, 4);
		return 4;
	}
	errno = EINVAL;
	return -1;
}

static ssize_t
fx_pwrite(int fd, const void *buf, size_t len, off_t off)
{
	uint64_t o = (uint64_t)off;

	if (fd != FAKE_FD) {
		errno = EBADF;
		return -1;
	}
	if (o >= FAKE_REGION(PCI_CONFIG_REGION) && o + len <= FAKE_REGION(PCI_CONFIG_REGION) + 256) {
		memcpy(fx.cfg + (o - FAKE_REGION(PCI_CONFIG_REGION)), buf, len);
		return (ssize_t)len;
	}
	if (len == 4 && o >= FAKE_REGION(1) && o < FAKE_REGION(1) + VMXNET3_BAR_VD_SIZE) {
		uint32_t v;

		memcpy(&v, buf, 4);
		fx_bar1_write((uint32_t)(o - FAKE_REGION(1)), v);
		return 4;
	}
	errno = EINVAL;
	return -1;
}

static int
fx_open(const char *path, int flags)
{
	(void)path;
	(void)flags;
	errno = ENOENT;
	return -1;
}

static int
fx_close(int fd)
{
	(void)fd;
	return 0;
}

static void *
fx_mmap(size_t len, int prot, int fd, off_t off)
{
	(void)len;
	(void)prot;
	(void)fd;
	(void)off;
	errno = ENODEV;
	return NULL;
}

static int
fx_munmap(void *addr, size_t len)
{
	(void)addr;
	(void)len;
	return 0;
}

static const struct pci_sys_ops fx_sys = {
	.open = fx_open, .close = fx_close, .ioctl = fx_ioctl, .mmap = fx_mmap,
	.munmap = fx_munmap, .pread = fx_pread, .pwrite = fx_pwrite,
};

/* A new device, open as the bus would leave it before probe: bus master on. */
static void
fx_init(void)
{
	memset(&fx, 0, sizeof(fx));
	snprintf(fx.pd.pub.name, sizeof(fx.pd.pub.name), "%s", FAKE_NAME);
	fx.pd.pub.addr.devid = 7;
	fx.pd.pub.id.vendor_id = VMXNET3_VENDOR_ID;
	fx.pd.pub.id.device_id = VMXNET3_DEVICE_ID;
	fx.pd.pub.numa_node = FPK_SOCKET_ID_ANY;
	fx.pd.pub.devargs = "";
	fx.pd.pub.bar[0].addr = fx.bar0;
	fx.pd.pub.bar[0].len = VMXNET3_BAR_PT_SIZE;
	fx.pd.pub.bar[0].flags = FPK_PCI_BAR_MAPPED;
	fx.pd.pub.bar[1].len = VMXNET3_BAR_VD_SIZE;
	fx.pd.pub.driver = &vmxnet3_driver;
	fx.pd.open = true;
	fx.pd.path = PCI_PATH_CDEV_NOIOMMU;
	fx.pd.fd = FAKE_FD;
	fx.pd.group_fd = -1;
	fx.pd.iommu_group = -1;
	fx.pd.irq_index = -1;
	fx.pd.irq_count[VFIO_PCI_MSIX_IRQ_INDEX] = VMXNET3_MAX_INTRS;
	fx.pd.reg[1].offset = FAKE_REGION(1);
	fx.pd.reg[1].size = VMXNET3_BAR_VD_SIZE;
	fx.pd.reg[PCI_CONFIG_REGION].offset = FAKE_REGION(PCI_CONFIG_REGION);
	fx.pd.reg[PCI_CONFIG_REGION].size = 256;
	fx.cfg[0] = 0xad;
	fx.cfg[1] = 0x15;
	fx.cfg[4] = 0x6;  /* memory space, bus master */
	for (int v = 0; v < VMXNET3_MAX_INTRS; v++)
		fx.bar0[VMXNET3_REG_IMR(v) / 4] = 1;
	fx.rev_offer = VMXNET3_REV_1;
	fx.link = FAKE_LINK_UP;
	fx.efd = -1;
	memcpy(fx.mac, perm_mac, 6);
}

static int
fx_probe(uint16_t *port)
{
	int ret = vmxnet3_driver.probe(&vmxnet3_driver, &fx.pd.pub);

	if (ret)
		return ret;
	return fpk_eth_dev_get_port_by_name(FAKE_NAME, port);
}

typedef int (*vmx_body_t)(struct fpk_mempool *mp);

/*
 * Run @body with the device installed behind the bus's system calls. A
 * port it leaves is closed (a failure if it had passed); afterwards the
 * device must be inactive with bus mastering off: no DMA after close.
 */
static int
vmx_run(vmx_body_t body, struct fpk_mempool *mp)
{
	struct fpk_mbuf *m = fpk_pktmbuf_alloc(mp);
	bool no_iova = m == NULL || m->buf_iova == FPK_BAD_IOVA;
	int ret;

	fpk_pktmbuf_free(m);
	if (no_iova)
		return fpk_test_skip("mbufs have no DMA address in this EAL mode");
	if (pci_open_count() > 0)
		return fpk_test_skip("real PCI devices are open in this process");
	fx_init();
	real_sys = pci_env.sys;
	pci_env.sys = &fx_sys;
	ret = body(mp);
	if (fpk_eth_dev_get_by_name(FAKE_NAME) != NULL) {
		if (ret == TEST_SUCCESS) {
			printf("  the test left the port open\n");
			ret = TEST_FAILED;
		}
		fpk_eth_dev_close_by_name(FAKE_NAME);
	}
	if (ret == TEST_SUCCESS && fx.unknown_result != 0) {
		printf("  the result of command 0x%x was read: QEMU has none and warns\n",
		       fx.unknown_result);
		ret = TEST_FAILED;
	}
	if (ret == TEST_SUCCESS && (fx.active || fx_bus_master() || fx.efd >= 0)) {
		printf("  after close: device %s, bus master %s, interrupts %s\n",
		       fx.active ? "active" : "quiesced", fx_bus_master() ? "on" : "off",
		       fx.efd >= 0 ? "on" : "off");
		ret = TEST_FAILED;
	}
	pci_env.sys = real_sys;
	return ret;
}

/*
 * Run @eth_body through test_eth_run() with DMA addresses from
 * fake_resolver(), when the EAL's were virtual ones (then mbufs, memzones
 * and rings all get addresses that are not their virtual ones).
 */
static int
vmx_dma_run(test_eth_body_t eth_body)
{
	bool swap = strcmp(fpk_mem_iova_resolver_name(), "va") == 0;
	int ret;

	if (swap && fpk_mem_set_iova_resolver("vmxnet3-test", FPK_IOVA_PA, fake_resolver, NULL))
		return fpk_test_skip("cannot install the test's DMA address resolver");
	ret = test_eth_run(eth_body);
	if (swap)
		fpk_mem_set_iova_resolver("va", FPK_IOVA_VA, fpk_mem_resolve_va, NULL);
	return ret;
}

#define VMX_TEST(nm, body)                                                     \
	static int nm ## _body(struct fpk_mempool *mp) { return vmx_run(body, mp); } \
	static int nm ## _run(void) { return vmx_dma_run(nm ## _body); }        \
	FPK_TEST_REGISTER(nm, nm ## _run)

/* ---- device data path ---------------------------------------------------- */

/* Count a frame in the UPT1 counters by its destination, as QEMU does. */
static void
fx_count(uint64_t *st, int ucast, const uint8_t *f, uint32_t len)
{
	int k = f[0] == 0xff && f[1] == 0xff && f[2] == 0xff && f[3] == 0xff && f[4] == 0xff &&
		f[5] == 0xff ? 4 : (f[0] & 1) ? 2 : 0;

	st[ucast + k]++;
	st[ucast + k + 1] += len;
}

/*
 * Device transmit (QEMU's vmxnet3_process_tx_queue, on a TXPROD write): send
 * every descriptor the device owns, a completion per EOP. The frames land
 * in @frames (at most @max, FAKE_FRAME_MAX bytes each). @return frames
 * sent, or -1 with the reason printed.
 */
static int
fx_tx(uint8_t (*frames)[FAKE_FRAME_MAX], uint32_t *lens, unsigned int max)
{
	volatile struct vmxnet3_tx_desc *ring = dma_va(fx.tx_pa, (size_t)fx.tx_n * 16);
	volatile struct vmxnet3_tx_comp *comp = dma_va(fx.txc_pa, (size_t)fx.tx_n * 16);
	unsigned int nb = 0;
	uint32_t got = 0, nd = 0;

	if (!fx.active || ring == NULL)
		return 0;
	while ((ring[fx.tx_next].len_gen & VMXNET3_TXD_GEN) == (fx.tx_gen ? VMXNET3_TXD_GEN : 0)) {
		volatile struct vmxnet3_tx_desc *d = &ring[fx.tx_next];
		uint32_t len = d->len_gen & VMXNET3_TXD_LEN_MASK, idx = fx.tx_next;
		uint8_t *va;

		len = len ? len : VMXNET3_TX_BUF_MAX;
		va = dma_va(d->addr, len);
		if (va == NULL || nb == max || got + len > FAKE_FRAME_MAX || ++nd > 16) {
			printf("  device: tx descriptor %u: address 0x%llx+%u unknown, or frame too "
			       "long\n", idx, (unsigned long long)d->addr, len);
			return -1;
		}
		memcpy(frames[nb] + got, va, len);
		got += len;
		if (++fx.tx_next == fx.tx_n) {
			fx.tx_next = 0;
			fx.tx_gen ^= 1;
		}
		if (!(d->flags & VMXNET3_TXD_EOP))
			continue;
		if (!(d->flags & VMXNET3_TXD_CQ)) {
			printf("  device: EOP descriptor %u asks for no completion\n", idx);
			return -1;
		}
		fx_count(fx.txs, VMXNET3_TXS_UCAST_PKTS, frames[nb], got);
		lens[nb++] = got;
		comp[fx.txc_next].idx = idx;
		comp[fx.txc_next].type_gen = fx.txc_gen ? VMXNET3_TCD_GEN : 0;
		if (++fx.txc_next == fx.tx_n) {
			fx.txc_next = 0;
			fx.txc_gen ^= 1;
		}
		got = 0;
		nd = 0;
	}
	return (int)nb;
}

/* QEMU's vmxnet3_rx_filter_may_indicate. */
static bool
fx_rx_accepts(const uint8_t *f)
{
	bool bcast = f[0] == 0xff && f[1] == 0xff && f[2] == 0xff && f[3] == 0xff &&
		     f[4] == 0xff && f[5] == 0xff;

	if (fx.rx_mode & VMXNET3_RXM_PROMISC)
		return true;
	if (bcast)
		return fx.rx_mode & VMXNET3_RXM_BCAST;
	if (!(f[0] & 1))
		return (fx.rx_mode & VMXNET3_RXM_UCAST) && memcmp(f, fx.mac, 6) == 0;
	if (fx.rx_mode & VMXNET3_RXM_ALL_MULTI)
		return true;
	if (!(fx.rx_mode & VMXNET3_RXM_MCAST))
		return false;
	for (unsigned int i = 0; i < fx.nb_mc; i++)
		if (memcmp(f, fx.mc[i], 6) == 0)
			return true;
	return false;
}

/*
 * Device receive (QEMU's vmxnet3_indicate_packet with one fragment): the
 * next ring-0 buffer the device owns, a completion with the device's gen.
 * @return 1 delivered, 0 filtered out, -ENOBUFS no buffer, -EIO a bad
 * descriptor (printed).
 */
static int
fx_rx(const uint8_t *frame, uint32_t len)
{
	volatile struct vmxnet3_rx_desc *ring = dma_va(fx.rx_pa, (size_t)fx.rx_n * 16);
	volatile struct vmxnet3_rx_comp *comp = dma_va(fx.rxc_pa, (size_t)fx.rxc_n * 16);
	volatile struct vmxnet3_rx_desc *d;
	uint32_t room, chunk;
	uint8_t *va;

	if (!fx.active || ring == NULL)
		return -ENOBUFS;
	if (!fx_rx_accepts(frame))
		return 0;
	d = &ring[fx.rx_next];
	if ((d->len_gen & VMXNET3_RXD_GEN) != (fx.rx_gen ? VMXNET3_RXD_GEN : 0)) {
		fx.rxs[VMXNET3_RXS_OUT_OF_BUF]++;
		return -ENOBUFS;
	}
	room = d->len_gen & VMXNET3_RXD_LEN_MASK;
	va = dma_va(d->addr, room);
	if (va == NULL || (d->len_gen & VMXNET3_RXD_BTYPE_BODY) || room == 0) {
		printf("  device: rx descriptor %u: address 0x%llx+%u unknown or not a head "
		       "buffer\n", fx.rx_next, (unsigned long long)d->addr, room);
		return -EIO;
	}
	chunk = FPK_MIN(room, len);
	memcpy(va, frame, chunk);
	comp[fx.rxc_next].idx_flags = fx.rx_next | VMXNET3_RCD_SOP | VMXNET3_RCD_EOP;
	comp[fx.rxc_next].len_err = chunk | (chunk < len ? VMXNET3_RCD_ERR : 0);
	/* The gen bit last: the completion is the driver's from then on. */
	__atomic_store_n(&comp[fx.rxc_next].csum_gen, fx.rxc_gen ? VMXNET3_RCD_GEN : 0,
			 __ATOMIC_RELEASE);
	if (++fx.rx_next == fx.rx_n) {
		fx.rx_next = 0;
		fx.rx_gen ^= 1;
	}
	if (++fx.rxc_next == fx.rxc_n) {
		fx.rxc_next = 0;
		fx.rxc_gen ^= 1;
	}
	if (chunk < len)
		fx.rxs[VMXNET3_RXS_ERROR]++;
	else
		fx_count(fx.rxs, VMXNET3_RXS_UCAST_PKTS, frame, len);
	return 1;
}

/* ---- helpers ------------------------------------------------------------- */

static int
port_setup(uint16_t port, struct fpk_mempool *mp, const struct fpk_eth_conf *conf)
{
	int ret = fpk_eth_dev_configure(port, 1, 1, conf);

	if (ret == 0)
		ret = fpk_eth_rx_queue_setup(port, 0, NB_DESC, FPK_SOCKET_ID_ANY, NULL, mp);
	if (ret == 0)
		ret = fpk_eth_tx_queue_setup(port, 0, NB_DESC, FPK_SOCKET_ID_ANY, NULL);
	return ret;
}

/* Byte j of packet i: (seed + 7 * i + j) & 0xff, as test_eth_pkts_make() writes it. */
static uint8_t
pat(unsigned int i, uint32_t j, uint8_t seed)
{
	return (uint8_t)(seed + 7 * i + j);
}

/* Packet i of a batch, @len bytes in segments of @seg bytes. */
static struct fpk_mbuf *
make_pkt(struct fpk_mempool *mp, unsigned int i, uint32_t len, uint32_t seg, uint8_t seed)
{
	struct fpk_mbuf *head = NULL;

	for (uint32_t off = 0; off < len;) {
		struct fpk_mbuf *m = fpk_pktmbuf_alloc(mp);
		uint16_t n = (uint16_t)FPK_MIN(seg, len - off);
		uint8_t *p;

		if (m == NULL) {
			fpk_pktmbuf_free(head);
			return NULL;
		}
		p = (uint8_t *)fpk_pktmbuf_append(m, n);
		for (uint16_t k = 0; k < n; k++)
			p[k] = pat(i, off + k, seed);
		off += n;
		if (head == NULL)
			head = m;
		else
			fpk_pktmbuf_chain(head, m);
	}
	return head;
}

static uint64_t
xstat(uint16_t port, const char *name)
{
	uint64_t v = UINT64_MAX;

	fpk_eth_xstats_get_by_name(port, name, &v);
	return v;
}

static const struct fpk_ether_addr new_mac = { { 0x02, 0, 0, 0, 0xaa, 0x01 } };

/* ---- the cases ------------------------------------------------------------ */

/*
 * Probe: revision 1 and UPT 1 selected, the device reset before the shared
 * area is registered, the MAC read from MACL/MACH, the link from GET_LINK.
 * Close: quiesce, reset, bus mastering off, so QEMU's link event after the
 * reset (written to address 0 + ecr) goes nowhere. A device without
 * revision 1 is refused with no port left.
 */
static int
test_probe_close(struct fpk_mempool *mp)
{
	struct fpk_eth_link link;
	struct fpk_ether_addr mac;
	uint16_t port;
	int ret;

	(void)mp;
	TEST_ASSERT_SUCCESS(fx_probe(&port), "probe");
	TEST_ASSERT(fx.vrrs_sel == VMXNET3_REV_1 && fx.uvrs_sel == VMXNET3_UPT_VERSION_1,
		    "selected revision %u, UPT %u", fx.vrrs_sel, fx.uvrs_sel);
	TEST_ASSERT(strstr(fx.log, "QUIESCE RESET DSA") == fx.log, "probe commands: %s", fx.log);
	TEST_ASSERT_NOT_NULL(fx_shared(), "shared area 0x%llx is not EAL memory",
			     (unsigned long long)fx.shmem);
	TEST_ASSERT(fx.shmem % VMXNET3_QUEUE_DESC_ALIGN == 0, "shared area alignment");
	TEST_ASSERT_SUCCESS(fpk_eth_macaddr_get(port, &mac), "mac");
	TEST_ASSERT(memcmp(mac.addr_bytes, perm_mac, 6) == 0, "MAC %02x:..:%02x", mac.addr_bytes[0],
		    mac.addr_bytes[5]);
	TEST_ASSERT_SUCCESS(fpk_eth_link_get_nowait(port, &link), "link");
	TEST_ASSERT(link.link_status == FPK_ETH_LINK_UP && link.link_speed == 1000,
		    "link %u at %u", link.link_status, link.link_speed);
	TEST_ASSERT_EQUAL(fx.pd.pub.intr_type, FPK_PCI_INTR_MSIX, "no MSI-X vector");
	/* A link event now lands in the shared area. */
	fx_link_set(false);
	TEST_ASSERT_EQUAL(fx_shared()->ecr, VMXNET3_ECR_LINK, "ECR not in the shared area");
	fx.log[0] = '\0';
	TEST_ASSERT_SUCCESS(fpk_eth_dev_close(port), "close");
	TEST_ASSERT(strstr(fx.log, "QUIESCE RESET") != NULL, "close commands: %s", fx.log);
	TEST_ASSERT(!fx_bus_master(), "bus mastering left on after close");
	fx_link_set(true);
	TEST_ASSERT_EQUAL(fx.stray_ecr_writes, 0, "the device wrote ECR to address 0 + 0x2b8 "
			  "after close");

	/* Re-open for the second probe (close turned bus mastering off). */
	fx.cfg[4] |= 0x4;
	fx.rev_offer = 0x2; /* revision 2 only */
	ret = fx_probe(&port);
	TEST_ASSERT_EQUAL(ret, -ENOTSUP, "a device without revision 1: %d", ret);
	TEST_ASSERT_NULL(fpk_eth_dev_get_by_name(FAKE_NAME), "port left after a failed probe");
	fx.cfg[4] &= (uint8_t)~0x4;
	return TEST_SUCCESS;
}
VMX_TEST(pmd_vmxnet3_probe_close, test_probe_close)

/* Ring 0 as start leaves it: n - 1 head buffers of the device's gen, one slot not given. */
static int
check_rx_ring_armed(uint16_t buf_size)
{
	volatile struct vmxnet3_rx_desc *r0 = dma_va(fx.rx_pa, (size_t)fx.rx_n * 16);
	volatile struct vmxnet3_rx_desc *r1 = dma_va(fx.rx1_pa, (size_t)fx.rx1_n * 16);

	TEST_ASSERT_EQUAL(fx.rx_n, NB_DESC, "rx ring of %u", fx.rx_n);
	for (uint32_t i = 0; i < fx.rx_n; i++) {
		uint32_t w = r0[i].len_gen;

		if (i == fx.rx_n - 1) {
			TEST_ASSERT(!(w & VMXNET3_RXD_GEN), "the last slot is given to the device");
			continue;
		}
		TEST_ASSERT(w & VMXNET3_RXD_GEN, "rx slot %u not given (0x%x)", i, w);
		TEST_ASSERT(!(w & VMXNET3_RXD_BTYPE_BODY), "rx slot %u is a body buffer", i);
		TEST_ASSERT_EQUAL(w & VMXNET3_RXD_LEN_MASK, buf_size, "rx slot %u length %u", i,
				  w & VMXNET3_RXD_LEN_MASK);
		TEST_ASSERT_NOT_NULL(dma_va(r0[i].addr, buf_size), "rx slot %u buffer", i);
	}
	for (uint32_t i = 0; i < fx.rx1_n; i++)
		TEST_ASSERT(!(r1[i].len_gen & VMXNET3_RXD_GEN), "ring 1 slot %u given", i);
	return TEST_SUCCESS;
}

/*
 * Start: the shared area passes the device's checks, ring 0 is armed, the
 * MAC set before start survives QEMU's reset of it at activation; stop
 * quiesces; a second start activates again; a refused activation fails
 * start; more than one queue is refused.
 */
static int
test_start_stop(struct fpk_mempool *mp)
{
	struct fpk_ether_addr mac = new_mac;
	uint16_t port;
	int ret;

	TEST_ASSERT_SUCCESS(fx_probe(&port), "probe");
	TEST_ASSERT_EQUAL(fpk_eth_dev_configure(port, 2, 1, NULL), -EINVAL, "2 rx queues taken");
	TEST_ASSERT_SUCCESS(port_setup(port, mp, NULL), "setup");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_default_mac_addr_set(port, &mac), "mac set");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start: the device said: %s", fx.why);
	TEST_ASSERT(fx.active, "not activated: %s", fx.why);
	TEST_ASSERT(memcmp(fx.mac, new_mac.addr_bytes, 6) == 0, "MAC not rewritten after "
		    "activation: %02x:..:%02x", fx.mac[0], fx.mac[5]);
	TEST_ASSERT_EQUAL(fx.rx_mode, VMXNET3_RXM_UCAST | VMXNET3_RXM_BCAST, "rx mode 0x%x",
			  fx.rx_mode);
	TEST_ASSERT_EQUAL(fx.bar0[VMXNET3_REG_IMR(0) / 4], 1, "event vector unmasked without lsc");
	TEST_RUN(check_rx_ring_armed(vmxnet3_rx_buf_size(mp)));
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT(!fx.active, "stop did not quiesce");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "restart: %s", fx.why);
	TEST_ASSERT_EQUAL(fx.activations, 2, "activations %u", fx.activations);
	TEST_RUN(check_rx_ring_armed(vmxnet3_rx_buf_size(mp)));
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	fx.refuse_activate = true;
	ret = fpk_eth_dev_start(port);
	TEST_ASSERT_EQUAL(ret, -EIO, "start with a refused activation: %d", ret);
	fx.refuse_activate = false;
	TEST_ASSERT_SUCCESS(fpk_eth_dev_close(port), "close");
	return TEST_SUCCESS;
}
VMX_TEST(pmd_vmxnet3_start_stop, test_start_stop)

/* Send @n packets (every third in 3 segments), let the device send them. */
static int
send_batch(uint16_t port, struct fpk_mempool *mp, unsigned int n, uint32_t len, uint8_t seed,
	   uint8_t (*frames)[FAKE_FRAME_MAX], uint32_t *lens)
{
	struct fpk_mbuf *pkts[TEST_ETH_BURST];
	uint16_t sent;
	int got;

	for (unsigned int i = 0; i < n; i++) {
		/* Every third packet in 3 segments: 43 descriptors a burst at most. */
		pkts[i] = make_pkt(mp, i, len + i, i % 3 == 2 ? (len + i + 2) / 3 : 2048, seed);
		TEST_ASSERT_NOT_NULL(pkts[i], "no mbufs");
	}
	sent = fpk_eth_tx_burst(port, 0, pkts, (uint16_t)n);
	if (sent < n)
		fpk_pktmbuf_free_bulk(pkts + sent, n - sent);
	TEST_ASSERT_EQUAL(sent, n, "sent %u of %u", sent, n);
	got = fx_tx(frames, lens, n);
	TEST_ASSERT_EQUAL(got, (int)n, "the device sent %d of %u", got, n);
	TEST_ASSERT_EQUAL(fx.bar0[VMXNET3_REG_TXPROD(0) / 4], fx.tx_next, "TXPROD %u, ring at %u",
			  fx.bar0[VMXNET3_REG_TXPROD(0) / 4], fx.tx_next);
	for (unsigned int i = 0; i < n; i++) {
		TEST_ASSERT_EQUAL(lens[i], len + i, "frame %u: %u bytes", i, lens[i]);
		for (uint32_t j = 0; j < lens[i]; j++)
			TEST_ASSERT_EQUAL(frames[i][j], pat(i, j, seed), "frame %u byte %u", i, j);
	}
	return TEST_SUCCESS;
}

/*
 * Forwarding through the device: 50 bursts of 32 packets out (some in 3
 * segments), each frame back in, over 64-entry rings: both rings and their
 * completion rings wrap many times, so every gen bit flip is exercised.
 * Then the counters: GET_STATS totals in stats and xstats, kept across a
 * restart (the device counts from 0 at each activation), zeroed by reset.
 */
static int
test_fwd(struct fpk_mempool *mp)
{
	static uint8_t frames[TEST_ETH_BURST][FAKE_FRAME_MAX];
	static uint32_t lens[TEST_ETH_BURST];
	struct fpk_mbuf *rx[TEST_ETH_BURST];
	struct fpk_eth_stats st;
	uint64_t bytes = 0, pkts = 0;
	uint16_t port, n;

	TEST_ASSERT_SUCCESS(fx_probe(&port), "probe");
	TEST_ASSERT_SUCCESS(port_setup(port, mp, NULL), "setup");
	TEST_ASSERT_SUCCESS(fpk_eth_promiscuous_enable(port), "promisc");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start: %s", fx.why);
	for (unsigned int round = 0; round < 50; round++) {
		uint8_t seed = (uint8_t)(round * 13);
		uint32_t len = 60 + round * 20;

		if (round == 25) {
			TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
			TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "restart: %s", fx.why);
		}
		TEST_RUN(send_batch(port, mp, TEST_ETH_BURST, len, seed, frames, lens));
		for (unsigned int i = 0; i < TEST_ETH_BURST; i++) {
			TEST_ASSERT_EQUAL(fx_rx(frames[i], lens[i]), 1, "device rx of frame %u", i);
			bytes += lens[i];
		}
		pkts += TEST_ETH_BURST;
		n = fpk_eth_rx_burst(port, 0, rx, TEST_ETH_BURST);
		TEST_ASSERT_EQUAL(n, TEST_ETH_BURST, "round %u: received %u", round, n);
		for (unsigned int i = 0; i < n; i++)
			TEST_ASSERT(test_eth_pkt_ok(rx[i], i, (uint16_t)(len + i), seed),
				    "round %u packet %u", round, i);
		fpk_pktmbuf_free_bulk(rx, n);
		TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, rx, TEST_ETH_BURST), 0, "rx from idle");
	}
	/* A frame longer than the buffer comes back with err: dropped, counted. */
	memset(frames[0], 0x11, 4000);
	TEST_ASSERT_EQUAL(fx_rx(frames[0], 4000), 1, "device rx of a long frame");
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(port, 0, rx, TEST_ETH_BURST), 0, "long frame delivered");

	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.opackets == pkts && st.obytes == bytes, "tx %llu/%llu, want %llu/%llu",
		    (unsigned long long)st.opackets, (unsigned long long)st.obytes,
		    (unsigned long long)pkts, (unsigned long long)bytes);
	TEST_ASSERT(st.ipackets == pkts && st.ibytes == bytes, "rx %llu/%llu, want %llu/%llu",
		    (unsigned long long)st.ipackets, (unsigned long long)st.ibytes,
		    (unsigned long long)pkts, (unsigned long long)bytes);
	TEST_ASSERT(st.q_ipackets[0] == pkts && st.q_opackets[0] == pkts, "queue counters");
	TEST_ASSERT_EQUAL(st.ierrors, 2, "ierrors %llu (device 1 + driver 1)",
			  (unsigned long long)st.ierrors);
	TEST_ASSERT_EQUAL(xstat(port, "rx_error_packets"), 1, "rx_error_packets");
	TEST_ASSERT_EQUAL(xstat(port, "tx_unicast_packets") + xstat(port, "tx_multicast_packets") +
			  xstat(port, "tx_broadcast_packets"), pkts, "tx xstats");
	TEST_ASSERT_EQUAL(xstat(port, "tx_q0_tx_ring_full"), 0, "ring full");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_reset(port), "reset");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT(st.opackets == 0 && st.ipackets == 0 && st.ierrors == 0, "after reset");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_close(port), "close");
	return TEST_SUCCESS;
}
VMX_TEST(pmd_vmxnet3_fwd, test_fwd)

/*
 * A full tx ring: with the device asleep the burst stops at 64 packets and
 * counts tx_ring_full; completions free the ring again. Packets the device
 * cannot take (a zero-length segment) are dropped, counted in oerrors.
 */
static int
test_tx_full(struct fpk_mempool *mp)
{
	static uint8_t frames[NB_DESC][FAKE_FRAME_MAX];
	static uint32_t lens[NB_DESC];
	struct fpk_mbuf *pkts[NB_DESC + 8];
	struct fpk_eth_stats st;
	uint16_t port, sent;

	TEST_ASSERT_SUCCESS(fx_probe(&port), "probe");
	TEST_ASSERT_SUCCESS(port_setup(port, mp, NULL), "setup");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start: %s", fx.why);
	for (unsigned int round = 0; round < 3; round++) {
		for (unsigned int i = 0; i < NB_DESC + 8; i++)
			TEST_ASSERT_NOT_NULL(pkts[i] = make_pkt(mp, i, 64, 2048, 1), "mbufs");
		sent = fpk_eth_tx_burst(port, 0, pkts, NB_DESC + 8);
		TEST_ASSERT_EQUAL(sent, NB_DESC, "round %u: sent %u into a %u ring", round, sent,
				  NB_DESC);
		TEST_ASSERT_EQUAL(fx_tx(frames, lens, NB_DESC), NB_DESC, "device sent");
		fpk_pktmbuf_free_bulk(pkts + NB_DESC, 8);
	}
	TEST_ASSERT_EQUAL(xstat(port, "tx_q0_tx_ring_full"), 3, "ring full count");
	pkts[0] = make_pkt(mp, 0, 64, 2048, 1);
	pkts[1] = fpk_pktmbuf_alloc(mp);
	pkts[2] = make_pkt(mp, 2, 64, 2048, 1);
	TEST_ASSERT(pkts[0] && pkts[1] && pkts[2], "mbufs");
	fpk_pktmbuf_chain(pkts[0], pkts[1]);
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, pkts, 1), 1, "bad packet not taken");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port, 0, pkts + 2, 1), 1, "good packet");
	TEST_ASSERT_EQUAL(fx_tx(frames, lens, NB_DESC), 1, "device sent");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(port, &st), "stats");
	TEST_ASSERT_EQUAL(st.oerrors, 1, "oerrors %llu", (unsigned long long)st.oerrors);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_close(port), "close");
	return TEST_SUCCESS;
}
VMX_TEST(pmd_vmxnet3_tx_full, test_tx_full)

/*
 * An empty pool: the burst leaves the completions in place and counts
 * rx_nombuf; with mbufs back it delivers them. The device, short of
 * buffers, counts rx_no_buffer_count (imissed).
 */
static int
test_rx_nombuf(struct fpk_mempool *mp)
{
	static struct fpk_mbuf *held[TEST_ETH_NB_MBUF];
	static uint8_t frame[128];
	struct fpk_mbuf *rx[TEST_ETH_BURST];
	struct fpk_eth_stats st;
	unsigned int nb_held;
	uint16_t port, n;
	int r = 0;

	TEST_ASSERT_SUCCESS(fx_probe(&port), "probe");
	TEST_ASSERT_SUCCESS(port_setup(port, mp, NULL), "setup");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start: %s", fx.why);
	memcpy(frame, perm_mac, 6);
	for (unsigned int i = 0; i < 16; i++)
		TEST_ASSERT_EQUAL(fx_rx(frame, sizeof(frame)), 1, "device rx %u", i);
	nb_held = fpk_mempool_avail_count(mp);
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_alloc_bulk(mp, held, nb_held), "empty the pool");
	n = fpk_eth_rx_burst(port, 0, rx, TEST_ETH_BURST);
	fpk_eth_stats_get(port, &st);
	fpk_pktmbuf_free_bulk(held, nb_held);
	TEST_ASSERT_EQUAL(n, 0, "delivered %u without replacements", n);
	TEST_ASSERT_EQUAL(st.rx_nombuf, 16, "rx_nombuf %llu", (unsigned long long)st.rx_nombuf);
	n = fpk_eth_rx_burst(port, 0, rx, TEST_ETH_BURST);
	TEST_ASSERT_EQUAL(n, 16, "delivered %u once mbufs came back", n);
	fpk_pktmbuf_free_bulk(rx, n);
	/* Without bursts the device runs out of ring-0 buffers: 63 fit. */
	for (unsigned int i = 0; i < NB_DESC && r != -ENOBUFS; i++)
		r = fx_rx(frame, sizeof(frame));
	TEST_ASSERT_EQUAL(r, -ENOBUFS, "the device never ran out of buffers");
	fpk_eth_stats_get(port, &st);
	TEST_ASSERT_EQUAL(st.imissed, 1, "imissed %llu", (unsigned long long)st.imissed);
	while ((n = fpk_eth_rx_burst(port, 0, rx, TEST_ETH_BURST)) > 0)
		fpk_pktmbuf_free_bulk(rx, n);
	TEST_ASSERT_EQUAL(fx_rx(frame, sizeof(frame)), 1, "buffers not given back");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_close(port), "close");
	return TEST_SUCCESS;
}
VMX_TEST(pmd_vmxnet3_rx_nombuf, test_rx_nombuf)

/*
 * Receive modes as the device filters: unicast to the port's MAC and
 * broadcast always; other unicast only when promiscuous; multicast only in
 * all-multicast mode or when in the table (fpk_eth_dev_set_mc_addr_list():
 * the table and UPDATE_MAC_FILTERS + UPDATE_RX_MODE). mac_addr_set writes
 * MACL/MACH.
 */
static int
test_modes(struct fpk_mempool *mp)
{
	static const uint8_t other[6] = { 0x02, 9, 9, 9, 9, 9 }, bcast[6] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct fpk_ether_addr mc[2] = { { { 0x01, 0, 0x5e, 0, 0, 1 } },
					{ { 0x01, 0, 0x5e, 0, 0, 2 } } }, uc = new_mac;
	struct fpk_ether_addr too_many[VMXNET3_MC_MAX + 1];
	struct fpk_mbuf *rx[TEST_ETH_BURST];
	uint8_t f[64] = { 0 };
	uint16_t port, n;

	TEST_ASSERT_SUCCESS(fx_probe(&port), "probe");
	TEST_ASSERT_SUCCESS(port_setup(port, mp, NULL), "setup");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start: %s", fx.why);
#define RX(dst, want) do {                                                           \
		memcpy(f, (dst), 6);                                                 \
		TEST_ASSERT_EQUAL(fx_rx(f, sizeof(f)), (want), "frame to %02x:..:%02x, " \
				  "rx mode 0x%x", f[0], f[5], fx.rx_mode);           \
	} while (0)
	RX(perm_mac, 1);
	RX(bcast, 1);
	RX(other, 0);
	RX(mc[0].addr_bytes, 0);
	TEST_ASSERT_SUCCESS(fpk_eth_promiscuous_enable(port), "promisc on");
	RX(other, 1);
	TEST_ASSERT_SUCCESS(fpk_eth_promiscuous_disable(port), "promisc off");
	RX(other, 0);
	TEST_ASSERT_SUCCESS(fpk_eth_allmulticast_enable(port), "allmulti on");
	RX(mc[1].addr_bytes, 1);
	RX(other, 0);
	TEST_ASSERT_SUCCESS(fpk_eth_allmulticast_disable(port), "allmulti off");
	RX(mc[1].addr_bytes, 0);
	fx.log[0] = '\0';
	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_mc_addr_list(port, mc, 1), "mc list");
	TEST_ASSERT(strstr(fx.log, "MAC_FILTERS RX_MODE") != NULL, "commands: %s", fx.log);
	RX(mc[0].addr_bytes, 1);
	RX(mc[1].addr_bytes, 0);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_mc_addr_list(port, mc, 0), "mc list cleared");
	RX(mc[0].addr_bytes, 0);
	TEST_ASSERT_EQUAL(fpk_eth_dev_set_mc_addr_list(port, &uc, 1), -EINVAL, "unicast in mc list");
	for (unsigned int i = 0; i <= VMXNET3_MC_MAX; i++)
		too_many[i] = mc[0];
	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_mc_addr_list(port, mc, 1), "mc list");
	TEST_ASSERT_EQUAL(fpk_eth_dev_set_mc_addr_list(port, too_many, VMXNET3_MC_MAX + 1), -EINVAL,
			  "%u addresses", VMXNET3_MC_MAX + 1);
	/* A list the table cannot hold leaves the previous one in force. */
	RX(mc[0].addr_bytes, 1);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_default_mac_addr_set(port, &uc), "mac set");
	TEST_ASSERT(memcmp(fx.mac, uc.addr_bytes, 6) == 0, "MACL/MACH not written");
	RX(uc.addr_bytes, 1);
	RX(perm_mac, 0);
#undef RX
	/* The list survives a restart: the device reads it at activation. */
	TEST_ASSERT_SUCCESS(fpk_eth_dev_set_mc_addr_list(port, mc + 1, 1), "mc list");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start: %s", fx.why);
	fx_mac_filters();
	memcpy(f, mc[1].addr_bytes, 6);
	TEST_ASSERT_EQUAL(fx_rx(f, sizeof(f)), 1, "listed multicast after restart");
	while ((n = fpk_eth_rx_burst(port, 0, rx, TEST_ETH_BURST)) > 0)
		fpk_pktmbuf_free_bulk(rx, n);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_close(port), "close");
	return TEST_SUCCESS;
}
VMX_TEST(pmd_vmxnet3_modes, test_modes)

static int lsc_events;

static int
lsc_cb(uint16_t port, enum fpk_eth_event_type ev, void *arg, void *param)
{
	(void)port;
	(void)ev;
	(void)arg;
	(void)param;
	__atomic_add_fetch(&lsc_events, 1, __ATOMIC_RELEASE);
	return 0;
}

/* Wait up to 2 s for @n LSC events. */
static bool
lsc_wait(int n)
{
	uint64_t end = fpk_rdtsc() + 2 * fpk_get_tsc_hz();

	while (__atomic_load_n(&lsc_events, __ATOMIC_ACQUIRE) < n && fpk_rdtsc() < end)
		fpk_delay_us(1000);
	return __atomic_load_n(&lsc_events, __ATOMIC_ACQUIRE) >= n;
}

/*
 * Link events: with intr_conf.lsc the event vector is unmasked after
 * activation; a link change (ECR link bit + MSI-X vector 0) raises an LSC
 * event with the new state and the ECR bit is acknowledged. Stop masks the
 * vector again: no event while stopped.
 */
static int
test_lsc(struct fpk_mempool *mp)
{
	struct fpk_eth_conf conf = { .intr_conf.lsc = 1 };
	struct fpk_eth_link link;
	uint16_t port;

	TEST_ASSERT_SUCCESS(fx_probe(&port), "probe");
	lsc_events = 0;
	TEST_ASSERT_SUCCESS(fpk_eth_dev_callback_register(port, FPK_ETH_EVENT_INTR_LSC, lsc_cb,
							  NULL), "callback");
	TEST_ASSERT_SUCCESS(port_setup(port, mp, &conf), "setup");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_start(port), "start: %s", fx.why);
	TEST_ASSERT_EQUAL(fx.bar0[VMXNET3_REG_IMR(0) / 4], 0, "event vector masked");
	TEST_ASSERT_EQUAL(fx_shared()->intr_ctrl, 0, "interrupts disabled in intrCtrl");
	fx_link_set(false);
	TEST_ASSERT(lsc_wait(1), "no LSC event for link down");
	fpk_eth_link_get_nowait(port, &link);
	TEST_ASSERT_EQUAL(link.link_status, FPK_ETH_LINK_DOWN, "link still up");
	TEST_ASSERT_EQUAL(fx_shared()->ecr, 0, "ECR 0x%x not acknowledged", fx_shared()->ecr);
	fx_link_set(true);
	TEST_ASSERT(lsc_wait(2), "no LSC event for link up");
	fpk_eth_link_get_nowait(port, &link);
	TEST_ASSERT(link.link_status == FPK_ETH_LINK_UP && link.link_speed == 1000, "link %u/%u",
		    link.link_status, link.link_speed);
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(port), "stop");
	TEST_ASSERT_EQUAL(fx.bar0[VMXNET3_REG_IMR(0) / 4], 1, "event vector unmasked after stop");
	fx_link_set(false);
	fpk_delay_us(50000);
	TEST_ASSERT_EQUAL(__atomic_load_n(&lsc_events, __ATOMIC_ACQUIRE), 2,
			  "an event while stopped");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_close(port), "close");
	fx_link_set(true);
	TEST_ASSERT_EQUAL(fx.stray_ecr_writes, 0, "ECR written to address 0 + 0x2b8 after close");
	return TEST_SUCCESS;
}
VMX_TEST(pmd_vmxnet3_lsc, test_lsc)
