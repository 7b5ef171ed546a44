/* SPDX-License-Identifier: BSD-3-Clause */
/* Internet checksums over packets whose data spans mbuf segments. */
#include "fpk_ip.h"

int
fpk_raw_cksum_mbuf(const struct fpk_mbuf *m, uint32_t off, uint32_t len, uint16_t *cksum)
{
	uint64_t sum = 0;
	uint32_t done = 0;

	if ((uint64_t)off + len > m->pkt_len)
		return -1;
	for (const struct fpk_mbuf *seg = m; seg != NULL && done < len; seg = seg->next) {
		uint32_t clen;
		uint16_t part;

		if (off >= seg->data_len) {
			off -= seg->data_len;
			continue;
		}
		clen = FPK_MIN((uint32_t)seg->data_len - off, len - done);
		part = fpk_raw_cksum(fpk_pktmbuf_mtod_offset(seg, const uint8_t *, off), clen);
		/*
		 * A run that starts at an odd byte of the range has its 16-bit
		 * words shifted by one byte: its sum is the byte-swapped one.
		 */
		if (done & 1)
			part = fpk_bswap16(part);
		sum += part;
		done += clen;
		off = 0;
	}
	if (done < len)
		return -1;
	*cksum = fpk_cksum_fold(sum);
	return 0;
}

/* Sum of the L4 bytes [@l4_off, @l4_off + @l4_len) plus @phdr, the field taken out. */
static int
l4_sum_mbuf(const struct fpk_mbuf *m, uint32_t l4_off, uint32_t l4_len, uint64_t phdr,
	    uint8_t proto, bool exclude_field, uint16_t *folded)
{
	uint16_t raw;
	int foff = __fpk_l4_cksum_offset(proto);
	uint64_t sum;

	if (fpk_raw_cksum_mbuf(m, l4_off, l4_len, &raw) < 0)
		return -1;
	sum = phdr + raw;
	if (exclude_field && foff >= 0 && (uint32_t)foff + 2 <= l4_len) {
		uint16_t field, buf;

		memcpy(&field, fpk_pktmbuf_read(m, l4_off + (uint32_t)foff, 2, &buf), 2);
		sum += (uint16_t)~field;
	}
	*folded = fpk_cksum_fold(sum);
	return 0;
}

static uint16_t
ipv4_l4_len(const struct fpk_ipv4_hdr *ip)
{
	return (uint16_t)(fpk_be_to_cpu_16(ip->total_length) - fpk_ipv4_hdr_len(ip));
}

uint16_t
fpk_ipv4_udptcp_cksum_mbuf(const struct fpk_mbuf *m, const struct fpk_ipv4_hdr *ip,
			   uint32_t l4_off)
{
	uint16_t folded;

	if (l4_sum_mbuf(m, l4_off, ipv4_l4_len(ip), __fpk_ipv4_phdr_sum(ip),
			ip->next_proto_id, true, &folded) < 0)
		return 0;
	return __fpk_l4_cksum_finish(folded, ip->next_proto_id);
}

int
fpk_ipv4_udptcp_cksum_mbuf_verify(const struct fpk_mbuf *m, const struct fpk_ipv4_hdr *ip,
				  uint32_t l4_off)
{
	uint16_t folded, field, buf;
	const void *p;

	if (ip->next_proto_id == FPK_IPPROTO_UDP) {
		p = fpk_pktmbuf_read(m, l4_off + 6, 2, &buf);
		if (p == NULL)
			return -1;
		memcpy(&field, p, 2);
		if (field == 0)
			return 0;
	}
	if (l4_sum_mbuf(m, l4_off, ipv4_l4_len(ip), __fpk_ipv4_phdr_sum(ip),
			ip->next_proto_id, false, &folded) < 0)
		return -1;
	return folded == 0xffff ? 0 : -1;
}

uint16_t
fpk_ipv6_udptcp_cksum_mbuf(const struct fpk_mbuf *m, const struct fpk_ipv6_hdr *ip,
			   uint32_t l4_off)
{
	uint16_t folded;

	if (l4_sum_mbuf(m, l4_off, fpk_be_to_cpu_16(ip->payload_len), __fpk_ipv6_phdr_sum(ip),
			ip->proto, true, &folded) < 0)
		return 0;
	return __fpk_l4_cksum_finish(folded, ip->proto);
}

int
fpk_ipv6_udptcp_cksum_mbuf_verify(const struct fpk_mbuf *m, const struct fpk_ipv6_hdr *ip,
				  uint32_t l4_off)
{
	uint16_t folded;

	if (l4_sum_mbuf(m, l4_off, fpk_be_to_cpu_16(ip->payload_len), __fpk_ipv6_phdr_sum(ip),
			ip->proto, false, &folded) < 0)
		return -1;
	return folded == 0xffff ? 0 : -1;
}
