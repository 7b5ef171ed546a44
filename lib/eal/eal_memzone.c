/* SPDX-License-Identifier: BSD-3-Clause */
/* Named memzones carved from the memory segments. */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <string.h>

#include "eal_private.h"

struct memzone_priv {
	struct fpk_memzone pub;
	bool used;
};

static struct memzone_priv zones[FPK_MAX_MEMZONE];
static pthread_mutex_t mz_lock = PTHREAD_MUTEX_INITIALIZER;

__thread int fpk_errno;

static struct memzone_priv *
find(const char *name)
{
	for (unsigned int i = 0; i < FPK_MAX_MEMZONE; i++)
		if (zones[i].used && strcmp(zones[i].pub.name, name) == 0)
			return &zones[i];
	return NULL;
}

const struct fpk_memzone *
fpk_memzone_reserve_aligned(const char *name, size_t len, int socket_id,
			    unsigned int flags, size_t align)
{
	struct memzone_priv *z = NULL;
	bool contig = flags & FPK_MEMZONE_IOVA_CONTIG;
	void *addr = NULL;
	int err = 0;

	if (!fpk_eal_is_initialized() || name == NULL || len == 0 ||
	    (flags & ~FPK_MEMZONE_IOVA_CONTIG) || (align && !fpk_is_power_of_2(align)) ||
	    socket_id < FPK_SOCKET_ID_ANY) {
		fpk_errno = EINVAL;
		return NULL;
	}
	if (strnlen(name, FPK_MEMZONE_NAMESIZE) == FPK_MEMZONE_NAMESIZE) {
		fpk_errno = ENAMETOOLONG;
		return NULL;
	}
	pthread_mutex_lock(&mz_lock);
	if (find(name)) {
		err = EEXIST;
		goto out;
	}
	for (unsigned int i = 0; i < FPK_MAX_MEMZONE; i++) {
		if (!zones[i].used) {
			z = &zones[i];
			break;
		}
	}
	if (z == NULL) {
		FPK_LOG(ERR, EAL, "memzone table full (%d zones) reserving '%s'\n",
			FPK_MAX_MEMZONE, name);
		err = ENOSPC;
		goto out;
	}
	addr = eal_mem_alloc_near(len, align, socket_id, contig, &err);
	if (addr == NULL) {
		err = -err;
		goto out;
	}
	memset(addr, 0, len);
	memset(z, 0, sizeof(*z));
	snprintf(z->pub.name, sizeof(z->pub.name), "%s", name);
	z->pub.addr = addr;
	z->pub.len = len;
	z->pub.iova = fpk_mem_virt2iova(addr);
	z->pub.socket_id = fpk_mem_virt2memseg(addr)->socket_id;
	z->pub.flags = flags;
	z->used = true;
out:
	pthread_mutex_unlock(&mz_lock);
	if (err) {
		fpk_errno = err;
		return NULL;
	}
	return &z->pub;
}

const struct fpk_memzone *
fpk_memzone_reserve(const char *name, size_t len, int socket_id, unsigned int flags)
{
	return fpk_memzone_reserve_aligned(name, len, socket_id, flags, FPK_CACHE_LINE_SIZE);
}

const struct fpk_memzone *
fpk_memzone_lookup(const char *name)
{
	struct memzone_priv *z;

	if (name == NULL) {
		fpk_errno = EINVAL;
		return NULL;
	}
	pthread_mutex_lock(&mz_lock);
	z = find(name);
	pthread_mutex_unlock(&mz_lock);
	if (z == NULL) {
		fpk_errno = ENOENT;
		return NULL;
	}
	return &z->pub;
}

int
fpk_memzone_free(const struct fpk_memzone *mz)
{
	int ret = -EINVAL;

	if (mz == NULL)
		return -EINVAL;
	/* Find it by address: a pointer that is not one of ours is refused. */
	pthread_mutex_lock(&mz_lock);
	for (unsigned int i = 0; i < FPK_MAX_MEMZONE; i++) {
		if (&zones[i].pub == mz && zones[i].used) {
			eal_mem_free(zones[i].pub.addr, zones[i].pub.len);
			zones[i].used = false;
			ret = 0;
			break;
		}
	}
	pthread_mutex_unlock(&mz_lock);
	return ret;
}

void
fpk_memzone_walk(void (*fn)(const struct fpk_memzone *mz, void *arg), void *arg)
{
	pthread_mutex_lock(&mz_lock);
	for (unsigned int i = 0; i < FPK_MAX_MEMZONE; i++)
		if (zones[i].used)
			fn(&zones[i].pub, arg);
	pthread_mutex_unlock(&mz_lock);
}

static void
dump_one(const struct fpk_memzone *mz, void *arg)
{
	fprintf(arg, "  zone '%s': va %p iova 0x%" PRIx64 " len %zu node %d%s\n", mz->name,
		mz->addr, mz->iova, mz->len, mz->socket_id,
		(mz->flags & FPK_MEMZONE_IOVA_CONTIG) ? " iova-contig" : "");
}

void
fpk_memzone_dump(FILE *f)
{
	fpk_memzone_walk(dump_one, f);
}

/* After a resolver change the zones' first-byte DMA addresses change too. */
void
eal_memzone_refresh_iova(void)
{
	for (unsigned int i = 0; i < FPK_MAX_MEMZONE; i++) {
		struct memzone_priv *z = &zones[i];

		if (!z->used)
			continue;
		z->pub.iova = fpk_mem_virt2iova(z->pub.addr);
		if ((z->pub.flags & FPK_MEMZONE_IOVA_CONTIG) &&
		    fpk_mem_iova_contig_len(z->pub.addr, z->pub.len) < z->pub.len)
			FPK_LOG(WARNING, EAL, "memzone '%s' is no longer IOVA-contiguous "
				"under the new DMA addresses\n", z->pub.name);
	}
}

void
eal_memzone_cleanup(void)
{
	pthread_mutex_lock(&mz_lock);
	for (unsigned int i = 0; i < FPK_MAX_MEMZONE; i++) {
		if (zones[i].used) {
			FPK_LOG(DEBUG, EAL, "memzone '%s' still reserved at cleanup\n",
				zones[i].pub.name);
			eal_mem_free(zones[i].pub.addr, zones[i].pub.len);
			zones[i].used = false;
		}
	}
	pthread_mutex_unlock(&mz_lock);
}
