/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Mempools: pools of fixed-size objects with per-lcore caches.
 *
 * A fixed number of fixed-size objects in memzone memory, handed
 * out and taken back without locks, system calls or allocation. Free
 * objects sit in a ring shared by all threads; each EAL lcore also keeps a
 * private stack of them (its cache) so that most gets and puts touch no
 * shared cache line. Threads that are not EAL lcores use the ring directly.
 *
 * Every object is preceded by a one-cache-line header (owning pool, DMA
 * address, guard and state cookies) and, in debug builds (FPK_DEBUG),
 * followed by a trailer cookie. fpk_mempool_audit() checks them all; debug
 * builds also check and flip the state cookie on every get and put, and
 * abort on a double put or a corrupt object, where it happens. Release
 * builds count a put that finds the ring full, so a double put shows as more
 * free objects than the pool has.
 *
 * The API mirrors DPDK's rte_mempool.
 */
#ifndef FPK_MEMPOOL_H
#define FPK_MEMPOOL_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <fpk_common.h>
#include <fpk_lcore.h>
#include <fpk_memzone.h>
#include <fpk_ring.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Longest pool name, terminating NUL included. */
#define FPK_MEMPOOL_NAMESIZE 24
/** Largest per-lcore cache, in objects (DPDK's value). */
#define FPK_MEMPOOL_CACHE_MAX_SIZE 512
/** Most memzones one pool's objects may be spread over. */
#define FPK_MEMPOOL_MAX_CHUNKS 16

/** Pool flag: puts come from one thread at a time (the ring skips its atomics). */
#define FPK_MEMPOOL_F_SP_PUT 0x0001
/** Pool flag: gets come from one thread at a time. */
#define FPK_MEMPOOL_F_SC_GET 0x0002
/**
 * Pool flag: no object is ever handed to a device, so objects may straddle
 * pages whose DMA addresses are not contiguous (saves the gaps avoiding it
 * costs).
 */
#define FPK_MEMPOOL_F_NO_IOVA_CONTIG 0x0004

/*
 * Cookie values read as ASCII in a little-endian hex dump, so a corrupted
 * header is easy to tell from an intact one.
 */
#define FPK_MEMPOOL_COOKIE_GUARD   UINT64_C(0x64726175474b5046) /**< header guard, "FPKGuard" */
#define FPK_MEMPOOL_COOKIE_FREE    UINT64_C(0x21656572464b5046) /**< object is free, "FPKFree!" */
#define FPK_MEMPOOL_COOKIE_ALLOC   UINT64_C(0x6573556e494b5046) /**< object in use, "FPKInUse" */
#define FPK_MEMPOOL_COOKIE_TRAILER UINT64_C(0x216c6961544b5046) /**< debug trailer, "FPKTail!" */

struct fpk_mempool;

/**
 * Header in front of every object. The guard is at its lowest address so
 * that a write running off the end of the previous object hits it first;
 * the state cookie is last, next to the object, so that a write before the
 * object's start hits it.
 */
struct fpk_mempool_objhdr {
	uint64_t guard;                   /**< FPK_MEMPOOL_COOKIE_GUARD */
	struct fpk_mempool_objhdr *next;  /**< next object of the pool, for iteration */
	struct fpk_mempool *mp;           /**< owning pool */
	fpk_iova_t iova;                  /**< DMA address of the object, FPK_BAD_IOVA if none */
	uint64_t pad_[3];                 /**< keeps the cookie next to the object */
	uint64_t cookie;                  /**< FREE or ALLOC (tracked in debug builds) */
};

/**
 * A per-lcore stack of free objects. Only its lcore touches it, so it
 * needs no atomics; it is cache-line aligned so neighbours never share a
 * line.
 */
struct fpk_mempool_cache {
	uint32_t size;        /**< objects kept after a flush; refill target */
	uint32_t flushthresh; /**< a put that reaches this many flushes to size */
	uint32_t len;         /**< objects in the cache now */
	void *objs[];         /**< size + flushthresh slots; top of stack last */
} __fpk_cache_aligned;

/** A memzone holding some of the pool's objects. */
struct fpk_mempool_chunk {
	const struct fpk_memzone *mz; /**< the memzone */
	uint32_t nb_objs;             /**< objects placed in it */
};

/**
 * A pool. Everything get and put read is in the first cache line; the
 * rest is read on the slow path only.
 */
struct fpk_mempool {
	struct fpk_ring *ring;                  /**< free objects not in a cache */
	void *local_cache;                      /**< FPK_MAX_LCORE caches, or NULL */
	uint32_t cache_stride;                  /**< bytes from one cache to the next */
	uint32_t cache_size;                    /**< per-lcore cache size, 0: none */
	uint32_t size;                          /**< objects in the pool */
	uint32_t flags;                         /**< FPK_MEMPOOL_F_* */
	uint32_t elt_size;                      /**< object size asked for */
	uint32_t header_size;                   /**< bytes before each object */
	uint32_t trailer_size;                  /**< bytes after each object (trailer, padding) */
	uint32_t private_data_size;             /**< bytes of the private data area */

	char name[FPK_MEMPOOL_NAMESIZE] __fpk_cache_aligned; /**< the pool's name */
	int socket_id;                          /**< NUMA node asked for at creation */
	uint32_t nb_chunks;                     /**< chunk entries in use */
	struct fpk_mempool_objhdr *obj_list;    /**< every object, in placement order */
	void *priv;                             /**< private data area */
	const struct fpk_memzone *mz;           /**< zone holding this structure */
	uint64_t nb_overflow;                   /**< puts that found the ring full */
	uint32_t ready;                         /**< set once fully built, for lookup */
	struct fpk_mempool *walk_next;          /**< next pool in creation order, for walks */
	struct fpk_mempool_chunk chunk[FPK_MEMPOOL_MAX_CHUNKS]; /**< memzones of the objects */
} __fpk_cache_aligned;

/**
 * Pool constructor: called once on a new pool by fpk_mempool_create(),
 * before any object is initialised.
 *
 * @param mp  The new pool; its private data area is ready.
 * @param arg  The mp_init_arg given to fpk_mempool_create().
 */
typedef void (fpk_mempool_ctor_t)(struct fpk_mempool *mp, void *arg);

/**
 * Object callback: called for one object, as the object constructor at
 * creation or by fpk_mempool_obj_iter().
 *
 * @param mp  The pool.
 * @param arg  The argument given with the callback.
 * @param obj  The object.
 * @param obj_idx  Its index in placement order, from 0.
 */
typedef void (fpk_mempool_obj_cb_t)(struct fpk_mempool *mp, void *arg, void *obj,
				    unsigned int obj_idx);

/**
 * Create a pool of objects, each cache-line aligned, in memzones named
 * after the pool. Objects are zeroed, then the pool constructor runs, then
 * the object constructor once per object.
 *
 * Unless FPK_MEMPOOL_F_NO_IOVA_CONTIG is given, no object straddles a page
 * boundary across which DMA addresses jump, so each object can be handed to
 * a device as one address range. With 2 MiB hugepages and physical
 * addresses this costs at most one object's worth of memory per page. With
 * `--no-huge` the EAL gives IOVA = VA (the 4 KiB pages are not pinned, so no
 * physical device may DMA to them) and nothing needs moving.
 *
 * Each object's DMA address is taken once here from fpk_mem_virt2iova(); a
 * later change of IOVA resolver is not seen by existing pools.
 *
 * Call after fpk_eal_init(); not thread-safe against fpk_mempool_free() of
 * the same name.
 *
 * @param[in] name  The pool's name, unique among pools: at most 23 characters.
 * @param n  Number of objects, not 0.
 * @param elt_size  Size of each object in bytes, not 0.
 * @param cache_size  Objects each lcore may keep in its cache, at most
 *   FPK_MEMPOOL_CACHE_MAX_SIZE; 0 for no caches. A cache flushes to the
 *   shared ring at 1.5 x @p cache_size objects, which must not exceed @p n.
 * @param private_data_size  Bytes of the pool's private data area
 *   (fpk_mempool_get_priv()), zeroed.
 * @param mp_init  Pool constructor, or NULL.
 * @param mp_init_arg  Argument of @p mp_init.
 * @param obj_init  Object constructor, or NULL.
 * @param obj_init_arg  Argument of @p obj_init.
 * @param socket_id  NUMA node of the memory, or FPK_SOCKET_ID_ANY.
 * @param flags  0 or an OR of FPK_MEMPOOL_F_SP_PUT, FPK_MEMPOOL_F_SC_GET
 *   and FPK_MEMPOOL_F_NO_IOVA_CONTIG.
 * @return The pool, or NULL with fpk_errno set:
 *   - EINVAL: NULL @p name, @p n or @p elt_size 0, an unknown flag,
 *     @p cache_size above FPK_MEMPOOL_CACHE_MAX_SIZE or its flush threshold
 *     above @p n, sizes too large; or, from fpk_memzone_reserve(), the EAL
 *     not initialised or a bad @p socket_id;
 *   - ENAMETOOLONG: @p name has FPK_MEMPOOL_NAMESIZE characters or more;
 *   - EEXIST: a pool of that name exists;
 *   - ENOSPC: the memzone or memory segment table is full;
 *   - ENOMEM: not enough memory;
 *   - another error of fpk_memzone_reserve().
 */
struct fpk_mempool *fpk_mempool_create(const char *name, unsigned int n,
				       unsigned int elt_size, unsigned int cache_size,
				       unsigned int private_data_size,
				       fpk_mempool_ctor_t *mp_init, void *mp_init_arg,
				       fpk_mempool_obj_cb_t *obj_init, void *obj_init_arg,
				       int socket_id, unsigned int flags);

/**
 * Free a pool and its memory. Objects still in use become invalid.
 *
 * @param mp  The pool; no thread may use it during or after the call. NULL
 *   is ignored.
 */
void fpk_mempool_free(struct fpk_mempool *mp);

/**
 * Find a pool by name.
 *
 * @param[in] name  The pool's name.
 * @return The pool, or NULL with fpk_errno set: EINVAL (NULL @p name) or
 *   ENOENT (no such pool, or one still being built).
 */
struct fpk_mempool *fpk_mempool_lookup(const char *name);

/**
 * Call a function for every fully built pool, in creation order (DPDK's
 * rte_mempool_walk()).
 *
 * The walk holds a lock that fpk_mempool_create() and fpk_mempool_free()
 * also take, so pools can neither appear nor disappear under it: @p fn must
 * not create or free pools (the lock is not recursive), and a thread
 * creating or freeing one waits for the walk to end. Gets and puts take no
 * lock and may run meanwhile, so counts @p fn reads are a snapshot. Any
 * thread may walk, after fpk_eal_init().
 *
 * @param fn  The function, called with each pool and @p arg.
 * @param arg  Its argument.
 */
void fpk_mempool_walk(void (*fn)(struct fpk_mempool *mp, void *arg), void *arg);

/**
 * Number of free objects: in the ring plus in every lcore's cache. Exact
 * only while no thread is getting or putting. Never capped: more than the
 * pool's size means objects were put back more often than handed out (a
 * double put), which fpk_mempool_audit() also reports.
 *
 * @param[in] mp  The pool.
 * @return The count; the pool's size when every object is free.
 */
unsigned int fpk_mempool_avail_count(const struct fpk_mempool *mp);

/**
 * Number of objects handed out and not put back: the pool's size less
 * fpk_mempool_avail_count(), or 0 when that count exceeds the size (check
 * fpk_mempool_full() or the available count to catch double puts).
 *
 * @param[in] mp  The pool.
 * @return 0 to the pool's size.
 */
unsigned int fpk_mempool_in_use_count(const struct fpk_mempool *mp);

/**
 * Whether every object is free (see fpk_mempool_avail_count()).
 *
 * @param[in] mp  The pool.
 * @return 1 if every object is free, else 0.
 */
static inline int
fpk_mempool_full(const struct fpk_mempool *mp)
{
	return fpk_mempool_avail_count(mp) == mp->size;
}

/**
 * Whether no object is free (see fpk_mempool_avail_count()).
 *
 * @param[in] mp  The pool.
 * @return 1 if no object is free, else 0.
 */
static inline int
fpk_mempool_empty(const struct fpk_mempool *mp)
{
	return fpk_mempool_avail_count(mp) == 0;
}

/**
 * Check a pool's integrity: every object's guard, owner and state cookie
 * (and trailer in debug builds), that each cache holds no more than its
 * threshold, and that the free count is consistent. Debug builds also check
 * that the number of objects marked free equals the free count and that no
 * get or put has seen a bad cookie. Problems are logged at ERR level.
 * Must not run concurrently with gets and puts.
 *
 * @param mp  The pool.
 * @return 0; -EINVAL if @p mp is NULL; -EFAULT if anything is corrupt.
 */
int fpk_mempool_audit(struct fpk_mempool *mp);

/**
 * Print a pool's geometry, counts, memzones and per-lcore cache fill.
 *
 * @param[in] f  Stream to print to.
 * @param mp  The pool.
 */
void fpk_mempool_dump(FILE *f, struct fpk_mempool *mp);

/**
 * Call a function for every object of a pool, free or not, in placement
 * order.
 *
 * @param mp  The pool.
 * @param cb  The function, called as cb(mp, @p arg, obj, idx) with idx
 *   counting from 0.
 * @param arg  Its argument.
 * @return The number of objects visited: the pool's size.
 */
uint32_t fpk_mempool_obj_iter(struct fpk_mempool *mp, fpk_mempool_obj_cb_t *cb, void *arg);

/**
 * The pool's private data area (private_data_size bytes, zeroed at
 * creation).
 *
 * @param mp  The pool.
 * @return The area's address; not NULL even when its size is 0.
 */
static inline void *
fpk_mempool_get_priv(struct fpk_mempool *mp)
{
	return mp->priv;
}

/**
 * The header in front of an object of any pool.
 *
 * @param[in] obj  An object from a mempool.
 * @return Its header.
 */
static __fpk_always_inline struct fpk_mempool_objhdr *
fpk_mempool_get_header(const void *obj)
{
	return (struct fpk_mempool_objhdr *)FPK_PTR_SUB(obj, sizeof(struct fpk_mempool_objhdr));
}

/**
 * The pool an object belongs to.
 *
 * @param[in] obj  An object from a mempool.
 * @return Its pool.
 */
static __fpk_always_inline struct fpk_mempool *
fpk_mempool_from_obj(const void *obj)
{
	return fpk_mempool_get_header(obj)->mp;
}

/**
 * DMA address of an object, recorded when the pool was built. The object's
 * bytes are DMA-contiguous (see fpk_mempool_create()).
 *
 * @param[in] obj  An object from a mempool.
 * @return The DMA address of its first byte, or FPK_BAD_IOVA where the
 *   memory has none.
 */
static __fpk_always_inline fpk_iova_t
fpk_mempool_virt2iova(const void *obj)
{
	return fpk_mempool_get_header(obj)->iova;
}

/**
 * The cache of an lcore.
 *
 * @param[in] mp  The pool.
 * @param lcore_id  The lcore id, e.g. fpk_lcore_id().
 * @return The cache, or NULL if the pool has none or @p lcore_id is not an
 *   lcore (FPK_LCORE_ID_ANY for non-EAL threads).
 */
static __fpk_always_inline struct fpk_mempool_cache *
fpk_mempool_default_cache(const struct fpk_mempool *mp, unsigned int lcore_id)
{
	if (mp->local_cache == NULL || lcore_id >= FPK_MAX_LCORE)
		return NULL;
	return (struct fpk_mempool_cache *)FPK_PTR_ADD(mp->local_cache,
						       (size_t)lcore_id * mp->cache_stride);
}

/** @cond INTERNAL */
#if FPK_DEBUG
/**
 * @internal Debug builds check every object got (@p put false) or put back
 * and flip its state cookie; a bad object aborts the process.
 */
void fpk_mempool_dbg_check(struct fpk_mempool *mp, void * const *objs, unsigned int n,
			   bool put);
#endif

/** @internal Out of line: a put into a full ring, counted and logged. */
void fpk_mempool_put_overflow(struct fpk_mempool *mp, void * const *objs, unsigned int n);

/** @internal Objects straight into the ring, which has a slot for each one. */
static __fpk_always_inline void
fpk_mempool_ring_put(struct fpk_mempool *mp, void * const *objs, unsigned int n)
{
	if (fpk_unlikely(fpk_ring_enqueue_bulk(mp->ring, objs, n, NULL) != n))
		fpk_mempool_put_overflow(mp, objs, n);
}

/**
 * @internal Copy @n object pointers between a cache and a caller's array
 * (which never overlap). Fixed-size memcpy() calls become plain vector
 * moves, so a burst of any size costs a few moves and well-predicted
 * branches; memcpy() with a run-time size would be a library call, and a
 * plain loop pays vector set-up and alias checks on every small burst.
 */
static __fpk_always_inline void
fpk_mempool_copy_objs(void **dst, void * const *src, unsigned int n)
{
	for (; n >= 8; n -= 8, dst += 8, src += 8)
		memcpy(dst, src, 8 * sizeof(void *));
	if (n & 4) {
		memcpy(dst, src, 4 * sizeof(void *));
		dst += 4;
		src += 4;
	}
	if (n & 2) {
		memcpy(dst, src, 2 * sizeof(void *));
		dst += 2;
		src += 2;
	}
	if (n & 1)
		*dst = *src;
}

/**
 * @internal Take the top @n objects off @cache (n <= len): the most
 * recently freed, most likely still in the CPU's caches.
 */
static __fpk_always_inline void
fpk_mempool_pop_objs(void **objs, struct fpk_mempool_cache *cache, unsigned int n)
{
	cache->len -= n;
	fpk_mempool_copy_objs(objs, &cache->objs[cache->len], n);
}

/**
 * @internal The cache side of a put that would take the cache to its flush
 * threshold: one larger than the cache goes to the ring; otherwise the
 * objects go on top and then everything above the cache's nominal size
 * goes to the ring in one bulk (the hottest objects stay cached).
 * Out of line so that the inline fast path stays small.
 */
void fpk_mempool_put_slow(struct fpk_mempool *mp, void * const *objs, unsigned int n,
			  struct fpk_mempool_cache *cache);

/**
 * @internal The cache side of a get the cache alone cannot serve: refill
 * it from the ring with enough for the request plus its nominal size, or,
 * for a request larger than the cache, take from the ring directly, topped
 * up from the cache. All or nothing. Out of line like fpk_mempool_put_slow().
 * @return 0 or -ENOENT.
 */
int fpk_mempool_get_slow(struct fpk_mempool *mp, void **objs, unsigned int n,
			 struct fpk_mempool_cache *cache);

/** @internal Put without checks. Without a cache, straight to the ring. */
static __fpk_always_inline void
fpk_mempool_do_put(struct fpk_mempool *mp, void * const *objs, unsigned int n,
		   struct fpk_mempool_cache *cache)
{
	if (cache == NULL) {
		fpk_mempool_ring_put(mp, objs, n);
		return;
	}
	/*
	 * Anything that stays under the threshold fits (the cache has room
	 * for size + flushthresh); the constant bound keeps len + n from
	 * wrapping without another load.
	 */
	if (fpk_unlikely(n > FPK_MEMPOOL_CACHE_MAX_SIZE ||
			 cache->len + n >= cache->flushthresh)) {
		fpk_mempool_put_slow(mp, objs, n, cache);
		return;
	}
	fpk_mempool_copy_objs(&cache->objs[cache->len], objs, n);
	cache->len += n;
}

/** @internal Get without checks, all or nothing: from the top of the cache. */
static __fpk_always_inline int
fpk_mempool_do_get(struct fpk_mempool *mp, void **objs, unsigned int n,
		   struct fpk_mempool_cache *cache)
{
	if (cache == NULL)
		return fpk_ring_dequeue_bulk(mp->ring, objs, n, NULL) == n ? 0 : -ENOENT;
	if (fpk_unlikely(n > cache->len))
		return fpk_mempool_get_slow(mp, objs, n, cache);
	fpk_mempool_pop_objs(objs, cache, n);
	return 0;
}
/** @endcond */

/**
 * Put objects back through a given cache. Never fails. In debug builds an
 * object whose cookies are wrong (e.g. put twice) aborts the process.
 *
 * @param mp  The pool the objects come from.
 * @param[in] objs  The @p n objects.
 * @param n  Number of objects.
 * @param cache  The cache to put them through (only its lcore may use it),
 *   or NULL to put them straight into the ring.
 */
static __fpk_always_inline void
fpk_mempool_generic_put(struct fpk_mempool *mp, void * const *objs, unsigned int n,
			struct fpk_mempool_cache *cache)
{
#if FPK_DEBUG
	fpk_mempool_dbg_check(mp, objs, n, true);
#endif
	fpk_mempool_do_put(mp, objs, n, cache);
}

/**
 * Get objects through a given cache, all or nothing. Objects in other
 * lcores' caches are not reachable.
 *
 * @param mp  The pool.
 * @param[out] objs  Room for @p n object pointers.
 * @param n  Number of objects.
 * @param cache  The cache to get them through (only its lcore may use it),
 *   or NULL to take them straight from the ring.
 * @return 0, or -ENOENT when fewer than @p n are available (none taken).
 */
static __fpk_always_inline int
fpk_mempool_generic_get(struct fpk_mempool *mp, void **objs, unsigned int n,
			struct fpk_mempool_cache *cache)
{
	int ret = fpk_mempool_do_get(mp, objs, n, cache);

#if FPK_DEBUG
	if (ret == 0)
		fpk_mempool_dbg_check(mp, objs, n, false);
#endif
	return ret;
}

/**
 * Put objects back, through the calling lcore's cache if it has one
 * (straight into the ring from a non-EAL thread). Never fails.
 *
 * @param mp  The pool the objects come from.
 * @param[in] objs  The @p n objects.
 * @param n  Number of objects.
 */
static __fpk_always_inline void
fpk_mempool_put_bulk(struct fpk_mempool *mp, void * const *objs, unsigned int n)
{
	fpk_mempool_generic_put(mp, objs, n, fpk_mempool_default_cache(mp, fpk_lcore_id()));
}

/**
 * Put one object back, as fpk_mempool_put_bulk().
 *
 * @param mp  The pool the object comes from.
 * @param obj  The object.
 */
static __fpk_always_inline void
fpk_mempool_put(struct fpk_mempool *mp, void *obj)
{
	fpk_mempool_put_bulk(mp, &obj, 1);
}

/**
 * Get objects, all or nothing, through the calling lcore's cache if it has
 * one (straight from the ring from a non-EAL thread).
 *
 * @param mp  The pool.
 * @param[out] objs  Room for @p n object pointers.
 * @param n  Number of objects.
 * @return 0, or -ENOENT when fewer than @p n are available (none taken).
 */
static __fpk_always_inline int
fpk_mempool_get_bulk(struct fpk_mempool *mp, void **objs, unsigned int n)
{
	return fpk_mempool_generic_get(mp, objs, n,
				       fpk_mempool_default_cache(mp, fpk_lcore_id()));
}

/**
 * Get one object, as fpk_mempool_get_bulk().
 *
 * @param mp  The pool.
 * @param[out] obj  Where the object's address is stored.
 * @return 0, or -ENOENT if no object is available.
 */
static __fpk_always_inline int
fpk_mempool_get(struct fpk_mempool *mp, void **obj)
{
	return fpk_mempool_get_bulk(mp, obj, 1);
}

#ifdef __cplusplus
}
#endif

#endif /* FPK_MEMPOOL_H */
