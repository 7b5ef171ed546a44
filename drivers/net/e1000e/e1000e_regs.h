/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Intel 82574 registers and descriptor formats used by the e1000e PMD.
 * Offsets and bits are from the Intel 82574 GbE Controller Family datasheet
 * (section numbers below are that document's); only what the driver uses
 * is listed.
 */
#ifndef E1000E_REGS_H
#define E1000E_REGS_H

#include <stdint.h>

/* 10.2.2 General registers. */
#define E1000E_CTRL        0x00000 /* 10.2.2.1 Device Control */
#define E1000E_CTRL_FD         (1u << 0)
#define E1000E_CTRL_GIO_MASTER_DISABLE (1u << 2)
#define E1000E_CTRL_ASDE       (1u << 5)   /* auto-speed detection enable */
#define E1000E_CTRL_SLU        (1u << 6)   /* set link up */
#define E1000E_CTRL_FRCSPD     (1u << 11)
#define E1000E_CTRL_FRCDPLX    (1u << 12)
#define E1000E_CTRL_RST        (1u << 26)  /* device reset, self-clearing */
#define E1000E_CTRL_VME        (1u << 30)
#define E1000E_CTRL_PHY_RST    (1u << 31)

#define E1000E_STATUS      0x00008 /* 10.2.2.2 Device Status */
#define E1000E_STATUS_FD       (1u << 0)
#define E1000E_STATUS_LU       (1u << 1)
#define E1000E_STATUS_SPEED_SHIFT 6        /* 00 10, 01 100, 1x 1000 Mb/s */
#define E1000E_STATUS_SPEED_MASK (3u << E1000E_STATUS_SPEED_SHIFT)
#define E1000E_STATUS_GIO_MASTER_ENABLE (1u << 19)

#define E1000E_EEC         0x00010 /* 10.2.2.3 EEPROM/Flash Control */
#define E1000E_EEC_AUTO_RD     (1u << 9)   /* NVM auto-read after reset done */
#define E1000E_EERD        0x00014 /* 10.2.2.4 EEPROM Read */
#define E1000E_EERD_START      (1u << 0)
#define E1000E_EERD_DONE       (1u << 1)
#define E1000E_EERD_ADDR_SHIFT 2
#define E1000E_EERD_DATA_SHIFT 16

#define E1000E_CTRL_EXT    0x00018 /* 10.2.2.5 Extended Device Control */
#define E1000E_CTRL_EXT_PBA_CLR (1u << 31) /* MSI-X: clear PBA bits with the cause */

/* 10.2.4 Interrupt registers. */
#define E1000E_ICR         0x000c0 /* 10.2.4.1 Interrupt Cause Read (read clears) */
#define E1000E_ICS         0x000c8 /* 10.2.4.3 Interrupt Cause Set (raises ICR bits) */
#define E1000E_IMS         0x000d0 /* 10.2.4.4 Interrupt Mask Set */
#define E1000E_IMC         0x000d8 /* 10.2.4.5 Interrupt Mask Clear */
#define E1000E_IVAR        0x000e4 /* 10.2.4.9 Interrupt Vector Allocation */
#define E1000E_ICR_LSC         (1u << 2)   /* link status change */
#define E1000E_ICR_OTHER       (1u << 24)  /* MSI-X: "other" causes, LSC among them */
#define E1000E_IVAR_OTHER_SHIFT 16         /* vector for "other" causes ... */
#define E1000E_IVAR_OTHER_VALID (1u << 19) /* ... and its valid bit */

/* 10.2.5 Receive registers. */
#define E1000E_RCTL        0x00100 /* 10.2.5.1 Receive Control */
#define E1000E_RCTL_EN         (1u << 1)
#define E1000E_RCTL_UPE        (1u << 3)   /* unicast promiscuous */
#define E1000E_RCTL_MPE        (1u << 4)   /* multicast promiscuous */
#define E1000E_RCTL_LPE        (1u << 5)   /* long packets (> 1522 bytes) */
#define E1000E_RCTL_BAM        (1u << 15)  /* accept broadcast */
#define E1000E_RCTL_BSIZE_SHIFT 16
#define E1000E_RCTL_BSEX       (1u << 25)  /* buffer sizes x16 */
#define E1000E_RCTL_SECRC      (1u << 26)  /* strip the Ethernet CRC */

#define E1000E_RXCSUM      0x05000 /* 10.2.5.14 Receive Checksum Control */
#define E1000E_RXCSUM_IPOFLD   (1u << 8)
#define E1000E_RXCSUM_TUOFLD   (1u << 9)
#define E1000E_RXCSUM_PCSD     (1u << 13)  /* RSS hash, not packet checksum/IP id, in write-back */
#define E1000E_RFCTL       0x05008 /* 10.2.5.15 Receive Filter Control */
#define E1000E_RFCTL_EXSTEN    (1u << 15)  /* extended rx descriptors */

/*
 * 10.2.5 RSS registers (7.1 "Multiple Receive Queues and RSS"). MRQC picks
 * the hash functions; hashing needs extended descriptors and RXCSUM.PCSD.
 * There is no UDP function: UDP over IPv4/IPv6 is hashed on the addresses.
 */
#define E1000E_MRQC        0x05818 /* Multiple Receive Queues Command */
#define E1000E_MRQC_RSS        (1u << 0)   /* MRQE = 01b: RSS over the two rx queues */
#define E1000E_MRQC_TCPIPV4    (1u << 16)  /* addresses and TCP ports, IPv4 */
#define E1000E_MRQC_IPV4       (1u << 17)  /* addresses, any IPv4 packet */
#define E1000E_MRQC_TCPIPV6    (1u << 18)  /* addresses and TCP ports, IPv6 */
#define E1000E_MRQC_IPV6       (1u << 20)  /* addresses, any IPv6 packet */
/* Redirection table: 128 8-bit entries, four per register from the low byte,
 * indexed by the hash's 7 low bits; an entry's bit 7 picks queue 1. */
#define E1000E_RETA(i)     (0x05c00 + 4 * (i))
#define E1000E_RETA_SIZE   128
#define E1000E_RETA_QUEUE1     0x80
/* RSS random key: 40 bytes, four per register, the first key byte lowest. */
#define E1000E_RSSRK(i)    (0x05c80 + 4 * (i))
#define E1000E_RSS_KEY_LEN 40

#define E1000E_MTA(i)      (0x05200 + 4 * (i)) /* 10.2.5.10 Multicast Table Array */
#define E1000E_MTA_SIZE    128
#define E1000E_RAL0        0x05400 /* 10.2.5.11 Receive Address Low */
#define E1000E_RAH0        0x05404 /* 10.2.5.12 Receive Address High */
#define E1000E_RAH_AV          (1u << 31)  /* address valid */

#define E1000E_RDBAL(q)    (0x02800 + 0x100 * (q)) /* 10.2.5.4 */
#define E1000E_RDBAH(q)    (0x02804 + 0x100 * (q)) /* 10.2.5.5 */
#define E1000E_RDLEN(q)    (0x02808 + 0x100 * (q)) /* 10.2.5.6, multiple of 128 bytes */
#define E1000E_RDH(q)      (0x02810 + 0x100 * (q)) /* 10.2.5.7 */
#define E1000E_RDT(q)      (0x02818 + 0x100 * (q)) /* 10.2.5.8 */
#define E1000E_RDTR        0x02820                 /* 10.2.5.9 rx delay timer */
#define E1000E_RADV        0x0282c                 /* 10.2.5.17 absolute delay */

/* 10.2.6 Transmit registers. */
#define E1000E_TCTL        0x00400 /* 10.2.6.1 Transmit Control */
#define E1000E_TCTL_EN         (1u << 1)
#define E1000E_TCTL_PSP        (1u << 3)   /* pad short packets */
#define E1000E_TCTL_CT_SHIFT   4           /* collision threshold */
#define E1000E_TCTL_COLD_SHIFT 12          /* collision distance */
#define E1000E_TCTL_RTLC       (1u << 24)  /* retransmit on late collision */
#define E1000E_TIPG        0x00410 /* 10.2.6.3 Transmit IPG */
#define E1000E_TIPG_DEFAULT    (8u | (8u << 10) | (6u << 20)) /* IPGT 8, IPGR1 8, IPGR2 6 */
#define E1000E_TDBAL(q)    (0x03800 + 0x100 * (q)) /* 10.2.6.5 */
#define E1000E_TDBAH(q)    (0x03804 + 0x100 * (q)) /* 10.2.6.6 */
#define E1000E_TDLEN(q)    (0x03808 + 0x100 * (q)) /* 10.2.6.7, multiple of 128 bytes */
#define E1000E_TDH(q)      (0x03810 + 0x100 * (q)) /* 10.2.6.8 */
#define E1000E_TDT(q)      (0x03818 + 0x100 * (q)) /* 10.2.6.9 */
/*
 * 10.2.6 Transmit Arbitration Count, one per tx queue; bit 10 enables the
 * queue and is set at reset. For both queues in use, FreeBSD's em driver
 * sets compensation mode (bit 7) and bits 23-26 in both, citing the 82574
 * errata (the specification update, not the datasheet); QEMU ignores them.
 */
#define E1000E_TARC(q)     (0x03840 + 0x100 * (q))
#define E1000E_TARC_MQ_FIX     ((1u << 7) | (1u << 23) | (1u << 24) | (1u << 25) | (1u << 26))

/* 10.2.7 Statistics: all clear on read; 64-bit ones are read low then high. */
#define E1000E_CRCERRS     0x04000
#define E1000E_ALGNERRC    0x04004
#define E1000E_SYMERRS     0x04008
#define E1000E_RXERRC      0x0400c
#define E1000E_MPC         0x04010
#define E1000E_SCC         0x04014
#define E1000E_ECOL        0x04018
#define E1000E_MCC         0x0401c
#define E1000E_LATECOL     0x04020
#define E1000E_COLC        0x04028
#define E1000E_DC          0x04030
#define E1000E_TNCRS       0x04034
#define E1000E_SEC         0x04038
#define E1000E_CEXTERR     0x0403c
#define E1000E_RLEC        0x04040
#define E1000E_XONRXC      0x04048
#define E1000E_XONTXC      0x0404c
#define E1000E_XOFFRXC     0x04050
#define E1000E_XOFFTXC     0x04054
#define E1000E_FCRUC       0x04058
#define E1000E_PRC64       0x0405c
#define E1000E_PRC127      0x04060
#define E1000E_PRC255      0x04064
#define E1000E_PRC511      0x04068
#define E1000E_PRC1023     0x0406c
#define E1000E_PRC1522     0x04070
#define E1000E_GPRC        0x04074
#define E1000E_BPRC        0x04078
#define E1000E_MPRC        0x0407c
#define E1000E_GPTC        0x04080
#define E1000E_GORCL       0x04088
#define E1000E_GOTCL       0x04090
#define E1000E_RNBC        0x040a0
#define E1000E_RUC         0x040a4
#define E1000E_RFC         0x040a8
#define E1000E_ROC         0x040ac
#define E1000E_RJC         0x040b0
#define E1000E_TORL        0x040c0
#define E1000E_TOTL        0x040c8
#define E1000E_TPR         0x040d0
#define E1000E_TPT         0x040d4
#define E1000E_PTC64       0x040d8
#define E1000E_PTC127      0x040dc
#define E1000E_PTC255      0x040e0
#define E1000E_PTC511      0x040e4
#define E1000E_PTC1023     0x040e8
#define E1000E_PTC1522     0x040ec
#define E1000E_MPTC        0x040f0
#define E1000E_BPTC        0x040f4
#define E1000E_TSCTC       0x040f8
#define E1000E_TSCTFC      0x040fc
#define E1000E_IAC         0x04100

/*
 * 7.1.4.1 Legacy receive descriptor (RFCTL.EXSTEN = 0, RCTL.DTYP = 0). The
 * device writes length, checksum, status and errors back into the upper
 * eight bytes, read as one 64-bit word. The PMD uses it on ports that do
 * not hash (and the extended format below on those that do); the guest
 * tools (kernel/linux/selftests) use it too.
 */
struct e1000e_rx_desc {
	uint64_t addr;      /* buffer DMA address */
	uint64_t wb;        /* length:16 csum:16 status:8 errors:8 special:16 */
};

#define E1000E_RXD_LEN(wb)    ((uint16_t)(wb))
#define E1000E_RXD_STATUS(wb) ((uint8_t)((wb) >> 32))
#define E1000E_RXD_ERRORS(wb) ((uint8_t)((wb) >> 40))
#define E1000E_RXD_STAT_DD    0x01 /* descriptor done */
#define E1000E_RXD_STAT_EOP   0x02 /* end of packet */
#define E1000E_RXD_STAT_IXSM  0x04 /* ignore checksum indication */
#define E1000E_RXD_STAT_UDPCS 0x10 /* UDP checksum computed */
#define E1000E_RXD_STAT_TCPCS 0x20 /* TCP checksum computed */
#define E1000E_RXD_STAT_IPCS  0x40 /* IPv4 header checksum computed */
#define E1000E_RXD_ERR_CE     0x01 /* CRC or alignment error */
#define E1000E_RXD_ERR_SE     0x02 /* symbol error */
#define E1000E_RXD_ERR_SEQ    0x04 /* sequence error */
#define E1000E_RXD_ERR_TCPE   0x20 /* TCP/UDP checksum error */
#define E1000E_RXD_ERR_IPE    0x40 /* IPv4 checksum error */
#define E1000E_RXD_ERR_RXE    0x80 /* rx data error */
#define E1000E_RXD_ERR_FRAME  (E1000E_RXD_ERR_CE | E1000E_RXD_ERR_SE | \
			       E1000E_RXD_ERR_SEQ | E1000E_RXD_ERR_RXE)

/*
 * 7.1.4.2 Extended receive descriptor (RFCTL.EXSTEN = 1, RCTL.DTYP = 0).
 * Read format: the buffer address, then a quadword whose bit 0 (DD)
 * software clears. Write-back format: the first quadword holds MRQ (the
 * RSS type in bits 3:0, 0 when the packet was not hashed) and, above it,
 * the RSS hash when RXCSUM.PCSD is set (the IP id and packet checksum
 * otherwise); the second holds the extended status (bits 19:0, the legacy
 * status byte lowest), the extended errors (bits 31:20, the legacy error
 * byte in 31:24), the length and the VLAN tag. The legacy E1000E_RXD_STAT_*
 * and E1000E_RXD_ERR_* bits apply to the bytes E1000E_RXDX_STATUS() and
 * E1000E_RXDX_ERRORS() extract.
 */
struct e1000e_rx_desc_ext {
	uint64_t addr;      /* read: buffer DMA address; write-back: mrq:32 rss_hash:32 */
	uint64_t wb;        /* read: 0; write-back: status_error:32 length:16 vlan:16 */
};

#define E1000E_RXDX_STATUS(wb)   ((uint8_t)(wb))
#define E1000E_RXDX_ERRORS(wb)   ((uint8_t)((wb) >> 24))
#define E1000E_RXDX_LEN(wb)      ((uint16_t)((wb) >> 32))
#define E1000E_RXDX_RSS_TYPE(lo) ((uint32_t)(lo) & 0xfu)
#define E1000E_RXDX_RSS_HASH(lo) ((uint32_t)((lo) >> 32))

/*
 * 7.2.10.1 Legacy transmit descriptor (DEXT = 0): length, CSO and CMD in
 * the lower word of the second quadword, status (DD) written back above.
 */
struct e1000e_tx_desc {
	uint64_t addr;
	uint32_t lower;     /* length:16 cso:8 cmd:8 */
	uint32_t upper;     /* status:8 css:8 special:16 */
};

#define E1000E_TXD_CMD_EOP   (1u << 24) /* end of packet */
#define E1000E_TXD_CMD_IFCS  (1u << 25) /* insert the Ethernet CRC */
#define E1000E_TXD_CMD_RS    (1u << 27) /* report status: write DD back */
#define E1000E_TXD_STAT_DD   0x1

#endif /* E1000E_REGS_H */
