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
 * monitor/cgroup.c against the real kernel (run as root from the top of
 * the tree).  Every cgroup lives below "supd-test-<pid>" in each
 * hierarchy; the v1 part runs when /sys/fs/cgroup/<ctrl> are v1 mounts,
 * the v2 part on the first cgroup2 mount found (forced v2, so a hybrid
 * host's controller-less /sys/fs/cgroup/unified works).  Children are
 * reaped, including orphaned grandchildren (we are a subreaper), and an
 * exit handler removes whatever a failed check left behind.
 */

#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>

#include <linux/magic.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "cgroup.h"
#include "test.h"

#define V1_BASE		"/sys/fs/cgroup"
#define MAXKIDS		64

static const char *const ctrl_names[CG_NCTRL] = {
	"cpu", "cpuacct", "memory", "freezer", "pids"
};

static char	 root[64];		/* "supd-test-<pid>" */
static char	 v2_mount[64];		/* "" when no cgroup2 mount */
static int	 v1_used, v2_used;
static pid_t	 kids[MAXKIDS];
static int	 nkids;

static void	 on_alarm(int);
static void	 msleep(int);
static int	 read_file(const char *, char *, size_t);
static int	 write_file(const char *, const char *);
static int	 path_exists(const char *);
static long long file_ll(const char *);
static int	 v1_path(char *, size_t, int, const char *, const char *);
static int	 v1_gone(const char *);
static int	 v1_exists(const char *);
static void	 kid_add(pid_t);
static void	 kid_del(pid_t);
static int	 reap(pid_t, int);
static void	 reap_strays(void);
static void	 cleanup(void);
static pid_t	 spawn(const struct cgroup *, int, int *);
static void	 child_sleep(void);
static void	 child_busy(void);
static void	 child_forker(int);
static void	 child_bomb(void);
static int	 wait_ready(int);
static void	 opener_creds(const struct cgroup *, const char *,
		    const char *);
static unsigned long long utime_of(pid_t);
static int	 in_cgroup(pid_t, const char *, const char *);
static int	 wait_empty(const struct cgroup *, int);
static int	 is_fs(const char *, long);
static int	 nsdelegate(const char *);
static void	 test_v1(void);
static void	 test_v2(void);

/* A hang must not stall the suite, nor leave cgroups behind. */
static void
on_alarm(int sig)
{
	static const char	 msg[] = "not ok - test_cgroup timed out\n";

	(void)write(STDOUT_FILENO, msg, sizeof(msg) - 1);
	cleanup();
	_exit(1);
}

static void
msleep(int ms)
{
	struct timespec	 ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static int
read_file(const char *path, char *buf, size_t len)
{
	ssize_t	 n;
	size_t	 off = 0;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	while (off < len - 1 && (n = read(fd, buf + off, len - 1 - off)) > 0)
		off += n;
	buf[off] = '\0';
	close(fd);
	return (0);
}

static int
write_file(const char *path, const char *s)
{
	ssize_t	 n;
	int	 fd, saved;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1)
		return (-1);
	n = write(fd, s, strlen(s));
	saved = errno;
	close(fd);
	errno = saved;
	return (n == (ssize_t)strlen(s) ? 0 : -1);
}

static int
path_exists(const char *path)
{
	struct stat	 st;

	return (lstat(path, &st) == 0);
}

/* A file holding one integer, or LLONG_MIN. */
static long long
file_ll(const char *path)
{
	char	 buf[64], *end;
	long long v;

	if (read_file(path, buf, sizeof(buf)) == -1)
		return (LLONG_MIN);
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (errno != 0 || end == buf)
		return (LLONG_MIN);
	return (v);
}

static int
v1_path(char *buf, size_t len, int ctrl, const char *name, const char *file)
{
	int	 n;

	n = snprintf(buf, len, "%s/%s/%s%s%s%s%s", V1_BASE, ctrl_names[ctrl],
	    root, name ? "/" : "", name ? name : "", file ? "/" : "",
	    file ? file : "");
	return (n < 0 || (size_t)n >= len ? -1 : 0);
}

/* name (NULL: the root) is absent from every v1 hierarchy. */
static int
v1_gone(const char *name)
{
	char	 p[PATH_MAX];
	int	 i;

	for (i = 0; i < CG_NCTRL; i++)
		if (v1_path(p, sizeof(p), i, name, NULL) == -1 ||
		    path_exists(p))
			return (0);
	return (1);
}

static int
v1_exists(const char *name)
{
	char	 p[PATH_MAX];
	int	 i;

	for (i = 0; i < CG_NCTRL; i++)
		if (v1_path(p, sizeof(p), i, name, NULL) == -1 ||
		    !path_exists(p))
			return (0);
	return (1);
}

static void
kid_add(pid_t pid)
{
	if (nkids < MAXKIDS)
		kids[nkids++] = pid;
}

static void
kid_del(pid_t pid)
{
	int	 i;

	for (i = 0; i < nkids; i++) {
		if (kids[i] == pid) {
			kids[i] = kids[--nkids];
			return;
		}
	}
}

/* Waits up to ms for pid; returns its wait status, or -1. */
static int
reap(pid_t pid, int ms)
{
	int	 st, waited = 0;
	pid_t	 r;

	for (;;) {
		r = waitpid(pid, &st, WNOHANG);
		if (r == pid) {
			kid_del(pid);
			return (st);
		}
		if (r == -1 || waited >= ms)
			return (-1);
		msleep(5);
		waited += 5;
	}
}

/* Orphaned grandchildren come to us (subreaper): collect them. */
static void
reap_strays(void)
{
	pid_t	 r;
	int	 st;

	while ((r = waitpid(-1, &st, WNOHANG)) > 0)
		kid_del(r);
}

static void
cleanup(void)
{
	struct cgroup_env	 env;
	char			 p[PATH_MAX];
	int			 i, waited;

	for (i = 0; i < nkids; i++)
		kill(kids[i], SIGKILL);
	/* cgroup_init removes every cgroup left under the test root. */
	if (v1_used && !v1_gone(NULL) &&
	    cgroup_init(&env, CGROUP_V1, V1_BASE, root) == 0)
		cgroup_env_cleanup(&env);
	snprintf(p, sizeof(p), "%s/%s", v2_mount, root);
	if (v2_used && path_exists(p) &&
	    cgroup_init(&env, CGROUP_V2, v2_mount, root) == 0)
		cgroup_env_cleanup(&env);
	for (waited = 0; waited < 3000; waited += 10) {
		reap_strays();
		if (waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD)
			break;
		msleep(10);
	}
}

/*
 * Forks a child that moves itself into cg through the monitor's fds,
 * reports through a pipe (a byte: 0 or errno), then runs what.
 */
static pid_t
spawn(const struct cgroup *cg, int what, int *rfd)
{
	int	 p[2], e, r[2] = { -1, -1 };
	pid_t	 pid;
	char	 c;

	if (pipe2(p, O_CLOEXEC) == -1)
		return (-1);
	if (what == 2 && pipe2(r, O_CLOEXEC) == -1) {
		close(p[0]);
		close(p[1]);
		return (-1);
	}
	fflush(stdout);
	if ((pid = fork()) == -1)
		return (-1);
	if (pid == 0) {
		close(p[0]);
		e = cgroup_attach_self(cg) == 0 ? 0 : errno;
		c = (char)e;
		(void)write(p[1], &c, 1);
		close(p[1]);
		if (e != 0)
			_exit(1);
		switch (what) {
		case 0:
			child_sleep();
			break;
		case 1:
			child_busy();
			break;
		case 2:
			child_forker(r[1]);
			break;
		case 3:
			child_bomb();
			break;
		}
		_exit(0);
	}
	kid_add(pid);
	close(p[1]);
	if (r[1] != -1)
		close(r[1]);
	if (rfd != NULL)
		*rfd = r[0];
	if (wait_ready(p[0]) != 0) {
		close(p[0]);
		return (-1);
	}
	close(p[0]);
	return (pid);
}

static void
child_sleep(void)
{
	for (;;)
		pause();
}

static void
child_busy(void)
{
	volatile unsigned long	 n = 0;

	for (;;)
		n++;
}

/* Forks sleepers until fork fails; reports {count, errno}. */
static void
child_forker(int fd)
{
	int	 res[2] = { 0, 0 };
	pid_t	 pid;

	for (;;) {
		if ((pid = fork()) == -1) {
			res[1] = errno;
			break;
		}
		if (pid == 0)
			child_sleep();
		if (++res[0] > 100)
			break;
	}
	(void)write(fd, res, sizeof(res));
	child_sleep();
}

/* Every process keeps forking: the race cgroup_signal_all must win. */
static void
child_bomb(void)
{
	struct timespec	 ts = { 0, 200000 };

	for (;;) {
		(void)fork();
		nanosleep(&ts, NULL);
	}
}

static int
wait_ready(int fd)
{
	char	 c;

	if (read(fd, &c, 1) != 1)
		return (-1);
	return (c);
}

/*
 * The kernel checks a cgroup.procs write against the credentials of
 * whoever opened the file.  A child that dropped to uid 65534 after the
 * monitor opened the fds cannot open cgroup.procs itself, yet still
 * moves in through the monitor's fd.
 */
static void
opener_creds(const struct cgroup *cg, const char *own, const char *tag)
{
	int	 pfd[2], res[2], st, fd;
	ssize_t	 r;
	pid_t	 pid;

	if (pipe2(pfd, O_CLOEXEC) == -1) {
		CHECK(0, "%s: pipe", tag);
		return;
	}
	fflush(stdout);
	if ((pid = fork()) == -1) {
		CHECK(0, "%s: fork", tag);
		close(pfd[0]);
		close(pfd[1]);
		return;
	}
	if (pid == 0) {
		close(pfd[0]);
		res[0] = res[1] = -1;
		if (setgroups(0, NULL) == -1 ||
		    setresgid(65534, 65534, 65534) == -1 ||
		    setresuid(65534, 65534, 65534) == -1)
			_exit(1);
		res[0] = 0;
		if ((fd = open(own, O_WRONLY | O_CLOEXEC)) == -1)
			res[0] = errno;
		else {
			if (write(fd, "0", 1) == -1)
				res[0] = errno;
			close(fd);
		}
		res[1] = cgroup_attach_self(cg) == 0 ? 0 : errno;
		(void)write(pfd[1], res, sizeof(res));
		_exit(0);
	}
	kid_add(pid);
	close(pfd[1]);
	r = read(pfd[0], res, sizeof(res));
	close(pfd[0]);
	CHECK(r == sizeof(res) && res[0] == EACCES,
	    "%s: uid 65534 cannot open cgroup.procs itself (%s)", tag,
	    strerror(r == sizeof(res) && res[0] > 0 ? res[0] : 0));
	CHECK(r == sizeof(res) && res[1] == 0,
	    "%s: uid 65534 attaches through the monitor's fd (%s)", tag,
	    strerror(r == sizeof(res) && res[1] > 0 ? res[1] : 0));
	st = reap(pid, 3000);
	CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "%s: uid child exited", tag);
}

/* utime of a process, in clock ticks (field 14 of /proc/pid/stat). */
static unsigned long long
utime_of(pid_t pid)
{
	char			 path[64], buf[1024], *p;
	unsigned long long	 ut = 0;
	int			 i;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (read_file(path, buf, sizeof(buf)) == -1 ||
	    (p = strrchr(buf, ')')) == NULL)
		return (0);
	/* After ")": state is field 3, utime field 14. */
	for (i = 2; i < 14 && p != NULL; i++)
		p = strchr(p + 1, ' ');
	if (p != NULL)
		ut = strtoull(p + 1, NULL, 10);
	return (ut);
}

/*
 * /proc/pid/cgroup has a line "<id>:<list>:/root/name" whose
 * comma-separated list holds ctrl ("" for the v2 line).
 */
static int
in_cgroup(pid_t pid, const char *ctrl, const char *name)
{
	char	 path[64], buf[4096], want[256], *line, *next, *list, *c;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	snprintf(want, sizeof(want), "/%s/%s", root, name);
	if (read_file(path, buf, sizeof(buf)) == -1)
		return (0);
	for (next = buf; (line = strsep(&next, "\n")) != NULL;) {
		if (strsep(&line, ":") == NULL ||
		    (list = strsep(&line, ":")) == NULL || line == NULL ||
		    strcmp(line, want) != 0)
			continue;
		if (*ctrl == '\0' && *list == '\0')
			return (1);
		while ((c = strsep(&list, ",")) != NULL)
			if (*ctrl != '\0' && strcmp(c, ctrl) == 0)
				return (1);
	}
	return (0);
}

static int
wait_empty(const struct cgroup *cg, int ms)
{
	int	 waited;

	for (waited = 0; waited <= ms; waited += 10) {
		if (cgroup_populated(cg) == 0)
			return (1);
		msleep(10);
	}
	return (0);
}

static int
is_fs(const char *path, long magic)
{
	struct statfs	 sfs;

	return (statfs(path, &sfs) == 0 && (long)sfs.f_type == magic);
}

/*
 * cgroup2 enforces cgroup namespaces as delegation boundaries only when
 * mounted with nsdelegate (systemd does so); the option is global to
 * the hierarchy, so a test must not change it.
 */
static int
nsdelegate(const char *mnt)
{
	char	 buf[16384], *line, *next, *f, *sep;
	int	 i;

	if (read_file("/proc/self/mountinfo", buf, sizeof(buf)) == -1)
		return (0);
	for (next = buf; (line = strsep(&next, "\n")) != NULL;) {
		if ((sep = strstr(line, " - cgroup2 ")) == NULL)
			continue;
		*sep = '\0';
		f = line;
		for (i = 0; i < 4 && f != NULL; i++)
			f = strchr(f + 1, ' ');
		if (f == NULL || strncmp(f + 1, mnt, strlen(mnt)) != 0 ||
		    (f[1 + strlen(mnt)] != ' ' && f[1 + strlen(mnt)] != '\0'))
			continue;
		return (strstr(sep + 1, "nsdelegate") != NULL);
	}
	return (0);
}

static void
test_v1(void)
{
	struct cgroup_env	 env, env2;
	struct cgroup		 cg, cg2;
	struct proto_cgprofile	 prof;
	char			 err[256], p[PATH_MAX], buf[256];
	char			 subp[PATH_MAX];
	unsigned long long	 t0, t1;
	uint64_t		 cpu_ns, max_mem, ooms;
	int			 res[2], rfd = -1, st, i, ok;
	pid_t			 pid, pid2;

	printf("# cgroup v1 at %s\n", V1_BASE);
	CHECK(cgroup_init(&env, CGROUP_AUTO, V1_BASE, "a/../b") == -1,
	    "v1: root with .. refused");
	CHECK(cgroup_init(&env, CGROUP_AUTO, V1_BASE, "/abs") == -1,
	    "v1: absolute root refused");
	CHECK(cgroup_init(&env, CGROUP_AUTO, V1_BASE, "x/") == -1 &&
	    cgroup_init(&env, CGROUP_AUTO, V1_BASE, "x//y") == -1,
	    "v1: roots with empty components refused");
	CHECK(cgroup_init(&env, CGROUP_V2, V1_BASE, root) == -1,
	    "v1: forcing v2 on a non-cgroup2 mount fails");
	v1_used = 1;
	CHECK(cgroup_init(&env, CGROUP_AUTO, V1_BASE, root) == 0,
	    "v1: init (auto)");
	CHECK(env.version == CGROUP_V1, "v1: auto resolved to v1");
	CHECK(env.v1_ctrls == (1 << CG_NCTRL) - 1,
	    "v1: all five controllers usable (mask %#x)", env.v1_ctrls);
	CHECK(v1_exists(NULL), "v1: root created in every hierarchy");

	CHECK(cgroup_create(&env, "../x", 0, &cg, err, sizeof(err)) == -1 &&
	    err[0] != '\0', "v1: bad name refused (%s)", err);
	cgroup_zero(&cg);
	CHECK(cgroup_destroy(&cg) == 0, "v1: destroy of a zeroed struct");

	/* pids.max holds a fork loop to 5 tasks. */
	CHECK(cgroup_create(&env, "pids", 5, &cg, err, sizeof(err)) == 0,
	    "v1: create pids (%s)", err);
	CHECK(v1_exists("pids"), "v1: pids exists in every hierarchy");
	v1_path(p, sizeof(p), CG_PIDS, "pids", "pids.max");
	CHECK(file_ll(p) == 5, "v1: pids.max is 5");
	pid = spawn(&cg, 2, &rfd);
	CHECK(pid > 0, "v1: child attached itself");
	if (pid > 0) {
		for (i = 0; i < CG_NCTRL; i++)
			CHECK(in_cgroup(pid, ctrl_names[i], "pids"),
			    "v1: child in %s:/%s/pids", ctrl_names[i], root);
		res[0] = res[1] = -1;
		CHECK(read(rfd, res, sizeof(res)) == sizeof(res) &&
		    res[0] == 4 && res[1] == EAGAIN,
		    "v1: 4 forks then EAGAIN (got %d, %s)", res[0],
		    strerror(res[1] > 0 ? res[1] : 0));
		CHECK(cgroup_populated(&cg) == 1, "v1: populated");
	}
	if (rfd != -1)
		close(rfd);
	rfd = -1;
	CHECK(cgroup_destroy(&cg) == 0, "v1: destroy pids");
	CHECK(v1_gone("pids"), "v1: pids removed from every hierarchy");
	st = pid > 0 ? reap(pid, 3000) : -1;
	CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	    "v1: destroy killed the child");
	CHECK(cgroup_destroy(&cg) == 0, "v1: second destroy is harmless");
	for (i = 0; i < CG_NCTRL; i++)
		if (cg.dirfd[i] != -1 || cg.procsfd[i] != -1)
			break;
	CHECK(i == CG_NCTRL, "v1: destroy reset every fd to -1");

	/* Freeze stops a busy child; thaw lets it run again. */
	CHECK(cgroup_create(&env, "frz", 0, &cg, err, sizeof(err)) == 0,
	    "v1: create frz (%s)", err);
	pid = spawn(&cg, 1, NULL);
	CHECK(pid > 0, "v1: busy child attached");
	msleep(200);
	CHECK(cgroup_frozen(&cg) == 0, "v1: not frozen yet");
	CHECK(cgroup_freeze(&cg, 2000) == 0, "v1: freeze");
	CHECK(cgroup_frozen(&cg) == 1, "v1: cgroup_frozen says frozen");
	v1_path(p, sizeof(p), CG_FREEZER, "frz", "freezer.state");
	CHECK(read_file(p, buf, sizeof(buf)) == 0 &&
	    strcmp(buf, "FROZEN\n") == 0, "v1: freezer.state reads FROZEN");
	t0 = utime_of(pid);
	msleep(300);
	t1 = utime_of(pid);
	CHECK(t1 == t0, "v1: frozen child accumulates no CPU (%llu -> %llu)",
	    t0, t1);
	CHECK(cgroup_freeze(&cg, 2000) == 0, "v1: freezing twice is fine");
	CHECK(cgroup_thaw(&cg, 2000) == 0, "v1: thaw");
	CHECK(cgroup_frozen(&cg) == 0, "v1: thawed");
	t0 = utime_of(pid);
	msleep(300);
	t1 = utime_of(pid);
	CHECK(t1 > t0, "v1: thawed child runs (%llu -> %llu)", t0, t1);
	CHECK(cgroup_thaw(&cg, 2000) == 0, "v1: thawing twice is fine");

	CHECK(cgroup_stats(&cg, &cpu_ns, &max_mem) == 0 && cpu_ns > 0 &&
	    max_mem > 0, "v1: stats cpu_ns %llu max_mem %llu",
	    (unsigned long long)cpu_ns, (unsigned long long)max_mem);
	CHECK(cgroup_oom_kills(&cg, &ooms) == 0 && ooms == 0,
	    "v1: no oom kill");

	memset(&prof, 0, sizeof(prof));
	prof.has_cpu_pct = 1;
	prof.cpu_pct = 50;
	prof.has_mem_max = 1;
	prof.mem_max = 64ULL << 20;
	CHECK(cgroup_set_profile(&cg, &prof) == 0, "v1: set profile");
	v1_path(p, sizeof(p), CG_CPU, "frz", "cpu.cfs_quota_us");
	CHECK(file_ll(p) == 50000, "v1: cfs_quota_us 50000");
	v1_path(p, sizeof(p), CG_CPU, "frz", "cpu.cfs_period_us");
	CHECK(file_ll(p) == 100000, "v1: cfs_period_us 100000");
	v1_path(p, sizeof(p), CG_MEMORY, "frz", "memory.limit_in_bytes");
	CHECK(file_ll(p) == 64LL << 20, "v1: limit_in_bytes 64M");
	memset(&prof, 0, sizeof(prof));
	CHECK(cgroup_set_profile(&cg, &prof) == 0, "v1: reset profile");
	v1_path(p, sizeof(p), CG_CPU, "frz", "cpu.cfs_quota_us");
	CHECK(file_ll(p) == -1, "v1: cfs_quota_us back to -1");
	v1_path(p, sizeof(p), CG_MEMORY, "frz", "memory.limit_in_bytes");
	CHECK(file_ll(p) >= 1LL << 62, "v1: memory limit back to unlimited");

	/* Destroy of a frozen cgroup must thaw, or SIGKILL never lands. */
	CHECK(cgroup_freeze(&cg, 2000) == 0, "v1: freeze again");
	CHECK(cgroup_destroy(&cg) == 0, "v1: destroy frozen frz");
	st = pid > 0 ? reap(pid, 3000) : -1;
	CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	    "v1: frozen busy child killed");
	CHECK(v1_gone("frz"), "v1: frz removed");

	/* A non-fatal signal to a frozen cgroup leaves it frozen. */
	CHECK(cgroup_create(&env, "term", 0, &cg, err, sizeof(err)) == 0,
	    "v1: create term (%s)", err);
	pid = spawn(&cg, 0, NULL);
	CHECK(cgroup_freeze(&cg, 2000) == 0, "v1: freeze term");
	CHECK(cgroup_signal_all(&cg, SIGTERM) == 0, "v1: SIGTERM all");
	CHECK(cgroup_frozen(&cg) == 1, "v1: still frozen after SIGTERM");
	CHECK(pid > 0 && reap(pid, 200) == -1,
	    "v1: frozen child did not die yet");
	CHECK(cgroup_thaw(&cg, 2000) == 0, "v1: thaw term");
	st = pid > 0 ? reap(pid, 3000) : -1;
	CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	    "v1: SIGTERM delivered at thaw");
	CHECK(cgroup_destroy(&cg) == 0 && v1_gone("term"), "v1: term gone");

	/* SIGKILL to a fork loop leaves nobody. */
	CHECK(cgroup_create(&env, "bomb", 32, &cg, err, sizeof(err)) == 0,
	    "v1: create bomb (%s)", err);
	pid = spawn(&cg, 3, NULL);
	CHECK(pid > 0, "v1: forking child attached");
	msleep(200);
	v1_path(p, sizeof(p), CG_PIDS, "bomb", "pids.current");
	CHECK(file_ll(p) > 1, "v1: bomb has forked (%lld tasks)", file_ll(p));
	CHECK(cgroup_signal_all(&cg, SIGKILL) == 0, "v1: SIGKILL all");
	CHECK(wait_empty(&cg, 2000), "v1: bomb empty after SIGKILL");
	CHECK(cgroup_frozen(&cg) == 0, "v1: left thawed after SIGKILL");
	st = pid > 0 ? reap(pid, 3000) : -1;
	CHECK(st != -1 && WIFSIGNALED(st), "v1: bomb leader died");
	reap_strays();
	CHECK(cgroup_destroy(&cg) == 0 && v1_gone("bomb"), "v1: bomb gone");

	/* A frozen parent makes a new cgroup frozen: refused. */
	v1_path(p, sizeof(p), CG_FREEZER, NULL, "freezer.state");
	CHECK(write_file(p, "FROZEN") == 0, "v1: freeze the test root");
	CHECK(cgroup_create(&env, "cold", 0, &cg, err, sizeof(err)) == -1,
	    "v1: create under a frozen root refused (%s)", err);
	CHECK(v1_gone("cold"), "v1: refused cgroup left nothing");
	CHECK(write_file(p, "THAWED") == 0, "v1: thaw the test root");

	/* Same name again: the old struct must not remove the new one. */
	CHECK(cgroup_create(&env, "dup", 0, &cg, err, sizeof(err)) == 0,
	    "v1: create dup");
	CHECK(cgroup_create(&env, "dup", 0, &cg2, err, sizeof(err)) == 0,
	    "v1: create dup again replaces it");
	CHECK(cgroup_destroy(&cg) == 0, "v1: destroy the old dup");
	CHECK(v1_exists("dup"), "v1: the new dup survives");
	v1_path(p, sizeof(p), CG_FREEZER, "dup", "cgroup.procs");
	opener_creds(&cg2, p, "v1");
	CHECK(cgroup_destroy(&cg2) == 0 && v1_gone("dup"), "v1: dup gone");

	/*
	 * Stale cgroups of a crashed run: a frozen cgroup with a process,
	 * and a nested one with another, abandoned without destroy.
	 */
	CHECK(cgroup_create(&env, "stale", 0, &cg, err, sizeof(err)) == 0,
	    "v1: create stale");
	pid = spawn(&cg, 0, NULL);
	pid2 = spawn(&cg, 0, NULL);
	ok = pid > 0 && pid2 > 0;
	for (i = 0; i < CG_NCTRL && ok; i++) {
		v1_path(subp, sizeof(subp), i, "stale/sub", NULL);
		if (mkdir(subp, 0755) == -1) {
			ok = 0;
			break;
		}
		snprintf(buf, sizeof(buf), "%d", (int)pid2);
		v1_path(subp, sizeof(subp), i, "stale/sub", "cgroup.procs");
		if (write_file(subp, buf) == -1)
			ok = 0;
	}
	CHECK(ok, "v1: nested stale/sub holds a process");
	CHECK(cgroup_freeze(&cg, 2000) == 0, "v1: stale frozen");
	for (i = 0; i < CG_NCTRL; i++) {
		if (cg.dirfd[i] != -1)
			close(cg.dirfd[i]);
		if (cg.procsfd[i] != -1)
			close(cg.procsfd[i]);
	}
	cgroup_zero(&cg);
	cgroup_env_cleanup(&env);
	CHECK(v1_exists("stale"), "v1: shutdown keeps a busy root");
	CHECK(cgroup_init(&env2, CGROUP_V1, V1_BASE, root) == 0,
	    "v1: init again (forced v1)");
	st = pid > 0 ? reap(pid, 3000) : -1;
	CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	    "v1: stale process killed");
	st = pid2 > 0 ? reap(pid2, 3000) : -1;
	CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	    "v1: nested stale process killed");
	CHECK(v1_gone("stale"), "v1: stale cgroups removed");
	cgroup_env_cleanup(&env2);
	CHECK(v1_gone(NULL), "v1: root removed at shutdown");
}

static void
test_v2(void)
{
	struct cgroup_env	 env, env2;
	struct cgroup		 cg, tgt, nsr;
	struct proto_cgprofile	 prof;
	char			 err[256], p[PATH_MAX], buf[4096];
	char			 want[PATH_MAX];
	unsigned long long	 t0, t1;
	uint64_t		 cpu_ns, max_mem, ooms;
	int			 pfd[2], res[3], st, r;
	pid_t			 pid;

	printf("# cgroup v2 at %s\n", v2_mount);
	CHECK(cgroup_init(&env, CGROUP_V1, v2_mount, root) == -1,
	    "v2: forcing v1 on a cgroup2 mount fails");
	v2_used = 1;
	CHECK(cgroup_init(&env, CGROUP_V2, v2_mount, root) == 0,
	    "v2: init (forced)");
	CHECK(env.version == CGROUP_V2, "v2: version");
	printf("# v2 controllers %#x, cgroup.kill %s\n", env.v2_ctrls,
	    env.has_kill ? "yes" : "no");
	snprintf(p, sizeof(p), "%s/%s", v2_mount, root);
	CHECK(path_exists(p), "v2: root created");

	CHECK(cgroup_create(&env, "dom", 5, &cg, err, sizeof(err)) == 0,
	    "v2: create dom (%s)", err);
	snprintf(p, sizeof(p), "%s/%s/dom/pids.max", v2_mount, root);
	if (env.v2_ctrls & CG2_PIDS)
		CHECK(file_ll(p) == 5, "v2: pids.max 5");
	else
		CHECK(!path_exists(p), "v2: no pids controller, no pids.max");
	CHECK(cgroup_populated(&cg) == 0, "v2: empty at first");
	pid = spawn(&cg, 0, NULL);
	CHECK(pid > 0, "v2: child attached itself");
	CHECK(pid > 0 && in_cgroup(pid, "", "dom"), "v2: child in 0::/%s/dom",
	    root);
	CHECK(cgroup_populated(&cg) == 1, "v2: populated");

	memset(&prof, 0, sizeof(prof));
	prof.has_cpu_pct = 1;
	prof.cpu_pct = 50;
	r = cgroup_set_profile(&cg, &prof);
	snprintf(p, sizeof(p), "%s/%s/dom/cpu.max", v2_mount, root);
	if (env.v2_ctrls & CG2_CPU)
		CHECK(r == 0 && read_file(p, buf, sizeof(buf)) == 0 &&
		    strcmp(buf, "50000 100000\n") == 0, "v2: cpu.max 50%%");
	else
		CHECK(r == -1 && errno == ENOTSUP, "v2: no cpu: ENOTSUP");
	memset(&prof, 0, sizeof(prof));
	prof.has_mem_max = 1;
	prof.mem_max = 64ULL << 20;
	r = cgroup_set_profile(&cg, &prof);
	snprintf(p, sizeof(p), "%s/%s/dom/memory.max", v2_mount, root);
	if (env.v2_ctrls & CG2_MEMORY)
		CHECK(r == 0 && file_ll(p) == 64LL << 20, "v2: memory.max");
	else
		CHECK(r == -1 && errno == ENOTSUP, "v2: no memory: ENOTSUP");
	memset(&prof, 0, sizeof(prof));
	CHECK(cgroup_set_profile(&cg, &prof) == 0,
	    "v2: empty profile resets what exists");

	snprintf(p, sizeof(p), "%s/%s/dom/cgroup.events", v2_mount, root);
	CHECK(cgroup_freeze(&cg, 2000) == 0, "v2: freeze");
	CHECK(read_file(p, buf, sizeof(buf)) == 0 &&
	    strstr(buf, "frozen 1\n") != NULL, "v2: cgroup.events frozen 1");
	CHECK(cgroup_frozen(&cg) == 1, "v2: cgroup_frozen says frozen");
	CHECK(cgroup_thaw(&cg, 2000) == 0, "v2: thaw");
	CHECK(read_file(p, buf, sizeof(buf)) == 0 &&
	    strstr(buf, "frozen 0\n") != NULL, "v2: cgroup.events frozen 0");
	CHECK(cgroup_frozen(&cg) == 0, "v2: thawed");

	CHECK(cgroup_signal_all(&cg, SIGKILL) == 0, "v2: SIGKILL all%s",
	    env.has_kill ? " (cgroup.kill)" : "");
	st = pid > 0 ? reap(pid, 3000) : -1;
	CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	    "v2: child killed");
	CHECK(wait_empty(&cg, 2000), "v2: empty after SIGKILL");

	/* The freeze, kill, thaw path (kernels without cgroup.kill). */
	pid = spawn(&cg, 3, NULL);
	msleep(100);
	cg.has_kill = 0;
	CHECK(cgroup_signal_all(&cg, SIGKILL) == 0,
	    "v2: SIGKILL all by freeze, kill, thaw");
	CHECK(wait_empty(&cg, 2000), "v2: fork loop gone");
	st = pid > 0 ? reap(pid, 3000) : -1;
	CHECK(st != -1 && WIFSIGNALED(st), "v2: fork loop leader died");
	reap_strays();
	cg.has_kill = env.has_kill;
	CHECK(cgroup_destroy(&cg) == 0, "v2: destroy dom");
	snprintf(p, sizeof(p), "%s/%s/dom", v2_mount, root);
	CHECK(!path_exists(p), "v2: dom removed");

	/*
	 * The namespace property: a child that moved to "nsr" and then
	 * unshared its cgroup namespace cannot write "target"'s
	 * cgroup.procs when it opens it itself (target is outside its
	 * namespace), but can through the fd the parent opened before.
	 */
	CHECK(cgroup_create(&env, "target", 0, &tgt, err, sizeof(err)) == 0,
	    "v2: create target (%s)", err);
	CHECK(cgroup_create(&env, "nsr", 0, &nsr, err, sizeof(err)) == 0,
	    "v2: create nsr (%s)", err);
	if (pipe2(pfd, O_CLOEXEC) == -1)
		pfd[0] = pfd[1] = -1;
	fflush(stdout);
	if (pfd[0] != -1 && (pid = fork()) == 0) {
		int	 fd;

		close(pfd[0]);
		res[0] = res[1] = res[2] = -1;
		if (cgroup_attach_self(&nsr) == -1 ||
		    unshare(CLONE_NEWCGROUP) == -1)
			_exit(1);
		res[0] = 0;
		snprintf(p, sizeof(p), "%s/%s/target/cgroup.procs", v2_mount,
		    root);
		if ((fd = open(p, O_WRONLY | O_CLOEXEC)) == -1)
			res[0] = errno;
		else if (write(fd, "0", 1) == -1)
			res[0] = errno;
		if (fd != -1)
			close(fd);
		res[1] = cgroup_attach_self(&tgt) == 0 ? 0 : errno;
		res[2] = 0;
		(void)write(pfd[1], res, sizeof(res));
		child_sleep();
	}
	if (pfd[0] != -1 && pid > 0) {
		kid_add(pid);
		close(pfd[1]);
		res[0] = res[1] = res[2] = -1;
		r = read(pfd[0], res, sizeof(res));
		CHECK(r == sizeof(res), "v2: namespaced child reported");
		if (nsdelegate(v2_mount))
			CHECK(r == sizeof(res) && res[0] == ENOENT,
			    "v2: write through its own open refused (%s)",
			    strerror(res[0] > 0 ? res[0] : 0));
		else
			printf("# %s has no nsdelegate: the kernel does not "
			    "refuse the child's own open here (got %s)\n",
			    v2_mount, strerror(res[0] > 0 ? res[0] : 0));
		CHECK(r == sizeof(res) && res[1] == 0,
		    "v2: attach through the monitor's fd works (%s)",
		    strerror(res[1] > 0 ? res[1] : 0));
		CHECK(in_cgroup(pid, "", "target"),
		    "v2: child in 0::/%s/target", root);
		CHECK(cgroup_populated(&tgt) == 1 &&
		    cgroup_populated(&nsr) == 0,
		    "v2: target populated, nsr not");
		close(pfd[0]);
	} else
		CHECK(0, "v2: fork for the namespace test");
	CHECK(cgroup_destroy(&tgt) == 0 && cgroup_destroy(&nsr) == 0,
	    "v2: destroy target and nsr");
	st = pid > 0 ? reap(pid, 3000) : -1;
	CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	    "v2: namespaced child killed by destroy");

	/* A busy child: frozen it stops, its CPU time shows in stats. */
	CHECK(cgroup_create(&env, "busy", 0, &cg, err, sizeof(err)) == 0,
	    "v2: create busy (%s)", err);
	pid = spawn(&cg, 1, NULL);
	msleep(200);
	CHECK(cgroup_freeze(&cg, 2000) == 0, "v2: freeze busy");
	t0 = utime_of(pid);
	msleep(300);
	t1 = utime_of(pid);
	CHECK(pid > 0 && t1 == t0,
	    "v2: frozen child accumulates no CPU (%llu -> %llu)", t0, t1);
	CHECK(cgroup_thaw(&cg, 2000) == 0, "v2: thaw busy");
	CHECK(cgroup_stats(&cg, &cpu_ns, &max_mem) == 0 && cpu_ns > 0,
	    "v2: stats cpu_ns %llu max_mem %llu%s",
	    (unsigned long long)cpu_ns, (unsigned long long)max_mem,
	    (env.v2_ctrls & CG2_MEMORY) ? "" : " (no memory controller)");
	CHECK(cgroup_oom_kills(&cg, &ooms) == 0 && ooms == 0,
	    "v2: no oom kill");
	CHECK(cgroup_destroy(&cg) == 0, "v2: destroy busy");
	st = pid > 0 ? reap(pid, 3000) : -1;
	CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	    "v2: busy child killed by destroy");

	CHECK(cgroup_create(&env, "uid", 0, &cg, err, sizeof(err)) == 0,
	    "v2: create uid (%s)", err);
	snprintf(p, sizeof(p), "%s/%s/uid/cgroup.procs", v2_mount, root);
	opener_creds(&cg, p, "v2");
	CHECK(cgroup_destroy(&cg) == 0, "v2: destroy uid");

	/* A frozen parent: refused. */
	snprintf(p, sizeof(p), "%s/%s/cgroup.freeze", v2_mount, root);
	CHECK(write_file(p, "1") == 0, "v2: freeze the test root");
	CHECK(cgroup_create(&env, "cold", 0, &cg, err, sizeof(err)) == -1,
	    "v2: create under a frozen root refused (%s)", err);
	snprintf(want, sizeof(want), "%s/%s/cold", v2_mount, root);
	CHECK(!path_exists(want), "v2: refused cgroup left nothing");
	CHECK(write_file(p, "0") == 0, "v2: thaw the test root");

	/* Stale: a frozen cgroup with a process, abandoned. */
	CHECK(cgroup_create(&env, "stale", 0, &cg, err, sizeof(err)) == 0,
	    "v2: create stale");
	pid = spawn(&cg, 0, NULL);
	CHECK(cgroup_freeze(&cg, 2000) == 0, "v2: stale frozen");
	snprintf(p, sizeof(p), "%s/%s/stale/sub", v2_mount, root);
	CHECK(mkdir(p, 0755) == 0, "v2: nested stale/sub");
	close(cg.dirfd[0]);
	close(cg.procsfd[0]);
	cgroup_zero(&cg);
	cgroup_env_cleanup(&env);
	CHECK(cgroup_init(&env2, CGROUP_V2, v2_mount, root) == 0,
	    "v2: init again");
	st = pid > 0 ? reap(pid, 3000) : -1;
	CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	    "v2: stale process killed");
	snprintf(p, sizeof(p), "%s/%s/stale", v2_mount, root);
	CHECK(!path_exists(p), "v2: stale cgroup removed");
	cgroup_env_cleanup(&env2);
	snprintf(p, sizeof(p), "%s/%s", v2_mount, root);
	CHECK(!path_exists(p), "v2: root removed at shutdown");
}

int
main(void)
{
	char	 p[PATH_MAX];
	int	 have_v1;

	log_init(1, LOG_DAEMON);
	log_procinit("test_cgroup");
	log_setverbose(1);
	if (geteuid() != 0) {
		printf("# SKIP: needs root\n");
		return (0);
	}
	snprintf(root, sizeof(root), "supd-test-%d", (int)getpid());
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
		printf("# no subreaper: grandchildren go to init\n");
	atexit(cleanup);
	signal(SIGALRM, on_alarm);
	alarm(60);

	snprintf(p, sizeof(p), "%s/freezer", V1_BASE);
	have_v1 = is_fs(p, CGROUP_SUPER_MAGIC);
	if (is_fs(V1_BASE "/unified", CGROUP2_SUPER_MAGIC))
		strlcpy(v2_mount, V1_BASE "/unified", sizeof(v2_mount));
	else if (is_fs(V1_BASE, CGROUP2_SUPER_MAGIC))
		strlcpy(v2_mount, V1_BASE, sizeof(v2_mount));

	if (have_v1)
		test_v1();
	else
		printf("# no cgroup v1 freezer at %s: v1 part skipped\n",
		    V1_BASE);
	if (v2_mount[0] != '\0')
		test_v2();
	else
		printf("# no cgroup2 mount: v2 part skipped\n");
	CHECK(have_v1 || v2_mount[0] != '\0', "some cgroup hierarchy found");
	TEST_DONE();
}
