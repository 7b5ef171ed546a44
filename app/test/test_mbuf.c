/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of lib/mbuf: pool creation, the state of a fresh mbuf and its
 * DMA addresses, alloc/free single and bulk, headroom and tailroom limits
 * of append/prepend/adj/trim, chains (pkt_len, nb_segs, reads across
 * segments), reference counts (also from two lcores at once), clones and
 * attach/detach freed in every order, dumps and sanity checks. Every test
 * checks that its pools are full again at the end.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fpk_eal.h>
#include <fpk_mbuf.h>
#include <fpk_memory.h>

#include "test.h"

#define NB_MBUF 64

typedef int (*mbuf_body_t)(struct fpk_mempool *mp);

/* Run @body on a fresh pool, then check nothing leaked and free the pool. */
static int
with_mbuf_pool(const char *name, unsigned int cache_size, uint16_t priv_size, mbuf_body_t body)
{
	struct fpk_mempool *mp;
	int ret;

	mp = fpk_pktmbuf_pool_create(name, NB_MBUF, cache_size, priv_size,
				     FPK_MBUF_DEFAULT_BUF_SIZE, FPK_SOCKET_ID_ANY);
	TEST_ASSERT_NOT_NULL(mp, "pool '%s': errno %d", name, fpk_errno);
	ret = body(mp);
	if (ret == TEST_SUCCESS && !fpk_mempool_full(mp)) {
		printf("  pool '%s': %u of %u mbufs free afterwards (fewer: leaked; more: "
		       "put back twice)\n", name, fpk_mempool_avail_count(mp), mp->size);
		ret = TEST_FAILED;
	}
	fpk_mempool_free(mp);
	return ret;
}

static int
test_mbuf_pool_create(void)
{
	struct fpk_mempool *mp;

	fpk_errno = 0;
	TEST_ASSERT_NULL(fpk_pktmbuf_pool_create("mbt_bad", NB_MBUF, 0, 7,
						 FPK_MBUF_DEFAULT_BUF_SIZE, FPK_SOCKET_ID_ANY),
			 "private size 7 accepted");
	TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "priv 7: errno %d", fpk_errno);
	fpk_errno = 0;
	TEST_ASSERT_NULL(fpk_pktmbuf_pool_create("mbt_bad", 0, 0, 0, FPK_MBUF_DEFAULT_BUF_SIZE,
						 FPK_SOCKET_ID_ANY), "0 mbufs accepted");
	TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "n 0: errno %d", fpk_errno);

	mp = fpk_pktmbuf_pool_create("mbt_pool", NB_MBUF, 8, 16, FPK_MBUF_DEFAULT_BUF_SIZE,
				     FPK_SOCKET_ID_ANY);
	TEST_ASSERT_NOT_NULL(mp, "create: errno %d", fpk_errno);
	if (fpk_mempool_lookup("mbt_pool") != mp ||
	    fpk_pktmbuf_data_room_size(mp) != FPK_MBUF_DEFAULT_BUF_SIZE ||
	    fpk_pktmbuf_priv_size(mp) != 16 ||
	    mp->elt_size != sizeof(struct fpk_mbuf) + 16 + FPK_MBUF_DEFAULT_BUF_SIZE) {
		printf("  lookup %p (pool %p), data room %u, priv %u, elt_size %u\n",
		       (void *)fpk_mempool_lookup("mbt_pool"), (void *)mp,
		       fpk_pktmbuf_data_room_size(mp), fpk_pktmbuf_priv_size(mp), mp->elt_size);
		fpk_mempool_free(mp);
		return TEST_FAILED;
	}
	fpk_mempool_free(mp);
	TEST_ASSERT_EQUAL(FPK_MBUF_DEFAULT_BUF_SIZE, 2048 + 128, "default buffer size");
	TEST_ASSERT_EQUAL(FPK_PKTMBUF_HEADROOM, 128, "default headroom");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(mbuf_pool_create, test_mbuf_pool_create)

/* Everything a fresh allocation promises. */
static int
check_fresh(struct fpk_mempool *mp, struct fpk_mbuf *m)
{
	uint16_t priv = fpk_pktmbuf_priv_size(mp);
	uint16_t headroom = (uint16_t)FPK_MIN(FPK_PKTMBUF_HEADROOM, m ? m->buf_len : 0);

	TEST_ASSERT_NOT_NULL(m, "NULL mbuf");
	TEST_ASSERT_EQUAL((uintptr_t)m % FPK_CACHE_LINE_SIZE, 0u, "mbuf %p unaligned", (void *)m);
	TEST_ASSERT(m->pool == mp, "pool %p, expected %p", (void *)m->pool, (void *)mp);
	TEST_ASSERT_EQUAL(fpk_mbuf_refcnt_read(m), 1, "refcnt %u", fpk_mbuf_refcnt_read(m));
	TEST_ASSERT(m->nb_segs == 1 && m->next == NULL, "nb_segs %u next %p", m->nb_segs,
		    (void *)m->next);
	TEST_ASSERT(m->pkt_len == 0 && m->data_len == 0, "pkt_len %u data_len %u", m->pkt_len,
		    m->data_len);
	TEST_ASSERT(m->ol_flags == 0 && m->packet_type == 0 && m->tx_offload == 0 &&
		    m->vlan_tci == 0, "metadata left over");
	TEST_ASSERT_EQUAL(m->port, FPK_MBUF_PORT_INVALID, "port %u", m->port);
	TEST_ASSERT_EQUAL(m->priv_size, priv, "priv_size %u", m->priv_size);
	TEST_ASSERT(fpk_mbuf_to_priv(m) == (void *)(m + 1), "private area not after the mbuf");
	TEST_ASSERT(m->buf_addr == (char *)(m + 1) + priv, "buf_addr %p, mbuf %p", m->buf_addr,
		    (void *)m);
	TEST_ASSERT_EQUAL(m->buf_len, fpk_pktmbuf_data_room_size(mp), "buf_len %u", m->buf_len);
	TEST_ASSERT_EQUAL(fpk_pktmbuf_headroom(m), headroom, "headroom %u",
			  fpk_pktmbuf_headroom(m));
	TEST_ASSERT_EQUAL(fpk_pktmbuf_tailroom(m), m->buf_len - headroom, "tailroom %u",
			  fpk_pktmbuf_tailroom(m));
	TEST_ASSERT_EQUAL(m->buf_iova, fpk_mem_virt2iova(m->buf_addr),
			  "buf_iova 0x%llx, EAL says 0x%llx", (unsigned long long)m->buf_iova,
			  (unsigned long long)fpk_mem_virt2iova(m->buf_addr));
	TEST_ASSERT_EQUAL(fpk_pktmbuf_iova(m), fpk_mem_virt2iova(fpk_pktmbuf_mtod(m, void *)),
			  "data iova");
	TEST_ASSERT(headroom < FPK_PKTMBUF_HEADROOM ||
		    fpk_mbuf_data_iova_default(m) == fpk_pktmbuf_iova(m), "default iova");
	TEST_ASSERT(m->buf_iova == FPK_BAD_IOVA ||
		    fpk_mem_iova_contig_len(m->buf_addr, m->buf_len) >= m->buf_len,
		    "buffer of %p is not DMA-contiguous", (void *)m);
	TEST_ASSERT_SUCCESS(fpk_mbuf_sanity_check(m, 1), "sanity check");
	return TEST_SUCCESS;
}

static void
count_bad_fresh(struct fpk_mempool *mp, void *arg, void *obj, unsigned int idx)
{
	(void)idx;
	*(unsigned int *)arg += check_fresh(mp, obj) != TEST_SUCCESS;
}

static int
alloc_free_body(struct fpk_mempool *mp)
{
	struct fpk_mbuf *mbufs[NB_MBUF + 5], *m;
	unsigned int bad = 0;

	/* Every mbuf of the pool, as the constructor left it. */
	TEST_ASSERT_EQUAL(fpk_mempool_obj_iter(mp, count_bad_fresh, &bad), (unsigned int)NB_MBUF,
			  "obj_iter count");
	TEST_ASSERT_EQUAL(bad, 0u, "%u mbufs not in the fresh state", bad);

	m = fpk_pktmbuf_alloc(mp);
	TEST_RUN(check_fresh(mp, m));
	TEST_ASSERT_EQUAL(fpk_mempool_in_use_count(mp), 1u, "in use after alloc");
	/* Dirty it, reset it. */
	fpk_pktmbuf_append(m, 10);
	m->ol_flags = FPK_MBUF_F_RX_VLAN;
	m->vlan_tci = 7;
	m->port = 3;
	m->l2_len = 14;
	m->packet_type = 1;
	fpk_pktmbuf_reset(m);
	TEST_RUN(check_fresh(mp, m));
	fpk_pktmbuf_free(m);
	fpk_pktmbuf_free(NULL);
	TEST_ASSERT(fpk_mempool_full(mp), "free did not return the mbuf");

	/* The whole pool, then nothing more. */
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_alloc_bulk(mp, mbufs, NB_MBUF), "bulk of the whole pool");
	for (unsigned int i = 0; i < NB_MBUF; i++)
		TEST_RUN(check_fresh(mp, mbufs[i]));
	TEST_ASSERT_NULL(fpk_pktmbuf_alloc(mp), "alloc from an empty pool");
	TEST_ASSERT_EQUAL(fpk_pktmbuf_alloc_bulk(mp, &mbufs[NB_MBUF], 1), -ENOENT,
			  "bulk alloc from an empty pool");
	fpk_pktmbuf_free_bulk(mbufs, NB_MBUF);
	TEST_ASSERT(fpk_mempool_full(mp), "free_bulk did not return everything");

	/* All or nothing: 4 left, a bulk of 5 takes none. */
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_alloc_bulk(mp, mbufs, NB_MBUF - 4), "bulk of %u",
			    NB_MBUF - 4);
	TEST_ASSERT_EQUAL(fpk_pktmbuf_alloc_bulk(mp, &mbufs[NB_MBUF - 4], 5), -ENOENT,
			  "bulk of 5 with 4 left");
	TEST_ASSERT_EQUAL(fpk_mempool_avail_count(mp), 4u, "failed bulk took mbufs");
	/* free_bulk skips NULL entries. */
	m = mbufs[3];
	mbufs[3] = NULL;
	mbufs[NB_MBUF - 4] = NULL;
	fpk_pktmbuf_free_bulk(mbufs, NB_MBUF - 3);
	TEST_ASSERT_EQUAL(fpk_mempool_avail_count(mp), (unsigned int)NB_MBUF - 1,
			  "free_bulk with NULLs");
	fpk_pktmbuf_free(m);
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_alloc_bulk(mp, mbufs, 0), "bulk of 0");
	return TEST_SUCCESS;
}

static int
test_mbuf_alloc_free(void)
{
	TEST_RUN(with_mbuf_pool("mbt_alloc", 0, 0, alloc_free_body));
	TEST_RUN(with_mbuf_pool("mbt_alloc_c", 16, 0, alloc_free_body));
	TEST_RUN(with_mbuf_pool("mbt_alloc_priv", 16, 64, alloc_free_body));
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(mbuf_alloc_free, test_mbuf_alloc_free)

static int
data_ops_body(struct fpk_mempool *mp)
{
	struct fpk_mbuf *m = fpk_pktmbuf_alloc(mp);
	uint16_t room;
	char *p, *data;
	int ret = TEST_FAILED;

	TEST_ASSERT_NOT_NULL(m, "alloc");
	room = fpk_pktmbuf_tailroom(m);
	data = fpk_pktmbuf_mtod(m, char *);

	/* append: exactly the tailroom fits, one byte more does not. */
	if (fpk_pktmbuf_append(m, 0) != data) {
		printf("  append(0) did not point at the data end\n");
		goto out;
	}
	p = fpk_pktmbuf_append(m, 100);
	if (p != data || m->data_len != 100 || m->pkt_len != 100) {
		printf("  append(100): %p (data %p), data_len %u pkt_len %u\n", (void *)p,
		       (void *)data, m->data_len, m->pkt_len);
		goto out;
	}
	for (unsigned int i = 0; i < 100; i++)
		p[i] = (char)i;
	p = fpk_pktmbuf_append(m, (uint16_t)(room - 100));
	if (p != data + 100 || fpk_pktmbuf_tailroom(m) != 0 || m->pkt_len != room) {
		printf("  append to the end: %p, tailroom %u\n", (void *)p, fpk_pktmbuf_tailroom(m));
		goto out;
	}
	if (fpk_pktmbuf_append(m, 1) != NULL || m->data_len != room || m->pkt_len != room) {
		printf("  append past the tailroom succeeded or changed lengths\n");
		goto out;
	}
	/* trim: the whole segment may go, not a byte more. */
	if (fpk_pktmbuf_trim(m, (uint16_t)(room + 1)) != -EINVAL || m->data_len != room) {
		printf("  trim past the data\n");
		goto out;
	}
	if (fpk_pktmbuf_trim(m, (uint16_t)(room - 100)) != 0 || m->data_len != 100 ||
	    m->pkt_len != 100) {
		printf("  trim to 100: data_len %u\n", m->data_len);
		goto out;
	}
	/* prepend: exactly the headroom fits; the old data follows the new bytes. */
	p = fpk_pktmbuf_prepend(m, 28);
	if (p != data - 28 || m->data_len != 128 || m->pkt_len != 128 ||
	    fpk_pktmbuf_headroom(m) != FPK_PKTMBUF_HEADROOM - 28 || p[28] != 0 || p[29] != 1) {
		printf("  prepend(28): %p (data %p) data_len %u\n", (void *)p, (void *)data,
		       m->data_len);
		goto out;
	}
	p = fpk_pktmbuf_prepend(m, FPK_PKTMBUF_HEADROOM - 28);
	if (p != m->buf_addr || m->data_off != 0) {
		printf("  prepend to the buffer start: %p (buf %p)\n", (void *)p, m->buf_addr);
		goto out;
	}
	if (fpk_pktmbuf_prepend(m, 1) != NULL || m->data_off != 0 ||
	    m->pkt_len != 100 + FPK_PKTMBUF_HEADROOM) {
		printf("  prepend past the headroom succeeded or changed lengths\n");
		goto out;
	}
	/* adj: back to the original data, then past it fails. */
	p = fpk_pktmbuf_adj(m, FPK_PKTMBUF_HEADROOM);
	if (p != data || m->data_len != 100 || m->pkt_len != 100 || p[5] != 5) {
		printf("  adj(headroom): %p (data %p) data_len %u\n", (void *)p, (void *)data,
		       m->data_len);
		goto out;
	}
	if (fpk_pktmbuf_adj(m, 101) != NULL || m->data_len != 100 || m->data_off != 128) {
		printf("  adj past the data succeeded or changed lengths\n");
		goto out;
	}
	if (fpk_pktmbuf_mtod_offset(m, char *, 7) != data + 7 ||
	    fpk_pktmbuf_iova_offset(m, 7) != fpk_mem_virt2iova(data + 7)) {
		printf("  mtod_offset / iova_offset disagree with the EAL\n");
		goto out;
	}
	p = fpk_pktmbuf_adj(m, 100);
	if (p != data + 100 || m->data_len != 0 || m->pkt_len != 0 ||
	    fpk_mbuf_sanity_check(m, 1) != 0) {
		printf("  adj of everything: data_len %u\n", m->data_len);
		goto out;
	}
	ret = TEST_SUCCESS;
out:
	fpk_pktmbuf_free(m);
	return ret;
}

static int
test_mbuf_data_ops(void)
{
	return with_mbuf_pool("mbt_data", 0, 0, data_ops_body);
}
FPK_TEST_REGISTER(mbuf_data_ops, test_mbuf_data_ops)

/* A packet of @nseg segments holding @lens bytes each; byte i of the packet is i & 0xff. */
static struct fpk_mbuf *
make_packet(struct fpk_mempool *mp, const uint16_t *lens, unsigned int nseg)
{
	struct fpk_mbuf *head = NULL;
	uint32_t pos = 0;

	for (unsigned int s = 0; s < nseg; s++) {
		struct fpk_mbuf *m = fpk_pktmbuf_alloc(mp);
		char *p = m ? fpk_pktmbuf_append(m, lens[s]) : NULL;

		if (p == NULL) {
			fpk_pktmbuf_free(m);
			fpk_pktmbuf_free(head);
			return NULL;
		}
		for (unsigned int i = 0; i < lens[s]; i++)
			p[i] = (char)(pos++ & 0xff);
		if (head == NULL) {
			head = m;
		} else if (fpk_pktmbuf_chain(head, m) != 0) {
			fpk_pktmbuf_free(m);
			fpk_pktmbuf_free(head);
			return NULL;
		}
	}
	return head;
}

static int
check_bytes(const void *p, uint32_t off, uint32_t len)
{
	const uint8_t *b = p;

	TEST_ASSERT_NOT_NULL(p, "read [%u, +%u) gave NULL", off, len);
	for (uint32_t i = 0; i < len; i++)
		TEST_ASSERT_EQUAL(b[i], (uint8_t)((off + i) & 0xff), "byte %u of the packet",
				  off + i);
	return TEST_SUCCESS;
}

static int
chain_checks(struct fpk_mbuf *pkt)
{
	struct fpk_mbuf *s1 = pkt->next, *s2 = s1->next;
	uint8_t buf[700];
	uint16_t nb_segs;

	TEST_ASSERT(pkt->nb_segs == 3 && pkt->pkt_len == 600, "nb_segs %u pkt_len %u",
		    pkt->nb_segs, pkt->pkt_len);
	TEST_ASSERT(s1->pkt_len == s1->data_len, "second segment still has pkt_len %u",
		    s1->pkt_len);
	TEST_ASSERT(fpk_pktmbuf_lastseg(pkt) == s2, "lastseg");
	TEST_ASSERT(!fpk_pktmbuf_is_contiguous(pkt) && fpk_pktmbuf_is_contiguous(s2),
		    "is_contiguous");
	TEST_ASSERT_SUCCESS(fpk_mbuf_sanity_check(pkt, 1), "sanity of the chain");

	/* Reads inside one segment point into it; others are copied. */
	TEST_ASSERT(fpk_pktmbuf_read(pkt, 10, 50, buf) == fpk_pktmbuf_mtod_offset(pkt, void *, 10),
		    "read within the first segment was copied");
	TEST_ASSERT(fpk_pktmbuf_read(pkt, 120, 50, buf) == fpk_pktmbuf_mtod_offset(s1, void *, 20),
		    "read within the second segment was copied");
	TEST_RUN(check_bytes(fpk_pktmbuf_read(pkt, 90, 20, buf), 90, 20));
	TEST_RUN(check_bytes(fpk_pktmbuf_read(pkt, 50, 500, buf), 50, 500));
	TEST_RUN(check_bytes(fpk_pktmbuf_read(pkt, 0, 600, buf), 0, 600));
	TEST_RUN(check_bytes(fpk_pktmbuf_read(pkt, 599, 1, buf), 599, 1));
	TEST_ASSERT_NULL(fpk_pktmbuf_read(pkt, 590, 11, buf), "read past the end");
	TEST_ASSERT_NULL(fpk_pktmbuf_read(pkt, UINT32_MAX, 2, buf), "read at a huge offset");

	/* append and trim work on the last segment. */
	TEST_ASSERT_NOT_NULL(fpk_pktmbuf_append(pkt, 50), "append to a chain");
	TEST_ASSERT(s2->data_len == 350 && pkt->pkt_len == 650 && pkt->data_len == 100,
		    "append went to the wrong segment");
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_trim(pkt, 50), "trim a chain");
	TEST_ASSERT(s2->data_len == 300 && pkt->pkt_len == 600, "trim went to the wrong segment");
	TEST_ASSERT_EQUAL(fpk_pktmbuf_trim(pkt, 301), -EINVAL, "trim past the last segment");

	/* The sanity check sees a wrong pkt_len or nb_segs. */
	printf("  (ERR lines from here on are expected)\n");
	fflush(stdout); /* the log goes to stderr */
	pkt->pkt_len++;
	TEST_ASSERT_FAIL(fpk_mbuf_sanity_check(pkt, 1), "pkt_len off by one not seen");
	pkt->pkt_len--;
	nb_segs = pkt->nb_segs;
	pkt->nb_segs = 2;
	TEST_ASSERT_FAIL(fpk_mbuf_sanity_check(pkt, 1), "too small nb_segs not seen");
	pkt->nb_segs = FPK_MBUF_MAX_NB_SEGS;
	TEST_ASSERT_FAIL(fpk_mbuf_sanity_check(pkt, 1), "too large nb_segs not seen");
	TEST_ASSERT_EQUAL(fpk_pktmbuf_chain(pkt, s2), -EOVERFLOW, "chain beyond 65535 segments");
	pkt->nb_segs = nb_segs;
	TEST_ASSERT_SUCCESS(fpk_mbuf_sanity_check(pkt, 1), "sanity after repairs");
	return TEST_SUCCESS;
}

static int
chain_body(struct fpk_mempool *mp)
{
	static const uint16_t lens[] = { 100, 200, 300 };
	struct fpk_mbuf *pkt = make_packet(mp, lens, 3);
	int ret;

	TEST_ASSERT_NOT_NULL(pkt, "building a 3-segment packet");
	ret = chain_checks(pkt);
	/* Freeing the head frees the chain (the pool check in with_mbuf_pool). */
	fpk_pktmbuf_free(pkt);
	return ret;
}

static int
test_mbuf_chain(void)
{
	return with_mbuf_pool("mbt_chain", 8, 0, chain_body);
}
FPK_TEST_REGISTER(mbuf_chain, test_mbuf_chain)

static int
refcnt_body(struct fpk_mempool *mp)
{
	struct fpk_mbuf *m = fpk_pktmbuf_alloc(mp);

	TEST_ASSERT_NOT_NULL(m, "alloc");
	TEST_ASSERT_EQUAL(fpk_mbuf_refcnt_update(m, 2), 3, "1 + 2");
	TEST_ASSERT_EQUAL(fpk_mbuf_refcnt_read(m), 3, "read");
	fpk_pktmbuf_free(m);
	fpk_pktmbuf_free(m);
	TEST_ASSERT_EQUAL(fpk_mempool_in_use_count(mp), 1u, "freed while referenced");
	TEST_ASSERT_EQUAL(fpk_mbuf_refcnt_read(m), 1, "refcnt after two frees");
	fpk_pktmbuf_free(m);
	TEST_ASSERT(fpk_mempool_full(mp), "last free did not return it");

	/* Back in the pool with refcnt 1, so the next owner starts from 1. */
	m = fpk_pktmbuf_alloc(mp);
	TEST_ASSERT_NOT_NULL(m, "alloc");
	TEST_ASSERT_EQUAL(fpk_mbuf_refcnt_read(m), 1, "refcnt of a reused mbuf");
	fpk_mbuf_refcnt_set(m, 5);
	TEST_ASSERT_EQUAL(fpk_mbuf_refcnt_update(m, -4), 1, "5 - 4");
	fpk_pktmbuf_free(m);
	return TEST_SUCCESS;
}

static int
test_mbuf_refcnt(void)
{
	return with_mbuf_pool("mbt_refcnt", 0, 0, refcnt_body);
}
FPK_TEST_REGISTER(mbuf_refcnt, test_mbuf_refcnt)

#define REFCNT_ITERS 200000

static int
refcnt_hammer(void *arg)
{
	struct fpk_mbuf *m = arg;

	for (unsigned int i = 0; i < REFCNT_ITERS; i++) {
		fpk_mbuf_refcnt_update(m, 1);
		fpk_mbuf_refcnt_update(m, -1);
	}
	return 0;
}

static int
refcnt_lcores_body(struct fpk_mempool *mp)
{
	unsigned int worker = fpk_get_next_lcore(-1, 1, 0);
	struct fpk_mbuf *m = fpk_pktmbuf_alloc(mp);

	TEST_ASSERT_NOT_NULL(m, "alloc");
	/* Each side holds a reference, so the count never drops to 1. */
	fpk_mbuf_refcnt_set(m, 3);
	if (fpk_eal_remote_launch(refcnt_hammer, m, worker) != 0) {
		fpk_mbuf_refcnt_set(m, 1);
		fpk_pktmbuf_free(m);
		TEST_ASSERT(0, "launch on lcore %u", worker);
	}
	refcnt_hammer(m);
	fpk_eal_wait_lcore(worker);
	TEST_ASSERT_EQUAL(fpk_mbuf_refcnt_read(m), 3, "lost updates: refcnt %u",
			  fpk_mbuf_refcnt_read(m));
	fpk_pktmbuf_free(m);
	fpk_pktmbuf_free(m);
	fpk_pktmbuf_free(m);
	return TEST_SUCCESS;
}

static int
test_mbuf_refcnt_lcores(void)
{
	if (fpk_lcore_count() < 2)
		return fpk_test_skip("needs two lcores (run with -l 0-1)");
	return with_mbuf_pool("mbt_refcnt2", 0, 0, refcnt_lcores_body);
}
FPK_TEST_REGISTER(mbuf_refcnt_lcores, test_mbuf_refcnt_lcores)

/* Clones come from a second pool whose mbufs have a private area. */
static struct fpk_mempool *clone_pool;

static int
check_clone(struct fpk_mbuf *c, struct fpk_mbuf *md, uint16_t refcnt)
{
	uint8_t buf[600];

	TEST_ASSERT_NOT_NULL(c, "clone: errno %d", fpk_errno);
	TEST_ASSERT(c->nb_segs == md->nb_segs && c->pkt_len == md->pkt_len,
		    "clone nb_segs %u pkt_len %u", c->nb_segs, c->pkt_len);
	TEST_ASSERT_SUCCESS(fpk_mbuf_sanity_check(c, 1), "sanity of the clone");
	for (struct fpk_mbuf *s = c, *d = md; s || d; s = s->next, d = d->next) {
		TEST_ASSERT(s && d, "clone and original differ in length");
		TEST_ASSERT(FPK_MBUF_CLONED(s) && FPK_MBUF_DIRECT(d), "segment kinds");
		TEST_ASSERT(s->pool == clone_pool, "clone segment from the wrong pool");
		TEST_ASSERT(fpk_mbuf_from_indirect(s) == d, "clone segment points at %p, not %p",
			    (void *)fpk_mbuf_from_indirect(s), (void *)d);
		TEST_ASSERT(s->buf_addr == d->buf_addr && s->buf_iova == d->buf_iova &&
			    s->data_off == d->data_off && s->data_len == d->data_len,
			    "clone segment does not share the data");
		TEST_ASSERT_EQUAL(fpk_mbuf_refcnt_read(d), refcnt, "direct refcnt %u",
				  fpk_mbuf_refcnt_read(d));
	}
	return check_bytes(fpk_pktmbuf_read(c, 0, c->pkt_len, buf), 0, c->pkt_len);
}

static int
clone_body(struct fpk_mempool *mp)
{
	static const uint16_t lens[] = { 300, 200 };
	struct fpk_mbuf *md, *c1, *c2, *mi, *rest[NB_MBUF];
	unsigned int clone_avail = fpk_mempool_avail_count(clone_pool);

	/* Original freed first: its segments live on until the clone goes. */
	md = make_packet(mp, lens, 2);
	TEST_ASSERT_NOT_NULL(md, "packet");
	c1 = fpk_pktmbuf_clone(md, clone_pool);
	TEST_RUN(check_clone(c1, md, 2));
	fpk_pktmbuf_free(md);
	TEST_ASSERT_EQUAL(fpk_mempool_in_use_count(mp), 2u, "original freed under its clone");
	TEST_RUN(check_bytes(fpk_pktmbuf_mtod(c1, void *), 0, 300));
	fpk_pktmbuf_free(c1);
	TEST_ASSERT(fpk_mempool_full(mp), "original not freed with its last clone");
	TEST_ASSERT_EQUAL(fpk_mempool_avail_count(clone_pool), clone_avail, "clone leaked");

	/* Clone freed first. */
	md = make_packet(mp, lens, 2);
	TEST_ASSERT_NOT_NULL(md, "packet");
	c1 = fpk_pktmbuf_clone(md, clone_pool);
	TEST_RUN(check_clone(c1, md, 2));
	fpk_pktmbuf_free(c1);
	TEST_ASSERT_EQUAL(fpk_mbuf_refcnt_read(md), 1, "refcnt after the clone went");
	TEST_ASSERT_EQUAL(fpk_mempool_avail_count(clone_pool), clone_avail, "clone leaked");
	TEST_RUN(check_bytes(fpk_pktmbuf_mtod(md, void *), 0, 300));

	/* A clone of a clone refers to the original; three-way free. */
	c1 = fpk_pktmbuf_clone(md, clone_pool);
	TEST_RUN(check_clone(c1, md, 2));
	c2 = fpk_pktmbuf_clone(c1, clone_pool);
	TEST_RUN(check_clone(c2, md, 3));
	fpk_pktmbuf_free(md);
	fpk_pktmbuf_free(c1);
	TEST_ASSERT_EQUAL(fpk_mempool_in_use_count(mp), 2u, "original freed under a clone");
	TEST_RUN(check_bytes(fpk_pktmbuf_mtod(c2->next, void *), 300, 200));
	fpk_pktmbuf_free(c2);
	TEST_ASSERT(fpk_mempool_full(mp), "original not freed with its last clone");

	/* A clone that runs out of mbufs leaves nothing behind. */
	md = make_packet(mp, lens, 2);
	TEST_ASSERT_NOT_NULL(md, "packet");
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_alloc_bulk(clone_pool, rest, clone_avail - 1),
			    "drain the clone pool to one");
	fpk_errno = 0;
	c1 = fpk_pktmbuf_clone(md, clone_pool);
	fpk_pktmbuf_free_bulk(rest, clone_avail - 1);
	TEST_ASSERT_NULL(c1, "clone with one mbuf left succeeded");
	TEST_ASSERT_EQUAL(fpk_errno, ENOENT, "failed clone: errno %d", fpk_errno);
	TEST_ASSERT(fpk_mbuf_refcnt_read(md) == 1 && fpk_mbuf_refcnt_read(md->next) == 1,
		    "failed clone left references");
	TEST_ASSERT_EQUAL(fpk_mempool_avail_count(clone_pool), clone_avail, "failed clone leaked");

	/* attach and detach by hand; detach restores the clone's own buffer. */
	mi = fpk_pktmbuf_alloc(clone_pool);
	TEST_ASSERT_NOT_NULL(mi, "alloc");
	fpk_pktmbuf_attach(mi, md->next);
	TEST_ASSERT(FPK_MBUF_CLONED(mi) && mi->buf_addr == md->next->buf_addr &&
		    mi->pkt_len == 200 && fpk_mbuf_refcnt_read(md->next) == 2, "attach");
	fpk_pktmbuf_detach(mi);
	TEST_ASSERT_EQUAL(fpk_mbuf_refcnt_read(md->next), 1, "detach kept the reference");
	fpk_pktmbuf_reset(mi);
	TEST_RUN(check_fresh(clone_pool, mi));
	fpk_pktmbuf_free(mi);
	fpk_pktmbuf_free(md);
	TEST_ASSERT_EQUAL(fpk_mempool_avail_count(clone_pool), clone_avail, "clone pool leaked");
	return TEST_SUCCESS;
}

static int
test_mbuf_clone(void)
{
	int ret;

	clone_pool = fpk_pktmbuf_pool_create("mbt_clones", NB_MBUF, 0, 8, 0, FPK_SOCKET_ID_ANY);
	TEST_ASSERT_NOT_NULL(clone_pool, "clone pool: errno %d", fpk_errno);
	ret = with_mbuf_pool("mbt_clone", 8, 0, clone_body);
	if (ret == TEST_SUCCESS && !fpk_mempool_full(clone_pool)) {
		printf("  %u of %u clones free afterwards\n", fpk_mempool_avail_count(clone_pool),
		       clone_pool->size);
		ret = TEST_FAILED;
	}
	fpk_mempool_free(clone_pool);
	clone_pool = NULL;
	return ret;
}
FPK_TEST_REGISTER(mbuf_clone, test_mbuf_clone)

static int
dump_body(struct fpk_mempool *mp)
{
	static const uint16_t lens[] = { 40, 30 };
	struct fpk_mbuf *m = make_packet(mp, lens, 2);
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int ret = TEST_SUCCESS;

	TEST_ASSERT_NOT_NULL(m, "packet");
	m->ol_flags = FPK_MBUF_F_RX_IP_CKSUM_GOOD | FPK_MBUF_F_RX_L4_CKSUM_BAD |
		      FPK_MBUF_F_TX_IPV4 | FPK_MBUF_F_TX_UDP_CKSUM;
	f = open_memstream(&text, &len);
	if (f == NULL) {
		fpk_pktmbuf_free(m);
		TEST_ASSERT(0, "open_memstream");
	}
	fpk_pktmbuf_dump(f, m, 50);
	fclose(f);
	if (strstr(text, "pkt_len 70") == NULL || strstr(text, "RX_IP_CKSUM_GOOD") == NULL ||
	    strstr(text, "RX_L4_CKSUM_BAD") == NULL || strstr(text, "TX_UDP_CKSUM") == NULL ||
	    strstr(text, "TX_IPV4") == NULL || strstr(text, "TX_TCP_CKSUM") != NULL ||
	    strstr(text, "0020: 20 21 22 23 24 25 26 27") == NULL ||
	    strstr(text, "0000: 28 29") == NULL) {
		printf("  unexpected dump:\n%s", text);
		ret = TEST_FAILED;
	}
	free(text);

	/* Broken fields fail the sanity check. */
	printf("  (ERR lines from here on are expected)\n");
	fflush(stdout); /* the log goes to stderr */
	fpk_mbuf_refcnt_set(m->next, 0);
	if (fpk_mbuf_sanity_check(m, 1) != -EINVAL || fpk_mbuf_sanity_check(m, 0) != 0) {
		printf("  refcnt 0 in the second segment: wrong verdict\n");
		ret = TEST_FAILED;
	}
	fpk_mbuf_refcnt_set(m->next, 1);
	m->data_len = (uint16_t)(m->buf_len - m->data_off + 1);
	if (fpk_mbuf_sanity_check(m, 0) != -EINVAL) {
		printf("  data past the buffer end not seen\n");
		ret = TEST_FAILED;
	}
	m->data_len = 40;
	if (fpk_mbuf_sanity_check(NULL, 0) != -EINVAL || fpk_mbuf_sanity_check(m, 1) != 0) {
		printf("  NULL or repaired mbuf: wrong verdict\n");
		ret = TEST_FAILED;
	}
	fpk_pktmbuf_free(m);
	return ret;
}

static int
test_mbuf_dump_sanity(void)
{
	return with_mbuf_pool("mbt_dump", 0, 0, dump_body);
}
FPK_TEST_REGISTER(mbuf_dump_sanity, test_mbuf_dump_sanity)
