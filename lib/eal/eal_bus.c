/* SPDX-License-Identifier: BSD-3-Clause */
/* The bus list, and scanning/probing/cleaning up all buses. */
#include <errno.h>
#include <string.h>

#include "eal_private.h"
#include "fpk_bus.h"

static struct fpk_bus *bus_head;

void
fpk_bus_register(struct fpk_bus *bus)
{
	struct fpk_bus **pp = &bus_head;

	while (*pp)
		pp = &(*pp)->next;
	bus->next = NULL;
	*pp = bus;
}

struct fpk_bus *
eal_bus_first(void)
{
	return bus_head;
}

struct fpk_bus *
fpk_bus_find_by_name(const char *name)
{
	for (struct fpk_bus *b = bus_head; b; b = b->next)
		if (strcmp(b->name, name) == 0)
			return b;
	return NULL;
}

static void
bus_cleanup(void *arg)
{
	struct fpk_bus *b = arg;

	if (b->cleanup)
		b->cleanup();
}

/*
 * Buses register from constructors nothing calls by name, so a static link
 * that leaves --whole-archive out drops them (and their drivers) without a
 * link error. Devices asked for on such a bus would then be ignored in
 * silence: refuse, naming the cause and the fix.
 */
static int
check_bus_linked(enum fpk_devtype type, const char *opt, const char *bus)
{
	const struct fpk_devargs *da = fpk_devargs_next(type, NULL);

	if (da == NULL || fpk_bus_find_by_name(bus) != NULL)
		return 0;
	FPK_LOG(ERR, EAL, "no driver for %s %s: the %s bus is not linked into this program "
		"(a static link without --whole-archive? link with "
		"$(pkg-config --static --libs libfpk))\n", opt, da->name, bus);
	return -ENODEV;
}

int
eal_bus_init(void)
{
	struct fpk_bus *b;
	int ret;

	ret = check_bus_linked(FPK_DEVTYPE_VIRTUAL, "--vdev", "vdev");
	if (ret == 0)
		ret = check_bus_linked(FPK_DEVTYPE_ALLOWED, "-a", "pci");
	if (ret)
		return ret;
	for (b = bus_head; b; b = b->next) {
		if (b->scan && (ret = b->scan()) < 0) {
			FPK_LOG(ERR, EAL, "bus '%s' scan failed: %s\n", b->name, strerror(-ret));
			return ret;
		}
	}
	/* Cleanup handlers run last-registered first: buses before memory. */
	for (b = bus_head; b; b = b->next) {
		ret = fpk_eal_cleanup_register(bus_cleanup, b);
		if (ret)
			return ret;
	}
	for (b = bus_head; b; b = b->next) {
		if (b->probe && (ret = b->probe()) < 0) {
			FPK_LOG(ERR, EAL, "bus '%s' probe failed: %s\n", b->name, strerror(-ret));
			return ret;
		}
	}
	return 0;
}
