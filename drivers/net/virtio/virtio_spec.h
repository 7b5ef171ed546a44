/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the virtio specification defines and the driver depends on: feature
 * bits, status bits, the modern PCI transport's capabilities and common
 * configuration layout, split virtqueue rings and the virtio-net structures.
 * Section numbers are those of the OASIS "Virtual I/O Device (VIRTIO)
 * Version 1.1" specification, or "virtio 1.2" for what 1.2 added (ring
 * reset, RSS, hash reporting). Everything here is little-endian on the wire
 * (virtio 1.1 1.4: "le" fields); FPK's targets are little-endian hosts, so
 * plain integer types are used and the build refuses big-endian hosts.
 */
#ifndef VIRTIO_SPEC_H
#define VIRTIO_SPEC_H

#include <stdint.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "net_virtio assumes a little-endian host (virtio 1.x structures are little-endian)"
#endif

/* PCI ids (virtio 1.1 4.1.2): 0x1041 = 0x1040 + device id 1 (network), the
 * modern id; 0x1000 is the transitional network device. */
#define VIRTIO_PCI_VENDOR_ID         0x1af4
#define VIRTIO_PCI_DEV_NET_MODERN    0x1041
#define VIRTIO_PCI_DEV_NET_TRANSITIONAL 0x1000

/* Device status field (virtio 1.1 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE        0x01
#define VIRTIO_STATUS_DRIVER             0x02
#define VIRTIO_STATUS_DRIVER_OK          0x04
#define VIRTIO_STATUS_FEATURES_OK        0x08
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 0x40
#define VIRTIO_STATUS_FAILED             0x80

/* Device-independent feature bits (virtio 1.1 6, "Reserved Feature Bits"). */
#define VIRTIO_F_INDIRECT_DESC   28
#define VIRTIO_F_EVENT_IDX       29
#define VIRTIO_F_VERSION_1       32
#define VIRTIO_F_ACCESS_PLATFORM 33
#define VIRTIO_F_RING_PACKED     34
#define VIRTIO_F_RING_RESET      40 /* virtio 1.2 2.6.1: queue_reset in the common configuration */

/* virtio-net feature bits (virtio 1.1 5.1.3). */
#define VIRTIO_NET_F_MTU           3
#define VIRTIO_NET_F_MAC           5
#define VIRTIO_NET_F_MRG_RXBUF    15
#define VIRTIO_NET_F_STATUS       16
#define VIRTIO_NET_F_CTRL_VQ      17
#define VIRTIO_NET_F_CTRL_RX      18
#define VIRTIO_NET_F_MQ           22
#define VIRTIO_NET_F_CTRL_MAC_ADDR 23
#define VIRTIO_NET_F_HASH_REPORT  57 /* virtio 1.2 5.1.3 */
#define VIRTIO_NET_F_RSS          60 /* virtio 1.2 5.1.3 */

#define VIRTIO_BIT(b) (UINT64_C(1) << (b))

/* Vendor-specific PCI capability carrying a virtio structure (virtio 1.1 4.1.4). */
#define VIRTIO_PCI_CAP_ID_VNDR 0x09
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_ISR_CFG    3
#define VIRTIO_PCI_CAP_DEVICE_CFG 4
#define VIRTIO_PCI_CAP_PCI_CFG    5

/* struct virtio_pci_cap (virtio 1.1 4.1.4): byte offsets in config space. */
#define VIRTIO_PCI_CAP_CFG_TYPE 3
#define VIRTIO_PCI_CAP_BAR      4
#define VIRTIO_PCI_CAP_OFFSET   8
#define VIRTIO_PCI_CAP_LENGTH  12
/* struct virtio_pci_notify_cap adds notify_off_multiplier (virtio 1.1 4.1.4.4). */
#define VIRTIO_PCI_NOTIFY_CAP_MULT 16

/* Common configuration structure layout (virtio 1.1 4.1.4.3). */
#define VIRTIO_COMMON_DFSELECT    0x00 /* le32 device_feature_select */
#define VIRTIO_COMMON_DF          0x04 /* le32 device_feature */
#define VIRTIO_COMMON_GFSELECT    0x08 /* le32 driver_feature_select */
#define VIRTIO_COMMON_GF          0x0c /* le32 driver_feature */
#define VIRTIO_COMMON_MSIX        0x10 /* le16 config_msix_vector */
#define VIRTIO_COMMON_NUMQ        0x12 /* le16 num_queues */
#define VIRTIO_COMMON_STATUS      0x14 /* u8 device_status */
#define VIRTIO_COMMON_CFGGEN      0x15 /* u8 config_generation */
#define VIRTIO_COMMON_Q_SELECT    0x16 /* le16 queue_select */
#define VIRTIO_COMMON_Q_SIZE      0x18 /* le16 queue_size */
#define VIRTIO_COMMON_Q_MSIX      0x1a /* le16 queue_msix_vector */
#define VIRTIO_COMMON_Q_ENABLE    0x1c /* le16 queue_enable */
#define VIRTIO_COMMON_Q_NOFF      0x1e /* le16 queue_notify_off */
#define VIRTIO_COMMON_Q_DESCLO    0x20 /* le64 queue_desc */
#define VIRTIO_COMMON_Q_DESCHI    0x24
#define VIRTIO_COMMON_Q_AVAILLO   0x28 /* le64 queue_driver (the available ring) */
#define VIRTIO_COMMON_Q_AVAILHI   0x2c
#define VIRTIO_COMMON_Q_USEDLO    0x30 /* le64 queue_device (the used ring) */
#define VIRTIO_COMMON_Q_USEDHI    0x34
#define VIRTIO_COMMON_LEN         0x38 /* the virtio 1.0/1.1 structure's size */
/* virtio 1.2 4.1.4.3: le16 queue_notify_data, then le16 queue_reset (VIRTIO_F_RING_RESET). */
#define VIRTIO_COMMON_Q_RESET     0x3a
#define VIRTIO_COMMON_LEN_RESET   0x3c

/* "No vector" for config_msix_vector / queue_msix_vector (virtio 1.1 4.1.5.1.2). */
#define VIRTIO_MSI_NO_VECTOR 0xffff

/* Split virtqueue (virtio 1.1 2.6.5 descriptor table). */
#define VRING_DESC_F_NEXT     1
#define VRING_DESC_F_WRITE    2

struct vring_desc {
	uint64_t addr;  /* le64 guest-physical (DMA) address */
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/* Available ring (virtio 1.1 2.6.6), followed by le16 used_event. */
#define VRING_AVAIL_F_NO_INTERRUPT 1
struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

/* Used ring (virtio 1.1 2.6.8), followed by le16 avail_event. */
#define VRING_USED_F_NO_NOTIFY 1
struct vring_used_elem {
	uint32_t id;   /* head of the descriptor chain */
	uint32_t len;  /* bytes the device wrote into the chain */
};
struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];
};

/* Ring alignment (virtio 1.1 2.6 table "Virtqueue Part Alignment"). */
#define VRING_DESC_ALIGN  16
#define VRING_AVAIL_ALIGN 2
#define VRING_USED_ALIGN  4
/* Split queue sizes are powers of two, at most 32768 (virtio 1.1 2.6). */
#define VRING_MAX_SIZE 32768

/* virtio-net device configuration layout (virtio 1.1 5.1.4). */
#define VIRTIO_NET_CFG_MAC        0  /* u8 mac[6] */
#define VIRTIO_NET_CFG_STATUS     6  /* le16 status */
#define VIRTIO_NET_CFG_MAX_VQ_PAIRS 8 /* le16 max_virtqueue_pairs */
#define VIRTIO_NET_CFG_MTU       10  /* le16 mtu */
/* virtio 1.2 5.1.4, valid with VIRTIO_NET_F_RSS or VIRTIO_NET_F_HASH_REPORT. */
#define VIRTIO_NET_CFG_RSS_MAX_KEY  17 /* u8 rss_max_key_size */
#define VIRTIO_NET_CFG_RSS_MAX_RETA 18 /* le16 rss_max_indirection_table_length */
#define VIRTIO_NET_CFG_HASH_TYPES   20 /* le32 supported_hash_types */
#define VIRTIO_NET_CFG_RSS_END      24
#define VIRTIO_NET_S_LINK_UP 1

/*
 * Header before every packet (virtio 1.1 5.1.6). With VIRTIO_F_VERSION_1
 * num_buffers is always present, so the header is 12 bytes whether or not
 * VIRTIO_NET_F_MRG_RXBUF is negotiated (virtio 1.1 5.1.6.1).
 */
struct virtio_net_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;
};
_Static_assert(sizeof(struct virtio_net_hdr) == 12, "virtio 1.x net header is 12 bytes");

/*
 * With VIRTIO_NET_F_HASH_REPORT every header, rx and tx, is this one
 * (virtio 1.2 5.1.6); the device fills the hash fields on receive only.
 */
struct virtio_net_hdr_hash {
	struct virtio_net_hdr hdr;
	uint32_t hash_value;
	uint16_t hash_report;   /* VIRTIO_NET_HASH_REPORT_*; NONE: not hashed */
	uint16_t padding;
};
_Static_assert(sizeof(struct virtio_net_hdr_hash) == 20, "virtio 1.2 hash header is 20 bytes");
#define VIRTIO_NET_HASH_REPORT_NONE 0

/* Hash types (virtio 1.2 "Supported/enabled hash types"): in supported_hash_types and hash_types. */
#define VIRTIO_NET_RSS_HASH_TYPE_IPv4   (1u << 0)
#define VIRTIO_NET_RSS_HASH_TYPE_TCPv4  (1u << 1)
#define VIRTIO_NET_RSS_HASH_TYPE_UDPv4  (1u << 2)
#define VIRTIO_NET_RSS_HASH_TYPE_IPv6   (1u << 3)
#define VIRTIO_NET_RSS_HASH_TYPE_TCPv6  (1u << 4)
#define VIRTIO_NET_RSS_HASH_TYPE_UDPv6  (1u << 5)
#define VIRTIO_NET_RSS_HASH_TYPE_IP_EX  (1u << 6)
#define VIRTIO_NET_RSS_HASH_TYPE_TCP_EX (1u << 7)
#define VIRTIO_NET_RSS_HASH_TYPE_UDP_EX (1u << 8)

/* Control virtqueue (virtio 1.1 5.1.6.5): class, command, data, then the ack. */
#define VIRTIO_NET_OK  0
#define VIRTIO_NET_ERR 1
#define VIRTIO_NET_CTRL_RX 0            /* 5.1.6.5.1, needs VIRTIO_NET_F_CTRL_RX */
#define VIRTIO_NET_CTRL_RX_PROMISC  0
#define VIRTIO_NET_CTRL_RX_ALLMULTI 1
#define VIRTIO_NET_CTRL_MAC 1           /* 5.1.6.5.2 */
#define VIRTIO_NET_CTRL_MAC_ADDR_SET 1  /* needs VIRTIO_NET_F_CTRL_MAC_ADDR */
#define VIRTIO_NET_CTRL_MQ 4            /* 5.1.6.5.5, needs VIRTIO_NET_F_MQ */
#define VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET 0
/*
 * virtio 1.2 "Receive-side scaling" (needs VIRTIO_NET_F_RSS), struct
 * virtio_net_rss_config: le32 hash_types, le16 indirection_table_mask,
 * le16 unclassified_queue, le16 indirection_table[mask + 1], le16
 * max_tx_vq, u8 hash_key_length, u8 hash_key_data[]. Queues are rx queue
 * numbers (receiveqN - 1).
 */
#define VIRTIO_NET_CTRL_MQ_RSS_CONFIG 1
/*
 * virtio 1.2 "Hash calculation" (needs VIRTIO_NET_F_HASH_REPORT), struct
 * virtio_net_hash_config: le32 hash_types, le16 reserved[4], u8
 * hash_key_length, u8 hash_key_data[]: hashes reported, queues untouched.
 */
#define VIRTIO_NET_CTRL_MQ_HASH_CONFIG 2

#endif /* VIRTIO_SPEC_H */
