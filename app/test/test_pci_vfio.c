/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI bus, VFIO side, against the fake kernel of test_pci_fake.c: which
 * path is chosen and why, DMA memory (every segment mapped into the IOAS,
 * later ones through memory events, DMA addresses from GET_PA), every
 * user-facing error message, BAR/config-space access and the capability
 * walk, interrupts, the HWPTs (one per kind of device, IOMMU_HWPT_ALLOC,
 * auto-attach as the fallback), and the teardown order that keeps a device
 * from DMA into memory after it is unpinned.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include <fpk_eal.h>
#include <fpk_memory.h>

#include "pci_vfio_uapi.h"
#include "test.h"
#include "test_pci_fake.h"

#define NIC(nm, cd, grp, noiommu) { .name = (nm), .vendor = FAKE_VENDOR, \
	.device = FAKE_DEVICE, .class_id = 0x020000, .driver = "vfio-pci", .group = (grp), \
	.noiommu_group = (noiommu), .cdev = (cd) }

static const struct fake_dev_spec nic_cdev = NIC("0000:00:02.0", "noiommu-vfio0", -1, false);

/* Keeps at least one segment alive, so there is memory to map at open. */
static const struct fpk_memzone *keep_mz;

static int
begin(const struct fake_dev_spec *devs, unsigned int n)
{
	int ret = fake_setup("Y");

	if (ret != TEST_SUCCESS)
		return ret;
	for (unsigned int i = 0; i < n; i++)
		fake_add_dev(&devs[i]);
	keep_mz = fpk_memzone_reserve("pci_test_keep", 4096, FPK_SOCKET_ID_ANY, 0);
	if (keep_mz == NULL) {
		fake_teardown();
		return fpk_test_skip("no memory for a memzone: %s", strerror(fpk_errno));
	}
	fpk_pci_register_driver(&fake_drv);
	return pci_scan() == 0 ? TEST_SUCCESS : TEST_FAILED;
}

static void
end(void)
{
	fake_teardown();
	fpk_memzone_free(keep_mz);
	keep_mz = NULL;
}

/* Run @fn between begin() and end() on devices @devs. */
#define WITH_DEVICES(devs, n, fn) do {                           \
	int r_ = begin(devs, n);                                 \
	if (r_ == TEST_SUCCESS)                                  \
		r_ = fn();                                       \
	end();                                                   \
	if (r_ != TEST_SUCCESS)                                  \
		return r_;                                       \
} while (0)

struct seg_check {
	unsigned int segs;
	unsigned int bad;
	int mode; /* 0: DMA address = VA, 1: FAKE_PA(VA), 2: not mapped, any address */
};

/* Each live segment: mapped exactly once in the fake IOAS, addresses as expected. */
static int
check_seg(const struct fpk_memseg *ms, void *arg)
{
	struct seg_check *c = arg;
	uintptr_t va = (uintptr_t)ms->addr;
	bool mapped = false;

	c->segs++;
	for (unsigned int i = 0; i < fk.nmaps; i++)
		mapped |= fk.maps[i].iova == va && fk.maps[i].len == ms->len;
	if (mapped != (c->mode != 2)) {
		printf("  segment %u at %p: %smapped in the IOAS\n", ms->id, ms->addr,
		       mapped ? "" : "not ");
		c->bad++;
	}
	for (unsigned int p = 0; p < ms->nb_pages && c->mode != 2; p++) {
		uint64_t pva = va + (uint64_t)p * ms->page_sz;
		uint64_t want = c->mode == 1 ? FAKE_PA(pva) : pva;

		if (ms->iova[p] != want) {
			printf("  segment %u page %u: DMA address 0x%llx, want 0x%llx\n", ms->id, p,
			       (unsigned long long)ms->iova[p], (unsigned long long)want);
			c->bad++;
			break;
		}
	}
	return 0;
}

static int
segments_ok(int mode)
{
	struct seg_check c = { 0, 0, mode };

	fpk_memseg_walk(check_seg, &c);
	TEST_ASSERT_EQUAL(c.bad, 0u, "segment table vs IOAS");
	TEST_ASSERT_EQUAL(fk.nmaps, mode == 2 ? 0u : c.segs, "one IOAS map per segment");
	return TEST_SUCCESS;
}

/* Every IOAS map the fake kernel saw is readable + writeable, at a fixed IOVA. */
static int
map_flags_rw(void)
{
	const uint32_t want = FPK_IOMMU_IOAS_MAP_FIXED_IOVA | FPK_IOMMU_IOAS_MAP_READABLE |
			      FPK_IOMMU_IOAS_MAP_WRITEABLE;

	TEST_ASSERT(fk.nmaps > 0, "something mapped");
	for (unsigned int i = 0; i < fk.nmaps; i++)
		TEST_ASSERT_EQUAL(fk.maps[i].flags, want, "flags of map %u at 0x%llx", i,
				  (unsigned long long)fk.maps[i].iova);
	return TEST_SUCCESS;
}

/* The fake kernel's log from the last @mark on, NULL if there is none. */
static const char *
log_since(const char *mark)
{
	const char *last = NULL;

	for (const char *m = strstr(fk.log, mark); m; m = strstr(m + 1, mark))
		last = m;
	return last;
}

/* Does the fake kernel's log contain @s after the last @mark? */
static bool
logged_after(const char *mark, const char *s)
{
	const char *m = log_since(mark);

	return m && strstr(m, s);
}

/* ----------------------------------------------------- noiommu cdev path */

static const char *resolver_before;
/* Why the part on memory added later could not run (-m/--socket-mem), or "". */
static char no_new_seg[160];

static int
cdev_noiommu_case(void)
{
	struct fpk_pci_device *d;
	const struct fpk_memzone *big;
	size_t total;
	unsigned int maps;

	TEST_ASSERT_SUCCESS(pci_probe(), "probe");
	d = fpk_pci_device_get("0000:00:02.0");
	TEST_ASSERT(d && d->driver == &fake_drv, "probed");
	TEST_ASSERT(fake_logged("using the noiommu cdev path (/dev/vfio/devices/noiommu-vfio0 + "
				"/dev/iommu) because the kernel offers a VFIO cdev"), "logged");
	TEST_ASSERT(fake_logged("resolved with GET_PA"), "timing logged");
	TEST_ASSERT_EQUAL(pci_vfio_ctx_path(), PCI_PATH_CDEV_NOIOMMU, "path");
	TEST_ASSERT(strcmp(fpk_mem_iova_resolver_name(), "iommufd-noiommu") == 0, "resolver %s",
		    fpk_mem_iova_resolver_name());
	TEST_ASSERT_EQUAL(fpk_eal_iova_mode(), FPK_IOVA_PA, "IOVA as PA");
	TEST_RUN(segments_ok(1));
	TEST_ASSERT_EQUAL(keep_mz->iova, FAKE_PA(keep_mz->addr), "memzone IOVA refreshed");
	TEST_ASSERT_EQUAL(fpk_mem_virt2iova(keep_mz->addr), FAKE_PA(keep_mz->addr), "virt2iova");
	TEST_ASSERT(fake_in_order((const char *const[]){ "open iommufd", "ioas-alloc",
		"open cdev 0000:00:02.0", "bind 0000:00:02.0", "attach 0000:00:02.0", "map 0x",
		"mmap 0000:00:02.0 BAR0", "bus-master on" }, 8), "open order");

	/* The BARs: memory BAR0 mmap'ed, I/O BAR2 through the kernel. */
	TEST_ASSERT(d->bar[0].addr && d->bar[0].len == 0x20000 &&
		    d->bar[0].flags == FPK_PCI_BAR_MAPPED, "BAR0");
	TEST_ASSERT(!d->bar[1].len && !d->bar[2].addr && d->bar[2].len == 32 &&
		    d->bar[2].flags == FPK_PCI_BAR_IO, "BAR1 absent, BAR2 I/O");

	/*
	 * Memory added later is mapped before use, and unmapped when freed.
	 * With -m or --socket-mem there may be no later memory: what was
	 * reserved at start either holds the zone (no new segment) or caps
	 * the total (no room). As memory_events does, that part is then
	 * skipped, with the reason, after everything else has been checked.
	 */
	total = fpk_mem_total();
	maps = fk.nmaps;
	big = fpk_memzone_reserve("pci_test_big", 6u << 20, FPK_SOCKET_ID_ANY, 0);
	if (big == NULL) {
		snprintf(no_new_seg, sizeof(no_new_seg), "no room for a new 6 MiB segment "
			 "(-m or --socket-mem caps memory): mapping memory added later untested");
	} else if (fpk_mem_total() == total) {
		snprintf(no_new_seg, sizeof(no_new_seg), "memory reserved at start (-m or "
			 "--socket-mem) holds a 6 MiB zone: mapping memory added later untested");
		TEST_ASSERT_EQUAL(fk.nmaps, maps, "no new segment, yet a new IOAS map");
		TEST_ASSERT_SUCCESS(fpk_memzone_free(big), "free");
	} else {
		TEST_ASSERT(fk.nmaps == maps + 1, "a new segment was mapped (%u -> %u maps)",
			    maps, fk.nmaps);
		TEST_ASSERT_EQUAL(big->iova, FAKE_PA(big->addr), "new memory has pinned-page PAs");
		TEST_RUN(segments_ok(1));
		TEST_ASSERT_SUCCESS(fpk_memzone_free(big), "free");
		TEST_ASSERT_EQUAL(fk.nmaps, maps, "the freed segment was unmapped");
	}
	TEST_RUN(segments_ok(1));

	/* Interrupts on, so the teardown has them to switch off. */
	TEST_ASSERT_SUCCESS(fpk_pci_intr_enable(d, FPK_PCI_INTR_MSIX, 2), "MSI-X");
	fake_event("---- remove");
	TEST_ASSERT_SUCCESS(fpk_pci_device_remove(d), "remove");
	TEST_ASSERT(fake_in_order((const char *const[]){ "---- remove",
		"remove 0000:00:02.0 (queues stopped)", "bus-master off", "irqs-off 0000:00:02.0",
		"reset 0000:00:02.0", "munmap 131072", "unmap 0x", "detach 0000:00:02.0",
		"close cdev 0000:00:02.0", "destroy ioas", "close iommufd" }, 11),
		"teardown order");
	TEST_ASSERT_EQUAL(fk.nmaps, 0u, "nothing left pinned");
	TEST_ASSERT_EQUAL(fk.open_fds, 0u, "every fd closed");
	TEST_ASSERT(strcmp(fpk_mem_iova_resolver_name(), resolver_before) == 0,
		    "resolver restored (%s)", fpk_mem_iova_resolver_name());
	TEST_ASSERT_EQUAL(pci_vfio_ctx_path(), PCI_PATH_NONE, "no context");
	return TEST_SUCCESS;
}

static int
cdev_noiommu(void)
{
	resolver_before = fpk_mem_iova_resolver_name();
	no_new_seg[0] = '\0';
	WITH_DEVICES(&nic_cdev, 1, cdev_noiommu_case);
	if (no_new_seg[0] != '\0')
		return fpk_test_skip("%s", no_new_seg);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pci_cdev_noiommu, cdev_noiommu)

/*
 * pci_cdev_noiommu with memory fixed at start: skipped with the reason,
 * not failed, whether the reserved memory holds its 6 MiB zone or not.
 */
static int
cdev_noiommu_fixed_mem(void)
{
	static const char *const app[] = { "pci_cdev_noiommu", NULL };
	static const char *const holds[] = { "-l", "0", "--no-huge", "-m", "64", NULL };
	static const char *const no_room[] = { "-l", "0", "--no-huge", "-m", "2", NULL };

	TEST_RUN(fpk_test_run_self(holds, app, NULL, 77, "skip - pci_cdev_noiommu: memory "
				   "reserved at start"));
	TEST_RUN(fpk_test_run_self(no_room, app, NULL, 77, "skip - pci_cdev_noiommu: no room"));
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pci_cdev_noiommu_fixed_mem, cdev_noiommu_fixed_mem)

/* Two devices share one IOAS; memory stays mapped until the last goes. */
static int
two_devices_case(void)
{
	struct fpk_pci_device *a, *b;

	TEST_ASSERT_SUCCESS(pci_probe(), "probe");
	a = fpk_pci_device_get("0000:00:02.0");
	b = fpk_pci_device_get("0000:00:03.0");
	TEST_ASSERT(a->driver && b->driver, "both probed");
	TEST_ASSERT(strstr(fk.log, "ioas-alloc") &&
		    !strstr(strstr(fk.log, "ioas-alloc") + 1, "ioas-alloc"), "one IOAS");
	TEST_ASSERT(strstr(fk.log, "open iommufd") &&
		    !strstr(strstr(fk.log, "open iommufd") + 1, "open iommufd"), "one iommufd");
	/* One HWPT, allocated for the first device; the second shares it. */
	TEST_ASSERT_EQUAL(fk.hwpt_allocs, 1u, "one IOMMU_HWPT_ALLOC");
	TEST_ASSERT(fake_in_order((const char *const[]){
		"hwpt-alloc noiommu hwpt 100 dev 0000:00:02.0", "attach 0000:00:02.0 hwpt 100",
		"bind 0000:00:03.0", "attach 0000:00:03.0 hwpt 100" }, 4), "both on HWPT 100");
	TEST_ASSERT(!strstr(fk.log, "(auto)"), "no auto-attach");
	TEST_ASSERT(fake_dev("0000:00:02.0")->hwpt == 100 &&
		    fake_dev("0000:00:03.0")->hwpt == 100, "the kernel's view");
	TEST_ASSERT(pci_dev_of(a)->hwpt_id == 100 && pci_dev_of(b)->hwpt_id == 100,
		    "the bus's view");
	TEST_ASSERT_SUCCESS(fpk_pci_intr_enable(b, FPK_PCI_INTR_INTX, 1), "INTx on b");
	TEST_ASSERT_SUCCESS(fpk_pci_device_remove(a), "remove a");
	TEST_ASSERT(fk.nmaps > 0 && fk.ioas_id, "memory still mapped for b");
	TEST_RUN(segments_ok(1));
	/* The HWPT outlives the device it was allocated with; a returning
	 * device joins it again, without a new IOMMU_HWPT_ALLOC. */
	TEST_ASSERT(fake_hwpt(100) && fake_hwpt(100)->users == 1, "HWPT kept for b");
	TEST_ASSERT_SUCCESS(fpk_pci_device_probe("0000:00:02.0"), "probe a again");
	TEST_ASSERT_EQUAL(fk.hwpt_allocs, 1u, "still one IOMMU_HWPT_ALLOC");
	TEST_ASSERT(fake_dev("0000:00:02.0")->hwpt == 100 && fake_hwpt(100)->users == 2,
		    "a back on HWPT 100");
	TEST_ASSERT_SUCCESS(fpk_pci_device_remove(a), "remove a");
	fake_event("---- cleanup");
	pci_cleanup(); /* what fpk_eal_cleanup() runs before releasing memory */
	TEST_ASSERT(fake_in_order((const char *const[]){ "---- cleanup",
		"remove 0000:00:03.0", "bus-master off 0000:00:03.0", "irqs-off 0000:00:03.0",
		"unmap 0x", "detach 0000:00:03.0 hwpt 100", "close cdev 0000:00:03.0",
		"destroy hwpt 100", "destroy ioas", "close iommufd" }, 10), "cleanup order");
	TEST_ASSERT_EQUAL(fk.open_fds, 0u, "every fd closed");
	TEST_ASSERT_EQUAL(fk.nmaps, 0u, "nothing pinned");
	TEST_ASSERT_EQUAL(fake_hwpt_count(), 0u, "no HWPT left");
	return TEST_SUCCESS;
}

static int
two_devices(void)
{
	const struct fake_dev_spec devs[] = {
		nic_cdev, NIC("0000:00:03.0", "noiommu-vfio1", -1, false),
	};

	WITH_DEVICES(devs, 2, two_devices_case);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pci_two_devices, two_devices)

/* ------------------------------------------------------------ the HWPTs */

/*
 * The explicit path: after bind and IOMMU_IOAS_ALLOC the bus allocates the
 * noiommu HWPT itself (IOMMU_HWPT_ALLOC, flags 0, pt_id = the IOAS, dev_id
 * = the device's) and attaches the device to that HWPT, not to the IOAS;
 * the path line names both ids. Teardown ends with the HWPT destroyed after
 * the last detach, then the IOAS.
 */
static int
hwpt_explicit_case(void)
{
	struct fpk_pci_device *d;

	TEST_ASSERT_SUCCESS(pci_probe(), "probe");
	d = fpk_pci_device_get("0000:00:02.0");
	TEST_ASSERT(d && d->driver == &fake_drv, "probed");
	TEST_ASSERT(fake_in_order((const char *const[]){ "open iommufd", "ioas-alloc",
		"open cdev 0000:00:02.0", "bind 0000:00:02.0",
		"hwpt-alloc noiommu hwpt 100 dev 0000:00:02.0", "attach 0000:00:02.0 hwpt 100",
		"map 0x", "mmap 0000:00:02.0 BAR0", "bus-master on" }, 9), "open order");
	TEST_ASSERT(!strstr(fk.log, "(auto)") && !strstr(fk.log, "hwpt-alloc refused"),
		    "no auto-attach");
	TEST_ASSERT_EQUAL(fk.hwpt_allocs, 1u, "one IOMMU_HWPT_ALLOC");
	TEST_ASSERT(fake_hwpt(100) && fake_hwpt(100)->noiommu && !fake_hwpt(100)->autod &&
		    fake_hwpt(100)->alloc_dev == 1, "a noiommu HWPT for devid 1");
	TEST_ASSERT_EQUAL(fake_dev("0000:00:02.0")->hwpt, 100u, "attached to it");
	TEST_ASSERT_EQUAL(pci_dev_of(d)->hwpt_id, 100u, "the bus knows");
	TEST_ASSERT(fake_logged("using the noiommu cdev path (/dev/vfio/devices/noiommu-vfio0 + "
				"/dev/iommu) because the kernel offers a VFIO cdev for it: DMA "
				"memory is pinned in an IOAS and its physical addresses come from "
				"IOMMU_IOAS_NOIOMMU_GET_PA (IOAS 7, HWPT 100 from "
				"IOMMU_HWPT_ALLOC)"), "path line with the ids");
	TEST_ASSERT(!fake_logged("falling back"), "no fallback logged");
	/* DMA memory is mapped read + write (the device writes received frames). */
	TEST_RUN(map_flags_rw());
	TEST_RUN(segments_ok(1));

	fake_event("---- remove");
	fk.bm_on_at_detach = fk.bm_on_at_unmap = 0;
	TEST_ASSERT_SUCCESS(fpk_pci_device_remove(d), "remove");
	TEST_ASSERT(fake_in_order((const char *const[]){ "---- remove",
		"bus-master off 0000:00:02.0", "unmap 0x", "detach 0000:00:02.0 hwpt 100",
		"close cdev 0000:00:02.0", "destroy hwpt 100", "destroy ioas", "close iommufd" },
		8), "teardown order");
	TEST_ASSERT(fk.bm_on_at_detach == 0 && fk.bm_on_at_unmap == 0,
		    "detach/unmap while the device could DMA: %u/%u", fk.bm_on_at_detach,
		    fk.bm_on_at_unmap);
	TEST_ASSERT_EQUAL(fake_hwpt_count(), 0u, "HWPT destroyed");
	TEST_ASSERT_EQUAL(fk.ioas_id, 0u, "IOAS destroyed");
	TEST_ASSERT_EQUAL(fk.open_fds, 0u, "every fd closed");
	return TEST_SUCCESS;
}

/* Probe must fail with @err, log @msg, and leave nothing behind. */
static int expect_failure(int err, const char *msg, const char *msg2);

/*
 * A kernel that refuses IOMMU_HWPT_ALLOC: the devices are attached to the
 * IOAS id (auto-attach), which the bus logs with the reason; the second
 * device does not ask again. Any other error of IOMMU_HWPT_ALLOC, or an
 * attach refused after it, fails the probe and leaves nothing behind.
 */
static int
hwpt_fallback_case(void)
{
	static const int refusals[] = { EOPNOTSUPP, EINVAL, ENOTTY };
	char msg[256];

	for (unsigned int i = 0; i < FPK_DIM(refusals); i++) {
		const char *asked;
		uint32_t id;

		fk.refuse_hwpt_alloc = refusals[i];
		fake_event("---- refused with %d", refusals[i]);
		TEST_ASSERT_SUCCESS(pci_probe(), "probe (refusal %d)", refusals[i]);
		id = fake_dev("0000:00:02.0")->hwpt;
		TEST_ASSERT(fake_hwpt(id) && fake_hwpt(id)->autod, "an automatic HWPT");
		TEST_ASSERT(logged_after("---- refused with", "hwpt-alloc refused"), "asked");
		snprintf(msg, sizeof(msg), "attach 0000:00:02.0 hwpt %u (auto)", id);
		TEST_ASSERT(logged_after("hwpt-alloc refused", msg), "%s", msg);
		snprintf(msg, sizeof(msg), "attach 0000:00:03.0 hwpt %u (auto)", id);
		TEST_ASSERT(logged_after("hwpt-alloc refused", msg), "%s", msg);
		asked = strstr(log_since("---- refused with"), "hwpt-alloc refused");
		TEST_ASSERT(!strstr(asked + 1, "hwpt-alloc refused"), "asked once");
		snprintf(msg, sizeof(msg), "IOMMU_HWPT_ALLOC of a noiommu (software-only) HWPT "
			 "in IOAS 7 refused: %s: falling back to attaching the devices to the "
			 "IOAS (auto-attach)", strerror(refusals[i]));
		TEST_ASSERT(fake_logged(msg), "fallback logged: %s", msg);
		snprintf(msg, sizeof(msg), "IOMMU_IOAS_NOIOMMU_GET_PA (IOAS 7, HWPT %u made by "
			 "the kernel at attach: IOMMU_HWPT_ALLOC refused (%s))", id,
			 strerror(refusals[i]));
		TEST_ASSERT(fake_logged(msg), "path line: %s", msg);
		TEST_RUN(segments_ok(1));
		pci_cleanup();
		TEST_ASSERT(!logged_after("---- refused with", "destroy hwpt"),
			    "no HWPT of the bus's to destroy");
		TEST_ASSERT(fake_hwpt_count() == 0 && fk.ioas_id == 0, "all gone");
		TEST_ASSERT_EQUAL(fk.open_fds, 0u, "every fd closed");
		TEST_ASSERT_SUCCESS(pci_scan(), "scan again");
	}
	/* Not a refusal: the probe fails. */
	fk.refuse_hwpt_alloc = ENOMEM;
	TEST_RUN(expect_failure(-ENOMEM, "IOMMU_HWPT_ALLOC of a noiommu (software-only) HWPT "
				"in IOAS 7 failed: Cannot allocate memory", NULL));
	fk.refuse_hwpt_alloc = 0;
	/* The HWPT allocated for a device whose attach fails goes with the IOAS. */
	fk.fail_req = FPK_VFIO_DEVICE_ATTACH_IOMMUFD_PT;
	fk.fail_errno = EINVAL;
	fake_event("---- attach fails");
	TEST_RUN(expect_failure(-EINVAL, "VFIO_DEVICE_ATTACH_IOMMUFD_PT to HWPT", NULL));
	TEST_ASSERT(fake_in_order((const char *const[]){ "---- attach fails", "hwpt-alloc",
		"ioctl-fail", "destroy hwpt", "destroy ioas" }, 5), "cleaned up in order");
	return TEST_SUCCESS;
}

static int
hwpt_explicit(void)
{
	WITH_DEVICES(&nic_cdev, 1, hwpt_explicit_case);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pci_hwpt_explicit, hwpt_explicit)

static int
hwpt_fallback(void)
{
	const struct fake_dev_spec devs[] = {
		nic_cdev, NIC("0000:00:03.0", "noiommu-vfio1", -1, false),
	};

	WITH_DEVICES(devs, 2, hwpt_fallback_case);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pci_hwpt_fallback, hwpt_fallback)

/*
 * One HWPT per kind. The bus lets a process use one path only, but the
 * HWPT table is per kind of device so that an IOAS that holds both kinds
 * gives each its own HWPT whichever came first. The first device is
 * probed (fixing the path); a device of the other kind is then bound by
 * hand to the same iommufd and asks the bus for its HWPT. (The kernel would
 * let a noiommu device share a real IOMMU's HWPT, but GET_PA answers only
 * while the IOAS's first HWPT is software-only.)
 */
static int
hwpt_per_kind_case(const char *first, const char *other, const char *other_cdev,
		   enum pci_path other_path)
{
	struct fpk_vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct fpk_vfio_device_attach_iommufd_pt at = { .argsz = sizeof(at) };
	struct fpk_vfio_device_detach_iommufd_pt dt = { .argsz = sizeof(dt) };
	struct fpk_pci_device *d;
	char path[PATH_MAX], msg[128];
	uint32_t mine, again;
	int fd;

	TEST_ASSERT_SUCCESS(fpk_pci_device_probe(first), "probe %s", first);
	d = fpk_pci_device_get(first);
	mine = pci_dev_of(d)->hwpt_id;
	TEST_ASSERT(fake_hwpt(mine) && fake_hwpt(mine)->noiommu == fake_dev(first)->noiommu,
		    "%s on a HWPT of its kind", first);
	TEST_ASSERT_EQUAL(fk.hwpt_allocs, 1u, "one HWPT so far");

	pci_sysfs_path(path, sizeof(path), "/dev/vfio/devices/%s", other_cdev);
	fd = fake_sys_ops.open(path, O_RDWR);
	TEST_ASSERT(fd >= 0, "open %s", path);
	bind.iommufd = pci_ctx.iommufd;
	TEST_ASSERT_SUCCESS(fake_sys_ops.ioctl(fd, FPK_VFIO_DEVICE_BIND_IOMMUFD, &bind), "bind");
	/* A real device never gets the software HWPT; a noiommu one may share a real one. */
	at.pt_id = mine;
	if (other_path == PCI_PATH_CDEV_IOMMU) {
		TEST_ASSERT(fake_sys_ops.ioctl(fd, FPK_VFIO_DEVICE_ATTACH_IOMMUFD_PT, &at) &&
			    errno == EINVAL, "the fake refuses the software HWPT to a real device");
	} else {
		TEST_ASSERT_SUCCESS(fake_sys_ops.ioctl(fd, FPK_VFIO_DEVICE_ATTACH_IOMMUFD_PT, &at),
				    "a noiommu device on the real HWPT");
		TEST_ASSERT_SUCCESS(fake_sys_ops.ioctl(fd, FPK_VFIO_DEVICE_DETACH_IOMMUFD_PT, &dt),
				    "detach from it");
	}
	TEST_ASSERT_SUCCESS(pci_vfio_ctx_hwpt(other_path, bind.out_devid, &at.pt_id), "hwpt");
	TEST_ASSERT(at.pt_id != mine && at.pt_id != pci_ctx.ioas_id && fake_hwpt(at.pt_id),
		    "a second HWPT (%u, first %u)", at.pt_id, mine);
	TEST_ASSERT_EQUAL(fk.hwpt_allocs, 2u, "two IOMMU_HWPT_ALLOCs");
	snprintf(msg, sizeof(msg), "hwpt-alloc %s hwpt %u dev %s",
		 other_path == PCI_PATH_CDEV_NOIOMMU ? "noiommu" : "iommu", at.pt_id, other);
	TEST_ASSERT(strstr(fk.log, msg), "allocated for %s: %s", other, msg);
	TEST_ASSERT_SUCCESS(fake_sys_ops.ioctl(fd, FPK_VFIO_DEVICE_ATTACH_IOMMUFD_PT, &at),
			    "attach to it");
	/* Asked again, each kind gets its own back, without a new allocation. */
	TEST_ASSERT_SUCCESS(pci_vfio_ctx_hwpt(other_path, bind.out_devid, &again), "again");
	TEST_ASSERT_EQUAL(again, at.pt_id, "the other kind's HWPT");
	TEST_ASSERT_SUCCESS(pci_vfio_ctx_hwpt(pci_dev_of(d)->path, 1, &again), "first kind");
	TEST_ASSERT_EQUAL(again, mine, "the first kind's HWPT");
	TEST_ASSERT_EQUAL(fk.hwpt_allocs, 2u, "still two");
	TEST_ASSERT_SUCCESS(fake_sys_ops.ioctl(fd, FPK_VFIO_DEVICE_DETACH_IOMMUFD_PT, &dt),
			    "detach");
	fake_sys_ops.close(fd);

	/* Both HWPTs go after the last device, before the IOAS. */
	fake_event("---- remove");
	TEST_ASSERT_SUCCESS(fpk_pci_device_remove(d), "remove");
	snprintf(msg, sizeof(msg), "destroy hwpt %u", at.pt_id);
	TEST_ASSERT(logged_after("---- remove", msg), "%s", msg);
	TEST_ASSERT(fake_in_order((const char *const[]){ "---- remove", "detach", "destroy hwpt",
		"destroy hwpt", "destroy ioas" }, 5), "order");
	TEST_ASSERT(fake_hwpt_count() == 0 && fk.ioas_id == 0, "all gone");
	TEST_ASSERT_EQUAL(fk.open_fds, 0u, "every fd closed");
	return TEST_SUCCESS;
}

static int
noiommu_first(void)
{
	return hwpt_per_kind_case("0000:00:02.0", "0000:00:03.0", "vfio1", PCI_PATH_CDEV_IOMMU);
}

static int
iommu_first(void)
{
	return hwpt_per_kind_case("0000:00:03.0", "0000:00:02.0", "noiommu-vfio0",
				  PCI_PATH_CDEV_NOIOMMU);
}

static int
hwpt_per_kind(void)
{
	const struct fake_dev_spec mixed[] = {
		nic_cdev, NIC("0000:00:03.0", "vfio1", 1, false),
	};

	WITH_DEVICES(mixed, 2, noiommu_first);
	WITH_DEVICES(mixed, 2, iommu_first);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pci_hwpt_per_kind, hwpt_per_kind)

/*
 * Teardown, from the fake kernel's call log: each device's bus mastering is
 * off before it is detached and before any memory is unmapped; a device
 * that is not the last is only detached (memory stays for the other); the
 * last one unmaps, detaches, and then the HWPT and the IOAS go.
 */
static int
teardown_order_case(void)
{
	struct fpk_pci_device *a, *b;
	const char *mark;

	TEST_ASSERT_SUCCESS(pci_probe(), "probe");
	a = fpk_pci_device_get("0000:00:02.0");
	b = fpk_pci_device_get("0000:00:03.0");
	TEST_ASSERT(a->driver && b->driver, "both probed");
	TEST_ASSERT(fake_dev("0000:00:02.0")->cfg[4] & 0x4 &&
		    fake_dev("0000:00:03.0")->cfg[4] & 0x4, "both bus masters on");
	TEST_ASSERT_SUCCESS(fpk_pci_intr_enable(a, FPK_PCI_INTR_MSIX, 2), "MSI-X on a");
	TEST_ASSERT_SUCCESS(fpk_pci_intr_enable(b, FPK_PCI_INTR_INTX, 1), "INTx on b");
	fk.bm_on_at_detach = fk.bm_on_at_unmap = 0;

	fake_event("---- remove a");
	TEST_ASSERT_SUCCESS(fpk_pci_device_remove(a), "remove a");
	TEST_ASSERT(fake_in_order((const char *const[]){ "---- remove a",
		"remove 0000:00:02.0 (queues stopped)", "bus-master off 0000:00:02.0",
		"irqs-off 0000:00:02.0", "reset 0000:00:02.0", "munmap",
		"detach 0000:00:02.0 hwpt 100", "close cdev 0000:00:02.0" }, 8), "a's order");
	mark = strstr(fk.log, "---- remove a");
	TEST_ASSERT(!strstr(mark, "unmap 0x") && !strstr(mark, "destroy"),
		    "nothing unmapped or destroyed while b is open");

	fake_event("---- cleanup");
	pci_cleanup();
	TEST_ASSERT(fake_in_order((const char *const[]){ "---- cleanup",
		"remove 0000:00:03.0 (queues stopped)", "bus-master off 0000:00:03.0",
		"irqs-off 0000:00:03.0", "reset 0000:00:03.0", "munmap", "unmap 0x",
		"detach 0000:00:03.0 hwpt 100", "close cdev 0000:00:03.0", "destroy hwpt 100",
		"destroy ioas", "close iommufd" }, 12), "the last device's order");
	TEST_ASSERT(fk.bm_on_at_detach == 0 && fk.bm_on_at_unmap == 0,
		    "detach/unmap while a device could DMA: %u/%u", fk.bm_on_at_detach,
		    fk.bm_on_at_unmap);
	TEST_ASSERT(!strstr(fk.log, "HAZARD"), "no hazard in the log");
	TEST_ASSERT(fake_hwpt_count() == 0 && fk.ioas_id == 0 && fk.nmaps == 0, "all gone");
	TEST_ASSERT_EQUAL(fk.open_fds, 0u, "every fd closed");
	return TEST_SUCCESS;
}

static int
teardown_order(void)
{
	const struct fake_dev_spec devs[] = {
		nic_cdev, NIC("0000:00:03.0", "noiommu-vfio1", -1, false),
	};

	WITH_DEVICES(devs, 2, teardown_order_case);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pci_teardown_order, teardown_order)

/* ------------------------------------------------------- IOMMU cdev path */

static int
cdev_iommu_case(void)
{
	struct fpk_pci_device *d;

	TEST_ASSERT_SUCCESS(pci_probe(), "probe");
	d = fpk_pci_device_get("0000:00:02.0");
	TEST_ASSERT(d && d->driver, "probed");
	TEST_ASSERT(fake_logged("using the IOMMU cdev path (/dev/vfio/devices/vfio3"), "logged");
	TEST_ASSERT(strcmp(fpk_mem_iova_resolver_name(), "iommufd") == 0, "resolver");
	TEST_ASSERT_EQUAL(fpk_eal_iova_mode(), FPK_IOVA_VA, "IOVA as VA");
	TEST_ASSERT_EQUAL(fk.get_pa_calls, 0u, "no GET_PA with an IOMMU");
	TEST_RUN(segments_ok(0));
	TEST_ASSERT_SUCCESS(fpk_pci_device_remove(d), "remove");

	/* A driver that needs physical addresses is refused here. */
	fake_drv.drv_flags |= FPK_PCI_DRV_NEED_PA;
	TEST_ASSERT_EQUAL(fpk_pci_device_probe("00:02.0"), -ENOTSUP, "NEED_PA refused");
	fake_drv.drv_flags &= ~(uint32_t)FPK_PCI_DRV_NEED_PA;
	TEST_ASSERT(fake_logged("needs physical DMA addresses, but the device is behind an "
				"IOMMU"), "message");
	/* So is --iova-mode pa. */
	pci_env.iova_mode = FPK_IOVA_PA;
	TEST_ASSERT_EQUAL(fpk_pci_device_probe("00:02.0"), -EINVAL, "--iova-mode pa refused");
	TEST_ASSERT(fake_logged("is behind an IOMMU, which FPK programs with IOVA = VA, but "
				"--iova-mode pa was given"), "message");
	TEST_ASSERT_EQUAL(fk.open_fds, 0u, "every fd closed");
	return TEST_SUCCESS;
}

static int
cdev_iommu(void)
{
	const struct fake_dev_spec dev = NIC("0000:00:02.0", "vfio3", 3, false);

	WITH_DEVICES(&dev, 1, cdev_iommu_case);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pci_cdev_iommu, cdev_iommu)

/* --------------------------------------------------- legacy group path */

struct pagemap_cmp {
	unsigned int bad;
};

static int
cmp_pagemap(const struct fpk_memseg *ms, void *arg)
{
	struct pagemap_cmp *c = arg;
	fpk_iova_t *pa = malloc(ms->nb_pages * sizeof(*pa));

	if (pa == NULL || fpk_mem_resolve_pagemap(ms, pa, NULL) ||
	    memcmp(pa, ms->iova, ms->nb_pages * sizeof(*pa)))
		c->bad++;
	free(pa);
	return 0;
}

static int
group_case(void)
{
	struct pagemap_cmp c = { 0 };
	struct fpk_pci_device *d;

	TEST_ASSERT_SUCCESS(pci_probe(), "probe");
	d = fpk_pci_device_get("0000:00:02.0");
	TEST_ASSERT(d && d->driver, "probed");
	TEST_ASSERT(fake_logged("using the legacy VFIO group path (/dev/vfio/noiommu-4 + "
				"/dev/vfio/vfio) because the kernel has no VFIO cdev"), "why");
	TEST_ASSERT(fake_logged("DMA memory is NOT pinned") &&
		    fake_logged("kernel/linux/patches/6.12"), "risk and fix named");
	TEST_ASSERT(strcmp(fpk_mem_iova_resolver_name(), "pagemap") == 0, "pagemap resolver");
	TEST_ASSERT_EQUAL(fpk_eal_iova_mode(), FPK_IOVA_PA, "IOVA as PA");
	fpk_memseg_walk(cmp_pagemap, &c);
	TEST_ASSERT_EQUAL(c.bad, 0u, "DMA addresses are pagemap's");
	TEST_RUN(segments_ok(2));
	TEST_ASSERT(fake_in_order((const char *const[]){ "open container",
		"open group 0000:00:02.0", "set-container", "set-iommu noiommu",
		"get-device-fd", "bus-master on" }, 6), "open order");
	fake_event("---- remove");
	TEST_ASSERT_SUCCESS(fpk_pci_device_remove(d), "remove");
	TEST_ASSERT(fake_in_order((const char *const[]){ "---- remove", "remove 0000:00:02.0",
		"bus-master off", "reset", "munmap", "close device", "unset-container",
		"close group", "close container" }, 9), "teardown order");
	TEST_ASSERT_EQUAL(fk.open_fds, 0u, "every fd closed");
	return TEST_SUCCESS;
}

static int
forced_modes_case(void)
{
	/* --vfio-mode group takes the group even where a cdev exists. */
	pci_env.vfio_mode = PCI_VFIO_MODE_GROUP;
	TEST_ASSERT_SUCCESS(fpk_pci_device_probe("0000:00:03.0"), "probe");
	TEST_ASSERT(fake_logged("because --vfio-mode group"), "forced group logged");
	TEST_ASSERT_EQUAL(pci_vfio_ctx_path(), PCI_PATH_GROUP_NOIOMMU, "group path");
	TEST_ASSERT_SUCCESS(fpk_pci_device_remove(fpk_pci_device_get("00:03.0")), "remove");
	/* --vfio-mode cdev fails where there is none, naming the fixes. */
	pci_env.vfio_mode = PCI_VFIO_MODE_CDEV;
	TEST_ASSERT_EQUAL(fpk_pci_device_probe("0000:00:02.0"), -ENODEV, "no cdev");
	TEST_ASSERT(fake_logged("--vfio-mode cdev, but the kernel gave it no VFIO cdev") &&
		    fake_logged("or use the legacy path with --vfio-mode group"), "message");
	return TEST_SUCCESS;
}

/*
 * Whether /proc/self/pagemap gives a frame for a page the EAL's way of
 * mapping memory (MAP_POPULATE, not touched) faults in: qemu-user, for
 * one, does not pass MAP_POPULATE on. Asked through the EAL's own pagemap
 * resolver, on a one-page segment.
 */
static bool
pagemap_sees_populated(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	fpk_iova_t pa = FPK_BAD_IOVA;
	struct fpk_memseg ms = { .len = pg, .page_sz = pg, .nb_pages = 1, .iova = &pa };
	bool ok;

	ms.addr = mmap(NULL, pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (ms.addr == MAP_FAILED)
		return false;
	ok = fpk_mem_resolve_pagemap(&ms, &pa, NULL) == 0;
	munmap(ms.addr, pg);
	return ok;
}

static int
group_legacy(void)
{
	struct fake_dev_spec devs[] = {
		NIC("0000:00:02.0", NULL, 4, true),
		NIC("0000:00:03.0", "noiommu-vfio1", 5, true),
	};

	if (geteuid() != 0)
		return fpk_test_skip("the legacy path reads /proc/self/pagemap: run as root");
	if (!pagemap_sees_populated())
		return fpk_test_skip("/proc/self/pagemap gives no frame for a MAP_POPULATE page "
				     "(qemu-user does not populate), and the legacy path needs "
				     "physical addresses");
	WITH_DEVICES(devs, 1, group_case);
	/* Stock 6.12 lists a noiommu device in vfio-dev/ with no character device. */
	devs[0].cdev = "vfio0";
	devs[0].cdev_no_node = true;
	WITH_DEVICES(devs, 1, group_case);
	devs[0].cdev = NULL;
	WITH_DEVICES(devs, 2, forced_modes_case);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pci_group_legacy, group_legacy)

/* ---------------------------------------------------------- the errors */

/* Probe must fail with @err, log @msg, and leave nothing behind. */
static int
expect_failure(int err, const char *msg, const char *msg2)
{
	const char *res = fpk_mem_iova_resolver_name();
	int ret = fpk_pci_device_probe("0000:00:02.0");

	TEST_ASSERT_EQUAL(ret, err, "probe returned %d", ret);
	TEST_ASSERT(fake_logged(msg), "message '%s'", msg);
	TEST_ASSERT(msg2 == NULL || fake_logged(msg2), "message '%s'", msg2);
	TEST_ASSERT_EQUAL(fk.open_fds, 0u, "every fd closed");
	TEST_ASSERT_EQUAL(fk.nmaps, 0u, "nothing mapped");
	TEST_ASSERT_EQUAL(fk.ioas_id, 0u, "no IOAS left");
	TEST_ASSERT_EQUAL(fake_hwpt_count(), 0u, "no HWPT left");
	TEST_ASSERT_EQUAL(pci_open_count(), 0u, "device closed");
	TEST_ASSERT(strcmp(fpk_mem_iova_resolver_name(), res) == 0, "resolver unchanged");
	fk.fail_req = 0;
	fk.fail_open[0] = '\0';
	return TEST_SUCCESS;
}

static int
errors_case(void)
{
	/* No CAP_SYS_RAWIO: the noiommu cdev refuses the open. */
	snprintf(fk.fail_open, sizeof(fk.fail_open), "/noiommu-vfio0");
	fk.fail_open_errno = EPERM;
	TEST_RUN(expect_failure(-EPERM, "noiommu devices need CAP_SYS_RAWIO: run as root or "
				"grant it", NULL));
	/* A node not accessible to this user. */
	snprintf(fk.fail_open, sizeof(fk.fail_open), "/noiommu-vfio0");
	fk.fail_open_errno = EACCES;
	TEST_RUN(expect_failure(-EACCES, "give this user access to the node", NULL));
	/* No /dev/iommu. */
	snprintf(fk.fail_open, sizeof(fk.fail_open), "/dev/iommu");
	fk.fail_open_errno = ENOENT;
	TEST_RUN(expect_failure(-ENOENT, "/dev/iommu is missing: the kernel needs CONFIG_IOMMUFD",
				"--vfio-mode group"));
	/* RLIMIT_MEMLOCK too low: IOAS_MAP fails with ENOMEM. */
	fk.fail_req = FPK_IOMMU_IOAS_MAP;
	fk.fail_errno = ENOMEM;
	TEST_RUN(expect_failure(-ENOMEM, "over RLIMIT_MEMLOCK", "(ulimit -l"));
	TEST_ASSERT(fake_logged("or give the process CAP_IPC_LOCK"), "CAP_IPC_LOCK named");
	/* A kernel without GET_PA. */
	fk.fail_req = FPK_IOMMU_IOAS_NOIOMMU_GET_PA;
	fk.fail_errno = ENOTTY;
	TEST_RUN(expect_failure(-ENOTTY, "no IOMMU_IOAS_NOIOMMU_GET_PA (ENOTTY)",
				"(kernel/linux/patches/6.12, see doc/guides/kernel.md), or use "
				"the legacy path with --vfio-mode group"));
	/* Binding refused by the kernel: held elsewhere, or no CAP_SYS_RAWIO at BIND. */
	fk.fail_req = FPK_VFIO_DEVICE_BIND_IOMMUFD;
	fk.fail_errno = EBUSY;
	TEST_RUN(expect_failure(-EBUSY, "VFIO_DEVICE_BIND_IOMMUFD failed (EBUSY): another "
				"process, or this one through the legacy group", NULL));
	fk.fail_req = FPK_VFIO_DEVICE_BIND_IOMMUFD;
	fk.fail_errno = EPERM;
	TEST_RUN(expect_failure(-EPERM, "binding a noiommu device needs CAP_SYS_RAWIO in the "
				"binding process", NULL));
	fk.fail_req = FPK_VFIO_DEVICE_BIND_IOMMUFD;
	fk.fail_errno = EIO;
	TEST_RUN(expect_failure(-EIO, "VFIO_DEVICE_BIND_IOMMUFD failed: Input/output error "
				"(see dmesg)", NULL));
	/* --no-huge memory is not for devices. */
	pci_env.huge = false;
	TEST_RUN(expect_failure(-ENOTSUP, "--no-huge memory (ordinary 4 KiB pages, not "
				"physically contiguous) cannot be given to a physical device",
				"-b 0000:00:02.0"));
	pci_env.huge = true;
	/* --iova-mode va cannot address a device without an IOMMU. */
	pci_env.iova_mode = FPK_IOVA_VA;
	TEST_RUN(expect_failure(-EINVAL, "needs physical DMA addresses, but --iova-mode va",
				NULL));
	pci_env.iova_mode = FPK_IOVA_DC;
	return TEST_SUCCESS;
}

static int
mixed_case(void)
{
	TEST_ASSERT_EQUAL(pci_probe(), -EINVAL, "probe");
	TEST_ASSERT(fpk_pci_device_get("0000:00:02.0")->driver, "the first one works");
	TEST_ASSERT(fake_logged("0000:00:03.0 would need the IOMMU cdev path, but the devices "
				"already open use the noiommu cdev path"), "message");
	return TEST_SUCCESS;
}

/*
 * A device behind an IOMMU without interrupt remapping: iommufd refuses the
 * bind with EPERM, and the message names both ways out.
 */
static int
iommu_bind_eperm_case(void)
{
	fk.fail_req = FPK_VFIO_DEVICE_BIND_IOMMUFD;
	fk.fail_errno = EPERM;
	TEST_RUN(expect_failure(-EPERM, "only when the platform isolates its MSIs, which needs "
				"interrupt remapping", "iommufd.allow_unsafe_interrupts=1"));
	return TEST_SUCCESS;
}

static int
errors(void)
{
	const struct fake_dev_spec mixed[] = {
		nic_cdev, NIC("0000:00:03.0", "vfio1", 1, false),
	};
	const struct fake_dev_spec iommu_dev = NIC("0000:00:02.0", "vfio0", 0, false);

	WITH_DEVICES(&nic_cdev, 1, errors_case);
	WITH_DEVICES(mixed, 2, mixed_case);
	WITH_DEVICES(&iommu_dev, 1, iommu_bind_eperm_case);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pci_errors, errors)

/* ---------------------------------------- config space, BARs, reset */

static int
access_case(void)
{
	struct fpk_pci_device *d;
	uint32_t v32 = 0;
	uint8_t *io;

	TEST_ASSERT_SUCCESS(pci_probe(), "probe");
	d = fpk_pci_device_get("0000:00:02.0");
	io = fake_dev("0000:00:02.0")->io;

	/* Configuration space. */
	TEST_ASSERT_EQUAL(fpk_pci_config_read(d, &v32, 4, 0), 4, "read ids");
	TEST_ASSERT_EQUAL(v32, (uint32_t)FAKE_DEVICE << 16 | FAKE_VENDOR, "vendor/device");
	TEST_ASSERT_EQUAL(fpk_pci_config_read(d, &v32, 4, 4094), -EINVAL, "past the end");
	TEST_ASSERT_EQUAL(fpk_pci_config_read(d, &v32, 0, 0), -EINVAL, "zero length");
	v32 = 0xa5a5a5a5;
	TEST_ASSERT_EQUAL(fpk_pci_config_write(d, &v32, 4, 0x200), 4, "write");
	TEST_ASSERT(memcmp(fake_dev("0000:00:02.0")->cfg + 0x200, &v32, 4) == 0, "written");

	/* Capabilities: standard (repeating vendor ones) and extended. */
	TEST_ASSERT_EQUAL(fpk_pci_find_capability(d, 0x10), 0x70, "PCIe");
	TEST_ASSERT_EQUAL(fpk_pci_find_capability(d, 0x11), 0xa0, "MSI-X");
	TEST_ASSERT_EQUAL(fpk_pci_find_capability(d, 0x09), 0x60, "first vendor cap");
	TEST_ASSERT_EQUAL(fpk_pci_find_next_capability(d, 0x09, 0x60), 0x80, "second");
	TEST_ASSERT_EQUAL(fpk_pci_find_next_capability(d, 0x09, 0x80), 0, "no third");
	TEST_ASSERT_EQUAL(fpk_pci_find_capability(d, 0x12), 0, "absent");
	TEST_ASSERT_EQUAL(fpk_pci_find_ext_capability(d, 0x0001), 0x100, "AER");
	TEST_ASSERT_EQUAL(fpk_pci_find_ext_capability(d, 0x0003), 0x140, "serial number");
	TEST_ASSERT_EQUAL(fpk_pci_find_ext_capability(d, 0x000b), 0, "absent ext");
	fake_dev("0000:00:02.0")->cfg[0xa1] = 0x40; /* a looping list ends too */
	TEST_ASSERT_EQUAL(fpk_pci_find_capability(d, 0x12), 0, "loop");
	fake_dev("0000:00:02.0")->cfg[6] = 0; /* no capability list */
	TEST_ASSERT_EQUAL(fpk_pci_find_capability(d, 0x10), 0, "no list");

	/* Bus mastering and reset. */
	TEST_ASSERT(fake_dev("0000:00:02.0")->cfg[4] & 0x4, "bus master on after open");
	TEST_ASSERT_SUCCESS(fpk_pci_set_bus_master(d, false), "off");
	TEST_ASSERT(!(fake_dev("0000:00:02.0")->cfg[4] & 0x4) &&
		    (fake_dev("0000:00:02.0")->cfg[4] & 0x3) == 0x3, "only the master bit");
	TEST_ASSERT_SUCCESS(fpk_pci_set_bus_master(d, true), "on");
	TEST_ASSERT_SUCCESS(fpk_pci_reset(d), "reset");
	TEST_ASSERT_EQUAL(fake_dev("0000:00:02.0")->resets, 1u, "reset done");

	/* MMIO BAR: inline accessors on the mapping. */
	fpk_pci_write32(d, 0, 0x5400, 0x00fb5452);
	fpk_pci_write16(d, 0, 0x5404, 0x0201);
	fpk_pci_write8(d, 0, 0x8, 0x80);
	TEST_ASSERT_EQUAL(*(volatile uint32_t *)FPK_PTR_ADD(d->bar[0].addr, 0x5400), 0x00fb5452u,
			  "write32 lands");
	TEST_ASSERT_EQUAL(fpk_pci_read32(d, 0, 0x5400), 0x00fb5452u, "read32");
	TEST_ASSERT_EQUAL(fpk_pci_read16(d, 0, 0x5404), 0x0201, "read16");
	TEST_ASSERT_EQUAL(fpk_pci_read8(d, 0, 0x8), 0x80, "read8");

	/* I/O BAR: the same accessors go through pread/pwrite. */
	fpk_pci_write32(d, 2, 0, 0x11223344);
	fpk_pci_write16(d, 2, 4, 0xbeef);
	fpk_pci_write8(d, 2, 0x14, 0x52);
	TEST_ASSERT(io[0] == 0x44 && io[3] == 0x11 && io[4] == 0xef && io[5] == 0xbe &&
		    io[0x14] == 0x52, "little-endian I/O writes");
	TEST_ASSERT_EQUAL(fpk_pci_read32(d, 2, 0), 0x11223344u, "read32 I/O");
	TEST_ASSERT_EQUAL(fpk_pci_read16(d, 2, 4), 0xbeef, "read16 I/O");
	TEST_ASSERT_EQUAL(fpk_pci_read8(d, 2, 0x14), 0x52, "read8 I/O");
	TEST_ASSERT_EQUAL(fpk_pci_read32(d, 2, 30), UINT32_MAX, "past the BAR: all ones");
	TEST_ASSERT_EQUAL(fpk_pci_read32(d, 1, 0), UINT32_MAX, "absent BAR: all ones");
	TEST_ASSERT(fake_logged("invalid access to BAR2 (offset 0x1e, 4 bytes)"), "logged");

	TEST_ASSERT_SUCCESS(fpk_pci_device_remove(d), "remove");
	TEST_ASSERT_EQUAL(fpk_pci_config_read(d, &v32, 4, 0), -ENODEV, "closed device");
	TEST_ASSERT_EQUAL(fpk_pci_reset(d), -ENODEV, "reset closed");
	TEST_ASSERT_EQUAL(fpk_pci_set_bus_master(d, true), -ENODEV, "bus master closed");
	return TEST_SUCCESS;
}

static int
no_reset_case(void)
{
	TEST_ASSERT_SUCCESS(pci_probe(), "probe");
	TEST_ASSERT_EQUAL(fpk_pci_reset(fpk_pci_device_get("0000:00:02.0")), -ENOTSUP,
			  "no reset");
	return TEST_SUCCESS;
}

static int
config_bars(void)
{
	struct fake_dev_spec no_reset = nic_cdev;

	no_reset.no_reset = true;
	WITH_DEVICES(&nic_cdev, 1, access_case);
	WITH_DEVICES(&no_reset, 1, no_reset_case);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pci_access, config_bars)

/* ----------------------------------------------------------- interrupts */

static volatile int hits[4];
static volatile int order[8];
static volatile int norder;
static volatile int block_release;

static void
intr_cb(struct fpk_pci_device *dev, unsigned int vec, void *arg)
{
	(void)dev;
	(void)arg;
	order[__atomic_fetch_add(&norder, 1, __ATOMIC_SEQ_CST) % 8] = (int)vec;
	__atomic_fetch_add(&hits[vec], 1, __ATOMIC_SEQ_CST);
}

/* Holds the interrupt thread until the test lets it go. */
static void
blocking_cb(struct fpk_pci_device *dev, unsigned int vec, void *arg)
{
	intr_cb(dev, vec, arg);
	while (!__atomic_load_n(&block_release, __ATOMIC_ACQUIRE))
		sched_yield();
}

static void
fire(const struct fake_dev *fd, unsigned int vec)
{
	uint64_t one = 1;

	if (write(fd->irq_fds[vec], &one, sizeof(one)) != sizeof(one))
		printf("  eventfd write failed\n");
}

static bool
wait_hits(unsigned int vec, int n)
{
	for (int i = 0; i < 2000; i++) {
		if (__atomic_load_n(&hits[vec], __ATOMIC_SEQ_CST) >= n)
			return true;
		usleep(1000);
	}
	return false;
}

static int
intr_case(void)
{
	struct fpk_pci_device *d;
	struct fake_dev *fd = fake_dev("0000:00:02.0");

	memset((void *)hits, 0, sizeof(hits));
	norder = 0;
	block_release = 0;
	TEST_ASSERT_SUCCESS(pci_probe(), "probe");
	d = fpk_pci_device_get("0000:00:02.0");

	TEST_ASSERT_EQUAL(fpk_pci_intr_enable(d, FPK_PCI_INTR_MSIX, 5), -EINVAL, "too many");
	TEST_ASSERT_EQUAL(fpk_pci_intr_enable(d, FPK_PCI_INTR_NONE, 1), -EINVAL, "type none");
	TEST_ASSERT_EQUAL(fpk_pci_intr_enable(d, FPK_PCI_INTR_MSIX, 0), -EINVAL, "no vectors");
	TEST_ASSERT_SUCCESS(fpk_pci_intr_enable(d, FPK_PCI_INTR_MSIX, 3), "MSI-X x3");
	TEST_ASSERT(d->intr_type == FPK_PCI_INTR_MSIX && d->intr_nvec == 3, "recorded");
	TEST_ASSERT(fd->irq_index == 2 && fd->irq_count == 3, "kernel told");
	TEST_ASSERT_EQUAL(fpk_pci_intr_enable(d, FPK_PCI_INTR_MSI, 1), -EBUSY, "twice");
	TEST_ASSERT_EQUAL(fpk_pci_intr_callback_register(d, 3, 0, intr_cb, NULL), -EINVAL,
			  "vector not enabled");
	TEST_ASSERT_EQUAL(fpk_pci_intr_callback_register(d, 0, 0x80, intr_cb, NULL), -EINVAL,
			  "bad flags");
	TEST_ASSERT_SUCCESS(fpk_pci_intr_callback_register(d, 0, 0, intr_cb, NULL), "vec 0");
	TEST_ASSERT_EQUAL(fpk_pci_intr_callback_register(d, 0, 0, intr_cb, NULL), -EEXIST,
			  "twice");
	TEST_ASSERT_SUCCESS(fpk_pci_intr_callback_register(d, 1, FPK_PCI_INTR_F_LSC, intr_cb,
							   NULL), "vec 1 (LSC)");
	TEST_ASSERT_SUCCESS(fpk_pci_intr_callback_register(d, 2, 0, blocking_cb, NULL), "vec 2");

	fire(fd, 0);
	TEST_ASSERT(wait_hits(0, 1), "vector 0 delivered");
	/* Hold the thread in vector 2's callback, fire 0 then 1: both come in one
	 * batch, and the link-state vector must be handled first. */
	fire(fd, 2);
	TEST_ASSERT(wait_hits(2, 1), "vector 2 delivered");
	fire(fd, 0);
	fire(fd, 1);
	__atomic_store_n(&block_release, 1, __ATOMIC_RELEASE);
	TEST_ASSERT(wait_hits(0, 2) && wait_hits(1, 1), "both delivered");
	TEST_ASSERT(norder == 4 && order[2] == 1 && order[3] == 0,
		    "LSC first: order %d %d %d %d", order[0], order[1], order[2], order[3]);

	TEST_ASSERT_SUCCESS(fpk_pci_intr_callback_unregister(d, 0), "unregister");
	TEST_ASSERT_EQUAL(fpk_pci_intr_callback_unregister(d, 0), -ENOENT, "twice");
	fire(fd, 0);
	fire(fd, 1);
	TEST_ASSERT(wait_hits(1, 2), "vector 1 still delivered");
	TEST_ASSERT_EQUAL(hits[0], 2, "vector 0 silent after unregister");

	TEST_ASSERT_SUCCESS(fpk_pci_intr_disable(d), "disable");
	TEST_ASSERT(d->intr_type == FPK_PCI_INTR_NONE && fd->irq_index == -1, "off");
	TEST_ASSERT_SUCCESS(fpk_pci_intr_disable(d), "disable twice");

	/* INTx: masked by the kernel on each interrupt, unmasked by the bus. */
	TEST_ASSERT_EQUAL(fpk_pci_intr_enable(d, FPK_PCI_INTR_INTX, 2), -EINVAL, "INTx x2");
	TEST_ASSERT_SUCCESS(fpk_pci_intr_enable(d, FPK_PCI_INTR_INTX, 1), "INTx");
	TEST_ASSERT_SUCCESS(fpk_pci_intr_callback_register(d, 0, 0, intr_cb, NULL), "cb");
	TEST_ASSERT_EQUAL(fd->unmasks, 1u, "unmasked when a handler exists");
	fire(fd, 0);
	TEST_ASSERT(wait_hits(0, 3), "INTx delivered");
	for (int i = 0; i < 1000 && fd->unmasks < 2; i++)
		usleep(1000);
	TEST_ASSERT_EQUAL(fd->unmasks, 2u, "unmasked after the handler");
	TEST_ASSERT_SUCCESS(fpk_pci_intr_disable(d), "disable");

	/* AUTO takes MSI-X and caps the count at what the device has. */
	TEST_ASSERT_SUCCESS(fpk_pci_intr_enable(d, FPK_PCI_INTR_AUTO, 64), "auto");
	TEST_ASSERT(d->intr_type == FPK_PCI_INTR_MSIX && d->intr_nvec == 4, "MSI-X x4");
	/* Left enabled: the device's close switches it off. */
	return TEST_SUCCESS;
}

static int
intr(void)
{
	WITH_DEVICES(&nic_cdev, 1, intr_case);
	TEST_ASSERT_EQUAL(fk.open_fds, 0u, "every fd closed");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pci_intr, intr)
