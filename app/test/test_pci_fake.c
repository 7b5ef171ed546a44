/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fake PCI world of the PCI bus tests (see test_pci_fake.h): a sysfs
 * and /dev tree in a temporary directory, and a fake kernel answering the
 * bus's system calls. Device fds of the fake are numbers from FD_BASE up;
 * region N of a device lives at offset N << 40, as in vfio-pci.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fpk_eal.h>

#include "pci_vfio_uapi.h"
#include "test.h"
#include "test_pci_fake.h"

#define FD_BASE 1000
#define MAX_FDS 64
#define REGION_SHIFT 40
#define BAR0_SIZE 0x20000

struct fake_kernel fk;

enum kind { K_FREE, K_IOMMU, K_CDEV, K_CONTAINER, K_GROUP, K_GDEV };
static const char *const kind_name[] = { "?", "iommufd", "cdev", "container", "group",
					 "device" };
static struct {
	enum kind kind;
	int dev;
} fds[MAX_FDS];

static char root[64];
static char *bus_log;
static size_t bus_log_len;
static FILE *bus_log_f;

void
fake_event(const char *fmt, ...)
{
	size_t n = strlen(fk.log);
	va_list ap;

	if (n + 2 >= sizeof(fk.log))
		return;
	va_start(ap, fmt);
	vsnprintf(fk.log + n, sizeof(fk.log) - n - 1, fmt, ap);
	va_end(ap);
	strcat(fk.log, "\n");
}

bool
fake_in_order(const char *const *events, unsigned int n)
{
	const char *p = fk.log;

	for (unsigned int i = 0; i < n; i++) {
		const char *hit = strstr(p, events[i]);

		if (hit == NULL) {
			printf("  event '%s' missing (or out of order) in:\n%s", events[i], fk.log);
			return false;
		}
		p = strchr(hit, '\n') ? strchr(hit, '\n') + 1 : hit + strlen(hit);
	}
	return true;
}

bool
fake_logged(const char *s)
{
	fflush(bus_log_f);
	return bus_log && strstr(bus_log, s) != NULL;
}

struct fake_dev *
fake_dev(const char *name)
{
	for (int i = 0; i < FAKE_MAX_DEVS; i++)
		if (fk.dev[i].used && strcmp(fk.dev[i].name, name) == 0)
			return &fk.dev[i];
	return NULL;
}

struct fake_hwpt *
fake_hwpt(uint32_t id)
{
	for (int i = 0; i < FAKE_MAX_HWPTS && id; i++)
		if (fk.hwpt[i].id == id)
			return &fk.hwpt[i];
	return NULL;
}

unsigned int
fake_hwpt_count(void)
{
	unsigned int n = 0;

	for (int i = 0; i < FAKE_MAX_HWPTS; i++)
		n += fk.hwpt[i].id != 0;
	return n;
}

/* ------------------------------------------------------------ the tree */

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void
mkdirs(const char *path)
{
	char buf[PATH_MAX];

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return;
	for (char *p = buf + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0755);
			*p = '/';
		}
	}
	mkdir(buf, 0755);
}

static void
tree_file(const char *rel, const char *text)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s%s", root, rel);
	write_file(path, text);
}

/* Standard capabilities 0x40..0xa0 and two extended ones, for the walks. */
static void
fill_config(struct fake_dev *fd, const struct fake_dev_spec *s)
{
	static const uint8_t caps[][3] = { /* offset, id, next */
		{ 0x40, 0x01, 0x50 }, { 0x50, 0x05, 0x60 }, { 0x60, 0x09, 0x70 },
		{ 0x70, 0x10, 0x80 }, { 0x80, 0x09, 0xa0 }, { 0xa0, 0x11, 0x00 },
	};
	uint8_t *c = fd->cfg;
	uint32_t aer = 0x0001 | 1u << 16 | 0x140u << 20, dsn = 0x0003 | 1u << 16;

	fd->cfg_size = sizeof(fd->cfg);
	c[0] = (uint8_t)s->vendor;
	c[1] = (uint8_t)(s->vendor >> 8);
	c[2] = (uint8_t)s->device;
	c[3] = (uint8_t)(s->device >> 8);
	c[4] = 0x03;                 /* command: I/O + memory decode, no bus master */
	c[6] = 0x10;                 /* status: capability list */
	c[0x09] = (uint8_t)s->class_id;
	c[0x0a] = (uint8_t)(s->class_id >> 8);
	c[0x0b] = (uint8_t)(s->class_id >> 16);
	c[0x10] = 0x00;              /* BAR0: 32-bit memory */
	c[0x18] = 0x01;              /* BAR2: I/O ports */
	c[0x34] = 0x40;
	for (unsigned int i = 0; i < FPK_DIM(caps); i++) {
		c[caps[i][0]] = caps[i][1];
		c[caps[i][0] + 1] = caps[i][2];
	}
	memcpy(c + 0x100, &aer, 4);
	memcpy(c + 0x140, &dsn, 4);
}

void
fake_add_dev(const struct fake_dev_spec *s)
{
	char dir[PATH_MAX], path[PATH_MAX + 80], val[32];
	struct fake_dev *fd = NULL;

	for (int i = 0; i < FAKE_MAX_DEVS && fd == NULL; i++)
		if (!fk.dev[i].used)
			fd = &fk.dev[i];
	if (fd == NULL)
		return;
	fd->used = true;
	snprintf(fd->name, sizeof(fd->name), "%s", s->name);
	snprintf(fd->cdev, sizeof(fd->cdev), "%s", s->cdev ? s->cdev : "");
	fd->noiommu = strncmp(fd->cdev, "noiommu-", 8) == 0;
	fd->group = s->group;
	fd->can_reset = !s->no_reset;
	fd->irq_index = -1;
	fill_config(fd, s);

	snprintf(dir, sizeof(dir), "%s/sys/bus/pci/devices/%s", root, s->name);
	mkdirs(dir);
#define ATTR(nm, fmt, v) do { snprintf(path, sizeof(path), "%s/" nm, dir); \
		snprintf(val, sizeof(val), fmt "\n", v); write_file(path, val); } while (0)
	ATTR("vendor", "0x%04x", s->vendor);
	ATTR("device", "0x%04x", s->device);
	ATTR("subsystem_vendor", "0x%04x", s->vendor);
	ATTR("subsystem_device", "0x%04x", 0x0001);
	ATTR("class", "0x%06x", s->class_id);
	ATTR("numa_node", "%d", -1);
	ATTR("driver_override", "%s", s->override ? s->override : "(null)");
#undef ATTR
	if (s->driver) {
		snprintf(path, sizeof(path), "%s/driver", dir);
		snprintf(val, sizeof(val), "../../../%s", s->driver);
		if (symlink(val, path))
			printf("  cannot create %s: %s\n", path, strerror(errno));
	}
	if (s->group >= 0) {
		snprintf(path, sizeof(path), "%s/iommu_group", dir);
		snprintf(val, sizeof(val), "../../../%d", s->group);
		if (symlink(val, path))
			printf("  cannot create %s: %s\n", path, strerror(errno));
		snprintf(path, sizeof(path), "%s/dev/vfio/%s%d", root,
			 s->noiommu_group ? "noiommu-" : "", s->group);
		write_file(path, "");
	}
	if (s->cdev) {
		snprintf(path, sizeof(path), "%s/vfio-dev/%s", dir, s->cdev);
		mkdirs(path);
		if (s->cdev_no_node)
			return;
		snprintf(path, sizeof(path), "%s/vfio-dev/%s/dev", dir, s->cdev);
		write_file(path, "511:0\n");
		snprintf(path, sizeof(path), "%s/dev/vfio/devices/%s", root, s->cdev);
		write_file(path, "");
	}
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
fake_setup(const char *noiommu)
{
	char path[PATH_MAX];

	if (pci_open_count() > 0)
		return fpk_test_skip("PCI devices are open in this process; the fake-sysfs "
				     "tests would disturb them");
	pci_cleanup();
	memset(&fk, 0, sizeof(fk));
	memset(fds, 0, sizeof(fds));
	snprintf(root, sizeof(root), "/tmp/fpk-pci-test.XXXXXX");
	if (mkdtemp(root) == NULL)
		return fpk_test_skip("cannot create a temporary directory: %s", strerror(errno));
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices", root);
	mkdirs(path);
	snprintf(path, sizeof(path), "%s/dev/vfio/devices", root);
	mkdirs(path);
	tree_file("/dev/iommu", "");
	tree_file("/dev/vfio/vfio", "");
	if (noiommu) {
		snprintf(path, sizeof(path), "%s/sys/module/vfio/parameters", root);
		mkdirs(path);
		tree_file("/sys/module/vfio/parameters/enable_unsafe_noiommu_mode", noiommu);
	}
	pci_env_set(root, &fake_sys_ops);
	pci_env.no_pci = false;
	pci_env.vfio_mode = PCI_VFIO_MODE_AUTO;
	pci_env.iova_mode = FPK_IOVA_DC;
	pci_env.huge = true;
	fake_drv_probe_ret = 0;
	bus_log_f = open_memstream(&bus_log, &bus_log_len);
	fpk_log_set_stream(bus_log_f);
	return TEST_SUCCESS;
}

void
fake_teardown(void)
{
	pci_cleanup();
	fpk_log_set_stream(NULL);
	if (bus_log_f) {
		fclose(bus_log_f);
		/* Show what the bus said: the messages are part of what is tested. */
		for (char *l = bus_log; l && *l;) {
			char *e = strchr(l, '\n');

			printf("  log| %.*s\n", e ? (int)(e - l) : (int)strlen(l), l);
			l = e ? e + 1 : l + strlen(l);
		}
		free(bus_log);
		bus_log = NULL;
		bus_log_f = NULL;
	}
	fpk_pci_unregister_driver(&fake_drv);
	nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	pci_env_set(NULL, NULL);
	pci_env_from_eal();
	pci_scan(); /* the real devices again, as fpk_eal_init() left them */
}

/* ------------------------------------------------------------- fake fds */

static int
new_fd(enum kind kind, int dev)
{
	for (int i = 0; i < MAX_FDS; i++) {
		if (fds[i].kind == K_FREE) {
			fds[i].kind = kind;
			fds[i].dev = dev;
			fk.open_fds++;
			return FD_BASE + i;
		}
	}
	errno = EMFILE;
	return -1;
}

static int
slot_of(int fd)
{
	int i = fd - FD_BASE;

	return i >= 0 && i < MAX_FDS && fds[i].kind != K_FREE ? i : -1;
}

static const char *
dev_name(int slot)
{
	return fds[slot].dev >= 0 ? fk.dev[fds[slot].dev].name : "";
}

static int
fail(int err)
{
	errno = err;
	return -1;
}

static int
fake_open(const char *path, int flags)
{
	const char *p = path + strlen(root);
	size_t plen = strlen(path), flen = strlen(fk.fail_open);
	int dev = -1;
	enum kind kind;

	(void)flags;
	if (flen && plen >= flen && strcmp(path + plen - flen, fk.fail_open) == 0) {
		fake_event("open-fail %s", p);
		return fail(fk.fail_open_errno);
	}
	if (access(path, F_OK))
		return fail(ENOENT);
	if (strcmp(p, "/dev/iommu") == 0) {
		kind = K_IOMMU;
	} else if (strcmp(p, "/dev/vfio/vfio") == 0) {
		kind = K_CONTAINER;
	} else if (strncmp(p, "/dev/vfio/devices/", 18) == 0) {
		kind = K_CDEV;
		for (int i = 0; i < FAKE_MAX_DEVS; i++)
			if (fk.dev[i].used && strcmp(fk.dev[i].cdev, p + 18) == 0)
				dev = i;
	} else if (strncmp(p, "/dev/vfio/", 10) == 0) {
		const char *n = p + 10;
		int group;

		kind = K_GROUP;
		if (strncmp(n, "noiommu-", 8) == 0)
			n += 8;
		group = atoi(n);
		for (int i = 0; i < FAKE_MAX_DEVS; i++)
			if (fk.dev[i].used && fk.dev[i].group == group)
				dev = i;
	} else {
		return fail(ENOENT);
	}
	if (kind == K_CDEV || kind == K_GROUP) {
		if (dev < 0)
			return fail(ENODEV);
	}
	fake_event("open %s %s", kind_name[kind], dev >= 0 ? fk.dev[dev].name : "");
	return new_fd(kind, dev);
}

/* @d leaves its HWPT; an automatic one goes with its last device. */
static void
hwpt_leave(struct fake_dev *d)
{
	struct fake_hwpt *h = fake_hwpt(d->hwpt);

	if (h && --h->users == 0 && h->autod) {
		fake_event("destroy auto hwpt %u", h->id);
		h->id = 0;
	}
	d->hwpt = 0;
	d->attached = false;
}

static struct fake_hwpt *
hwpt_new(bool noiommu, bool autod, uint32_t alloc_dev)
{
	for (int i = 0; i < FAKE_MAX_HWPTS; i++) {
		struct fake_hwpt *h = &fk.hwpt[i];

		if (h->id == 0) {
			if (fk.next_hwpt_id < FAKE_HWPT_BASE)
				fk.next_hwpt_id = FAKE_HWPT_BASE;
			*h = (struct fake_hwpt){ .id = fk.next_hwpt_id++, .noiommu = noiommu,
						 .autod = autod, .alloc_dev = alloc_dev };
			return h;
		}
	}
	return NULL;
}

static int
fake_close(int fd)
{
	int s = slot_of(fd);

	if (s < 0)
		return fail(EBADF);
	if (fds[s].kind == K_CDEV && fds[s].dev >= 0) {
		/* Closing a cdev unbinds it (and detaches it), as the kernel does. */
		fk.dev[fds[s].dev].bound = false;
		if (fk.dev[fds[s].dev].attached)
			hwpt_leave(&fk.dev[fds[s].dev]);
	}
	fake_event("close %s %s", kind_name[fds[s].kind], dev_name(s));
	fds[s].kind = K_FREE;
	fk.open_fds--;
	return 0;
}

static bool
any_attached(void)
{
	for (int i = 0; i < FAKE_MAX_DEVS; i++)
		if (fk.dev[i].used && fk.dev[i].attached)
			return true;
	return false;
}

static bool
bus_master_on(const struct fake_dev *d)
{
	return d->cfg[4] & 0x4;
}

/* Could an attached device still DMA into what is being unmapped? */
static bool
attached_bus_master_on(void)
{
	for (int i = 0; i < FAKE_MAX_DEVS; i++)
		if (fk.dev[i].used && fk.dev[i].attached && bus_master_on(&fk.dev[i]))
			return true;
	return false;
}

/* GET_PA answers for an IOAS whose page tables are all software-only ones. */
/*
 * GET_PA answers from the domain that stores the IOAS's pages: the first
 * HWPT created in it, while it exists (ids only grow). It must be software.
 */
static bool
storage_noiommu(void)
{
	const struct fake_hwpt *first = NULL;

	for (int i = 0; i < FAKE_MAX_HWPTS; i++)
		if (fk.hwpt[i].id && (first == NULL || fk.hwpt[i].id < first->id))
			first = &fk.hwpt[i];
	return first != NULL && first->noiommu;
}

/* The bound device with devid @id (the fake's devids are slot + 1). */
static struct fake_dev *
dev_by_id(uint32_t id)
{
	if (id == 0 || id > FAKE_MAX_DEVS || !fk.dev[id - 1].used || !fk.dev[id - 1].bound)
		return NULL;
	return &fk.dev[id - 1];
}

static struct fake_map *
map_at(uint64_t iova)
{
	for (unsigned int i = 0; i < fk.nmaps; i++)
		if (iova >= fk.maps[i].iova && iova - fk.maps[i].iova < fk.maps[i].len)
			return &fk.maps[i];
	return NULL;
}

static int
iommu_ioctl(unsigned long req, void *arg)
{
	switch (req) {
	case FPK_IOMMU_IOAS_ALLOC: {
		struct fpk_iommu_ioas_alloc *a = arg;

		if (a->size != sizeof(*a) || a->flags)
			return fail(EINVAL);
		fk.ioas_id = a->out_ioas_id = 7;
		fake_event("ioas-alloc");
		return 0;
	}
	case FPK_IOMMU_IOAS_MAP: {
		struct fpk_iommu_ioas_map *m = arg;
		uint32_t need = FPK_IOMMU_IOAS_MAP_FIXED_IOVA | FPK_IOMMU_IOAS_MAP_READABLE |
				FPK_IOMMU_IOAS_MAP_WRITEABLE;

		/* The kernel's checks, in its order; any read/write combination is
		 * valid. FIXED_IOVA is the fake's own requirement. */
		if ((m->flags & ~need) || m->reserved)
			return fail(EOPNOTSUPP);
		if (!(m->flags & (FPK_IOMMU_IOAS_MAP_READABLE | FPK_IOMMU_IOAS_MAP_WRITEABLE)))
			return fail(EINVAL);
		if (m->size != sizeof(*m) || m->ioas_id != fk.ioas_id || !fk.ioas_id)
			return fail(ENOENT);
		if (!(m->flags & FPK_IOMMU_IOAS_MAP_FIXED_IOVA) || m->length == 0 ||
		    (m->iova | m->length | m->user_va) % 4096 || fk.nmaps == FAKE_MAX_MAPS)
			return fail(EINVAL);
		for (unsigned int i = 0; i < fk.nmaps; i++)
			if (m->iova < fk.maps[i].iova + fk.maps[i].len &&
			    fk.maps[i].iova < m->iova + m->length)
				return fail(EEXIST);
		fk.maps[fk.nmaps].iova = m->iova;
		fk.maps[fk.nmaps].len = m->length;
		fk.maps[fk.nmaps].flags = m->flags;
		fk.nmaps++;
		fake_event("map 0x%llx+0x%llx flags 0x%x", (unsigned long long)m->iova,
			   (unsigned long long)m->length, m->flags);
		return 0;
	}
	case FPK_IOMMU_IOAS_UNMAP: {
		struct fpk_iommu_ioas_unmap *u = arg;

		if (u->size != sizeof(*u) || u->ioas_id != fk.ioas_id)
			return fail(ENOENT);
		for (unsigned int i = 0; i < fk.nmaps; i++) {
			if (fk.maps[i].iova == u->iova && fk.maps[i].len == u->length) {
				if (attached_bus_master_on()) {
					fk.bm_on_at_unmap++;
					fake_event("HAZARD unmap while a device can DMA");
				}
				fk.maps[i] = fk.maps[--fk.nmaps];
				fake_event("unmap 0x%llx+0x%llx", (unsigned long long)u->iova,
					   (unsigned long long)u->length);
				return 0;
			}
		}
		return fail(ENOENT); /* partial areas are refused */
	}
	case FPK_IOMMU_HWPT_ALLOC: {
		struct fpk_iommu_hwpt_alloc *a = arg;
		struct fake_dev *d;
		struct fake_hwpt *h;

		if (fk.refuse_hwpt_alloc) {
			fake_event("hwpt-alloc refused");
			return fail(fk.refuse_hwpt_alloc);
		}
		if (a->size < 24 || a->reserved)
			return fail(a->size < 24 ? EINVAL : EOPNOTSUPP);
		if ((a->data_type == 0) != (a->data_len == 0))
			return fail(EINVAL);
		if ((d = dev_by_id(a->dev_id)) == NULL)
			return fail(ENOENT);
		if (a->pt_id != fk.ioas_id || !fk.ioas_id)
			return fail(EINVAL);
		/* Only the plain case: no flags, no driver data (as for noiommu). */
		if (a->flags || a->data_len)
			return fail(EOPNOTSUPP);
		if ((h = hwpt_new(d->noiommu, false, a->dev_id)) == NULL)
			return fail(ENOMEM);
		a->out_hwpt_id = h->id;
		fk.hwpt_allocs++;
		fake_event("hwpt-alloc %s hwpt %u dev %s", d->noiommu ? "noiommu" : "iommu",
			   h->id, d->name);
		return 0;
	}
	case FPK_IOMMU_DESTROY: {
		struct fpk_iommu_destroy *d = arg;
		struct fake_hwpt *h = fake_hwpt(d->id);

		if (d->size != sizeof(*d))
			return fail(EINVAL);
		if (h) {
			if (h->users)
				return fail(EBUSY);
			fake_event("destroy hwpt %u", h->id);
			h->id = 0;
			return 0;
		}
		if (d->id != fk.ioas_id || !fk.ioas_id)
			return fail(ENOENT);
		/* Every HWPT holds its IOAS. */
		if (any_attached() || fake_hwpt_count())
			return fail(EBUSY);
		fk.ioas_id = 0;
		fake_event("destroy ioas");
		return 0;
	}
	case FPK_IOMMU_IOAS_NOIOMMU_GET_PA: {
		struct fpk_iommu_ioas_noiommu_get_pa *g = arg;
		struct fake_map *m;

		fk.get_pa_calls++;
		if (g->flags || g->reserved)
			return fail(EOPNOTSUPP);
		if (g->length == 0 || g->size != sizeof(*g))
			return fail(EINVAL);
		if (g->iova >= UINT64_MAX)
			return fail(EOVERFLOW);
		if (g->ioas_id != fk.ioas_id || !fk.ioas_id || (m = map_at(g->iova)) == NULL)
			return fail(ENOENT);
		if (!storage_noiommu())
			return fail(EOPNOTSUPP);
		g->out_phys = FAKE_PA(g->iova);
		g->length = FPK_MIN(g->length, m->iova + m->len - g->iova);
		return 0;
	}
	default:
		return fail(ENOTTY);
	}
}

static int
region_info(struct fake_dev *fd, struct vfio_region_info *ri)
{
	if (ri->index > 8)
		return fail(EINVAL);
	ri->offset = (uint64_t)ri->index << REGION_SHIFT;
	ri->flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;
	ri->size = 0;
	if (ri->index == 0) {
		ri->size = BAR0_SIZE;
		ri->flags |= VFIO_REGION_INFO_FLAG_MMAP;
	} else if (ri->index == 2) {
		ri->size = sizeof(fd->io);
	} else if (ri->index == PCI_CONFIG_REGION) {
		ri->size = fd->cfg_size;
	}
	return 0;
}

static int
set_irqs(struct fake_dev *fd, struct vfio_irq_set *s)
{
	uint32_t data = s->flags & VFIO_IRQ_SET_DATA_TYPE_MASK;
	uint32_t action = s->flags & VFIO_IRQ_SET_ACTION_TYPE_MASK;

	if (s->index > 2)
		return fail(EINVAL);
	if (action == VFIO_IRQ_SET_ACTION_UNMASK && data == VFIO_IRQ_SET_DATA_NONE) {
		if (s->index != VFIO_PCI_INTX_IRQ_INDEX)
			return fail(EINVAL);
		fd->unmasks++;
		fake_event("unmask %s", fd->name);
		return 0;
	}
	if (action != VFIO_IRQ_SET_ACTION_TRIGGER)
		return fail(EINVAL);
	if (data == VFIO_IRQ_SET_DATA_NONE && s->count == 0) {
		fd->irq_index = -1;
		fd->irq_count = 0;
		fake_event("irqs-off %s", fd->name);
		return 0;
	}
	if (data != VFIO_IRQ_SET_DATA_EVENTFD || s->count == 0 || s->count > FAKE_MAX_IRQS ||
	    s->argsz < sizeof(*s) + s->count * sizeof(int))
		return fail(EINVAL);
	memcpy(fd->irq_fds, s->data, s->count * sizeof(int));
	fd->irq_index = (int)s->index;
	fd->irq_count = s->count;
	fake_event("irqs-on %s index %u count %u", fd->name, s->index, s->count);
	return 0;
}

static int
dev_ioctl(int slot, unsigned long req, void *arg)
{
	struct fake_dev *fd = &fk.dev[fds[slot].dev];
	bool cdev = fds[slot].kind == K_CDEV;

	switch (req) {
	case FPK_VFIO_DEVICE_BIND_IOMMUFD: {
		struct fpk_vfio_device_bind_iommufd *b = arg;
		int s = slot_of(b->iommufd);

		if (!cdev || b->argsz != sizeof(*b) || b->flags || b->iommufd < 0 || fd->bound)
			return fail(EINVAL);
		if (s < 0 || fds[s].kind != K_IOMMU)
			return fail(EBADF);
		fd->bound = true;
		b->out_devid = (uint32_t)fds[slot].dev + 1;
		fake_event("bind %s", fd->name);
		return 0;
	}
	case FPK_VFIO_DEVICE_ATTACH_IOMMUFD_PT: {
		struct fpk_vfio_device_attach_iommufd_pt *a = arg;
		struct fake_hwpt *h = NULL;
		bool autod = false;

		if (!cdev || !fd->bound || a->flags || fd->attached)
			return fail(EINVAL);
		if (fk.ioas_id && a->pt_id == fk.ioas_id) {
			/*
			 * Auto-attach reuses an automatic HWPT that fits: any
			 * for a noiommu device, a real one for a real device.
			 */
			autod = true;
			for (int i = 0; i < FAKE_MAX_HWPTS && h == NULL; i++)
				if (fk.hwpt[i].id && fk.hwpt[i].autod &&
				    (fd->noiommu || !fk.hwpt[i].noiommu))
					h = &fk.hwpt[i];
			if (h == NULL && (h = hwpt_new(fd->noiommu, true, 0)) == NULL)
				return fail(ENOMEM);
		} else if ((h = fake_hwpt(a->pt_id)) == NULL) {
			return fail(ENOENT);
		} else if (h->noiommu && !fd->noiommu) {
			/* iommufd_hwpt_fits_device(): the software HWPT is never a real one's */
			return fail(EINVAL);
		}
		h->users++;
		fd->attached = true;
		fd->hwpt = h->id;
		a->pt_id = h->id;
		fake_event("attach %s hwpt %u%s", fd->name, h->id, autod ? " (auto)" : "");
		return 0;
	}
	case FPK_VFIO_DEVICE_DETACH_IOMMUFD_PT:
		if (!cdev || !fd->attached)
			return fail(EINVAL);
		if (bus_master_on(fd)) {
			fk.bm_on_at_detach++;
			fake_event("HAZARD detach %s with bus master on", fd->name);
		}
		fake_event("detach %s hwpt %u", fd->name, fd->hwpt);
		hwpt_leave(fd);
		return 0;
	}
	/* Everything else needs a bound cdev (or a device fd from a group). */
	if (cdev && !fd->bound)
		return fail(EINVAL);
	switch (req) {
	case VFIO_DEVICE_GET_INFO: {
		struct vfio_device_info *i = arg;

		i->flags = VFIO_DEVICE_FLAGS_PCI | (fd->can_reset ? VFIO_DEVICE_FLAGS_RESET : 0);
		i->num_regions = 9;
		i->num_irqs = 5;
		return 0;
	}
	case VFIO_DEVICE_GET_REGION_INFO:
		return region_info(fd, arg);
	case VFIO_DEVICE_GET_IRQ_INFO: {
		struct vfio_irq_info *ii = arg;
		static const uint32_t count[] = { 1, 1, 4, 1, 1 };

		if (ii->index > 4)
			return fail(EINVAL);
		ii->count = count[ii->index];
		ii->flags = VFIO_IRQ_INFO_EVENTFD;
		return 0;
	}
	case VFIO_DEVICE_SET_IRQS:
		return set_irqs(fd, arg);
	case VFIO_DEVICE_RESET:
		if (!fd->can_reset)
			return fail(EINVAL);
		fd->resets++;
		fake_event("reset %s", fd->name);
		return 0;
	default:
		return fail(ENOTTY);
	}
}

static int
container_ioctl(unsigned long req, void *arg)
{
	switch (req) {
	case VFIO_GET_API_VERSION:
		return VFIO_API_VERSION;
	case VFIO_CHECK_EXTENSION:
		return (uintptr_t)arg == VFIO_NOIOMMU_IOMMU;
	case VFIO_SET_IOMMU:
		if ((uintptr_t)arg != VFIO_NOIOMMU_IOMMU || fk.iommu_set)
			return fail(EINVAL);
		fk.iommu_set = true;
		fake_event("set-iommu noiommu");
		return 0;
	default:
		return fail(ENOTTY);
	}
}

static int
group_ioctl(int slot, unsigned long req, void *arg)
{
	struct fake_dev *fd = &fk.dev[fds[slot].dev];

	switch (req) {
	case VFIO_GROUP_GET_STATUS:
		((struct vfio_group_status *)arg)->flags = VFIO_GROUP_FLAGS_VIABLE;
		return 0;
	case VFIO_GROUP_SET_CONTAINER: {
		int s = slot_of(*(int *)arg);

		if (s < 0 || fds[s].kind != K_CONTAINER)
			return fail(EBADF);
		fake_event("set-container %s", fd->name);
		return 0;
	}
	case VFIO_GROUP_UNSET_CONTAINER:
		fake_event("unset-container %s", fd->name);
		return 0;
	case VFIO_GROUP_GET_DEVICE_FD:
		if (strcmp(arg, fd->name) || !fk.iommu_set)
			return fail(EINVAL);
		fake_event("get-device-fd %s", fd->name);
		return new_fd(K_GDEV, fds[slot].dev);
	default:
		return fail(ENOTTY);
	}
}

static int
fake_ioctl(int fd, unsigned long req, void *arg)
{
	int s = slot_of(fd);

	if (s < 0)
		return fail(EBADF);
	if (fk.fail_req && req == fk.fail_req) {
		fake_event("ioctl-fail 0x%lx", req);
		return fail(fk.fail_errno);
	}
	switch (fds[s].kind) {
	case K_IOMMU:
		return iommu_ioctl(req, arg);
	case K_CDEV:
	case K_GDEV:
		return dev_ioctl(s, req, arg);
	case K_CONTAINER:
		return container_ioctl(req, arg);
	case K_GROUP:
		return group_ioctl(s, req, arg);
	default:
		return fail(EBADF);
	}
}

static void *
fake_mmap(size_t len, int prot, int fd, off_t off)
{
	int s = slot_of(fd);

	if (s < 0 || (fds[s].kind != K_CDEV && fds[s].kind != K_GDEV) ||
	    (uint64_t)off >> REGION_SHIFT != 0 || len != BAR0_SIZE) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	fake_event("mmap %s BAR0", dev_name(s));
	return mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static int
fake_munmap(void *addr, size_t len)
{
	fake_event("munmap %zu", len);
	return munmap(addr, len);
}

static ssize_t
region_rw(int fd, void *buf, size_t len, off_t off, bool write)
{
	int s = slot_of(fd);
	uint64_t region = (uint64_t)off >> REGION_SHIFT;
	uint64_t at = (uint64_t)off & ((UINT64_C(1) << REGION_SHIFT) - 1);
	struct fake_dev *d;
	uint8_t *mem;
	size_t size;

	if (s < 0 || (fds[s].kind != K_CDEV && fds[s].kind != K_GDEV))
		return fail(EBADF);
	d = &fk.dev[fds[s].dev];
	if (region == PCI_CONFIG_REGION) {
		mem = d->cfg;
		size = d->cfg_size;
	} else if (region == 2) {
		mem = d->io;
		size = sizeof(d->io);
	} else {
		return fail(EINVAL);
	}
	if (at >= size || len > size - at)
		return fail(EINVAL);
	if (!write) {
		memcpy(buf, mem + at, len);
		return (ssize_t)len;
	}
	memcpy(mem + at, buf, len);
	if (region == PCI_CONFIG_REGION && at == 4)
		fake_event("bus-master %s %s", d->cfg[4] & 0x4 ? "on" : "off", d->name);
	return (ssize_t)len;
}

static ssize_t
fake_pread(int fd, void *buf, size_t len, off_t off)
{
	return region_rw(fd, buf, len, off, false);
}

static ssize_t
fake_pwrite(int fd, const void *buf, size_t len, off_t off)
{
	return region_rw(fd, (void *)(uintptr_t)buf, len, off, true);
}

const struct pci_sys_ops fake_sys_ops = {
	.open = fake_open,
	.close = fake_close,
	.ioctl = fake_ioctl,
	.mmap = fake_mmap,
	.munmap = fake_munmap,
	.pread = fake_pread,
	.pwrite = fake_pwrite,
};

/* ---------------------------------------------------------- test driver */

int fake_drv_probe_ret;

static int
fake_probe(struct fpk_pci_driver *drv, struct fpk_pci_device *dev)
{
	(void)drv;
	fake_event("probe %s", dev->name);
	return fake_drv_probe_ret;
}

static int
fake_remove(struct fpk_pci_device *dev)
{
	fake_event("remove %s (queues stopped)", dev->name);
	return 0;
}

static const struct fpk_pci_id fake_ids[] = {
	{ FPK_PCI_DEVICE(FAKE_VENDOR, FAKE_DEVICE) },
	{ .vendor_id = 0 },
};

struct fpk_pci_driver fake_drv = {
	.name = "test_fake_nic",
	.id_table = fake_ids,
	.drv_flags = FPK_PCI_DRV_NEED_MAPPING,
	.probe = fake_probe,
	.remove = fake_remove,
};
