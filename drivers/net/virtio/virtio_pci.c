/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio 1.x over PCI (virtio 1.1 4.1). Registers are reached with the
 * bus's BAR accessors, so a BAR the kernel would not map still works for
 * the slow path; the notification structure must be mmap'ed, since the
 * fast path writes doorbells directly.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "fpk_cycles.h"
#include "fpk_log.h"
#include "virtio_ethdev.h"
#include "virtio_pci.h"
#include "virtio_vq.h"

#define CR(hw, o) (hw)->common.bar, (hw)->common.off + (o)

/* Read one virtio_pci_cap (virtio 1.1 4.1.4) at config offset @pos. */
static int
read_cap(struct fpk_pci_device *pci, int pos, uint8_t *type, struct virtio_pci_region *r)
{
	uint8_t raw[16];
	int ret = fpk_pci_config_read(pci, raw, sizeof(raw), (unsigned int)pos);

	if (ret < 0)
		return ret;
	*type = raw[VIRTIO_PCI_CAP_CFG_TYPE];
	r->bar = raw[VIRTIO_PCI_CAP_BAR];
	memcpy(&r->off, raw + VIRTIO_PCI_CAP_OFFSET, 4);
	memcpy(&r->len, raw + VIRTIO_PCI_CAP_LENGTH, 4);
	return 0;
}

static int
check_region(struct fpk_pci_device *pci, const char *what, const struct virtio_pci_region *r,
	     uint32_t min_len)
{
	if (r->bar >= FPK_PCI_MAX_BARS || r->len < min_len ||
	    (uint64_t)r->off + r->len > pci->bar[r->bar].len) {
		VIRTIO_LOG(ERR, "%s: virtio %s structure (BAR%u offset 0x%x, %u bytes) is not "
			   "inside an implemented BAR: broken device, not driven\n", pci->name,
			   what, r->bar, r->off, r->len);
		return -EINVAL;
	}
	return 0;
}

int
virtio_pci_init(struct virtio_hw *hw, struct fpk_pci_device *pci)
{
	bool have_common = false, have_notify = false, have_device = false;
	int pos, ret;

	memset(hw, 0, sizeof(*hw));
	hw->pci = pci;
	/* Several vendor capabilities, one per structure; the first of each
	 * type is the preferred one (virtio 1.1 4.1.4.1). */
	for (pos = fpk_pci_find_capability(pci, VIRTIO_PCI_CAP_ID_VNDR); pos > 0;
	     pos = fpk_pci_find_next_capability(pci, VIRTIO_PCI_CAP_ID_VNDR, pos)) {
		struct virtio_pci_region r;
		uint8_t type;

		ret = read_cap(pci, pos, &type, &r);
		if (ret)
			return ret;
		if (type == VIRTIO_PCI_CAP_COMMON_CFG && !have_common) {
			hw->common = r;
			have_common = true;
		} else if (type == VIRTIO_PCI_CAP_NOTIFY_CFG && !have_notify) {
			ret = fpk_pci_config_read(pci, &hw->notify_mult, 4,
						  (unsigned int)pos + VIRTIO_PCI_NOTIFY_CAP_MULT);
			if (ret < 0)
				return ret;
			hw->notify = r;
			have_notify = true;
		} else if (type == VIRTIO_PCI_CAP_DEVICE_CFG && !have_device) {
			hw->device = r;
			have_device = true;
		}
	}
	if (pos < 0)
		return pos;
	if (!have_common && !have_notify && !have_device)
		return -ENODEV;
	if (!have_common || !have_notify || !have_device) {
		VIRTIO_LOG(ERR, "%s: virtio capabilities incomplete (common %d, notify %d, "
			   "device %d): not a usable virtio 1.x device\n", pci->name,
			   have_common, have_notify, have_device);
		return -EINVAL;
	}
	if (check_region(pci, "common configuration", &hw->common, VIRTIO_COMMON_LEN) ||
	    check_region(pci, "notification", &hw->notify, 2) ||
	    check_region(pci, "device configuration", &hw->device, 6))
		return -EINVAL;
	if (!(pci->bar[hw->notify.bar].flags & FPK_PCI_BAR_MAPPED)) {
		VIRTIO_LOG(ERR, "%s: BAR%u (virtio notifications) is not mmap'ed, so doorbells "
			   "would cost a system call each: check that vfio-pci allows mmap of "
			   "the BAR (the bus log says why it was not mapped)\n", pci->name,
			   hw->notify.bar);
		return -EINVAL;
	}
	return 0;
}

uint8_t
virtio_pci_get_status(struct virtio_hw *hw)
{
	return fpk_pci_read8(hw->pci, CR(hw, VIRTIO_COMMON_STATUS));
}

void
virtio_pci_add_status(struct virtio_hw *hw, uint8_t bits)
{
	uint8_t st = virtio_pci_get_status(hw);

	fpk_pci_write8(hw->pci, CR(hw, VIRTIO_COMMON_STATUS), (uint8_t)(st | bits));
}

int
virtio_pci_reset(struct virtio_hw *hw)
{
	fpk_pci_write8(hw->pci, CR(hw, VIRTIO_COMMON_STATUS), 0);
	/* The reset is complete, and DMA over, only once status reads 0. */
	for (int ms = 0; ms < 3000; ms++) {
		if (virtio_pci_get_status(hw) == 0)
			return 0;
		fpk_delay_ms_sleep(1);
	}
	VIRTIO_LOG(ERR, "%s: device status still 0x%x 3 s after reset: the device is hung; "
		   "its queue memory is kept\n", hw->pci->name, virtio_pci_get_status(hw));
	return -ETIMEDOUT;
}

uint64_t
virtio_pci_get_features(struct virtio_hw *hw)
{
	uint64_t f;

	fpk_pci_write32(hw->pci, CR(hw, VIRTIO_COMMON_DFSELECT), 0);
	f = fpk_pci_read32(hw->pci, CR(hw, VIRTIO_COMMON_DF));
	fpk_pci_write32(hw->pci, CR(hw, VIRTIO_COMMON_DFSELECT), 1);
	f |= (uint64_t)fpk_pci_read32(hw->pci, CR(hw, VIRTIO_COMMON_DF)) << 32;
	return f;
}

int
virtio_pci_set_features(struct virtio_hw *hw, uint64_t features)
{
	fpk_pci_write32(hw->pci, CR(hw, VIRTIO_COMMON_GFSELECT), 0);
	fpk_pci_write32(hw->pci, CR(hw, VIRTIO_COMMON_GF), (uint32_t)features);
	fpk_pci_write32(hw->pci, CR(hw, VIRTIO_COMMON_GFSELECT), 1);
	fpk_pci_write32(hw->pci, CR(hw, VIRTIO_COMMON_GF), (uint32_t)(features >> 32));
	virtio_pci_add_status(hw, VIRTIO_STATUS_FEATURES_OK);
	/* The device clears FEATURES_OK if it cannot work with this subset
	 * (virtio 1.1 2.2.2, 3.1.1 step 6). */
	if (!(virtio_pci_get_status(hw) & VIRTIO_STATUS_FEATURES_OK))
		return -ENOTSUP;
	return 0;
}

uint16_t
virtio_pci_queue_max(struct virtio_hw *hw, uint16_t idx)
{
	if (idx >= fpk_pci_read16(hw->pci, CR(hw, VIRTIO_COMMON_NUMQ)))
		return 0;
	fpk_pci_write16(hw->pci, CR(hw, VIRTIO_COMMON_Q_SELECT), idx);
	return fpk_pci_read16(hw->pci, CR(hw, VIRTIO_COMMON_Q_SIZE));
}

static void
write64(struct virtio_hw *hw, uint32_t lo, uint64_t v)
{
	/* 64-bit fields as two 32-bit writes, low half first (virtio 1.1 4.1.3.1). */
	fpk_pci_write32(hw->pci, CR(hw, lo), (uint32_t)v);
	fpk_pci_write32(hw->pci, CR(hw, lo + 4), (uint32_t)(v >> 32));
}

int
virtio_pci_queue_setup(struct virtio_hw *hw, struct virtqueue *vq)
{
	uint16_t max = virtio_pci_queue_max(hw, vq->queue_index);
	uint64_t noff;

	if (max == 0 || vq->nb_desc > max) {
		VIRTIO_LOG(ERR, "%s: virtqueue %u takes at most %u descriptors, %u asked for: "
			   "use fewer (or raise rx_queue_size/tx_queue_size in QEMU)\n",
			   hw->pci->name, vq->queue_index, max, vq->nb_desc);
		return -EINVAL;
	}
	/* Queue select is still vq->queue_index (virtio 1.1 4.1.5.1.3). */
	fpk_pci_write16(hw->pci, CR(hw, VIRTIO_COMMON_Q_SIZE), vq->nb_desc);
	write64(hw, VIRTIO_COMMON_Q_DESCLO, vq->ring_iova);
	write64(hw, VIRTIO_COMMON_Q_AVAILLO, vq->ring_iova + vq->avail_off);
	write64(hw, VIRTIO_COMMON_Q_USEDLO, vq->ring_iova + vq->used_off);
	fpk_pci_write16(hw->pci, CR(hw, VIRTIO_COMMON_Q_MSIX), VIRTIO_MSI_NO_VECTOR);
	noff = (uint64_t)fpk_pci_read16(hw->pci, CR(hw, VIRTIO_COMMON_Q_NOFF)) * hw->notify_mult;
	if (noff + 2 > hw->notify.len) {
		VIRTIO_LOG(ERR, "%s: virtqueue %u doorbell at 0x%" PRIx64 " lies outside the "
			   "%u-byte notification structure: broken device\n", hw->pci->name,
			   vq->queue_index, noff, hw->notify.len);
		return -EINVAL;
	}
	/* Notification address = offset + queue_notify_off * multiplier (4.1.4.4). */
	vq->notify_addr = (volatile uint16_t *)(void *)((char *)hw->pci->bar[hw->notify.bar].addr +
							hw->notify.off + noff);
	fpk_pci_write16(hw->pci, CR(hw, VIRTIO_COMMON_Q_ENABLE), 1);
	return 0;
}

int
virtio_pci_queue_reset(struct virtio_hw *hw, uint16_t idx)
{
	fpk_pci_write16(hw->pci, CR(hw, VIRTIO_COMMON_Q_SELECT), idx);
	fpk_pci_write16(hw->pci, CR(hw, VIRTIO_COMMON_Q_RESET), 1);
	/*
	 * Done, and the queue's memory the driver's again, once queue_reset
	 * and queue_enable both read 0 (virtio 1.2 4.1.4.3.2; a device may
	 * reset the queue before the write returns).
	 */
	for (int ms = 0; ms < 3000; ms++) {
		if (fpk_pci_read16(hw->pci, CR(hw, VIRTIO_COMMON_Q_RESET)) == 0 &&
		    fpk_pci_read16(hw->pci, CR(hw, VIRTIO_COMMON_Q_ENABLE)) == 0)
			return 0;
		fpk_delay_ms_sleep(1);
	}
	VIRTIO_LOG(ERR, "%s: virtqueue %u still not reset 3 s after queue_reset (queue_reset "
		   "%u, queue_enable %u): the device is hung; the queue's buffers are kept, "
		   "stop the port to reset the whole device\n", hw->pci->name, idx,
		   fpk_pci_read16(hw->pci, CR(hw, VIRTIO_COMMON_Q_RESET)),
		   fpk_pci_read16(hw->pci, CR(hw, VIRTIO_COMMON_Q_ENABLE)));
	return -ETIMEDOUT;
}

int
virtio_pci_set_config_vector(struct virtio_hw *hw, uint16_t vec)
{
	fpk_pci_write16(hw->pci, CR(hw, VIRTIO_COMMON_MSIX), vec);
	/* The device answers NO_VECTOR when it could not map it (4.1.5.1.2.1). */
	return fpk_pci_read16(hw->pci, CR(hw, VIRTIO_COMMON_MSIX)) == vec ? 0 : -ENOSPC;
}

void
virtio_pci_read_dev_config(struct virtio_hw *hw, uint32_t off, void *buf, uint32_t len)
{
	uint8_t gen, *p = buf;

	do {
		gen = fpk_pci_read8(hw->pci, CR(hw, VIRTIO_COMMON_CFGGEN));
		/* Field-sized accesses (virtio 1.1 4.1.3.1): le16 and le32 fields at once,
		 * byte arrays (the MAC) byte by byte. */
		if (len == 2 && !(off & 1)) {
			uint16_t v = fpk_pci_read16(hw->pci, hw->device.bar, hw->device.off + off);

			memcpy(p, &v, 2);
		} else if (len == 4 && !(off & 3)) {
			uint32_t v = fpk_pci_read32(hw->pci, hw->device.bar, hw->device.off + off);

			memcpy(p, &v, 4);
		} else {
			for (uint32_t i = 0; i < len; i++)
				p[i] = fpk_pci_read8(hw->pci, hw->device.bar,
						     hw->device.off + off + i);
		}
	} while (gen != fpk_pci_read8(hw->pci, CR(hw, VIRTIO_COMMON_CFGGEN)));
}
