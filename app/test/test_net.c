/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of lib/net: header sizes and layouts, byte order, and the
 * Internet checksum helpers against published vectors (RFC 1071, a textbook
 * IPv4 header, a worked UDP example), against a plain big-endian reference
 * sum on random data, and across mbuf segments split at odd offsets; the
 * Toeplitz RSS hash against Microsoft's RSS verification suite, and the
 * redirection table lookup.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <fpk_arp.h>
#include <fpk_byteorder.h>
#include <fpk_eal.h>
#include <fpk_icmp.h>
#include <fpk_ip.h>
#include <fpk_mbuf.h>
#include <fpk_tcp.h>
#include <fpk_thash.h>
#include <fpk_udp.h>

#include "test.h"

/* The sum done the textbook way: big-endian 16-bit words, end-around carry. */
static uint16_t
ref_sum(const uint8_t *p, size_t len, uint32_t sum)
{
	for (size_t i = 0; i < len; i += 2)
		sum += (uint32_t)(p[i] << 8) | (i + 1 < len ? p[i + 1] : 0);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static int
test_net_sizes(void)
{
	TEST_ASSERT_EQUAL(sizeof(struct fpk_ether_hdr), 14, "ether");
	TEST_ASSERT_EQUAL(sizeof(struct fpk_vlan_hdr), 4, "vlan");
	TEST_ASSERT_EQUAL(sizeof(struct fpk_ipv4_hdr), 20, "ipv4");
	TEST_ASSERT_EQUAL(sizeof(struct fpk_ipv6_hdr), 40, "ipv6");
	TEST_ASSERT_EQUAL(sizeof(struct fpk_udp_hdr), 8, "udp");
	TEST_ASSERT_EQUAL(sizeof(struct fpk_tcp_hdr), 20, "tcp");
	TEST_ASSERT_EQUAL(sizeof(struct fpk_icmp_hdr), 8, "icmp");
	TEST_ASSERT_EQUAL(sizeof(struct fpk_arp_hdr), 28, "arp");
	/* After a 14-byte Ethernet header these sit at 2-byte alignment. */
	TEST_ASSERT_EQUAL(_Alignof(struct fpk_ipv4_hdr), 2, "ipv4 align");
	TEST_ASSERT_EQUAL(_Alignof(struct fpk_ipv6_hdr), 2, "ipv6 align");
	TEST_ASSERT_EQUAL(offsetof(struct fpk_ipv4_hdr, hdr_checksum), 10, "ip cksum");
	TEST_ASSERT_EQUAL(offsetof(struct fpk_ipv4_hdr, src_addr), 12, "ip src");
	TEST_ASSERT_EQUAL(offsetof(struct fpk_ipv4_hdr, dst_addr), 16, "ip dst");
	TEST_ASSERT_EQUAL(offsetof(struct fpk_ipv6_hdr, payload_len), 4, "ip6 len");
	TEST_ASSERT_EQUAL(offsetof(struct fpk_ipv6_hdr, src_addr), 8, "ip6 src");
	TEST_ASSERT_EQUAL(offsetof(struct fpk_ipv6_hdr, dst_addr), 24, "ip6 dst");
	TEST_ASSERT_EQUAL(offsetof(struct fpk_udp_hdr, dgram_cksum), 6, "udp cksum");
	TEST_ASSERT_EQUAL(offsetof(struct fpk_tcp_hdr, cksum), 16, "tcp cksum");
	TEST_ASSERT_EQUAL(offsetof(struct fpk_tcp_hdr, data_off), 12, "tcp data_off");
	TEST_ASSERT_EQUAL(offsetof(struct fpk_icmp_hdr, icmp_cksum), 2, "icmp cksum");
	TEST_ASSERT_EQUAL(offsetof(struct fpk_arp_hdr, arp_opcode), 6, "arp op");
	TEST_ASSERT_EQUAL(offsetof(struct fpk_arp_hdr, arp_data.arp_sip), 14, "arp sip");
	TEST_ASSERT_EQUAL(offsetof(struct fpk_arp_hdr, arp_data.arp_tip), 24, "arp tip");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(net_sizes, test_net_sizes)

static int
test_net_byteorder(void)
{
	uint16_t v16 = fpk_cpu_to_be_16(0x1234);
	uint32_t v32 = fpk_cpu_to_be_32(0x12345678);
	uint64_t v64 = fpk_cpu_to_be_64(UINT64_C(0x0102030405060708));
	const uint8_t *b;
	static const uint16_t constant = FPK_BE16(0x0800); /* must fold at compile time */

	b = (const uint8_t *)&v16;
	TEST_ASSERT(b[0] == 0x12 && b[1] == 0x34, "be16 bytes %02x %02x", b[0], b[1]);
	b = (const uint8_t *)&v32;
	TEST_ASSERT(b[0] == 0x12 && b[3] == 0x78, "be32 bytes");
	b = (const uint8_t *)&v64;
	TEST_ASSERT(b[0] == 1 && b[7] == 8, "be64 bytes");
	TEST_ASSERT_EQUAL(fpk_be_to_cpu_16(v16), 0x1234, "be16 round trip");
	TEST_ASSERT_EQUAL(fpk_be_to_cpu_32(v32), 0x12345678u, "be32 round trip");
	TEST_ASSERT_EQUAL(fpk_be_to_cpu_64(v64), UINT64_C(0x0102030405060708), "be64 round trip");
	TEST_ASSERT_EQUAL(constant, fpk_cpu_to_be_16(0x0800), "FPK_BE16");
	TEST_ASSERT_EQUAL(FPK_BE32(0x0a000001), fpk_cpu_to_be_32(0x0a000001), "FPK_BE32");
	TEST_ASSERT_EQUAL(fpk_le_to_cpu_32(fpk_cpu_to_le_32(0xdeadbeef)), 0xdeadbeefu, "le32");
	TEST_ASSERT_EQUAL(FPK_IPV4(198, 18, 0, 1), 0xc6120001u, "FPK_IPV4");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(net_byteorder, test_net_byteorder)

static int
test_net_raw_cksum(void)
{
	/* RFC 1071 section 3's example: the sum is ddf2. */
	static const uint8_t rfc[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	uint8_t buf[1501];

	TEST_ASSERT_EQUAL(fpk_be_to_cpu_16(fpk_raw_cksum(rfc, sizeof(rfc))), 0xddf2,
			  "RFC 1071 example");
	/* An odd length pads the last byte with a zero after it. */
	TEST_ASSERT_EQUAL(fpk_be_to_cpu_16(fpk_raw_cksum(rfc, 3)), 0xf201, "odd length");
	TEST_ASSERT_EQUAL(fpk_raw_cksum(rfc, 0), 0, "empty");

	srand(7);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)rand();
	for (size_t len = 0; len <= sizeof(buf); len += 37)
		for (size_t off = 0; off < 4; off++)
			TEST_ASSERT_EQUAL(fpk_be_to_cpu_16(fpk_raw_cksum(buf + off,
									 len - (len >= off ? off : len))),
					  ref_sum(buf + off, len - (len >= off ? off : len), 0),
					  "len %zu at offset %zu", len, off);
	/* All ones stays all ones: the sum never folds 0xffff to 0. */
	memset(buf, 0xff, 64);
	TEST_ASSERT_EQUAL(fpk_raw_cksum(buf, 64), 0xffff, "all ones");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(net_raw_cksum, test_net_raw_cksum)

static int
test_net_ipv4_cksum(void)
{
	/* A textbook IPv4 header (192.168.0.1 -> 192.168.0.199, UDP) with checksum b861. */
	static const uint8_t hdr[20] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
	};
	union {
		struct fpk_ipv4_hdr ip;
		uint8_t b[60];
	} u;
	uint16_t want;

	memcpy(u.b, hdr, sizeof(hdr));
	TEST_ASSERT_EQUAL(fpk_ipv4_cksum_verify(&u.ip), 0, "vector verifies");
	TEST_ASSERT_EQUAL(fpk_be_to_cpu_16(fpk_ipv4_cksum(&u.ip)), 0xb861, "vector");
	/* The field's own value does not matter. */
	u.ip.hdr_checksum = 0x1234;
	TEST_ASSERT_EQUAL(fpk_be_to_cpu_16(fpk_ipv4_cksum(&u.ip)), 0xb861, "field ignored");
	TEST_ASSERT_EQUAL(fpk_ipv4_cksum_verify(&u.ip), -1, "wrong field detected");
	u.ip.hdr_checksum = 0;
	TEST_ASSERT_EQUAL(fpk_be_to_cpu_16(fpk_ipv4_cksum(&u.ip)), 0xb861, "field zero");

	/* Options are covered: IHL 6 adds a word. */
	u.ip.version_ihl = 0x46;
	u.b[20] = 0x01;
	u.b[21] = 0x02;
	u.b[22] = 0x03;
	u.b[23] = 0x04;
	u.ip.hdr_checksum = 0;
	want = (uint16_t)~ref_sum(u.b, 24, 0);
	TEST_ASSERT_EQUAL(fpk_be_to_cpu_16(fpk_ipv4_cksum(&u.ip)), want, "options reference");
	u.ip.hdr_checksum = fpk_ipv4_cksum(&u.ip);
	TEST_ASSERT_EQUAL(fpk_ipv4_cksum_verify(&u.ip), 0, "with options");
	u.b[23] ^= 0x40;
	TEST_ASSERT_EQUAL(fpk_ipv4_cksum_verify(&u.ip), -1, "option bit flip detected");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(net_ipv4_cksum, test_net_ipv4_cksum)

/* An IPv4 + UDP datagram: 192.168.0.31:20 -> 192.168.0.30:10, payload "Hi". */
static void
udp4_vector(uint8_t *pkt)
{
	static const uint8_t v[30] = {
		0x45, 0x00, 0x00, 0x1e, 0x00, 0x00, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
		0xc0, 0xa8, 0x00, 0x1f, 0xc0, 0xa8, 0x00, 0x1e,
		0x00, 0x14, 0x00, 0x0a, 0x00, 0x0a, 0x00, 0x00, 'H', 'i',
	};

	memcpy(pkt, v, sizeof(v));
}

static int
test_net_udptcp_cksum(void)
{
	uint8_t pkt[20 + 1480];
	struct fpk_ipv4_hdr *ip = (struct fpk_ipv4_hdr *)pkt;
	struct fpk_udp_hdr *udp = (struct fpk_udp_hdr *)(pkt + 20);
	struct fpk_tcp_hdr *tcp = (struct fpk_tcp_hdr *)(pkt + 20);
	uint16_t ck, w;

	/* The worked example: 35c5. */
	udp4_vector(pkt);
	TEST_ASSERT_EQUAL(fpk_be_to_cpu_16(fpk_ipv4_udptcp_cksum(ip, udp)), 0x35c5, "udp vector");
	udp->dgram_cksum = 0xabcd; /* ignored */
	TEST_ASSERT_EQUAL(fpk_be_to_cpu_16(fpk_ipv4_udptcp_cksum(ip, udp)), 0x35c5, "field ignored");
	TEST_ASSERT_EQUAL(fpk_ipv4_udptcp_cksum_verify(ip, udp), -1, "wrong checksum");
	udp->dgram_cksum = 0;
	TEST_ASSERT_EQUAL(fpk_ipv4_udptcp_cksum_verify(ip, udp), 0, "UDP 0 means none");
	udp->dgram_cksum = fpk_cpu_to_be_16(0x35c5);
	TEST_ASSERT_EQUAL(fpk_ipv4_udptcp_cksum_verify(ip, udp), 0, "right checksum");
	TEST_ASSERT_EQUAL(fpk_be_to_cpu_16(fpk_ipv4_phdr_cksum(ip)),
			  ref_sum((const uint8_t[]){ 0xc0, 0xa8, 0x00, 0x1f, 0xc0, 0xa8, 0x00, 0x1e,
						     0x00, 0x11, 0x00, 0x0a }, 12, 0),
			  "pseudo header");

	/* A sum that comes to 0 goes on the wire as ffff: make the payload cancel it. */
	udp4_vector(pkt);
	memset(pkt + 28, 0, 2);
	ck = fpk_ipv4_udptcp_cksum(ip, udp);
	memcpy(pkt + 28, &ck, 2);
	TEST_ASSERT_EQUAL(fpk_ipv4_udptcp_cksum(ip, udp), 0xffff, "zero sent as ffff");
	udp->dgram_cksum = 0xffff;
	TEST_ASSERT_EQUAL(fpk_ipv4_udptcp_cksum_verify(ip, udp), 0, "ffff verifies");

	/* TCP over IPv4 with an odd-length payload, against the reference sum. */
	memset(pkt, 0, sizeof(pkt));
	ip->version_ihl = FPK_IPV4_VHL_DEF;
	ip->total_length = fpk_cpu_to_be_16(20 + 20 + 333);
	ip->next_proto_id = FPK_IPPROTO_TCP;
	ip->src_addr = fpk_cpu_to_be_32(FPK_IPV4(10, 0, 0, 1));
	ip->dst_addr = fpk_cpu_to_be_32(FPK_IPV4(10, 0, 0, 2));
	tcp->src_port = fpk_cpu_to_be_16(1234);
	tcp->dst_port = fpk_cpu_to_be_16(80);
	tcp->data_off = 5 << 4;
	for (int i = 0; i < 333; i++)
		pkt[40 + i] = (uint8_t)(i * 13);
	ck = fpk_ipv4_udptcp_cksum(ip, tcp);
	{
		/* Pseudo header: addresses, zero, protocol, TCP length 353 (0x0161). */
		static const uint8_t ph[12] = { 10, 0, 0, 1, 10, 0, 0, 2, 0, FPK_IPPROTO_TCP,
						0x01, 0x61 };

		w = (uint16_t)~ref_sum(pkt + 20, 20 + 333, ref_sum(ph, 12, 0));
	}
	TEST_ASSERT_EQUAL(fpk_be_to_cpu_16(ck), w, "tcp reference");
	tcp->cksum = ck;
	TEST_ASSERT_EQUAL(fpk_ipv4_udptcp_cksum_verify(ip, tcp), 0, "tcp verifies");
	pkt[100] ^= 1;
	TEST_ASSERT_EQUAL(fpk_ipv4_udptcp_cksum_verify(ip, tcp), -1, "tcp payload flip");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(net_udptcp_cksum, test_net_udptcp_cksum)

static int
test_net_ipv6_cksum(void)
{
	uint8_t pkt[40 + 10];
	struct fpk_ipv6_hdr *ip6 = (struct fpk_ipv6_hdr *)pkt;
	struct fpk_udp_hdr *udp = (struct fpk_udp_hdr *)(pkt + 40);

	/* ::1 -> ::2, UDP 1 -> 2, "Hi": worked by hand to b76b. */
	memset(pkt, 0, sizeof(pkt));
	ip6->vtc_flow = FPK_IPV6_VTC_FLOW_DEF;
	ip6->payload_len = fpk_cpu_to_be_16(10);
	ip6->proto = FPK_IPPROTO_UDP;
	ip6->hop_limits = 64;
	ip6->src_addr[15] = 1;
	ip6->dst_addr[15] = 2;
	udp->src_port = fpk_cpu_to_be_16(1);
	udp->dst_port = fpk_cpu_to_be_16(2);
	udp->dgram_len = fpk_cpu_to_be_16(10);
	pkt[48] = 'H';
	pkt[49] = 'i';
	TEST_ASSERT_EQUAL(pkt[0], 0x60, "version 6");
	TEST_ASSERT_EQUAL(fpk_be_to_cpu_16(fpk_ipv6_udptcp_cksum(ip6, udp)), 0xb76b, "vector");
	TEST_ASSERT_EQUAL(fpk_ipv6_udptcp_cksum_verify(ip6, udp), -1, "UDP 0 is wrong over IPv6");
	udp->dgram_cksum = fpk_ipv6_udptcp_cksum(ip6, udp);
	TEST_ASSERT_EQUAL(fpk_ipv6_udptcp_cksum_verify(ip6, udp), 0, "verifies");
	ip6->src_addr[0] ^= 0x80;
	TEST_ASSERT_EQUAL(fpk_ipv6_udptcp_cksum_verify(ip6, udp), -1, "address is covered");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(net_ipv6_cksum, test_net_ipv6_cksum)

/* Write @len bytes at offset @off of the chain @m. */
static void
chain_write(struct fpk_mbuf *m, uint32_t off, const void *src, uint32_t len)
{
	const uint8_t *s = src;

	for (; m != NULL && len > 0; m = m->next) {
		if (off >= m->data_len) {
			off -= m->data_len;
			continue;
		}
		for (; off < m->data_len && len > 0; off++, len--)
			*fpk_pktmbuf_mtod_offset(m, uint8_t *, off) = *s++;
		off = 0;
	}
}

/* Chain @len bytes of @data into segments of the given lengths. */
static struct fpk_mbuf *
chain_of(struct fpk_mempool *mp, const uint8_t *data, const uint16_t *lens, unsigned int nb)
{
	struct fpk_mbuf *head = NULL;

	for (unsigned int i = 0; i < nb; i++) {
		struct fpk_mbuf *m = fpk_pktmbuf_alloc(mp);
		char *p;

		if (m == NULL)
			break;
		p = fpk_pktmbuf_append(m, lens[i]);
		memcpy(p, data, lens[i]);
		data += lens[i];
		if (head == NULL)
			head = m;
		else
			fpk_pktmbuf_chain(head, m);
	}
	return head;
}

static int
test_net_cksum_mbuf(void)
{
	static const uint16_t lens[] = { 31, 1, 17, 200, 3, 148 }; /* odd splits: 400 bytes */
	struct fpk_mempool *mp = fpk_pktmbuf_pool_create("t_net_mp", 64, 0, 0,
							 FPK_MBUF_DEFAULT_BUF_SIZE, 0);
	uint8_t data[400], tmp[400];
	struct fpk_ipv4_hdr *ip = (struct fpk_ipv4_hdr *)(data + 14);
	struct fpk_mbuf *m;
	uint16_t ck;
	int ret = TEST_FAILED;

	TEST_ASSERT_NOT_NULL(mp, "pool");
	srand(11);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)rand();
	/* Ethernet, then IPv4/UDP over the rest. */
	memset(data, 0, 34);
	ip->version_ihl = FPK_IPV4_VHL_DEF;
	ip->total_length = fpk_cpu_to_be_16(400 - 14);
	ip->next_proto_id = FPK_IPPROTO_UDP;
	ip->src_addr = fpk_cpu_to_be_32(FPK_IPV4(1, 2, 3, 4));
	ip->dst_addr = fpk_cpu_to_be_32(FPK_IPV4(5, 6, 7, 8));
	data[14 + 20 + 4] = (400 - 34) >> 8;
	data[14 + 20 + 5] = (400 - 34) & 0xff;
	m = chain_of(mp, data, lens, FPK_DIM(lens));
	if (m == NULL || m->pkt_len != 400 || m->nb_segs != FPK_DIM(lens)) {
		printf("  cannot build the chain\n");
		goto out;
	}
	for (uint32_t off = 0; off < 400; off += 29) {
		for (uint32_t len = 0; off + len <= 400; len += 53) {
			if (fpk_raw_cksum_mbuf(m, off, len, &ck) != 0 ||
			    ck != fpk_raw_cksum(data + off, len)) {
				printf("  raw sum at %u+%u differs\n", off, len);
				goto out;
			}
		}
	}
	if (fpk_raw_cksum_mbuf(m, 390, 11, &ck) != -1) {
		printf("  a range past the end must fail\n");
		goto out;
	}
	ck = fpk_ipv4_udptcp_cksum_mbuf(m, ip, 34);
	memcpy(tmp, data, sizeof(data));
	if (ck != fpk_ipv4_udptcp_cksum((struct fpk_ipv4_hdr *)(tmp + 14), tmp + 34)) {
		printf("  mbuf and flat UDP checksums differ\n");
		goto out;
	}
	/* Store it in the chain (third segment) and verify across segments. */
	chain_write(m, 34 + 6, &ck, 2);
	if (fpk_ipv4_udptcp_cksum_mbuf_verify(m, ip, 34) != 0) {
		printf("  chain does not verify\n");
		goto out;
	}
	/* A flipped byte in the fourth segment is caught. */
	*fpk_pktmbuf_mtod_offset(m->next->next->next, uint8_t *, 5) ^= 0x10;
	if (fpk_ipv4_udptcp_cksum_mbuf_verify(m, ip, 34) != -1) {
		printf("  flipped byte not detected\n");
		goto out;
	}
	ret = TEST_SUCCESS;
out:
	fpk_pktmbuf_free(m);
	TEST_ASSERT(fpk_mempool_full(mp), "mbufs leaked");
	fpk_mempool_free(mp);
	return ret;
}
FPK_TEST_REGISTER(net_cksum_mbuf, test_net_cksum_mbuf)

/*
 * Microsoft's RSS verification suite ("Verifying the RSS Hash Calculation",
 * also in the Intel datasheets), for fpk_thash_default_key. The hash input
 * is source then destination, although the published tables list the
 * destination first.
 */
struct thash_vector {
	const char *src;
	const char *dst;
	uint16_t sport;
	uint16_t dport;
	uint32_t hash_l3;   /* the "IPv4 only" / "IPv6 only" column */
	uint32_t hash_l4;   /* the "with TCP" column: ports hashed too */
};

static const struct thash_vector thash_v4[] = {
	{ "66.9.149.187", "161.142.100.80", 2794, 1766, 0x323e8fc2, 0x51ccc178 },
	{ "199.92.111.2", "65.69.140.83", 14230, 4739, 0xd718262a, 0xc626b0ea },
	{ "24.19.198.95", "12.22.207.184", 12898, 38024, 0xd2d0a5de, 0x5c2b394a },
	{ "38.27.205.30", "209.142.163.6", 48228, 2217, 0x82989176, 0xafc7327f },
	{ "153.39.163.191", "202.188.127.2", 44251, 1303, 0x5d1809c5, 0x10e828a2 },
};

static const struct thash_vector thash_v6[] = {
	{ "3ffe:2501:200:1fff::7", "3ffe:2501:200:3::1", 2794, 1766,
	  0x2cc18cd5, 0x40207d3d },
	{ "3ffe:501:8::260:97ff:fe40:efab", "ff02::1", 14230, 4739,
	  0x0f0c461c, 0xdde51bbf },
	{ "3ffe:1900:4545:3:200:f8ff:fe21:67cf", "fe80::200:f8ff:fe21:67cf", 44251, 38024,
	  0x4b61e985, 0x02d1feef },
};

/* The TCP header of @v: its ports, the rest zero. */
static void
thash_tcp(const struct thash_vector *v, struct fpk_tcp_hdr *tcp)
{
	memset(tcp, 0, sizeof(*tcp));
	tcp->src_port = fpk_cpu_to_be_16(v->sport);
	tcp->dst_port = fpk_cpu_to_be_16(v->dport);
}

/* The IPv4 and TCP headers of @v. */
static int
thash_v4_hdrs(const struct thash_vector *v, struct fpk_ipv4_hdr *ip, struct fpk_tcp_hdr *tcp)
{
	uint32_t a;

	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = FPK_IPV4_VHL_DEF;
	ip->next_proto_id = FPK_IPPROTO_TCP;
	TEST_ASSERT_EQUAL(inet_pton(AF_INET, v->src, &a), 1, "%s", v->src);
	ip->src_addr = a;
	TEST_ASSERT_EQUAL(inet_pton(AF_INET, v->dst, &a), 1, "%s", v->dst);
	ip->dst_addr = a;
	thash_tcp(v, tcp);
	return TEST_SUCCESS;
}

/*
 * Check one vector through both APIs. @t3 and @t4 are the tuples built
 * without and with the TCP header @tcp (@n3 and @n4 words; @t3 was zeroed
 * first); @addrs the header's address bytes, source then destination, as
 * many as @t3 has. The byte input is those bytes, then the ports, as a NIC
 * reads them.
 */
static int
thash_check(const struct thash_vector *v, const uint32_t *t3, uint32_t n3, const uint32_t *t4,
	    uint32_t n4, const uint8_t *addrs, const struct fpk_tcp_hdr *tcp)
{
	const uint8_t *key = fpk_thash_default_key;
	size_t l3_len = 4 * (size_t)n3;
	uint8_t bytes[36];
	uint32_t h = 0;

	TEST_ASSERT_EQUAL(n4, n3 + 1, "%s: the ports are one more word", v->src);
	TEST_ASSERT_EQUAL(t3[n3], 0, "%s: ports written without an L4 header", v->src);
	TEST_ASSERT(memcmp(t3, t4, l3_len) == 0, "%s: addresses differ with ports", v->src);
	TEST_ASSERT_EQUAL(t4[n3], (uint32_t)v->sport << 16 | v->dport, "%s: ports word", v->src);
	TEST_ASSERT_EQUAL(fpk_softrss(t3, n3, key), v->hash_l3,
			  "%s -> %s: softrss without ports %08x", v->src, v->dst,
			  fpk_softrss(t3, n3, key));
	TEST_ASSERT_EQUAL(fpk_softrss(t4, n4, key), v->hash_l4,
			  "%s -> %s: softrss with ports %08x", v->src, v->dst,
			  fpk_softrss(t4, n4, key));

	memcpy(bytes, addrs, l3_len);
	memcpy(bytes + l3_len, tcp, 4);
	TEST_ASSERT_SUCCESS(fpk_thash_bytes(bytes, l3_len, key, FPK_THASH_KEY_LEN, &h),
			    "%s: bytes without ports", v->src);
	TEST_ASSERT_EQUAL(h, v->hash_l3, "%s -> %s: bytes without ports %08x", v->src, v->dst, h);
	TEST_ASSERT_SUCCESS(fpk_thash_bytes(bytes, l3_len + 4, key, FPK_THASH_KEY_LEN, &h),
			    "%s: bytes with ports", v->src);
	TEST_ASSERT_EQUAL(h, v->hash_l4, "%s -> %s: bytes with ports %08x", v->src, v->dst, h);
	return TEST_SUCCESS;
}

static int
test_net_thash_ipv4(void)
{
	for (size_t i = 0; i < FPK_DIM(thash_v4); i++) {
		struct fpk_ipv4_hdr ip;
		struct fpk_tcp_hdr tcp;
		uint32_t t3[FPK_THASH_V4_L4_LEN] = { 0 }, t4[FPK_THASH_V4_L4_LEN], n3, n4;

		TEST_RUN(thash_v4_hdrs(&thash_v4[i], &ip, &tcp));
		n3 = fpk_thash_tuple_ipv4(&ip, NULL, t3);
		n4 = fpk_thash_tuple_ipv4(&ip, &tcp, t4);
		TEST_ASSERT_EQUAL(n3, FPK_THASH_V4_L3_LEN, "IPv4 tuple without ports");
		TEST_ASSERT_EQUAL(t4[0], fpk_be_to_cpu_32(ip.src_addr), "source word in CPU order");
		/* The addresses lie contiguous in the header, source first. */
		TEST_RUN(thash_check(&thash_v4[i], t3, n3, t4, n4, (const uint8_t *)&ip + 12, &tcp));
	}
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(net_thash_ipv4, test_net_thash_ipv4)

static int
test_net_thash_ipv6(void)
{
	for (size_t i = 0; i < FPK_DIM(thash_v6); i++) {
		const struct thash_vector *v = &thash_v6[i];
		struct fpk_ipv6_hdr ip;
		struct fpk_tcp_hdr tcp;
		uint32_t t3[FPK_THASH_V6_L4_LEN] = { 0 }, t4[FPK_THASH_V6_L4_LEN], n3, n4;

		memset(&ip, 0, sizeof(ip));
		ip.vtc_flow = FPK_IPV6_VTC_FLOW_DEF;
		ip.proto = FPK_IPPROTO_TCP;
		TEST_ASSERT_EQUAL(inet_pton(AF_INET6, v->src, ip.src_addr), 1, "%s", v->src);
		TEST_ASSERT_EQUAL(inet_pton(AF_INET6, v->dst, ip.dst_addr), 1, "%s", v->dst);
		thash_tcp(v, &tcp);
		n3 = fpk_thash_tuple_ipv6(&ip, NULL, t3);
		n4 = fpk_thash_tuple_ipv6(&ip, &tcp, t4);
		TEST_ASSERT_EQUAL(n3, FPK_THASH_V6_L3_LEN, "IPv6 tuple without ports");
		TEST_RUN(thash_check(v, t3, n3, t4, n4, ip.src_addr, &tcp));
	}
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(net_thash_ipv6, test_net_thash_ipv6)

/*
 * Beyond the vectors: the hash is linear (XOR of inputs gives XOR of
 * hashes), which a hash that mixes bits some other way would break, and the
 * word and byte forms agree on random input and random keys.
 */
static int
test_net_thash_random(void)
{
	uint8_t key[FPK_THASH_KEY_LEN], a[36], b[36], x[36];
	uint32_t wa[9], ha, hb, hx;

	srand(13);
	for (int round = 0; round < 200; round++) {
		size_t words = (size_t)(rand() % 10);

		for (size_t i = 0; i < sizeof(key); i++)
			key[i] = (uint8_t)rand();
		for (size_t i = 0; i < sizeof(a); i++) {
			a[i] = (uint8_t)rand();
			b[i] = (uint8_t)rand();
			x[i] = a[i] ^ b[i];
		}
		for (size_t i = 0; i < words; i++)
			wa[i] = (uint32_t)a[4 * i] << 24 | (uint32_t)a[4 * i + 1] << 16 |
				(uint32_t)a[4 * i + 2] << 8 | a[4 * i + 3];
		TEST_ASSERT_SUCCESS(fpk_thash_bytes(a, 4 * words, key, sizeof(key), &ha), "a");
		TEST_ASSERT_EQUAL(fpk_softrss(wa, (uint32_t)words, key), ha,
				  "round %d: words and bytes differ over %zu words", round, words);
		TEST_ASSERT_SUCCESS(fpk_thash_bytes(b, 4 * words, key, sizeof(key), &hb), "b");
		TEST_ASSERT_SUCCESS(fpk_thash_bytes(x, 4 * words, key, sizeof(key), &hx), "x");
		TEST_ASSERT_EQUAL(hx, ha ^ hb, "round %d: not linear over %zu words", round, words);
	}
	/* One bit set: the hash is the key's 32 bits from that bit on. */
	memset(x, 0, sizeof(x));
	x[1] = 0x10; /* bit 11 */
	TEST_ASSERT_SUCCESS(fpk_thash_bytes(x, 2, fpk_thash_default_key, FPK_THASH_KEY_LEN, &hx),
			    "one bit");
	TEST_ASSERT_EQUAL(hx, (uint32_t)(UINT64_C(0x6d5a56da255b) >> (48 - 11 - 32)),
			  "one bit: %08x", hx);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(net_thash_random, test_net_thash_random)

static int
test_net_thash_key_len(void)
{
	static const uint8_t data[36];
	const uint8_t *key = fpk_thash_default_key;
	uint32_t h = 0x5a5a5a5a;

	/* The key must reach 32 bits past the last input bit: len + 4 bytes. */
	TEST_ASSERT_SUCCESS(fpk_thash_bytes(data, 36, key, 40, &h), "36 bytes, 40-byte key");
	TEST_ASSERT_EQUAL(h, 0, "zero input hashes to 0");
	h = 0x5a5a5a5a;
	TEST_ASSERT_EQUAL(fpk_thash_bytes(data, 36, key, 39, &h), -EINVAL, "39-byte key");
	TEST_ASSERT_EQUAL(h, 0x5a5a5a5a, "hash left alone on error");
	TEST_ASSERT_SUCCESS(fpk_thash_bytes(data, 12, key, 16, &h), "12 bytes, 16-byte key");
	TEST_ASSERT_EQUAL(fpk_thash_bytes(data, 13, key, 16, &h), -EINVAL, "13 bytes, 16-byte key");
	TEST_ASSERT_SUCCESS(fpk_thash_bytes(NULL, 0, key, 4, &h), "no input, 4-byte key");
	TEST_ASSERT_EQUAL(h, 0, "no input hashes to 0");
	TEST_ASSERT_EQUAL(fpk_thash_bytes(data, 0, key, 3, &h), -EINVAL, "3-byte key");
	/* A length near SIZE_MAX must not wrap around the check. */
	TEST_ASSERT_EQUAL(fpk_thash_bytes(data, SIZE_MAX - 2, key, 40, &h), -EINVAL, "huge len");
	TEST_ASSERT_EQUAL(fpk_thash_bytes(NULL, 4, key, 40, &h), -EINVAL, "NULL data");
	TEST_ASSERT_EQUAL(fpk_thash_bytes(data, 4, NULL, 40, &h), -EINVAL, "NULL key");
	TEST_ASSERT_EQUAL(fpk_thash_bytes(data, 4, key, 40, NULL), -EINVAL, "NULL hash");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(net_thash_key_len, test_net_thash_key_len)

static int
test_net_thash_reta(void)
{
	uint16_t reta[128], small[4];
	uint16_t one = 7;

	for (uint16_t i = 0; i < 128; i++)
		reta[i] = i;
	/* The low 7 bits pick the entry; the rest of the hash does not count. */
	TEST_ASSERT_EQUAL(fpk_thash_reta_queue(0x51ccc178, reta, 128), 0x78, "low bits");
	TEST_ASSERT_EQUAL(fpk_thash_reta_queue(0xffffff80, reta, 128), 0, "high bits ignored");
	TEST_ASSERT_EQUAL(fpk_thash_reta_queue(0x0000007f, reta, 128), 127, "last entry");
	for (uint32_t s = 1; s <= 128; s <<= 1)
		for (uint32_t h = 0; h < 1024; h += 37)
			TEST_ASSERT_EQUAL(fpk_thash_reta_queue(h * 0x9e3779b1u, reta, s),
					  (h * 0x9e3779b1u) & (s - 1), "size %u hash %u", s, h);
	TEST_ASSERT_EQUAL(fpk_thash_reta_queue(0xdeadbeef, &one, 1), 7, "one entry");

	/*
	 * Where the suite's TCP flows land with a 128-entry table spread over
	 * four queues round robin (entry i -> queue i % 4, as drivers fill it
	 * by default), and with a 4-entry table naming queues 3, 2, 1, 0.
	 */
	for (uint16_t i = 0; i < 128; i++)
		reta[i] = i % 4;
	for (uint16_t i = 0; i < 4; i++)
		small[i] = (uint16_t)(3 - i);
	{
		static const uint16_t want128[] = { 0, 2, 2, 3, 2 }; /* entries 120, 106, 74, 127, 34 */
		static const uint16_t want4[] = { 3, 1, 1, 0, 1 };

		for (size_t i = 0; i < FPK_DIM(thash_v4); i++) {
			struct fpk_ipv4_hdr ip;
			struct fpk_tcp_hdr tcp;
			uint32_t t[FPK_THASH_V4_L4_LEN], n, h;

			TEST_RUN(thash_v4_hdrs(&thash_v4[i], &ip, &tcp));
			n = fpk_thash_tuple_ipv4(&ip, &tcp, t);
			h = fpk_softrss(t, n, fpk_thash_default_key);
			TEST_ASSERT_EQUAL(fpk_thash_reta_queue(h, reta, 128), want128[i],
					  "flow %zu: 128 entries", i);
			TEST_ASSERT_EQUAL(fpk_thash_reta_queue(h, small, 4), want4[i],
					  "flow %zu: 4 entries", i);
		}
	}
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(net_thash_reta, test_net_thash_reta)
