/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mempool: a fixed number of fixed-size objects in memzone memory, handed
 * out and taken back without locks, system calls or allocation. Free
 * objects sit in a ring shared by all threads; each EAL lcore also keeps a
 * private stack of them (its cache) so most gets and puts touch no shared
 * cache line. Threads that are not EAL lcores go to the ring directly.
 *
 * Every object is preceded by a one-cache-line header (owning pool, DMA
 * address, guard and state cookies) and, in debug builds (FPK_DEBUG),
 * followed by a trailer cookie. fpk_mempool_audit() checks them all; debug
 * builds also check and flip the state cookie on every get and put, so a
 * double put is caught where it happens.
 *
 * Usage mirrors DPDK's rte_mempool.
 */
#ifndef FPK_MEMPOOL_H
#define FPK_MEMPOOL_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <fpk_common.h>
#include <fpk_lcore.h>
#include <fpk_memzone.h>
#include <fpk_ring.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Longest pool name, terminating NUL included. */
#define FPK_MEMPOOL_NAMESIZE 24
/** Largest per-lcore cache (objects), as in DPDK. */
#define FPK_MEMPOOL_CACHE_MAX_SIZE 512
/** Memory chunks (memzones) one pool's objects may be spread over. */
#define FPK_MEMPOOL_MAX_CHUNKS 16

/** Puts come from one thread at a time: the ring skips its CAS. */
#define FPK_MEMPOOL_F_SP_PUT 0x0001
/** Gets come from one thread at a time. */
#define FPK_MEMPOOL_F_SC_GET 0x0002
/**
 * Objects are never given to a device, so they may straddle pages whose
 * DMA addresses are not contiguous (saves the gaps that avoiding it costs).
 */
#define FPK_MEMPOOL_F_NO_IOVA_CONTIG 0x0004

/*
 * Cookie values, chosen to read as ASCII in a hex dump of the header
 * ("!eerFKPF" is FREE, little-endian).
 */
#define FPK_MEMPOOL_COOKIE_GUARD UINT64_C(0x64726175474b5046)   /* "FPKGuard" */
#define FPK_MEMPOOL_COOKIE_FREE  UINT64_C(0x2165657246 4b5046)
