/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fpk_zmalloc_socket() and fpk_free() on the EAL's segment allocator
 * (eal_mem_alloc()). Each block starts with one cache line (or one
 * alignment unit, if larger) holding its base and length, so fpk_free()
 * needs no table and the user's pointer keeps the alignment asked for.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "eal_private.h"
#include "fpk_malloc.h"

struct block_head {
	void *base;
	size_t len;
	uint64_t magic;   /* catches fpk_free() of a pointer malloc() gave */
};

#define BLOCK_MAGIC 0x66706b5f6d616c6cULL /* "fpk_mall" */

void *
fpk_zmalloc_socket(const char *type, size_t size, unsigned int align, int socket)
{
	size_t head, len;
	struct block_head *h;
	char *base;
	int err = 0;

	if (!fpk_eal_is_initialized() || size == 0 || (align && !fpk_is_power_of_2(align)) ||
	    socket < FPK_SOCKET_ID_ANY) {
		fpk_errno = EINVAL;
		return NULL;
	}
	head = FPK_MAX((size_t)align, (size_t)FPK_CACHE_LINE_SIZE);
	if (size > SIZE_MAX - head) {
		fpk_errno = ENOMEM;
		return NULL;
	}
	len = head + size;
	base = eal_mem_alloc_near(len, head, socket, false, &err);
	if (base == NULL) {
		FPK_LOG(ERR, EAL, "fpk_zmalloc(%s): no %zu bytes%s: %s\n", type ? type : "-", size,
			socket >= 0 ? " on the NUMA node asked for" : "", strerror(-err));
		fpk_errno = -err;
		return NULL;
	}
	memset(base, 0, len);
	h = (struct block_head *)(void *)(base + head) - 1;
	*h = (struct block_head){ .base = base, .len = len, .magic = BLOCK_MAGIC };
	return base + head;
}

void *
fpk_zmalloc(const char *type, size_t size, unsigned int align)
{
	return fpk_zmalloc_socket(type, size, align, FPK_SOCKET_ID_ANY);
}

void
fpk_free(void *ptr)
{
	struct block_head *h;

	if (ptr == NULL)
		return;
	h = (struct block_head *)ptr - 1;
	if (h->magic != BLOCK_MAGIC) {
		FPK_LOG(ERR, EAL, "fpk_free(%p): not from fpk_zmalloc(), or freed twice: "
			"memory kept\n", ptr);
		return;
	}
	h->magic = 0;
	eal_mem_free(h->base, h->len);
}
