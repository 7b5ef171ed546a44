/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The interrupt service (fpk_intr.h): one epoll thread per process for
 * every bus and driver. Epoll events carry a source id, not a pointer,
 * and each one is looked up under the lock just before its handler runs,
 * so a source removed by an earlier handler of the same wake-up is never
 * called.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "eal_private.h"
#include "fpk_intr.h"

#define WAKE_ID 0 /* epoll id of the thread's own wake-up eventfd */
#define MAX_EVENTS 16

struct intr_source {
	uint64_t id;
	int fd;
	uint32_t flags;
	fpk_intr_handler_t handler;
	void *arg;
};

static struct {
	pthread_mutex_t lock;
	int epfd;
	int wake_fd;
	pthread_t thread;
	bool running;
	bool stop;
	uint64_t next_id;
	struct intr_source *src;
	unsigned int nsrc;
	unsigned int cap;
} intr = {
	.lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP,
	.epfd = -1,
	.wake_fd = -1,
	.next_id = WAKE_ID + 1,
};

void
fpk_intr_lock(void)
{
	pthread_mutex_lock(&intr.lock);
}

void
fpk_intr_unlock(void)
{
	pthread_mutex_unlock(&intr.lock);
}

static struct intr_source *
find_source(uint64_t id)
{
	for (unsigned int i = 0; i < intr.nsrc; i++)
		if (intr.src[i].id == id)
			return &intr.src[i];
	return NULL;
}

/* Run the handler of the source @id if it still exists and matches @first. */
static void
dispatch(uint64_t id, bool first)
{
	struct intr_source *s = find_source(id);

	if (s && !!(s->flags & FPK_INTR_F_FIRST) == first)
		s->handler(s->fd, s->arg); /* may move or remove entries of intr.src */
}

static void *
intr_thread(void *arg)
{
	struct epoll_event ev[MAX_EVENTS];

	(void)arg;
	for (;;) {
		int n = epoll_wait(intr.epfd, ev, MAX_EVENTS, -1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			FPK_LOG(ERR, EAL, "interrupt thread: epoll_wait: %s: interrupts stop\n",
				strerror(errno));
			return NULL;
		}
		fpk_intr_lock();
		for (int pass = 1; pass >= 0 && !intr.stop; pass--)
			for (int i = 0; i < n && !intr.stop; i++)
				dispatch(ev[i].data.u64, pass == 1);
		if (intr.stop) {
			fpk_intr_unlock();
			return NULL;
		}
		fpk_intr_unlock();
	}
}

static int
intr_start(void)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = WAKE_ID };
	sigset_t all, old;
	int ret;

	intr.epfd = epoll_create1(EPOLL_CLOEXEC);
	intr.wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (intr.epfd < 0 || intr.wake_fd < 0 ||
	    epoll_ctl(intr.epfd, EPOLL_CTL_ADD, intr.wake_fd, &ev)) {
		ret = -errno;
		goto fail;
	}
	/* Signals must reach the application's threads, never this one. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = -pthread_create(&intr.thread, NULL, intr_thread, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret)
		goto fail;
	pthread_setname_np(intr.thread, "fpk-intr");
	intr.running = true;
	return 0;
fail:
	FPK_LOG(ERR, EAL, "cannot start the interrupt thread: %s\n", strerror(-ret));
	if (intr.epfd >= 0)
		close(intr.epfd);
	if (intr.wake_fd >= 0)
		close(intr.wake_fd);
	intr.epfd = intr.wake_fd = -1;
	return ret;
}

int
fpk_intr_source_add(int fd, uint32_t flags, fpk_intr_handler_t handler, void *arg,
		    uint64_t *id)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int ret = 0;

	if (fd < 0 || handler == NULL || id == NULL || (flags & ~FPK_INTR_F_FIRST))
		return -EINVAL;
	fpk_intr_lock();
	if (!intr.running)
		ret = intr_start();
	if (ret == 0 && intr.nsrc == intr.cap) {
		unsigned int cap = intr.cap ? 2 * intr.cap : 16;
		struct intr_source *n = realloc(intr.src, cap * sizeof(*n));

		if (n == NULL) {
			ret = -ENOMEM;
		} else {
			intr.src = n;
			intr.cap = cap;
		}
	}
	if (ret == 0) {
		ev.data.u64 = intr.next_id;
		if (epoll_ctl(intr.epfd, EPOLL_CTL_ADD, fd, &ev)) {
			ret = -errno;
			FPK_LOG(ERR, EAL, "interrupt source fd %d: epoll_ctl: %s\n", fd, strerror(errno));
		}
	}
	if (ret == 0) {
		intr.src[intr.nsrc++] = (struct intr_source){
			.id = intr.next_id, .fd = fd, .flags = flags, .handler = handler, .arg = arg,
		};
		*id = intr.next_id++;
	}
	fpk_intr_unlock();
	return ret;
}

int
fpk_intr_source_set_flags(uint64_t id, uint32_t flags)
{
	struct intr_source *s;
	int ret = -ENOENT;

	if (flags & ~FPK_INTR_F_FIRST)
		return -EINVAL;
	fpk_intr_lock();
	s = find_source(id);
	if (s) {
		s->flags = flags;
		ret = 0;
	}
	fpk_intr_unlock();
	return ret;
}

int
fpk_intr_source_remove(uint64_t id)
{
	struct intr_source *s;
	int ret = -ENOENT;

	fpk_intr_lock();
	s = find_source(id);
	if (s) {
		epoll_ctl(intr.epfd, EPOLL_CTL_DEL, s->fd, NULL);
		*s = intr.src[--intr.nsrc];
		ret = 0;
	}
	fpk_intr_unlock();
	return ret;
}

void
eal_intr_cleanup(void)
{
	uint64_t one = 1;

	if (!intr.running)
		return;
	fpk_intr_lock();
	intr.stop = true;
	fpk_intr_unlock();
	if (write(intr.wake_fd, &one, sizeof(one)) != (ssize_t)sizeof(one))
		FPK_LOG(WARNING, EAL, "cannot wake the interrupt thread: %s\n", strerror(errno));
	if (pthread_equal(pthread_self(), intr.thread))
		pthread_detach(intr.thread); /* cleanup called from a handler */
	else
		pthread_join(intr.thread, NULL);
	close(intr.epfd);
	close(intr.wake_fd);
	intr.epfd = intr.wake_fd = -1;
	intr.running = false;
	intr.stop = false;
	free(intr.src);
	intr.src = NULL;
	intr.nsrc = 0;
	intr.cap = 0;
}
