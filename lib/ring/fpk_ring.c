/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ring control path: sizing, initialisation, creation in a named memzone,
 * lookup, release and dump. The enqueue/dequeue fast path is all inline in
 * fpk_ring.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "fpk_log.h"
#include "fpk_ring.h"

_Static_assert(offsetof(struct fpk_ring, cons) - offsetof(struct fpk_ring, prod) >=
	       2 * FPK_CACHE_LINE_SIZE,
	       "producer and consumer must be a full cache line apart");
_Static_assert(sizeof(struct fpk_ring) % FPK_CACHE_LINE_SIZE == 0,
	       "slots must start on a cache line");
_Static_assert(sizeof(FPK_RING_MZ_PREFIX) - 1 + FPK_RING_NAMESIZE == FPK_MEMZONE_NAMESIZE,
	       "a ring name plus the prefix must fit a memzone name exactly");

#define FPK_RING_F_ALL (FPK_RING_F_SP_ENQ | FPK_RING_F_SC_DEQ | FPK_RING_F_EXACT_SZ)

ssize_t
fpk_ring_get_memsize_elem(unsigned int esize, unsigned int count)
{
	if (esize == 0 || esize % 4 != 0) {
		FPK_LOG(ERR, RING, "element size %u is not a non-zero multiple of 4\n", esize);
		return -EINVAL;
	}
	if (!fpk_is_power_of_2(count) || count > FPK_RING_SZ_MAX) {
		FPK_LOG(ERR, RING, "slot count %u is not a power of two up to %" PRIu32 "\n",
			count, FPK_RING_SZ_MAX);
		return -EINVAL;
	}
	/* At most 2^31 slots of less than 2^32 bytes: no overflow in 64 bits. */
	return FPK_CACHE_LINE_ROUNDUP(sizeof(struct fpk_ring) + (uint64_t)count * esize);
}

ssize_t
fpk_ring_get_memsize(unsigned int count)
{
	return fpk_ring_get_memsize_elem(sizeof(void *), count);
}

/*
 * Slot count for @count and @flags, or 0 if @count cannot be had. Fullness
 * is judged against the capacity, never by comparing slot indexes, so an
 * exact-size ring needs no spare slot: @count rounded up to a power of two.
 */
static uint32_t
ring_slot_count(unsigned int count, unsigned int flags)
{
	if (flags & FPK_RING_F_EXACT_SZ) {
		if (count == 0 || count > FPK_RING_SZ_MAX)
			return 0;
		return fpk_align32pow2(count);
	}
	if (count < 2 || !fpk_is_power_of_2(count) || count > FPK_RING_SZ_MAX)
		return 0;
	return count;
}

/* Checks shared by init and create; @return 0 or a negative errno, logged. */
static int
ring_check_args(const char *name, unsigned int count, unsigned int flags)
{
	if (name == NULL) {
		FPK_LOG(ERR, RING, "ring name is NULL\n");
		return -EINVAL;
	}
	if (strnlen(name, FPK_RING_NAMESIZE) >= FPK_RING_NAMESIZE) {
		FPK_LOG(ERR, RING, "ring name '%s' is longer than %zu characters\n",
			name, FPK_RING_NAMESIZE - 1);
		return -ENAMETOOLONG;
	}
	if (flags & ~FPK_RING_F_ALL) {
		FPK_LOG(ERR, RING, "ring '%s': unknown flags 0x%x\n", name,
			flags & ~FPK_RING_F_ALL);
		return -EINVAL;
	}
	if (ring_slot_count(count, flags) == 0) {
		FPK_LOG(ERR, RING, "ring '%s': count %u must be %s\n", name, count,
			(flags & FPK_RING_F_EXACT_SZ) ?
			"between 1 and 2^31 with FPK_RING_F_EXACT_SZ" :
			"a power of two between 2 and 2^31");
		return -EINVAL;
	}
	return 0;
}

int
fpk_ring_init(struct fpk_ring *r, const char *name, unsigned int count, unsigned int flags)
{
	int ret;

	if (r == NULL || (uintptr_t)r % FPK_CACHE_LINE_SIZE != 0) {
		FPK_LOG(ERR, RING, "ring memory %p is NULL or not cache-line aligned\n", (void *)r);
		return -EINVAL;
	}
	ret = ring_check_args(name, count, flags);
	if (ret != 0)
		return ret;

	memset(r, 0, sizeof(*r));
	/* Length checked above. */
	memcpy(r->name, name, strlen(name) + 1);
	r->flags = flags;
	r->size = ring_slot_count(count, flags);
	r->mask = r->size - 1;
	r->capacity = (flags & FPK_RING_F_EXACT_SZ) ? count : r->size - 1;
	r->prod.single = (flags & FPK_RING_F_SP_ENQ) ? FPK_RING_SYNC_ST : FPK_RING_SYNC_MT;
	r->cons.single = (flags & FPK_RING_F_SC_DEQ) ? FPK_RING_SYNC_ST : FPK_RING_SYNC_MT;
	return 0;
}

struct fpk_ring *
fpk_ring_create_elem(const char *name, unsigned int esize, unsigned int count,
		     int socket_id, unsigned int flags)
{
	char mz_name[FPK_MEMZONE_NAMESIZE];
	const struct fpk_memzone *mz;
	struct fpk_ring *r;
	ssize_t len;
	int ret;

	ret = ring_check_args(name, count, flags);
	if (ret != 0) {
		fpk_errno = -ret;
		return NULL;
	}
	len = fpk_ring_get_memsize_elem(esize, ring_slot_count(count, flags));
	if (len < 0) {
		fpk_errno = (int)-len;
		return NULL;
	}

	snprintf(mz_name, sizeof(mz_name), "%s%s", FPK_RING_MZ_PREFIX, name);
	mz = fpk_memzone_reserve(mz_name, (size_t)len, socket_id, 0);
	if (mz == NULL) {
		int err = fpk_errno;

		FPK_LOG(ERR, RING, "ring '%s': cannot reserve %zd bytes: %s\n",
			name, len, strerror(err));
		fpk_errno = err;
		return NULL;
	}
	r = mz->addr;
	/* Arguments were checked above and the zone is cache-line aligned. */
	fpk_ring_init(r, name, count, flags);
	r->memzone = mz;
	return r;
}

struct fpk_ring *
fpk_ring_create(const char *name, unsigned int count, int socket_id, unsigned int flags)
{
	return fpk_ring_create_elem(name, sizeof(void *), count, socket_id, flags);
}

void
fpk_ring_free(struct fpk_ring *r)
{
	if (r == NULL)
		return;
	if (r->memzone == NULL) {
		FPK_LOG(ERR, RING, "ring '%s' was not created by fpk_ring_create: not freed\n",
			r->name);
		return;
	}
	if (fpk_memzone_free(r->memzone) != 0)
		FPK_LOG(ERR, RING, "ring '%s': its memzone could not be freed\n", r->name);
}

struct fpk_ring *
fpk_ring_lookup(const char *name)
{
	char mz_name[FPK_MEMZONE_NAMESIZE];
	const struct fpk_memzone *mz;

	if (name == NULL) {
		fpk_errno = EINVAL;
		return NULL;
	}
	/* A name too long for a ring cannot name one. */
	if (strnlen(name, FPK_RING_NAMESIZE) >= FPK_RING_NAMESIZE) {
		fpk_errno = ENOENT;
		return NULL;
	}
	snprintf(mz_name, sizeof(mz_name), "%s%s", FPK_RING_MZ_PREFIX, name);
	mz = fpk_memzone_lookup(mz_name);
	if (mz == NULL) {
		fpk_errno = ENOENT;
		return NULL;
	}
	return mz->addr;
}

void
fpk_ring_dump(FILE *f, const struct fpk_ring *r)
{
	fprintf(f, "ring <%s>@%p\n", r->name, (const void *)r);
	fprintf(f, "  flags=0x%x (%s/%s%s)\n", r->flags,
		r->prod.single == FPK_RING_SYNC_ST ? "SP" : "MP",
		r->cons.single == FPK_RING_SYNC_ST ? "SC" : "MC",
		(r->flags & FPK_RING_F_EXACT_SZ) ? ", exact size" : "");
	fprintf(f, "  size=%" PRIu32 " capacity=%" PRIu32 "\n", r->size, r->capacity);
	fprintf(f, "  ch=%" PRIu32 " ct=%" PRIu32 " ph=%" PRIu32 " pt=%" PRIu32 "\n",
		__atomic_load_n(&r->cons.head, __ATOMIC_RELAXED),
		__atomic_load_n(&r->cons.tail, __ATOMIC_RELAXED),
		__atomic_load_n(&r->prod.head, __ATOMIC_RELAXED),
		__atomic_load_n(&r->prod.tail, __ATOMIC_RELAXED));
	fprintf(f, "  used=%u avail=%u\n", fpk_ring_count(r), fpk_ring_free_count(r));
}
