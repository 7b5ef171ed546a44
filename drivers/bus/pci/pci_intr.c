/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device interrupts: one eventfd per vector handed to the kernel with
 * VFIO_DEVICE_SET_IRQS and watched by the EAL's interrupt thread
 * (fpk_intr.h), whose handler calls the driver's callback; link-state
 * callbacks run first (FPK_INTR_F_FIRST).
 *
 * Callbacks run with the interrupt lock held (it is recursive, so they may
 * call this API); a vector's EAL source id doubles as its key here, so a
 * callback that disabled its own vector is noticed before INTx is
 * unmasked.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "fpk_intr.h"
#include "pci_private.h"
#include "pci_vfio_uapi.h"

struct pci_vec {
	uint64_t id;           /* EAL interrupt source id; 0 while not watched */
	int efd;
	unsigned int vec;
	uint32_t flags;        /* FPK_PCI_INTR_F_* */
	fpk_pci_intr_cb_t cb;  /* NULL: drain and ignore */
	void *arg;
	struct pci_dev *dev;
};

/* Every enabled vector of every device, under the interrupt lock. */
static struct {
	struct pci_vec **active;
	unsigned int nactive;
	unsigned int cap;
} intr;

static struct pci_vec *
find_vec(uint64_t id)
{
	for (unsigned int i = 0; i < intr.nactive; i++)
		if (intr.active[i]->id == id)
			return intr.active[i];
	return NULL;
}

/* VFIO masks a fired INTx line until user space unmasks it. */
static void
intx_unmask(const struct pci_dev *d)
{
	struct vfio_irq_set s = {
		.argsz = sizeof(s),
		.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK,
		.index = VFIO_PCI_INTX_IRQ_INDEX,
		.start = 0,
		.count = 1,
	};

	if (pci_env.sys->ioctl(d->fd, VFIO_DEVICE_SET_IRQS, &s))
		PCI_LOG(ERR, "%s: cannot unmask INTx: %s\n", d->pub.name, strerror(errno));
}

/* The EAL's handler for a vector's eventfd (runs under the interrupt lock). */
static void
vec_handler(int fd, void *arg)
{
	struct pci_vec *v = arg;
	struct pci_dev *d = v->dev;
	uint64_t id = v->id, count;

	if (read(fd, &count, sizeof(count)) != (ssize_t)sizeof(count) || v->cb == NULL)
		return;
	v->cb(&d->pub, v->vec, v->arg);
	/* The callback may have disabled the vector (or more): look it up again. */
	if (find_vec(id) && d->irq_index == VFIO_PCI_INTX_IRQ_INDEX)
		intx_unmask(d);
}

void
pci_intr_fini(void)
{
	free(intr.active);
	intr.active = NULL;
	intr.nactive = 0;
	intr.cap = 0;
}

static int
add_active(struct pci_vec *v)
{
	if (intr.nactive == intr.cap) {
		unsigned int cap = intr.cap ? 2 * intr.cap : 16;
		struct pci_vec **n = realloc(intr.active, cap * sizeof(*n));

		if (n == NULL)
			return -ENOMEM;
		intr.active = n;
		intr.cap = cap;
	}
	intr.active[intr.nactive++] = v;
	return 0;
}

static void
del_active(const struct pci_vec *v)
{
	for (unsigned int i = 0; i < intr.nactive; i++) {
		if (intr.active[i] == v) {
			intr.active[i] = intr.active[--intr.nactive];
			return;
		}
	}
}

/* Stop watching the vectors of @d and close them. */
static void
release_vecs(struct pci_dev *d, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		struct pci_vec *v = &d->vecs[i];

		if (v->efd < 0)
			continue;
		del_active(v);
		if (v->id)
			fpk_intr_source_remove(v->id);
		close(v->efd);
	}
	free(d->vecs);
	d->vecs = NULL;
}

static const char *const type_names[] = { "none", "INTx", "MSI", "MSI-X", "auto" };

/* VFIO irq index of @type after resolving AUTO; -1 if the device has none. */
static int
pick_index(const struct pci_dev *d, enum fpk_pci_intr_type *type)
{
	static const int index_of[] = {
		[FPK_PCI_INTR_INTX] = VFIO_PCI_INTX_IRQ_INDEX,
		[FPK_PCI_INTR_MSI] = VFIO_PCI_MSI_IRQ_INDEX,
		[FPK_PCI_INTR_MSIX] = VFIO_PCI_MSIX_IRQ_INDEX,
	};

	if (*type == FPK_PCI_INTR_AUTO) {
		for (*type = FPK_PCI_INTR_MSIX; *type > FPK_PCI_INTR_NONE; (*type)--)
			if (d->irq_count[index_of[*type]])
				return index_of[*type];
		return -1;
	}
	return d->irq_count[index_of[*type]] ? index_of[*type] : -1;
}

int
fpk_pci_intr_enable(struct fpk_pci_device *dev, enum fpk_pci_intr_type type, unsigned int nvec)
{
	enum fpk_pci_intr_type asked = type;
	struct vfio_irq_set *set = NULL;
	struct pci_dev *d;
	int index, ret = 0;

	if (dev == NULL || type <= FPK_PCI_INTR_NONE || type > FPK_PCI_INTR_AUTO || nvec == 0)
		return -EINVAL;
	d = pci_dev_of(dev);
	if (!d->open)
		return -ENODEV;
	if (d->irq_index >= 0)
		return -EBUSY;
	index = pick_index(d, &type);
	if (index < 0) {
		PCI_LOG(ERR, "%s: the device offers no %s interrupt\n", d->pub.name,
			type_names[asked]);
		return -ENOTSUP;
	}
	if (asked == FPK_PCI_INTR_AUTO)
		nvec = FPK_MIN(nvec, d->irq_count[index]);
	if (nvec > d->irq_count[index] || (type == FPK_PCI_INTR_INTX && nvec != 1)) {
		PCI_LOG(ERR, "%s: %u %s vectors asked for, the device offers %u\n", d->pub.name,
			nvec, type_names[type], d->irq_count[index]);
		return -EINVAL;
	}
	fpk_intr_lock();
	d->vecs = calloc(nvec, sizeof(*d->vecs));
	set = calloc(1, sizeof(*set) + nvec * sizeof(int));
	if (d->vecs == NULL || set == NULL) {
		ret = -ENOMEM;
		goto out;
	}
	for (unsigned int i = 0; i < nvec; i++)
		d->vecs[i].efd = -1;
	for (unsigned int i = 0; i < nvec && ret == 0; i++) {
		struct pci_vec *v = &d->vecs[i];

		v->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		v->vec = i;
		v->dev = d;
		if (v->efd < 0)
			ret = -errno;
		else
			ret = fpk_intr_source_add(v->efd, 0, vec_handler, v, &v->id);
		if (ret == 0)
			ret = add_active(v);
		memcpy((char *)set->data + i * sizeof(int), &v->efd, sizeof(int));
	}
	if (ret)
		goto out;
	set->argsz = (uint32_t)(sizeof(*set) + nvec * sizeof(int));
	set->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	set->index = (uint32_t)index;
	set->start = 0;
	set->count = nvec;
	if (pci_env.sys->ioctl(d->fd, VFIO_DEVICE_SET_IRQS, set)) {
		ret = -errno;
		PCI_LOG(ERR, "%s: cannot enable %u %s vector(s): %s\n", d->pub.name, nvec,
			type_names[type], strerror(-ret));
		goto out;
	}
	d->irq_index = index;
	d->pub.intr_type = type;
	d->pub.intr_nvec = nvec;
	PCI_LOG(DEBUG, "%s: %u %s vector(s) enabled\n", d->pub.name, nvec, type_names[type]);
out:
	if (ret && d->vecs)
		release_vecs(d, nvec);
	free(set);
	fpk_intr_unlock();
	return ret;
}

int
fpk_pci_intr_disable(struct fpk_pci_device *dev)
{
	struct vfio_irq_set s = {
		.argsz = sizeof(s),
		.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
		.start = 0,
		.count = 0,
	};
	struct pci_dev *d;
	int ret = 0;

	if (dev == NULL)
		return -EINVAL;
	d = pci_dev_of(dev);
	fpk_intr_lock();
	if (d->irq_index >= 0) {
		s.index = (uint32_t)d->irq_index;
		if (pci_env.sys->ioctl(d->fd, VFIO_DEVICE_SET_IRQS, &s)) {
			ret = -errno;
			PCI_LOG(ERR, "%s: cannot disable interrupts: %s\n", d->pub.name,
				strerror(-ret));
		}
		release_vecs(d, d->pub.intr_nvec);
		d->irq_index = -1;
		d->pub.intr_type = FPK_PCI_INTR_NONE;
		d->pub.intr_nvec = 0;
	}
	fpk_intr_unlock();
	return ret;
}

int
fpk_pci_intr_callback_register(struct fpk_pci_device *dev, unsigned int vec, uint32_t flags,
			       fpk_pci_intr_cb_t cb, void *arg)
{
	struct pci_dev *d;
	int ret = 0;

	if (dev == NULL || cb == NULL || (flags & ~(uint32_t)FPK_PCI_INTR_F_LSC))
		return -EINVAL;
	d = pci_dev_of(dev);
	fpk_intr_lock();
	if (d->irq_index < 0 || vec >= d->pub.intr_nvec) {
		ret = -EINVAL;
	} else if (d->vecs[vec].cb) {
		ret = -EEXIST;
	} else {
		d->vecs[vec].cb = cb;
		d->vecs[vec].arg = arg;
		d->vecs[vec].flags = flags;
		ret = fpk_intr_source_set_flags(d->vecs[vec].id,
						flags & FPK_PCI_INTR_F_LSC ? FPK_INTR_F_FIRST : 0);
		/* A line that fired before anyone listened stays masked until now. */
		if (d->irq_index == VFIO_PCI_INTX_IRQ_INDEX)
			intx_unmask(d);
	}
	fpk_intr_unlock();
	return ret;
}

int
fpk_pci_intr_callback_unregister(struct fpk_pci_device *dev, unsigned int vec)
{
	struct pci_dev *d;
	int ret = -ENOENT;

	if (dev == NULL)
		return -EINVAL;
	d = pci_dev_of(dev);
	fpk_intr_lock();
	if (d->irq_index >= 0 && vec < d->pub.intr_nvec && d->vecs[vec].cb) {
		d->vecs[vec].cb = NULL;
		d->vecs[vec].arg = NULL;
		ret = 0;
	}
	fpk_intr_unlock();
	return ret;
}
