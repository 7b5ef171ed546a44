/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What hugepages the system offers: sizes, free counts per NUMA node (from
 * sysfs), and whether a --huge-dir is really a hugetlbfs mount.
 */
#include <dirent.h>
#include <errno.h>
#include <linux/magic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include "eal_private.h"

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
			snprintf(path, sizeof(path),
				 "/sys/devices/system/node/node%u/hugepages/%s/nr_hugepages",
				 node, de->d_name);
			sizes[n].node_total[node] = read_ulong(path);
		}
		/* Kernels without NUMA have no node directories: all is node 0. */
		if (sizes[n].node_free[0] == 0 && eal_numa_nodes() <= 1)
			sizes[n].node_free[0] = sizes[n].free_pages;
		if (sizes[n].node_total[0] == 0 && eal_numa_nodes() <= 1)
			sizes[n].node_total[0] = sizes[n].total_pages;
		n++;
	}
	closedir(d);
	qsort(sizes, (size_t)n, sizeof(sizes[0]), cmp_size);
	return n;
}

size_t
eal_hugepage_default_size(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	unsigned long kb = 0;
	char line[128];

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Hugepagesize: %lu kB", &kb) == 1)
			break;
	fclose(f);
	return (size_t)kb << 10;
}

static const char *
fs_name(unsigned long magic, char *buf, size_t size)
{
	static const struct {
		unsigned long magic;
		const char *name;
	} names[] = {
		{ PROC_SUPER_MAGIC, "proc" }, { SYSFS_MAGIC, "sysfs" },
		{ TMPFS_MAGIC, "tmpfs" }, { RAMFS_MAGIC, "ramfs" },
		{ EXT4_SUPER_MAGIC, "ext2/3/4" }, { XFS_SUPER_MAGIC, "xfs" },
		{ BTRFS_SUPER_MAGIC, "btrfs" }, { OVERLAYFS_SUPER_MAGIC, "overlay" },
		{ CGROUP2_SUPER_MAGIC, "cgroup2" }, { CGROUP_SUPER_MAGIC, "cgroup" },
		{ DEVPTS_SUPER_MAGIC, "devpts" }, { DEBUGFS_MAGIC, "debugfs" },
		{ NFS_SUPER_MAGIC, "nfs" }, { FUSE_SUPER_MAGIC, "fuse" },
	};

	for (size_t i = 0; i < FPK_DIM(names); i++)
		if (names[i].magic == magic)
			return names[i].name;
	snprintf(buf, size, "type 0x%lx", magic);
	return buf;
}

/* A mount point: its parent is on another device, or it is "/". */
static bool
is_mount_point(const char *dir, const struct stat *st)
{
	char parent[PATH_MAX + 4];
	struct stat pst;

	snprintf(parent, sizeof(parent), "%s/..", dir);
	if (stat(parent, &pst) != 0)
		return false;
	return pst.st_dev != st->st_dev || pst.st_ino == st->st_ino;
}

/* @return 1 if @dir holds nothing, 0 if it holds something, -1 unknown. */
static int
is_empty_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int empty = 1;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			empty = 0;
			break;
		}
	}
	closedir(d);
	return empty;
}

/*
 * Each way a --huge-dir can be wrong gets its own fix. Mounting hugetlbfs
 * on it is the fix only for an empty directory that is no mount point:
 * over a mount (/proc) or over files, the mount would hide what is there.
 */
int
eal_check_hugetlbfs(const char *dir, size_t *page_sz)
{
	struct statfs sfs;
	struct stat st;
	char buf[32];
	const char *fs;
	int empty;

	if (stat(dir, &st) != 0) {
		int err = errno;

		if (err == ENOENT)
			FPK_LOG(ERR, EAL, "--huge-dir %s does not exist: create it and mount "
				"hugetlbfs there ('mkdir -p %s && mount -t hugetlbfs nodev %s', "
				"or usertools/fpk-hugepages --mount %s), or leave out --huge-dir "
				"to use memfd\n", dir, dir, dir, dir);
		else if (err == ENOTDIR)
			FPK_LOG(ERR, EAL, "--huge-dir %s: a part of the path is not a "
				"directory: give the directory hugetlbfs is mounted on (e.g. "
				"/dev/hugepages), or leave out --huge-dir to use memfd\n", dir);
		else
			FPK_LOG(ERR, EAL, "--huge-dir %s: %s: give a hugetlbfs mount point "
				"this process can use, or leave out --huge-dir to use memfd\n",
				dir, strerror(err));
		return -err;
	}
	if (!S_ISDIR(st.st_mode)) {
		FPK_LOG(ERR, EAL, "--huge-dir %s is not a directory: give the directory "
			"hugetlbfs is mounted on (e.g. /dev/hugepages; 'usertools/fpk-hugepages "
			"--mount' mounts one there), or leave out --huge-dir to use memfd\n", dir);
		return -ENOTDIR;
	}
	if (statfs(dir, &sfs) != 0) {
		int err = errno;

		FPK_LOG(ERR, EAL, "--huge-dir %s: statfs: %s: give a hugetlbfs mount point, "
			"or leave out --huge-dir to use memfd\n", dir, strerror(err));
		return -err;
	}
	if ((unsigned long)sfs.f_type == HUGETLBFS_MAGIC) {
		*page_sz = (size_t)sfs.f_bsize;
		return 0;
	}
	fs = fs_name((unsigned long)sfs.f_type, buf, sizeof(buf));
	empty = is_empty_dir(dir);
	if (is_mount_point(dir, &st))
		FPK_LOG(ERR, EAL, "--huge-dir %s is not a hugetlbfs mount: a %s filesystem "
			"is mounted there, which mounting hugetlbfs over would hide: give a "
			"hugetlbfs mount point ('usertools/fpk-hugepages --mount' mounts one "
			"on /dev/hugepages), or leave out --huge-dir to use memfd\n", dir, fs);
	else if (empty != 1)
		FPK_LOG(ERR, EAL, "--huge-dir %s is not a hugetlbfs mount but a directory on "
			"%s that %s, which a mount there would hide: mount hugetlbfs on an "
			"empty directory ('usertools/fpk-hugepages --mount' mounts one on "
			"/dev/hugepages) and give that, or leave out --huge-dir to use memfd\n",
			dir, fs, empty == 0 ? "holds files" : "cannot be listed");
	else
		FPK_LOG(ERR, EAL, "--huge-dir %s is not a hugetlbfs mount (an empty directory "
			"on %s): mount hugetlbfs there ('mount -t hugetlbfs nodev %s', or "
			"usertools/fpk-hugepages --mount %s), or leave out --huge-dir to use "
			"memfd\n", dir, fs, dir, dir);
	return -ENOTSUP;
}
