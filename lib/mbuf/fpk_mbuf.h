/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Packet buffers (mbufs).
 *
 * An mbuf is a mempool object: a 128-byte struct
 * fpk_mbuf, then an optional application private area, then the data
 * buffer, whose DMA address is recorded once when the pool is built. A
 * packet is a chain of mbufs ("segments") linked by next; its first
 * segment carries the packet's metadata (pkt_len, nb_segs, offload flags).
 *
 * An indirect mbuf carries no data of its own but points into a direct
 * mbuf's buffer (fpk_pktmbuf_clone(), fpk_pktmbuf_attach()); the direct
 * mbuf's reference count keeps it alive until the last indirect one is
 * freed.
 *
 * Fields, flag bits and function semantics follow DPDK's rte_mbuf, so code
 * written against it reads the same with the fpk_ prefix.
 */
#ifndef FPK_MBUF_H
#define FPK_MBUF_H

#include <errno.h>
#include <stdio.h>

#include <fpk_common.h>
#include <fpk_mempool.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Bytes left free before the data of a freshly allocated mbuf. Defined
 * only if not defined already; libfpk is built with 128.
 */
#ifndef FPK_PKTMBUF_HEADROOM
#define FPK_PKTMBUF_HEADROOM 128
#endif
/** Data room for a standard Ethernet frame with room to spare. */
#define FPK_MBUF_DEFAULT_DATAROOM 2048
/** Default buffer size: headroom plus data room. */
#define FPK_MBUF_DEFAULT_BUF_SIZE (FPK_MBUF_DEFAULT_DATAROOM + FPK_PKTMBUF_HEADROOM)
/** The private area size must be a multiple of this (keeps the buffer aligned). */
#define FPK_MBUF_PRIV_ALIGN 8
/** Longest chain nb_segs can count. */
#define FPK_MBUF_MAX_NB_SEGS UINT16_MAX
/** fpk_mbuf::port of an mbuf that came from no port. */
#define FPK_MBUF_PORT_INVALID UINT16_MAX

/*
 * Offload flags (ol_flags). Bit positions are DPDK's. Each receive checksum
 * state is a two-bit field: GOOD, BAD, neither (UNKNOWN: not checked) or
 * both (NONE: the checksum field in the data is not valid, but the NIC
 * vouches for the header's integrity).
 */
/** RX: vlan_tci holds the VLAN tag the NIC found. */
#define FPK_MBUF_F_RX_VLAN             (UINT64_C(1) << 0)
/** RX: hash.rss holds the NIC's RSS hash. */
#define FPK_MBUF_F_RX_RSS_HASH         (UINT64_C(1) << 1)
/** RX: the L4 (TCP/UDP) checksum is wrong (with _GOOD too: see FPK_MBUF_F_RX_L4_CKSUM_NONE). */
#define FPK_MBUF_F_RX_L4_CKSUM_BAD     (UINT64_C(1) << 3)
/** RX: the IPv4 header checksum is wrong (with _GOOD too: see FPK_MBUF_F_RX_IP_CKSUM_NONE). */
#define FPK_MBUF_F_RX_IP_CKSUM_BAD     (UINT64_C(1) << 4)
/** RX: the VLAN tag was removed from the data (it is in vlan_tci). */
#define FPK_MBUF_F_RX_VLAN_STRIPPED    (UINT64_C(1) << 6)
/** RX: the IPv4 header checksum was checked and is right. */
#define FPK_MBUF_F_RX_IP_CKSUM_GOOD    (UINT64_C(1) << 7)
/** RX: the L4 (TCP/UDP) checksum was checked and is right. */
#define FPK_MBUF_F_RX_L4_CKSUM_GOOD    (UINT64_C(1) << 8)
/** RX: the two bits of the IP checksum state; compare the masked flags with the values. */
#define FPK_MBUF_F_RX_IP_CKSUM_MASK    (FPK_MBUF_F_RX_IP_CKSUM_BAD | FPK_MBUF_F_RX_IP_CKSUM_GOOD)
/** RX: IP checksum state: not checked. */
#define FPK_MBUF_F_RX_IP_CKSUM_UNKNOWN 0
/** RX: IP checksum state: the field is not valid, but the header is intact. */
#define FPK_MBUF_F_RX_IP_CKSUM_NONE    FPK_MBUF_F_RX_IP_CKSUM_MASK
/** RX: the two bits of the L4 checksum state; compare the masked flags with the values. */
#define FPK_MBUF_F_RX_L4_CKSUM_MASK    (FPK_MBUF_F_RX_L4_CKSUM_BAD | FPK_MBUF_F_RX_L4_CKSUM_GOOD)
/** RX: L4 checksum state: not checked. */
#define FPK_MBUF_F_RX_L4_CKSUM_UNKNOWN 0
/** RX: L4 checksum state: the field is not valid, but the data is intact. */
#define FPK_MBUF_F_RX_L4_CKSUM_NONE    FPK_MBUF_F_RX_L4_CKSUM_MASK

/** TX: TCP segmentation offload (needs l2/l3/l4_len and tso_segsz). */
#define FPK_MBUF_F_TX_TCP_SEG          (UINT64_C(1) << 50)
/* TX L4 checksum: a two-bit field; needs l2_len and l3_len. */
/** TX L4 checksum field: no L4 checksum offload. */
#define FPK_MBUF_F_TX_L4_NO_CKSUM      (UINT64_C(0) << 52)
/** TX L4 checksum field: compute the TCP checksum. */
#define FPK_MBUF_F_TX_TCP_CKSUM        (UINT64_C(1) << 52)
/** TX L4 checksum field: compute the SCTP checksum. */
#define FPK_MBUF_F_TX_SCTP_CKSUM       (UINT64_C(2) << 52)
/** TX L4 checksum field: compute the UDP checksum. */
#define FPK_MBUF_F_TX_UDP_CKSUM        (UINT64_C(3) << 52)
/** TX: the two bits of the L4 checksum field (needs l2_len and l3_len). */
#define FPK_MBUF_F_TX_L4_MASK          (UINT64_C(3) << 52)
/** TX: compute the IPv4 header checksum (needs l2_len, l3_len, FPK_MBUF_F_TX_IPV4). */
#define FPK_MBUF_F_TX_IP_CKSUM         (UINT64_C(1) << 54)
/** TX: the packet is IPv4 (for checksum and TSO offloads). */
#define FPK_MBUF_F_TX_IPV4             (UINT64_C(1) << 55)
/** TX: the packet is IPv6. */
#define FPK_MBUF_F_TX_IPV6             (UINT64_C(1) << 56)
/** TX: insert vlan_tci as a VLAN tag. */
#define FPK_MBUF_F_TX_VLAN             (UINT64_C(1) << 57)
/** Every TX flag a PMD may have to act on. */
#define FPK_MBUF_F_TX_OFFLOAD_MASK \
	(FPK_MBUF_F_TX_TCP_SEG | FPK_MBUF_F_TX_L4_MASK | FPK_MBUF_F_TX_IP_CKSUM | \
	 FPK_MBUF_F_TX_IPV4 | FPK_MBUF_F_TX_IPV6 | FPK_MBUF_F_TX_VLAN)
/** The mbuf is indirect: its buffer belongs to another mbuf. */
#define FPK_MBUF_F_INDIRECT            (UINT64_C(1) << 62)

/**
 * The packet buffer header, two cache lines. An rx burst writes and a tx
 * burst reads only the first; the second holds the chain link and what
 * checksum/segmentation offloads and clones need.
 */
struct fpk_mbuf {
	void *buf_addr;            /**< start of the buffer (headroom included) */
	fpk_iova_t buf_iova;       /**< DMA address of buf_addr, or FPK_BAD_IOVA */
	uint16_t data_off;         /**< data starts at buf_addr + data_off */
	uint16_t refcnt;           /**< references; atomic, see fpk_mbuf_refcnt_*() */
	uint16_t nb_segs;          /**< segments in the chain (first segment only) */
	uint16_t port;             /**< input port, FPK_MBUF_PORT_INVALID if none */
	uint64_t ol_flags;         /**< FPK_MBUF_F_* */
	uint32_t packet_type;      /**< L2/L3/L4 type as the NIC classified it */
	uint32_t pkt_len;          /**< bytes in the whole chain (first segment only) */
	uint16_t data_len;         /**< bytes in this segment */
	uint16_t vlan_tci;         /**< VLAN tag (FPK_MBUF_F_RX_VLAN / _TX_VLAN) */
	union {
		uint32_t rss;      /**< RSS hash (FPK_MBUF_F_RX_RSS_HASH) */
		struct {
			uint32_t lo; /**< low word */
			uint32_t hi; /**< high word */
		} fdir;            /**< flow director id / hash */
	} hash;                    /**< hash the NIC computed, valid as ol_flags say */
	uint16_t vlan_tci_outer;   /**< outer VLAN tag (QinQ) */
	uint16_t buf_len;          /**< buffer size, headroom included */
	struct fpk_mempool *pool;  /**< pool the mbuf returns to */

	/* Second cache line. */
	struct fpk_mbuf *next __fpk_aligned(FPK_CACHE_LINE_MIN_SIZE); /**< next segment */
	union {
		uint64_t tx_offload;  /**< all the lengths below at once */
		struct {
			uint64_t l2_len:7;       /**< L2 header bytes */
			uint64_t l3_len:9;       /**< L3 header bytes */
			uint64_t l4_len:8;       /**< L4 header bytes */
			uint64_t tso_segsz:16;   /**< TSO payload bytes per segment */
			uint64_t outer_l3_len:9; /**< tunnels: outer L3 header bytes */
			uint64_t outer_l2_len:7; /**< tunnels: outer L2 header bytes */
		};
	};
	uint16_t priv_size;        /**< private area bytes between struct and buffer */
	union {
		void *userdata;    /**< free for the application */
		uint64_t udata64;  /**< the same, as a number */
	};
} __fpk_aligned(FPK_CACHE_LINE_MIN_SIZE);

FPK_STATIC_ASSERT(sizeof(struct fpk_mbuf) == 2 * FPK_CACHE_LINE_MIN_SIZE,
		  "struct fpk_mbuf must be two 64-byte cache lines");
FPK_STATIC_ASSERT(offsetof(struct fpk_mbuf, pool) < FPK_CACHE_LINE_MIN_SIZE,
		  "rx/tx fields must stay in the first cache line");

/** Pool private data of an mbuf pool (fpk_mempool_get_priv()). */
struct fpk_pktmbuf_pool_private {
	uint16_t mbuf_data_room_size; /**< buf_len of each mbuf */
	uint16_t mbuf_priv_size;      /**< private area of each mbuf */
};

/**
 * Whether an mbuf uses its own buffer.
 *
 * @param m  The mbuf.
 * @return True unless @p m is indirect (uses another mbuf's buffer).
 */
#define FPK_MBUF_DIRECT(m) (!((m)->ol_flags & FPK_MBUF_F_INDIRECT))
/**
 * Whether an mbuf is indirect (a clone).
 *
 * @param m  The mbuf.
 * @return True if @p m uses another mbuf's buffer.
 */
#define FPK_MBUF_CLONED(m) (((m)->ol_flags & FPK_MBUF_F_INDIRECT) != 0)

/**
 * Pointer to the data of an mbuf (this segment's first byte).
 *
 * @param m  The mbuf.
 * @param t  The pointer type to cast to.
 */
#define fpk_pktmbuf_mtod(m, t) ((t)(void *)((char *)(m)->buf_addr + (m)->data_off))
/**
 * Pointer to a byte of the data of an mbuf (this segment only).
 *
 * @param m  The mbuf.
 * @param t  The pointer type to cast to.
 * @param o  Offset from the start of the data.
 */
#define fpk_pktmbuf_mtod_offset(m, t, o) \
	((t)(void *)((char *)(m)->buf_addr + (m)->data_off + (o)))
/**
 * Bytes in the whole packet.
 *
 * @param m  The packet's first segment.
 */
#define fpk_pktmbuf_pkt_len(m) ((m)->pkt_len)
/**
 * Bytes in one segment.
 *
 * @param m  The segment.
 */
#define fpk_pktmbuf_data_len(m) ((m)->data_len)

/**
 * DMA address of the data of an mbuf (this segment's first byte).
 *
 * @param[in] m  The mbuf.
 * @return buf_iova + data_off (meaningless if buf_iova is FPK_BAD_IOVA).
 */
static __fpk_always_inline fpk_iova_t
fpk_pktmbuf_iova(const struct fpk_mbuf *m)
{
	return m->buf_iova + m->data_off;
}

/**
 * DMA address of a byte of the data of an mbuf.
 *
 * @param[in] m  The mbuf.
 * @param off  Offset from the start of the data (this segment).
 * @return buf_iova + data_off + @p off (meaningless if buf_iova is
 *   FPK_BAD_IOVA).
 */
static __fpk_always_inline fpk_iova_t
fpk_pktmbuf_iova_offset(const struct fpk_mbuf *m, uint32_t off)
{
	return m->buf_iova + m->data_off + off;
}

/**
 * DMA address where a fresh mbuf's data starts (after the standard
 * headroom): what an rx refill gives the NIC.
 *
 * @param[in] m  The mbuf.
 * @return buf_iova + FPK_PKTMBUF_HEADROOM.
 */
static __fpk_always_inline fpk_iova_t
fpk_mbuf_data_iova_default(const struct fpk_mbuf *m)
{
	return m->buf_iova + FPK_PKTMBUF_HEADROOM;
}

/**
 * The application private area of an mbuf, right after the struct.
 *
 * @param m  The mbuf.
 * @return The area's address (priv_size bytes).
 */
static __fpk_always_inline void *
fpk_mbuf_to_priv(struct fpk_mbuf *m)
{
	return (char *)m + sizeof(*m);
}

/**
 * The direct mbuf whose buffer an indirect mbuf uses.
 *
 * @param[in] mi  An indirect mbuf.
 * @return The direct mbuf.
 */
static __fpk_always_inline struct fpk_mbuf *
fpk_mbuf_from_indirect(const struct fpk_mbuf *mi)
{
	/* attach copied the direct mbuf's priv_size, so this finds its header. */
	return (struct fpk_mbuf *)FPK_PTR_SUB(mi->buf_addr, sizeof(*mi) + mi->priv_size);
}

/**
 * Data room of the mbufs of a pool.
 *
 * @param mp  A pool made by fpk_pktmbuf_pool_create() (or set up with
 *   fpk_pktmbuf_pool_init()).
 * @return Each mbuf's buf_len, headroom included.
 */
static __fpk_always_inline uint16_t
fpk_pktmbuf_data_room_size(struct fpk_mempool *mp)
{
	return ((const struct fpk_pktmbuf_pool_private *)fpk_mempool_get_priv(mp))
		->mbuf_data_room_size;
}

/**
 * Private area size of the mbufs of a pool.
 *
 * @param mp  A pool made by fpk_pktmbuf_pool_create() (or set up with
 *   fpk_pktmbuf_pool_init()).
 * @return The bytes between each struct fpk_mbuf and its buffer.
 */
static __fpk_always_inline uint16_t
fpk_pktmbuf_priv_size(struct fpk_mempool *mp)
{
	return ((const struct fpk_pktmbuf_pool_private *)fpk_mempool_get_priv(mp))
		->mbuf_priv_size;
}

/**
 * Reference count of an mbuf (an atomic read).
 *
 * @param[in] m  The mbuf.
 * @return The count.
 */
static __fpk_always_inline uint16_t
fpk_mbuf_refcnt_read(const struct fpk_mbuf *m)
{
	return __atomic_load_n(&m->refcnt, __ATOMIC_RELAXED);
}

/**
 * Set the reference count of an mbuf (an atomic store).
 *
 * @param m  The mbuf.
 * @param v  The new count.
 */
static __fpk_always_inline void
fpk_mbuf_refcnt_set(struct fpk_mbuf *m, uint16_t v)
{
	__atomic_store_n(&m->refcnt, v, __ATOMIC_RELAXED);
}

/**
 * Add to the reference count of an mbuf. Atomic, except when the count is
 * 1: the caller then holds the only reference and a plain store does.
 *
 * @param m  The mbuf.
 * @param v  The amount to add; may be negative.
 * @return The new count.
 */
static __fpk_always_inline uint16_t
fpk_mbuf_refcnt_update(struct fpk_mbuf *m, int16_t v)
{
	/*
	 * A count of 1 means the caller holds the only reference, so no other
	 * thread can be changing it: skip the locked instruction.
	 */
	if (fpk_likely(fpk_mbuf_refcnt_read(m) == 1)) {
		fpk_mbuf_refcnt_set(m, (uint16_t)(1 + v));
		return (uint16_t)(1 + v);
	}
	/* Release our writes to the buffer; acquire the others' before reuse. */
	return __atomic_add_fetch(&m->refcnt, (uint16_t)v, __ATOMIC_ACQ_REL);
}

/**
 * Bytes free before the data of an mbuf.
 *
 * @param[in] m  The mbuf (segment).
 * @return Its data_off.
 */
static __fpk_always_inline uint16_t
fpk_pktmbuf_headroom(const struct fpk_mbuf *m)
{
	return m->data_off;
}

/**
 * Bytes free after the data of an mbuf (this segment).
 *
 * @param[in] m  The mbuf (segment).
 * @return buf_len - data_off - data_len.
 */
static __fpk_always_inline uint16_t
fpk_pktmbuf_tailroom(const struct fpk_mbuf *m)
{
	return (uint16_t)(m->buf_len - m->data_off - m->data_len);
}

/**
 * Whether a packet is one segment.
 *
 * @param[in] m  The packet's first segment.
 * @return 1 if nb_segs is 1, else 0.
 */
static __fpk_always_inline int
fpk_pktmbuf_is_contiguous(const struct fpk_mbuf *m)
{
	return m->nb_segs == 1;
}

/**
 * Last segment of a chain.
 *
 * @param m  The first segment.
 * @return The segment whose next is NULL (@p m itself for one segment).
 */
static __fpk_always_inline struct fpk_mbuf *
fpk_pktmbuf_lastseg(struct fpk_mbuf *m)
{
	while (m->next != NULL)
		m = m->next;
	return m;
}

/**
 * Give an mbuf the standard headroom: data_off becomes
 * FPK_PKTMBUF_HEADROOM, or buf_len if the buffer is smaller.
 *
 * @param m  The mbuf.
 */
static __fpk_always_inline void
fpk_pktmbuf_reset_headroom(struct fpk_mbuf *m)
{
	m->data_off = (uint16_t)FPK_MIN((uint16_t)FPK_PKTMBUF_HEADROOM, m->buf_len);
}

/**
 * Return an mbuf to the empty state of a fresh allocation: one segment
 * (next NULL, nb_segs 1), no data, standard headroom, port
 * FPK_MBUF_PORT_INVALID; ol_flags, packet_type, VLAN tags and tx_offload
 * cleared. Buffer, pool, refcnt, hash and userdata are untouched.
 *
 * @param m  The mbuf.
 */
static __fpk_always_inline void
fpk_pktmbuf_reset(struct fpk_mbuf *m)
{
	m->next = NULL;
	m->pkt_len = 0;
	m->tx_offload = 0;
	m->vlan_tci = 0;
	m->vlan_tci_outer = 0;
	m->nb_segs = 1;
	m->port = FPK_MBUF_PORT_INVALID;
	m->ol_flags = 0;
	m->packet_type = 0;
	fpk_pktmbuf_reset_headroom(m);
	m->data_len = 0;
}

/**
 * Check the fields of an mbuf: pool, buffer, non-zero refcnt, a direct
 * mbuf's buffer being its own, data inside the buffer; with @p is_header,
 * the same for every segment of the chain it heads, and nb_segs and pkt_len
 * against the segments. The reason for a failure is logged.
 *
 * @param[in] m  The mbuf.
 * @param is_header  Non-zero to check @p m as a packet's first segment,
 *   with its chain.
 * @return 0, or -EINVAL if @p m is NULL or anything is inconsistent.
 */
int fpk_mbuf_sanity_check(const struct fpk_mbuf *m, int is_header);

/**
 * Take an mbuf from a pool with no initialisation beyond what the pool
 * keeps (refcnt 1, one segment, next NULL): for PMDs that set every field
 * they need.
 *
 * @param mp  An mbuf pool.
 * @return The mbuf, or NULL if the pool is empty.
 */
static __fpk_always_inline struct fpk_mbuf *
fpk_mbuf_raw_alloc(struct fpk_mempool *mp)
{
	void *m;

	if (fpk_mempool_get(mp, &m) < 0)
		return NULL;
	return (struct fpk_mbuf *)m;
}

/**
 * Put an mbuf back into its pool as is. It must be direct, with refcnt 1,
 * one segment and next NULL: what fpk_pktmbuf_prefree_seg() returns.
 *
 * @param m  The mbuf.
 */
static __fpk_always_inline void
fpk_mbuf_raw_free(struct fpk_mbuf *m)
{
	fpk_mempool_put(m->pool, m);
}

/**
 * Allocate an empty packet (the fpk_pktmbuf_reset() state).
 *
 * @param mp  An mbuf pool.
 * @return The mbuf, or NULL if the pool is empty.
 */
static __fpk_always_inline struct fpk_mbuf *
fpk_pktmbuf_alloc(struct fpk_mempool *mp)
{
	struct fpk_mbuf *m = fpk_mbuf_raw_alloc(mp);

	if (m != NULL)
		fpk_pktmbuf_reset(m);
	return m;
}

/**
 * Allocate empty packets, all or nothing.
 *
 * @param mp  An mbuf pool.
 * @param[out] mbufs  Room for @p count mbuf pointers.
 * @param count  Number of mbufs.
 * @return 0, or -ENOENT if the pool has fewer than @p count available
 *   (none taken).
 */
static __fpk_always_inline int
fpk_pktmbuf_alloc_bulk(struct fpk_mempool *mp, struct fpk_mbuf **mbufs, unsigned int count)
{
	int ret = fpk_mempool_get_bulk(mp, (void **)mbufs, count);

	if (ret < 0)
		return ret;
	for (unsigned int i = 0; i < count; i++)
		fpk_pktmbuf_reset(mbufs[i]);
	return 0;
}

/** @cond INTERNAL */
/**
 * @internal Point @m at its own buffer, which follows it and its private area.
 * The DMA address comes from the one the pool recorded for the object.
 */
static __fpk_always_inline void
fpk_mbuf_set_own_buf(struct fpk_mbuf *m)
{
	uint16_t priv_size = fpk_pktmbuf_priv_size(m->pool);
	uint32_t off = (uint32_t)sizeof(*m) + priv_size;
	fpk_iova_t iova = fpk_mempool_virt2iova(m);

	m->priv_size = priv_size;
	m->buf_addr = (char *)m + off;
	m->buf_iova = iova == FPK_BAD_IOVA ? FPK_BAD_IOVA : iova + off;
	m->buf_len = fpk_pktmbuf_data_room_size(m->pool);
}
/** @endcond */

/**
 * Make an mbuf an indirect mbuf for the data of another. @p mi gets
 * @p m's data window and metadata; the direct mbuf gains a reference. Only
 * this segment is attached: for a whole chain use fpk_pktmbuf_clone().
 *
 * @param mi  The mbuf to attach: fresh, direct, single-segment, refcnt 1.
 * @param m  The mbuf whose data it gets: direct, or indirect, in which case
 *   @p mi refers to the same direct mbuf.
 */
static inline void
fpk_pktmbuf_attach(struct fpk_mbuf *mi, struct fpk_mbuf *m)
{
	struct fpk_mbuf *md = FPK_MBUF_DIRECT(m) ? m : fpk_mbuf_from_indirect(m);

	fpk_mbuf_refcnt_update(md, 1);
	mi->buf_addr = m->buf_addr;
	mi->buf_iova = m->buf_iova;
	mi->buf_len = m->buf_len;
	mi->priv_size = m->priv_size;
	mi->data_off = m->data_off;
	mi->data_len = m->data_len;
	mi->port = m->port;
	mi->vlan_tci = m->vlan_tci;
	mi->vlan_tci_outer = m->vlan_tci_outer;
	mi->tx_offload = m->tx_offload;
	mi->hash = m->hash;
	mi->packet_type = m->packet_type;
	mi->next = NULL;
	mi->pkt_len = mi->data_len;
	mi->nb_segs = 1;
	mi->ol_flags = m->ol_flags | FPK_MBUF_F_INDIRECT;
}

/**
 * Turn an indirect mbuf back into a direct one with its own, empty buffer
 * (standard headroom, no data, no ol_flags), dropping its reference on the
 * direct mbuf, which goes back to its pool if that was the last one.
 *
 * @param m  An indirect mbuf.
 */
static inline void
fpk_pktmbuf_detach(struct fpk_mbuf *m)
{
	struct fpk_mbuf *md = fpk_mbuf_from_indirect(m);

	fpk_mbuf_set_own_buf(m);
	fpk_pktmbuf_reset_headroom(m);
	m->data_len = 0;
	m->ol_flags = 0;
	if (fpk_mbuf_refcnt_update(md, -1) == 0) {
		md->next = NULL;
		md->nb_segs = 1;
		fpk_mbuf_refcnt_set(md, 1);
		fpk_mbuf_raw_free(md);
	}
}

/**
 * Drop one reference to a segment. If it was the last, detach the segment
 * if it is indirect and restore the state its pool expects (refcnt 1, one
 * segment, next NULL).
 *
 * @param m  The segment.
 * @return @p m if it is now free to go back to its pool (with
 *   fpk_mbuf_raw_free()), else NULL.
 */
static __fpk_always_inline struct fpk_mbuf *
fpk_pktmbuf_prefree_seg(struct fpk_mbuf *m)
{
	if (fpk_likely(fpk_mbuf_refcnt_read(m) == 1)) {
		if (!FPK_MBUF_DIRECT(m))
			fpk_pktmbuf_detach(m);
		if (m->next != NULL) {
			m->next = NULL;
			m->nb_segs = 1;
		}
		return m;
	}
	if (fpk_mbuf_refcnt_update(m, -1) == 0) {
		fpk_mbuf_refcnt_set(m, 1);
		if (!FPK_MBUF_DIRECT(m))
			fpk_pktmbuf_detach(m);
		m->next = NULL;
		m->nb_segs = 1;
		return m;
	}
	return NULL;
}

/**
 * Free one segment, not the rest of its chain, honouring its reference
 * count.
 *
 * @param m  The segment.
 */
static __fpk_always_inline void
fpk_pktmbuf_free_seg(struct fpk_mbuf *m)
{
	m = fpk_pktmbuf_prefree_seg(m);
	if (m != NULL)
		fpk_mbuf_raw_free(m);
}

/**
 * Free a packet: every segment of the chain, each honouring its reference
 * count.
 *
 * @param m  The packet's first segment; NULL is ignored.
 */
static inline void
fpk_pktmbuf_free(struct fpk_mbuf *m)
{
	while (m != NULL) {
		struct fpk_mbuf *next = m->next;

		fpk_pktmbuf_free_seg(m);
		m = next;
	}
}

/**
 * Free packets, every segment of each, returning mbufs to their pools in
 * bulk (consecutive mbufs of one pool in one put).
 *
 * @param mbufs  The packets; NULL entries are skipped.
 * @param count  Number of entries in @p mbufs.
 */
void fpk_pktmbuf_free_bulk(struct fpk_mbuf **mbufs, unsigned int count);

/**
 * Clone a packet: a chain of indirect mbufs, one per segment, sharing the
 * original's data. Freeing the clone and the original in either order
 * returns everything once both are gone.
 *
 * @param md  The packet to clone (its first segment).
 * @param mp  The pool the indirect mbufs come from.
 * @return The clone, or NULL with fpk_errno ENOENT if @p mp ran out
 *   (nothing is leaked).
 */
struct fpk_mbuf *fpk_pktmbuf_clone(struct fpk_mbuf *md, struct fpk_mempool *mp);

/**
 * Add bytes at the end of a packet, in its last segment.
 *
 * @param m  The packet's first segment.
 * @param len  Number of bytes.
 * @return A pointer to the first new byte, or NULL if the last segment's
 *   tailroom is smaller than @p len (nothing changes).
 */
static inline char *
fpk_pktmbuf_append(struct fpk_mbuf *m, uint16_t len)
{
	struct fpk_mbuf *last = fpk_pktmbuf_lastseg(m);
	char *tail;

	if (len > fpk_pktmbuf_tailroom(last))
		return NULL;
	tail = fpk_pktmbuf_mtod_offset(last, char *, last->data_len);
	last->data_len = (uint16_t)(last->data_len + len);
	m->pkt_len += len;
	return tail;
}

/**
 * Add bytes in front of a packet's data, in its first segment.
 *
 * @param m  The packet's first segment.
 * @param len  Number of bytes.
 * @return The new start of the data, or NULL if the headroom is smaller
 *   than @p len (nothing changes).
 */
static inline char *
fpk_pktmbuf_prepend(struct fpk_mbuf *m, uint16_t len)
{
	if (len > fpk_pktmbuf_headroom(m))
		return NULL;
	m->data_off = (uint16_t)(m->data_off - len);
	m->data_len = (uint16_t)(m->data_len + len);
	m->pkt_len += len;
	return fpk_pktmbuf_mtod(m, char *);
}

/**
 * Remove bytes from the start of a packet, in its first segment only.
 *
 * @param m  The packet's first segment.
 * @param len  Number of bytes.
 * @return The new start of the data, or NULL if the first segment holds
 *   fewer than @p len bytes (nothing changes).
 */
static inline char *
fpk_pktmbuf_adj(struct fpk_mbuf *m, uint16_t len)
{
	if (len > m->data_len)
		return NULL;
	m->data_off = (uint16_t)(m->data_off + len);
	m->data_len = (uint16_t)(m->data_len - len);
	m->pkt_len -= len;
	return fpk_pktmbuf_mtod(m, char *);
}

/**
 * Remove bytes from the end of a packet, in its last segment only.
 *
 * @param m  The packet's first segment.
 * @param len  Number of bytes.
 * @return 0, or -EINVAL if the last segment holds fewer than @p len bytes
 *   (nothing changes).
 */
static inline int
fpk_pktmbuf_trim(struct fpk_mbuf *m, uint16_t len)
{
	struct fpk_mbuf *last = fpk_pktmbuf_lastseg(m);

	if (len > last->data_len)
		return -EINVAL;
	last->data_len = (uint16_t)(last->data_len - len);
	m->pkt_len -= len;
	return 0;
}

/**
 * Append one packet to another. The tail's first segment stops being a
 * packet head (its pkt_len becomes its data_len).
 *
 * @param head  The packet to extend.
 * @param tail  The packet to append.
 * @return 0, or -EOVERFLOW if the chain would have more than
 *   FPK_MBUF_MAX_NB_SEGS segments (nothing changes).
 */
static inline int
fpk_pktmbuf_chain(struct fpk_mbuf *head, struct fpk_mbuf *tail)
{
	if ((uint32_t)head->nb_segs + tail->nb_segs > FPK_MBUF_MAX_NB_SEGS)
		return -EOVERFLOW;
	fpk_pktmbuf_lastseg(head)->next = tail;
	head->nb_segs = (uint16_t)(head->nb_segs + tail->nb_segs);
	head->pkt_len += tail->pkt_len;
	tail->pkt_len = tail->data_len;
	return 0;
}

/** @cond INTERNAL */
/** @internal Copying part of fpk_pktmbuf_read(), for ranges that leave the first segment. */
const void *fpk_pktmbuf_read_copy(const struct fpk_mbuf *m, uint32_t off, uint32_t len,
				  void *buf);
/** @endcond */

/**
 * Bytes of a packet as one contiguous run: a pointer into the packet when
 * they lie in one segment, else a copy made in @p buf.
 *
 * @param[in] m  The packet's first segment.
 * @param off  Offset of the first byte in the packet.
 * @param len  Number of bytes.
 * @param[out] buf  Room for @p len bytes, used when they span segments.
 * @return A pointer to the bytes (into the packet or @p buf), or NULL if
 *   the packet is shorter than @p off + @p len.
 */
static inline const void *
fpk_pktmbuf_read(const struct fpk_mbuf *m, uint32_t off, uint32_t len, void *buf)
{
	if (fpk_likely((uint64_t)off + len <= m->data_len))
		return fpk_pktmbuf_mtod_offset(m, char *, off);
	return fpk_pktmbuf_read_copy(m, off, len, buf);
}

/**
 * Print a packet: its fields and offload flags, then each segment with a
 * hex dump of its data.
 *
 * @param[in] f  Stream to print to.
 * @param[in] m  The packet's first segment.
 * @param dump_len  Most data bytes to dump, all segments together.
 */
void fpk_pktmbuf_dump(FILE *f, const struct fpk_mbuf *m, unsigned int dump_len);

/**
 * Pool constructor (fpk_mempool_create()'s mp_init) for an mbuf pool:
 * records the data room and private area size in the pool's private data,
 * which must be at least sizeof(struct fpk_pktmbuf_pool_private); otherwise
 * an error is logged and nothing is recorded.
 *
 * @param mp  The new pool.
 * @param opaque_arg  A struct fpk_pktmbuf_pool_private with the sizes, or
 *   NULL for no private area and a data room of the whole element after
 *   struct fpk_mbuf (at most 65535 bytes).
 */
void fpk_pktmbuf_pool_init(struct fpk_mempool *mp, void *opaque_arg);

/**
 * Object constructor (fpk_mempool_create()'s obj_init) for a pool set up
 * by fpk_pktmbuf_pool_init(): pool, buffer address and DMA address, the
 * fpk_pktmbuf_reset() state, refcnt 1. If the element cannot hold the
 * struct, the private area and the data room, an error is logged and the
 * object is left as it was.
 *
 * @param mp  The pool.
 * @param opaque_arg  Unused.
 * @param m  The object.
 * @param i  Its index (unused).
 */
void fpk_pktmbuf_init(struct fpk_mempool *mp, void *opaque_arg, void *m, unsigned int i);

/**
 * Create a pool of mbufs: each a struct fpk_mbuf, a private area and a
 * data buffer, with per-lcore caches; see fpk_mempool_create().
 *
 * @param[in] name  The pool's name, unique among pools: at most 23 characters.
 * @param n  Number of mbufs.
 * @param cache_size  Per-lcore cache size, as for fpk_mempool_create().
 * @param priv_size  Bytes of the private area of each mbuf, a multiple of
 *   FPK_MBUF_PRIV_ALIGN.
 * @param data_room_size  Bytes of each buffer, headroom included
 *   (FPK_MBUF_DEFAULT_BUF_SIZE is the usual value).
 * @param socket_id  NUMA node of the memory, or FPK_SOCKET_ID_ANY.
 * @return The pool, or NULL with fpk_errno set: EINVAL if @p priv_size is
 *   not a multiple of FPK_MBUF_PRIV_ALIGN, otherwise as by
 *   fpk_mempool_create().
 */
struct fpk_mempool *fpk_pktmbuf_pool_create(const char *name, unsigned int n,
					    unsigned int cache_size, uint16_t priv_size,
					    uint16_t data_room_size, int socket_id);

#ifdef __cplusplus
}
#endif

#endif /* FPK_MBUF_H */
