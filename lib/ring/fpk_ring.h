/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Lock-free bounded FIFO rings of fixed-size elements.
 *
 * The elements are pointers by default, or of any size that is a multiple
 * of 4 bytes (the *_elem functions). A ring lives in a memzone (or in
 * memory the caller provides) and can be shared by any number of
 * producers and consumers; whether each side is used by one thread (SP/SC)
 * or many (MP/MC) is chosen when the ring is created, and the functions
 * without mp/sp/mc/sc in their name follow that choice.
 *
 * Bulk calls move all the elements asked for or none; burst calls move as
 * many as they can.
 *
 * Each side has a head and a tail. A thread claims slots by moving its
 * side's head (a plain store for a single thread, a compare-and-swap for
 * many), copies the elements, then publishes them by moving the tail, after
 * every earlier claim on the same side has been published. The other side
 * only ever reads this side's tail, so it never sees half-copied slots.
 *
 * Heads and tails are free-running 32-bit counters masked into a slot
 * index, so the slot count is a power of two; only their differences
 * matter, and those stay unambiguous up to 2^31 slots.
 *
 * Enqueue and dequeue are inline and make no system call, take no lock and
 * allocate nothing.
 */
#ifndef FPK_RING_H
#define FPK_RING_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "fpk_common.h"
#include "fpk_memzone.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Prefix of the name of the memzone that holds a ring created by name. */
#define FPK_RING_MZ_PREFIX "RG_"
/**
 * Size of a ring's name buffer, NUL included: names have at most 28
 * characters, so that the memzone name, which has the prefix too, fits.
 */
#define FPK_RING_NAMESIZE (FPK_MEMZONE_NAMESIZE - sizeof(FPK_RING_MZ_PREFIX) + 1)

/** Ring flag: only one thread at a time enqueues (single producer). */
#define FPK_RING_F_SP_ENQ   0x0001u
/** Ring flag: only one thread at a time dequeues (single consumer). */
#define FPK_RING_F_SC_DEQ   0x0002u
/** Ring flag: the count need not be a power of two; the capacity is exactly the count. */
#define FPK_RING_F_EXACT_SZ 0x0004u

/** Largest number of slots: index differences must stay unambiguous in 32 bits. */
#define FPK_RING_SZ_MAX (UINT32_C(1) << 31)

/** How a side of the ring is synchronised. */
enum fpk_ring_sync_type {
	FPK_RING_SYNC_MT = 0, /**< many threads: head moved by compare-and-swap */
	FPK_RING_SYNC_ST = 1, /**< one thread: head moved by a plain store */
};

/** What to do when fewer elements or slots than asked for are there (internal). */
enum fpk_ring_queue_behavior {
	FPK_RING_QUEUE_FIXED,    /**< all or nothing (bulk) */
	FPK_RING_QUEUE_VARIABLE, /**< as many as possible (burst) */
};

/** One side (producer or consumer) of a ring. */
struct fpk_ring_headtail {
	uint32_t head;   /**< first index not yet claimed by this side */
	uint32_t tail;   /**< first index not yet published to the other side */
	uint32_t single; /**< enum fpk_ring_sync_type */
};

/**
 * A ring. The slots follow the structure. Each side's head and tail have a
 * cache line of their own with an empty line on either side, so that
 * neither false sharing nor the adjacent-line prefetcher makes producer and
 * consumer cores fight over one line.
 */
struct fpk_ring {
	char name[FPK_RING_NAMESIZE];      /**< the ring's name */
	unsigned int flags;                /**< FPK_RING_F_* given at creation */
	const struct fpk_memzone *memzone; /**< NULL if the caller owns the memory */
	uint32_t size;                     /**< number of slots, a power of two */
	uint32_t mask;                     /**< size - 1 */
	uint32_t capacity;                 /**< usable slots */

	uint8_t gap0[FPK_CACHE_LINE_SIZE] __fpk_cache_aligned; /**< empty line before prod */
	struct fpk_ring_headtail prod __fpk_cache_aligned;     /**< producer side */
	uint8_t gap1[FPK_CACHE_LINE_SIZE] __fpk_cache_aligned; /**< empty line between the sides */
	struct fpk_ring_headtail cons __fpk_cache_aligned;     /**< consumer side */
	uint8_t gap2[FPK_CACHE_LINE_SIZE] __fpk_cache_aligned; /**< empty line after cons */
};

/**
 * Bytes needed for a ring, header included, for fpk_ring_init() into
 * caller memory.
 *
 * @param esize  Element size in bytes, a non-zero multiple of 4.
 * @param count  Number of slots, a power of two no larger than
 *   FPK_RING_SZ_MAX. For a ring to be initialised with FPK_RING_F_EXACT_SZ
 *   and capacity c, pass fpk_align32pow2(c).
 * @return The size in bytes (a multiple of the cache line size), or
 *   -EINVAL for a bad @p esize or @p count.
 */
ssize_t fpk_ring_get_memsize_elem(unsigned int esize, unsigned int count);

/**
 * Bytes needed for a ring of pointers: fpk_ring_get_memsize_elem() with
 * an element size of sizeof(void *).
 *
 * @param count  Number of slots, a power of two no larger than
 *   FPK_RING_SZ_MAX.
 * @return The size in bytes, or -EINVAL for a bad @p count.
 */
ssize_t fpk_ring_get_memsize(unsigned int count);

/**
 * Initialise a ring in memory the caller provides. The ring is not
 * registered by name: fpk_ring_lookup() does not find it and
 * fpk_ring_free() refuses it. The element size is not recorded: it is what
 * enqueue and dequeue are given, and the memory must have room for it.
 *
 * @param[out] r  The memory: cache-line aligned, at least
 *   fpk_ring_get_memsize_elem() bytes.
 * @param[in] name  A name for fpk_ring_dump() and fpk_ring_get_name(), at
 *   most 28 characters (copied).
 * @param count  Slots: a power of two from 2 to FPK_RING_SZ_MAX (capacity
 *   count - 1, as in DPDK), or with FPK_RING_F_EXACT_SZ any value from 1 to
 *   FPK_RING_SZ_MAX (capacity count, in fpk_align32pow2(count) slots).
 * @param flags  0 or an OR of FPK_RING_F_SP_ENQ, FPK_RING_F_SC_DEQ and
 *   FPK_RING_F_EXACT_SZ.
 * @return 0; -EINVAL for a NULL or misaligned @p r, a NULL @p name, a bad
 *   @p count or unknown @p flags; -ENAMETOOLONG if @p name does not fit in
 *   FPK_RING_NAMESIZE. Failures are logged.
 */
int fpk_ring_init(struct fpk_ring *r, const char *name, unsigned int count,
		  unsigned int flags);

/**
 * Create a ring of pointers in a memzone named FPK_RING_MZ_PREFIX + name.
 *
 * @param[in] name  The ring's name, unique among rings, at most 28
 *   characters.
 * @param count  Slots, as for fpk_ring_init().
 * @param socket_id  NUMA node for the memory, or FPK_SOCKET_ID_ANY.
 * @param flags  As for fpk_ring_init().
 * @return The ring, or NULL with fpk_errno set:
 *   - EINVAL: bad @p count or @p flags, NULL @p name; or from
 *     fpk_memzone_reserve(): a bad @p socket_id, the EAL not initialised;
 *   - ENAMETOOLONG: @p name does not fit in FPK_RING_NAMESIZE;
 *   - EEXIST: a ring of that name exists;
 *   - ENOMEM, ENOSPC or another error of fpk_memzone_reserve(): no memory,
 *     memzone table full, ...
 */
struct fpk_ring *fpk_ring_create(const char *name, unsigned int count,
				 int socket_id, unsigned int flags);

/**
 * Create a ring of elements of any size that is a multiple of 4 bytes; as
 * fpk_ring_create() otherwise.
 *
 * @param[in] name  The ring's name, unique among rings, at most 28
 *   characters.
 * @param esize  Element size in bytes, a non-zero multiple of 4.
 * @param count  Slots, as for fpk_ring_init().
 * @param socket_id  NUMA node for the memory, or FPK_SOCKET_ID_ANY.
 * @param flags  As for fpk_ring_init().
 * @return The ring, or NULL with fpk_errno set as by fpk_ring_create();
 *   EINVAL also for an @p esize that is zero or not a multiple of 4.
 */
struct fpk_ring *fpk_ring_create_elem(const char *name, unsigned int esize,
				      unsigned int count, int socket_id,
				      unsigned int flags);

/**
 * Destroy a ring made by fpk_ring_create() or fpk_ring_create_elem() and
 * give its memzone back. A ring initialised in caller memory is refused
 * with a log message (its memory is the caller's to release).
 *
 * @param r  The ring; nothing may use it any more. NULL is ignored.
 */
void fpk_ring_free(struct fpk_ring *r);

/**
 * Find a ring made by fpk_ring_create() or fpk_ring_create_elem().
 *
 * @param[in] name  The ring's name.
 * @return The ring, or NULL with fpk_errno set: ENOENT (no such ring),
 *   EINVAL (NULL @p name).
 */
struct fpk_ring *fpk_ring_lookup(const char *name);

/**
 * Print a ring's geometry, flags, heads, tails and fill level.
 *
 * @param[in] f  Stream to print to.
 * @param[in] r  The ring.
 */
void fpk_ring_dump(FILE *f, const struct fpk_ring *r);

/** @cond INTERNAL */
/*
 * Fast path. The functions below are building blocks of the public
 * enqueue/dequeue calls; applications use those instead.
 */

/* Largest copy, in bytes, done as a loop of moves rather than a memcpy() call. */
#define FPK_RING_COPY_INLINE_MAX 128

/*
 * Copy @n elements of @esize bytes. memcpy() is allowed whatever the
 * alignment of the caller's array and does not break strict aliasing
 * between void * tables and the slots; with esize a constant (it is in
 * every caller) each one compiles to a move or two.
 *
 * Compilers turn a copy loop into one call to memcpy(). For large copies
 * that is what we want: the C library's vector copy moves a burst of 32
 * pointers in about half the cycles of an element-at-a-time loop. For a few
 * elements the call costs more than the copy, so the small-copy loops hold
 * an empty asm statement, opaque to the compiler, that keeps them loops of
 * moves. They move four elements a step (two 16-byte moves for pointers):
 * one element a step made a burst of 8 cost 10-20 % more than DPDK's ring
 * (devtools/bench-vs-dpdk libs). Another asm first hides where d and s
 * point: unrolling, gcc otherwise warns of overflows on paths it cannot
 * rule out in callers with small arrays (gcc for arm64 also unrolls the
 * large-copy loop, which therefore gets the same asm).
 */
static __fpk_always_inline void
__fpk_ring_copy_elems(void *dst, const void *src, uint32_t esize, uint32_t n)
{
	uint8_t *d = (uint8_t *)dst;
	const uint8_t *s = (const uint8_t *)src;

	if ((size_t)n * esize <= FPK_RING_COPY_INLINE_MAX) {
		uint32_t i = 0;

		__asm__("" : "+r"(d), "+r"(s));
		for (; i + 4 <= n; i += 4) {
			memcpy(d + (size_t)i * esize, s + (size_t)i * esize, 4 * (size_t)esize);
			__asm__("");
		}
		for (; i < n; i++) {
			memcpy(d + (size_t)i * esize, s + (size_t)i * esize, esize);
			__asm__("");
		}
	} else {
		__asm__("" : "+r"(d), "+r"(s));
		for (uint32_t i = 0; i < n; i++)
			memcpy(d + (size_t)i * esize, s + (size_t)i * esize, esize);
	}
}

/* Copy @n elements from @obj_table into the slots from index @head on. */
static __fpk_always_inline void
__fpk_ring_copy_in(struct fpk_ring *r, uint32_t head, const void *obj_table,
		   uint32_t esize, uint32_t n)
{
	uint8_t *slots = (uint8_t *)(r + 1);
	const uint32_t idx = head & r->mask;
	const uint32_t room = r->size - idx; /* slots before the wrap */

	if (fpk_likely(n <= room)) {
		__fpk_ring_copy_elems(slots + (size_t)idx * esize, obj_table, esize, n);
	} else {
		__fpk_ring_copy_elems(slots + (size_t)idx * esize, obj_table, esize, room);
		__fpk_ring_copy_elems(slots, (const uint8_t *)obj_table + (size_t)room * esize,
				      esize, n - room);
	}
}

/* Copy @n elements from the slots from index @head on into @obj_table. */
static __fpk_always_inline void
__fpk_ring_copy_out(const struct fpk_ring *r, uint32_t head, void *obj_table,
		    uint32_t esize, uint32_t n)
{
	const uint8_t *slots = (const uint8_t *)(r + 1);
	const uint32_t idx = head & r->mask;
	const uint32_t room = r->size - idx;

	if (fpk_likely(n <= room)) {
		__fpk_ring_copy_elems(obj_table, slots + (size_t)idx * esize, esize, n);
	} else {
		__fpk_ring_copy_elems(obj_table, slots + (size_t)idx * esize, esize, room);
		__fpk_ring_copy_elems((uint8_t *)obj_table + (size_t)room * esize, slots,
				      esize, n - room);
	}
}

/*
 * Claim up to @n slots on side @ht, whose room is bounded by the other
 * side's tail @other_tail plus @bound (the capacity for producers, 0 for
 * consumers). On return *old_head is where the claim starts and *avail how
 * much room there was.
 * @return the number of slots claimed, 0 or @n for FPK_RING_QUEUE_FIXED.
 */
static __fpk_always_inline uint32_t
__fpk_ring_move_head(struct fpk_ring_headtail *ht, const uint32_t *other_tail,
		     uint32_t bound, uint32_t n, enum fpk_ring_queue_behavior behavior,
		     unsigned int is_st, uint32_t *old_head, uint32_t *avail)
{
	const uint32_t want = n;
	bool claimed;

	/*
	 * Acquire, here and when the CAS fails: our head must be read before
	 * the other side's tail, or with a tail older than the head the
	 * subtraction below could go below zero and wrap to a huge room.
	 */
	*old_head = __atomic_load_n(&ht->head, __ATOMIC_ACQUIRE);
	do {
		/*
		 * Acquire pairs with the other side's release of its tail:
		 * for a producer, the consumers are done reading the slots it
		 * will overwrite; for a consumer, the producers' element stores
		 * are visible.
		 */
		*avail = bound + __atomic_load_n(other_tail, __ATOMIC_ACQUIRE) - *old_head;
		n = want;
		if (fpk_unlikely(n > *avail))
			n = behavior == FPK_RING_QUEUE_FIXED ? 0 : *avail;
		if (n == 0)
			return 0;
		if (is_st) {
			/* Nobody else moves this head, and the other side never reads it. */
			__atomic_store_n(&ht->head, *old_head + n, __ATOMIC_RELAXED);
			claimed = true;
		} else {
			/*
			 * Element ordering comes from the tails; the CAS only
			 * arbitrates claims (acquire is for the reload on failure,
			 * and a success order may be no weaker).
			 */
			claimed = __atomic_compare_exchange_n(&ht->head, old_head, *old_head + n,
							      false, __ATOMIC_ACQUIRE,
							      __ATOMIC_ACQUIRE);
		}
	} while (fpk_unlikely(!claimed));
	return n;
}

/*
 * Publish slots [old_tail, new_tail) of side @ht. With many threads on the
 * side, claims are published in the order they were made, so wait for the
 * earlier ones.
 */
static __fpk_always_inline void
__fpk_ring_update_tail(struct fpk_ring_headtail *ht, uint32_t old_tail,
		       uint32_t new_tail, unsigned int is_st)
{
	/*
	 * Acquire, not relaxed: the other side synchronises with our release
	 * only, so it sees the earlier claimers' copies only if our release
	 * comes after theirs in happens-before order.
	 */
	if (!is_st)
		while (__atomic_load_n(&ht->tail, __ATOMIC_ACQUIRE) != old_tail)
			fpk_pause();
	/* Release: our element copies are complete before the tail says so. */
	__atomic_store_n(&ht->tail, new_tail, __ATOMIC_RELEASE);
}

/*
 * A claim of @n slots out of @want asked for is 0 or @want all or nothing,
 * and at most @want otherwise. Saying so costs a conditional move or two;
 * it lets a constant size reach the copy, which is then unrolled, and it
 * spares the compiler copy paths it cannot rule out and would warn about in
 * callers whose arrays are small.
 */
static __fpk_always_inline uint32_t
__fpk_ring_bound_claim(uint32_t n, uint32_t want, enum fpk_ring_queue_behavior behavior)
{
	if (behavior == FPK_RING_QUEUE_FIXED)
		return n != 0 ? want : 0;
	return n < want ? n : want;
}

/* Enqueue engine behind every enqueue call. @return elements enqueued. */
static __fpk_always_inline unsigned int
__fpk_ring_do_enqueue_elem(struct fpk_ring *r, const void *obj_table, unsigned int esize,
			   unsigned int n, enum fpk_ring_queue_behavior behavior,
			   unsigned int is_sp, unsigned int *free_space)
{
	const unsigned int want = n;
	uint32_t head, free_entries;

	n = __fpk_ring_move_head(&r->prod, &r->cons.tail, r->capacity, n, behavior,
				 is_sp, &head, &free_entries);
	n = __fpk_ring_bound_claim(n, want, behavior);
	if (n != 0) {
		__fpk_ring_copy_in(r, head, obj_table, esize, n);
		__fpk_ring_update_tail(&r->prod, head, head + n, is_sp);
	}
	if (free_space != NULL)
		*free_space = free_entries - n;
	return n;
}

/* Dequeue engine behind every dequeue call. @return elements dequeued. */
static __fpk_always_inline unsigned int
__fpk_ring_do_dequeue_elem(struct fpk_ring *r, void *obj_table, unsigned int esize,
			   unsigned int n, enum fpk_ring_queue_behavior behavior,
			   unsigned int is_sc, unsigned int *available)
{
	const unsigned int want = n;
	uint32_t head, entries;

	n = __fpk_ring_move_head(&r->cons, &r->prod.tail, 0, n, behavior, is_sc,
				 &head, &entries);
	n = __fpk_ring_bound_claim(n, want, behavior);
	if (n != 0) {
		__fpk_ring_copy_out(r, head, obj_table, esize, n);
		__fpk_ring_update_tail(&r->cons, head, head + n, is_sc);
	}
	if (available != NULL)
		*available = entries - n;
	return n;
}
/** @endcond */

/*
 * Element rings. esize must be the element size the ring was made for
 * (a multiple of 4); pass it as a constant so the copies are specialised.
 */

/**
 * Enqueue all of n elements, or none. Safe with other producers.
 *
 * @param r  The ring.
 * @param[in] obj_table  The @p n elements, @p n * @p esize bytes.
 * @param esize  Element size in bytes: the one the ring was made for, a
 *   multiple of 4 (a constant, so that the copy is specialised).
 * @param n  Number of elements to enqueue.
 * @param[out] free_space  If not NULL, set to the number of free slots
 *   left after the call.
 * @return @p n, or 0 if there was not room for all (nothing is
 *   enqueued, no error code is set).
 */
static __fpk_always_inline unsigned int
fpk_ring_mp_enqueue_bulk_elem(struct fpk_ring *r, const void *obj_table, unsigned int esize,
			      unsigned int n, unsigned int *free_space)
{
	return __fpk_ring_do_enqueue_elem(r, obj_table, esize, n, FPK_RING_QUEUE_FIXED,
					  FPK_RING_SYNC_MT, free_space);
}

/**
 * Enqueue all of n elements, or none. Only for the ring's one producer: no
 * other thread may enqueue at the same time.
 *
 * @param r  The ring.
 * @param[in] obj_table  The @p n elements, @p n * @p esize bytes.
 * @param esize  Element size in bytes: the one the ring was made for, a
 *   multiple of 4 (a constant, so that the copy is specialised).
 * @param n  Number of elements to enqueue.
 * @param[out] free_space  If not NULL, set to the number of free slots
 *   left after the call.
 * @return @p n, or 0 if there was not room for all (nothing is
 *   enqueued, no error code is set).
 */
static __fpk_always_inline unsigned int
fpk_ring_sp_enqueue_bulk_elem(struct fpk_ring *r, const void *obj_table, unsigned int esize,
			      unsigned int n, unsigned int *free_space)
{
	return __fpk_ring_do_enqueue_elem(r, obj_table, esize, n, FPK_RING_QUEUE_FIXED,
					  FPK_RING_SYNC_ST, free_space);
}

/**
 * Enqueue all of n elements, or none. Safe with other producers unless the
 * ring was created with FPK_RING_F_SP_ENQ.
 *
 * @param r  The ring.
 * @param[in] obj_table  The @p n elements, @p n * @p esize bytes.
 * @param esize  Element size in bytes: the one the ring was made for, a
 *   multiple of 4 (a constant, so that the copy is specialised).
 * @param n  Number of elements to enqueue.
 * @param[out] free_space  If not NULL, set to the number of free slots
 *   left after the call.
 * @return @p n, or 0 if there was not room for all (nothing is
 *   enqueued, no error code is set).
 */
static __fpk_always_inline unsigned int
fpk_ring_enqueue_bulk_elem(struct fpk_ring *r, const void *obj_table, unsigned int esize,
			   unsigned int n, unsigned int *free_space)
{
	return __fpk_ring_do_enqueue_elem(r, obj_table, esize, n, FPK_RING_QUEUE_FIXED,
					  r->prod.single, free_space);
}

/**
 * Enqueue as many of n elements as there is room for. Safe with other
 * producers.
 *
 * @param r  The ring.
 * @param[in] obj_table  The @p n elements, @p n * @p esize bytes.
 * @param esize  Element size in bytes: the one the ring was made for, a
 *   multiple of 4 (a constant, so that the copy is specialised).
 * @param n  Number of elements to enqueue.
 * @param[out] free_space  If not NULL, set to the number of free slots
 *   left after the call.
 * @return The number enqueued, 0 to @p n.
 */
static __fpk_always_inline unsigned int
fpk_ring_mp_enqueue_burst_elem(struct fpk_ring *r, const void *obj_table, unsigned int esize,
			       unsigned int n, unsigned int *free_space)
{
	return __fpk_ring_do_enqueue_elem(r, obj_table, esize, n, FPK_RING_QUEUE_VARIABLE,
					  FPK_RING_SYNC_MT, free_space);
}

/**
 * Enqueue as many of n elements as there is room for. Only for the ring's one
 * producer: no other thread may enqueue at the same time.
 *
 * @param r  The ring.
 * @param[in] obj_table  The @p n elements, @p n * @p esize bytes.
 * @param esize  Element size in bytes: the one the ring was made for, a
 *   multiple of 4 (a constant, so that the copy is specialised).
 * @param n  Number of elements to enqueue.
 * @param[out] free_space  If not NULL, set to the number of free slots
 *   left after the call.
 * @return The number enqueued, 0 to @p n.
 */
static __fpk_always_inline unsigned int
fpk_ring_sp_enqueue_burst_elem(struct fpk_ring *r, const void *obj_table, unsigned int esize,
			       unsigned int n, unsigned int *free_space)
{
	return __fpk_ring_do_enqueue_elem(r, obj_table, esize, n, FPK_RING_QUEUE_VARIABLE,
					  FPK_RING_SYNC_ST, free_space);
}

/**
 * Enqueue as many of n elements as there is room for. Safe with other
 * producers unless the ring was created with FPK_RING_F_SP_ENQ.
 *
 * @param r  The ring.
 * @param[in] obj_table  The @p n elements, @p n * @p esize bytes.
 * @param esize  Element size in bytes: the one the ring was made for, a
 *   multiple of 4 (a constant, so that the copy is specialised).
 * @param n  Number of elements to enqueue.
 * @param[out] free_space  If not NULL, set to the number of free slots
 *   left after the call.
 * @return The number enqueued, 0 to @p n.
 */
static __fpk_always_inline unsigned int
fpk_ring_enqueue_burst_elem(struct fpk_ring *r, const void *obj_table, unsigned int esize,
			    unsigned int n, unsigned int *free_space)
{
	return __fpk_ring_do_enqueue_elem(r, obj_table, esize, n, FPK_RING_QUEUE_VARIABLE,
					  r->prod.single, free_space);
}

/**
 * Enqueue one element. Safe with other producers unless the ring was
 * created with FPK_RING_F_SP_ENQ.
 *
 * @param r  The ring.
 * @param[in] obj  The element, @p esize bytes.
 * @param esize  Element size in bytes: the one the ring was made for, a
 *   multiple of 4 (a constant, so that the copy is specialised).
 * @return 0, or -ENOBUFS if the ring is full.
 */
static __fpk_always_inline int
fpk_ring_enqueue_elem(struct fpk_ring *r, const void *obj, unsigned int esize)
{
	return fpk_ring_enqueue_bulk_elem(r, obj, esize, 1, NULL) ? 0 : -ENOBUFS;
}

/**
 * Dequeue exactly n elements, or none. Safe with other consumers.
 *
 * @param r  The ring.
 * @param[out] obj_table  Room for @p n elements, @p n * @p esize bytes.
 * @param esize  Element size in bytes: the one the ring was made for, a
 *   multiple of 4 (a constant, so that the copy is specialised).
 * @param n  Number of elements to dequeue.
 * @param[out] available  If not NULL, set to the number of elements left
 *   in the ring after the call.
 * @return @p n, or 0 if fewer were there (nothing is dequeued, no
 *   error code is set).
 */
static __fpk_always_inline unsigned int
fpk_ring_mc_dequeue_bulk_elem(struct fpk_ring *r, void *obj_table, unsigned int esize,
			      unsigned int n, unsigned int *available)
{
	return __fpk_ring_do_dequeue_elem(r, obj_table, esize, n, FPK_RING_QUEUE_FIXED,
					  FPK_RING_SYNC_MT, available);
}

/**
 * Dequeue exactly n elements, or none. Only for the ring's one consumer: no
 * other thread may dequeue at the same time.
 *
 * @param r  The ring.
 * @param[out] obj_table  Room for @p n elements, @p n * @p esize bytes.
 * @param esize  Element size in bytes: the one the ring was made for, a
 *   multiple of 4 (a constant, so that the copy is specialised).
 * @param n  Number of elements to dequeue.
 * @param[out] available  If not NULL, set to the number of elements left
 *   in the ring after the call.
 * @return @p n, or 0 if fewer were there (nothing is dequeued, no
 *   error code is set).
 */
static __fpk_always_inline unsigned int
fpk_ring_sc_dequeue_bulk_elem(struct fpk_ring *r, void *obj_table, unsigned int esize,
			      unsigned int n, unsigned int *available)
{
	return __fpk_ring_do_dequeue_elem(r, obj_table, esize, n, FPK_RING_QUEUE_FIXED,
					  FPK_RING_SYNC_ST, available);
}

/**
 * Dequeue exactly n elements, or none. Safe with other consumers unless the
 * ring was created with FPK_RING_F_SC_DEQ.
 *
 * @param r  The ring.
 * @param[out] obj_table  Room for @p n elements, @p n * @p esize bytes.
 * @param esize  Element size in bytes: the one the ring was made for, a
 *   multiple of 4 (a constant, so that the copy is specialised).
 * @param n  Number of elements to dequeue.
 * @param[out] available  If not NULL, set to the number of elements left
 *   in the ring after the call.
 * @return @p n, or 0 if fewer were there (nothing is dequeued, no
 *   error code is set).
 */
static __fpk_always_inline unsigned int
fpk_ring_dequeue_bulk_elem(struct fpk_ring *r, void *obj_table, unsigned int esize,
			   unsigned int n, unsigned int *available)
{
	return __fpk_ring_do_dequeue_elem(r, obj_table, esize, n, FPK_RING_QUEUE_FIXED,
					  r->cons.single, available);
}

/**
 * Dequeue up to n elements. Safe with other consumers.
 *
 * @param r  The ring.
 * @param[out] obj_table  Room for @p n elements, @p n * @p esize bytes.
 * @param esize  Element size in bytes: the one the ring was made for, a
 *   multiple of 4 (a constant, so that the copy is specialised).
 * @param n  Number of elements to dequeue.
 * @param[out] available  If not NULL, set to the number of elements left
 *   in the ring after the call.
 * @return The number dequeued, 0 to @p n.
 */
static __fpk_always_inline unsigned int
fpk_ring_mc_dequeue_burst_elem(struct fpk_ring *r, void *obj_table, unsigned int esize,
			       unsigned int n, unsigned int *available)
{
	return __fpk_ring_do_dequeue_elem(r, obj_table, esize, n, FPK_RING_QUEUE_VARIABLE,
					  FPK_RING_SYNC_MT, available);
}

/**
 * Dequeue up to n elements. Only for the ring's one consumer: no other thread
 * may dequeue at the same time.
 *
 * @param r  The ring.
 * @param[out] obj_table  Room for @p n elements, @p n * @p esize bytes.
 * @param esize  Element size in bytes: the one the ring was made for, a
 *   multiple of 4 (a constant, so that the copy is specialised).
 * @param n  Number of elements to dequeue.
 * @param[out] available  If not NULL, set to the number of elements left
 *   in the ring after the call.
 * @return The number dequeued, 0 to @p n.
 */
static __fpk_always_inline unsigned int
fpk_ring_sc_dequeue_burst_elem(struct fpk_ring *r, void *obj_table, unsigned int esize,
			       unsigned int n, unsigned int *available)
{
	return __fpk_ring_do_dequeue_elem(r, obj_table, esize, n, FPK_RING_QUEUE_VARIABLE,
					  FPK_RING_SYNC_ST, available);
}

/**
 * Dequeue up to n elements. Safe with other consumers unless the ring was
 * created with FPK_RING_F_SC_DEQ.
 *
 * @param r  The ring.
 * @param[out] obj_table  Room for @p n elements, @p n * @p esize bytes.
 * @param esize  Element size in bytes: the one the ring was made for, a
 *   multiple of 4 (a constant, so that the copy is specialised).
 * @param n  Number of elements to dequeue.
 * @param[out] available  If not NULL, set to the number of elements left
 *   in the ring after the call.
 * @return The number dequeued, 0 to @p n.
 */
static __fpk_always_inline unsigned int
fpk_ring_dequeue_burst_elem(struct fpk_ring *r, void *obj_table, unsigned int esize,
			    unsigned int n, unsigned int *available)
{
	return __fpk_ring_do_dequeue_elem(r, obj_table, esize, n, FPK_RING_QUEUE_VARIABLE,
					  r->cons.single, available);
}

/**
 * Dequeue one element. Safe with other consumers unless the ring was
 * created with FPK_RING_F_SC_DEQ.
 *
 * @param r  The ring.
 * @param[out] obj  Room for the element, @p esize bytes.
 * @param esize  Element size in bytes: the one the ring was made for, a
 *   multiple of 4 (a constant, so that the copy is specialised).
 * @return 0, or -ENOENT if the ring is empty.
 */
static __fpk_always_inline int
fpk_ring_dequeue_elem(struct fpk_ring *r, void *obj, unsigned int esize)
{
	return fpk_ring_dequeue_bulk_elem(r, obj, esize, 1, NULL) ? 0 : -ENOENT;
}

/* Rings of pointers: element rings whose elements are void *. */

/**
 * Enqueue all of n pointers, or none. Safe with other producers.
 *
 * @param r  The ring.
 * @param[in] obj_table  The @p n pointers.
 * @param n  Number of pointers to enqueue.
 * @param[out] free_space  If not NULL, set to the number of free slots
 *   left after the call.
 * @return @p n, or 0 if there was not room for all (nothing is
 *   enqueued, no error code is set).
 */
static __fpk_always_inline unsigned int
fpk_ring_mp_enqueue_bulk(struct fpk_ring *r, void * const *obj_table, unsigned int n,
			 unsigned int *free_space)
{
	return fpk_ring_mp_enqueue_bulk_elem(r, obj_table, sizeof(void *), n, free_space);
}

/**
 * Enqueue all of n pointers, or none. Only for the ring's one producer: no
 * other thread may enqueue at the same time.
 *
 * @param r  The ring.
 * @param[in] obj_table  The @p n pointers.
 * @param n  Number of pointers to enqueue.
 * @param[out] free_space  If not NULL, set to the number of free slots
 *   left after the call.
 * @return @p n, or 0 if there was not room for all (nothing is
 *   enqueued, no error code is set).
 */
static __fpk_always_inline unsigned int
fpk_ring_sp_enqueue_bulk(struct fpk_ring *r, void * const *obj_table, unsigned int n,
			 unsigned int *free_space)
{
	return fpk_ring_sp_enqueue_bulk_elem(r, obj_table, sizeof(void *), n, free_space);
}

/**
 * Enqueue all of n pointers, or none. Safe with other producers unless the
 * ring was created with FPK_RING_F_SP_ENQ.
 *
 * @param r  The ring.
 * @param[in] obj_table  The @p n pointers.
 * @param n  Number of pointers to enqueue.
 * @param[out] free_space  If not NULL, set to the number of free slots
 *   left after the call.
 * @return @p n, or 0 if there was not room for all (nothing is
 *   enqueued, no error code is set).
 */
static __fpk_always_inline unsigned int
fpk_ring_enqueue_bulk(struct fpk_ring *r, void * const *obj_table, unsigned int n,
		      unsigned int *free_space)
{
	return fpk_ring_enqueue_bulk_elem(r, obj_table, sizeof(void *), n, free_space);
}

/**
 * Enqueue as many of n pointers as there is room for. Safe with other
 * producers.
 *
 * @param r  The ring.
 * @param[in] obj_table  The @p n pointers.
 * @param n  Number of pointers to enqueue.
 * @param[out] free_space  If not NULL, set to the number of free slots
 *   left after the call.
 * @return The number enqueued, 0 to @p n.
 */
static __fpk_always_inline unsigned int
fpk_ring_mp_enqueue_burst(struct fpk_ring *r, void * const *obj_table, unsigned int n,
			  unsigned int *free_space)
{
	return fpk_ring_mp_enqueue_burst_elem(r, obj_table, sizeof(void *), n, free_space);
}

/**
 * Enqueue as many of n pointers as there is room for. Only for the ring's one
 * producer: no other thread may enqueue at the same time.
 *
 * @param r  The ring.
 * @param[in] obj_table  The @p n pointers.
 * @param n  Number of pointers to enqueue.
 * @param[out] free_space  If not NULL, set to the number of free slots
 *   left after the call.
 * @return The number enqueued, 0 to @p n.
 */
static __fpk_always_inline unsigned int
fpk_ring_sp_enqueue_burst(struct fpk_ring *r, void * const *obj_table, unsigned int n,
			  unsigned int *free_space)
{
	return fpk_ring_sp_enqueue_burst_elem(r, obj_table, sizeof(void *), n, free_space);
}

/**
 * Enqueue as many of n pointers as there is room for. Safe with other
 * producers unless the ring was created with FPK_RING_F_SP_ENQ.
 *
 * @param r  The ring.
 * @param[in] obj_table  The @p n pointers.
 * @param n  Number of pointers to enqueue.
 * @param[out] free_space  If not NULL, set to the number of free slots
 *   left after the call.
 * @return The number enqueued, 0 to @p n.
 */
static __fpk_always_inline unsigned int
fpk_ring_enqueue_burst(struct fpk_ring *r, void * const *obj_table, unsigned int n,
		       unsigned int *free_space)
{
	return fpk_ring_enqueue_burst_elem(r, obj_table, sizeof(void *), n, free_space);
}

/**
 * Enqueue one pointer. Safe with other producers.
 *
 * @param r  The ring.
 * @param obj  The pointer to enqueue.
 * @return 0, or -ENOBUFS if the ring is full.
 */
static __fpk_always_inline int
fpk_ring_mp_enqueue(struct fpk_ring *r, void *obj)
{
	return fpk_ring_mp_enqueue_bulk(r, &obj, 1, NULL) ? 0 : -ENOBUFS;
}

/**
 * Enqueue one pointer. Only for the ring's one producer: no other thread may
 * enqueue at the same time.
 *
 * @param r  The ring.
 * @param obj  The pointer to enqueue.
 * @return 0, or -ENOBUFS if the ring is full.
 */
static __fpk_always_inline int
fpk_ring_sp_enqueue(struct fpk_ring *r, void *obj)
{
	return fpk_ring_sp_enqueue_bulk(r, &obj, 1, NULL) ? 0 : -ENOBUFS;
}

/**
 * Enqueue one pointer. Safe with other producers unless the ring was created
 * with FPK_RING_F_SP_ENQ.
 *
 * @param r  The ring.
 * @param obj  The pointer to enqueue.
 * @return 0, or -ENOBUFS if the ring is full.
 */
static __fpk_always_inline int
fpk_ring_enqueue(struct fpk_ring *r, void *obj)
{
	return fpk_ring_enqueue_elem(r, &obj, sizeof(void *));
}

/**
 * Dequeue exactly n pointers, or none. Safe with other consumers.
 *
 * @param r  The ring.
 * @param[out] obj_table  Room for @p n pointers.
 * @param n  Number of pointers to dequeue.
 * @param[out] available  If not NULL, set to the number of elements left
 *   in the ring after the call.
 * @return @p n, or 0 if fewer were there (nothing is dequeued, no
 *   error code is set).
 */
static __fpk_always_inline unsigned int
fpk_ring_mc_dequeue_bulk(struct fpk_ring *r, void **obj_table, unsigned int n,
			 unsigned int *available)
{
	return fpk_ring_mc_dequeue_bulk_elem(r, obj_table, sizeof(void *), n, available);
}

/**
 * Dequeue exactly n pointers, or none. Only for the ring's one consumer: no
 * other thread may dequeue at the same time.
 *
 * @param r  The ring.
 * @param[out] obj_table  Room for @p n pointers.
 * @param n  Number of pointers to dequeue.
 * @param[out] available  If not NULL, set to the number of elements left
 *   in the ring after the call.
 * @return @p n, or 0 if fewer were there (nothing is dequeued, no
 *   error code is set).
 */
static __fpk_always_inline unsigned int
fpk_ring_sc_dequeue_bulk(struct fpk_ring *r, void **obj_table, unsigned int n,
			 unsigned int *available)
{
	return fpk_ring_sc_dequeue_bulk_elem(r, obj_table, sizeof(void *), n, available);
}

/**
 * Dequeue exactly n pointers, or none. Safe with other consumers unless the
 * ring was created with FPK_RING_F_SC_DEQ.
 *
 * @param r  The ring.
 * @param[out] obj_table  Room for @p n pointers.
 * @param n  Number of pointers to dequeue.
 * @param[out] available  If not NULL, set to the number of elements left
 *   in the ring after the call.
 * @return @p n, or 0 if fewer were there (nothing is dequeued, no
 *   error code is set).
 */
static __fpk_always_inline unsigned int
fpk_ring_dequeue_bulk(struct fpk_ring *r, void **obj_table, unsigned int n,
		      unsigned int *available)
{
	return fpk_ring_dequeue_bulk_elem(r, obj_table, sizeof(void *), n, available);
}

/**
 * Dequeue up to n pointers. Safe with other consumers.
 *
 * @param r  The ring.
 * @param[out] obj_table  Room for @p n pointers.
 * @param n  Number of pointers to dequeue.
 * @param[out] available  If not NULL, set to the number of elements left
 *   in the ring after the call.
 * @return The number dequeued, 0 to @p n.
 */
static __fpk_always_inline unsigned int
fpk_ring_mc_dequeue_burst(struct fpk_ring *r, void **obj_table, unsigned int n,
			  unsigned int *available)
{
	return fpk_ring_mc_dequeue_burst_elem(r, obj_table, sizeof(void *), n, available);
}

/**
 * Dequeue up to n pointers. Only for the ring's one consumer: no other thread
 * may dequeue at the same time.
 *
 * @param r  The ring.
 * @param[out] obj_table  Room for @p n pointers.
 * @param n  Number of pointers to dequeue.
 * @param[out] available  If not NULL, set to the number of elements left
 *   in the ring after the call.
 * @return The number dequeued, 0 to @p n.
 */
static __fpk_always_inline unsigned int
fpk_ring_sc_dequeue_burst(struct fpk_ring *r, void **obj_table, unsigned int n,
			  unsigned int *available)
{
	return fpk_ring_sc_dequeue_burst_elem(r, obj_table, sizeof(void *), n, available);
}

/**
 * Dequeue up to n pointers. Safe with other consumers unless the ring was
 * created with FPK_RING_F_SC_DEQ.
 *
 * @param r  The ring.
 * @param[out] obj_table  Room for @p n pointers.
 * @param n  Number of pointers to dequeue.
 * @param[out] available  If not NULL, set to the number of elements left
 *   in the ring after the call.
 * @return The number dequeued, 0 to @p n.
 */
static __fpk_always_inline unsigned int
fpk_ring_dequeue_burst(struct fpk_ring *r, void **obj_table, unsigned int n,
		       unsigned int *available)
{
	return fpk_ring_dequeue_burst_elem(r, obj_table, sizeof(void *), n, available);
}

/**
 * Dequeue one pointer. Safe with other consumers.
 *
 * @param r  The ring.
 * @param[out] obj_p  Where the pointer is stored.
 * @return 0, or -ENOENT if the ring is empty (*@p obj_p is unchanged).
 */
static __fpk_always_inline int
fpk_ring_mc_dequeue(struct fpk_ring *r, void **obj_p)
{
	return fpk_ring_mc_dequeue_bulk(r, obj_p, 1, NULL) ? 0 : -ENOENT;
}

/**
 * Dequeue one pointer. Only for the ring's one consumer: no other thread may
 * dequeue at the same time.
 *
 * @param r  The ring.
 * @param[out] obj_p  Where the pointer is stored.
 * @return 0, or -ENOENT if the ring is empty (*@p obj_p is unchanged).
 */
static __fpk_always_inline int
fpk_ring_sc_dequeue(struct fpk_ring *r, void **obj_p)
{
	return fpk_ring_sc_dequeue_bulk(r, obj_p, 1, NULL) ? 0 : -ENOENT;
}

/**
 * Dequeue one pointer. Safe with other consumers unless the ring was created
 * with FPK_RING_F_SC_DEQ.
 *
 * @param r  The ring.
 * @param[out] obj_p  Where the pointer is stored.
 * @return 0, or -ENOENT if the ring is empty (*@p obj_p is unchanged).
 */
static __fpk_always_inline int
fpk_ring_dequeue(struct fpk_ring *r, void **obj_p)
{
	return fpk_ring_dequeue_elem(r, obj_p, sizeof(void *));
}

/*
 * State. With threads enqueueing or dequeueing at the same time these are
 * snapshots that may be stale by the time they are returned.
 */

/**
 * Number of elements in the ring. With other threads enqueueing or dequeueing, a
 * snapshot that may be stale by the time it is returned.
 *
 * @param[in] r  The ring.
 * @return 0 to the capacity.
 */
static inline unsigned int
fpk_ring_count(const struct fpk_ring *r)
{
	/*
	 * Consumer tail first: tails only grow and the producer tail is
	 * never behind the consumer tail, so the difference cannot go
	 * negative. It can exceed the capacity if both moved in between.
	 */
	uint32_t cons_tail = __atomic_load_n(&r->cons.tail, __ATOMIC_ACQUIRE);
	uint32_t count = __atomic_load_n(&r->prod.tail, __ATOMIC_ACQUIRE) - cons_tail;

	return count > r->capacity ? r->capacity : count;
}

/**
 * Number of free slots. With other threads enqueueing or dequeueing, a
 * snapshot that may be stale by the time it is returned.
 *
 * @param[in] r  The ring.
 * @return 0 to the capacity: the capacity less fpk_ring_count().
 */
static inline unsigned int
fpk_ring_free_count(const struct fpk_ring *r)
{
	return r->capacity - fpk_ring_count(r);
}

/**
 * Whether the ring is empty. With other threads enqueueing or dequeueing, a
 * snapshot that may be stale by the time it is returned.
 *
 * @param[in] r  The ring.
 * @return true if the ring holds no element, else false.
 */
static inline bool
fpk_ring_empty(const struct fpk_ring *r)
{
	return fpk_ring_count(r) == 0;
}

/**
 * Whether the ring is full. With other threads enqueueing or dequeueing, a
 * snapshot that may be stale by the time it is returned.
 *
 * @param[in] r  The ring.
 * @return true if the ring has no free slot, else false.
 */
static inline bool
fpk_ring_full(const struct fpk_ring *r)
{
	return fpk_ring_free_count(r) == 0;
}

/**
 * Number of slots.
 *
 * @param[in] r  The ring.
 * @return The number of slots, a power of two; the capacity is one less, or
 *   less still with FPK_RING_F_EXACT_SZ.
 */
static inline unsigned int
fpk_ring_get_size(const struct fpk_ring *r)
{
	return r->size;
}

/**
 * Capacity.
 *
 * @param[in] r  The ring.
 * @return The largest number of elements the ring can hold.
 */
static inline unsigned int
fpk_ring_get_capacity(const struct fpk_ring *r)
{
	return r->capacity;
}

/**
 * Name.
 *
 * @param[in] r  The ring.
 * @return The ring's name.
 */
static inline const char *
fpk_ring_get_name(const struct fpk_ring *r)
{
	return r->name;
}

#ifdef __cplusplus
}
#endif

#endif /* FPK_RING_H */
