/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The smallest FPK application: initialise the EAL, say hello from every
 * lcore, pass a few pointers through a ring in a memzone, count the ports
 * the drivers made (--vdev net_null0 makes one), clean up.
 * It builds in-tree (meson -Dexamples=true) or against an installed libfpk:
 *   cc main.c $(pkg-config --cflags --libs libfpk)
 *   cc -static main.c $(pkg-config --static --cflags --libs libfpk)
 */
#include <stdio.h>
#include <stdlib.h>

#include <fpk_eal.h>
#include <fpk_ethdev.h>
#include <fpk_ring.h>

static int
hello(void *arg)
{
	(void)arg;
	printf("hello from lcore %u on CPU %d\n", fpk_lcore_id(),
	       fpk_lcore_to_cpu_id(fpk_lcore_id()));
	return 0;
}

int
main(int argc, char **argv)
{
	struct fpk_ring *r;
	void *objs[4] = { &argc, &argv, &r, NULL };
	void *out[4];
	int ret;

	ret = fpk_eal_init(argc, argv);
	if (ret < 0)
		fpk_exit(EXIT_FAILURE, "EAL initialisation failed\n");
	fpk_eal_mp_remote_launch(hello, NULL, FPK_CALL_MAIN);
	fpk_eal_mp_wait_lcore();

	r = fpk_ring_create("hello", 8, FPK_SOCKET_ID_ANY, 0);
	if (r == NULL)
		fpk_exit(EXIT_FAILURE, "cannot create a ring\n");
	if (fpk_ring_enqueue_bulk(r, objs, 4, NULL) != 4 ||
	    fpk_ring_dequeue_bulk(r, out, 4, NULL) != 4 || out[2] != &r)
		fpk_exit(EXIT_FAILURE, "ring lost objects\n");
	printf("ring ok: 4 objects through '%s'\n", fpk_ring_get_name(r));
	fpk_ring_free(r);
	printf("ports: %u\n", fpk_eth_dev_count_avail());
	fpk_eal_cleanup();
	return 0;
}
