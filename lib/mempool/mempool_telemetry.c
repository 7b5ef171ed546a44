/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The mempool telemetry commands of DPDK 22.11, /mempool/list and
 * /mempool/info,NAME, with its keys and help texts. Both walk the pools
 * (fpk_mempool_walk()), whose lock keeps a pool from being freed while the
 * telemetry thread reads it.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "fpk_memory.h"
#include "fpk_mempool.h"
#include "fpk_telemetry.h"

static void
list_one(struct fpk_mempool *mp, void *arg)
{
	fpk_tel_data_add_array_string(arg, mp->name);
}

static int
handle_list(const char *cmd, const char *params, struct fpk_tel_data *d)
{
	(void)cmd;
	(void)params;
	fpk_tel_data_start_array(d, FPK_TEL_STRING_VAL);
	fpk_mempool_walk(list_one, d);
	return 0;
}

struct info_walk {
	const char *name;
	struct fpk_tel_data *d;
};

/*
 * DPDK's keys. FPK pools have one kind of backing store, so pool_id is
 * the address of the pool's ring and ops_index is 0; the memzone is the
 * one holding the pool's structure, as in DPDK.
 */
static void
info_one(struct fpk_mempool *mp, void *arg)
{
	struct info_walk *w = arg;
	const struct fpk_memseg *ms;

	if (strcmp(mp->name, w->name) != 0)
		return;
	fpk_tel_data_add_dict_string(w->d, "name", mp->name);
	fpk_tel_data_add_dict_uint(w->d, "pool_id", (uintptr_t)mp->ring);
	fpk_tel_data_add_dict_int(w->d, "flags", mp->flags);
	fpk_tel_data_add_dict_int(w->d, "socket_id", mp->socket_id);
	fpk_tel_data_add_dict_int(w->d, "size", mp->size);
	fpk_tel_data_add_dict_int(w->d, "cache_size", mp->cache_size);
	fpk_tel_data_add_dict_int(w->d, "elt_size", mp->elt_size);
	fpk_tel_data_add_dict_int(w->d, "header_size", mp->header_size);
	fpk_tel_data_add_dict_int(w->d, "trailer_size", mp->trailer_size);
	fpk_tel_data_add_dict_int(w->d, "private_data_size", mp->private_data_size);
	fpk_tel_data_add_dict_int(w->d, "ops_index", 0);
	fpk_tel_data_add_dict_int(w->d, "populated_size", mp->size);
	if (mp->mz == NULL)
		return;
	ms = fpk_mem_virt2memseg(mp->mz->addr);
	fpk_tel_data_add_dict_string(w->d, "mz_name", mp->mz->name);
	fpk_tel_data_add_dict_uint(w->d, "mz_len", mp->mz->len);
	fpk_tel_data_add_dict_uint(w->d, "mz_hugepage_sz", ms != NULL ? ms->page_sz : 0);
	fpk_tel_data_add_dict_int(w->d, "mz_socket_id", mp->mz->socket_id);
	fpk_tel_data_add_dict_int(w->d, "mz_flags", mp->mz->flags);
}

/* As DPDK: an unknown pool gets an empty dict, not null. */
static int
handle_info(const char *cmd, const char *params, struct fpk_tel_data *d)
{
	struct info_walk w = { .name = params, .d = d };

	(void)cmd;
	if (params == NULL)
		return -EINVAL;
	fpk_tel_data_start_dict(d);
	fpk_mempool_walk(info_one, &w);
	return 0;
}

__attribute__((constructor)) static void
mempool_telemetry_register(void)
{
	/* DPDK's help texts, word for word. */
	fpk_telemetry_register_cmd("/mempool/list", handle_list,
				   "Returns list of available mempool. Takes no parameters");
	fpk_telemetry_register_cmd("/mempool/info", handle_info,
				   "Returns mempool info. Parameters: pool_name");
}
