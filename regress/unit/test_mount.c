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

/*
 * worker/mount.c: mount_build_root() run for real, as root.  Each case
 * forks a child that unshares mount, uts, pid, ipc and net namespaces and
 * makes "/" private before anything else, then forks the domain's pid 1,
 * which builds the root and probes it from inside.  Probe results come
 * back over a pipe as fixed records, so CHECK runs here in the parent.
 * Nothing is mounted in the host's namespace; the host side only sees
 * its own temporary directory under /tmp, removed at the end.
 */

#include <sys/types.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/magic.h>
#include <linux/seccomp.h>

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mount.h"
#include "test.h"

#if defined(__x86_64__)
#define TEST_AUDIT_ARCH	AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define TEST_AUDIT_ARCH	AUDIT_ARCH_AARCH64
#endif

#define TEST_HOSTNAME	"supd-mount-test"
#define CASE_TIMEOUT	15		/* seconds, per case */

/* Flags of run_case(). */
#define CASE_NO_MKNOD	0x01		/* seccomp: mknodat fails EPERM */
#define CASE_NO_PIVOT	0x02		/* seccomp: pivot_root fails EPERM */

/* One probe result, written whole (below PIPE_BUF) by the domain. */
struct report {
	int	r_ok;			/* 1 pass, 0 fail, -1 a note */
	char	r_what[240];
};

/* What a mount point of /proc/self/mountinfo looked like. */
struct mnt_count {
	int	mc_lines;
	int	mc_at;			/* lines mounted at mc_path */
	int	mc_at_type;		/* ... of type mc_type */
	int	mc_under_tmp;		/* mount points below /tmp/ */
	int	mc_cgroup;		/* cgroup, cgroup2, devtmpfs */
	int	mc_staging;		/* lines naming the staging dir */
	const char *mc_path;
	const char *mc_type;
};

struct case_arg {
	const char	*ca_expect;	/* error text expected, or NULL */
	const char	*ca_base;	/* the host temp dir */
	dev_t		 ca_dev;	/* the root's device and inode */
	ino_t		 ca_ino;
};

/* The write end of the report pipe, in the domain's pid 1 only. */
static int report_fd = -1;

static void	say(int, const char *, ...)
		    __attribute__((__format__ (printf, 2, 3)));
static int	count_mounts(const char *, struct mnt_count *);
static int	dir_entries(const char *);
static int	fs_is(const char *, long);
static int	vfs_flags(const char *, unsigned long);
static int	link_is(const char *, const char *);
static int	file_is(const char *, const char *);
static int	file_has(const char *, const char *, int);
static int	put_file(const char *, const char *);
static int	deny_syscall(long);
static void	run_case(const char *, const struct mount_spec *,
		    void (*)(const struct mount_spec *, int, const char *,
		    struct case_arg *), struct case_arg *, int);
static void	child_main(const struct mount_spec *,
		    void (*)(const struct mount_spec *, int, const char *,
		    struct case_arg *), struct case_arg *, int, int);
static int	rm_entry(const char *, const struct stat *, int,
		    struct FTW *);

static void	probe_host_root(const struct mount_spec *, int, const char *,
		    struct case_arg *);
static void	probe_dev(void);
static void	probe_custom(const struct mount_spec *, int, const char *,
		    struct case_arg *);
static void	probe_bare(const struct mount_spec *, int, const char *,
		    struct case_arg *);
static void	probe_bind_nodes(const struct mount_spec *, int, const char *,
		    struct case_arg *);
static void	probe_error(const struct mount_spec *, int, const char *,
		    struct case_arg *);

static void
say(int ok, const char *fmt, ...)
{
	struct report	 r;
	va_list		 ap;

	memset(&r, 0, sizeof(r));
	r.r_ok = ok;
	va_start(ap, fmt);
	(void)vsnprintf(r.r_what, sizeof(r.r_what), fmt, ap);
	va_end(ap);
	if (write(report_fd, &r, sizeof(r)) != sizeof(r))
		_exit(3);
}

/* A bound device node of the domain's /dev (mount_dev_nodes). */
static int
is_dev_node(const char *mpt)
{
	static const char	*nodes[] = { "/dev/null", "/dev/zero",
	    "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty" };
	size_t			 i;

	for (i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++)
		if (strcmp(mpt, nodes[i]) == 0)
			return (1);
	return (0);
}

/* Count lines of a mountinfo file; -1 if it cannot be read. */
static int
count_mounts(const char *file, struct mnt_count *mc)
{
	FILE	*fp;
	char	 line[4096], root[1024], mpt[1024], type[64];
	char	*sep;

	mc->mc_lines = mc->mc_at = mc->mc_at_type = mc->mc_under_tmp = 0;
	mc->mc_cgroup = mc->mc_staging = 0;
	if ((fp = fopen(file, "re")) == NULL)
		return (-1);
	while (fgets(line, sizeof(line), fp) != NULL) {
		mc->mc_lines++;
		if (strstr(line, "supd-newroot") != NULL)
			mc->mc_staging++;
		if (sscanf(line, "%*d %*d %*s %1023s %1023s", root, mpt) != 2 ||
		    (sep = strstr(line, " - ")) == NULL ||
		    sscanf(sep, " - %63s", type) != 1)
			continue;
		if (strncmp(mpt, "/tmp/", 5) == 0)
			mc->mc_under_tmp++;
		/* The six device nodes are binds of the host's devtmpfs. */
		if (strcmp(type, "cgroup") == 0 ||
		    strcmp(type, "cgroup2") == 0 ||
		    (strcmp(type, "devtmpfs") == 0 && !is_dev_node(mpt)))
			mc->mc_cgroup++;
		if (mc->mc_path != NULL && strcmp(mpt, mc->mc_path) == 0) {
			mc->mc_at++;
			if (mc->mc_type != NULL &&
			    strcmp(type, mc->mc_type) == 0)
				mc->mc_at_type++;
		}
	}
	fclose(fp);
	return (mc->mc_lines);
}

/* Entries of a directory other than . and ..; -1 on error. */
static int
dir_entries(const char *path)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	if ((d = opendir(path)) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return (n);
}

static int
fs_is(const char *path, long magic)
{
	struct statfs	 sf;

	return (statfs(path, &sf) == 0 && sf.f_type == magic);
}

/* All of flags are set on the mount at path. */
static int
vfs_flags(const char *path, unsigned long flags)
{
	struct statvfs	 sv;

	return (statvfs(path, &sv) == 0 && (sv.f_flag & flags) == flags);
}

static int
link_is(const char *path, const char *target)
{
	char	 buf[256];
	ssize_t	 n;

	if ((n = readlink(path, buf, sizeof(buf) - 1)) == -1)
		return (0);
	buf[n] = '\0';
	return (strcmp(buf, target) == 0);
}

/* The file holds exactly text. */
static int
file_is(const char *path, const char *text)
{
	char	 buf[256];
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return (0);
	buf[n] = '\0';
	return (strcmp(buf, text) == 0);
}

/* The start of the file contains text, or begins with it (prefix). */
static int
file_has(const char *path, const char *text, int prefix)
{
	char	 buf[1024];
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return (0);
	buf[n] = '\0';
	if (prefix)
		return (strncmp(buf, text, strlen(text)) == 0);
	return (strstr(buf, text) != NULL);
}

static int
put_file(const char *path, const char *text)
{
	size_t	 len = strlen(text);
	int	 fd, ok;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1)
		return (0);
	ok = write(fd, text, len) == (ssize_t)len;
	return (close(fd) == 0 && ok);
}

/*
 * Make one system call fail with EPERM: mknodat, as in a user namespace,
 * to exercise the bind fallback of /dev; pivot_root, to fail at the last
 * step.
 */
static int
deny_syscall(long nr)
{
#ifdef TEST_AUDIT_ARCH
	struct sock_filter	 insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TEST_AUDIT_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog	 prog;

	prog.len = sizeof(insns) / sizeof(insns[0]);
	prog.filter = insns;
	return (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0));
#else
	errno = ENOSYS;
	return (-1);
#endif
}

/*
 * Runs in the forked child: new namespaces, "/" private, then the
 * domain's pid 1 builds the root and runs the probe.
 */
static void
child_main(const struct mount_spec *spec,
    void (*probe)(const struct mount_spec *, int, const char *,
    struct case_arg *), struct case_arg *arg, int flags, int wfd)
{
	struct mnt_count	 before, after;
	struct timespec		 t0, t1;
	char			 err[512];
	int			 keep[1], rv, status;
	pid_t			 pid;

	report_fd = wfd;
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	alarm(CASE_TIMEOUT);
	if (unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWPID |
	    CLONE_NEWIPC | CLONE_NEWNET) == -1) {
		say(0, "unshare: %s", strerror(errno));
		_exit(1);
	}
	/* Before anything else: nothing we do may reach the host. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1) {
		say(0, "make / private: %s", strerror(errno));
		_exit(1);
	}
	if ((pid = fork()) == -1) {
		say(0, "fork: %s", strerror(errno));
		_exit(1);
	}
	if (pid == 0) {
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		if (((flags & CASE_NO_MKNOD) &&
		    deny_syscall(__NR_mknodat) == -1) ||
		    ((flags & CASE_NO_PIVOT) &&
		    deny_syscall(__NR_pivot_root) == -1)) {
			say(0, "seccomp filter: %s", strerror(errno));
			_exit(1);
		}
		memset(&before, 0, sizeof(before));
		memset(&after, 0, sizeof(after));
		(void)count_mounts("/proc/self/mountinfo", &before);
		keep[0] = wfd;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rv = mount_build_root(spec, keep, 1, err, sizeof(err));
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (rv == 0)
			say(-1, "mount_build_root took %ld us",
			    (long)((t1.tv_sec - t0.tv_sec) * 1000000 +
			    (t1.tv_nsec - t0.tv_nsec) / 1000));
		else if (count_mounts("/proc/self/mountinfo", &after) != -1)
			say(after.mc_lines == before.mc_lines,
			    "failed call mounts nothing (%d -> %d lines)",
			    before.mc_lines, after.mc_lines);
		probe(spec, rv, err, arg);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) == -1 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		say(0, "domain pid 1 ended with status 0x%x", status);
	_exit(0);
}

static void
run_case(const char *name, const struct mount_spec *spec,
    void (*probe)(const struct mount_spec *, int, const char *,
    struct case_arg *), struct case_arg *arg, int flags)
{
	struct report	 r;
	ssize_t		 n;
	int		 p[2], status, nrep = 0;
	pid_t		 pid;

	printf("# case %s: root %s%s\n", name, spec->root,
	    spec->readonly ? " (read-only)" : "");
	fflush(stdout);
	if (pipe2(p, O_CLOEXEC) == -1) {
		CHECK(0, "%s: pipe: %s", name, strerror(errno));
		return;
	}
	if ((pid = fork()) == -1) {
		CHECK(0, "%s: fork: %s", name, strerror(errno));
		close(p[0]);
		close(p[1]);
		return;
	}
	if (pid == 0) {
		close(p[0]);
		child_main(spec, probe, arg, flags, p[1]);
		_exit(1);
	}
	close(p[1]);
	while ((n = read(p[0], &r, sizeof(r))) == sizeof(r)) {
		r.r_what[sizeof(r.r_what) - 1] = '\0';
		if (r.r_ok == -1) {
			printf("# %s: %s\n", name, r.r_what);
			continue;
		}
		nrep++;
		CHECK(r.r_ok == 1, "%s: %s", name, r.r_what);
	}
	close(p[0]);
	CHECK(n == 0 && nrep > 0, "%s: probe reported (%d results)", name,
	    nrep);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0, "%s: child exited cleanly", name);
}

/* The default domain: the host root, read-only, fresh everything else. */
static void
probe_host_root(const struct mount_spec *spec, int rv, const char *err,
    struct case_arg *arg)
{
	struct mnt_count	 mc;
	struct stat		 st;
	char			 buf[256];
	int			 fd, n;

	say(rv == 0, "mount_build_root succeeds (%s)", err);
	if (rv != 0)
		return;
	say(getpid() == 1, "we are pid 1 (%d)", (int)getpid());
	say(getcwd(buf, sizeof(buf)) != NULL && strcmp(buf, "/") == 0,
	    "cwd is /");
	say(stat("/", &st) == 0 && st.st_dev == arg->ca_dev &&
	    st.st_ino == arg->ca_ino, "/ is the host root directory");

	/* The root is read-only, nosuid, nodev. */
	fd = open("/etc/supd-test-canary", O_WRONLY | O_CREAT | O_EXCL |
	    O_CLOEXEC, 0644);
	say(fd == -1 && errno == EROFS, "write to /etc fails with EROFS (%s)",
	    fd == -1 ? strerror(errno) : "created");
	if (fd != -1)
		close(fd);
	say(vfs_flags("/", ST_RDONLY | ST_NOSUID | ST_NODEV),
	    "/ is ro,nosuid,nodev");

	/* Host directories under /tmp and /run are out of sight. */
	say(fs_is("/tmp", TMPFS_MAGIC), "/tmp is a tmpfs");
	say(dir_entries("/tmp") == 0, "/tmp is empty (%d entries)",
	    dir_entries("/tmp"));
	say(put_file("/tmp/x", "x\n") && file_is("/tmp/x", "x\n") &&
	    unlink("/tmp/x") == 0, "/tmp is writable");
	say(access(arg->ca_base, F_OK) == -1 && errno == ENOENT,
	    "host %s is not visible", arg->ca_base);
	say(fs_is("/run", TMPFS_MAGIC), "/run is a tmpfs");
	say(dir_entries("/run") == 0, "/run is empty (%d entries)",
	    dir_entries("/run"));
	say(access("/run/supd.sock", F_OK) == -1 && errno == ENOENT,
	    "no /run/supd.sock");

	/* /proc is ours. */
	say(fs_is("/proc", PROC_SUPER_MAGIC), "/proc is a procfs");
	say(file_has("/proc/self/stat", "1 (", 1),
	    "/proc/self/stat shows pid 1");
	say(file_has("/proc/1/status", "\nPid:\t1\n", 0),
	    "/proc/1/status is us");
	say(access("/proc/2", F_OK) == -1, "no other pid in /proc");
	fd = open("/proc/sys/kernel/hostname", O_WRONLY | O_CLOEXEC);
	say(fd == -1 && errno == EROFS, "/proc/sys is read-only (%s)",
	    fd == -1 ? strerror(errno) : "opened for writing");
	if (fd != -1)
		close(fd);

	/* /sys: fresh, read-only, no cgroup hierarchies. */
	say(fs_is("/sys", SYSFS_MAGIC), "/sys is a sysfs");
	say(vfs_flags("/sys", ST_RDONLY | ST_NOSUID | ST_NODEV | ST_NOEXEC),
	    "/sys is ro,nosuid,nodev,noexec");

	probe_dev();

	say(gethostname(buf, sizeof(buf)) == 0 &&
	    strcmp(buf, spec->hostname) == 0, "hostname is %s",
	    spec->hostname);

	/* The mount table shows neither staging nor host mounts. */
	memset(&mc, 0, sizeof(mc));
	mc.mc_path = "/tmp";
	mc.mc_type = "tmpfs";
	n = count_mounts("/proc/self/mountinfo", &mc);
	say(n > 0, "mountinfo readable (%d lines)", n);
	say(mc.mc_staging == 0, "mountinfo names no staging directory");
	say(mc.mc_at == 1 && mc.mc_at_type == 1,
	    "one mount at /tmp, the fresh tmpfs");
	say(mc.mc_under_tmp == 0, "no mount below /tmp");
	say(mc.mc_cgroup == 0, "no cgroup or devtmpfs mount");
	mc.mc_path = "/proc";
	mc.mc_type = "proc";
	(void)count_mounts("/proc/self/mountinfo", &mc);
	say(mc.mc_at == 1 && mc.mc_at_type == 1, "one mount at /proc");
	mc.mc_path = "/dev/pts";
	mc.mc_type = "devpts";
	(void)count_mounts("/proc/self/mountinfo", &mc);
	say(mc.mc_at == 1 && mc.mc_at_type == 1, "one mount at /dev/pts");
	mc.mc_path = "/dev/shm";
	mc.mc_type = "tmpfs";
	(void)count_mounts("/proc/self/mountinfo", &mc);
	say(mc.mc_at == 1 && mc.mc_at_type == 1, "one mount at /dev/shm");
}

/* The minimal /dev, the same whether nodes were made or bound. */
static void
probe_dev(void)
{
	static const struct {
		const char	*path;
		unsigned int	 maj, min;
	} nodes[] = {
		{ "/dev/null", 1, 3 }, { "/dev/zero", 1, 5 },
		{ "/dev/full", 1, 7 }, { "/dev/random", 1, 8 },
		{ "/dev/urandom", 1, 9 }, { "/dev/tty", 5, 0 },
	};
	struct stat	 st;
	unsigned char	 buf[64];
	char		*pts;
	size_t		 i;
	int		 fd, zeros;

	for (i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++)
		say(lstat(nodes[i].path, &st) == 0 && S_ISCHR(st.st_mode) &&
		    major(st.st_rdev) == nodes[i].maj &&
		    minor(st.st_rdev) == nodes[i].min &&
		    (st.st_mode & 0777) == 0666, "%s is char %u:%u, 0666",
		    nodes[i].path, nodes[i].maj, nodes[i].min);

	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	say(fd != -1 && write(fd, "abc", 3) == 3 && read(fd, buf, 1) == 0,
	    "/dev/null takes writes and reads EOF");
	if (fd != -1)
		close(fd);
	zeros = 0;
	if ((fd = open("/dev/zero", O_RDONLY | O_CLOEXEC)) != -1) {
		memset(buf, 0xa5, sizeof(buf));
		if (read(fd, buf, sizeof(buf)) == sizeof(buf))
			for (i = 0, zeros = 1; i < sizeof(buf); i++)
				if (buf[i] != 0)
					zeros = 0;
		close(fd);
	}
	say(zeros, "/dev/zero reads zeros");
	fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
	say(fd != -1 && write(fd, "a", 1) == -1 && errno == ENOSPC,
	    "/dev/full fails writes with ENOSPC");
	if (fd != -1)
		close(fd);
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	say(fd != -1 && read(fd, buf, 16) == 16, "/dev/urandom reads");
	if (fd != -1)
		close(fd);

	say(vfs_flags("/dev", ST_NOSUID | ST_NOEXEC) &&
	    !vfs_flags("/dev", ST_RDONLY), "/dev is rw,nosuid,noexec");
	say(fs_is("/dev/pts", DEVPTS_SUPER_MAGIC), "/dev/pts is a devpts");
	say(link_is("/dev/ptmx", "pts/ptmx"), "/dev/ptmx -> pts/ptmx");
	fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	pts = fd == -1 ? NULL : ptsname(fd);
	say(pts != NULL && strncmp(pts, "/dev/pts/", 9) == 0 &&
	    access(pts, F_OK) == 0, "a pty opens through /dev/ptmx (%s)",
	    pts != NULL ? pts : strerror(errno));
	if (fd != -1)
		close(fd);
	say(fs_is("/dev/shm", TMPFS_MAGIC) &&
	    vfs_flags("/dev/shm", ST_NOSUID | ST_NODEV), "/dev/shm is a "
	    "nosuid,nodev tmpfs");
	say(put_file("/dev/shm/x", "x\n") && unlink("/dev/shm/x") == 0,
	    "/dev/shm is writable");
	say(lstat("/dev/shm", &st) == 0 && (st.st_mode & 07777) == 01777,
	    "/dev/shm is 01777");
	say(link_is("/dev/fd", "/proc/self/fd") &&
	    link_is("/dev/stdin", "/proc/self/fd/0") &&
	    link_is("/dev/stdout", "/proc/self/fd/1") &&
	    link_is("/dev/stderr", "/proc/self/fd/2"),
	    "/dev/fd, stdin, stdout, stderr link to /proc/self/fd");
}

/* A writable root of our own holding a file. */
static void
probe_custom(const struct mount_spec *spec, int rv, const char *err,
    struct case_arg *arg)
{
	struct stat	 st;
	char		 buf[64];

	say(rv == 0, "mount_build_root succeeds (%s)", err);
	if (rv != 0)
		return;
	say(stat("/", &st) == 0 && st.st_dev == arg->ca_dev &&
	    st.st_ino == arg->ca_ino, "/ is the custom root");
	say(stat("/..", &st) == 0 && st.st_ino == arg->ca_ino,
	    "/.. stays in the root");
	say(file_is("/hello", "bind me\n"), "/hello is visible");
	say(put_file("/written", "from inside\n"), "/ is writable");
	say(vfs_flags("/", ST_NOSUID | ST_NODEV) && !vfs_flags("/",
	    ST_RDONLY), "/ is rw,nosuid,nodev");
	say(dir_entries("/tmp") == 0 && dir_entries("/run") == 0,
	    "the root's own tmp/leak and run/leak are hidden");
	say(getpid() == 1 && fs_is("/proc", PROC_SUPER_MAGIC),
	    "/proc is ours");
	say(getcwd(buf, sizeof(buf)) != NULL && strcmp(buf, "/") == 0,
	    "cwd is /");
	probe_dev();
}

/* A writable, empty root: the five directories get created. */
static void
probe_bare(const struct mount_spec *spec, int rv, const char *err,
    struct case_arg *arg)
{
	say(rv == 0, "mount_build_root succeeds (%s)", err);
	if (rv != 0)
		return;
	say(fs_is("/tmp", TMPFS_MAGIC) && fs_is("/run", TMPFS_MAGIC) &&
	    fs_is("/proc", PROC_SUPER_MAGIC) && fs_is("/sys", SYSFS_MAGIC) &&
	    fs_is("/dev", TMPFS_MAGIC), "fresh /tmp /run /proc /sys /dev");
}

/* mknod denied: the host's nodes are bound instead. */
static void
probe_bind_nodes(const struct mount_spec *spec, int rv, const char *err,
    struct case_arg *arg)
{
	struct mnt_count	 mc;

	say(rv == 0, "mount_build_root succeeds (%s)", err);
	if (rv != 0)
		return;
	memset(&mc, 0, sizeof(mc));
	mc.mc_path = "/dev/null";
	mc.mc_type = "devtmpfs";
	(void)count_mounts("/proc/self/mountinfo", &mc);
	say(mc.mc_at == 1, "/dev/null is a bind mount");
	say(vfs_flags("/dev/null", ST_NOSUID | ST_NOEXEC),
	    "bound /dev/null is nosuid,noexec");
	probe_dev();
}

static void
probe_error(const struct mount_spec *spec, int rv, const char *err,
    struct case_arg *arg)
{
	char	 buf[256];

	say(rv == -1, "mount_build_root fails");
	say(strstr(err, arg->ca_expect) != NULL, "error \"%s\" says \"%s\"",
	    err, arg->ca_expect);
	say(getcwd(buf, sizeof(buf)) != NULL && access(arg->ca_base,
	    F_OK) == 0, "still in the host root");
}

static int
rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	if (remove(path) == -1)
		fprintf(stderr, "remove %s: %s\n", path, strerror(errno));
	return (0);
}

int
main(void)
{
	static const char *const dirs[] = {
		"proc", "dev", "tmp", "sys", "run",
	};
	struct mount_spec	 spec;
	struct case_arg		 arg;
	struct mnt_count	 host0, host1;
	struct stat		 st;
	char			 base[] = "/tmp/supd-test-mount.XXXXXX";
	char			 p[512], q[512], r[512];
	char			 host_name[256], name_after[256];
	size_t			 i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (geteuid() != 0) {
		printf("# test_mount needs root\n");
		CHECK(0, "running as root");
		TEST_DONE();
	}
	memset(&host0, 0, sizeof(host0));
	memset(&host1, 0, sizeof(host1));
	CHECK(count_mounts("/proc/self/mountinfo", &host0) > 0,
	    "host mountinfo readable (%d lines)", host0.mc_lines);
	CHECK(gethostname(host_name, sizeof(host_name)) == 0,
	    "host hostname %s", host_name);
	if (mkdtemp(base) == NULL) {
		CHECK(0, "mkdtemp: %s", strerror(errno));
		TEST_DONE();
	}

	/* good: the five directories, a file, leaks in tmp and run. */
	snprintf(p, sizeof(p), "%s/good", base);
	mkdir(p, 0755);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(p, sizeof(p), "%s/good/%s", base, dirs[i]);
		mkdir(p, 0755);
	}
	snprintf(p, sizeof(p), "%s/good/hello", base);
	put_file(p, "bind me\n");
	snprintf(p, sizeof(p), "%s/good/tmp/leak", base);
	put_file(p, "host\n");
	snprintf(p, sizeof(p), "%s/good/run/leak", base);
	put_file(p, "host\n");

	memset(&arg, 0, sizeof(arg));
	arg.ca_base = base;

	/* 1. The default domain: host root read-only. */
	CHECK(stat("/", &st) == 0, "stat /");
	arg.ca_dev = st.st_dev;
	arg.ca_ino = st.st_ino;
	spec.root = "/";
	spec.readonly = 1;
	spec.hostname = TEST_HOSTNAME;
	run_case("host-root", &spec, probe_host_root, &arg, 0);

	/* 2. A custom writable root. */
	snprintf(p, sizeof(p), "%s/good", base);
	CHECK(stat(p, &st) == 0, "stat %s", p);
	arg.ca_dev = st.st_dev;
	arg.ca_ino = st.st_ino;
	spec.root = p;
	spec.readonly = 0;
	spec.hostname = NULL;
	run_case("custom-root", &spec, probe_custom, &arg, 0);
	snprintf(q, sizeof(q), "%s/good/written", base);
	CHECK(file_is(q, "from inside\n"), "custom-root: write landed in %s",
	    q);
	snprintf(q, sizeof(q), "%s/good/tmp/leak", base);
	CHECK(file_is(q, "host\n"), "custom-root: host tmp/leak untouched");

	/* 3. An empty writable root: missing directories are made. */
	snprintf(p, sizeof(p), "%s/bare", base);
	mkdir(p, 0755);
	spec.root = p;
	spec.readonly = 0;
	run_case("bare-root", &spec, probe_bare, &arg, 0);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(q, sizeof(q), "%s/bare/%s", base, dirs[i]);
		CHECK(lstat(q, &st) == 0 && S_ISDIR(st.st_mode) &&
		    (st.st_mode & 07777) == (strcmp(dirs[i], "tmp") == 0 ?
		    01777 : 0755), "bare-root: %s created with its mode", q);
	}

	/* 4. Read-only and empty: missing directories are an error. */
	snprintf(p, sizeof(p), "%s/bare-ro", base);
	mkdir(p, 0755);
	spec.readonly = 1;
	arg.ca_expect = "proc is missing";
	run_case("bare-ro", &spec, probe_error, &arg, 0);
	snprintf(q, sizeof(q), "%s/bare-ro/proc", base);
	CHECK(lstat(q, &st) == -1 && errno == ENOENT,
	    "bare-ro: nothing created");

	/* 5. Root missing. */
	snprintf(p, sizeof(p), "%s/missing", base);
	arg.ca_expect = "No such file or directory";
	run_case("missing", &spec, probe_error, &arg, 0);

	/* 6. Root is a symlink to a good root. */
	snprintf(p, sizeof(p), "%s/link", base);
	snprintf(q, sizeof(q), "%s/good", base);
	CHECK(symlink(q, p) == 0, "symlink %s", p);
	arg.ca_expect = "is a symlink, must be a plain directory";
	run_case("root-symlink", &spec, probe_error, &arg, 0);

	/* 7. A parent of the root is a symlink. */
	snprintf(p, sizeof(p), "%s/link/", base);
	arg.ca_expect = "goes through a symlink";
	run_case("root-symlink-slash", &spec, probe_error, &arg, 0);
	snprintf(q, sizeof(q), "%s/linkdir", base);
	CHECK(symlink(base, q) == 0, "symlink %s", q);
	snprintf(p, sizeof(p), "%s/linkdir/good", base);
	arg.ca_expect = "goes through a symlink";
	run_case("parent-symlink", &spec, probe_error, &arg, 0);

	/* 8. proc -> / inside the root. */
	snprintf(p, sizeof(p), "%s/procsym", base);
	mkdir(p, 0755);
	for (i = 1; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(q, sizeof(q), "%s/procsym/%s", base, dirs[i]);
		mkdir(q, 0755);
	}
	snprintf(q, sizeof(q), "%s/procsym/proc", base);
	CHECK(symlink("/", q) == 0, "symlink %s", q);
	spec.readonly = 0;
	arg.ca_expect = "proc is a symlink, must be a plain directory";
	run_case("proc-symlink", &spec, probe_error, &arg, 0);

	/* 9. dev -> a host directory holding a canary ptmx. */
	snprintf(q, sizeof(q), "%s/hostdev", base);
	mkdir(q, 0755);
	snprintf(q, sizeof(q), "%s/hostdev/ptmx", base);
	put_file(q, "canary\n");
	snprintf(p, sizeof(p), "%s/devsym", base);
	mkdir(p, 0755);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (strcmp(dirs[i], "dev") == 0)
			continue;
		snprintf(q, sizeof(q), "%s/devsym/%s", base, dirs[i]);
		mkdir(q, 0755);
	}
	snprintf(q, sizeof(q), "%s/devsym/dev", base);
	snprintf(r, sizeof(r), "%s/hostdev", base);
	CHECK(symlink(r, q) == 0, "symlink %s", q);
	arg.ca_expect = "dev is a symlink, must be a plain directory";
	run_case("dev-symlink", &spec, probe_error, &arg, 0);
	snprintf(q, sizeof(q), "%s/hostdev/ptmx", base);
	CHECK(lstat(q, &st) == 0 && S_ISREG(st.st_mode) &&
	    file_is(q, "canary\n"), "dev-symlink: canary ptmx unchanged");
	snprintf(q, sizeof(q), "%s/hostdev", base);
	CHECK(dir_entries(q) == 1, "dev-symlink: nothing new in %s", q);

	/* 10. sys is a regular file. */
	snprintf(p, sizeof(p), "%s/sysfile", base);
	mkdir(p, 0755);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(q, sizeof(q), "%s/sysfile/%s", base, dirs[i]);
		if (strcmp(dirs[i], "sys") == 0)
			put_file(q, "not a dir\n");
		else
			mkdir(q, 0755);
	}
	arg.ca_expect = "sys is not a directory";
	run_case("sys-file", &spec, probe_error, &arg, 0);

	/* 11. Root is a regular file; 12. a relative root. */
	snprintf(p, sizeof(p), "%s/good/hello", base);
	arg.ca_expect = "not a directory";
	run_case("root-file", &spec, probe_error, &arg, 0);
	spec.root = "tmp";
	arg.ca_expect = "not an absolute path";
	run_case("relative", &spec, probe_error, &arg, 0);

	/* 13. A hostname sethostname would refuse, caught up front. */
	spec.root = "/";
	spec.readonly = 1;
	spec.hostname = "a234567890123456789012345678901234567890"
	    "12345678901234567890123456";
	arg.ca_expect = "longer than 64 bytes";
	run_case("hostname-long", &spec, probe_error, &arg, 0);

#ifdef TEST_AUDIT_ARCH
	/* 14. mknod not permitted: host nodes bound, checked first. */
	spec.hostname = TEST_HOSTNAME;
	run_case("bind-nodes", &spec, probe_bind_nodes, &arg, CASE_NO_MKNOD);

	/*
	 * 15. The last step fails: the staging tmpfs and the tree are gone
	 * again (child_main counts the mounts) and /tmp is the host's.
	 */
	snprintf(p, sizeof(p), "%s/good", base);
	spec.root = p;
	spec.readonly = 0;
	arg.ca_expect = "pivot_root: Operation not permitted";
	run_case("pivot-fails", &spec, probe_error, &arg, CASE_NO_PIVOT);
#else
	printf("# bind-nodes, pivot-fails skipped: no seccomp here\n");
#endif

	/* The host is as it was. */
	CHECK(count_mounts("/proc/self/mountinfo", &host1) ==
	    host0.mc_lines, "host mount table unchanged (%d -> %d lines)",
	    host0.mc_lines, host1.mc_lines);
	CHECK(host1.mc_staging == 0, "host mountinfo names no staging dir");
	CHECK(gethostname(name_after, sizeof(name_after)) == 0 &&
	    strcmp(host_name, name_after) == 0, "host hostname unchanged");

	CHECK(nftw(base, rm_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) == 0,
	    "remove %s", base);
	CHECK(lstat(base, &st) == -1 && errno == ENOENT, "%s is gone", base);
	TEST_DONE();
}
