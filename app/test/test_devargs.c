/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device arguments as users mistype them: numbers in kvargs (decimal or
 * 0x hex, never octal), device names with blanks or control characters,
 * a device both blocked and created, and the errno fpk_eal_init() ends
 * with when a --vdev argument is bad.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <fpk_bus_vdev.h>
#include <fpk_eal.h>
#include <fpk_ethdev.h>
#include <fpk_kvargs.h>

#include "test.h"

static int
kvargs_u64(void)
{
	static const struct {
		const char *text;
		uint64_t want;
	} good[] = {
		{ "0", 0 }, { "7", 7 }, { "010", 10 }, { "08", 8 }, { "0009", 9 },
		{ "0x10", 16 }, { "0X1f", 31 }, { "0x0", 0 }, { "0xffffffffffffffff", UINT64_MAX },
		{ "18446744073709551615", UINT64_MAX },
	};
	static const char *const bad[] = {
		"", "x", "0x", "0xg", "0x-1", "0x 1", "-1", "+1", " 1", "1 ", "1x", "08x",
		"18446744073709551616", "0x10000000000000000", "1.5", "0b1",
	};

	for (size_t i = 0; i < FPK_DIM(good); i++) {
		uint64_t v = 12345;

		TEST_ASSERT_SUCCESS(fpk_kvargs_parse_u64("k", good[i].text, &v), "'%s' refused",
				    good[i].text);
		TEST_ASSERT_EQUAL(v, good[i].want, "'%s' read as %llu, expected %llu",
				  good[i].text, (unsigned long long)v,
				  (unsigned long long)good[i].want);
	}
	for (size_t i = 0; i < FPK_DIM(bad); i++) {
		uint64_t v = 12345;

		TEST_ASSERT_EQUAL(fpk_kvargs_parse_u64("k", bad[i], &v), -EINVAL,
				  "'%s' accepted", bad[i]);
		TEST_ASSERT_EQUAL(v, 12345u, "'%s' changed the value on error", bad[i]);
	}
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(devargs_kvargs_u64, kvargs_u64)

/* Names with a blank or a control character make no device (and no port). */
static int
vdev_names(void)
{
	static const char *const bad[] = {
		"net_null_nm0 ", " net_null_nm0", "net_null_nm 0", "net_null_nm0\t",
		"net_null_nm0\n", "net_null_nm\001x0", "net_null_nm0\x7f",
	};
	uint16_t n0 = fpk_eth_dev_count_avail(), port;

	for (size_t i = 0; i < FPK_DIM(bad); i++) {
		TEST_ASSERT_EQUAL(fpk_vdev_create(bad[i], ""), -EINVAL, "name %zu accepted", i);
		TEST_ASSERT(fpk_eth_dev_get_port_by_name(bad[i], &port) != 0,
			    "name %zu made a port", i);
	}
	TEST_ASSERT_EQUAL(fpk_eth_dev_count_avail(), n0, "a refused name left a port");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(devargs_vdev_names, vdev_names)

/*
 * The command line: each mistake is refused with its own message, and
 * fpk_eal_init() ends with EINVAL ("Invalid argument"), not ENODEV.
 */
static int
cmdline(void)
{
	static const struct {
		const char *args[8];
		const char *want;
	} cases[] = {
		{ { "-b", "net_null0", "--vdev", "net_null0" },
		  "it cannot be both blocked and created" },
		{ { "--vdev", "net_null0", "-b", "net_null0" },
		  "it cannot be both created and blocked" },
		{ { "--vdev", "net_null0", "--vdev", "net_null0,size=64" },
		  "device 'net_null0' is given twice to --vdev" },
		{ { "--vdev", "net_null0 " }, "in --vdev 'net_null0 ': character 10 is a space" },
		{ { "--vdev", "net_null0\t,size=64" }, "character 10 is a control character" },
		{ { "-b", "0000:00:02.0 " }, "in -b '0000:00:02.0 ': character 13 is a space" },
		{ { "--vdev", "net_null0 " }, "EAL init failed: Invalid argument" },
		{ { "--vdev", "net_null0,size=abc" }, "EAL init failed: Invalid argument" },
		{ { "--vdev", "net_null0,bogus=1" }, "EAL init failed: Invalid argument" },
		{ { "--vdev", "net_null0,size=0" }, "EAL init failed: Invalid argument" },
		{ { "--vdev", "net_nosuchdriver0" }, "EAL init failed: Invalid argument" },
	};
	static const char *const app[] = { "--list", NULL };

	for (size_t i = 0; i < FPK_DIM(cases); i++) {
		const char *eal[12] = { "-l", "0", "--no-huge", "--no-pci" };

		for (unsigned int j = 0; cases[i].args[j] != NULL; j++)
			eal[4 + j] = cases[i].args[j];
		TEST_RUN(fpk_test_run_self(eal, app, NULL, 1, cases[i].want));
	}
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(devargs_cmdline, cmdline)
