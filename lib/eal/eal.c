/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fpk_eal_init() and fpk_eal_cleanup(): the order things come up in
 * (options, logging, cycle counter, lcores, runtime files, memory, buses)
 * and go down in (buses and other cleanup handlers first, so devices stop
 * DMA before the memory they could write to is unmapped).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eal_private.h"
#include "fpk_bus.h"

#define MAX_CLEANUP 32

static struct eal_config config;
static bool initialized;
static int runtime_lock_fd = -1;
static char runtime_dir[PATH_MAX];
static struct {
	fpk_eal_cleanup_fn_t fn;
	void *arg;
} cleanups[MAX_CLEANUP];
static unsigned int ncleanups;

bool
fpk_eal_is_initialized(void)
{
	return initialized;
}

enum fpk_iova_mode
fpk_eal_iova_mode_requested(void)
{
	return config.iova_mode;
}

bool
fpk_eal_has_hugepages(void)
{
	return !config.no_huge;
}

const char *
fpk_eal_file_prefix(void)
{
	return config.file_prefix;
}

int
fpk_eal_cleanup_register(fpk_eal_cleanup_fn_t fn, void *arg)
{
	if (fn == NULL)
		return -EINVAL;
	if (ncleanups == MAX_CLEANUP)
		return -ENOMEM;
	cleanups[ncleanups].fn = fn;
	cleanups[ncleanups].arg = arg;
	ncleanups++;
	return 0;
}

/*
 * One primary process per file prefix: a second one would believe it owns
 * devices and memory the first is using. The lock dies with the process.
 */
static int
runtime_dir_init(void)
{
	const char *base = getuid() == 0 ? "/run/fpk" : getenv("XDG_RUNTIME_DIR");
	char path[PATH_MAX + 16];

	if (config.in_memory)
		return 0;
	if (base == NULL)
		base = "/tmp";
	if (getuid() == 0)
		mkdir(base, 0700);
	snprintf(runtime_dir, sizeof(runtime_dir), "%s%s%s", base,
		 getuid() == 0 ? "/" : "/fpk-", config.file_prefix);
	if (mkdir(runtime_dir, 0700) != 0 && errno != EEXIST) {
		FPK_LOG(ERR, EAL, "cannot create runtime directory %s: %s: fix its "
			"permissions or use --in-memory\n", runtime_dir, strerror(errno));
		return -errno;
	}
	snprintf(path, sizeof(path), "%s/config.lock", runtime_dir);
	runtime_lock_fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
	if (runtime_lock_fd < 0) {
		FPK_LOG(ERR, EAL, "cannot open %s: %s: use --in-memory\n", path, strerror(errno));
		return -errno;
	}
	if (flock(runtime_lock_fd, LOCK_EX | LOCK_NB) != 0) {
		FPK_LOG(ERR, EAL, "another FPK process is running with file prefix '%s': "
			"give this one its own --file-prefix (or use --in-memory)\n",
			config.file_prefix);
		close(runtime_lock_fd);
		runtime_lock_fd = -1;
		return -EBUSY;
	}
	return 0;
}

static void
runtime_dir_cleanup(void)
{
	char path[PATH_MAX + 16];

	if (runtime_lock_fd < 0)
		return;
	snprintf(path, sizeof(path), "%s/config.lock", runtime_dir);
	unlink(path);
	rmdir(runtime_dir);
	close(runtime_lock_fd);
	runtime_lock_fd = -1;
}

static void
reset_state(void)
{
	eal_devargs_cleanup();
	eal_log_reset();
}

/* The application's part of --help, printed before the EAL's. */
static fpk_eal_usage_hook_t usage_hook;

fpk_eal_usage_hook_t
fpk_eal_set_usage_hook(fpk_eal_usage_hook_t hook)
{
	fpk_eal_usage_hook_t old = usage_hook;

	usage_hook = hook;
	return old;
}

int
fpk_eal_init(int argc, char **argv)
{
	int consumed, ret;

	if (initialized) {
		FPK_LOG(ERR, EAL, "fpk_eal_init() called twice\n");
		fpk_errno = EALREADY;
		return -1;
	}
	eal_config_defaults(&config);
	consumed = eal_parse_args(argc, argv, &config);
	if (consumed < 0) {
		reset_state();
		fpk_errno = -consumed;
		return -1;
	}
	if (config.help) {
		if (usage_hook)
			usage_hook(argv[0]);
		else
			printf("Usage: %s [EAL options] -- [application options]\n", argv[0]);
		printf("EAL options:\n");
		fpk_eal_usage(stdout);
		exit(0);
	}
	ret = eal_check_lcores(&config);
	if (ret == 0)
		ret = eal_tsc_init();
	if (ret == 0)
		ret = eal_lcore_init(&config);
	if (ret) {
		reset_state();
		fpk_errno = -ret;
		return -1;
	}
	ret = runtime_dir_init();
	if (ret == 0)
		ret = eal_memory_init(&config);
	if (ret) {
		eal_memory_cleanup();
		runtime_dir_cleanup();
		eal_lcore_cleanup();
		reset_state();
		fpk_errno = -ret;
		return -1;
	}
	initialized = true;
	ret = eal_bus_init();
	if (ret) {
		fpk_eal_cleanup();
		fpk_errno = ret == -ENOMEM ? ENOMEM : ENODEV;
		return -1;
	}
	FPK_LOG(INFO, EAL, "FPK %s: %u lcore(s), %s, DMA addresses from '%s'\n",
		FPK_VERSION, config.lcore_count,
		config.no_huge ? "4 KiB pages (--no-huge)" : "hugepages",
		fpk_mem_iova_resolver_name());
	return consumed;
}

int
fpk_eal_cleanup(void)
{
	if (!initialized)
		return -EALREADY;
	/* Handlers (buses first of all) stop DMA before memory goes away. */
	while (ncleanups > 0) {
		ncleanups--;
		cleanups[ncleanups].fn(cleanups[ncleanups].arg);
	}
	eal_intr_cleanup();
	eal_memzone_cleanup();
	eal_memory_cleanup();
	eal_lcore_cleanup();
	runtime_dir_cleanup();
	reset_state();
	initialized = false;
	return 0;
}

void
fpk_exit(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (initialized)
		fpk_eal_cleanup();
	exit(code);
}
