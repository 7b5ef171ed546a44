/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of lib/mempool: creation errors and lookup, single and bulk
 * get/put, all-or-nothing bulk gets, per-lcore cache fill and flush against
 * a model of the 1.5x threshold, ring access from non-EAL threads, counts,
 * constructors, object iteration, DMA addresses and contiguity, audit
 * catching corrupted headers, walks in creation order, double puts (counted
 * in release builds, fatal in debug builds), and a concurrent get/put run on
 * two lcores plus a non-EAL thread.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fpk_cycles.h>
#include <fpk_eal.h>
#include <fpk_memory.h>
#include <fpk_mempool.h>

#include "test.h"

#define POOL_N 256
#define ELT_SIZE 100 /* not a cache-line multiple, on purpose */

typedef int (*pool_body_t)(struct fpk_mempool *mp);

/* Create a pool, run @body on it, free the pool whatever the outcome. */
static int
with_pool(const char *name, unsigned int n, unsigned int elt_size, unsigned int cache_size,
	  unsigned int flags, pool_body_t body)
{
	struct fpk_mempool *mp;
	int ret;

	mp = fpk_mempool_create(name, n, elt_size, cache_size, 0, NULL, NULL, NULL, NULL,
				FPK_SOCKET_ID_ANY, flags);
	TEST_ASSERT_NOT_NULL(mp, "create '%s': errno %d", name, fpk_errno);
	ret = body(mp);
	if (ret != TEST_SUCCESS)
		fpk_mempool_dump(stdout, mp);
	fpk_mempool_free(mp);
	return ret;
}

static int
expect_create_error(unsigned int n, unsigned int elt_size, unsigned int cache_size,
		    unsigned int flags, const char *name, int err)
{
	struct fpk_mempool *mp;

	fpk_errno = 0;
	mp = fpk_mempool_create(name, n, elt_size, cache_size, 0, NULL, NULL, NULL, NULL,
				FPK_SOCKET_ID_ANY, flags);
	if (mp != NULL)
		fpk_mempool_free(mp);
	TEST_ASSERT_NULL(mp, "n=%u elt=%u cache=%u flags=0x%x name '%s' accepted", n, elt_size,
			 cache_size, flags, name ? name : "(null)");
	TEST_ASSERT_EQUAL(fpk_errno, err, "n=%u elt=%u cache=%u flags=0x%x: errno %d, not %d", n,
			  elt_size, cache_size, flags, fpk_errno, err);
	return TEST_SUCCESS;
}

/* The pool is found by name and the name cannot be taken twice. */
static int
lookup_body(struct fpk_mempool *mp)
{
	struct fpk_mempool *dup;

	TEST_ASSERT(fpk_mempool_lookup(mp->name) == mp, "lookup('%s') did not find it", mp->name);
	fpk_errno = 0;
	dup = fpk_mempool_create(mp->name, 8, ELT_SIZE, 0, 0, NULL, NULL, NULL, NULL,
				 FPK_SOCKET_ID_ANY, 0);
	fpk_mempool_free(dup);
	TEST_ASSERT_NULL(dup, "a second pool named '%s' was created", mp->name);
	TEST_ASSERT_EQUAL(fpk_errno, EEXIST, "duplicate name: errno %d", fpk_errno);
	fpk_errno = 0;
	TEST_ASSERT_NULL(fpk_mempool_lookup("mpt_no_such_pool"), "found a pool never created");
	TEST_ASSERT_EQUAL(fpk_errno, ENOENT, "lookup of a missing pool: errno %d", fpk_errno);
	return TEST_SUCCESS;
}

static int
test_mempool_create_errors(void)
{
	char name[FPK_MEMPOOL_NAMESIZE + 1];

	TEST_RUN(expect_create_error(POOL_N, ELT_SIZE, 0, 0, NULL, EINVAL));
	TEST_RUN(expect_create_error(0, ELT_SIZE, 0, 0, "mpt_err", EINVAL));
	TEST_RUN(expect_create_error(POOL_N, 0, 0, 0, "mpt_err", EINVAL));
	TEST_RUN(expect_create_error(POOL_N, ELT_SIZE, 0, 0x100, "mpt_err", EINVAL));
	TEST_RUN(expect_create_error(4096, ELT_SIZE, FPK_MEMPOOL_CACHE_MAX_SIZE + 1, 0,
				     "mpt_err", EINVAL));
	/* A cache of 64 flushes at 96, more than the pool holds. */
	TEST_RUN(expect_create_error(95, ELT_SIZE, 64, 0, "mpt_err", EINVAL));
	TEST_RUN(expect_create_error(POOL_N, UINT32_MAX - 16, 0, 0, "mpt_err", EINVAL));

	memset(name, 'x', FPK_MEMPOOL_NAMESIZE);
	name[FPK_MEMPOOL_NAMESIZE] = '\0';
	TEST_RUN(expect_create_error(POOL_N, ELT_SIZE, 0, 0, name, ENAMETOOLONG));
	/* The longest name that fits, with a cache whose threshold is the pool size. */
	name[FPK_MEMPOOL_NAMESIZE - 1] = '\0';
	TEST_RUN(with_pool(name, 96, ELT_SIZE, 64, 0, lookup_body));
	fpk_errno = 0;
	TEST_ASSERT_NULL(fpk_mempool_lookup(name), "freed pool still found");
	TEST_ASSERT_EQUAL(fpk_errno, ENOENT, "lookup after free: errno %d", fpk_errno);

	TEST_RUN(with_pool("mpt_lookup", POOL_N, ELT_SIZE, 0, 0, lookup_body));
	/* Everything was given back: the same name can be created again. */
	TEST_RUN(with_pool("mpt_lookup", POOL_N, ELT_SIZE, 0, 0, lookup_body));
	fpk_errno = 0;
	TEST_ASSERT_NULL(fpk_mempool_lookup(NULL), "NULL name found something");
	TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "lookup(NULL): errno %d", fpk_errno);
	fpk_mempool_free(NULL);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(mempool_create_errors, test_mempool_create_errors)

/* Names of the "mpt_walk" pools a walk visits, in visiting order. */
struct walk_seen {
	char names[256];
	unsigned int others;
};

static void
walk_record(struct fpk_mempool *mp, void *arg)
{
	struct walk_seen *seen = arg;
	size_t len = strlen(seen->names);

	if (strncmp(mp->name, "mpt_walk", 8) != 0) {
		seen->others++;
		return;
	}
	snprintf(seen->names + len, sizeof(seen->names) - len, "%s%s", len ? "," : "",
		 mp->name + 8);
}

static int
expect_walk(const char *want)
{
	struct walk_seen seen = { .names = "" };

	fpk_mempool_walk(walk_record, &seen);
	TEST_ASSERT(strcmp(seen.names, want) == 0, "walk visited '%s', expected '%s'",
		    seen.names, want);
	return TEST_SUCCESS;
}

static struct fpk_mempool *
walk_create(const char *name)
{
	struct fpk_mempool *mp = fpk_mempool_create(name, 64, ELT_SIZE, 0, 0, NULL, NULL, NULL,
						    NULL, FPK_SOCKET_ID_ANY, 0);

	if (mp == NULL)
		printf("create '%s': errno %d\n", name, fpk_errno);
	return mp;
}

/*
 * Walks visit built pools in creation order, also when a new pool reuses
 * the memzone slots a freed one left; failed creations never show.
 */
static int
test_mempool_walk(void)
{
	static const char *const names[] = { "mpt_walkA", "mpt_walkB", "mpt_walkC", "mpt_walkD" };
	struct fpk_mempool *mp[4] = { NULL };
	int ret = TEST_FAILED;

	for (unsigned int i = 0; i < 3; i++) {
		mp[i] = walk_create(names[i]);
		if (mp[i] == NULL)
			goto out;
	}
	if (expect_walk("A,B,C") != TEST_SUCCESS)
		goto out;
	fpk_mempool_free(mp[1]);
	mp[1] = NULL;
	/* Refused (name taken): must not be linked. */
	if (fpk_mempool_create(names[0], 64, ELT_SIZE, 0, 0, NULL, NULL, NULL, NULL,
			       FPK_SOCKET_ID_ANY, 0) != NULL) {
		printf("a second pool named '%s' was created\n", names[0]);
		goto out;
	}
	mp[3] = walk_create(names[3]);
	if (mp[3] == NULL || expect_walk("A,C,D") != TEST_SUCCESS)
		goto out;
	/* Freeing the last pool must leave the list's tail usable. */
	fpk_mempool_free(mp[3]);
	mp[3] = walk_create(names[3]);
	if (mp[3] == NULL || expect_walk("A,C,D") != TEST_SUCCESS)
		goto out;
	ret = TEST_SUCCESS;
out:
	for (unsigned int i = 0; i < 4; i++)
		fpk_mempool_free(mp[i]);
	if (ret == TEST_SUCCESS)
		ret = expect_walk("");
	return ret;
}
FPK_TEST_REGISTER(mempool_walk, test_mempool_walk)

static int
cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return (x > y) - (x < y);
}

static int
check_counts(struct fpk_mempool *mp, unsigned int in_use)
{
	TEST_ASSERT_EQUAL(fpk_mempool_in_use_count(mp), in_use, "in use %u, expected %u",
			  fpk_mempool_in_use_count(mp), in_use);
	TEST_ASSERT_EQUAL(fpk_mempool_avail_count(mp), mp->size - in_use, "avail %u, expected %u",
			  fpk_mempool_avail_count(mp), mp->size - in_use);
	TEST_ASSERT_EQUAL(fpk_mempool_full(mp), in_use == 0, "full() wrong at %u in use", in_use);
	TEST_ASSERT_EQUAL(fpk_mempool_empty(mp), in_use == mp->size, "empty() wrong at %u in use",
			  in_use);
	return TEST_SUCCESS;
}

/* Every object distinct, from this pool, aligned, usable for its whole size. */
static int
check_objects(struct fpk_mempool *mp, void **objs, unsigned int n)
{
	void *sorted[POOL_N];

	memcpy(sorted, objs, n * sizeof(void *));
	qsort(sorted, n, sizeof(void *), cmp_ptr);
	for (unsigned int i = 0; i < n; i++) {
		void *o = sorted[i];
		fpk_iova_t iova = fpk_mempool_virt2iova(o);

		TEST_ASSERT(i == 0 || sorted[i - 1] != o, "object %p handed out twice", o);
		TEST_ASSERT(i == 0 || (uintptr_t)o - (uintptr_t)sorted[i - 1] >= mp->elt_size,
			    "objects %p and %p overlap", sorted[i - 1], o);
		TEST_ASSERT_EQUAL((uintptr_t)o % FPK_CACHE_LINE_SIZE, 0u, "object %p unaligned", o);
		TEST_ASSERT(fpk_mempool_from_obj(o) == mp, "object %p names another pool", o);
		TEST_ASSERT_EQUAL(iova, fpk_mem_virt2iova(o), "object %p: iova 0x%llx, EAL says "
				  "0x%llx", o, (unsigned long long)iova,
				  (unsigned long long)fpk_mem_virt2iova(o));
		TEST_ASSERT(iova == FPK_BAD_IOVA ||
			    fpk_mem_iova_contig_len(o, mp->elt_size) >= mp->elt_size,
			    "object %p straddles a DMA discontinuity", o);
		/* Writes to the whole object must leave every header intact (audit). */
		memset(o, 0xa5, mp->elt_size);
	}
	return TEST_SUCCESS;
}

static int
basic_body(struct fpk_mempool *mp)
{
	void *objs[POOL_N + 10], *obj = NULL; /* room for a bulk that must fail */
	unsigned int n = mp->size;

	TEST_ASSERT(n <= POOL_N && n % 16 == 0, "pool of %u does not suit this test", n);
	TEST_RUN(check_counts(mp, 0));

	TEST_ASSERT_SUCCESS(fpk_mempool_get(mp, &obj), "get from a full pool");
	TEST_ASSERT_NOT_NULL(obj, "get gave NULL");
	TEST_RUN(check_counts(mp, 1));
	fpk_mempool_put(mp, obj);
	TEST_RUN(check_counts(mp, 0));

	/* Drain it in bulks of 16, then one more get must fail. */
	for (unsigned int i = 0; i < n; i += 16)
		TEST_ASSERT_SUCCESS(fpk_mempool_get_bulk(mp, &objs[i], 16), "bulk get at %u", i);
	TEST_RUN(check_counts(mp, n));
	TEST_RUN(check_objects(mp, objs, n));
	obj = NULL;
	TEST_ASSERT_EQUAL(fpk_mempool_get(mp, &obj), -ENOENT, "get from an empty pool");
	TEST_ASSERT_NULL(obj, "failed get wrote an object");
	TEST_ASSERT_EQUAL(fpk_mempool_get_bulk(mp, objs, 2), -ENOENT, "bulk get, empty pool");
	fpk_mempool_put_bulk(mp, objs, n);
	TEST_RUN(check_counts(mp, 0));

	/* All or nothing: 6 left, a bulk of 10 takes none, a bulk of 6 takes all. */
	for (unsigned int i = 0; i < n - 6; i++)
		TEST_ASSERT_SUCCESS(fpk_mempool_get(mp, &objs[i]), "get #%u", i);
	TEST_RUN(check_counts(mp, n - 6));
	TEST_ASSERT_EQUAL(fpk_mempool_get_bulk(mp, &objs[n - 6], 10), -ENOENT,
			  "bulk of 10 with 6 left");
	TEST_RUN(check_counts(mp, n - 6));
	TEST_ASSERT_SUCCESS(fpk_mempool_get_bulk(mp, &objs[n - 6], 6), "bulk of the last 6");
	TEST_RUN(check_counts(mp, n));
	TEST_RUN(check_objects(mp, objs, n));
	fpk_mempool_put_bulk(mp, objs, n);

	/* Every object in one bulk, though some sit in this lcore's cache. */
	TEST_ASSERT_SUCCESS(fpk_mempool_get_bulk(mp, objs, n), "bulk get of the whole pool");
	TEST_RUN(check_counts(mp, n));
	TEST_RUN(check_objects(mp, objs, n));
	fpk_mempool_put_bulk(mp, objs, n);
	TEST_RUN(check_counts(mp, 0));
	TEST_ASSERT_SUCCESS(fpk_mempool_audit(mp), "audit after use");
	return TEST_SUCCESS;
}

static int
test_mempool_basic(void)
{
	TEST_RUN(with_pool("mpt_basic", POOL_N, ELT_SIZE, 0, 0, basic_body));
	TEST_RUN(with_pool("mpt_basic_c", POOL_N, ELT_SIZE, 32, 0, basic_body));
	TEST_RUN(with_pool("mpt_basic_spsc", POOL_N, ELT_SIZE, 32,
			   FPK_MEMPOOL_F_SP_PUT | FPK_MEMPOOL_F_SC_GET, basic_body));
	TEST_RUN(with_pool("mpt_basic_nc", POOL_N, ELT_SIZE, 0, FPK_MEMPOOL_F_NO_IOVA_CONTIG,
			   basic_body));
	/* Objects bigger than a 4 KiB page. */
	TEST_RUN(with_pool("mpt_basic_big", 64, 5000, 8, 0, basic_body));
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(mempool_basic, test_mempool_basic)

/* What the cache and ring should hold, by the rules in fpk_mempool.h. */
struct cache_model {
	unsigned int size, thresh, len, ring;
};

static void
model_get(struct cache_model *m, unsigned int n)
{
	if (n <= m->len) {
		m->len -= n;
	} else if (n > m->size) {
		m->ring -= n;
	} else {
		m->ring -= m->size + n - m->len;
		m->len = m->size;
	}
}

static void
model_put(struct cache_model *m, unsigned int n)
{
	if (m->len + n < m->thresh) {
		m->len += n;
	} else if (n > m->size) {
		m->ring += n;
	} else {
		m->ring += m->len + n - m->size;
		m->len = m->size;
	}
}

static int
check_model(struct fpk_mempool *mp, const struct fpk_mempool_cache *c,
	    const struct cache_model *m, const char *step)
{
	TEST_ASSERT_EQUAL(c->len, m->len, "%s: cache holds %u, expected %u", step, c->len, m->len);
	TEST_ASSERT_EQUAL(fpk_ring_count(mp->ring), m->ring, "%s: ring holds %u, expected %u",
			  step, fpk_ring_count(mp->ring), m->ring);
	return TEST_SUCCESS;
}

struct thread_arg {
	struct fpk_mempool *mp;
	int ok;
	unsigned int lcore_id;
};

/* A non-EAL thread has no cache: its gets and puts go to the ring. */
static void *
non_eal_get_put(void *p)
{
	struct thread_arg *a = p;
	void *objs[10];

	a->lcore_id = fpk_lcore_id();
	a->ok = fpk_mempool_default_cache(a->mp, fpk_lcore_id()) == NULL &&
		fpk_mempool_get_bulk(a->mp, objs, 10) == 0;
	if (a->ok)
		fpk_mempool_put_bulk(a->mp, objs, 10);
	return NULL;
}

static int
cache_body(struct fpk_mempool *mp)
{
	struct fpk_mempool_cache *c = fpk_mempool_default_cache(mp, fpk_lcore_id());
	struct cache_model m = { 32, 48, 0, POOL_N };
	struct thread_arg targ = { .mp = mp };
	void *objs[POOL_N], *obj, *again;
	unsigned int held = 0;
	pthread_t th;
	char step[64];

	TEST_ASSERT_NOT_NULL(c, "main lcore %u has no cache", fpk_lcore_id());
	TEST_ASSERT_NULL(fpk_mempool_default_cache(mp, FPK_LCORE_ID_ANY), "non-EAL cache");
	TEST_ASSERT(c->size == 32 && c->flushthresh == 48, "cache size %u threshold %u",
		    c->size, c->flushthresh);
	TEST_RUN(check_model(mp, c, &m, "fresh"));

	/* A miss refills to the nominal size; the next get hits. */
	TEST_ASSERT_SUCCESS(fpk_mempool_get(mp, &obj), "get");
	model_get(&m, 1);
	TEST_RUN(check_model(mp, c, &m, "first get"));
	fpk_mempool_put(mp, obj);
	model_put(&m, 1);
	TEST_RUN(check_model(mp, c, &m, "put"));
	TEST_ASSERT_SUCCESS(fpk_mempool_get(mp, &again), "get again");
	model_get(&m, 1);
	TEST_ASSERT(again == obj, "cache is not LIFO: put %p, got %p", obj, again);
	fpk_mempool_put(mp, again);
	model_put(&m, 1);

	/* Gets of 20 drain and refill it. */
	for (unsigned int i = 0; i < 6; i++, held += 20) {
		TEST_ASSERT_SUCCESS(fpk_mempool_get_bulk(mp, &objs[held], 20), "get 20 #%u", i);
		model_get(&m, 20);
		snprintf(step, sizeof(step), "get 20 #%u", i);
		TEST_RUN(check_model(mp, c, &m, step));
	}
	/* Puts one at a time fill it to the threshold, where it flushes. */
	for (unsigned int i = 0; i < 40; i++) {
		fpk_mempool_put(mp, objs[--held]);
		model_put(&m, 1);
		snprintf(step, sizeof(step), "put #%u", i);
		TEST_RUN(check_model(mp, c, &m, step));
		TEST_ASSERT(c->len < c->flushthresh, "cache at %u after a put", c->len);
	}
	/* A put larger than the cache that would reach the threshold: to the ring. */
	TEST_ASSERT(c->len + 40 >= c->flushthresh, "cache at %u: no bypass to test", c->len);
	fpk_mempool_put_bulk(mp, &objs[held - 40], 40);
	held -= 40;
	model_put(&m, 40);
	TEST_RUN(check_model(mp, c, &m, "put 40"));
	/* A get larger than the cache comes from it if it holds enough... */
	TEST_ASSERT(c->len >= 40, "cache at %u: cannot serve 40", c->len);
	TEST_ASSERT_SUCCESS(fpk_mempool_get_bulk(mp, &objs[held], 40), "get 40 from the cache");
	held += 40;
	model_get(&m, 40);
	TEST_RUN(check_model(mp, c, &m, "get 40 from the cache"));
	/* ...and from the ring if not. */
	TEST_ASSERT_SUCCESS(fpk_mempool_get_bulk(mp, &objs[held], 40), "get 40 from the ring");
	held += 40;
	model_get(&m, 40);
	TEST_RUN(check_model(mp, c, &m, "get 40 from the ring"));
	TEST_RUN(check_counts(mp, held));

	/* A non-EAL thread works on the ring only and leaves this cache alone. */
	TEST_ASSERT_SUCCESS(pthread_create(&th, NULL, non_eal_get_put, &targ), "pthread_create");
	pthread_join(th, NULL);
	TEST_ASSERT_EQUAL(targ.lcore_id, FPK_LCORE_ID_ANY, "thread has lcore id %u", targ.lcore_id);
	TEST_ASSERT(targ.ok, "non-EAL thread could not get and put");
	TEST_RUN(check_model(mp, c, &m, "non-EAL thread"));

	fpk_mempool_put_bulk(mp, objs, held);
	TEST_RUN(check_counts(mp, 0));
	TEST_ASSERT_SUCCESS(fpk_mempool_audit(mp), "audit");
	return TEST_SUCCESS;
}

static int
test_mempool_cache(void)
{
	if (fpk_lcore_id() >= FPK_MAX_LCORE)
		return fpk_test_skip("the test runner is not an EAL lcore");
	return with_pool("mpt_cache", POOL_N, ELT_SIZE, 32, 0, cache_body);
}
FPK_TEST_REGISTER(mempool_cache, test_mempool_cache)

#define CTOR_N 100

struct ctor_state {
	unsigned int mp_init_calls;
	unsigned int obj_calls[CTOR_N];
	unsigned int bad;
	bool init_before_objs;
};

struct ctor_obj {
	uint32_t idx;
	uint32_t magic;
	uint8_t rest[56];
};

static void
ctor_mp_init(struct fpk_mempool *mp, void *arg)
{
	struct ctor_state *st = arg;
	uint32_t *priv = fpk_mempool_get_priv(mp);

	st->mp_init_calls++;
	st->init_before_objs = true;
	for (unsigned int i = 0; i < CTOR_N; i++)
		st->init_before_objs &= st->obj_calls[i] == 0;
	if (priv[0] != 0)
		st->bad++;
	priv[0] = 0xfeedu;
}

static void
ctor_obj_init(struct fpk_mempool *mp, void *arg, void *obj, unsigned int idx)
{
	struct ctor_state *st = arg;
	struct ctor_obj *o = obj;
	static const struct ctor_obj zero;

	if (idx >= CTOR_N || memcmp(o, &zero, sizeof(zero)) != 0 || mp->elt_size != sizeof(*o)) {
		st->bad++;
		return;
	}
	st->obj_calls[idx]++;
	o->idx = idx;
	o->magic = 0x600dc0deu;
}

static void
iter_check(struct fpk_mempool *mp, void *arg, void *obj, unsigned int idx)
{
	unsigned int *bad = arg;
	const struct ctor_obj *o = obj;

	(void)mp;
	*bad += o->idx != idx || o->magic != 0x600dc0deu;
}

static int
test_mempool_ctor(void)
{
	static struct ctor_state state;
	struct ctor_state *st = &state;
	struct fpk_mempool *mp;
	unsigned int bad = 0, visited;

	memset(st, 0, sizeof(*st));
	mp = fpk_mempool_create("mpt_ctor", CTOR_N, sizeof(struct ctor_obj), 0, 64, ctor_mp_init,
				st, ctor_obj_init, st, FPK_SOCKET_ID_ANY, 0);
	TEST_ASSERT_NOT_NULL(mp, "create: errno %d", fpk_errno);
	visited = fpk_mempool_obj_iter(mp, iter_check, &bad);
	fpk_mempool_free(mp);
	TEST_ASSERT_EQUAL(st->mp_init_calls, 1u, "mp_init called %u times", st->mp_init_calls);
	TEST_ASSERT(st->init_before_objs, "an object constructor ran before mp_init");
	TEST_ASSERT_EQUAL(st->bad, 0u, "%u constructor calls saw bad arguments or dirty memory",
			  st->bad);
	for (unsigned int i = 0; i < CTOR_N; i++)
		TEST_ASSERT_EQUAL(st->obj_calls[i], 1u, "object %u constructed %u times", i,
				  st->obj_calls[i]);
	TEST_ASSERT_EQUAL(visited, (unsigned int)CTOR_N, "obj_iter visited %u", visited);
	TEST_ASSERT_EQUAL(bad, 0u, "obj_iter: %u objects with the wrong index or contents", bad);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(mempool_ctor, test_mempool_ctor)

static int
audit_body(struct fpk_mempool *mp)
{
	struct fpk_mempool_cache *c = fpk_mempool_default_cache(mp, fpk_lcore_id());
	struct fpk_mempool_objhdr *hdr;
	void *obj;
	uint64_t saved;

	TEST_ASSERT_SUCCESS(fpk_mempool_audit(mp), "fresh pool");
	TEST_ASSERT_EQUAL(fpk_mempool_audit(NULL), -EINVAL, "audit(NULL)");
	TEST_ASSERT_SUCCESS(fpk_mempool_get(mp, &obj), "get");
	TEST_ASSERT_SUCCESS(fpk_mempool_audit(mp), "one object in use");
	hdr = fpk_mempool_get_header(obj);

	printf("  (ERR lines from here on are expected)\n");
	fflush(stdout); /* the log goes to stderr */
	/* An overrun of the object before it lands on the guard. */
	saved = hdr->guard;
	hdr->guard = 0x4141414141414141ull;
	TEST_ASSERT_EQUAL(fpk_mempool_audit(mp), -EFAULT, "smashed guard not caught");
	hdr->guard = saved;
	/* An underrun of the object lands on the state cookie. */
	saved = hdr->cookie;
	((uint8_t *)obj)[-1] ^= 0xff;
	TEST_ASSERT_EQUAL(fpk_mempool_audit(mp), -EFAULT, "smashed cookie not caught");
	hdr->cookie = saved;
	TEST_ASSERT_SUCCESS(fpk_mempool_audit(mp), "after repairs");

	if (c != NULL) {
		unsigned int len = c->len;

		c->len = c->flushthresh + 1;
		TEST_ASSERT_EQUAL(fpk_mempool_audit(mp), -EFAULT, "overfull cache not caught");
		c->len = len;
	}
	fpk_mempool_put(mp, obj);
	TEST_ASSERT_SUCCESS(fpk_mempool_audit(mp), "after put");
	return TEST_SUCCESS;
}

static int
test_mempool_audit(void)
{
	TEST_RUN(with_pool("mpt_audit", 64, ELT_SIZE, 0, 0, audit_body));
	TEST_RUN(with_pool("mpt_audit_c", 64, ELT_SIZE, 16, 0, audit_body));
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(mempool_audit, test_mempool_audit)

/*
 * A double put in a release build: nothing checks the object, so the
 * counts must show it. Once through the cache or the ring while it has
 * room, once into a ring already holding every object.
 */
static int
double_put_body(struct fpk_mempool *mp)
{
	void *obj;

	TEST_ASSERT_SUCCESS(fpk_mempool_get(mp, &obj), "get");
	fpk_mempool_put(mp, obj);
	fpk_mempool_put(mp, obj);
	TEST_ASSERT_EQUAL(fpk_mempool_avail_count(mp), mp->size + 1, "avail %u after a double "
			  "put into %u objects", fpk_mempool_avail_count(mp), mp->size);
	TEST_ASSERT(!fpk_mempool_full(mp), "full() after a double put");
	TEST_ASSERT_EQUAL(fpk_mempool_in_use_count(mp), 0u, "in use");
	TEST_ASSERT_EQUAL(fpk_mempool_audit(mp), -EFAULT, "double put not reported");
	return TEST_SUCCESS;
}

static int
overflow_body(struct fpk_mempool *mp)
{
	void *objs[64];
	unsigned int n = mp->size;

	/* Every object in the ring, then one of them again: the ring is full. */
	TEST_ASSERT(n <= FPK_DIM(objs), "pool too big for the test");
	TEST_ASSERT_SUCCESS(fpk_mempool_generic_get(mp, objs, n, NULL), "get all");
	fpk_mempool_generic_put(mp, objs, n, NULL);
	fpk_mempool_generic_put(mp, objs, 1, NULL);
	TEST_ASSERT_EQUAL(fpk_mempool_avail_count(mp), n + 1, "avail %u after a put into a "
			  "full ring of %u", fpk_mempool_avail_count(mp), n);
	TEST_ASSERT_EQUAL(fpk_mempool_audit(mp), -EFAULT, "overflow not reported");
	return TEST_SUCCESS;
}

static int
test_mempool_double_put_counted(void)
{
	if (FPK_DEBUG)
		return fpk_test_skip("debug builds abort on a double put "
				     "(mempool_debug_aborts covers them)");
	printf("  (ERR lines from here on are expected)\n");
	fflush(stdout); /* the log goes to stderr */
	TEST_RUN(with_pool("mpt_dput", 64, ELT_SIZE, 0, 0, double_put_body));
	TEST_RUN(with_pool("mpt_dput_c", 64, ELT_SIZE, 16, 0, double_put_body));
	TEST_RUN(with_pool("mpt_oflow", 64, ELT_SIZE, 0, 0, overflow_body));
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(mempool_double_put_counted, test_mempool_double_put_counted)

/* The bad operation FPK_TEST_MEMPOOL_BAD names, on a fresh pool; must not return. */
static int
bad_op_body(struct fpk_mempool *mp)
{
	const char *what = getenv("FPK_TEST_MEMPOOL_BAD");
	void *objs[64], *obj;

	TEST_ASSERT_NOT_NULL(what, "FPK_TEST_MEMPOOL_BAD not set");
	TEST_ASSERT(mp->size <= FPK_DIM(objs), "pool too big for the test");
	/* Take everything, so that a get can only return the object put back. */
	TEST_ASSERT_SUCCESS(fpk_mempool_get_bulk(mp, objs, mp->size), "get all");
	if (!strcmp(what, "double")) {
		fpk_mempool_put(mp, objs[0]);
		fpk_mempool_put(mp, objs[0]);
	} else if (!strcmp(what, "bulk")) {
		objs[2] = objs[0];
		fpk_mempool_put_bulk(mp, objs, 3);
	} else if (!strcmp(what, "overrun")) {
		((uint8_t *)objs[0])[mp->elt_size] ^= 0xff;
		fpk_mempool_put(mp, objs[0]);
	} else if (!strcmp(what, "twice")) {
		fpk_mempool_put(mp, objs[0]);
		fpk_mempool_get_header(objs[0])->cookie = FPK_MEMPOOL_COOKIE_ALLOC;
		TEST_ASSERT_SUCCESS(fpk_mempool_get(mp, &obj), "get");
	}
	printf("  bad operation '%s' went unnoticed\n", what);
	return TEST_FAILED;
}

static int
mempool_bad_op(void)
{
	TEST_RUN(with_pool("mpt_bad", 64, ELT_SIZE, 0, 0, bad_op_body));
	return TEST_SUCCESS;
}
FPK_TEST_HELPER(mempool_bad_op, mempool_bad_op)

static int
test_mempool_debug_aborts(void)
{
	static const char *const app[] = { "mempool_bad_op", NULL };

	if (!FPK_DEBUG)
		return fpk_test_skip("only debug builds check every get and put "
				     "(meson -Dbuildtype=debug); mempool_double_put_counted "
				     "covers release builds");
	TEST_RUN(fpk_test_run_self(NULL, app, "FPK_TEST_MEMPOOL_BAD=double", 128 + SIGABRT,
				   "object is already free (double put)"));
	TEST_RUN(fpk_test_run_self(NULL, app, "FPK_TEST_MEMPOOL_BAD=bulk", 128 + SIGABRT,
				   "object is already free (double put)"));
	TEST_RUN(fpk_test_run_self(NULL, app, "FPK_TEST_MEMPOOL_BAD=overrun", 128 + SIGABRT,
				   "trailer overwritten"));
	TEST_RUN(fpk_test_run_self(NULL, app, "FPK_TEST_MEMPOOL_BAD=twice", 128 + SIGABRT,
				   "object is already in use (handed out twice)"));
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(mempool_debug_aborts, test_mempool_debug_aborts)

/*
 * Concurrency: every thread repeatedly takes a random bulk, claims each
 * object with an atomic exchange (a second owner would see it claimed),
 * releases and puts it back. Nothing may be handed out twice or lost.
 */
#define STRESS_N 1024
#define STRESS_ITERS 200000
#define STRESS_MAX_BULK 32

struct stress_ctx {
	struct fpk_mempool *mp;
	unsigned int id;
	unsigned int errors;
	unsigned long gets, misses;
	uint64_t deadline;
};

static int
stress_loop(void *p)
{
	struct stress_ctx *ctx = p;
	void *objs[STRESS_MAX_BULK];
	uint32_t rnd = 0x9e3779b9u * (ctx->id + 1);

	for (unsigned int it = 0; it < STRESS_ITERS && fpk_rdtsc() < ctx->deadline; it++) {
		unsigned int n;

		rnd = rnd * 1103515245u + 12345u;
		n = 1 + (rnd >> 16) % STRESS_MAX_BULK;
		if (fpk_mempool_get_bulk(ctx->mp, objs, n) != 0) {
			ctx->misses++;
			continue;
		}
		ctx->gets += n;
		for (unsigned int i = 0; i < n; i++)
			if (__atomic_exchange_n((uint32_t *)objs[i], ctx->id, __ATOMIC_ACQ_REL) != 0)
				ctx->errors++;
		for (unsigned int i = 0; i < n; i++)
			if (__atomic_exchange_n((uint32_t *)objs[i], 0, __ATOMIC_ACQ_REL) != ctx->id)
				ctx->errors++;
		fpk_mempool_put_bulk(ctx->mp, objs, n);
	}
	return 0;
}

static void *
stress_pthread(void *p)
{
	stress_loop(p);
	return NULL;
}

static int
stress_body(struct fpk_mempool *mp)
{
	unsigned int worker = fpk_get_next_lcore(-1, 1, 0);
	struct stress_ctx ctx[3];
	pthread_t th;
	int ret = TEST_SUCCESS;

	for (unsigned int i = 0; i < 3; i++)
		ctx[i] = (struct stress_ctx){ .mp = mp, .id = i + 1,
			.deadline = fpk_rdtsc() + 3 * fpk_get_tsc_hz() };
	TEST_ASSERT_SUCCESS(fpk_eal_remote_launch(stress_loop, &ctx[1], worker),
			    "launch on lcore %u", worker);
	if (pthread_create(&th, NULL, stress_pthread, &ctx[2]) != 0) {
		ctx[2].errors++;
		printf("  pthread_create failed\n");
	} else {
		stress_loop(&ctx[0]);
		pthread_join(th, NULL);
	}
	fpk_eal_wait_lcore(worker);
	for (unsigned int i = 0; i < 3; i++) {
		printf("  %s: %lu objects, %lu empty-pool misses, %u errors\n",
		       i == 0 ? "main lcore" : i == 1 ? "worker lcore" : "non-EAL thread",
		       ctx[i].gets, ctx[i].misses, ctx[i].errors);
		if (ctx[i].errors)
			ret = TEST_FAILED;
	}
	TEST_ASSERT_EQUAL(ret, TEST_SUCCESS, "an object was handed to two threads at once");
	/* Three spinning threads on two CPUs can starve one, but not all. */
	TEST_ASSERT(ctx[0].gets + ctx[1].gets > 0, "no lcore got anything");
	TEST_RUN(check_counts(mp, 0));
	TEST_ASSERT_SUCCESS(fpk_mempool_audit(mp), "audit after the run");
	return TEST_SUCCESS;
}

static int
test_mempool_multi_lcore(void)
{
	if (fpk_lcore_count() < 2)
		return fpk_test_skip("needs two lcores (run with -l 0-1)");
	TEST_RUN(with_pool("mpt_stress_c", STRESS_N, 64, 32, 0, stress_body));
	TEST_RUN(with_pool("mpt_stress", STRESS_N, 64, 0, 0, stress_body));
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(mempool_multi_lcore, test_mempool_multi_lcore)
