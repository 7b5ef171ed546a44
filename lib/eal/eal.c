/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fpk_eal_init() and fpk_eal_cleanup(): the order things come up in
 * (options, logging, cycle counter, lcores, runtime files, memory, buses)
 * and go down in (telemetry, then buses and other cleanup handlers, so
 * devices stop DMA before the memory they could write to is unmapped), and
 * the EAL's telemetry commands (/eal/params, /eal/app_params).
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
#include "fpk_telemetry.h"
#include "telemetry_internal.h"

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
/* argv as given to fpk_eal_init(), before and after "--", for telemetry. */
static char **eal_args, **app_args;

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
 * Test hook: FPK_TEST_LOCK_DELAY_MS=N sleeps N ms between opening
 * config.lock and locking it, so that a test can have the owner exit in
 * that window (the race runtime_lock_take() must survive). Only fpk-test
 * sets it; unset, this is one getenv() per start.
 */
static void
lock_test_delay(void)
{
	const char *ms = getenv("FPK_TEST_LOCK_DELAY_MS");

	if (ms != NULL && atoi(ms) > 0)
		fpk_delay_ms_sleep((unsigned int)atoi(ms));
}

/* How often the lock file may be replaced under us before we give up. */
#define LOCK_TRIES 100

/*
 * Lock @path, the prefix's config.lock. An owner that exits unlinks the
 * file while it still holds the lock (runtime_dir_cleanup()), so the lock
 * we get may be on a file already unlinked: we opened it before the owner
 * exited and locked it after. Such a lock excludes no one (the next process
 * creates and locks a new file), so it counts only if the locked fd is
 * still the file at @path; otherwise try again with the new file. The
 * runtime directory may have gone with the old owner too: make it again.
 * @return the locked fd, or a negative errno (logged).
 */
static int
runtime_lock_take(const char *path)
{
	struct stat held, named;

	for (int tries = 0; tries < LOCK_TRIES; tries++) {
		int fd, err;

		if (mkdir(runtime_dir, 0700) != 0 && errno != EEXIST) {
			err = errno;
			FPK_LOG(ERR, EAL, "cannot create runtime directory %s: %s: fix its "
				"permissions or use --in-memory\n", runtime_dir, strerror(err));
			return -err;
		}
		fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
		if (fd < 0 && errno == ENOENT)
			continue; /* the exiting owner removed the directory: make it again */
		if (fd < 0) {
			err = errno;
			FPK_LOG(ERR, EAL, "cannot open %s: %s: fix the permissions of %s or use "
				"--in-memory\n", path, strerror(err), runtime_dir);
			return -err;
		}
		if (tries == 0)
			lock_test_delay();
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			err = errno;
			close(fd);
			if (err != EWOULDBLOCK) {
				FPK_LOG(ERR, EAL, "cannot lock %s: %s: use --in-memory\n", path,
					strerror(err));
				return -err;
			}
			FPK_LOG(ERR, EAL, "another FPK process is running with file prefix '%s': "
				"give this one its own --file-prefix (or use --in-memory)\n",
				config.file_prefix);
			return -EBUSY;
		}
		if (fstat(fd, &held) == 0 && stat(path, &named) == 0 &&
		    held.st_ino == named.st_ino && held.st_dev == named.st_dev)
			return fd;
		/* Unlinked (and maybe replaced) between our open() and flock(). */
		close(fd);
	}
	FPK_LOG(ERR, EAL, "%s was replaced %d times while this process tried to lock it: "
		"other FPK processes with file prefix '%s' keep starting and exiting; "
		"give this one its own --file-prefix (or use --in-memory)\n", path, LOCK_TRIES,
		config.file_prefix);
	return -EBUSY;
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
	int fd;

	if (config.in_memory)
		return 0;
	if (base == NULL)
		base = "/tmp";
	if (getuid() == 0)
		mkdir(base, 0700);
	snprintf(runtime_dir, sizeof(runtime_dir), "%s%s%s", base,
		 getuid() == 0 ? "/" : "/fpk-", config.file_prefix);
	snprintf(path, sizeof(path), "%s/config.lock", runtime_dir);
	fd = runtime_lock_take(path);
	if (fd < 0)
		return fd;
	runtime_lock_fd = fd;
	return 0;
}

/*
 * Unlink the lock file before closing it, while it is still locked: a
 * process that locks the old file after this sees that it is no longer
 * the file at the path (runtime_lock_take()) and takes the new one. Closed
 * first, the file could be locked by a second process and then unlinked
 * here under it, and a third process would lock a new file beside it.
 */
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
free_args(char **args)
{
	for (char **a = args; a != NULL && *a != NULL; a++)
		free(*a);
	free(args);
}

/* NULL-terminated copy of @argv[@from..@to), NULL if out of memory. */
static char **
copy_args(char **argv, int from, int to)
{
	char **copy = calloc((size_t)(to - from) + 1, sizeof(*copy));

	for (int i = from; copy != NULL && i < to; i++) {
		copy[i - from] = strdup(argv[i]);
		if (copy[i - from] == NULL) {
			free_args(copy);
			copy = NULL;
		}
	}
	return copy;
}

/* As DPDK: EAL arguments with argv[0] and without "--"; what follows it. */
static int
save_args(int argc, char **argv)
{
	int dd = 0;

	while (dd < argc && strcmp(argv[dd], "--") != 0)
		dd++;
	eal_args = copy_args(argv, 0, dd);
	app_args = copy_args(argv, dd < argc ? dd + 1 : argc, argc);
	return eal_args != NULL && app_args != NULL ? 0 : -ENOMEM;
}

static int
args_reply(char **args, struct fpk_tel_data *d)
{
	fpk_tel_data_start_array(d, FPK_TEL_STRING_VAL);
	for (char **a = args; a != NULL && *a != NULL; a++)
		fpk_tel_data_add_array_string(d, *a);
	return 0;
}

static int
handle_eal_params(const char *cmd, const char *params, struct fpk_tel_data *d)
{
	(void)cmd;
	(void)params;
	return args_reply(eal_args, d);
}

static int
handle_app_params(const char *cmd, const char *params, struct fpk_tel_data *d)
{
	(void)cmd;
	(void)params;
	return args_reply(app_args, d);
}

__attribute__((constructor)) static void
eal_telemetry_register(void)
{
	/* DPDK's help texts, word for word. */
	fpk_telemetry_register_cmd("/eal/params", handle_eal_params,
				   "Returns EAL commandline parameters used. Takes no parameters");
	fpk_telemetry_register_cmd("/eal/app_params", handle_app_params,
				   "Returns app commandline parameters used. Takes no parameters");
}

/*
 * Telemetry is not worth failing the start for: without it the
 * application still runs, and the warning says why there is no socket.
 * (DPDK 22.11 fails rte_eal_init() instead.)
 */
static void
telemetry_init(void)
{
	char msg[PATH_MAX + 256];
	int ret;

	if (config.no_telemetry)
		return;
	ret = telemetry_start(config.file_prefix, "FPK " FPK_VERSION, msg, sizeof(msg));
	if (ret < 0)
		FPK_LOG(WARNING, EAL, "no telemetry: %s\n", msg);
	else
		FPK_LOG(INFO, EAL, "telemetry socket %s\n", telemetry_socket_path());
}

static void
reset_state(void)
{
	eal_devargs_cleanup();
	eal_log_reset();
	free_args(eal_args);
	free_args(app_args);
	eal_args = app_args = NULL;
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
	if (save_args(argc, argv) < 0) {
		FPK_LOG(ERR, EAL, "out of memory copying the arguments: free some memory\n");
		reset_state();
		fpk_errno = ENOMEM;
		return -1;
	}
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
		/*
		 * The bus's own errno: EINVAL for a bad --vdev or -a argument,
		 * ENODEV for a missing device, and so on. Turning them all into
		 * ENODEV made "No such device" follow every argument error.
		 */
		int err = -ret;

		fpk_eal_cleanup();
		fpk_errno = err;
		return -1;
	}
	telemetry_init();
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
	/* First: its handlers read ports and pools the cleanup handlers free. */
	telemetry_stop();
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
