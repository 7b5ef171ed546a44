/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mbuf slow path: pool creation and constructors, cloning, bulk free,
 * reads that span segments, sanity checks and dumps. The per-packet
 * operations are inline in fpk_mbuf.h.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <fpk_log.h>

#include "fpk_mbuf.h"

/* Mbufs freed to the same pool are gathered into puts of up to this many. */
#define FREE_BULK_SZ 64

void
fpk_pktmbuf_pool_init(struct fpk_mempool *mp, void *opaque_arg)
{
	struct fpk_pktmbuf_pool_private *priv = fpk_mempool_get_priv(mp);
	struct fpk_pktmbuf_pool_private whole;

	if (mp->private_data_size < sizeof(*priv)) {
		FPK_LOG(ERR, MBUF, "pool '%s': private data of %u bytes cannot hold %zu bytes "
			"of mbuf pool parameters\n", mp->name, mp->private_data_size,
			sizeof(*priv));
		return;
	}
	if (opaque_arg == NULL) {
		if (mp->elt_size < sizeof(struct fpk_mbuf)) {
			FPK_LOG(ERR, MBUF, "pool '%s': elements of %u bytes are smaller than "
				"an mbuf\n", mp->name, mp->elt_size);
			return;
		}
		whole.mbuf_priv_size = 0;
		whole.mbuf_data_room_size = (uint16_t)FPK_MIN(mp->elt_size - sizeof(struct fpk_mbuf),
							      UINT16_MAX);
		opaque_arg = &whole;
	}
	memcpy(priv, opaque_arg, sizeof(*priv));
}

void
fpk_pktmbuf_init(struct fpk_mempool *mp, void *opaque_arg, void *obj, unsigned int i)
{
	struct fpk_mbuf *m = obj;
	size_t hdr = sizeof(*m) + fpk_pktmbuf_priv_size(mp);

	(void)opaque_arg;
	(void)i;
	if (mp->elt_size < hdr + fpk_pktmbuf_data_room_size(mp)) {
		FPK_LOG(ERR, MBUF, "pool '%s': elements of %u bytes cannot hold an mbuf, %zu "
			"private bytes and %u of data room\n", mp->name, mp->elt_size,
			hdr - sizeof(*m), fpk_pktmbuf_data_room_size(mp));
		return;
	}
	memset(m, 0, hdr);
	m->pool = mp;
	fpk_mbuf_set_own_buf(m);
	fpk_pktmbuf_reset(m);
	fpk_mbuf_refcnt_set(m, 1);
}

struct fpk_mempool *
fpk_pktmbuf_pool_create(const char *name, unsigned int n, unsigned int cache_size,
			uint16_t priv_size, uint16_t data_room_size, int socket_id)
{
	struct fpk_pktmbuf_pool_private priv = {
		.mbuf_data_room_size = data_room_size,
		.mbuf_priv_size = priv_size,
	};

	if (priv_size % FPK_MBUF_PRIV_ALIGN) {
		FPK_LOG(ERR, MBUF, "pool '%s': private size %u is not a multiple of %d\n",
			name ? name : "(null)", priv_size, FPK_MBUF_PRIV_ALIGN);
		fpk_errno = EINVAL;
		return NULL;
	}
	return fpk_mempool_create(name, n, (unsigned int)sizeof(struct fpk_mbuf) + priv_size +
				  data_room_size, cache_size, sizeof(priv),
				  fpk_pktmbuf_pool_init, &priv, fpk_pktmbuf_init, NULL,
				  socket_id, 0);
}

void
fpk_pktmbuf_free_bulk(struct fpk_mbuf **mbufs, unsigned int count)
{
	void *pending[FREE_BULK_SZ];
	struct fpk_mempool *pool = NULL;
	unsigned int nb = 0;

	for (unsigned int i = 0; i < count; i++) {
		struct fpk_mbuf *m = mbufs[i], *next;

		for (; m != NULL; m = next) {
			struct fpk_mbuf *seg;

			next = m->next;
			seg = fpk_pktmbuf_prefree_seg(m);
			if (seg == NULL)
				continue;
			if (nb == FREE_BULK_SZ || (nb && seg->pool != pool)) {
				fpk_mempool_put_bulk(pool, pending, nb);
				nb = 0;
			}
			pool = seg->pool;
			pending[nb++] = seg;
		}
	}
	if (nb)
		fpk_mempool_put_bulk(pool, pending, nb);
}

struct fpk_mbuf *
fpk_pktmbuf_clone(struct fpk_mbuf *md, struct fpk_mempool *mp)
{
	struct fpk_mbuf *head = NULL, **link = &head;

	for (struct fpk_mbuf *seg = md; seg != NULL; seg = seg->next) {
		struct fpk_mbuf *mi = fpk_pktmbuf_alloc(mp);

		if (mi == NULL) {
			/* Each clone made so far holds a reference: free drops them. */
			fpk_pktmbuf_free(head);
			fpk_errno = ENOENT;
			return NULL;
		}
		fpk_pktmbuf_attach(mi, seg);
		*link = mi;
		link = &mi->next;
	}
	head->nb_segs = md->nb_segs;
	head->pkt_len = md->pkt_len;
	return head;
}

const void *
fpk_pktmbuf_read_copy(const struct fpk_mbuf *m, uint32_t off, uint32_t len, void *buf)
{
	const struct fpk_mbuf *seg = m;
	char *dst = buf;

	if ((uint64_t)off + len > m->pkt_len)
		return NULL;
	if (len == 0)
		return buf;
	while (off >= seg->data_len) {
		off -= seg->data_len;
		seg = seg->next;
		if (seg == NULL) /* pkt_len disagrees with the chain */
			return NULL;
	}
	if (off + len <= seg->data_len)
		return fpk_pktmbuf_mtod_offset(seg, const char *, off);
	while (len > 0) {
		uint32_t n;

		if (seg == NULL)
			return NULL;
		n = FPK_MIN(len, (uint32_t)seg->data_len - off);
		memcpy(dst, fpk_pktmbuf_mtod_offset(seg, const char *, off), n);
		dst += n;
		len -= n;
		off = 0;
		seg = seg->next;
	}
	return buf;
}

/* Log why @m fails the check and return -EINVAL. */
static int
insane(const struct fpk_mbuf *m, const char *why)
{
	FPK_LOG(ERR, MBUF, "mbuf %p: %s\n", (const void *)m, why);
	return -EINVAL;
}

int
fpk_mbuf_sanity_check(const struct fpk_mbuf *m, int is_header)
{
	uint32_t pkt_len = 0;
	unsigned int nb_segs = 0;

	if (m == NULL)
		return insane(m, "NULL mbuf");
	if (is_header && m->nb_segs == 0)
		return insane(m, "nb_segs is 0");
	for (const struct fpk_mbuf *seg = m; seg != NULL; seg = seg->next) {
		if (seg->pool == NULL)
			return insane(seg, "no pool");
		if (seg->buf_addr == NULL)
			return insane(seg, "no buffer");
		if (fpk_mbuf_refcnt_read(seg) == 0)
			return insane(seg, "refcnt is 0 (freed?)");
		if (FPK_MBUF_DIRECT(seg) &&
		    seg->buf_addr != (const char *)seg + sizeof(*seg) + seg->priv_size)
			return insane(seg, "direct mbuf whose buffer is not its own");
		if ((uint32_t)seg->data_off + seg->data_len > seg->buf_len)
			return insane(seg, "data runs past the end of the buffer");
		if (!is_header)
			return 0;
		nb_segs++;
		pkt_len += seg->data_len;
		/* Stops a looped chain as well as an overlong one. */
		if (nb_segs > m->nb_segs)
			return insane(m, "more segments in the chain than nb_segs");
	}
	if (nb_segs != m->nb_segs)
		return insane(m, "fewer segments in the chain than nb_segs");
	if (pkt_len != m->pkt_len)
		return insane(m, "pkt_len is not the sum of the segments' data_len");
	return 0;
}

static const struct {
	uint64_t mask;
	uint64_t value;
	const char *name;
} flag_names[] = {
	{ FPK_MBUF_F_RX_VLAN, FPK_MBUF_F_RX_VLAN, "RX_VLAN" },
	{ FPK_MBUF_F_RX_RSS_HASH, FPK_MBUF_F_RX_RSS_HASH, "RX_RSS_HASH" },
	{ FPK_MBUF_F_RX_IP_CKSUM_MASK, FPK_MBUF_F_RX_IP_CKSUM_GOOD, "RX_IP_CKSUM_GOOD" },
	{ FPK_MBUF_F_RX_IP_CKSUM_MASK, FPK_MBUF_F_RX_IP_CKSUM_BAD, "RX_IP_CKSUM_BAD" },
	{ FPK_MBUF_F_RX_IP_CKSUM_MASK, FPK_MBUF_F_RX_IP_CKSUM_NONE, "RX_IP_CKSUM_NONE" },
	{ FPK_MBUF_F_RX_L4_CKSUM_MASK, FPK_MBUF_F_RX_L4_CKSUM_GOOD, "RX_L4_CKSUM_GOOD" },
	{ FPK_MBUF_F_RX_L4_CKSUM_MASK, FPK_MBUF_F_RX_L4_CKSUM_BAD, "RX_L4_CKSUM_BAD" },
	{ FPK_MBUF_F_RX_L4_CKSUM_MASK, FPK_MBUF_F_RX_L4_CKSUM_NONE, "RX_L4_CKSUM_NONE" },
	{ FPK_MBUF_F_RX_VLAN_STRIPPED, FPK_MBUF_F_RX_VLAN_STRIPPED, "RX_VLAN_STRIPPED" },
	{ FPK_MBUF_F_TX_TCP_SEG, FPK_MBUF_F_TX_TCP_SEG, "TX_TCP_SEG" },
	{ FPK_MBUF_F_TX_L4_MASK, FPK_MBUF_F_TX_TCP_CKSUM, "TX_TCP_CKSUM" },
	{ FPK_MBUF_F_TX_L4_MASK, FPK_MBUF_F_TX_SCTP_CKSUM, "TX_SCTP_CKSUM" },
	{ FPK_MBUF_F_TX_L4_MASK, FPK_MBUF_F_TX_UDP_CKSUM, "TX_UDP_CKSUM" },
	{ FPK_MBUF_F_TX_IP_CKSUM, FPK_MBUF_F_TX_IP_CKSUM, "TX_IP_CKSUM" },
	{ FPK_MBUF_F_TX_IPV4, FPK_MBUF_F_TX_IPV4, "TX_IPV4" },
	{ FPK_MBUF_F_TX_IPV6, FPK_MBUF_F_TX_IPV6, "TX_IPV6" },
	{ FPK_MBUF_F_TX_VLAN, FPK_MBUF_F_TX_VLAN, "TX_VLAN" },
	{ FPK_MBUF_F_INDIRECT, FPK_MBUF_F_INDIRECT, "INDIRECT" },
};

static void
hexdump(FILE *f, const uint8_t *p, unsigned int len)
{
	for (unsigned int off = 0; off < len; off += 16) {
		unsigned int n = FPK_MIN(16u, len - off);

		fprintf(f, "    %04x:", off);
		for (unsigned int i = 0; i < 16; i++) {
			if (i < n)
				fprintf(f, " %02x", p[off + i]);
			else
				fputs("   ", f);
		}
		fputs("  ", f);
		for (unsigned int i = 0; i < n; i++)
			fputc(isprint(p[off + i]) ? p[off + i] : '.', f);
		fputc('\n', f);
	}
}

void
fpk_pktmbuf_dump(FILE *f, const struct fpk_mbuf *m, unsigned int dump_len)
{
	fprintf(f, "mbuf %p: pkt_len %u nb_segs %u port %u packet_type 0x%x\n",
		(const void *)m, m->pkt_len, m->nb_segs, m->port, m->packet_type);
	fprintf(f, "  ol_flags 0x%" PRIx64 ":", m->ol_flags);
	for (size_t i = 0; i < FPK_DIM(flag_names); i++)
		if ((m->ol_flags & flag_names[i].mask) == flag_names[i].value &&
		    flag_names[i].value != 0)
			fprintf(f, " %s", flag_names[i].name);
	fprintf(f, "\n  vlan_tci %u vlan_tci_outer %u rss 0x%08x l2_len %u l3_len %u "
		"l4_len %u tso_segsz %u\n", m->vlan_tci, m->vlan_tci_outer, m->hash.rss,
		(unsigned int)m->l2_len, (unsigned int)m->l3_len, (unsigned int)m->l4_len,
		(unsigned int)m->tso_segsz);
	for (const struct fpk_mbuf *seg = m; seg != NULL; seg = seg->next) {
		unsigned int n = FPK_MIN(dump_len, (unsigned int)seg->data_len);

		fprintf(f, "  segment %p: buf %p iova 0x%" PRIx64 " buf_len %u data_off %u "
			"data_len %u refcnt %u pool '%s'%s\n", (const void *)seg, seg->buf_addr,
			seg->buf_iova, seg->buf_len, seg->data_off, seg->data_len,
			fpk_mbuf_refcnt_read(seg), seg->pool ? seg->pool->name : "(none)",
			FPK_MBUF_DIRECT(seg) ? "" : " indirect");
		hexdump(f, fpk_pktmbuf_mtod(seg, const uint8_t *), n);
		dump_len -= n;
	}
}
