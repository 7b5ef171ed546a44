/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mempool slow path: creation and population (object placement, headers,
 * DMA addresses, constructors), lookup, free, counts, audit and dump. The
 * get/put fast path is inline in fpk_mempool.h.
 *
 * Memory: zone "MP_<name>" holds struct fpk_mempool, the per-lcore caches
 * and the private data; zones "MP<k>_<name>" hold the objects; the ring of
 * free objects is "MPR_<name>".
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <fpk_log.h>
#include <fpk_memory.h>

#include "fpk_mempool.h"

#define VALID_FLAGS (FPK_MEMPOOL_F_SP_PUT | FPK_MEMPOOL_F_SC_GET | FPK_MEMPOOL_F_NO_IOVA_CONTIG)

/*
 * Fully built pools in creation order, for fpk_mempool_walk(): memzone
 * slots are reused after a free, so walking the memzones would not keep it.
 */
static struct fpk_mempool *walk_head;
static struct fpk_mempool **walk_tail = &walk_head;
static pthread_mutex_t walk_lock = PTHREAD_MUTEX_INITIALIZER;

/* Debug builds put a trailer cookie right after each object. */
#define TRAILER_BYTES (FPK_DEBUG ? sizeof(uint64_t) : 0)

static uint32_t
flush_threshold(uint32_t cache_size)
{
	return cache_size + cache_size / 2;
}

static size_t
total_elt_size(const struct fpk_mempool *mp)
{
	return (size_t)mp->header_size + mp->elt_size + mp->trailer_size;
}

/* Trailer access goes through memcpy: elt_size need not be a multiple of 8. */
static uint64_t
trailer_read(const struct fpk_mempool *mp, const void *obj)
{
	uint64_t v;

	memcpy(&v, (const char *)obj + mp->elt_size, sizeof(v));
	return v;
}

static void
trailer_write(const struct fpk_mempool *mp, void *obj)
{
	uint64_t v = FPK_MEMPOOL_COOKIE_TRAILER;

	memcpy((char *)obj + mp->elt_size, &v, sizeof(v));
}

static void *
hdr_obj(const struct fpk_mempool_objhdr *hdr)
{
	return (void *)(hdr + 1);
}

/*
 * What is wrong with an object's header or trailer, regardless of whether it
 * is free or in use; NULL if nothing.
 */
static const char *
obj_problem(const struct fpk_mempool *mp, const void *obj)
{
	const struct fpk_mempool_objhdr *hdr = fpk_mempool_get_header(obj);

	if (hdr->guard != FPK_MEMPOOL_COOKIE_GUARD)
		return "header guard overwritten (the object before it overran?)";
	if (hdr->mp != mp)
		return "header names another pool";
	if (hdr->cookie != FPK_MEMPOOL_COOKIE_FREE && hdr->cookie != FPK_MEMPOOL_COOKIE_ALLOC)
		return "state cookie overwritten (write before the object's start?)";
	if (FPK_DEBUG && trailer_read(mp, obj) != FPK_MEMPOOL_COOKIE_TRAILER)
		return "trailer overwritten (write past the object's end?)";
	return NULL;
}

/*
 * The ring has a slot for every object, so it is full only when an object
 * was put back more often than it was handed out. What does not fit is
 * counted, so the counts show the double put instead of hiding it.
 */
void
fpk_mempool_put_overflow(struct fpk_mempool *mp, void * const *objs, unsigned int n)
{
	unsigned int done = fpk_ring_enqueue_burst(mp->ring, objs, n, NULL);

	if (done == n)
		return;
	__atomic_fetch_add(&mp->nb_overflow, n - done, __ATOMIC_RELAXED);
	FPK_LOG(ERR, MEMPOOL, "pool '%s': %u objects put back into a full pool (put twice?)\n",
		mp->name, n - done);
}

void
fpk_mempool_put_slow(struct fpk_mempool *mp, void * const *objs, unsigned int n,
		     struct fpk_mempool_cache *cache)
{
	if (n > cache->size) {
		fpk_mempool_ring_put(mp, objs, n);
		return;
	}
	fpk_mempool_copy_objs(&cache->objs[cache->len], objs, n);
	cache->len += n;
	fpk_mempool_ring_put(mp, &cache->objs[cache->size], cache->len - cache->size);
	cache->len = cache->size;
}

int
fpk_mempool_get_slow(struct fpk_mempool *mp, void **objs, unsigned int n,
		     struct fpk_mempool_cache *cache)
{
	unsigned int len = cache->len, req;

	if (n > cache->size) {
		if (fpk_ring_dequeue_bulk(mp->ring, objs, n, NULL) == n)
			return 0;
		/* len < n here: the caller served anything the cache could. */
		if (len == 0 || fpk_ring_dequeue_bulk(mp->ring, objs, n - len, NULL) == 0)
			return -ENOENT;
		fpk_mempool_copy_objs(&objs[n - len], cache->objs, len);
		cache->len = 0;
		return 0;
	}
	req = cache->size + n - len;
	if (fpk_ring_dequeue_bulk(mp->ring, &cache->objs[len], req, NULL) == 0) {
		/* Not enough for a full refill; enough for the request will do. */
		req = n - len;
		if (fpk_ring_dequeue_bulk(mp->ring, &cache->objs[len], req, NULL) == 0)
			return -ENOENT;
	}
	cache->len = len + req;
	fpk_mempool_pop_objs(objs, cache, n);
	return 0;
}

#if FPK_DEBUG
/*
 * Check that @obj is in state @want and move it to the other state. A bad
 * object means memory is already corrupt or about to be (an object queued
 * twice is handed to two owners): stop here, where the culprit is on the
 * stack, as DPDK's mempool debug mode does.
 */
static void
dbg_flip(struct fpk_mempool *mp, void *obj, uint64_t want, const char *op)
{
	struct fpk_mempool_objhdr *hdr = fpk_mempool_get_header(obj);
	const char *why = obj_problem(mp, obj);

	if (why == NULL && hdr->cookie != want)
		why = want == FPK_MEMPOOL_COOKIE_ALLOC ? "object is already free (double put)" :
		      "object is already in use (handed out twice)";
	if (why) {
		FPK_LOG(CRIT, MEMPOOL, "pool '%s': %s of %p: %s; aborting (debug build)\n",
			mp->name, op, obj, why);
		abort();
	}
	hdr->cookie = want == FPK_MEMPOOL_COOKIE_FREE ? FPK_MEMPOOL_COOKIE_ALLOC :
		      FPK_MEMPOOL_COOKIE_FREE;
}

void
fpk_mempool_dbg_check(struct fpk_mempool *mp, void * const *objs, unsigned int n, bool put)
{
	for (unsigned int i = 0; i < n; i++)
		dbg_flip(mp, objs[i], put ? FPK_MEMPOOL_COOKIE_ALLOC : FPK_MEMPOOL_COOKIE_FREE,
			 put ? "put" : "get");
}
#endif /* FPK_DEBUG */

/*
 * Lay objects out from the start of @mz, at most @want of them, numbering
 * them from @first_idx. An object whose bytes would cross a page boundary
 * where DMA addresses jump is moved to the start of the next page instead.
 * @return the number placed.
 */
static unsigned int
place_objects(struct fpk_mempool *mp, const struct fpk_memzone *mz, unsigned int want,
	      unsigned int first_idx, struct fpk_mempool_objhdr ***tail,
	      fpk_mempool_obj_cb_t *obj_init, void *obj_init_arg)
{
	bool check = !(mp->flags & FPK_MEMPOOL_F_NO_IOVA_CONTIG);
	size_t total = total_elt_size(mp);
	uintptr_t p = (uintptr_t)mz->addr;
	uintptr_t end = p + mz->len;
	unsigned int placed = 0;

	while (placed < want && p <= end && end - p >= total) {
		void *obj = (void *)(p + mp->header_size);
		fpk_iova_t iova = fpk_mem_virt2iova(obj);
		struct fpk_mempool_objhdr *hdr;

		if (check && iova != FPK_BAD_IOVA) {
			const struct fpk_memseg *ms = fpk_mem_virt2memseg(obj);

			if (ms && fpk_mem_iova_contig_len(obj, mp->elt_size) < mp->elt_size) {
				p = FPK_ALIGN_CEIL((uintptr_t)obj + 1, (uintptr_t)ms->page_sz) -
				    mp->header_size;
				continue;
			}
		}
		hdr = fpk_mempool_get_header(obj);
		hdr->guard = FPK_MEMPOOL_COOKIE_GUARD;
		hdr->next = NULL;
		hdr->mp = mp;
		hdr->iova = iova;
		hdr->cookie = FPK_MEMPOOL_COOKIE_FREE;
		if (FPK_DEBUG)
			trailer_write(mp, obj);
		**tail = hdr;
		*tail = &hdr->next;
		if (obj_init)
			obj_init(mp, obj_init_arg, obj, first_idx + placed);
		/* Cannot fail: the ring was sized for every object. */
		(void)fpk_ring_enqueue_bulk(mp->ring, &obj, 1, NULL);
		placed++;
		p += total;
	}
	return placed;
}

static const struct fpk_memzone *
reserve_chunk(struct fpk_mempool *mp, size_t len, unsigned int mz_flags)
{
	char zname[FPK_MEMZONE_NAMESIZE];

	snprintf(zname, sizeof(zname), "MP%x_%s", mp->nb_chunks, mp->name);
	return fpk_memzone_reserve(zname, len, mp->socket_id, mz_flags);
}

/*
 * Reserve object memory and place every object. Usually one zone does;
 * when objects had to skip page boundaries, further zones are sized from
 * the density reached so far. If not even one object fits in a zone (an
 * object larger than a page, over pages whose DMA addresses are not
 * contiguous), the zone is retried as one DMA-contiguous block.
 * @return 0 or a negative errno.
 */
static int
populate(struct fpk_mempool *mp, fpk_mempool_obj_cb_t *obj_init, void *obj_init_arg)
{
	struct fpk_mempool_objhdr **tail = &mp->obj_list;
	size_t total = total_elt_size(mp);
	size_t len = (size_t)mp->size * total;
	unsigned int placed = 0;

	while (placed < mp->size) {
		unsigned int want = mp->size - placed, got;
		const struct fpk_memzone *mz;

		if (mp->nb_chunks == FPK_MEMPOOL_MAX_CHUNKS) {
			FPK_LOG(ERR, MEMPOOL, "pool '%s': objects still unplaced after %d memory "
				"chunks\n", mp->name, FPK_MEMPOOL_MAX_CHUNKS);
			return -ENOMEM;
		}
		mz = reserve_chunk(mp, len, 0);
		if (mz == NULL)
			return -fpk_errno;
		got = place_objects(mp, mz, want, placed, &tail, obj_init, obj_init_arg);
		if (got == 0) {
			fpk_memzone_free(mz);
			mz = reserve_chunk(mp, (size_t)want * total, FPK_MEMZONE_IOVA_CONTIG);
			if (mz == NULL) {
				FPK_LOG(ERR, MEMPOOL, "pool '%s': objects of %zu bytes need "
					"DMA-contiguous memory and none is left\n", mp->name,
					total);
				return -fpk_errno;
			}
			got = place_objects(mp, mz, want, placed, &tail, obj_init, obj_init_arg);
		}
		mp->chunk[mp->nb_chunks].mz = mz;
		mp->chunk[mp->nb_chunks].nb_objs = got;
		mp->nb_chunks++;
		if (got == 0)
			return -ENOMEM;
		placed += got;
		/* Bytes per object achieved here, plus one object's slack for alignment. */
		len = (size_t)(mp->size - placed) * ((mz->len + got - 1) / got) + total;
	}
	return 0;
}

struct fpk_mempool *
fpk_mempool_create(const char *name, unsigned int n, unsigned int elt_size,
		   unsigned int cache_size, unsigned int private_data_size,
		   fpk_mempool_ctor_t *mp_init, void *mp_init_arg,
		   fpk_mempool_obj_cb_t *obj_init, void *obj_init_arg,
		   int socket_id, unsigned int flags)
{
	char zname[FPK_MEMZONE_NAMESIZE];
	const struct fpk_memzone *mz;
	struct fpk_mempool *mp;
	uint32_t header_size = FPK_CACHE_LINE_ROUNDUP(sizeof(struct fpk_mempool_objhdr));
	uint64_t total;
	size_t cache_stride = 0, caches_len = 0, len;
	unsigned int ring_flags = FPK_RING_F_EXACT_SZ;
	int ret;

	if (name == NULL || n == 0 || elt_size == 0 || (flags & ~VALID_FLAGS) ||
	    cache_size > FPK_MEMPOOL_CACHE_MAX_SIZE || flush_threshold(cache_size) > n) {
		fpk_errno = EINVAL;
		return NULL;
	}
	if (strnlen(name, FPK_MEMPOOL_NAMESIZE) == FPK_MEMPOOL_NAMESIZE) {
		fpk_errno = ENAMETOOLONG;
		return NULL;
	}
	total = FPK_CACHE_LINE_ROUNDUP((uint64_t)header_size + elt_size + TRAILER_BYTES);
	if (total > UINT32_MAX || private_data_size > UINT32_MAX - FPK_CACHE_LINE_SIZE) {
		fpk_errno = EINVAL;
		return NULL;
	}
	if (cache_size) {
		cache_stride = FPK_CACHE_LINE_ROUNDUP(sizeof(struct fpk_mempool_cache) +
				(size_t)(cache_size + flush_threshold(cache_size)) * sizeof(void *));
		caches_len = cache_stride * FPK_MAX_LCORE;
	}
	len = FPK_CACHE_LINE_ROUNDUP(sizeof(*mp)) + caches_len +
	      FPK_CACHE_LINE_ROUNDUP((size_t)private_data_size);

	snprintf(zname, sizeof(zname), "MP_%s", name);
	mz = fpk_memzone_reserve(zname, len, socket_id, 0);
	if (mz == NULL)
		return NULL;
	mp = mz->addr;
	snprintf(mp->name, sizeof(mp->name), "%s", name);
	mp->mz = mz;
	mp->size = n;
	mp->flags = flags;
	mp->socket_id = socket_id;
	mp->elt_size = elt_size;
	mp->header_size = header_size;
	mp->trailer_size = (uint32_t)(total - header_size - elt_size);
	mp->private_data_size = private_data_size;
	mp->cache_size = cache_size;
	mp->cache_stride = (uint32_t)cache_stride;
	mp->priv = (char *)mp + FPK_CACHE_LINE_ROUNDUP(sizeof(*mp)) + caches_len;
	if (cache_size) {
		mp->local_cache = FPK_PTR_ADD(mp, FPK_CACHE_LINE_ROUNDUP(sizeof(*mp)));
		for (unsigned int i = 0; i < FPK_MAX_LCORE; i++) {
			struct fpk_mempool_cache *c = fpk_mempool_default_cache(mp, i);

			c->size = cache_size;
			c->flushthresh = flush_threshold(cache_size);
		}
	}

	if (flags & FPK_MEMPOOL_F_SP_PUT)
		ring_flags |= FPK_RING_F_SP_ENQ;
	if (flags & FPK_MEMPOOL_F_SC_GET)
		ring_flags |= FPK_RING_F_SC_DEQ;
	snprintf(zname, sizeof(zname), "MPR_%s", name);
	mp->ring = fpk_ring_create(zname, n, socket_id, ring_flags);
	if (mp->ring == NULL) {
		ret = -fpk_errno;
		goto fail;
	}

	if (mp_init)
		mp_init(mp, mp_init_arg);
	ret = populate(mp, obj_init, obj_init_arg);
	if (ret < 0)
		goto fail;
	pthread_mutex_lock(&walk_lock);
	mp->walk_next = NULL;
	*walk_tail = mp;
	walk_tail = &mp->walk_next;
	__atomic_store_n(&mp->ready, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&walk_lock);
	return mp;
fail:
	fpk_mempool_free(mp);
	fpk_errno = -ret;
	return NULL;
}

void
fpk_mempool_free(struct fpk_mempool *mp)
{
	const struct fpk_memzone *mz;

	if (mp == NULL)
		return;
	pthread_mutex_lock(&walk_lock);
	__atomic_store_n(&mp->ready, 0, __ATOMIC_RELEASE);
	/* A pool whose creation failed was never linked. */
	for (struct fpk_mempool **pp = &walk_head; *pp; pp = &(*pp)->walk_next) {
		if (*pp == mp) {
			*pp = mp->walk_next;
			if (walk_tail == &mp->walk_next)
				walk_tail = pp;
			break;
		}
	}
	pthread_mutex_unlock(&walk_lock);
	fpk_ring_free(mp->ring);
	for (unsigned int i = 0; i < mp->nb_chunks; i++)
		fpk_memzone_free(mp->chunk[i].mz);
	mz = mp->mz; /* mp lives in this zone */
	fpk_memzone_free(mz);
}

struct fpk_mempool *
fpk_mempool_lookup(const char *name)
{
	char zname[FPK_MEMZONE_NAMESIZE];
	const struct fpk_memzone *mz;
	struct fpk_mempool *mp;

	if (name == NULL) {
		fpk_errno = EINVAL;
		return NULL;
	}
	if (strnlen(name, FPK_MEMPOOL_NAMESIZE) == FPK_MEMPOOL_NAMESIZE) {
		fpk_errno = ENOENT;
		return NULL;
	}
	snprintf(zname, sizeof(zname), "MP_%s", name);
	mz = fpk_memzone_lookup(zname);
	/* A pool still being built (or torn down) is not there yet. */
	if (mz == NULL || !__atomic_load_n(&((struct fpk_mempool *)mz->addr)->ready,
					   __ATOMIC_ACQUIRE)) {
		fpk_errno = ENOENT;
		return NULL;
	}
	mp = mz->addr;
	return mp;
}

void
fpk_mempool_walk(void (*fn)(struct fpk_mempool *mp, void *arg), void *arg)
{
	pthread_mutex_lock(&walk_lock);
	for (struct fpk_mempool *mp = walk_head; mp; mp = mp->walk_next)
		fn(mp, arg);
	pthread_mutex_unlock(&walk_lock);
}

/* Objects in every lcore's cache; racy unless the pool is quiet. */
static unsigned int
cached_count(const struct fpk_mempool *mp)
{
	unsigned int count = 0;

	for (unsigned int i = 0; mp->local_cache && i < FPK_MAX_LCORE; i++)
		count += __atomic_load_n(&fpk_mempool_default_cache(mp, i)->len,
					 __ATOMIC_RELAXED);
	return count;
}

unsigned int
fpk_mempool_avail_count(const struct fpk_mempool *mp)
{
	uint64_t overflow = __atomic_load_n(&mp->nb_overflow, __ATOMIC_RELAXED);

	/* Not capped at the size: more than the size is how a double put shows. */
	return fpk_ring_count(mp->ring) + cached_count(mp) + (unsigned int)overflow;
}

unsigned int
fpk_mempool_in_use_count(const struct fpk_mempool *mp)
{
	unsigned int avail = fpk_mempool_avail_count(mp);

	return avail < mp->size ? mp->size - avail : 0;
}

uint32_t
fpk_mempool_obj_iter(struct fpk_mempool *mp, fpk_mempool_obj_cb_t *cb, void *arg)
{
	uint32_t idx = 0;

	for (struct fpk_mempool_objhdr *hdr = mp->obj_list; hdr; hdr = hdr->next)
		cb(mp, arg, hdr_obj(hdr), idx++);
	return idx;
}

/* Whether @hdr can be an object header of @mp: in one of its chunks. */
static bool
hdr_in_pool(const struct fpk_mempool *mp, const struct fpk_mempool_objhdr *hdr)
{
	uintptr_t a = (uintptr_t)hdr;

	for (unsigned int i = 0; i < mp->nb_chunks; i++) {
		uintptr_t lo = (uintptr_t)mp->chunk[i].mz->addr;

		if (a >= lo && a - lo + total_elt_size(mp) <= mp->chunk[i].mz->len)
			return true;
	}
	return false;
}

int
fpk_mempool_audit(struct fpk_mempool *mp)
{
	unsigned int ring_count, cached, nb_objs = 0, nb_free = 0, bad = 0;

	if (mp == NULL)
		return -EINVAL;
	for (unsigned int i = 0; mp->local_cache && i < FPK_MAX_LCORE; i++) {
		const struct fpk_mempool_cache *c = fpk_mempool_default_cache(mp, i);

		if (c->len > c->flushthresh || c->size != mp->cache_size) {
			FPK_LOG(ERR, MEMPOOL, "pool '%s': lcore %u cache holds %u (size %u, "
				"threshold %u)\n", mp->name, i, c->len, c->size, c->flushthresh);
			bad++;
		}
	}
	ring_count = fpk_ring_count(mp->ring);
	cached = cached_count(mp);
	if (ring_count + cached > mp->size || mp->nb_overflow) {
		FPK_LOG(ERR, MEMPOOL, "pool '%s': %u free in ring + %u in caches + %" PRIu64
			" put into a full ring > %u objects (double put?)\n", mp->name, ring_count,
			cached, mp->nb_overflow, mp->size);
		bad++;
	}
	for (struct fpk_mempool_objhdr *hdr = mp->obj_list; hdr; hdr = hdr->next) {
		const char *why;

		/* A smashed link must not send the walk into the weeds. */
		if (!hdr_in_pool(mp, hdr)) {
			FPK_LOG(ERR, MEMPOOL, "pool '%s': object list broken after %u objects "
				"(%p outside the pool)\n", mp->name, nb_objs, (void *)hdr);
			bad++;
			break;
		}
		nb_objs++;
		why = obj_problem(mp, hdr_obj(hdr));
		if (why) {
			FPK_LOG(ERR, MEMPOOL, "pool '%s': object %p: %s\n", mp->name,
				hdr_obj(hdr), why);
			bad++;
		}
		nb_free += hdr->cookie == FPK_MEMPOOL_COOKIE_FREE;
	}
	if (nb_objs != mp->size) {
		FPK_LOG(ERR, MEMPOOL, "pool '%s': %u objects found, %u expected\n", mp->name,
			nb_objs, mp->size);
		bad++;
	}
	if (FPK_DEBUG && nb_free != ring_count + cached) {
		FPK_LOG(ERR, MEMPOOL, "pool '%s': %u objects marked free but %u in ring and "
			"caches\n", mp->name, nb_free, ring_count + cached);
		bad++;
	}
	return bad ? -EFAULT : 0;
}

void
fpk_mempool_dump(FILE *f, struct fpk_mempool *mp)
{
	unsigned int avail = fpk_mempool_avail_count(mp);

	fprintf(f, "mempool '%s' at %p\n", mp->name, (void *)mp);
	fprintf(f, "  flags=0x%x socket_id=%d size=%u avail=%u in_use=%u\n", mp->flags,
		mp->socket_id, mp->size, avail, mp->size - avail);
	fprintf(f, "  elt_size=%u header_size=%u trailer_size=%u total_obj_size=%zu\n",
		mp->elt_size, mp->header_size, mp->trailer_size, total_elt_size(mp));
	fprintf(f, "  private_data_size=%u cache_size=%u flushthresh=%u ring_count=%u\n",
		mp->private_data_size, mp->cache_size, flush_threshold(mp->cache_size),
		fpk_ring_count(mp->ring));
	for (unsigned int i = 0; i < mp->nb_chunks; i++)
		fprintf(f, "  chunk %u: zone '%s' va %p iova 0x%" PRIx64 " len %zu objs %u\n", i,
			mp->chunk[i].mz->name, mp->chunk[i].mz->addr, mp->chunk[i].mz->iova,
			mp->chunk[i].mz->len, mp->chunk[i].nb_objs);
	for (unsigned int i = 0; mp->local_cache && i < FPK_MAX_LCORE; i++) {
		const struct fpk_mempool_cache *c = fpk_mempool_default_cache(mp, i);

		if (c->len)
			fprintf(f, "  cache lcore %u: len=%u\n", i, c->len);
	}
	if (mp->nb_overflow)
		fprintf(f, "  put into a full ring (double puts): %" PRIu64 "\n", mp->nb_overflow);
}
