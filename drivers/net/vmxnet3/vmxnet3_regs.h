/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VMware vmxnet3 (PCI 15ad:07b0) as net_vmxnet3 drives it: device revision
 * 1 with UPT version 1. The registers of BAR0 and BAR1, the commands, the
 * four descriptor formats and the memory the driver shares with the device
 * (the driver-shared area and the queue descriptor table).
 *
 * Sources, read for facts only (the definitions here are FPK's own: 32-bit
 * words with masks, no bitfields):
 * - VMware's public vmxnet3 headers as Linux ships them,
 *   drivers/net/vmxnet3/vmxnet3_defs.h and upt1_defs.h (Linux 6.12);
 *   "defs" below names the structure or constant of those headers;
 * - QEMU 7.2's emulation, hw/net/vmxnet3.c ("qemu" below): what the device
 *   the guest suites run really reads and writes (doc/guides/nics/vmxnet3.md
 *   lists where it differs from the headers).
 * Every field is little-endian in memory and in the registers, as are
 * FPK's targets (x86_64, arm64): values are stored in CPU order.
 */
#ifndef VMXNET3_REGS_H
#define VMXNET3_REGS_H

#include <stddef.h>
#include <stdint.h>

/* ---- PCI identity and BARs ----------------------------------------------- */

#define VMXNET3_VENDOR_ID 0x15ad
#define VMXNET3_DEVICE_ID 0x07b0
/* BAR0 "PT" registers (doorbells, masks), BAR1 "VD" registers; 4 KiB each (defs). */
#define VMXNET3_BAR_PT 0
#define VMXNET3_BAR_VD 1
#define VMXNET3_BAR_PT_SIZE 0x1000
#define VMXNET3_BAR_VD_SIZE 0x1000
/* Registers are 32 bits wide and 8 bytes apart (defs VMXNET3_REG_ALIGN). */
#define VMXNET3_REG_STRIDE 8

/* BAR1 (defs: "BAR 1"). */
#define VMXNET3_REG_VRRS 0x00 /* revision report (read) / selection (write) */
#define VMXNET3_REG_UVRS 0x08 /* UPT version report / selection */
#define VMXNET3_REG_DSAL 0x10 /* driver-shared area address, low 32 bits */
#define VMXNET3_REG_DSAH 0x18 /* ... high 32 bits; qemu takes the address on this write */
#define VMXNET3_REG_CMD  0x20 /* write a command; read its result */
#define VMXNET3_REG_MACL 0x28 /* MAC bytes 0-3, byte 0 in bits 0-7 */
#define VMXNET3_REG_MACH 0x30 /* MAC bytes 4-5 in bits 0-15 */
#define VMXNET3_REG_ICR  0x38 /* interrupt cause, INTx only */
#define VMXNET3_REG_ECR  0x40 /* write 1s: acknowledge those event bits of shared->ecr */

/* BAR0 (defs: "BAR 0"). */
#define VMXNET3_REG_IMR(v)    (0x000 + (v) * VMXNET3_REG_STRIDE) /* 1: vector v masked */
#define VMXNET3_REG_TXPROD(q) (0x600 + (q) * VMXNET3_REG_STRIDE) /* tx ring producer index */
#define VMXNET3_REG_RXPROD(q) (0x800 + (q) * VMXNET3_REG_STRIDE) /* rx ring 0 producer */
#define VMXNET3_REG_RXPROD2(q) (0xa00 + (q) * VMXNET3_REG_STRIDE) /* rx ring 1 producer */

/* VRRS/UVRS: bit n set = revision n + 1 offered; the driver writes the one it takes. */
#define VMXNET3_REV_1 0x1u
#define VMXNET3_UPT_VERSION_1 0x1u

/* ---- commands (defs VMXNET3_CMD_*): written to CMD, result read back ----- */

#define VMXNET3_CMD_ACTIVATE_DEV       0xcafe0000u /* result 0: active */
#define VMXNET3_CMD_QUIESCE_DEV        0xcafe0001u /* stop all DMA of the queues */
#define VMXNET3_CMD_RESET_DEV          0xcafe0002u
#define VMXNET3_CMD_UPDATE_RX_MODE     0xcafe0003u /* reread rxFilterConf.rxMode */
#define VMXNET3_CMD_UPDATE_MAC_FILTERS 0xcafe0004u /* reread the multicast table */
#define VMXNET3_CMD_GET_QUEUE_STATUS   0xf00d0000u /* fill every queue's status */
#define VMXNET3_CMD_GET_STATS          0xf00d0001u /* fill every queue's UPT1 stats */
#define VMXNET3_CMD_GET_LINK           0xf00d0002u /* result: see below */

/* GET_LINK result: bit 0 link up, bits 16-31 speed in Mb/s (defs VMXNET3_LINK_UP). */
#define VMXNET3_LINK_STATUS_UP 0x1u
#define VMXNET3_LINK_SPEED_SHIFT 16

/* Event bits of shared->ecr (defs VMXNET3_ECR_*). */
#define VMXNET3_ECR_RQERR 0x1u  /* an rx queue stopped on an error */
#define VMXNET3_ECR_TQERR 0x2u  /* a tx queue stopped on an error */
#define VMXNET3_ECR_LINK  0x4u  /* the link state changed */
#define VMXNET3_ECR_DIC   0x8u
#define VMXNET3_ECR_DEBUG 0x10u

/* ---- descriptors: 16 bytes each (defs Vmxnet3_GenericDesc) ---------------- */

/*
 * A ring entry belongs to whoever's generation it carries: the producer
 * writes its current gen bit last; the consumer takes entries whose gen
 * bit equals its own. Both start at 1 (defs VMXNET3_INIT_GEN) and flip
 * their bit each time their index wraps, so zeroed memory (gen 0) holds
 * nothing for the first pass.
 */
#define VMXNET3_INIT_GEN 1u

/* Transmit descriptor (defs Vmxnet3_TxDesc). */
struct vmxnet3_tx_desc {
	uint64_t addr;
	uint32_t len_gen;  /* length 0-13 (0 means 16384), gen 14, dtype 16, msscof 18-31 */
	uint32_t flags;    /* hlen 0-9, om 10-11, eop 12, cq 13, ti 15, tci 16-31 */
};
#define VMXNET3_TXD_LEN_MASK 0x3fffu
#define VMXNET3_TXD_GEN      (1u << 14)
#define VMXNET3_TXD_EOP      (1u << 12) /* in flags: last descriptor of a packet */
#define VMXNET3_TXD_CQ       (1u << 13) /* in flags: write a completion for it */
/* Bytes one tx descriptor carries at most (defs VMXNET3_MAX_TX_BUF_SIZE). */
#define VMXNET3_TX_BUF_MAX   16384u
/* Descriptors of a non-TSO packet at most (defs VMXNET3_MAX_TXD_PER_PKT). */
#define VMXNET3_TX_MAX_SEGS  16

/* Transmit completion (defs Vmxnet3_TxCompDesc). */
struct vmxnet3_tx_comp {
	uint32_t idx;      /* index of the packet's EOP descriptor, bits 0-11 */
	uint32_t rsvd[2];
	uint32_t type_gen; /* type 24-30, gen 31 */
};
#define VMXNET3_TCD_IDX_MASK 0xfffu
#define VMXNET3_TCD_GEN      (1u << 31)

/* Receive descriptor (defs Vmxnet3_RxDesc). */
struct vmxnet3_rx_desc {
	uint64_t addr;
	uint32_t len_gen;  /* length 0-13, btype 14, dtype 15, gen 31 */
	uint32_t ext;
};
#define VMXNET3_RXD_LEN_MASK   0x3fffu
#define VMXNET3_RXD_BTYPE_BODY (1u << 14) /* 0: head buffer (a packet starts here) */
#define VMXNET3_RXD_GEN        (1u << 31)
/* Largest rx buffer length a descriptor expresses (defs VMXNET3_MAX_RX_BUF_SIZE). */
#define VMXNET3_RX_BUF_MAX     0x3fffu

/* Receive completion (defs Vmxnet3_RxCompDesc). */
struct vmxnet3_rx_comp {
	uint32_t idx_flags; /* rx desc index 0-11, eop 14, sop 15, rqID 16-25, rssType 26-29, cnc 30 */
	uint32_t rss_hash;
	uint32_t len_err;   /* length 0-13, err 14, ts 15, tci 16-31 */
	uint32_t csum_gen;  /* csum 0-15, tuc 16, udp 17, tcp 18, ipc 19, v6 20, v4 21, frg 22,
			     * fcs 23, type 24-30, gen 31 */
};
#define VMXNET3_RCD_IDX_MASK   0xfffu
#define VMXNET3_RCD_EOP        (1u << 14)
#define VMXNET3_RCD_SOP        (1u << 15)
#define VMXNET3_RCD_RQID_SHIFT 16
#define VMXNET3_RCD_RQID_MASK  0x3ffu
#define VMXNET3_RCD_LEN_MASK   0x3fffu
#define VMXNET3_RCD_ERR        (1u << 14)
#define VMXNET3_RCD_GEN        (1u << 31)

_Static_assert(sizeof(struct vmxnet3_tx_desc) == 16, "Vmxnet3_TxDesc is 16 bytes");
_Static_assert(sizeof(struct vmxnet3_tx_comp) == 16, "Vmxnet3_TxCompDesc is 16 bytes");
_Static_assert(sizeof(struct vmxnet3_rx_desc) == 16, "Vmxnet3_RxDesc is 16 bytes");
_Static_assert(sizeof(struct vmxnet3_rx_comp) == 16, "Vmxnet3_RxCompDesc is 16 bytes");
_Static_assert(offsetof(struct vmxnet3_tx_desc, len_gen) == 8 &&
	       offsetof(struct vmxnet3_tx_comp, type_gen) == 12 &&
	       offsetof(struct vmxnet3_rx_desc, len_gen) == 8 &&
	       offsetof(struct vmxnet3_rx_comp, csum_gen) == 12, "gen bit words");

/* Ring rules (defs): bases 512-byte aligned, sizes multiples of 32, at most 4096
 * (8192 for an rx completion ring). */
#define VMXNET3_RING_ALIGN     512
#define VMXNET3_RING_SIZE_ALIGN 32
#define VMXNET3_RING_MAX       4096
#define VMXNET3_RX_COMP_MAX    8192

/* ---- queue descriptor table (defs Vmxnet3_TxQueueDesc/RxQueueDesc) -------- */

/* UPT1 counters of a queue (defs UPT1_TxStats / UPT1_RxStats), as indexes. */
enum vmxnet3_tx_stat {
	VMXNET3_TXS_TSO_PKTS, VMXNET3_TXS_TSO_BYTES, VMXNET3_TXS_UCAST_PKTS,
	VMXNET3_TXS_UCAST_BYTES, VMXNET3_TXS_MCAST_PKTS, VMXNET3_TXS_MCAST_BYTES,
	VMXNET3_TXS_BCAST_PKTS, VMXNET3_TXS_BCAST_BYTES, VMXNET3_TXS_ERROR,
	VMXNET3_TXS_DISCARD, VMXNET3_TXS_NB
};
enum vmxnet3_rx_stat {
	VMXNET3_RXS_LRO_PKTS, VMXNET3_RXS_LRO_BYTES, VMXNET3_RXS_UCAST_PKTS,
	VMXNET3_RXS_UCAST_BYTES, VMXNET3_RXS_MCAST_PKTS, VMXNET3_RXS_MCAST_BYTES,
	VMXNET3_RXS_BCAST_PKTS, VMXNET3_RXS_BCAST_BYTES, VMXNET3_RXS_OUT_OF_BUF,
	VMXNET3_RXS_ERROR, VMXNET3_RXS_NB
};

struct vmxnet3_queue_status {
	uint8_t stopped;     /* written by the device after GET_QUEUE_STATUS */
	uint8_t pad[3];
	uint32_t error;      /* why: defs VMXNET3_ERR_* (0x80000000 + n) */
};

struct vmxnet3_tx_queue_desc {
	/* ctrl: written by the device (txThreshold), read by the driver */
	uint32_t num_deferred;
	uint32_t threshold;
	uint64_t ctrl_rsvd;
	/* conf: read by the device at ACTIVATE_DEV */
	uint64_t ring_pa;
	uint64_t data_ring_pa;
	uint64_t comp_ring_pa;
	uint64_t dd_pa;
	uint64_t conf_rsvd;
	uint32_t ring_size;
	uint32_t data_ring_size;
	uint32_t comp_ring_size;
	uint32_t dd_len;
	uint8_t intr_idx;
	uint8_t conf_pad[7];
	struct vmxnet3_queue_status status;
	uint64_t stats[VMXNET3_TXS_NB];
	uint8_t pad[88];
};

struct vmxnet3_rx_queue_desc {
	/* ctrl: the device sets update_prod when it wants RXPROD writes */
	uint8_t update_prod;
	uint8_t ctrl_pad[7];
	uint64_t ctrl_rsvd;
	/* conf */
	uint64_t ring_pa[2];
	uint64_t comp_ring_pa;
	uint64_t dd_pa;
	uint64_t conf_rsvd;
	uint32_t ring_size[2];
	uint32_t comp_ring_size;
	uint32_t dd_len;
	uint8_t intr_idx;
	uint8_t conf_pad[7];
	struct vmxnet3_queue_status status;
	uint64_t stats[VMXNET3_RXS_NB];
	uint8_t pad[88];
};

/* Bytes per tx data ring entry, fixed at 128 before revision 3 (defs VMXNET3_HDR_COPY_SIZE). */
#define VMXNET3_TX_DATA_DESC_SIZE 128
/* The table's alignment (defs VMXNET3_QUEUE_DESC_ALIGN). */
#define VMXNET3_QUEUE_DESC_ALIGN 128

_Static_assert(sizeof(struct vmxnet3_queue_status) == 8, "Vmxnet3_QueueStatus");
_Static_assert(sizeof(struct vmxnet3_tx_queue_desc) == 256, "Vmxnet3_TxQueueDesc is 256 bytes");
_Static_assert(sizeof(struct vmxnet3_rx_queue_desc) == 256, "Vmxnet3_RxQueueDesc is 256 bytes");
_Static_assert(offsetof(struct vmxnet3_tx_queue_desc, ring_pa) == 16 &&
	       offsetof(struct vmxnet3_tx_queue_desc, ring_size) == 56 &&
	       offsetof(struct vmxnet3_tx_queue_desc, intr_idx) == 72 &&
	       offsetof(struct vmxnet3_tx_queue_desc, status) == 80 &&
	       offsetof(struct vmxnet3_tx_queue_desc, stats) == 88, "Vmxnet3_TxQueueDesc layout");
_Static_assert(offsetof(struct vmxnet3_rx_queue_desc, ring_pa) == 16 &&
	       offsetof(struct vmxnet3_rx_queue_desc, comp_ring_pa) == 32 &&
	       offsetof(struct vmxnet3_rx_queue_desc, ring_size) == 56 &&
	       offsetof(struct vmxnet3_rx_queue_desc, comp_ring_size) == 64 &&
	       offsetof(struct vmxnet3_rx_queue_desc, intr_idx) == 72 &&
	       offsetof(struct vmxnet3_rx_queue_desc, stats) == 88, "Vmxnet3_RxQueueDesc layout");

/* ---- the driver-shared area (defs Vmxnet3_DriverShared) ------------------- */

#define VMXNET3_REV1_MAGIC 0xbabefee1u  /* 3133079265, defs VMXNET3_REV1_MAGIC */

/* driverInfo.gos (defs Vmxnet3_GOSInfo): bits 0-1 word size, 2-5 OS type, 6-21 version. */
#define VMXNET3_GOS_BITS_32 1u
#define VMXNET3_GOS_BITS_64 2u
#define VMXNET3_GOS_TYPE_LINUX 1u
#define VMXNET3_GOS_TYPE_SHIFT 2

/* rxFilterConf.rxMode bits (defs VMXNET3_RXM_*). */
#define VMXNET3_RXM_UCAST     0x01u
#define VMXNET3_RXM_MCAST     0x02u /* multicast in the table */
#define VMXNET3_RXM_BCAST     0x04u
#define VMXNET3_RXM_ALL_MULTI 0x08u
#define VMXNET3_RXM_PROMISC   0x10u

/* intrConf (defs Vmxnet3_IntrConf). */
#define VMXNET3_MAX_INTRS 25
#define VMXNET3_IC_DISABLE_ALL 0x1u /* intrCtrl: no interrupt at all */

/* VLAN filter: one bit per VLAN id (defs VMXNET3_VFT_SIZE). */
#define VMXNET3_VFT_WORDS (4096 / 32)

/*
 * The device takes an MTU of 60..9000 (defs VMXNET3_MIN_MTU/MAX_MTU). QEMU
 * enforces it at activation: v7.2.0 aborts outside 60..8999, 7.2.6 and
 * later refuse the activation (doc/guides/nics/vmxnet3.md, quirk 4).
 */
#define VMXNET3_MIN_MTU 60
#define VMXNET3_MAX_MTU 9000

struct vmxnet3_var_conf {   /* defs Vmxnet3_VariableLenConfDesc: none used, all 0 */
	uint32_t ver;
	uint32_t len;
	uint64_t pa;
};

struct vmxnet3_shared {
	uint32_t magic;
	uint32_t size;              /* of this structure */
	/* devRead.misc (defs Vmxnet3_MiscConf) */
	uint32_t drv_version;
	uint32_t gos;
	uint32_t rev_spt;           /* vmxnet3 revision the driver speaks: 1 */
	uint32_t upt_ver_spt;       /* UPT version: 1 */
	uint64_t upt_features;      /* UPT1_F_*: none taken */
	uint64_t dd_pa;
	uint64_t queue_desc_pa;     /* tx queue descriptors, then rx ones; 128-byte aligned */
	uint32_t dd_len;
	uint32_t queue_desc_len;
	uint32_t mtu;
	uint16_t max_rx_sg;         /* buffers one received packet may span */
	uint8_t num_tx_queues;
	uint8_t num_rx_queues;
	uint32_t misc_rsvd[4];
	/* devRead.intrConf */
	uint8_t auto_mask;
	uint8_t num_intrs;
	uint8_t event_intr_idx;     /* the vector of ECR events */
	uint8_t mod_levels[VMXNET3_MAX_INTRS];
	uint32_t intr_ctrl;
	uint32_t intr_rsvd[2];
	/* devRead.rxFilterConf */
	uint32_t rx_mode;
	uint16_t mf_table_len;      /* bytes: 6 per address */
	uint16_t rx_filter_pad;
	uint64_t mf_table_pa;
	uint32_t vf_table[VMXNET3_VFT_WORDS];
	/* devRead.rssConfDesc, pmConfDesc, pluginConfDesc */
	struct vmxnet3_var_conf rss_conf;
	struct vmxnet3_var_conf pm_conf;
	struct vmxnet3_var_conf plugin_conf;
	/* written by the device: pending events, acknowledged through ECR */
	uint32_t ecr;
	uint32_t rsvd;
	uint32_t cmd_info[4];
};

_Static_assert(sizeof(struct vmxnet3_var_conf) == 16, "Vmxnet3_VariableLenConfDesc");
_Static_assert(offsetof(struct vmxnet3_shared, drv_version) == 8, "devRead at 8");
_Static_assert(offsetof(struct vmxnet3_shared, upt_features) == 24, "uptFeatures");
_Static_assert(offsetof(struct vmxnet3_shared, queue_desc_pa) == 40, "queueDescPA");
_Static_assert(offsetof(struct vmxnet3_shared, mtu) == 56, "misc.mtu");
_Static_assert(offsetof(struct vmxnet3_shared, num_tx_queues) == 62, "misc.numTxQueues");
_Static_assert(offsetof(struct vmxnet3_shared, auto_mask) == 80, "intrConf: misc is 72 bytes");
_Static_assert(offsetof(struct vmxnet3_shared, intr_ctrl) == 108, "intrConf.intrCtrl");
_Static_assert(offsetof(struct vmxnet3_shared, rx_mode) == 120, "rxFilterConf: intrConf is 40");
_Static_assert(offsetof(struct vmxnet3_shared, mf_table_pa) == 128, "rxFilterConf.mfTablePA");
_Static_assert(offsetof(struct vmxnet3_shared, rss_conf) == 648, "rxFilterConf is 528 bytes");
_Static_assert(offsetof(struct vmxnet3_shared, ecr) == 0x2b8, "ecr: devRead is 688 bytes");
_Static_assert(sizeof(struct vmxnet3_shared) == 720, "Vmxnet3_DriverShared of revision 1");

#endif /* VMXNET3_REGS_H */
