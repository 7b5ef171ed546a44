/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory segments: allocation from hugepages (memfd or hugetlbfs files) or,
 * with --no-huge, anonymous 4 KiB pages; the per-page DMA address table and
 * its resolvers; allocation/release events for bus drivers; and a simple
 * first-fit allocator that memzones are carved from.
 *
 * A hugepage segment's file stays open for the segment's life: one
 * descriptor per segment (at most MAX_MEMSEG) buys sharing the memory with
 * another process (net_memif's zero-copy client passes it to its server),
 * and since segments are created on demand, at any time, keeping them all
 * open is simpler than knowing beforehand who will ask. A memfd is sealed
 * against shrinking, so that a process mapping it can trust its size.
 *
 * Order on allocation: map and fault the pages, tell subscribers (a bus
 * maps and pins them), then resolve DMA addresses (GET_PA needs the pin).
 * Order on release: tell subscribers (a bus unmaps), then munmap.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eal_numa.h"
#include "eal_private.h"

#ifndef MFD_HUGE_SHIFT
#define MFD_HUGE_SHIFT 26 /* uapi linux/memfd.h; glibc's sys/mman.h lacks it */
#endif

#define MAX_MEMSEG 256
#define MAX_MEM_CALLBACKS 16
#define NO_HUGE_CHUNK (4u << 20)
/* fallocate() calls in a row that may be interrupted by signals without
 * allocating a page before map_huge() gives up (see alloc_pages()). */
#define EINTR_MAX_IDLE 1000

struct free_range {
	size_t off;
	size_t len;
};

struct memseg_priv {
	struct fpk_memseg pub;
	bool used;
	bool prealloc;           /* from -m/--socket-mem: kept until cleanup */
	int fd;                  /* the hugepage file mapped, -1 with --no-huge */
	size_t in_use;
	struct free_range *free; /* sorted by offset, never adjacent */
	unsigned int nfree;
	unsigned int free_cap;
};

struct mem_callback {
	char name[32];
	fpk_mem_event_cb_t cb;
	void *arg;
};

static struct memseg_priv segs[MAX_MEMSEG];
static struct mem_callback callbacks[MAX_MEM_CALLBACKS];
static unsigned int ncallbacks;
static pthread_mutex_t mem_lock;
static const struct eal_config *mcfg;
static size_t total_bytes;
static bool numa_ok;
static int seg_counter;
static size_t huge_dir_pg; /* --huge-dir's page size, 0 without it */

static struct {
	const char *name;
	enum fpk_iova_mode mode;
	fpk_iova_resolver_t fn;
	void *arg;
} resolver = { "va", FPK_IOVA_VA, fpk_mem_resolve_va, NULL };

int
fpk_mem_resolve_va(const struct fpk_memseg *ms, fpk_iova_t *iova, void *arg)
{
	(void)arg;
	for (unsigned int i = 0; i < ms->nb_pages; i++)
		iova[i] = (fpk_iova_t)(uintptr_t)ms->addr + (fpk_iova_t)i * ms->page_sz;
	return 0;
}

int
fpk_mem_resolve_pagemap(const struct fpk_memseg *ms, fpk_iova_t *iova, void *arg)
{
	const char *path = arg ? arg : "/proc/self/pagemap";
	long sys_pg = sysconf(_SC_PAGESIZE);
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		FPK_LOG(ERR, EAL, "cannot open %s: %s: physical addresses need a kernel with "
			"CONFIG_PROC_PAGE_MONITOR; use --iova-mode va\n", path, strerror(-ret));
		return ret;
	}
	for (unsigned int i = 0; i < ms->nb_pages; i++) {
		uintptr_t va = (uintptr_t)ms->addr + (uintptr_t)i * ms->page_sz;
		uint64_t ent;

		if (pread(fd, &ent, sizeof(ent), (off_t)(va / (uintptr_t)sys_pg) * 8) !=
		    (ssize_t)sizeof(ent)) {
			ret = -EIO;
			break;
		}
		/* Bit 63: present; bits 0-54: PFN, reads as 0 without CAP_SYS_ADMIN. */
		if (!(ent >> 63) || (ent & ((UINT64_C(1) << 55) - 1)) == 0) {
			FPK_LOG(ERR, EAL, "%s gives no physical address (%s): run as root "
				"(CAP_SYS_ADMIN) for physical addresses, or use --iova-mode va\n",
				path, (ent >> 63) ? "PFN hidden" : "page not present");
			ret = -EPERM;
			break;
		}
		iova[i] = (ent & ((UINT64_C(1) << 55) - 1)) * (fpk_iova_t)sys_pg;
	}
	close(fd);
	return ret;
}

static struct memseg_priv *
seg_of(const void *va)
{
	uintptr_t a = (uintptr_t)va;

	for (unsigned int i = 0; i < MAX_MEMSEG; i++) {
		struct memseg_priv *s = &segs[i];

		if (s->used && a >= (uintptr_t)s->pub.addr &&
		    a < (uintptr_t)s->pub.addr + s->pub.len)
			return s;
	}
	return NULL;
}

static fpk_iova_t
seg_iova(const struct memseg_priv *s, uintptr_t a)
{
	size_t off = a - (uintptr_t)s->pub.addr;
	fpk_iova_t base = s->pub.iova[off / s->pub.page_sz];

	return base == FPK_BAD_IOVA ? FPK_BAD_IOVA : base + off % s->pub.page_sz;
}

fpk_iova_t
fpk_mem_virt2iova(const void *va)
{
	struct memseg_priv *s;
	fpk_iova_t iova = FPK_BAD_IOVA;

	pthread_mutex_lock(&mem_lock);
	s = seg_of(va);
	if (s)
		iova = seg_iova(s, (uintptr_t)va);
	pthread_mutex_unlock(&mem_lock);
	return iova;
}

const struct fpk_memseg *
fpk_mem_virt2memseg(const void *va)
{
	struct memseg_priv *s;

	pthread_mutex_lock(&mem_lock);
	s = seg_of(va);
	pthread_mutex_unlock(&mem_lock);
	return s ? &s->pub : NULL;
}

static size_t
seg_contig_len(const struct memseg_priv *s, uintptr_t a, size_t max)
{
	uintptr_t end = (uintptr_t)s->pub.addr + s->pub.len;
	size_t pg = s->pub.page_sz;
	fpk_iova_t expect = seg_iova(s, a);
	size_t len = 0;

	if (expect == FPK_BAD_IOVA)
		return 0;
	while (len < max && a < end) {
		size_t chunk = pg - (a - (uintptr_t)s->pub.addr) % pg;

		if (seg_iova(s, a) != expect)
			break;
		len += chunk;
		expect += chunk;
		a += chunk;
	}
	return FPK_MIN(len, max);
}

size_t
fpk_mem_iova_contig_len(const void *va, size_t max)
{
	struct memseg_priv *s;
	size_t len = 0;

	pthread_mutex_lock(&mem_lock);
	s = seg_of(va);
	if (s)
		len = seg_contig_len(s, (uintptr_t)va, max);
	pthread_mutex_unlock(&mem_lock);
	return len;
}

int
fpk_memseg_fd_get(const void *va, size_t *offset)
{
	struct memseg_priv *s;
	int fd = -ENOENT;

	pthread_mutex_lock(&mem_lock);
	s = seg_of(va);
	if (s != NULL && s->fd < 0)
		fd = -ENOTSUP;
	else if (s != NULL) {
		fd = s->fd;
		if (offset != NULL)
			*offset = (uintptr_t)va - (uintptr_t)s->pub.addr;
	}
	pthread_mutex_unlock(&mem_lock);
	return fd;
}

int
fpk_memseg_walk(fpk_memseg_walk_t fn, void *arg)
{
	int ret = 0;

	pthread_mutex_lock(&mem_lock);
	for (unsigned int i = 0; i < MAX_MEMSEG && ret == 0; i++)
		if (segs[i].used)
			ret = fn(&segs[i].pub, arg);
	pthread_mutex_unlock(&mem_lock);
	return ret;
}

size_t
fpk_mem_total(void)
{
	return total_bytes;
}

const char *
fpk_mem_iova_resolver_name(void)
{
	return resolver.name;
}

enum fpk_iova_mode
fpk_eal_iova_mode(void)
{
	return resolver.mode;
}

int
fpk_mem_set_iova_resolver(const char *name, enum fpk_iova_mode mode,
			  fpk_iova_resolver_t fn, void *arg)
{
	fpk_iova_t *fresh[MAX_MEMSEG] = { NULL };
	int ret = 0;

	if (name == NULL || fn == NULL)
		return -EINVAL;
	pthread_mutex_lock(&mem_lock);
	/* Resolve everything first so a failure leaves the old table intact. */
	for (unsigned int i = 0; i < MAX_MEMSEG && ret == 0; i++) {
		if (!segs[i].used)
			continue;
		fresh[i] = malloc(segs[i].pub.nb_pages * sizeof(fpk_iova_t));
		if (fresh[i] == NULL)
			ret = -ENOMEM;
		else
			ret = fn(&segs[i].pub, fresh[i], arg);
	}
	if (ret == 0) {
		for (unsigned int i = 0; i < MAX_MEMSEG; i++) {
			if (!segs[i].used)
				continue;
			free(segs[i].pub.iova);
			segs[i].pub.iova = fresh[i];
			fresh[i] = NULL;
		}
		resolver.name = name;
		resolver.mode = mode;
		resolver.fn = fn;
		resolver.arg = arg;
		eal_memzone_refresh_iova();
		FPK_LOG(INFO, EAL, "DMA addresses now come from '%s' (IOVA as %s)\n", name,
			mode == FPK_IOVA_PA ? "PA" : "VA");
	}
	for (unsigned int i = 0; i < MAX_MEMSEG; i++)
		free(fresh[i]);
	pthread_mutex_unlock(&mem_lock);
	return ret;
}

int
fpk_mem_event_callback_register(const char *name, fpk_mem_event_cb_t cb, void *arg)
{
	int ret = 0;

	if (name == NULL || cb == NULL || strlen(name) >= sizeof(callbacks[0].name))
		return -EINVAL;
	pthread_mutex_lock(&mem_lock);
	for (unsigned int i = 0; i < ncallbacks; i++) {
		if (strcmp(callbacks[i].name, name) == 0 && callbacks[i].arg == arg) {
			ret = -EEXIST;
			goto out;
		}
	}
	if (ncallbacks == MAX_MEM_CALLBACKS) {
		ret = -ENOMEM;
		goto out;
	}
	snprintf(callbacks[ncallbacks].name, sizeof(callbacks[0].name), "%s", name);
	callbacks[ncallbacks].cb = cb;
	callbacks[ncallbacks].arg = arg;
	ncallbacks++;
out:
	pthread_mutex_unlock(&mem_lock);
	return ret;
}

int
fpk_mem_event_callback_unregister(const char *name, void *arg)
{
	int ret = -ENOENT;

	if (name == NULL)
		return -EINVAL;
	pthread_mutex_lock(&mem_lock);
	for (unsigned int i = 0; i < ncallbacks; i++) {
		if (strcmp(callbacks[i].name, name) == 0 && callbacks[i].arg == arg) {
			memmove(&callbacks[i], &callbacks[i + 1],
				(ncallbacks - i - 1) * sizeof(callbacks[0]));
			ncallbacks--;
			ret = 0;
			break;
		}
	}
	pthread_mutex_unlock(&mem_lock);
	return ret;
}

/* FREE events go to subscribers in reverse order of registration. */
static void
notify_free(const struct fpk_memseg *ms, unsigned int upto)
{
	for (unsigned int i = upto; i-- > 0;) {
		int r = callbacks[i].cb(FPK_MEM_EVENT_FREE, ms, callbacks[i].arg);

		if (r)
			FPK_LOG(WARNING, EAL, "'%s' failed to release segment %u: %s\n",
				callbacks[i].name, ms->id, strerror(-r));
	}
}

static int
socket_of(void *addr)
{
	int node = 0;

	if (numa_ok && get_mempolicy(&node, NULL, 0, addr, MPOL_F_NODE | MPOL_F_ADDR) != 0)
		node = 0;
	return node;
}

static void
unmap_seg(struct memseg_priv *s)
{
	munmap(s->pub.addr, s->pub.len);
	if (s->fd >= 0)
		close(s->fd);
	free(s->pub.iova);
	free(s->free);
	total_bytes -= s->pub.len;
	memset(s, 0, sizeof(*s));
}

/* Pick the smallest hugepage size with enough free pages on @socket. */
static size_t
pick_page_size(size_t len, int socket)
{
	struct eal_hugepage_size sizes[EAL_MAX_HUGEPAGE_SIZES];
	size_t dir_pg = 0;
	int n = eal_hugepage_sizes(sizes, EAL_MAX_HUGEPAGE_SIZES);

	if (mcfg->huge_dir[0] && eal_check_hugetlbfs(mcfg->huge_dir, &dir_pg))
		return 0;
	for (int i = 0; i < n; i++) {
		unsigned long need = (unsigned long)(FPK_ALIGN_CEIL(len, sizes[i].page_sz) /
						     sizes[i].page_sz);
		unsigned long avail = socket >= 0 && socket < FPK_MAX_NUMA_NODES ?
			sizes[i].node_free[socket] : sizes[i].free_pages;

		if (dir_pg && sizes[i].page_sz != dir_pg)
			continue;
		if (avail >= need)
			return sizes[i].page_sz;
	}
	return 0;
}

static int
open_backing(size_t pg)
{
	char path[PATH_MAX + EAL_FILE_PREFIX_MAX + 48];
	int fd;

	if (mcfg->huge_dir[0] == '\0') {
		unsigned int shift = (unsigned int)__builtin_ctzll(pg);

		fd = memfd_create("fpk-memseg", MFD_CLOEXEC | MFD_HUGETLB | MFD_ALLOW_SEALING |
				  (shift << MFD_HUGE_SHIFT));
		return fd < 0 ? -errno : fd;
	}
	/* A file is unlinked at once: nothing survives the process. */
	snprintf(path, sizeof(path), "%s/%smap_%d_%d", mcfg->huge_dir, mcfg->file_prefix,
		 (int)getpid(), seg_counter++);
	fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	unlink(path);
	return fd;
}

/*
 * fallocate() all of @fd. On hugetlbfs it stops with EINTR whenever a
 * signal is pending, and SA_RESTART does not restart it (it is not
 * ERESTARTSYS): a periodic timer in the application would fail allocations
 * at random. The pages allocated before it stopped stay in the file and a
 * new call skips them, so calling again resumes where it stopped. Retry as
 * long as the retries make progress (the file's block count grows); a
 * signal pending at every call gives up after EINTR_MAX_IDLE of them in a
 * row, never looping forever. Any other error ends it at once.
 * @return 0 or -errno; *interrupted counts the EINTRs.
 */
static int
alloc_pages(int fd, size_t len, unsigned int *interrupted)
{
	unsigned int idle = 0;
	blkcnt_t done = 0;

	*interrupted = 0;
	while (fallocate(fd, 0, 0, (off_t)len) != 0) {
		struct stat st;

		if (errno != EINTR)
			return -errno;
		(*interrupted)++;
		if (fstat(fd, &st) == 0 && st.st_blocks > done) {
			done = st.st_blocks;
			idle = 0;
		} else if (++idle == EINTR_MAX_IDLE) {
			return -EINTR;
		}
	}
	return 0;
}

/* Map @len bytes of hugepages on @socket, the file in *@fdp; @return address or MAP_FAILED. */
static void *
map_huge(size_t len, size_t pg, int socket, int *fdp, int *err)
{
	unsigned long mask[(FPK_MAX_NUMA_NODES + 63) / 64] = { 0 };
	unsigned int interrupted;
	bool bound = false;
	void *addr;
	int fd, ret;

	fd = open_backing(pg);
	if (fd < 0) {
		*err = fd;
		FPK_LOG(ERR, EAL, "cannot create a hugepage file: %s\n", strerror(-fd));
		return MAP_FAILED;
	}
	/* Allocate the pages through fallocate under the wanted policy: a
	 * shortage is then an error here, never a SIGBUS at first touch. */
	if (numa_ok && socket >= 0 && socket < FPK_MAX_NUMA_NODES) {
		mask[socket / 64] |= 1UL << (socket % 64);
		bound = set_mempolicy(MPOL_BIND, mask, FPK_MAX_NUMA_NODES + 1) == 0;
	}
	ret = alloc_pages(fd, len, &interrupted);
	if (bound)
		set_mempolicy(MPOL_DEFAULT, NULL, 0);
	if (ret) {
		/* A shortage (ENOSPC) is explained by the caller, with numbers. */
		*err = ret == -ENOSPC ? -ENOMEM : ret;
		if (ret == -EINTR)
			FPK_LOG(ERR, EAL, "cannot allocate %zu MiB of hugepages: fallocate() was "
				"interrupted by signals %u times, the last %d without any "
				"progress: signals come faster than a hugepage is cleared; "
				"send them less often, or block them (pthread_sigmask) while "
				"allocating memory\n", len >> 20, interrupted, EINTR_MAX_IDLE);
		else if (ret != -ENOSPC && ret != -ENOMEM)
			FPK_LOG(ERR, EAL, "cannot allocate %zu MiB of %zu kB hugepages: "
				"fallocate: %s\n", len >> 20, pg >> 10, strerror(-ret));
		close(fd);
		return MAP_FAILED;
	}
	if (interrupted)
		FPK_LOG(DEBUG, EAL, "%zu MiB of hugepages: fallocate() was interrupted by "
			"signals %u times and resumed\n", len >> 20, interrupted);
	addr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
	if (addr == MAP_FAILED) {
		*err = -errno;
		FPK_LOG(ERR, EAL, "cannot map %zu MiB of %zu kB hugepages: %s\n", len >> 20,
			pg >> 10, strerror(-*err));
		close(fd);
		return addr;
	}
	/* A --huge-dir file cannot be sealed: a process it is shared with may refuse it. */
	if (mcfg->huge_dir[0] == '\0' && fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) != 0)
		FPK_LOG(DEBUG, EAL, "cannot seal a hugepage memfd: %s\n", strerror(errno));
	*fdp = fd;
	return addr;
}

static void *
map_small(size_t len, int socket, int *err)
{
	unsigned long mask[(FPK_MAX_NUMA_NODES + 63) / 64] = { 0 };
	bool bound = false;
	void *addr;

	/* Fault everything in at mmap time (MAP_POPULATE) under the wanted
	 * policy, so the table's addresses are real and start-up is one call. */
	if (numa_ok && socket >= 0 && socket < FPK_MAX_NUMA_NODES) {
		mask[socket / 64] |= 1UL << (socket % 64);
		bound = set_mempolicy(MPOL_BIND, mask, FPK_MAX_NUMA_NODES + 1) == 0;
	}
	addr = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (addr == MAP_FAILED) {
		*err = -errno;
		FPK_LOG(ERR, EAL, "--no-huge: cannot allocate %zu MiB of ordinary memory: %s "
			"(this machine has %llu MiB of RAM): ask for less with -m, or leave "
			"out -m to grow memory on demand\n", len >> 20, strerror(-*err),
			(unsigned long long)sysconf(_SC_PHYS_PAGES) *
			(unsigned long long)sysconf(_SC_PAGESIZE) >> 20);
	}
	if (bound)
		set_mempolicy(MPOL_DEFAULT, NULL, 0);
	return addr;
}

/* Create a segment of at least @len bytes on @socket (-1: any). */
static struct memseg_priv *
seg_create(size_t len, int socket, bool prealloc, int *err)
{
	struct memseg_priv *s = NULL;
	size_t pg;
	void *addr;
	unsigned int i;
	int ret, fd = -1;

	for (i = 0; i < MAX_MEMSEG; i++) {
		if (!segs[i].used) {
			s = &segs[i];
			break;
		}
	}
	if (s == NULL) {
		*err = -ENOSPC;
		FPK_LOG(ERR, EAL, "memory segment table is full (%d segments)\n", MAX_MEMSEG);
		return NULL;
	}
	if (mcfg->no_huge) {
		pg = (size_t)sysconf(_SC_PAGESIZE);
		len = FPK_ALIGN_CEIL(FPK_MAX(len, (size_t)NO_HUGE_CHUNK), pg);
	} else {
		pg = pick_page_size(len, socket);
		if (pg == 0) {
			*err = -ENOMEM;
			return NULL;
		}
		len = FPK_ALIGN_CEIL(len, pg);
	}
	if (mcfg->mem_limit && !prealloc && total_bytes + len > mcfg->mem_limit) {
		*err = -ENOMEM;
		FPK_LOG(ERR, EAL, "memory limit reached: %zu MiB in use, -m %zu MiB; "
			"raise -m\n", total_bytes >> 20, mcfg->mem_limit >> 20);
		return NULL;
	}
	*err = 0;
	addr = mcfg->no_huge ? map_small(len, socket, err) : map_huge(len, pg, socket, &fd, err);
	if (addr == MAP_FAILED)
		return NULL;

	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->pub.id = i;
	s->pub.flags = mcfg->no_huge ? 0 : FPK_MEMSEG_F_HUGE;
	s->pub.addr = addr;
	s->pub.len = len;
	s->pub.page_sz = pg;
	s->pub.socket_id = socket_of(addr);
	s->pub.nb_pages = (unsigned int)(len / pg);
	s->pub.iova = malloc(s->pub.nb_pages * sizeof(fpk_iova_t));
	s->free = malloc(4 * sizeof(*s->free));
	if (s->pub.iova == NULL || s->free == NULL) {
		free(s->pub.iova);
		free(s->free);
		munmap(addr, len);
		if (fd >= 0)
			close(fd);
		*err = -ENOMEM;
		return NULL;
	}
	for (unsigned int p = 0; p < s->pub.nb_pages; p++)
		s->pub.iova[p] = FPK_BAD_IOVA;
	s->free_cap = 4;
	s->nfree = 1;
	s->free[0].off = 0;
	s->free[0].len = len;
	s->prealloc = prealloc;
	s->used = true;
	total_bytes += len;

	for (unsigned int c = 0; c < ncallbacks; c++) {
		ret = callbacks[c].cb(FPK_MEM_EVENT_ALLOC, &s->pub, callbacks[c].arg);
		if (ret) {
			FPK_LOG(ERR, EAL, "'%s' could not take a new %zu MiB segment: %s\n",
				callbacks[c].name, len >> 20, strerror(-ret));
			notify_free(&s->pub, c);
			unmap_seg(s);
			*err = ret;
			return NULL;
		}
	}
	ret = resolver.fn(&s->pub, s->pub.iova, resolver.arg);
	if (ret) {
		FPK_LOG(ERR, EAL, "cannot resolve DMA addresses of a new segment with '%s': %s\n",
			resolver.name, strerror(-ret));
		notify_free(&s->pub, ncallbacks);
		unmap_seg(s);
		*err = ret;
		return NULL;
	}
	FPK_LOG(DEBUG, EAL, "segment %u: %zu MiB of %zu kB pages on node %d at %p\n",
		s->pub.id, len >> 20, pg >> 10, s->pub.socket_id, addr);
	return s;
}

static void
seg_destroy(struct memseg_priv *s)
{
	notify_free(&s->pub, ncallbacks);
	unmap_seg(s);
}

/* Carve [off, off+len) out of free range @r of @s. */
static int
take_range(struct memseg_priv *s, unsigned int r, size_t off, size_t len)
{
	struct free_range *fr = &s->free[r];
	size_t before = off - fr->off;
	size_t after = fr->off + fr->len - (off + len);

	if (before && after) {
		if (s->nfree == s->free_cap) {
			struct free_range *n = realloc(s->free, 2 * s->free_cap * sizeof(*n));

			if (n == NULL)
				return -ENOMEM;
			s->free = n;
			s->free_cap *= 2;
			fr = &s->free[r];
		}
		memmove(&s->free[r + 2], &s->free[r + 1], (s->nfree - r - 1) * sizeof(*fr));
		s->nfree++;
		fr->len = before;
		s->free[r + 1].off = off + len;
		s->free[r + 1].len = after;
	} else if (before) {
		fr->len = before;
	} else if (after) {
		fr->off = off + len;
		fr->len = after;
	} else {
		memmove(fr, fr + 1, (s->nfree - r - 1) * sizeof(*fr));
		s->nfree--;
	}
	s->in_use += len;
	return 0;
}

static void *
seg_alloc(struct memseg_priv *s, size_t len, size_t align, bool contig)
{
	uintptr_t base = (uintptr_t)s->pub.addr;

	for (unsigned int r = 0; r < s->nfree; r++) {
		uintptr_t start = FPK_ALIGN_CEIL(base + s->free[r].off, align);
		uintptr_t end = base + s->free[r].off + s->free[r].len;

		while (start + len <= end) {
			if (!contig || seg_contig_len(s, start, len) >= len) {
				if (take_range(s, r, start - base, len))
					return NULL;
				return (void *)start;
			}
			/* Not contiguous here: retry from the next page. */
			start = FPK_ALIGN_CEIL(FPK_ALIGN_FLOOR(start, s->pub.page_sz) +
					       s->pub.page_sz, align);
		}
	}
	return NULL;
}

static void *
alloc_on(size_t len, size_t align, int socket, bool contig)
{
	for (unsigned int i = 0; i < MAX_MEMSEG; i++) {
		struct memseg_priv *s = &segs[i];
		void *p;

		if (!s->used || (socket >= 0 && s->pub.socket_id != socket))
			continue;
		p = seg_alloc(s, len, align, contig);
		if (p)
			return p;
	}
	return NULL;
}

/*
 * Say how to get @len more bytes of hugepages on @socket (-1: any).
 * usertools/fpk-hugepages --reserve sets a pool's TOTAL, and pages other
 * processes hold count in it: the advice is the pool's total plus what is
 * missing, never a size computed from this process's needs alone.
 */
static void
explain_shortage(size_t len, int socket)
{
	struct eal_hugepage_size sizes[EAL_MAX_HUGEPAGE_SIZES];
	char desc[256] = "", where[32] = "", opts[48] = "", sysfs[128];
	size_t off = 0, pg;
	unsigned long need, total, avail, missing;
	int n = eal_hugepage_sizes(sizes, EAL_MAX_HUGEPAGE_SIZES), i;
	bool node = socket >= 0 && socket < FPK_MAX_NUMA_NODES && eal_numa_nodes() > 1;

	for (i = 0; i < n && off < sizeof(desc); i++)
		off += (size_t)snprintf(desc + off, sizeof(desc) - off, "%s%zu kB: %lu of %lu "
					"free", off ? ", " : "", sizes[i].page_sz >> 10,
					sizes[i].free_pages, sizes[i].total_pages);
	if (socket >= 0)
		snprintf(where, sizeof(where), " on NUMA node %d", socket);
	/* The pool to grow: --huge-dir's page size, else the one --reserve
	 * grows without --pagesize (the kernel's default), else the smallest. */
	pg = huge_dir_pg ? huge_dir_pg : eal_hugepage_default_size();
	for (i = 0; i < n && sizes[i].page_sz != pg; i++)
		;
	if (i == n)
		i = 0;
	if (n <= 0) {
		FPK_LOG(ERR, EAL, "cannot get %zu MiB of hugepages%s: this kernel offers no "
			"hugepage sizes (CONFIG_HUGETLBFS): run with --no-huge (virtual ports "
			"only)\n", (len + (1 << 20) - 1) >> 20, where);
		return;
	}
	pg = sizes[i].page_sz;
	need = (unsigned long)(FPK_ALIGN_CEIL(len, pg) / pg);
	total = node ? sizes[i].node_total[socket] : sizes[i].total_pages;
	avail = node ? sizes[i].node_free[socket] : sizes[i].free_pages;
	/* Free pages that were not enough are held by reservations or another
	 * node: count the whole need as missing then. */
	missing = need > avail ? need - avail : need;
	if (pg != eal_hugepage_default_size())
		snprintf(opts, sizeof(opts), " --pagesize %zuK", pg >> 10);
	if (node) {
		snprintf(opts + strlen(opts), sizeof(opts) - strlen(opts), " --node %d", socket);
		snprintf(sysfs, sizeof(sysfs), "/sys/devices/system/node/node%d/hugepages/"
			 "hugepages-%zukB/nr_hugepages", socket, pg >> 10);
	} else {
		snprintf(sysfs, sizeof(sysfs), "/sys/kernel/mm/hugepages/hugepages-%zukB/"
			 "nr_hugepages", pg >> 10);
	}
	FPK_LOG(ERR, EAL, "cannot get %zu MiB of hugepages%s (%s): %lu more pages of %zu kB "
		"are needed; the pool%s has %lu, %lu of them in use: raise it to %lu "
		"pages with 'usertools/fpk-hugepages --reserve %luM%s' (it sets the total) "
		"or 'echo %lu > %s', or run with --no-huge (virtual ports only)\n",
		(len + (1 << 20) - 1) >> 20, where, desc, missing, pg >> 10, where, total,
		total > avail ? total - avail : 0, total + missing,
		(unsigned long)(((uint64_t)(total + missing) * pg + (1 << 20) - 1) >> 20), opts,
		total + missing, sysfs);
}

void *
eal_mem_alloc(size_t len, size_t align, int socket, bool contig, int *err)
{
	struct memseg_priv *s;
	void *p;

	align = FPK_MAX(align, (size_t)FPK_CACHE_LINE_SIZE);
	len = FPK_ALIGN_CEIL(len, (size_t)FPK_CACHE_LINE_SIZE);
	if (socket >= (int)eal_numa_nodes()) {
		FPK_LOG(ERR, EAL, "NUMA node %d does not exist (this machine has %u)\n",
			socket, eal_numa_nodes());
		*err = -EINVAL;
		return NULL;
	}
	pthread_mutex_lock(&mem_lock);
	p = alloc_on(len, align, socket, contig);
	if (p == NULL && !(mcfg->mem_limit || mcfg->socket_mem_set)) {
		s = seg_create(len + (align > (size_t)FPK_CACHE_LINE_SIZE ? align : 0),
			       socket, false, err);
		if (s) {
			p = seg_alloc(s, len, align, contig);
			if (p == NULL) {
				seg_destroy(s);
				FPK_LOG(ERR, EAL, "no IOVA-contiguous run of %zu bytes: the pages "
					"are not physically contiguous; use smaller zones or "
					"1 GiB hugepages\n", len);
				*err = -ENOMEM;
			}
		} else if (*err == -ENOMEM && !mcfg->no_huge) {
			explain_shortage(len, socket);
		}
	} else if (p == NULL) {
		FPK_LOG(ERR, EAL, "no room for %zu bytes in the memory reserved at start "
			"(-m/--socket-mem): raise it\n", len);
		*err = -ENOMEM;
	}
	pthread_mutex_unlock(&mem_lock);
	return p;
}

void *
eal_mem_alloc_near(size_t len, size_t align, int socket, bool contig, int *err)
{
	void *p = NULL;

	/* ANY means: the caller's node if it can be had, else anywhere. */
	if (socket == FPK_SOCKET_ID_ANY && fpk_socket_id() >= 0 && eal_numa_nodes() > 1) {
		p = eal_mem_alloc(len, align, fpk_socket_id(), contig, err);
		if (p == NULL)
			FPK_LOG(DEBUG, EAL, "%zu bytes: none on node %d, trying any\n", len,
				fpk_socket_id());
	}
	return p ? p : eal_mem_alloc(len, align, socket, contig, err);
}

void
eal_mem_free(void *addr, size_t len)
{
	struct memseg_priv *s;
	size_t off;
	unsigned int r;

	len = FPK_ALIGN_CEIL(len, (size_t)FPK_CACHE_LINE_SIZE);
	pthread_mutex_lock(&mem_lock);
	s = seg_of(addr);
	if (s == NULL) {
		pthread_mutex_unlock(&mem_lock);
		return;
	}
	off = (uintptr_t)addr - (uintptr_t)s->pub.addr;
	for (r = 0; r < s->nfree && s->free[r].off < off; r++)
		;
	/* Merge with the previous and/or next free range when they touch. */
	if (r > 0 && s->free[r - 1].off + s->free[r - 1].len == off) {
		s->free[r - 1].len += len;
		if (r < s->nfree && off + len == s->free[r].off) {
			s->free[r - 1].len += s->free[r].len;
			memmove(&s->free[r], &s->free[r + 1], (s->nfree - r - 1) * sizeof(s->free[0]));
			s->nfree--;
		}
	} else if (r < s->nfree && off + len == s->free[r].off) {
		s->free[r].off = off;
		s->free[r].len += len;
	} else {
		if (s->nfree == s->free_cap) {
			struct free_range *n = realloc(s->free, 2 * s->free_cap * sizeof(*n));

			if (n == NULL) {
				/* Leaks the range rather than corrupting the list. */
				pthread_mutex_unlock(&mem_lock);
				return;
			}
			s->free = n;
			s->free_cap *= 2;
		}
		memmove(&s->free[r + 1], &s->free[r], (s->nfree - r) * sizeof(s->free[0]));
		s->free[r].off = off;
		s->free[r].len = len;
		s->nfree++;
	}
	s->in_use -= len;
	if (s->in_use == 0 && !s->prealloc)
		seg_destroy(s);
	pthread_mutex_unlock(&mem_lock);
}

static int
check_pa_mode(void)
{
	struct memseg_priv *s;
	int err = 0;

	/* Prove pagemap works on a real page before promising PA mode. */
	s = seg_create(1, -1, false, &err);
	if (s == NULL) {
		if (err == -ENOMEM)
			explain_shortage(1, -1);
		return err;
	}
	seg_destroy(s);
	return 0;
}

int
eal_memory_init(const struct eal_config *cfg)
{
	struct eal_hugepage_size sizes[EAL_MAX_HUGEPAGE_SIZES];
	pthread_mutexattr_t attr;
	int n, err = 0;

	/* Recursive: event callbacks and resolvers may look addresses up. */
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&mem_lock, &attr);
	pthread_mutexattr_destroy(&attr);
	mcfg = cfg;
	huge_dir_pg = 0;
	numa_ok = numa_available() >= 0;
	total_bytes = 0;
	resolver.name = "va";
	resolver.mode = FPK_IOVA_VA;
	resolver.fn = fpk_mem_resolve_va;
	resolver.arg = NULL;

	if (cfg->no_huge) {
		FPK_LOG(WARNING, EAL, "--no-huge: memory is ordinary 4 KiB pages, neither "
			"pinned nor physically contiguous: NOT DMA-safe for physical "
			"devices (virtual ports only)\n");
	} else {
		unsigned long free_total = 0, held = 0;
		size_t def_pg = eal_hugepage_default_size();

		/* Its own error: "missing" or "not a directory", not ENOTSUP for all. */
		if (cfg->huge_dir[0]) {
			err = eal_check_hugetlbfs(cfg->huge_dir, &huge_dir_pg);
			if (err)
				return err;
		}
		n = eal_hugepage_sizes(sizes, EAL_MAX_HUGEPAGE_SIZES);
		for (int i = 0; i < n; i++) {
			free_total += sizes[i].free_pages;
			if (sizes[i].page_sz == def_pg)
				held = sizes[i].total_pages - FPK_MIN(sizes[i].total_pages,
								      sizes[i].free_pages);
		}
		if (n <= 0 || free_total == 0) {
			/* --reserve sets the total: add to what others hold. */
			FPK_LOG(ERR, EAL, "no free hugepages%s: reserve some with "
				"'usertools/fpk-hugepages --reserve %zuM' (or 'echo %zu > "
				"/sys/kernel/mm/hugepages/hugepages-%zukB/nr_hugepages'), or "
				"run with --no-huge (virtual ports only)\n",
				n <= 0 ? " (this kernel offers no hugepage sizes)" : "",
				(size_t)held * (def_pg >> 20) + 512,
				(size_t)held + (def_pg ? ((size_t)512 << 20) / def_pg : 256),
				def_pg ? def_pg >> 10 : 2048);
			return -ENOMEM;
		}
	}
	if (cfg->iova_mode == FPK_IOVA_PA) {
		resolver.name = "pagemap";
		resolver.mode = FPK_IOVA_PA;
		resolver.fn = fpk_mem_resolve_pagemap;
		err = check_pa_mode();
		if (err)
			return err;
	}
	if (cfg->socket_mem_set) {
		for (unsigned int node = 0; node < FPK_MAX_NUMA_NODES; node++) {
			if (cfg->socket_mem[node] == 0)
				continue;
			if (node >= eal_numa_nodes()) {
				FPK_LOG(ERR, EAL, "--socket-mem asks for memory on NUMA node %u, "
					"which does not exist (%u node(s))\n", node, eal_numa_nodes());
				return -EINVAL;
			}
			if (seg_create(cfg->socket_mem[node], (int)node, true, &err) == NULL) {
				if (err == -ENOMEM && !cfg->no_huge)
					explain_shortage(cfg->socket_mem[node], (int)node);
				return err;
			}
		}
	} else if (cfg->mem_limit) {
		if (seg_create(cfg->mem_limit, -1, true, &err) == NULL) {
			if (err == -ENOMEM && !cfg->no_huge)
				explain_shortage(cfg->mem_limit, -1);
			return err;
		}
	}
	return 0;
}

void
eal_memory_cleanup(void)
{
	pthread_mutex_lock(&mem_lock);
	for (unsigned int i = MAX_MEMSEG; i-- > 0;)
		if (segs[i].used)
			seg_destroy(&segs[i]);
	ncallbacks = 0;
	pthread_mutex_unlock(&mem_lock);
}

void
fpk_mem_dump(FILE *f)
{
	pthread_mutex_lock(&mem_lock);
	fprintf(f, "memory: %zu MiB in segments, DMA addresses from '%s'\n",
		total_bytes >> 20, resolver.name);
	for (unsigned int i = 0; i < MAX_MEMSEG; i++) {
		const struct memseg_priv *s = &segs[i];

		if (!s->used)
			continue;
		fprintf(f, "  seg %u: va %p len %zu MiB page %zu kB node %d in use %zu B "
			"first iova 0x%" PRIx64 "%s\n", s->pub.id, s->pub.addr, s->pub.len >> 20,
			s->pub.page_sz >> 10, s->pub.socket_id, s->in_use, s->pub.iova[0],
			s->prealloc ? " (reserved at start)" : "");
	}
	pthread_mutex_unlock(&mem_lock);
}
