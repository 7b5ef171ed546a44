/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Lcore threads. Each worker is a pthread pinned to its CPU that sleeps on
 * a condition variable until fpk_eal_remote_launch() hands it a function.
 * Launching is slow path; the function it runs is the fast path.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "eal_numa.h"
#include "eal_private.h"

struct lcore_state {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	enum fpk_lcore_state state;
	fpk_lcore_function_t fn;
	void *arg;
	int ret;
	int cpu;
	int socket;
	bool enabled;
	bool quit;
	bool started;
};

__thread unsigned int fpk_lcore_id_tls = FPK_LCORE_ID_ANY;

static struct lcore_state lcores[FPK_MAX_LCORE];
static unsigned int lcore_count;
static unsigned int main_lcore;
static unsigned int numa_nodes = 1;
static bool numa_ok;

int
eal_cpu_socket(int cpu)
{
	int node;

	if (!numa_ok)
		return 0;
	node = numa_node_of_cpu(cpu);
	return node < 0 ? 0 : node;
}

unsigned int
eal_numa_nodes(void)
{
	return numa_nodes;
}

static void *
worker_main(void *p)
{
	struct lcore_state *lc = p;

	fpk_lcore_id_tls = (unsigned int)(lc - lcores);
	pthread_mutex_lock(&lc->lock);
	for (;;) {
		while (lc->state != FPK_LCORE_RUNNING && !lc->quit)
			pthread_cond_wait(&lc->cond, &lc->lock);
		if (lc->quit)
			break;
		pthread_mutex_unlock(&lc->lock);
		lc->ret = lc->fn(lc->arg);
		pthread_mutex_lock(&lc->lock);
		lc->state = FPK_LCORE_FINISHED;
		pthread_cond_broadcast(&lc->cond);
	}
	pthread_mutex_unlock(&lc->lock);
	return NULL;
}

static int
pin(pthread_t t, int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return pthread_setaffinity_np(t, sizeof(set), &set);
}

int
eal_lcore_init(const struct eal_config *cfg)
{
	int ret;

	numa_ok = numa_available() >= 0;
	numa_nodes = numa_ok ? (unsigned int)numa_max_node() + 1 : 1;
	if (numa_nodes > FPK_MAX_NUMA_NODES) {
		FPK_LOG(WARNING, EAL, "%u NUMA nodes but the build tracks %u: "
			"rebuild with -Dmax_numa_nodes=%u\n", numa_nodes,
			FPK_MAX_NUMA_NODES, numa_nodes);
		numa_nodes = FPK_MAX_NUMA_NODES;
	}
	main_lcore = cfg->main_lcore;
	lcore_count = cfg->lcore_count;
	for (unsigned int i = 0; i < FPK_MAX_LCORE; i++) {
		struct lcore_state *lc = &lcores[i];

		memset(lc, 0, sizeof(*lc));
		lc->cpu = cfg->lcore_cpu[i];
		lc->enabled = lc->cpu >= 0;
		if (!lc->enabled)
			continue;
		lc->socket = eal_cpu_socket(lc->cpu);
		lc->state = FPK_LCORE_WAIT;
		pthread_mutex_init(&lc->lock, NULL);
		pthread_cond_init(&lc->cond, NULL);
	}
	fpk_lcore_id_tls = main_lcore;
	ret = pin(pthread_self(), lcores[main_lcore].cpu);
	if (ret) {
		FPK_LOG(ERR, EAL, "cannot pin the main lcore to CPU %d: %s\n",
			lcores[main_lcore].cpu, strerror(ret));
		return -ret;
	}
	for (unsigned int i = 0; i < FPK_MAX_LCORE; i++) {
		struct lcore_state *lc = &lcores[i];
		char name[16];

		if (!lc->enabled || i == main_lcore)
			continue;
		ret = pthread_create(&lc->thread, NULL, worker_main, lc);
		if (ret) {
			FPK_LOG(ERR, EAL, "cannot create the thread of lcore %u: %s\n", i,
				strerror(ret));
			eal_lcore_cleanup();
			return -ret;
		}
		lc->started = true;
		snprintf(name, sizeof(name), "fpk-lcore-%u", i);
		pthread_setname_np(lc->thread, name);
		ret = pin(lc->thread, lc->cpu);
		if (ret) {
			FPK_LOG(ERR, EAL, "cannot pin lcore %u to CPU %d: %s\n", i, lc->cpu,
				strerror(ret));
			eal_lcore_cleanup();
			return -ret;
		}
	}
	FPK_LOG(DEBUG, EAL, "%u lcores, main lcore %u on CPU %d, %u NUMA node(s)\n",
		lcore_count, main_lcore, lcores[main_lcore].cpu, numa_nodes);
	return 0;
}

void
eal_lcore_cleanup(void)
{
	for (unsigned int i = 0; i < FPK_MAX_LCORE; i++) {
		struct lcore_state *lc = &lcores[i];

		if (!lc->started)
			continue;
		pthread_mutex_lock(&lc->lock);
		lc->quit = true;
		pthread_cond_broadcast(&lc->cond);
		pthread_mutex_unlock(&lc->lock);
		pthread_join(lc->thread, NULL);
		lc->started = false;
	}
	for (unsigned int i = 0; i < FPK_MAX_LCORE; i++) {
		if (lcores[i].enabled) {
			pthread_mutex_destroy(&lcores[i].lock);
			pthread_cond_destroy(&lcores[i].cond);
		}
		lcores[i].enabled = false;
	}
	lcore_count = 0;
	fpk_lcore_id_tls = FPK_LCORE_ID_ANY;
}

unsigned int
fpk_get_main_lcore(void)
{
	return main_lcore;
}

unsigned int
fpk_lcore_count(void)
{
	return lcore_count;
}

int
fpk_lcore_is_enabled(unsigned int lcore_id)
{
	return lcore_id < FPK_MAX_LCORE && lcores[lcore_id].enabled;
}

int
fpk_lcore_to_cpu_id(unsigned int lcore_id)
{
	return fpk_lcore_is_enabled(lcore_id) ? lcores[lcore_id].cpu : -1;
}

int
fpk_lcore_to_socket_id(unsigned int lcore_id)
{
	return fpk_lcore_is_enabled(lcore_id) ? lcores[lcore_id].socket : 0;
}

int
fpk_socket_id(void)
{
	unsigned int id = fpk_lcore_id();

	return id < FPK_MAX_LCORE ? lcores[id].socket : FPK_SOCKET_ID_ANY;
}

unsigned int
fpk_socket_count(void)
{
	return numa_nodes;
}

unsigned int
fpk_get_next_lcore(unsigned int i, int skip_main, int wrap)
{
	for (unsigned int n = 0; n < FPK_MAX_LCORE; n++) {
		i++;
		if (i >= FPK_MAX_LCORE) {
			if (!wrap)
				return FPK_MAX_LCORE;
			i = 0;
		}
		if (!lcores[i].enabled || (skip_main && i == main_lcore))
			continue;
		return i;
	}
	return FPK_MAX_LCORE;
}

int
fpk_eal_remote_launch(fpk_lcore_function_t f, void *arg, unsigned int worker_id)
{
	struct lcore_state *lc;
	int ret = 0;

	if (f == NULL || !fpk_lcore_is_enabled(worker_id) || worker_id == main_lcore)
		return -EINVAL;
	lc = &lcores[worker_id];
	pthread_mutex_lock(&lc->lock);
	if (lc->state != FPK_LCORE_WAIT) {
		ret = -EBUSY;
	} else {
		lc->fn = f;
		lc->arg = arg;
		lc->state = FPK_LCORE_RUNNING;
		pthread_cond_broadcast(&lc->cond);
	}
	pthread_mutex_unlock(&lc->lock);
	return ret;
}

int
fpk_eal_mp_remote_launch(fpk_lcore_function_t f, void *arg, enum fpk_rmt_call_main call_main)
{
	unsigned int i;
	int ret;

	FPK_LCORE_FOREACH_WORKER(i) {
		if (lcores[i].state != FPK_LCORE_WAIT)
			return -EBUSY;
	}
	FPK_LCORE_FOREACH_WORKER(i) {
		ret = fpk_eal_remote_launch(f, arg, i);
		if (ret)
			return ret;
	}
	if (call_main == FPK_CALL_MAIN) {
		lcores[main_lcore].ret = f(arg);
		lcores[main_lcore].state = FPK_LCORE_WAIT;
	}
	return 0;
}

int
fpk_eal_wait_lcore(unsigned int worker_id)
{
	struct lcore_state *lc;
	int ret = 0;

	if (!fpk_lcore_is_enabled(worker_id) || worker_id == main_lcore)
		return 0;
	lc = &lcores[worker_id];
	pthread_mutex_lock(&lc->lock);
	while (lc->state == FPK_LCORE_RUNNING)
		pthread_cond_wait(&lc->cond, &lc->lock);
	if (lc->state == FPK_LCORE_FINISHED) {
		ret = lc->ret;
		lc->state = FPK_LCORE_WAIT;
	}
	pthread_mutex_unlock(&lc->lock);
	return ret;
}

void
fpk_eal_mp_wait_lcore(void)
{
	unsigned int i;

	FPK_LCORE_FOREACH_WORKER(i)
		fpk_eal_wait_lcore(i);
}

enum fpk_lcore_state
fpk_eal_get_lcore_state(unsigned int lcore_id)
{
	enum fpk_lcore_state s;

	if (!fpk_lcore_is_enabled(lcore_id) || lcore_id == main_lcore)
		return FPK_LCORE_WAIT;
	pthread_mutex_lock(&lcores[lcore_id].lock);
	s = lcores[lcore_id].state;
	pthread_mutex_unlock(&lcores[lcore_id].lock);
	return s;
}
