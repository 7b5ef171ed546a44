/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Packet buffers (mbufs). An mbuf is a mempool object: a 128-byte struct
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

/** Bytes left free before the data of a freshly allocated mbuf. */
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
/** port of an mbuf that came from no port. */
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
#define FPK_MBUF_F_RX_L4_CKSUM_BAD     (UINT64_C(1) << 3)
#define FPK_MBUF_F_RX_IP_CKSUM_BAD     (UINT64_C(1) << 4)
/** RX: the VLAN tag was removed from the data (it is in vlan_tci). */
#define FPK_MBUF_F_RX_VLAN_STRIPPED    (UINT64_C(1) << 6)
#define FPK_MBUF_F_RX_IP_CKSUM_GOOD    (UINT64_C(1) << 7)
#define FPK_MBUF_F_RX_L4_CKSUM_GOOD    (UINT64_C(1) << 8)
#define FPK_MBUF_F_RX_IP_CKSUM_MASK    (FPK_MBUF_F_RX_IP_CKSUM_BAD | FPK_MBUF_F_RX_IP_CKSUM_GOOD)
#define FPK_MBUF_F_RX_IP_CKSUM_UNKNOWN 0
#define FPK_MBUF_F_RX_IP_CKSUM_NONE    FPK_MBUF_F_RX_IP_CKSUM_MASK
#define FPK_MBUF_F_RX_L4_CKSUM_MASK    (FPK_MBUF_F_RX_L4_CKSUM_BAD | FPK_MBUF_F_RX_L4_CKSUM_GOOD)
#define FPK_MBUF_F_RX_L4_CKSUM_UNKNOWN 0
#define FPK_MBUF_F_RX_L4_CKSUM_NONE    FPK_MBUF_F_RX_L4_CKSUM_MASK

/** TX: TCP segmentation offload (needs l2/l3/l4_len and tso_segsz). */
#define FPK_MBUF_F_TX_TCP_SEG          (UINT64_C(1) << 50)
/* TX L4 checksum: a two-bit field; needs l2_len and l3_len. */
#define FPK_MBUF_F_TX_L4_NO_CKSUM      (UINT64_C(0) << 52)
#define FPK_MBUF_F_TX_TCP_CKSUM        (UINT64_C(1) << 52)
#define FPK_MBUF_F_TX_SCTP_CKSUM       (UINT64_C(2) << 52)
#define FPK_MBUF_F_TX_UDP_CKSUM        (UINT64_C(3) << 52)
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
			uint32_t lo;
			uint32_t hi;
		} fdir;            /**< flow director id / hash */
	} hash;
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
		uint64_t udata64;
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

/** True unless @m uses another mbuf's buffer. */
#define FPK_MBUF_DIRECT(m) (!((m)->ol_flags & FPK_MBUF_F_INDIRECT))
/** True if @m is an indirect mbuf (a clone). */
#define FPK_MBUF_CLONED(m) (((m)->ol_flags & FPK_MBUF_F_INDIRECT) != 0)

/** Pointer to the data of @m, cast to type @t. */
#define fpk_pktmbuf_mtod(m, t) ((t)(void *)((char *)(m)->buf_addr + (m)->data_off))
/** Pointer to byte @o of the data of @m, cast to type @t. */
#define fpk_pktmbuf_mtod_offset(m, t, o) \
	((t)(void *)((char *)(m)->buf_addr + (m)->data_off + (o)))
/** Bytes in the whole packet. */
#define fpk_pktmbuf_pkt_len(m) ((m)->pkt_len)
/** Bytes in this segment. */
#define fpk_pktmbuf_data_len(m) ((m)->data_len)

/** DMA address of the data of @m. */
static __fpk_always_inline fpk_iova_t
fpk_pktmbuf_iova(const struct fpk_mbuf *m)
{
	return m->buf_iova + m->data_off;
}

/** DMA address of byte @off of the data of @m. */
static __fpk_always_inline fpk_iova_t
fpk_pktmbuf_iova_offset(const struct fpk_mbuf *m, uint32_t off)
{
	return m->buf_iova + m->data_off + off;
}

/** DMA address where a fresh mbuf's data starts: what an rx refill gives the NIC. */
static __fpk_always_inline fpk_iova_t
fpk_mbuf_data_iova_default(const struct fpk_mbuf *m)
{
	return m->buf_iova + FPK_PKTMBUF_HEADROOM;
}

/** The application private area right after the struct. */
static __fpk_always_inline void *
fpk_mbuf_to_priv(struct fpk_mbuf *m)
{
	return (char *)m + sizeof(*m);
}

/** The direct mbuf whose buffer indirect mbuf @mi uses. */
static __fpk_always_inline struct fpk_mbuf *
fpk_mbuf_from_indirect(const struct fpk_mbuf *mi)
{
	/* attach copied the direct mbuf's priv_size, so this finds its header. */
	return (struct fpk_mbuf *)FPK_PTR_SUB(mi->buf_addr, sizeof(*mi) + mi->priv_size);
}

/** Data room (buf_len) of the mbufs of pool @mp. */
static __fpk_always_inline uint16_t
fpk_pktmbuf_data_room_size(struct fpk_mempool *mp)
{
	return ((const struct fpk_pktmbuf_pool_private *)fpk_mempool_get_priv(mp))
		->mbuf_data_room_size;
}

/** Private area size of the mbufs of pool @mp. */
static __fpk_always_inline uint16_t
fpk_pktmbuf_priv_size(struct fpk_mempool *mp)
{
	return ((const struct fpk_pktmbuf_pool_private *)fpk_mempool_get_priv(mp))
		->mbuf_priv_size;
}

/** Reference count of @m. */
static __fpk_always_inline uint16_t
fpk_mbuf_refcnt_read(const struct fpk_mbuf *m)
{
	return __atomic_load_n(&m->refcnt, __ATOMIC_RELAXED);
}

/** Set the reference count of @m. */
static __fpk_always_inline void
fpk_mbuf_refcnt_set(struct fpk_mbuf *m, uint16_t v)
{
	__atomic_store_n(&m->refcnt, v, __ATOMIC_RELAXED);
}

/**
 * Add @v (may be negative) to the reference count of @m.
 * @return the new count.
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

/** Bytes free before the data of @m. */
static __fpk_always_inline uint16_t
fpk_pktmbuf_headroom(const struct fpk_mbuf *m)
{
	return m->data_off;
}

/** Bytes free after the data of @m (this segment). */
static __fpk_always_inline uint16_t
fpk_pktmbuf_tailroom(const struct fpk_mbuf *m)
{
	return (uint16_t)(m->buf_len - m->data_off - m->data_len);
}

/** @return 1 if the packet is one segment. */
static __fpk_always_inline int
fpk_pktmbuf_is_contiguous(const struct fpk_mbuf *m)
{
	return m->nb_segs == 1;
}

/** Last segment of the chain starting at @m. */
static __fpk_always_inline struct fpk_mbuf *
fpk_pktmbuf_lastseg(struct fpk_mbuf *m)
{
	while (m->next != NULL)
		m = m->next;
	return m;
}

/** Give @m the standard headroom (less if the buffer is smaller). */
static __fpk_always_inline void
fpk_pktmbuf_reset_headroom(struct fpk_mbuf *m)
{
	m->data_off = (uint16_t)FPK_MIN((uint16_t)FPK_PKTMBUF_HEADROOM, m->buf_len);
}

/**
 * Return @m to the empty state of a fresh allocation: one segment, no
 * data, standard headroom, no metadata. Buffer and refcnt are untouched.
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
 * Check the fields of @m (and, if @is_header, the chain it heads: nb_segs
 * and pkt_len against the segments). The reason for a failure is logged.
 * @return 0, or -EINVAL if anything is inconsistent.
 */
int fpk_mbuf_sanity_check(const struct fpk_mbuf *m, int is_header);

/**
 * Take an mbuf from @mp with no initialisation beyond what the pool keeps
 * (refcnt 1, one segment, no next): for PMDs that set every field they need.
 * @return the mbuf, or NULL if the pool is empty.
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
 * Put @m back into its pool as is. It must be direct, with refcnt 1, one
 * segment and no next: what fpk_pktmbuf_prefree_seg() returns.
 */
static __fpk_always_inline void
fpk_mbuf_raw_free(struct fpk_mbuf *m)
{
	fpk_mempool_put(m->pool, m);
}

/**
 * Allocate an empty packet (fpk_pktmbuf_reset() state) from @mp.
 * @return the mbuf, or NULL if the pool is empty.
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
 * Allocate @count empty packets into @mbufs, all or nothing.
 * @return 0, or -ENOENT if the pool has fewer (none taken).
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

/**
 * Make @mi an indirect mbuf for the data of @m (direct or indirect; in the
 * latter case @mi refers to the same direct mbuf). @mi must be a fresh,
 * direct, single-segment mbuf with refcnt 1. @mi gets @m's data window and
 * metadata; the direct mbuf gains a reference. Only this segment is
 * attached: for a whole chain use fpk_pktmbuf_clone().
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
 * Turn indirect mbuf @m back into a direct one with its own (empty)
 * buffer, dropping its reference on the direct mbuf, which goes back to
 * its pool if that was the last one.
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
 * Drop one reference to segment @m. If it was the last, detach it if
 * indirect and restore the state the pool expects.
 * @return @m if it is now free to go back to its pool, else NULL.
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

/** Free one segment (not the rest of its chain), honouring its refcnt. */
static __fpk_always_inline void
fpk_pktmbuf_free_seg(struct fpk_mbuf *m)
{
	m = fpk_pktmbuf_prefree_seg(m);
	if (m != NULL)
		fpk_mbuf_raw_free(m);
}

/** Free the packet @m heads, every segment. NULL is a no-op. */
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
 * Free @count packets (every segment of each; NULL entries are skipped),
 * returning mbufs to their pools in bulk.
 */
void fpk_pktmbuf_free_bulk(struct fpk_mbuf **mbufs, unsigned int count);

/**
 * Clone the packet @md: a chain of indirect mbufs from @mp, one per segment
 * of @md, sharing its data. Freeing the clone and the original in either
 * order returns everything once both are gone.
 * @return the clone, or NULL with fpk_errno ENOENT (@mp ran out; nothing
 *   is leaked).
 */
struct fpk_mbuf *fpk_pktmbuf_clone(struct fpk_mbuf *md, struct fpk_mempool *mp);

/**
 * Add @len bytes at the end of the packet (in its last segment).
 * @return a pointer to the new bytes, or NULL if the last segment's
 *   tailroom is too small (nothing changed).
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
 * Add @len bytes in front of the packet's data (in its first segment).
 * @return the new start of data, or NULL if the headroom is too small.
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
 * Remove @len bytes from the start of the packet (first segment only).
 * @return the new start of data, or NULL if the first segment holds
 *   fewer than @len bytes.
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
 * Remove @len bytes from the end of the packet (last segment only).
 * @return 0, or -EINVAL if the last segment holds fewer than @len bytes.
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
 * Append the packet @tail to the packet @head. @tail's first segment stops
 * being a packet head (its pkt_len becomes its data_len).
 * @return 0, or -EOVERFLOW if the chain would exceed FPK_MBUF_MAX_NB_SEGS.
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

/** @internal Copying part of fpk_pktmbuf_read(), for ranges that leave the first segment. */
const void *fpk_pktmbuf_read_copy(const struct fpk_mbuf *m, uint32_t off, uint32_t len,
				  void *buf);

/**
 * Bytes [@off, @off + @len) of the packet as one contiguous run: a pointer
 * into the first segment when they all lie there, else a copy made in
 * @buf (at least @len bytes).
 * @return the pointer, or NULL if the packet is shorter than @off + @len.
 */
static inline const void *
fpk_pktmbuf_read(const struct fpk_mbuf *m, uint32_t off, uint32_t len, void *buf)
{
	if (fpk_likely((uint64_t)off + len <= m->data_len))
		return fpk_pktmbuf_mtod_offset(m, char *, off);
	return fpk_pktmbuf_read_copy(m, off, len, buf);
}

/**
 * Print the mbuf chain @m (fields, flags, each segment) and a hex dump of
 * at most @dump_len bytes of its data to @f.
 */
void fpk_pktmbuf_dump(FILE *f, const struct fpk_mbuf *m, unsigned int dump_len);

/**
 * Pool constructor (fpk_mempool_create()'s mp_init) for an mbuf pool:
 * records the data room and private size from @opaque_arg, a struct
 * fpk_pktmbuf_pool_private; NULL means no private area and a data room
 * of the whole element after struct fpk_mbuf. The pool's private data must
 * be at least sizeof(struct fpk_pktmbuf_pool_private).
 */
void fpk_pktmbuf_pool_init(struct fpk_mempool *mp, void *opaque_arg);

/**
 * Object constructor (fpk_mempool_create()'s obj_init) for an mbuf pool
 * set up by fpk_pktmbuf_pool_init(): buffer address and DMA address, pool,
 * refcnt 1, one segment.
 */
void fpk_pktmbuf_init(struct fpk_mempool *mp, void *opaque_arg, void *m, unsigned int i);

/**
 * Create a pool of @n mbufs, each with a @priv_size-byte private area and
 * a buffer of @data_room_size bytes (headroom included;
 * FPK_MBUF_DEFAULT_BUF_SIZE is the usual value), and a per-lcore cache
 * of @cache_size.
 * @return the pool, or NULL with fpk_errno set: EINVAL (@priv_size not a
 *   multiple of FPK_MBUF_PRIV_ALIGN, or as fpk_mempool_create()), and
 *   otherwise as fpk_mempool_create().
 */
struct fpk_mempool *fpk_pktmbuf_pool_create(const char *name, unsigned int n,
					    unsigned int cache_size, uint16_t priv_size,
					    uint16_t data_room_size, int socket_id);

#ifdef __cplusplus
}
#endif

#endif /* FPK_MBUF_H */
