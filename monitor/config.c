/*
 * Copyright (c) 2026 The supd developers
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 * ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
 * OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

#include <sys/types.h>
#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>

#include "config.h"

#define nitems_of(a)	(sizeof(a) / sizeof((a)[0]))

static int	 config_builtin(struct supd_conf *, const char *,
		    enum seccomp_action, const char *const *, size_t,
		    const char *const *, size_t);
static int	 config_strv(char ***, const char *const *, size_t);
static void	 config_strv_free(size_t, char **);
static void	 config_profile_free(struct seccomp_profile *);
static void	 config_domain_free(struct domain_conf *);

/*
 * The two domains of DESIGN.md section 2 differ only by name: the host
 * root seen read-only through new namespaces, nobody as exec user, and
 * the ceiling of Docker's default capability set.
 */
#define CONFIG_DEFAULT_DOMAIN(name)					\
	"domain \"" name "\" {\n"					\
	"\troot \"/\"\n"						\
	"\treadonly yes\n"						\
	"\texec user 65534:65534\n"					\
	"\thostname \"" name "\"\n"					\
	"\tnamespaces { pid mount uts ipc net cgroup }\n"		\
	"\tcapabilities {\n"						\
	"\t\tCAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_FSETID\n"	\
	"\t\tCAP_KILL CAP_SETGID CAP_SETUID CAP_SETPCAP\n"		\
	"\t\tCAP_NET_BIND_SERVICE CAP_NET_RAW CAP_SYS_CHROOT\n"		\
	"\t\tCAP_MKNOD CAP_AUDIT_WRITE CAP_SETFCAP\n"			\
	"\t}\n"								\
	"\tmount fstype { \"tmpfs\" }\n"				\
	"\tmount source { \"/tmp\" \"/srv\" }\n"			\
	"\thook directory \"/etc/supd/hooks\"\n"			\
	"\tlogs directory { \"/run\" \"/tmp\" }\n"			\
	"\tseccomp { \"default\" \"strict\" }\n"			\
	"}\n"

/* Used when SUPD_CONF_FILE does not exist; written in the grammar. */
const char config_default[] =
	"# supd embedded default configuration (DESIGN.md section 2)\n"
	"socket \"/run/supd.sock\" mode 0660\n"
	"user \"_supd\"\n"
	"cgroup root \"supd\"\n"
	"cgroup version auto\n"
	"cgroup mount \"/sys/fs/cgroup\"\n"
	"limit clients 256\n"
	"limit request 1M\n"
	"limit events 1024\n"
	"\n"
	CONFIG_DEFAULT_DOMAIN("operator")
	"\n"
	CONFIG_DEFAULT_DOMAIN("runtime");

/*
 * Built-in profile "default": everything but what lets a process reach
 * past its domain: kernel code and keys, tracing other processes, mount
 * and namespace changes, the clocks, swap, reboot, and the interfaces
 * whose bugs have been the usual ways out of a container (bpf, io_uring,
 * userfaultfd, perf, open_by_handle_at).  Denied calls fail with EPERM.
 */
static const char *const seccomp_default_deny[] = {
	"acct",
	"add_key",
	"adjtimex",
	"bpf",
	"clock_adjtime",
	"clock_settime",
	"create_module",
	"delete_module",
	"finit_module",
	"fsconfig",
	"fsmount",
	"fsopen",
	"fspick",
	"get_kernel_syms",
	"init_module",
	"io_uring_enter",
	"io_uring_register",
	"io_uring_setup",
	"ioperm",
	"iopl",
	"kcmp",
	"kexec_file_load",
	"kexec_load",
	"keyctl",
	"lookup_dcookie",
	"mount",
	"mount_setattr",
	"move_mount",
	"name_to_handle_at",
	"nfsservctl",
	"open_by_handle_at",
	"open_tree",
	"perf_event_open",
	"personality",
	"pivot_root",
	"process_vm_readv",
	"process_vm_writev",
	"ptrace",
	"query_module",
	"quotactl",
	"reboot",
	"request_key",
	"setdomainname",
	"sethostname",
	"setns",
	"settimeofday",
	"stime",
	"swapoff",
	"swapon",
	"syslog",
	"umount2",
	"unshare",
	"uselib",
	"userfaultfd",
	"vhangup",
};

/*
 * Built-in profile "strict": kill on anything but what an ordinary static
 * or dynamically linked program needs to compute, use files and run
 * children.  No sockets.  clone3 is there because glibc 2.34 and later
 * use it for threads and posix_spawn and would die rather than fall back;
 * open, stat and lstat for binaries built against older C libraries.
 */
static const char *const seccomp_strict_allow[] = {
	"access",
	"arch_prctl",
	"brk",
	"chdir",
	"clock_gettime",
	"clock_nanosleep",
	"clone",
	"clone3",
	"close",
	"dup",
	"dup2",
	"dup3",
	"execve",
	"exit",
	"exit_group",
	"faccessat",
	"faccessat2",
	"fchdir",
	"fcntl",
	"flock",
	"fork",
	"fstat",
	"fstatfs",
	"fsync",
	"futex",
	"getcwd",
	"getdents64",
	"getegid",
	"geteuid",
	"getgid",
	"getgroups",
	"getpid",
	"getppid",
	"getrandom",
	"getrlimit",
	"gettid",
	"gettimeofday",
	"getuid",
	"ioctl",
	"kill",
	"lseek",
	"lstat",
	"madvise",
	"mkdir",
	"mkdirat",
	"mmap",
	"mprotect",
	"mremap",
	"munmap",
	"nanosleep",
	"newfstatat",
	"open",
	"openat",
	"pipe",
	"pipe2",
	"poll",
	"ppoll",
	"pread64",
	"prlimit64",
	"pselect6",
	"pwrite64",
	"read",
	"readlink",
	"readlinkat",
	"readv",
	"rename",
	"renameat",
	"renameat2",
	"restart_syscall",
	"rmdir",
	"rseq",
	"rt_sigaction",
	"rt_sigprocmask",
	"rt_sigreturn",
	"sched_getaffinity",
	"sched_yield",
	"select",
	"set_robust_list",
	"set_tid_address",
	"sigaltstack",
	"stat",
	"statfs",
	"statx",
	"sysinfo",
	"tgkill",
	"time",
	"umask",
	"uname",
	"unlink",
	"unlinkat",
	"vfork",
	"wait4",
	"write",
	"writev",
};

struct supd_conf *
config_new(void)
{
	struct supd_conf	*conf;

	if ((conf = calloc(1, sizeof(*conf))) == NULL)
		return (NULL);
	TAILQ_INIT(&conf->sc_seccomp);
	TAILQ_INIT(&conf->sc_domains);
	if (strlcpy(conf->sc_socket, SUPD_SOCKET, sizeof(conf->sc_socket)) >=
	    sizeof(conf->sc_socket) ||
	    strlcpy(conf->sc_user, SUPD_USER, sizeof(conf->sc_user)) >=
	    sizeof(conf->sc_user) ||
	    strlcpy(conf->sc_cgroup_root, SUPD_CGROUP_ROOT,
	    sizeof(conf->sc_cgroup_root)) >= sizeof(conf->sc_cgroup_root) ||
	    strlcpy(conf->sc_cgroup_mount, SUPD_CGROUP_MOUNT,
	    sizeof(conf->sc_cgroup_mount)) >= sizeof(conf->sc_cgroup_mount))
		goto fail;
	conf->sc_sock_mode = 0660;
	conf->sc_cgroup_version = CGROUP_AUTO;
	conf->sc_max_clients = SUPD_CLIENTS_DEF;
	conf->sc_max_request = PROTO_MSG_DEFAULT;
	conf->sc_evqueue = SUPD_EVQUEUE_DEF;

	/* Built-ins first, so a file can name them without declaring them. */
	if (config_builtin(conf, "default", SECCOMP_ACT_ALLOW_DEF, NULL, 0,
	    seccomp_default_deny, nitems_of(seccomp_default_deny)) == -1 ||
	    config_builtin(conf, "strict", SECCOMP_ACT_KILL_DEF,
	    seccomp_strict_allow, nitems_of(seccomp_strict_allow),
	    NULL, 0) == -1)
		goto fail;
	return (conf);
 fail:
	config_free(conf);
	return (NULL);
}

static int
config_builtin(struct supd_conf *conf, const char *name,
    enum seccomp_action def, const char *const *allow, size_t nallow,
    const char *const *deny, size_t ndeny)
{
	struct seccomp_profile	*sp;

	if ((sp = calloc(1, sizeof(*sp))) == NULL)
		return (-1);
	/* Linked first: config_free() then frees whatever follows. */
	TAILQ_INSERT_TAIL(&conf->sc_seccomp, sp, sp_entry);
	if (strlcpy(sp->sp_name, name, sizeof(sp->sp_name)) >=
	    sizeof(sp->sp_name))
		return (-1);
	sp->sp_builtin = 1;
	sp->sp_default = def;
	if (config_strv(&sp->sp_allow, allow, nallow) == -1)
		return (-1);
	sp->sp_nallow = nallow;
	if (config_strv(&sp->sp_deny, deny, ndeny) == -1)
		return (-1);
	sp->sp_ndeny = ndeny;
	return (0);
}

/* Copies n strings; on failure nothing is left allocated. */
static int
config_strv(char ***vp, const char *const *src, size_t n)
{
	char	**v;
	size_t	  i;

	*vp = NULL;
	if (n == 0)
		return (0);
	if ((v = calloc(n, sizeof(*v))) == NULL)
		return (-1);
	for (i = 0; i < n; i++) {
		if ((v[i] = strdup(src[i])) == NULL) {
			config_strv_free(i, v);
			return (-1);
		}
	}
	*vp = v;
	return (0);
}

static void
config_strv_free(size_t n, char **v)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
config_profile_free(struct seccomp_profile *sp)
{
	config_strv_free(sp->sp_nallow, sp->sp_allow);
	config_strv_free(sp->sp_ndeny, sp->sp_deny);
	free(sp);
}

static void
config_domain_free(struct domain_conf *dc)
{
	config_strv_free(dc->dc_fstypes.n, dc->dc_fstypes.v);
	config_strv_free(dc->dc_sources.n, dc->dc_sources.v);
	config_strv_free(dc->dc_logdirs.n, dc->dc_logdirs.v);
	config_strv_free(dc->dc_seccomp.n, dc->dc_seccomp.v);
	free(dc->dc_cgprofiles);
	free(dc);
}

void
config_free(struct supd_conf *conf)
{
	struct seccomp_profile	*sp;
	struct domain_conf	*dc;

	if (conf == NULL)
		return;
	while ((sp = TAILQ_FIRST(&conf->sc_seccomp)) != NULL) {
		TAILQ_REMOVE(&conf->sc_seccomp, sp, sp_entry);
		config_profile_free(sp);
	}
	while ((dc = TAILQ_FIRST(&conf->sc_domains)) != NULL) {
		TAILQ_REMOVE(&conf->sc_domains, dc, dc_entry);
		config_domain_free(dc);
	}
	free(conf);
}

struct domain_conf *
config_domain(struct supd_conf *conf, const char *name)
{
	struct domain_conf	*dc;

	if (conf == NULL || name == NULL)
		return (NULL);
	TAILQ_FOREACH(dc, &conf->sc_domains, dc_entry)
		if (strcmp(dc->dc_name, name) == 0)
			return (dc);
	return (NULL);
}

struct seccomp_profile *
config_seccomp(struct supd_conf *conf, const char *name)
{
	struct seccomp_profile	*sp;

	if (conf == NULL || name == NULL)
		return (NULL);
	TAILQ_FOREACH(sp, &conf->sc_seccomp, sp_entry)
		if (strcmp(sp->sp_name, name) == 0)
			return (sp);
	return (NULL);
}

/*
 * The filter every process of a domain gets until configure chooses:
 * "default" when the domain's ceiling allows it, else the first profile
 * the ceiling lists, else "default" all the same.
 */
const struct seccomp_profile *
config_domain_seccomp(struct supd_conf *conf, const struct domain_conf *dc)
{
	size_t	 i;

	for (i = 0; i < dc->dc_seccomp.n; i++)
		if (strcmp(dc->dc_seccomp.v[i], "default") == 0)
			return (config_seccomp(conf, "default"));
	if (dc->dc_seccomp.n > 0)
		return (config_seccomp(conf, dc->dc_seccomp.v[0]));
	/* A domain that names none still gets the default filter. */
	return (config_seccomp(conf, "default"));
}
