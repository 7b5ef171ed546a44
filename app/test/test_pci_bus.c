/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI bus, device side: address parsing, id-table matching, the sysfs scan
 * with -a/-b/--no-pci, which devices are taken or skipped and the messages
 * when one cannot be used (not bound to vfio-pci, noiommu mode off), hot
 * removal and probing. Runs on any host: the devices are a fake sysfs tree
 * (test_pci_fake.c).
 */
#include <errno.h>
#include <string.h>

#include <fpk_eal.h>

#include "eal_private.h"
#include "test.h"
#include "test_pci_fake.h"

#define FAKE_NIC(nm, cd) { .name = (nm), .vendor = FAKE_VENDOR, .device = FAKE_DEVICE, \
	.class_id = 0x020000, .driver = "vfio-pci", .group = -1, .cdev = (cd) }

static int
addr_parse(void)
{
	static const struct {
		const char *s;
		int ret;
		uint32_t dom;
		uint8_t bus, dev, fn;
	} cases[] = {
		{ "0000:00:02.0", 0, 0, 0, 2, 0 },
		{ "00:02.0", 0, 0, 0, 2, 0 },
		{ "1:0a:1f.7", 0, 1, 0x0a, 0x1f, 7 },
		{ "10000:FF:00.1", 0, 0x10000, 0xff, 0, 1 },
		{ "00:20.0", -EINVAL, 0, 0, 0, 0 },  /* device > 0x1f */
		{ "00:02.8", -EINVAL, 0, 0, 0, 0 },  /* function > 7 */
		{ "0000:00:02", -EINVAL, 0, 0, 0, 0 },
		{ "0000:00:02.0x", -EINVAL, 0, 0, 0, 0 },
		{ ":00:02.0", -EINVAL, 0, 0, 0, 0 },
		{ "0:0:0:0.0", -EINVAL, 0, 0, 0, 0 },
		{ "100:02.0", -EINVAL, 0, 0, 0, 0 }, /* bus > 0xff */
		{ "net_null0", -EINVAL, 0, 0, 0, 0 },
		{ "", -EINVAL, 0, 0, 0, 0 },
	};

	for (unsigned int i = 0; i < FPK_DIM(cases); i++) {
		struct fpk_pci_addr a = { 0, 0, 0, 0 };

		TEST_ASSERT_EQUAL(pci_parse_addr(cases[i].s, &a), cases[i].ret, "'%s'",
				  cases[i].s);
		if (cases[i].ret)
			continue;
		TEST_ASSERT(a.domain == cases[i].dom && a.bus == cases[i].bus &&
			    a.devid == cases[i].dev && a.function == cases[i].fn,
			    "'%s' -> %x:%x:%x.%x", cases[i].s, a.domain, a.bus, a.devid,
			    a.function);
	}
	TEST_ASSERT_EQUAL(pci_parse_addr(NULL, NULL), -EINVAL, "NULL");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pci_addr_parse, addr_parse)

static int
id_match(void)
{
	const struct fpk_pci_id dev = { .class_id = 0x020000, .vendor_id = 0x8086,
					.device_id = 0x10d3, .subsystem_vendor_id = 0x8086,
					.subsystem_device_id = 0x0001 };
	const struct fpk_pci_id exact = { FPK_PCI_DEVICE(0x8086, 0x10d3) };
	const struct fpk_pci_id other_dev = { FPK_PCI_DEVICE(0x8086, 0x10d4) };
	const struct fpk_pci_id other_vendor = { FPK_PCI_DEVICE(0x1af4, 0x10d3) };
	struct fpk_pci_id e = exact;

	TEST_ASSERT(pci_id_match(&exact, &dev), "vendor/device");
	TEST_ASSERT(!pci_id_match(&other_dev, &dev), "other device");
	TEST_ASSERT(!pci_id_match(&other_vendor, &dev), "other vendor");
	e.device_id = FPK_PCI_ANY_ID;
	TEST_ASSERT(pci_id_match(&e, &dev), "any device of the vendor");
	e.subsystem_vendor_id = 0x8086;
	e.subsystem_device_id = 0x0001;
	TEST_ASSERT(pci_id_match(&e, &dev), "subsystem");
	e.subsystem_device_id = 0x0002;
	TEST_ASSERT(!pci_id_match(&e, &dev), "other subsystem device");
	e = exact;
	e.class_id = 0x020000;
	TEST_ASSERT(pci_id_match(&e, &dev), "class");
	e.class_id = 0x010802;
	TEST_ASSERT(!pci_id_match(&e, &dev), "other class");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pci_id_match, id_match)

/* Devargs are the EAL's: only touch them when fpk-test was given none. */
static bool
devargs_free(void)
{
	return fpk_devargs_count(FPK_DEVTYPE_ALLOWED) + fpk_devargs_count(FPK_DEVTYPE_BLOCKED) +
	       fpk_devargs_count(FPK_DEVTYPE_VIRTUAL) == 0;
}

static void
three_devices(void)
{
	const struct fake_dev_spec s[] = {
		FAKE_NIC("0000:00:02.0", "noiommu-vfio0"),
		FAKE_NIC("0000:00:03.0", "noiommu-vfio1"),
		FAKE_NIC("0000:00:04.0", "noiommu-vfio2"),
	};

	for (unsigned int i = 0; i < FPK_DIM(s); i++)
		fake_add_dev(&s[i]);
}

static int
allow_block_case(void)
{
	struct fpk_pci_device *d;

	/* No lists: every device is scanned, in address order. */
	TEST_ASSERT_SUCCESS(pci_scan(), "scan");
	TEST_ASSERT_NOT_NULL(fpk_pci_device_get("0000:00:02.0"), "found");
	d = fpk_pci_device_get("00:03.0");
	TEST_ASSERT_NOT_NULL(d, "short name finds it");
	TEST_ASSERT(strcmp(d->name, "0000:00:03.0") == 0 && d->id.vendor_id == FAKE_VENDOR &&
		    d->id.device_id == FAKE_DEVICE && d->id.class_id == 0x020000 &&
		    d->id.subsystem_device_id == 0x0001 && d->numa_node == -1 &&
		    d->addr.devid == 3 && d->devargs[0] == '\0', "device record");
	TEST_ASSERT_NULL(fpk_pci_device_get("0000:00:09.0"), "absent");
	TEST_ASSERT_EQUAL(fpk_errno, ENOENT, "errno");
	pci_cleanup();

	/* -a: only those, with their arguments. */
	TEST_ASSERT_SUCCESS(eal_devargs_add(FPK_DEVTYPE_ALLOWED, "00:03.0,rxq=2"), "add -a");
	TEST_ASSERT_SUCCESS(pci_scan(), "scan -a");
	TEST_ASSERT_NULL(fpk_pci_device_get("0000:00:02.0"), "not allowed");
	d = fpk_pci_device_get("0000:00:03.0");
	TEST_ASSERT(d && strcmp(d->devargs, "rxq=2") == 0, "allowed, with its devargs");
	pci_cleanup();
	eal_devargs_cleanup();

	/* -b: all but those. */
	TEST_ASSERT_SUCCESS(eal_devargs_add(FPK_DEVTYPE_BLOCKED, "0000:00:02.0"), "add -b");
	TEST_ASSERT_SUCCESS(pci_scan(), "scan -b");
	TEST_ASSERT_NULL(fpk_pci_device_get("0000:00:02.0"), "blocked");
	TEST_ASSERT_NOT_NULL(fpk_pci_device_get("0000:00:04.0"), "not blocked");
	/* Probe: the blocked device is never opened. */
	fpk_pci_register_driver(&fake_drv);
	TEST_ASSERT_SUCCESS(pci_probe(), "probe");
	TEST_ASSERT(!strstr(fk.log, "open cdev 0000:00:02.0"), "blocked device untouched");
	TEST_ASSERT(strstr(fk.log, "probe 0000:00:03.0") && strstr(fk.log, "probe 0000:00:04.0"),
		    "others probed");
	pci_cleanup();
	eal_devargs_cleanup();

	/* -a naming a device that does not exist, or not a PCI address. */
	TEST_ASSERT_SUCCESS(eal_devargs_add(FPK_DEVTYPE_ALLOWED, "0000:00:09.0"), "add -a");
	TEST_ASSERT_EQUAL(pci_scan(), -ENODEV, "missing -a device");
	TEST_ASSERT(fake_logged("-a 0000:00:09.0: no such PCI device"), "message");
	pci_cleanup();
	eal_devargs_cleanup();
	TEST_ASSERT_SUCCESS(eal_devargs_add(FPK_DEVTYPE_BLOCKED, "net_null0"), "add -b");
	TEST_ASSERT_EQUAL(pci_scan(), -EINVAL, "-b with a non-PCI name");
	TEST_ASSERT(fake_logged("-b 'net_null0' is not a PCI address"), "message");
	pci_cleanup();
	eal_devargs_cleanup();

	/* --no-pci: nothing at all. */
	pci_env.no_pci = true;
	TEST_ASSERT_SUCCESS(pci_scan(), "scan --no-pci");
	TEST_ASSERT_NULL(fpk_pci_device_get("0000:00:02.0"), "nothing scanned");
	return TEST_SUCCESS;
}

static int
allow_block(void)
{
	int ret;

	if (!devargs_free())
		return fpk_test_skip("fpk-test was given -a/-b/--vdev; this test replaces them");
	ret = fake_setup("Y");
	if (ret != TEST_SUCCESS)
		return ret;
	three_devices();
	ret = allow_block_case();
	eal_devargs_cleanup();
	fake_teardown();
	return ret;
}
FPK_TEST_REGISTER(pci_allow_block, allow_block)

static int
binding_case(void)
{
	const struct fake_dev_spec kernel_nic = { .name = "0000:00:05.0", .vendor = FAKE_VENDOR,
		.device = FAKE_DEVICE, .class_id = 0x020000, .driver = "e1000e", .group = -1 };
	const struct fake_dev_spec unbound = { .name = "0000:00:06.0", .vendor = FAKE_VENDOR,
		.device = FAKE_DEVICE, .class_id = 0x020000, .override = "vfio-pci", .group = -1 };
	const struct fake_dev_spec other = { .name = "0000:00:07.0", .vendor = 0x1234,
		.device = 0x1111, .class_id = 0x010802, .driver = "vfio-pci", .group = -1,
		.cdev = "noiommu-vfio7" };

	fake_add_dev(&kernel_nic);
	fake_add_dev(&other);
	fpk_pci_register_driver(&fake_drv);

	/* A device a kernel driver uses, not named with -a: skipped quietly. */
	TEST_ASSERT_SUCCESS(pci_scan(), "scan");
	TEST_ASSERT_SUCCESS(pci_probe(), "probe skips the kernel's device");
	TEST_ASSERT(fk.log[0] == '\0', "nothing opened or probed:\n%s", fk.log);
	TEST_ASSERT_NULL(fpk_pci_device_get("0000:00:05.0")->driver, "no driver");

	/* Named explicitly (hot plug, or -a): an error that says how to bind it. */
	TEST_ASSERT_EQUAL(fpk_pci_device_probe("00:05.0"), -ENODEV, "kernel-bound device");
	TEST_ASSERT(fake_logged("0000:00:05.0 is not bound to vfio-pci (kernel driver: e1000e): "
				"bind it with usertools/fpk-devbind --bind vfio-pci 0000:00:05.0"),
		    "not-bound message");
	/* No driver for these ids: nothing happens to it. */
	TEST_ASSERT_EQUAL(fpk_pci_device_probe("00:07.0"), -ENOENT, "no driver");
	TEST_ASSERT(fake_logged("no PCI driver handles 1234:1111"), "no-driver message");
	pci_cleanup();

	/* driver_override says vfio-pci, but vfio-pci could not bind it. */
	fake_add_dev(&unbound);
	TEST_ASSERT_SUCCESS(pci_scan(), "scan");
	TEST_ASSERT_EQUAL(pci_probe(), -ENODEV, "probe");
	TEST_ASSERT(fake_logged("noiommu mode is off: write 1 to /sys/module/vfio/parameters/"
				"enable_unsafe_noiommu_mode before binding "
				"(usertools/fpk-devbind --noiommu-mode)"), "noiommu-off message");
	return TEST_SUCCESS;
}

static int
binding(void)
{
	int ret = fake_setup("N");

	if (ret != TEST_SUCCESS)
		return ret;
	ret = binding_case();
	fake_teardown();
	if (ret != TEST_SUCCESS)
		return ret;

	/* Without the vfio module at all. */
	ret = fake_setup(NULL);
	if (ret != TEST_SUCCESS)
		return ret;
	fake_add_dev(&(const struct fake_dev_spec){ .name = "0000:00:06.0",
		.vendor = FAKE_VENDOR, .device = FAKE_DEVICE, .class_id = 0x020000,
		.override = "vfio-pci", .group = -1 });
	fpk_pci_register_driver(&fake_drv);
	pci_scan();
	ret = pci_probe() == -ENODEV &&
	      fake_logged("VFIO is not loaded (no /sys/module/vfio): modprobe vfio-pci") ?
	      TEST_SUCCESS : TEST_FAILED;
	fake_teardown();
	TEST_ASSERT_EQUAL(ret, TEST_SUCCESS, "vfio-not-loaded message");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pci_binding, binding)

static int
hotplug_case(void)
{
	struct fpk_pci_device *d;

	fake_add_dev(&(const struct fake_dev_spec)FAKE_NIC("0000:00:02.0", "noiommu-vfio0"));
	fpk_pci_register_driver(&fake_drv);
	TEST_ASSERT_SUCCESS(pci_scan(), "scan");
	TEST_ASSERT_SUCCESS(pci_probe(), "probe");
	d = fpk_pci_device_get("0000:00:02.0");
	TEST_ASSERT(d && d->driver == &fake_drv, "probed");
	TEST_ASSERT_EQUAL(pci_open_count(), 1u, "open");
	TEST_ASSERT_EQUAL(fpk_pci_device_probe("0000:00:02.0"), -EEXIST, "probed twice");
	TEST_ASSERT_EQUAL(fpk_pci_unregister_driver(&fake_drv), -EBUSY, "driver in use");

	TEST_ASSERT_SUCCESS(fpk_pci_device_remove(d), "remove");
	TEST_ASSERT_NULL(d->driver, "no driver");
	TEST_ASSERT_EQUAL(pci_open_count(), 0u, "closed");
	TEST_ASSERT_EQUAL(fk.open_fds, 0u, "every fake fd closed");
	TEST_ASSERT_EQUAL(fpk_pci_device_remove(d), -ENODEV, "removed twice");
	TEST_ASSERT_EQUAL(fpk_pci_device_remove(NULL), -EINVAL, "NULL");
	TEST_ASSERT_EQUAL(fpk_pci_device_remove((struct fpk_pci_device *)&fk), -EINVAL,
			  "not a device of the bus");

	TEST_ASSERT_SUCCESS(fpk_pci_device_probe("00:02.0"), "probe again");
	TEST_ASSERT(d->driver == &fake_drv && pci_open_count() == 1, "back");
	TEST_ASSERT_EQUAL(fpk_pci_device_probe("0000:00:1f.0"), -ENODEV, "no such device");
	TEST_ASSERT_EQUAL(fpk_pci_device_probe("bogus"), -EINVAL, "bad name");

	/* A driver that declines leaves the device closed and unclaimed. */
	TEST_ASSERT_SUCCESS(fpk_pci_device_remove(d), "remove");
	fake_drv_probe_ret = 1;
	TEST_ASSERT_EQUAL(fpk_pci_device_probe("00:02.0"), -ENOENT, "declined");
	TEST_ASSERT_EQUAL(pci_open_count(), 0u, "closed after declining");
	fake_drv_probe_ret = -EIO;
	TEST_ASSERT_EQUAL(fpk_pci_device_probe("00:02.0"), -EIO, "probe error");
	TEST_ASSERT(fake_logged("driver test_fake_nic failed to probe it"), "message");
	TEST_ASSERT_EQUAL(pci_open_count(), 0u, "closed after a failed probe");
	TEST_ASSERT_EQUAL(fk.open_fds, 0u, "every fake fd closed");
	TEST_ASSERT_SUCCESS(fpk_pci_unregister_driver(&fake_drv), "unregister");
	TEST_ASSERT_EQUAL(fpk_pci_unregister_driver(&fake_drv), -ENOENT, "twice");
	return TEST_SUCCESS;
}

static int
hotplug(void)
{
	int ret = fake_setup("Y");

	if (ret != TEST_SUCCESS)
		return ret;
	ret = hotplug_case();
	fake_teardown();
	return ret;
}
FPK_TEST_REGISTER(pci_hotplug, hotplug)
