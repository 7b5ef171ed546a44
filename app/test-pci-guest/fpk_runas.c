/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fpk-runas UID CAPS PROGRAM [ARGS...]: run PROGRAM as user UID (and group
 * UID) keeping only the capabilities CAPS ("sys_rawio,ipc_lock", or "none"),
 * as ambient capabilities so they survive the exec. The guest's busybox
 * setpriv cannot change the user; the bus suite uses this to run the PCI
 * bus unprivileged with exactly the capabilities FPK documents.
 */
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct {
	const char *name;
	int cap;
} known[] = {
	{ "sys_rawio", CAP_SYS_RAWIO },
	{ "ipc_lock", CAP_IPC_LOCK },
};

static int
parse_caps(char *list, unsigned long long *mask)
{
	*mask = 0;
	if (strcmp(list, "none") == 0)
		return 0;
	for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		unsigned int i;

		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (strcmp(tok, known[i].name) == 0)
				break;
		if (i == sizeof(known) / sizeof(known[0])) {
			fprintf(stderr, "fpk-runas: unknown capability '%s'\n", tok);
			return -1;
		}
		*mask |= 1ULL << known[i].cap;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	unsigned long long mask;
	uid_t uid;

	if (argc < 4 || parse_caps(argv[2], &mask)) {
		fprintf(stderr, "usage: fpk-runas UID CAP[,CAP...]|none PROGRAM [ARGS...]\n");
		return 2;
	}
	uid = (uid_t)atoi(argv[1]);
	/* Keep the permitted set across the uid change, then trim it. */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) || setgroups(0, NULL) ||
	    setresgid(uid, uid, uid) || setresuid(uid, uid, uid)) {
		perror("fpk-runas: changing user");
		return 2;
	}
	memset(data, 0, sizeof(data));
	data[0].effective = data[0].permitted = data[0].inheritable = (uint32_t)mask;
	data[1].effective = data[1].permitted = data[1].inheritable = (uint32_t)(mask >> 32);
	if (syscall(SYS_capset, &hdr, data)) {
		perror("fpk-runas: capset");
		return 2;
	}
	for (unsigned int i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if ((mask & (1ULL << known[i].cap)) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, known[i].cap, 0, 0)) {
			perror("fpk-runas: ambient capability");
			return 2;
		}
	}
	execv(argv[3], argv + 3);
	fprintf(stderr, "fpk-runas: cannot run %s: %s\n", argv[3], strerror(errno));
	return 127;
}
