/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One device through VFIO, whichever path opened it: device and region
 * info, BAR mappings (mmap where the kernel allows it, pread/pwrite for the
 * rest: I/O ports), configuration space (region 7) and the capability
 * walk, bus mastering, reset, and the orderly close.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>

#include "pci_private.h"
#include "pci_vfio_uapi.h"

#define PCI_STATUS          0x06
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_COMMAND         0x04
#define PCI_COMMAND_MASTER  0x04
#define PCI_CAPABILITY_LIST 0x34
#define PCI_BASE_ADDRESS_0  0x10
#define PCI_CFG_SPACE_SIZE  0x100
/* Bounds on capability chains, so a looping list cannot hang the walk. */
#define PCI_CAP_MAX_HOPS    48
#define PCI_EXT_CAP_MAX_HOPS ((4096 - PCI_CFG_SPACE_SIZE) / 8)

static int
cfg_access(const struct fpk_pci_device *dev, void *buf, size_t len, unsigned int off,
	   bool write)
{
	const struct pci_dev *d = pci_dev_of(dev);
	const struct pci_region *r = &d->reg[PCI_CONFIG_REGION];
	ssize_t n;

	if (!d->open)
		return -ENODEV;
	if (len == 0 || off >= r->size || len > r->size - off)
		return -EINVAL;
	n = write ? pci_env.sys->pwrite(d->fd, buf, len, (off_t)(r->offset + off)) :
		    pci_env.sys->pread(d->fd, buf, len, (off_t)(r->offset + off));
	if (n < 0)
		return -errno;
	return (size_t)n == len ? (int)len : -EIO;
}

int
fpk_pci_config_read(const struct fpk_pci_device *dev, void *buf, size_t len, unsigned int off)
{
	return dev && buf ? cfg_access(dev, buf, len, off, false) : -EINVAL;
}

int
fpk_pci_config_write(const struct fpk_pci_device *dev, const void *buf, size_t len,
		     unsigned int off)
{
	return dev && buf ? cfg_access(dev, (void *)(uintptr_t)buf, len, off, true) : -EINVAL;
}

static int
cfg_read16(const struct fpk_pci_device *dev, unsigned int off, uint16_t *v)
{
	int ret = fpk_pci_config_read(dev, v, 2, off);

	*v = FPK_PCI_LE16(*v);
	return ret < 0 ? ret : 0;
}

static int
cfg_read32(const struct fpk_pci_device *dev, unsigned int off, uint32_t *v)
{
	int ret = fpk_pci_config_read(dev, v, 4, off);

	*v = FPK_PCI_LE32(*v);
	return ret < 0 ? ret : 0;
}

int
fpk_pci_find_next_capability(const struct fpk_pci_device *dev, uint8_t cap, int pos)
{
	uint16_t hdr;
	uint8_t next;
	int ret;

	if (dev == NULL || pos < 0 || pos > 0xff)
		return -EINVAL;
	if (pos == 0) {
		ret = cfg_read16(dev, PCI_STATUS, &hdr);
		if (ret || !(hdr & PCI_STATUS_CAP_LIST))
			return ret;
		ret = fpk_pci_config_read(dev, &next, 1, PCI_CAPABILITY_LIST);
	} else {
		ret = fpk_pci_config_read(dev, &next, 1, (unsigned int)pos + 1);
	}
	if (ret < 0)
		return ret;
	for (int hops = 0; hops < PCI_CAP_MAX_HOPS; hops++) {
		next &= 0xfc;
		if (next < 0x40)
			return 0;
		/* Low byte: capability id; high byte: next pointer. */
		ret = cfg_read16(dev, next, &hdr);
		if (ret)
			return ret;
		if ((hdr & 0xff) == cap)
			return next;
		next = (uint8_t)(hdr >> 8);
	}
	return 0;
}

int
fpk_pci_find_capability(const struct fpk_pci_device *dev, uint8_t cap)
{
	return fpk_pci_find_next_capability(dev, cap, 0);
}

int
fpk_pci_find_ext_capability(const struct fpk_pci_device *dev, uint16_t cap)
{
	unsigned int pos = PCI_CFG_SPACE_SIZE;
	uint32_t hdr;
	int ret;

	if (dev == NULL)
		return -EINVAL;
	if (pci_dev_of(dev)->reg[PCI_CONFIG_REGION].size <= PCI_CFG_SPACE_SIZE)
		return 0;
	for (int hops = 0; hops < PCI_EXT_CAP_MAX_HOPS; hops++) {
		ret = cfg_read32(dev, pos, &hdr);
		if (ret)
			return ret;
		/* Bits 0-15: id; 20-31: next offset. All ones: nothing there. */
		if (hdr == 0 || hdr == UINT32_MAX)
			return 0;
		if ((hdr & 0xffff) == cap)
			return (int)pos;
		pos = hdr >> 20;
		if (pos < PCI_CFG_SPACE_SIZE)
			return 0;
	}
	return 0;
}

int
fpk_pci_set_bus_master(const struct fpk_pci_device *dev, bool enable)
{
	uint16_t cmd, want;
	int ret;

	if (dev == NULL)
		return -EINVAL;
	ret = cfg_read16(dev, PCI_COMMAND, &cmd);
	if (ret)
		return ret;
	want = enable ? (uint16_t)(cmd | PCI_COMMAND_MASTER) :
		        (uint16_t)(cmd & ~PCI_COMMAND_MASTER);
	if (want == cmd)
		return 0;
	want = FPK_PCI_LE16(want);
	ret = fpk_pci_config_write(dev, &want, 2, PCI_COMMAND);
	return ret < 0 ? ret : 0;
}

int
fpk_pci_reset(const struct fpk_pci_device *dev)
{
	const struct pci_dev *d;

	if (dev == NULL)
		return -EINVAL;
	d = pci_dev_of(dev);
	if (!d->open)
		return -ENODEV;
	if (!d->can_reset)
		return -ENOTSUP;
	return pci_env.sys->ioctl(d->fd, VFIO_DEVICE_RESET, NULL) ? -errno : 0;
}

/* A BAR access the slow way is valid only inside an implemented BAR. */
static bool
pio_ok(const struct pci_dev *d, unsigned int bar, uint32_t off, unsigned int size)
{
	if (d->open && bar < FPK_PCI_MAX_BARS && (size == 1 || size == 2 || size == 4) &&
	    d->reg[bar].size >= size && off <= d->reg[bar].size - size)
		return true;
	PCI_LOG(ERR, "%s: invalid access to BAR%u (offset 0x%x, %u bytes)%s\n", d->pub.name,
		bar, off, size, d->open ? "" : ": device not open");
	return false;
}

uint32_t
fpk_pci_bar_pio_read(const struct fpk_pci_device *dev, unsigned int bar, uint32_t off,
		     unsigned int size)
{
	const struct pci_dev *d = pci_dev_of(dev);
	uint8_t b[4] = { 0 };

	if (!pio_ok(d, bar, off, size))
		return UINT32_MAX;
	if (pci_env.sys->pread(d->fd, b, size, (off_t)(d->reg[bar].offset + off)) !=
	    (ssize_t)size) {
		PCI_LOG(ERR, "%s: read of BAR%u at 0x%x failed: %s\n", d->pub.name, bar, off,
			strerror(errno));
		return UINT32_MAX;
	}
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

void
fpk_pci_bar_pio_write(const struct fpk_pci_device *dev, unsigned int bar, uint32_t off,
		      unsigned int size, uint32_t val)
{
	const struct pci_dev *d = pci_dev_of(dev);
	uint8_t b[4] = { (uint8_t)val, (uint8_t)(val >> 8), (uint8_t)(val >> 16),
			 (uint8_t)(val >> 24) };

	if (!pio_ok(d, bar, off, size))
		return;
	if (pci_env.sys->pwrite(d->fd, b, size, (off_t)(d->reg[bar].offset + off)) !=
	    (ssize_t)size)
		PCI_LOG(ERR, "%s: write of BAR%u at 0x%x failed: %s\n", d->pub.name, bar, off,
			strerror(errno));
}

/* Region and irq info of the freshly opened device fd. */
static int
read_info(struct pci_dev *d)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };

	if (pci_env.sys->ioctl(d->fd, VFIO_DEVICE_GET_INFO, &info)) {
		int err = errno;

		PCI_LOG(ERR, "%s: VFIO_DEVICE_GET_INFO: %s (see dmesg)\n", d->pub.name,
			strerror(err));
		return -err;
	}
	if (!(info.flags & VFIO_DEVICE_FLAGS_PCI) || info.num_regions < PCI_NUM_REGIONS) {
		PCI_LOG(ERR, "%s: VFIO does not present it as a PCI device (flags 0x%x, %u "
			"regions)\n", d->pub.name, info.flags, info.num_regions);
		return -ENODEV;
	}
	d->can_reset = info.flags & VFIO_DEVICE_FLAGS_RESET;
	for (unsigned int i = 0; i < PCI_NUM_REGIONS; i++) {
		struct vfio_region_info ri = { .argsz = sizeof(ri), .index = i };

		if (pci_env.sys->ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &ri)) {
			int err = errno;

			PCI_LOG(ERR, "%s: VFIO_DEVICE_GET_REGION_INFO(%u): %s (see dmesg)\n",
				d->pub.name, i, strerror(err));
			return -err;
		}
		d->reg[i].offset = ri.offset;
		d->reg[i].size = ri.size;
		d->reg[i].flags = ri.flags;
	}
	for (unsigned int i = 0; i < PCI_NUM_IRQ_INDEX && i < info.num_irqs; i++) {
		struct vfio_irq_info ii = { .argsz = sizeof(ii), .index = i };

		if (pci_env.sys->ioctl(d->fd, VFIO_DEVICE_GET_IRQ_INFO, &ii) == 0)
			d->irq_count[i] = ii.count;
	}
	return 0;
}

static void
map_bars(struct pci_dev *d)
{
	for (unsigned int i = 0; i < FPK_PCI_MAX_BARS; i++) {
		const struct pci_region *r = &d->reg[i];
		struct fpk_pci_bar *b = &d->pub.bar[i];
		uint32_t reg;
		void *addr;

		memset(b, 0, sizeof(*b));
		if (r->size == 0 || cfg_read32(&d->pub, PCI_BASE_ADDRESS_0 + 4 * i, &reg))
			continue;
		b->len = r->size;
		if (reg & 0x1) {
			b->flags = FPK_PCI_BAR_IO;
			continue;
		}
		b->flags = ((reg & 0x6) == 0x4 ? FPK_PCI_BAR_64 : 0) |
			   (reg & 0x8 ? FPK_PCI_BAR_PREFETCH : 0);
		if (!(r->flags & VFIO_REGION_INFO_FLAG_MMAP))
			continue;
		addr = pci_env.sys->mmap(r->size, PROT_READ | PROT_WRITE, d->fd, (off_t)r->offset);
		if (addr == MAP_FAILED) {
			/* E.g. the MSI-X table lives in it: the kernel still does pread/pwrite. */
			PCI_LOG(DEBUG, "%s: BAR%u not mmap'able (%s): reached through the kernel\n",
				d->pub.name, i, strerror(errno));
			continue;
		}
		b->addr = addr;
		b->flags |= FPK_PCI_BAR_MAPPED;
	}
}

int
pci_vfio_open(struct pci_dev *d)
{
	int ret;

	ret = pci_vfio_ctx_attach(d);
	if (ret)
		return ret;
	d->open = true;
	ret = read_info(d);
	if (ret == 0) {
		map_bars(d);
		ret = fpk_pci_set_bus_master(&d->pub, true);
		if (ret)
			PCI_LOG(ERR, "%s: cannot enable bus mastering: %s\n", d->pub.name,
				strerror(-ret));
	}
	if (ret) {
		pci_vfio_close(d);
		return ret;
	}
	for (unsigned int i = 0; i < FPK_PCI_MAX_BARS; i++)
		if (d->pub.bar[i].len)
			PCI_LOG(DEBUG, "%s: BAR%u %" PRIu64 " bytes %s\n", d->pub.name, i,
				d->pub.bar[i].len,
				d->pub.bar[i].flags & FPK_PCI_BAR_MAPPED ? "mmap'ed" :
				d->pub.bar[i].flags & FPK_PCI_BAR_IO ? "I/O ports" : "not mapped");
	return 0;
}

void
pci_vfio_close(struct pci_dev *d)
{
	if (!d->open)
		return;
	/* DMA stops first; the driver's remove already stopped the queues. */
	fpk_pci_set_bus_master(&d->pub, false);
	fpk_pci_intr_disable(&d->pub);
	if (d->can_reset && pci_env.sys->ioctl(d->fd, VFIO_DEVICE_RESET, NULL))
		PCI_LOG(DEBUG, "%s: VFIO_DEVICE_RESET: %s\n", d->pub.name, strerror(errno));
	for (unsigned int i = 0; i < FPK_PCI_MAX_BARS; i++) {
		struct fpk_pci_bar *b = &d->pub.bar[i];

		if (b->addr)
			pci_env.sys->munmap(b->addr, b->len);
		memset(b, 0, sizeof(*b));
	}
	d->open = false;
	pci_vfio_ctx_detach(d);
	memset(d->reg, 0, sizeof(d->reg));
	memset(d->irq_count, 0, sizeof(d->irq_count));
	d->can_reset = false;
	d->path = PCI_PATH_NONE;
}
