/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What hugepages the system offers: sizes, free counts per NUMA node (from
 * sysfs), and whether a --huge-dir is really a hugetlbfs mount.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>

#include "eal_private.h"

#ifndef HUGETLBFS_MAGIC
#define HUGETLBFS_MAGIC 0x958458f6
#endif

static unsigned long
read_ulong(const char *path)
{
	FILE *f = fopen(path, "r");
	unsigned long v = 0;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%lu", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

static int
cmp_size(const void *a, const void *b)
{
	const struct eal_hugepage_size *x = a, *y = b;

	return (x->page_sz > y->page_sz) - (x->page_sz < y->page_sz);
}

int
eal_hugepage_sizes(struct eal_hugepage_size *sizes, int max)
{
	const char *base = "/sys/kernel/mm/hugepages";
	DIR *d = opendir(base);
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return -errno;
	while ((de = readdir(d)) != NULL && n < max) {
		unsigned long kb;
		char path[512];

		if (sscanf(de->d_name, "hugepages-%lukB", &kb) != 1)
			continue;
		memset(&sizes[n], 0, sizeof(sizes[n]));
		sizes[n].page_sz = (size_t)kb << 10;
		snprintf(path, sizeof(path), "%s/%s/nr_hugepages", base, de->d_name);
		sizes[n].total_pages = read_ulong(path);
		/* Pages reserved by other mappings but not yet faulted are not ours. */
		snprintf(path, sizeof(path), "%s/%s/free_hugepages", base, de->d_name);
		sizes[n].free_pages = read_ulong(path);
		snprintf(path, sizeof(path), "%s/%s/resv_hugepages", base, de->d_name);
		sizes[n].free_pages -= FPK_MIN(sizes[n].free_pages, read_ulong(path));
		for (unsigned int node = 0; node < FPK_MAX_NUMA_NODES; node++) {
			snprintf(path, sizeof(path),
				 "/sys/devices/system/node/node%u/hugepages/%s/free_hugepages",
				 node, de->d_name);
			sizes[n].node_free[node] = read_ulong(path);
		}
		/* Kernels without NUMA have no node directories: all is node 0. */
		if (sizes[n].node_free[0] == 0 && eal_numa_nodes() <= 1)
			sizes[n].node_free[0] = sizes[n].free_pages;
		n++;
	}
	closedir(d);
	qsort(sizes, (size_t)n, sizeof(sizes[0]), cmp_size);
	return n;
}

int
eal_check_hugetlbfs(const char *dir, size_t *page_sz)
{
	struct statfs sfs;

	if (statfs(dir, &sfs) != 0) {
		int err = errno;

		FPK_LOG(ERR, EAL, "--huge-dir %s: %s: create it and mount hugetlbfs there "
			"('mkdir -p %s && mount -t hugetlbfs nodev %s'), or leave out "
			"--huge-dir to use memfd\n", dir, strerror(err), dir, dir);
		return -err;
	}
	if ((unsigned long)sfs.f_type != HUGETLBFS_MAGIC) {
		FPK_LOG(ERR, EAL, "--huge-dir %s is not a hugetlbfs mount: mount one with "
			"'mount -t hugetlbfs nodev %s' (or usertools/fpk-hugepages --mount), "
			"or leave out --huge-dir to use memfd\n", dir, dir);
		return -ENOTSUP;
	}
	*page_sz = (size_t)sfs.f_bsize;
	return 0;
}
