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
 * Privilege drop and seccomp sandboxes, as root.  Everything that drops
 * or filters runs in a forked child, which reports over a pipe (and its
 * exit status); the test process itself stays root and unfiltered.
 */

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <event2/util.h>

#include "log.h"
#include "config.h"
#include "priv.h"
#include "sandbox.h"
#include "test.h"

#define NOBODY		"65534"
#define OUT_MAX		16384
#define HIGH_BIT	(1UL << 32)
#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

struct child {
	pid_t	 pid;
	int	 rfd;
	int	 status;
	char	 out[OUT_MAX];
};

struct kill_case {
	const char	*what;
	void		(*fn)(void);
};

struct drop_case {
	const char	*what;
	const char	*user;
	const char	*fallback;
	const char	*dir;
	int		 code;		/* expected exit status */
	const char	*msg;		/* expected in stderr, or NULL */
};

struct libevent_arg {
	int		 lfd;
	const char	*dir;
};

static void	 child_start(struct child *, void (*)(int, void *), void *,
		    int);
static void	 child_finish(struct child *);
static void	 child_run(struct child *, void (*)(int, void *), void *,
		    int);
static int	 child_exited(const struct child *, int);
static int	 child_killed(const struct child *, int);
static void	 report(int, const char *, ...)
		    __attribute__((__format__ (printf, 2, 3)));
static void	 report_file(int, int);
static const char *field(const char *, const char *, char *, size_t);
static int	 limit(const char *, const char *, char *, size_t);
static int	 dir_entries(const char *);
static long	 i386_getpid(void);
static void	 make_dir(char *, size_t, const char *, mode_t, uid_t);

static void	 test_resolve(void);
static void	 test_make_chroot(void);
static void	 child_drop(int, void *);
static void	 test_drop(void);
static void	 child_drop_fatal(int, void *);
static void	 test_drop_refused(void);
static void	 child_frontend(int, void *);
static void	 test_frontend(void);
static void	 child_frontend_kill(int, void *);
static void	 child_frontend_exit(int, void *);
static void	 kill_ptrace(void);
static void	 kill_execve(void);
static void	 kill_kill(void);
static void	 kill_tgkill(void);
static void	 kill_fork(void);
static void	 kill_mmap_exec(void);
static void	 kill_mmap_exec_high(void);
static void	 kill_mprotect_exec(void);
static void	 kill_ioctl(void);
static void	 kill_fcntl_setown(void);
static void	 kill_x32(void);
static void	 kill_i386(void);
static void	 child_i386(int, void *);
static void	 test_frontend_kill(void);
static void	 echo_read(struct bufferevent *, void *);
static void	 echo_event(struct bufferevent *, short, void *);
static void	 echo_accept(struct evconnlistener *, evutil_socket_t,
		    struct sockaddr *, int, void *);
static void	 child_libevent(int, void *);
static void	 test_libevent(void);
static void	 child_profile_deny(int, void *);
static void	 child_profile_kill(int, void *);
static void	 child_profile_errno(int, void *);
static void	 child_profile_harden(int, void *);
static void	 child_profile_x32(int, void *);
static void	*thread_main(void *);
static void	 test_profiles(void);
static void	 test_profile_check(void);

/* The test's scratch directory. */
static char	 tmpdir[64];

/* Profiles, as parse.y would fill them. */
static char	*deny_mkdir[] = { "mkdir", "no_such_syscall_supd",
		    "socketcall" };
/* sigaltstack: ASan checks the signal stack before any noreturn call. */
static char	*minimal[] = { "write", "exit_group", "exit", "getpid",
		    "sigaltstack", "no_such_syscall_supd" };
static char	*deny_ptrace[] = { "ptrace", "clone3" };

static void
child_start(struct child *c, void (*fn)(int, void *), void *arg,
    int catch_stderr)
{
	int	 p[2];

	memset(c, 0, sizeof(*c));
	if (pipe2(p, O_CLOEXEC) == -1) {
		perror("pipe2");
		exit(2);
	}
	fflush(stdout);
	fflush(stderr);
	if ((c->pid = fork()) == -1) {
		perror("fork");
		exit(2);
	}
	if (c->pid == 0) {
		close(p[0]);
		if (catch_stderr && dup2(p[1], STDERR_FILENO) == -1)
			_exit(98);
		fn(p[1], arg);
		_exit(0);
	}
	close(p[1]);
	c->rfd = p[0];
}

static void
child_finish(struct child *c)
{
	size_t	 off = 0;
	ssize_t	 n;

	for (;;) {
		n = read(c->rfd, c->out + off, sizeof(c->out) - 1 - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += n;
		if (off == sizeof(c->out) - 1)
			break;
	}
	c->out[off] = '\0';
	close(c->rfd);
	while (waitpid(c->pid, &c->status, 0) == -1)
		if (errno != EINTR) {
			perror("waitpid");
			exit(2);
		}
}

static void
child_run(struct child *c, void (*fn)(int, void *), void *arg,
    int catch_stderr)
{
	child_start(c, fn, arg, catch_stderr);
	child_finish(c);
}

static int
child_exited(const struct child *c, int code)
{
	return (WIFEXITED(c->status) && WEXITSTATUS(c->status) == code);
}

static int
child_killed(const struct child *c, int sig)
{
	return (WIFSIGNALED(c->status) && WTERMSIG(c->status) == sig);
}

/* No stdio in children: snprintf and one write(2). */
static void
report(int fd, const char *fmt, ...)
{
	char	 buf[512];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		_exit(97);
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	if (write(fd, buf, n) != n)
		_exit(96);
}

/*
 * A /proc file opened before the drop or the filter and read only after
 * it: the kernel makes the text at the first read, so it shows the state
 * of that moment.  read(2), not pread(2), which the frontend may not use.
 */
static void
report_file(int fd, int ffd)
{
	char	 buf[8192];
	size_t	 off = 0;
	ssize_t	 n;

	while (off < sizeof(buf)) {
		if ((n = read(ffd, buf + off, sizeof(buf) - off)) == -1)
			_exit(95);
		if (n == 0)
			break;
		off += n;
	}
	if (write(fd, buf, off) != (ssize_t)off)
		_exit(96);
}

/* The value of "key:" at the start of a line of buf, trimmed. */
static const char *
field(const char *buf, const char *key, char *val, size_t len)
{
	const char	*p = buf, *e;
	size_t		 klen = strlen(key), n;

	strlcpy(val, "(missing)", len);
	while (p != NULL && *p != '\0') {
		if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
			p += klen + 1;
			while (*p == ' ' || *p == '\t')
				p++;
			if ((e = strchr(p, '\n')) == NULL)
				e = p + strlen(p);
			while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			n = e - p;
			if (n >= len)
				n = len - 1;
			memcpy(val, p, n);
			val[n] = '\0';
			break;
		}
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return (val);
}

/* "soft hard" of a /proc/self/limits line. */
static int
limit(const char *buf, const char *key, char *val, size_t len)
{
	const char	*p;
	char		 soft[32], hard[32];

	strlcpy(val, "(missing)", len);
	if ((p = strstr(buf, key)) == NULL)
		return (-1);
	p += strlen(key);
	if (sscanf(p, "%31s %31s", soft, hard) != 2)
		return (-1);
	snprintf(val, len, "%s %s", soft, hard);
	return (0);
}

/* Entries of a directory other than . and .., or -1. */
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

/* getpid through the i386 ABI (number 20 there). */
static long
i386_getpid(void)
{
	long	 r;

	__asm__ volatile ("int $0x80" : "=a" (r) : "a" (20L)
	    : "memory", "r8", "r9", "r10", "r11");
	return (r);
}

static void
make_dir(char *path, size_t len, const char *name, mode_t mode, uid_t uid)
{
	snprintf(path, len, "%s/%s", tmpdir, name);
	if (mkdir(path, 0700) == -1 || chown(path, uid, 0) == -1 ||
	    chmod(path, mode) == -1) {
		perror(path);
		exit(2);
	}
}

static void
test_resolve(void)
{
	char	 name[64];
	uid_t	 uid;
	gid_t	 gid;

	CHECK(priv_resolve_user("nobody", NULL, &uid, &gid, name,
	    sizeof(name)) == 0 && uid == 65534 && gid == 65534 &&
	    strcmp(name, "nobody") == 0, "resolve nobody");
	CHECK(priv_resolve_user("no-such-user-supd", "nobody", &uid, &gid,
	    name, sizeof(name)) == 0 && uid == 65534 &&
	    strcmp(name, "nobody") == 0, "resolve falls back to nobody");
	CHECK(priv_resolve_user(NULL, "nobody", &uid, &gid, name,
	    sizeof(name)) == 0 && uid == 65534, "resolve fallback only");
	CHECK(priv_resolve_user("no-such-user-supd", "no-such-user-2",
	    &uid, &gid, name, sizeof(name)) == -1, "resolve neither: -1");
	CHECK(priv_resolve_user("root", NULL, &uid, &gid, name,
	    sizeof(name)) == -1, "resolve refuses root");
	CHECK(priv_resolve_user("root", "nobody", &uid, &gid, name,
	    sizeof(name)) == -1, "resolve refuses root, no fallback then");
	CHECK(priv_resolve_user("nobody", NULL, &uid, &gid, name, 4) == -1,
	    "resolve: name buffer too small");
}

static void
test_make_chroot(void)
{
	struct stat	 st;
	char		 dir[PATH_MAX];

	priv_make_chroot(dir, sizeof(dir));
	CHECK(strncmp(dir, PRIV_CHROOT_BASE "/frontend.",
	    strlen(PRIV_CHROOT_BASE "/frontend.")) == 0 ||
	    strncmp(dir, PRIV_CHROOT_FALLBACK "/frontend.",
	    strlen(PRIV_CHROOT_FALLBACK "/frontend.")) == 0,
	    "make_chroot: under a known base (%s)", dir);
	CHECK(lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
	    st.st_uid == 0 && st.st_gid == 0 &&
	    (st.st_mode & 07777) == 0755, "make_chroot: dir 0755 root:root");
	CHECK(dir_entries(dir) == 0, "make_chroot: empty");
	priv_remove_chroot(dir);
	CHECK(lstat(dir, &st) == -1 && errno == ENOENT,
	    "remove_chroot: gone");
}

static void
child_drop(int fd, void *arg)
{
	const char	*dir = arg;
	char		 cwd[PATH_MAX];
	int		 sfd, r, e;

	if ((sfd = open("/proc/self/status", O_RDONLY)) == -1)
		_exit(90);
	priv_drop("nobody", NULL, dir);
	report_file(fd, sfd);
	report(fd, "X-cwd:\t%s\n", getcwd(cwd, sizeof(cwd)) != NULL ?
	    cwd : "(error)");
	report(fd, "X-root-entries:\t%d\n", dir_entries("/"));
	r = setuid(0);
	e = errno;
	report(fd, "X-setuid0:\t%d %s\n", r, r == -1 ? strerrorname_np(e) :
	    "-");
	r = setgid(0);
	e = errno;
	report(fd, "X-setgid0:\t%d %s\n", r, r == -1 ? strerrorname_np(e) :
	    "-");
	r = mkdir("/x", 0700);
	e = errno;
	report(fd, "X-mkdir:\t%d %s\n", r, r == -1 ? strerrorname_np(e) :
	    "-");
	r = open("/proc/self/status", O_RDONLY);
	e = errno;
	report(fd, "X-proc:\t%d %s\n", r, r == -1 ? strerrorname_np(e) :
	    "-");
	report(fd, "X-dumpable:\t%d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
	report(fd, "X-uid:\t%u\n", (unsigned int)getuid());
}

static void
test_drop(void)
{
	struct child	 c;
	char		 dir[PATH_MAX], v[128];
	static const char *zero[] = { "CapInh", "CapPrm", "CapEff",
	    "CapBnd", "CapAmb" };
	size_t		 i;

	priv_make_chroot(dir, sizeof(dir));
	child_run(&c, child_drop, dir, 0);
	CHECK(child_exited(&c, 0), "drop: child exited 0 (status %#x)",
	    c.status);
	CHECK(strcmp(field(c.out, "Uid", v, sizeof(v)),
	    NOBODY "\t" NOBODY "\t" NOBODY "\t" NOBODY) == 0,
	    "drop: Uid all 65534 (%s)", v);
	CHECK(strcmp(field(c.out, "Gid", v, sizeof(v)),
	    NOBODY "\t" NOBODY "\t" NOBODY "\t" NOBODY) == 0,
	    "drop: Gid all 65534 (%s)", v);
	CHECK(strcmp(field(c.out, "Groups", v, sizeof(v)), NOBODY) == 0,
	    "drop: Groups exactly 65534 (%s)", v);
	for (i = 0; i < NITEMS(zero); i++)
		CHECK(strcmp(field(c.out, zero[i], v, sizeof(v)),
		    "0000000000000000") == 0, "drop: %s empty (%s)", zero[i],
		    v);
	CHECK(strcmp(field(c.out, "NoNewPrivs", v, sizeof(v)), "1") == 0,
	    "drop: NoNewPrivs 1 (%s)", v);
	CHECK(strcmp(field(c.out, "Seccomp", v, sizeof(v)), "0") == 0,
	    "drop: no seccomp yet (%s)", v);
	CHECK(strcmp(field(c.out, "X-cwd", v, sizeof(v)), "/") == 0,
	    "drop: cwd / (%s)", v);
	CHECK(strcmp(field(c.out, "X-root-entries", v, sizeof(v)), "0") == 0,
	    "drop: / is empty (%s)", v);
	CHECK(strcmp(field(c.out, "X-setuid0", v, sizeof(v)),
	    "-1 EPERM") == 0, "drop: setuid(0) fails (%s)", v);
	CHECK(strcmp(field(c.out, "X-setgid0", v, sizeof(v)),
	    "-1 EPERM") == 0, "drop: setgid(0) fails (%s)", v);
	CHECK(strcmp(field(c.out, "X-mkdir", v, sizeof(v)),
	    "-1 EACCES") == 0, "drop: / not writable (%s)", v);
	CHECK(strcmp(field(c.out, "X-proc", v, sizeof(v)),
	    "-1 ENOENT") == 0, "drop: host /proc not visible (%s)", v);
	CHECK(strcmp(field(c.out, "X-dumpable", v, sizeof(v)), "0") == 0,
	    "drop: not dumpable (%s)", v);
	CHECK(dir_entries(dir) == 0, "drop: chroot still empty");
	priv_remove_chroot(dir);
}

static void
child_drop_fatal(int fd, void *arg)
{
	const struct drop_case	*dc = arg;

	priv_drop(dc->user, dc->fallback, dc->dir);
	report(fd, "X-uid:\t%u\n", (unsigned int)getuid());
}

static void
test_drop_refused(void)
{
	struct child	 c;
	char		 good[PATH_MAX], ww[PATH_MAX], gw[PATH_MAX];
	char		 notroot[PATH_MAX], link[PATH_MAX], file[PATH_MAX];
	char		 missing[PATH_MAX], v[64];
	struct drop_case cases[] = {
		{ "world-writable chroot", "nobody", NULL, ww, 1,
		    "group or world writable" },
		{ "group-writable chroot", "nobody", NULL, gw, 1,
		    "group or world writable" },
		{ "chroot not owned by root", "nobody", NULL, notroot, 1,
		    "not owned by root" },
		{ "chroot is a symlink", "nobody", NULL, link, 1,
		    "chroot directory" },
		{ "chroot is a file", "nobody", NULL, file, 1,
		    "chroot directory" },
		{ "chroot missing", "nobody", NULL, missing, 1,
		    "chroot directory" },
		{ "no such user", "no-such-user-supd", "no-such-user-2", good,
		    1, "no usable unprivileged user" },
		{ "user is root", "root", NULL, good, 1,
		    "no usable unprivileged user" },
		{ "fallback user", "no-such-user-supd", "nobody", good, 0,
		    NULL },
	};
	size_t		 i;
	int		 fd;

	make_dir(good, sizeof(good), "good", 0755, 0);
	make_dir(ww, sizeof(ww), "ww", 0777, 0);
	make_dir(gw, sizeof(gw), "gw", 0775, 0);
	make_dir(notroot, sizeof(notroot), "notroot", 0755, 65534);
	snprintf(link, sizeof(link), "%s/link", tmpdir);
	snprintf(file, sizeof(file), "%s/file", tmpdir);
	snprintf(missing, sizeof(missing), "%s/missing", tmpdir);
	if (symlink(good, link) == -1 ||
	    (fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0644)) == -1) {
		perror("set-up");
		exit(2);
	}
	close(fd);

	for (i = 0; i < NITEMS(cases); i++) {
		child_run(&c, child_drop_fatal, &cases[i], 1);
		CHECK(child_exited(&c, cases[i].code),
		    "drop refused: %s: exit %d (status %#x)", cases[i].what,
		    cases[i].code, c.status);
		if (cases[i].msg != NULL)
			CHECK(strstr(c.out, cases[i].msg) != NULL &&
			    strstr(c.out, "X-uid") == NULL,
			    "drop refused: %s: says \"%s\"", cases[i].what,
			    cases[i].msg);
		else
			CHECK(strcmp(field(c.out, "X-uid", v, sizeof(v)),
			    NOBODY) == 0, "drop: %s: uid %s", cases[i].what,
			    v);
	}
	rmdir(good);
	rmdir(ww);
	rmdir(gw);
	rmdir(notroot);
	unlink(link);
	unlink(file);
}

/*
 * The frontend filter, in a root child without priv_drop: every answer
 * below comes from the filter, not from missing privileges.
 */
static void
child_frontend(int fd, void *arg)
{
	struct sockaddr_un sun;
	struct stat	 st;
	char		*big;
	void		*m;
	int		 sfd, lfd, p[2], n, r, e;

	if ((sfd = open("/proc/self/status", O_RDONLY)) == -1 ||
	    (lfd = open("/proc/self/limits", O_RDONLY)) == -1 ||
	    pipe(p) == -1)
		_exit(90);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strlcpy(sun.sun_path, "/dev/log", sizeof(sun.sun_path));
	sandbox_frontend(0);
	report(fd, "X-alive:\tyes\n");
	report_file(fd, sfd);
	report_file(fd, lfd);

	r = open("/etc/passwd", O_RDONLY);
	e = errno;
	report(fd, "X-open:\t%d %s\n", r, r == -1 ? strerrorname_np(e) : "-");
	r = syscall(SYS_openat, AT_FDCWD, "/etc/passwd", O_RDONLY);
	e = errno;
	report(fd, "X-openat:\t%d %s\n", r, r == -1 ? strerrorname_np(e) :
	    "-");
	r = stat("/etc/passwd", &st);
	e = errno;
	report(fd, "X-stat:\t%d %s\n", r, r == -1 ? strerrorname_np(e) : "-");
	r = fstat(p[0], &st);
	report(fd, "X-fstat:\t%d\n", r);
	r = socket(AF_UNIX, SOCK_DGRAM, 0);
	e = errno;
	report(fd, "X-socket:\t%d %s\n", r, r == -1 ? strerrorname_np(e) :
	    "-");
	r = connect(p[0], (struct sockaddr *)&sun, sizeof(sun));
	e = errno;
	report(fd, "X-connect:\t%d %s\n", r, r == -1 ? strerrorname_np(e) :
	    "-");
	r = fcntl(p[1], F_SETFL, fcntl(p[1], F_GETFL) | O_NONBLOCK);
	report(fd, "X-fcntl:\t%d\n", r);
	r = write(p[1], "abc", 3);
	report(fd, "X-write:\t%d\n", r);
	r = ioctl(p[0], FIONREAD, &n);
	report(fd, "X-fionread:\t%d %d\n", r, n);
	r = isatty(p[0]);
	e = errno;
	report(fd, "X-isatty:\t%d %s\n", r, strerrorname_np(e));
	m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	report(fd, "X-mmap:\t%s\n", m != MAP_FAILED ? "ok" : "failed");
	r = mprotect(m, 4096, PROT_READ);
	report(fd, "X-mprotect:\t%d\n", r);
	munmap(m, 1 << 20);
	big = malloc(4 << 20);
	memset(big, 1, 4 << 20);
	free(big);
	report(fd, "X-malloc:\tok\n");
	r = syscall(SYS_tgkill, getpid(), gettid(), 0);
	report(fd, "X-tgkill-self:\t%d\n", r);
	report(fd, "X-getpid:\t%d\n", getpid() > 0);
}

static void
test_frontend(void)
{
	struct child	 c;
	char		 v[128];

	child_run(&c, child_frontend, NULL, 0);
	CHECK(child_exited(&c, 0), "frontend: child lived (status %#x)",
	    c.status);
	CHECK(strcmp(field(c.out, "X-alive", v, sizeof(v)), "yes") == 0,
	    "frontend: write to a pipe after the filter");
	CHECK(strcmp(field(c.out, "Seccomp", v, sizeof(v)), "2") == 0,
	    "frontend: Seccomp 2 (%s)", v);
	CHECK(strcmp(field(c.out, "NoNewPrivs", v, sizeof(v)), "1") == 0,
	    "frontend: NoNewPrivs 1 (%s)", v);
	CHECK(limit(c.out, "Max file size", v, sizeof(v)) == 0 &&
	    strcmp(v, "0 0") == 0, "frontend: RLIMIT_FSIZE 0 (%s)", v);
	CHECK(limit(c.out, "Max processes", v, sizeof(v)) == 0 &&
	    strcmp(v, "0 0") == 0, "frontend: RLIMIT_NPROC 0 (%s)", v);
	CHECK(limit(c.out, "Max open files", v, sizeof(v)) == 0 &&
	    strcmp(v, "0 0") != 0, "frontend: RLIMIT_NOFILE kept (%s)", v);
	CHECK(strcmp(field(c.out, "X-open", v, sizeof(v)), "-1 EACCES") == 0,
	    "frontend: open is EACCES (%s)", v);
	CHECK(strcmp(field(c.out, "X-openat", v, sizeof(v)),
	    "-1 EACCES") == 0, "frontend: openat is EACCES (%s)", v);
	CHECK(strcmp(field(c.out, "X-stat", v, sizeof(v)), "-1 EACCES") == 0,
	    "frontend: stat is EACCES (%s)", v);
	CHECK(strcmp(field(c.out, "X-fstat", v, sizeof(v)), "0") == 0,
	    "frontend: fstat works (%s)", v);
	CHECK(strcmp(field(c.out, "X-socket", v, sizeof(v)),
	    "-1 EACCES") == 0, "frontend: socket is EACCES (%s)", v);
	CHECK(strcmp(field(c.out, "X-connect", v, sizeof(v)),
	    "-1 EACCES") == 0, "frontend: connect is EACCES (%s)", v);
	CHECK(strcmp(field(c.out, "X-fcntl", v, sizeof(v)), "0") == 0,
	    "frontend: fcntl F_GETFL/F_SETFL (%s)", v);
	CHECK(strcmp(field(c.out, "X-write", v, sizeof(v)), "3") == 0,
	    "frontend: write (%s)", v);
	CHECK(strcmp(field(c.out, "X-fionread", v, sizeof(v)), "0 3") == 0,
	    "frontend: ioctl FIONREAD (%s)", v);
	CHECK(strcmp(field(c.out, "X-isatty", v, sizeof(v)),
	    "0 ENOTTY") == 0, "frontend: isatty is ENOTTY (%s)", v);
	CHECK(strcmp(field(c.out, "X-mmap", v, sizeof(v)), "ok") == 0,
	    "frontend: mmap rw (%s)", v);
	CHECK(strcmp(field(c.out, "X-mprotect", v, sizeof(v)), "0") == 0,
	    "frontend: mprotect r (%s)", v);
	CHECK(strcmp(field(c.out, "X-malloc", v, sizeof(v)), "ok") == 0,
	    "frontend: malloc/free 4 MiB (%s)", v);
	CHECK(strcmp(field(c.out, "X-tgkill-self", v, sizeof(v)), "0") == 0,
	    "frontend: tgkill self (%s)", v);
	CHECK(strcmp(field(c.out, "X-getpid", v, sizeof(v)), "1") == 0,
	    "frontend: getpid (%s)", v);
}

static void
kill_ptrace(void)
{
	syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0);
}

static void
kill_execve(void)
{
	char	*argv[] = { "/bin/true", NULL };

	syscall(SYS_execve, "/bin/true", argv, NULL);
}

static void
kill_kill(void)
{
	syscall(SYS_kill, 1, 0);
}

static void
kill_tgkill(void)
{
	syscall(SYS_tgkill, 1, 1, 0);
}

static void
kill_fork(void)
{
	if (fork() == 0)
		_exit(0);
}

static void
kill_mmap_exec(void)
{
	mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
}

/* High bits must not hide PROT_EXEC. */
static void
kill_mmap_exec_high(void)
{
	syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_EXEC | HIGH_BIT,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static void
kill_mprotect_exec(void)
{
	static char	 page[4096] __attribute__((__aligned__(4096)));

	mprotect(page, sizeof(page), PROT_READ | PROT_EXEC);
}

static void
kill_ioctl(void)
{
	char	 ch = 'x';

	ioctl(0, TIOCSTI, &ch);
}

/* SIGIO aimed at another process: a signal by other means. */
static void
kill_fcntl_setown(void)
{
	int	 p[2];

	if (pipe(p) == 0)
		fcntl(p[0], F_SETOWN, 1);
}

static void
kill_x32(void)
{
	syscall(0x40000000 | SYS_getpid);
}

static void
kill_i386(void)
{
	i386_getpid();
}

static void
child_frontend_kill(int fd, void *arg)
{
	const struct kill_case	*kc = arg;

	sandbox_frontend(0);
	report(fd, "X-alive:\tyes\n");
	kc->fn();
	report(fd, "X-survived:\tyes\n");
}

static void
child_i386(int fd, void *arg)
{
	report(fd, "X-i386:\t%d\n", i386_getpid() == getpid());
}

/*
 * Logging through syslog(3) (which may reconnect or read a time zone
 * file) and exit(3), not _exit(2): atexit handlers and, in ASan builds,
 * LSan.
 */
static void
child_frontend_exit(int fd, void *arg)
{
	char	*p;

	log_init(0, LOG_DAEMON);
	sandbox_frontend(0);
	p = malloc(64);
	logit(LOG_DEBUG, "syslog from under the frontend filter");
	report(fd, "X-alive:\tyes\n");
	free(p);
	exit(3);
}

static void
test_frontend_kill(void)
{
	static const struct kill_case cases[] = {
		{ "ptrace", kill_ptrace },
		{ "execve", kill_execve },
		{ "kill", kill_kill },
		{ "tgkill of another process", kill_tgkill },
		{ "fork", kill_fork },
		{ "mmap PROT_EXEC", kill_mmap_exec },
		{ "mmap PROT_EXEC with bit 32 set", kill_mmap_exec_high },
		{ "mprotect PROT_EXEC", kill_mprotect_exec },
		{ "ioctl TIOCSTI", kill_ioctl },
		{ "fcntl F_SETOWN", kill_fcntl_setown },
		{ "x32 getpid", kill_x32 },
	};
	static const struct kill_case i386 = { "i386 int 0x80", kill_i386 };
	struct child	 c;
	char		 v[16];
	size_t		 i;

	for (i = 0; i < NITEMS(cases); i++) {
		child_run(&c, child_frontend_kill, (void *)&cases[i], 0);
		CHECK(strstr(c.out, "X-alive") != NULL &&
		    strstr(c.out, "X-survived") == NULL &&
		    child_killed(&c, SIGSYS), "frontend: %s killed by SIGSYS "
		    "(status %#x)", cases[i].what, c.status);
	}

	child_run(&c, child_frontend_exit, NULL, 0);
	CHECK(strstr(c.out, "X-alive") != NULL && child_exited(&c, 3),
	    "frontend: syslog and exit(3) under the filter (status %#x)",
	    c.status);

	/* i386 only where the kernel runs i386 code at all. */
	child_run(&c, child_i386, NULL, 0);
	if (!child_exited(&c, 0) || strcmp(field(c.out, "X-i386", v,
	    sizeof(v)), "1") != 0) {
		CHECK(1, "# skip frontend: no i386 ABI in this kernel");
		return;
	}
	child_run(&c, child_frontend_kill, (void *)&i386, 0);
	CHECK(strstr(c.out, "X-alive") != NULL &&
	    strstr(c.out, "X-survived") == NULL && child_killed(&c, SIGSYS),
	    "frontend: %s killed by SIGSYS (status %#x)", i386.what,
	    c.status);
}

static void
echo_read(struct bufferevent *bev, void *arg)
{
	evbuffer_add_buffer(bufferevent_get_output(bev),
	    bufferevent_get_input(bev));
}

static void
echo_event(struct bufferevent *bev, short what, void *arg)
{
	struct event_base	*base = arg;

	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
		bufferevent_free(bev);
		event_base_loopbreak(base);
	}
}

static void
echo_accept(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct event_base	*base = arg;
	struct bufferevent	*bev;

	if ((bev = bufferevent_socket_new(base, fd,
	    BEV_OPT_CLOSE_ON_FREE)) == NULL) {
		close(fd);
		event_base_loopbreak(base);
		return;
	}
	bufferevent_setcb(bev, echo_read, NULL, echo_event, base);
	bufferevent_enable(bev, EV_READ | EV_WRITE);
}

/*
 * The frontend's shape: listener and event base first, then the drop,
 * then the filter, then the loop: accept, read, write, close.
 */
static void
child_libevent(int fd, void *arg)
{
	struct libevent_arg	*la = arg;
	struct event_base	*base;
	struct evconnlistener	*l;
	struct timeval		 tv = { 10, 0 };

	if ((base = event_base_new()) == NULL ||
	    evutil_make_socket_nonblocking(la->lfd) == -1 ||
	    (l = evconnlistener_new(base, echo_accept, base,
	    LEV_OPT_CLOSE_ON_FREE, 0, la->lfd)) == NULL)
		_exit(90);
	event_base_loopexit(base, &tv);		/* a watchdog */
	priv_drop("nobody", NULL, la->dir);
	sandbox_frontend(0);
	report(fd, "X-sandboxed:\tyes\n");
	if (event_base_dispatch(base) == -1)
		_exit(91);
	report(fd, "X-served:\t%s\n", event_base_got_break(base) ? "yes" :
	    "timeout");
	evconnlistener_free(l);
	event_base_free(base);
	report(fd, "X-freed:\tyes\n");
}

static void
test_libevent(void)
{
	struct sockaddr_un	 sun;
	struct libevent_arg	 la;
	struct child		 c;
	char			 dir[PATH_MAX], v[32], buf[64];
	const char		 msg[] = "hello through the sandbox";
	size_t			 got = 0;
	ssize_t			 n;
	int			 s;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/sock", tmpdir);
	if ((la.lfd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(la.lfd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(la.lfd, 8) == -1) {
		perror("listen");
		exit(2);
	}
	priv_make_chroot(dir, sizeof(dir));
	la.dir = dir;
	child_start(&c, child_libevent, &la, 0);
	close(la.lfd);

	if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    connect(s, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		perror("connect");
		exit(2);
	}
	if (write(s, msg, sizeof(msg)) != (ssize_t)sizeof(msg))
		perror("write");
	while (got < sizeof(msg)) {
		if ((n = read(s, buf + got, sizeof(buf) - got)) <= 0)
			break;
		got += n;
	}
	close(s);
	child_finish(&c);

	CHECK(got == sizeof(msg) && memcmp(buf, msg, sizeof(msg)) == 0,
	    "libevent: echo round trip through the sandboxed child");
	CHECK(child_exited(&c, 0), "libevent: child exited 0 (status %#x)",
	    c.status);
	CHECK(strcmp(field(c.out, "X-sandboxed", v, sizeof(v)), "yes") == 0,
	    "libevent: dropped and filtered before the loop");
	CHECK(strcmp(field(c.out, "X-served", v, sizeof(v)), "yes") == 0,
	    "libevent: accept, read, write, close, EOF (%s)", v);
	CHECK(strcmp(field(c.out, "X-freed", v, sizeof(v)), "yes") == 0,
	    "libevent: listener and base freed under the filter");
	unlink(sun.sun_path);
	priv_remove_chroot(dir);
}

static void
child_profile_deny(int fd, void *arg)
{
	struct seccomp_profile	 sp;
	char			 err[256], path[PATH_MAX];
	int			 sfd, r, e;

	memset(&sp, 0, sizeof(sp));
	strlcpy(sp.sp_name, "deny-mkdir", sizeof(sp.sp_name));
	sp.sp_default = SECCOMP_ACT_ALLOW_DEF;
	sp.sp_deny = deny_mkdir;
	sp.sp_ndeny = NITEMS(deny_mkdir);
	snprintf(path, sizeof(path), "%s/mkdir-probe", tmpdir);
	if ((sfd = open("/proc/self/status", O_RDONLY)) == -1)
		_exit(90);
	log_setverbose(1);
	if (sandbox_load_profile(&sp, err, sizeof(err)) == -1) {
		report(fd, "X-error:\t%s\n", err);
		_exit(91);
	}
	report_file(fd, sfd);
	r = mkdir(path, 0700);
	e = errno;
	report(fd, "X-mkdir:\t%d %s\n", r, r == -1 ? strerrorname_np(e) :
	    "-");
	report(fd, "X-getpid:\t%d\n", (int)syscall(SYS_getpid) == getpid());
	r = rmdir(path);
	e = errno;
	report(fd, "X-rmdir:\t%d %s\n", r, r == -1 ? strerrorname_np(e) :
	    "-");
}

static void
child_profile_kill(int fd, void *arg)
{
	struct seccomp_profile	 sp;
	char			 err[256];

	memset(&sp, 0, sizeof(sp));
	strlcpy(sp.sp_name, "minimal", sizeof(sp.sp_name));
	sp.sp_default = SECCOMP_ACT_KILL_DEF;
	sp.sp_allow = minimal;
	sp.sp_nallow = NITEMS(minimal);
	if (sandbox_load_profile(&sp, err, sizeof(err)) == -1) {
		report(fd, "X-error:\t%s\n", err);
		_exit(91);
	}
	report(fd, "X-alive:\tyes\n");
	report(fd, "X-getpid:\t%d\n", syscall(SYS_getpid) > 0);
	syscall(SYS_getppid);
	report(fd, "X-survived:\tyes\n");
}

static void
child_profile_errno(int fd, void *arg)
{
	struct seccomp_profile	 sp;
	char			 err[256];
	char			*both[] = { "getppid" };
	char			*both_allow[] = { "getppid", "write",
				    "exit_group", "getuid", "sigaltstack" };
	long			 r;
	int			 e;

	memset(&sp, 0, sizeof(sp));
	strlcpy(sp.sp_name, "errno", sizeof(sp.sp_name));
	sp.sp_default = SECCOMP_ACT_ERRNO_DEF;
	sp.sp_allow = minimal;
	sp.sp_nallow = NITEMS(minimal);
	if (arg != NULL) {
		/* getppid both allowed and denied: deny wins. */
		sp.sp_default = SECCOMP_ACT_KILL_DEF;
		sp.sp_allow = both_allow;
		sp.sp_nallow = NITEMS(both_allow);
		sp.sp_deny = both;
		sp.sp_ndeny = NITEMS(both);
	}
	if (sandbox_load_profile(&sp, err, sizeof(err)) == -1) {
		report(fd, "X-error:\t%s\n", err);
		_exit(91);
	}
	r = syscall(SYS_getppid);
	e = errno;
	report(fd, "X-getppid:\t%ld %s\n", r, r == -1 ? strerrorname_np(e) :
	    "-");
	r = syscall(SYS_getuid);
	e = errno;
	report(fd, "X-getuid:\t%ld %s\n", r, r == -1 ? strerrorname_np(e) :
	    "-");
}

static void *
thread_main(void *arg)
{
	return (arg);
}

static void
child_profile_harden(int fd, void *arg)
{
	struct seccomp_profile	 sp;
	pthread_t		 t;
	void			*tr = NULL;
	char			 err[256], ch = 'x';
	long			 r;
	int			 e, nfd, st;
	pid_t			 pid;

	if ((nfd = open("/dev/null", O_RDWR)) == -1)
		_exit(90);
	/* Without the filter, for contrast: the kernel's own answers. */
	r = syscall(SYS_clone3, NULL, 0);
	e = errno;
	report(fd, "X-pre-clone3:\t%ld %s\n", r, strerrorname_np(e));
	r = ioctl(nfd, TIOCSTI | HIGH_BIT, &ch);
	e = errno;
	report(fd, "X-pre-tiocsti:\t%ld %s\n", r, strerrorname_np(e));

	memset(&sp, 0, sizeof(sp));
	strlcpy(sp.sp_name, "default", sizeof(sp.sp_name));
	sp.sp_builtin = 1;
	sp.sp_default = SECCOMP_ACT_ALLOW_DEF;
	sp.sp_deny = deny_ptrace;
	sp.sp_ndeny = NITEMS(deny_ptrace);
	if (sandbox_load_profile(&sp, err, sizeof(err)) == -1) {
		report(fd, "X-error:\t%s\n", err);
		_exit(91);
	}
	r = unshare(CLONE_NEWUSER);
	e = errno;
	report(fd, "X-unshare-user:\t%ld %s\n", r, strerrorname_np(e));
	r = syscall(SYS_unshare, CLONE_NEWUSER | HIGH_BIT);
	e = errno;
	report(fd, "X-unshare-user-high:\t%ld %s\n", r, strerrorname_np(e));
	r = unshare(CLONE_NEWNS);
	e = errno;
	report(fd, "X-unshare-ns:\t%ld %s\n", r, strerrorname_np(e));
	r = unshare(CLONE_NEWTIME);
	e = errno;
	report(fd, "X-unshare-time:\t%ld %s\n", r, strerrorname_np(e));
	r = syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0);
	if (r == 0)
		_exit(0);
	e = errno;
	report(fd, "X-clone-net:\t%ld %s\n", r, strerrorname_np(e));
	r = syscall(SYS_clone3, NULL, 0);
	e = errno;
	report(fd, "X-clone3:\t%ld %s\n", r, strerrorname_np(e));
	r = ioctl(nfd, TIOCSTI, &ch);
	e = errno;
	report(fd, "X-tiocsti:\t%ld %s\n", r, strerrorname_np(e));
	r = ioctl(nfd, TIOCSTI | HIGH_BIT, &ch);
	e = errno;
	report(fd, "X-tiocsti-high:\t%ld %s\n", r, strerrorname_np(e));
	r = ioctl(nfd, TIOCLINUX | HIGH_BIT, &ch);
	e = errno;
	report(fd, "X-tioclinux:\t%ld %s\n", r, strerrorname_np(e));
	r = syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0);
	e = errno;
	report(fd, "X-ptrace:\t%ld %s\n", r, strerrorname_np(e));
	/* Plain fork and threads still work: clone without ns flags. */
	if ((pid = fork()) == 0)
		_exit(7);
	r = pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 7;
	report(fd, "X-fork:\t%ld\n", r);
	r = pthread_create(&t, NULL, thread_main, &ch) == 0 &&
	    pthread_join(t, &tr) == 0 && tr == &ch;
	report(fd, "X-thread:\t%ld\n", r);
}

static void
child_profile_x32(int fd, void *arg)
{
	struct seccomp_profile	 sp;
	char			 err[256];

	memset(&sp, 0, sizeof(sp));
	strlcpy(sp.sp_name, "default", sizeof(sp.sp_name));
	sp.sp_default = SECCOMP_ACT_ALLOW_DEF;
	sp.sp_deny = deny_ptrace;
	sp.sp_ndeny = NITEMS(deny_ptrace);
	if (sandbox_load_profile(&sp, err, sizeof(err)) == -1) {
		report(fd, "X-error:\t%s\n", err);
		_exit(91);
	}
	report(fd, "X-alive:\tyes\n");
	if (arg != NULL)
		i386_getpid();
	else
		syscall(0x40000000 | SYS_getpid);
	report(fd, "X-survived:\tyes\n");
}

static void
test_profiles(void)
{
	struct child	 c;
	char		 v[128];
	static const struct {
		const char	*key;
		const char	*want;
		const char	*what;
	} hard[] = {
		{ "X-pre-clone3", "-1 EINVAL", "unfiltered clone3(NULL, 0)" },
		{ "X-pre-tiocsti", "-1 ENOTTY", "unfiltered TIOCSTI|1<<32" },
		{ "X-unshare-user", "-1 EPERM", "unshare(CLONE_NEWUSER)" },
		{ "X-unshare-user-high", "-1 EPERM",
		    "unshare(CLONE_NEWUSER|1<<32)" },
		{ "X-unshare-ns", "-1 EPERM", "unshare(CLONE_NEWNS)" },
		{ "X-unshare-time", "-1 EPERM", "unshare(CLONE_NEWTIME)" },
		{ "X-clone-net", "-1 EPERM", "clone(CLONE_NEWNET)" },
		{ "X-clone3", "-1 ENOSYS", "clone3" },
		{ "X-tiocsti", "-1 EPERM", "ioctl TIOCSTI" },
		{ "X-tiocsti-high", "-1 EPERM", "ioctl TIOCSTI|1<<32" },
		{ "X-tioclinux", "-1 EPERM", "ioctl TIOCLINUX|1<<32" },
		{ "X-ptrace", "-1 EPERM", "ptrace (deny list)" },
		{ "X-fork", "1", "fork still works" },
		{ "X-thread", "1", "pthread_create falls back to clone" },
	};
	size_t		 i;

	child_run(&c, child_profile_deny, NULL, 1);
	CHECK(child_exited(&c, 0), "profile deny: child exited 0 (status "
	    "%#x) %s", c.status, field(c.out, "X-error", v, sizeof(v)));
	CHECK(strcmp(field(c.out, "X-mkdir", v, sizeof(v)), "-1 EPERM") == 0,
	    "profile deny: mkdir is EPERM (%s)", v);
	CHECK(strcmp(field(c.out, "X-getpid", v, sizeof(v)), "1") == 0,
	    "profile deny: getpid works");
	CHECK(strcmp(field(c.out, "X-rmdir", v, sizeof(v)),
	    "-1 ENOENT") == 0, "profile deny: rmdir allowed, nothing made "
	    "(%s)", v);
	CHECK(strcmp(field(c.out, "Seccomp", v, sizeof(v)), "2") == 0,
	    "profile deny: Seccomp 2 (%s)", v);
	CHECK(strcmp(field(c.out, "NoNewPrivs", v, sizeof(v)), "1") == 0,
	    "profile deny: NoNewPrivs 1 (%s)", v);
	CHECK(strstr(c.out, "no_such_syscall_supd") != NULL &&
	    strstr(c.out, "skipped") != NULL,
	    "profile deny: unknown name skipped with a debug line");

	child_run(&c, child_profile_kill, NULL, 0);
	CHECK(strcmp(field(c.out, "X-getpid", v, sizeof(v)), "1") == 0 &&
	    strstr(c.out, "X-survived") == NULL && child_killed(&c, SIGSYS),
	    "profile kill: allowed calls work, getppid killed by SIGSYS "
	    "(status %#x) %s", c.status, field(c.out, "X-error", v,
	    sizeof(v)));

	child_run(&c, child_profile_errno, NULL, 0);
	CHECK(child_exited(&c, 0) && strcmp(field(c.out, "X-getppid", v,
	    sizeof(v)), "-1 EPERM") == 0,
	    "profile errno: getppid is EPERM (%s)", v);
	CHECK(strcmp(field(c.out, "X-getuid", v, sizeof(v)), "-1 EPERM") == 0,
	    "profile errno: getuid is EPERM (%s)", v);

	child_run(&c, child_profile_errno, "both", 0);
	CHECK(child_exited(&c, 0) && strcmp(field(c.out, "X-getppid", v,
	    sizeof(v)), "-1 EPERM") == 0,
	    "profile: a name both allowed and denied is denied (%s)", v);

	child_run(&c, child_profile_harden, NULL, 0);
	CHECK(child_exited(&c, 0), "profile default: child exited 0 "
	    "(status %#x) %s", c.status, field(c.out, "X-error", v,
	    sizeof(v)));
	for (i = 0; i < NITEMS(hard); i++)
		CHECK(strcmp(field(c.out, hard[i].key, v, sizeof(v)),
		    hard[i].want) == 0, "profile default: %s: %s (%s)",
		    hard[i].what, hard[i].want, v);

	child_run(&c, child_profile_x32, NULL, 0);
	CHECK(strstr(c.out, "X-alive") != NULL &&
	    strstr(c.out, "X-survived") == NULL && child_killed(&c, SIGSYS),
	    "profile default: x32 getpid killed by SIGSYS (status %#x)",
	    c.status);
	child_run(&c, child_i386, NULL, 0);
	if (child_exited(&c, 0) && strcmp(field(c.out, "X-i386", v,
	    sizeof(v)), "1") == 0) {
		child_run(&c, child_profile_x32, "i386", 0);
		CHECK(strstr(c.out, "X-alive") != NULL &&
		    strstr(c.out, "X-survived") == NULL &&
		    child_killed(&c, SIGSYS), "profile default: i386 int "
		    "0x80 killed by SIGSYS (status %#x)", c.status);
	} else
		CHECK(1, "# skip profile: no i386 ABI in this kernel");
}

static void
test_profile_check(void)
{
	struct seccomp_profile	 sp;
	char			 err[256];
	char			*nulls[] = { NULL };

	memset(&sp, 0, sizeof(sp));
	strlcpy(sp.sp_name, "check", sizeof(sp.sp_name));
	sp.sp_default = SECCOMP_ACT_KILL_DEF;
	sp.sp_allow = minimal;
	sp.sp_nallow = NITEMS(minimal);
	CHECK(sandbox_profile_check(&sp, err, sizeof(err)) == 0,
	    "check: kill profile with an unknown name compiles");
	sp.sp_default = SECCOMP_ACT_ALLOW_DEF;
	sp.sp_allow = NULL;
	sp.sp_nallow = 0;
	sp.sp_deny = deny_mkdir;
	sp.sp_ndeny = NITEMS(deny_mkdir);
	CHECK(sandbox_profile_check(&sp, err, sizeof(err)) == 0,
	    "check: allow profile with hardening compiles");
	err[0] = '\0';
	CHECK(sandbox_profile_check(NULL, err, sizeof(err)) == -1 &&
	    err[0] != '\0', "check: no profile: -1 (%s)", err);
	sp.sp_default = (enum seccomp_action)42;
	CHECK(sandbox_profile_check(&sp, err, sizeof(err)) == -1 &&
	    strstr(err, "default") != NULL, "check: bad default: -1 (%s)",
	    err);
	sp.sp_default = SECCOMP_ACT_KILL_DEF;
	sp.sp_deny = NULL;
	CHECK(sandbox_profile_check(&sp, err, sizeof(err)) == -1,
	    "check: count without list: -1 (%s)", err);
	sp.sp_deny = nulls;
	sp.sp_ndeny = 1;
	CHECK(sandbox_profile_check(&sp, err, sizeof(err)) == -1,
	    "check: NULL name: -1 (%s)", err);
	CHECK(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 0,
	    "check: nothing loaded into the test process");
}

int
main(void)
{
	if (geteuid() != 0) {
		printf("1..0 # skip: test_priv needs root\n");
		return (0);
	}
	/* A hung child must not hang the suite. */
	alarm(60);
	log_init(1, LOG_DAEMON);
	log_procinit("test_priv");
	strlcpy(tmpdir, "/tmp/supd-test-priv.XXXXXX", sizeof(tmpdir));
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return (2);
	}

	test_resolve();
	test_make_chroot();
	test_drop();
	test_drop_refused();
	test_frontend();
	test_frontend_kill();
	test_libevent();
	test_profiles();
	test_profile_check();

	if (rmdir(tmpdir) == -1)
		perror(tmpdir);
	TEST_DONE();
}
