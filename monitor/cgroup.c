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
#include <sys/stat.h>
#include <sys/vfs.h>

#include <linux/magic.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "cgroup.h"

#define CG_DIRFLAGS	(O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#define CG_CPU_PERIOD	100000		/* us, DESIGN.md section 4 */
#define CG_CPU_QUOTA_MIN 1000		/* us, the kernel's minimum */
#define CG_CPU_PCT_MAX	(100.0 * 4096)	/* as proto_cgprofile */
#define CG_PROCS_MAX	4194304		/* PID_MAX_LIMIT: pids per file */
#define CG_BACKOFF_MAX	10000		/* us between polls */
#define CG_POLL_SLICE	20		/* ms; guards a missed notification */
#define CG_RESIGNAL_MS	50		/* re-kill stragglers this often */
/* Limits that keep a domain's own sub-cgroups within reach of our walk. */
#define CG_SUB_DEPTH	"8"
#define CG_SUB_DESCENDANTS "256"

static const char *const cg_v1_names[CG_NCTRL] = {
	"cpu", "cpuacct", "memory", "freezer", "pids"
};

/* A file each v1 controller has in every non-top cgroup. */
static const char *const cg_v1_marker[CG_NCTRL] = {
	"cpu.cfs_quota_us", "cpuacct.usage", "memory.limit_in_bytes",
	"freezer.state", "pids.max"
};

struct cg_walkarg {
	int	 sig;
	int	 depth;
	size_t	*found;
};

static void	 cg_seterr(char *, size_t, const char *, ...)
		    __attribute__((__format__ (printf, 3, 4)));
static int	 cg_path_valid(const char *, int);
static int	 cg_name_valid(const char *);
static int	 cg_opendir(int, const char *);
static int	 cg_open_path(const char *);
static int	 cg_mkpath(int, const char *, int *);
static int	 cg_open_ctrl(int, const char *);
static int	 cg_write(int, const char *, const char *);
static ssize_t	 cg_readfd(int, char *, size_t);
static ssize_t	 cg_read(int, const char *, char *, size_t);
static int	 cg_parse_u64(const char *, size_t, uint64_t *);
static int	 cg_keyval(const char *, const char *, uint64_t *);
static int	 cg_read_keyval(int, const char *, const char *, uint64_t *);
static int	 cg_read_u64(int, const char *, uint64_t *);
static int	 cg_words(const char *);
static int	 cg_has(int, const char *);
static uint64_t	 cg_now_ms(void);
static void	 cg_backoff(long *);
static int	 cg_foreach_dir(int, int (*)(int, const char *, void *),
		    void *);
static int	 cg_procs_sub(int, const char *, void *);
static int	 cg_fd_procs(int, int, int, size_t *);
static int	 cg_fd_state(int, enum cgroup_version);
static int	 cg_fd_wait_events(int, const char *, uint64_t, int);
static int	 cg_fd_setfrozen(int, enum cgroup_version, int, int);
static int	 cg_fd_signal(int, enum cgroup_version, int, int, int);
static int	 cg_fd_populated(int, enum cgroup_version);
static int	 cg_fd_wait_empty(int, enum cgroup_version, int);
static int	 cg_rmtree_sub(int, const char *, void *);
static int	 cg_rmtree(int, const char *, int, const struct stat *);
static int	 cg_purge(const struct cgroup_env *, const char *);
static int	 cg_purge_sub(int, const char *, void *);
static int	 cg_order(const struct cgroup_env *, int *);
static int	 cg_subtree_enable(int, int *);
static int	 cg_v1_probe(int, int *);
static int	 cg_v1_setup(struct cgroup_env *, int *);
static int	 cg_v2_setup(struct cgroup_env *, int, int);
static int	 cg_timeout(int);
static int	 cg_rmself(int, const char *);
static void	 cg_kill_wait(struct cgroup *);

static void
cg_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/*
 * A path we walk ourselves: absolute (the mount) or relative (the root),
 * no "." or ".." component, and for the root no ".." anywhere and no
 * empty component, so the configuration cannot point us outside the
 * hierarchy and the last component names the root directory.
 */
static int
cg_path_valid(const char *path, int absolute)
{
	const char	*p, *c;
	size_t		 n;

	if (path == NULL || *path == '\0' || strlen(path) >= PATH_MAX)
		return (0);
	if ((*path == '/') != absolute)
		return (0);
	if (!absolute && (strstr(path, "..") != NULL ||
	    strstr(path, "//") != NULL || path[strlen(path) - 1] == '/'))
		return (0);
	for (p = path; *p != '\0'; p = c) {
		while (*p == '/')
			p++;
		if ((c = strchr(p, '/')) == NULL)
			c = p + strlen(p);
		n = c - p;
		if ((n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return (0);
	}
	return (1);
}

/* Domain names as proto_name_valid; they become directory names. */
static int
cg_name_valid(const char *name)
{
	size_t	 i, n;

	if (name == NULL)
		return (0);
	n = strlen(name);
	if (n == 0 || n > PROTO_NAME_MAX)
		return (0);
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return (0);
	for (i = 0; i < n; i++) {
		if ((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= '0' && name[i] <= '9') ||
		    name[i] == '.' || name[i] == '_' || name[i] == '-')
			continue;
		return (0);
	}
	return (1);
}

static int
cg_opendir(int dirfd, const char *name)
{
	return (openat(dirfd, name, CG_DIRFLAGS));
}

/* Opens an absolute path one component at a time, never following. */
static int
cg_open_path(const char *path)
{
	char	 buf[PATH_MAX], *p, *comp;
	int	 fd, next;

	if (strlcpy(buf, path, sizeof(buf)) >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	if ((fd = open("/", CG_DIRFLAGS)) == -1)
		return (-1);
	p = buf;
	while ((comp = strsep(&p, "/")) != NULL) {
		if (*comp == '\0')
			continue;
		if ((next = cg_opendir(fd, comp)) == -1) {
			int	 saved = errno;

			close(fd);
			errno = saved;
			return (-1);
		}
		close(fd);
		fd = next;
	}
	return (fd);
}

/*
 * Creates the relative path below basefd (mkdir -p without following
 * anything) and returns a descriptor of the last directory.  With v2
 * controllers given, each level's subtree_control gets them first, so
 * the cgroup below can use them; controllers that cannot be enabled are
 * dropped from *ctrls.
 */
static int
cg_mkpath(int basefd, const char *path, int *ctrls)
{
	char	 buf[PATH_MAX], *p, *comp;
	int	 fd, next, saved;

	if (strlcpy(buf, path, sizeof(buf)) >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	if ((fd = fcntl(basefd, F_DUPFD_CLOEXEC, 0)) == -1)
		return (-1);
	p = buf;
	while ((comp = strsep(&p, "/")) != NULL) {
		if (*comp == '\0')
			continue;
		if (ctrls != NULL && *ctrls != 0)
			(void)cg_subtree_enable(fd, ctrls);
		if (mkdirat(fd, comp, 0755) == -1 && errno != EEXIST)
			goto fail;
		if ((next = cg_opendir(fd, comp)) == -1)
			goto fail;
		close(fd);
		fd = next;
	}
	if (ctrls != NULL && *ctrls != 0)
		(void)cg_subtree_enable(fd, ctrls);
	return (fd);
 fail:
	saved = errno;
	close(fd);
	errno = saved;
	return (-1);
}

/*
 * A v1 controller directory below the base.  Distributions mount cpu and
 * cpuacct together and add "cpu -> cpu,cpuacct" symlinks: accept such a
 * link only when it names a sibling, never a path.
 */
static int
cg_open_ctrl(int basefd, const char *ctrl)
{
	char	 target[NAME_MAX + 1];
	ssize_t	 n;
	int	 fd;

	fd = cg_opendir(basefd, ctrl);
	if (fd != -1 || (errno != ELOOP && errno != ENOTDIR))
		return (fd);
	n = readlinkat(basefd, ctrl, target, sizeof(target) - 1);
	if (n <= 0)
		return (-1);
	target[n] = '\0';
	if (strchr(target, '/') != NULL || strcmp(target, ".") == 0 ||
	    strcmp(target, "..") == 0) {
		errno = ELOOP;
		return (-1);
	}
	return (cg_opendir(basefd, target));
}

static int
cg_write(int dirfd, const char *file, const char *val)
{
	size_t	 len = strlen(val);
	ssize_t	 n;
	int	 fd, saved;

	if ((fd = openat(dirfd, file, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)) ==
	    -1)
		return (-1);
	do {
		n = write(fd, val, len);
	} while (n == -1 && errno == EINTR);
	saved = errno;
	close(fd);
	if (n == -1) {
		errno = saved;
		return (-1);
	}
	if ((size_t)n != len) {
		errno = EIO;
		return (-1);
	}
	return (0);
}

/* Reads from the start, at most len - 1 bytes, NUL-terminated. */
static ssize_t
cg_readfd(int fd, char *buf, size_t len)
{
	size_t	 off = 0;
	ssize_t	 n;

	if (lseek(fd, 0, SEEK_SET) == -1)
		return (-1);
	while (off < len - 1) {
		n = read(fd, buf + off, len - 1 - off);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		if (n == 0)
			break;
		off += n;
	}
	buf[off] = '\0';
	return (off);
}

static ssize_t
cg_read(int dirfd, const char *file, char *buf, size_t len)
{
	ssize_t	 n;
	int	 fd, saved;

	if ((fd = openat(dirfd, file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) ==
	    -1)
		return (-1);
	n = cg_readfd(fd, buf, len);
	saved = errno;
	close(fd);
	errno = saved;
	return (n);
}

/* Decimal digits, then optional white space up to len. */
static int
cg_parse_u64(const char *s, size_t len, uint64_t *val)
{
	uint64_t	 v = 0;
	size_t		 i;

	for (i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > (UINT64_MAX - (s[i] - '0')) / 10) {
			errno = ERANGE;
			return (-1);
		}
		v = v * 10 + (s[i] - '0');
	}
	if (i == 0) {
		errno = EINVAL;
		return (-1);
	}
	for (; i < len && s[i] != '\0'; i++) {
		if (s[i] != '\n' && s[i] != ' ' && s[i] != '\t') {
			errno = EINVAL;
			return (-1);
		}
	}
	*val = v;
	return (0);
}

/* Finds "key N" in "key value" lines (cgroup.events, cpu.stat...). */
static int
cg_keyval(const char *buf, const char *key, uint64_t *val)
{
	const char	*p, *eol;
	size_t		 klen = strlen(key);

	for (p = buf; *p != '\0'; p = *eol == '\0' ? eol : eol + 1) {
		if ((eol = strchr(p, '\n')) == NULL)
			eol = p + strlen(p);
		if ((size_t)(eol - p) > klen && strncmp(p, key, klen) == 0 &&
		    p[klen] == ' ')
			return (cg_parse_u64(p + klen + 1, eol - p - klen - 1,
			    val));
	}
	errno = ENOENT;
	return (-1);
}

static int
cg_read_keyval(int dirfd, const char *file, const char *key, uint64_t *val)
{
	char	 buf[4096];

	if (cg_read(dirfd, file, buf, sizeof(buf)) == -1)
		return (-1);
	return (cg_keyval(buf, key, val));
}

static int
cg_read_u64(int dirfd, const char *file, uint64_t *val)
{
	char	 buf[64];
	ssize_t	 n;

	if ((n = cg_read(dirfd, file, buf, sizeof(buf))) == -1)
		return (-1);
	return (cg_parse_u64(buf, n, val));
}

/* CG2_* bits named in a v2 controller list ("cpuset cpu io memory"). */
static int
cg_words(const char *list)
{
	char	 buf[1024], *p, *w;
	int	 mask = 0;

	if (strlcpy(buf, list, sizeof(buf)) >= sizeof(buf))
		return (0);
	p = buf;
	while ((w = strsep(&p, " \t\n")) != NULL) {
		if (strcmp(w, "cpu") == 0)
			mask |= CG2_CPU;
		else if (strcmp(w, "memory") == 0)
			mask |= CG2_MEMORY;
		else if (strcmp(w, "pids") == 0)
			mask |= CG2_PIDS;
	}
	return (mask);
}

static int
cg_has(int dirfd, const char *file)
{
	struct stat	 st;

	return (fstatat(dirfd, file, &st, AT_SYMLINK_NOFOLLOW) == 0);
}

static uint64_t
cg_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Sleeps 100 us, then twice as long each time, at most 10 ms. */
static void
cg_backoff(long *us)
{
	struct timespec	 ts;

	*us = *us == 0 ? 100 : *us * 2;
	if (*us > CG_BACKOFF_MAX)
		*us = CG_BACKOFF_MAX;
	ts.tv_sec = 0;
	ts.tv_nsec = *us * 1000;
	nanosleep(&ts, NULL);
}

static int
cg_timeout(int timeout_ms)
{
	return (timeout_ms > 0 ? timeout_ms : CG_TIMEOUT_MS);
}

/*
 * Calls fn(dirfd, name, arg) for each subdirectory (each nested cgroup).
 * The listing uses its own open file description, so the offset of the
 * caller's descriptor is never moved.
 */
static int
cg_foreach_dir(int dirfd, int (*fn)(int, const char *, void *), void *arg)
{
	DIR		*dir;
	struct dirent	*de;
	struct stat	 st;
	int		 fd, rc = 0, saved = 0;

	if ((fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1)
		return (-1);
	if ((dir = fdopendir(fd)) == NULL) {
		saved = errno;
		close(fd);
		errno = saved;
		return (-1);
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(dir)) == NULL) {
			if (errno != 0 && rc == 0) {
				rc = -1;
				saved = errno;
			}
			break;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (de->d_type == DT_UNKNOWN) {
			if (fstatat(dirfd, de->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISDIR(st.st_mode))
				continue;
		} else if (de->d_type != DT_DIR)
			continue;
		if (fn(dirfd, de->d_name, arg) == -1 && rc == 0) {
			rc = -1;
			saved = errno;
		}
	}
	closedir(dir);
	if (rc == -1)
		errno = saved;
	return (rc);
}

static int
cg_procs_sub(int dirfd, const char *name, void *arg)
{
	struct cg_walkarg	*wa = arg;
	int			 fd, rc, saved;

	if ((fd = cg_opendir(dirfd, name)) == -1)
		return (errno == ENOENT ? 0 : -1);
	rc = cg_fd_procs(fd, wa->sig, wa->depth + 1, wa->found);
	saved = errno;
	close(fd);
	errno = saved;
	return (rc);
}

/*
 * Walks cgroup.procs of a cgroup and of its nested cgroups, counting the
 * pids in *found and sending them sig (0: count only).  The monitor is
 * in the host pid namespace, so these are pids it can signal.  A cgroup
 * that vanished meanwhile counts as empty.
 */
static int
cg_fd_procs(int dirfd, int sig, int depth, size_t *found)
{
	struct cg_walkarg	 wa;
	char			 buf[4096];
	long			 pid = -1;
	ssize_t			 n, i;
	pid_t			 self = getpid();
	int			 fd, rc = 0, saved = 0;

	if (depth > CG_DEPTH_MAX) {
		errno = ELOOP;
		return (-1);
	}
	fd = openat(dirfd, "cgroup.procs", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return (errno == ENOENT || errno == ENODEV ? 0 : -1);
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		/* A pid cut by the end of a read goes on in the next one. */
		for (i = 0; i < n; i++) {
			if (buf[i] >= '0' && buf[i] <= '9') {
				pid = (pid == -1 ? 0 : pid * 10) +
				    (buf[i] - '0');
				if (pid > INT_MAX) {
					errno = EINVAL;
					goto fail;
				}
				continue;
			}
			if (buf[i] != '\n') {
				errno = EINVAL;
				goto fail;
			}
			if (pid <= 0) {
				pid = -1;
				continue;
			}
			if (++*found > CG_PROCS_MAX) {
				errno = E2BIG;
				goto fail;
			}
			/* Never 0 or -1, never ourselves. */
			if (sig > 0 && pid != self && kill(pid, sig) == -1 &&
			    errno != ESRCH && rc == 0) {
				rc = -1;
				saved = errno;
			}
			pid = -1;
		}
	}
	if (n == -1 && errno != ENODEV && errno != ENOENT)
		goto fail;
	if (pid > 0) {
		++*found;
		if (sig > 0 && pid != self && kill(pid, sig) == -1 &&
		    errno != ESRCH && rc == 0) {
			rc = -1;
			saved = errno;
		}
	}
	close(fd);
	fd = -1;

	wa.sig = sig;
	wa.depth = depth;
	wa.found = found;
	if (cg_foreach_dir(dirfd, cg_procs_sub, &wa) == -1 &&
	    errno != ENOENT && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc == -1)
		errno = saved;
	return (rc);
 fail:
	saved = errno;
	close(fd);
	errno = saved;
	return (-1);
}

/*
 * Freezer state of one cgroup: 1 frozen, 0 thawed, 2 on the way (v1
 * FREEZING, v2 asked to freeze but not there yet), -1 error.
 */
static int
cg_fd_state(int dirfd, enum cgroup_version v)
{
	char		 buf[64];
	uint64_t	 frozen, want;

	if (v == CGROUP_V2) {
		if (cg_read_keyval(dirfd, "cgroup.events", "frozen",
		    &frozen) == -1)
			return (-1);
		if (frozen)
			return (1);
		if (cg_read_u64(dirfd, "cgroup.freeze", &want) == 0 &&
		    want != 0)
			return (2);
		return (0);
	}
	if (cg_read(dirfd, "freezer.state", buf, sizeof(buf)) == -1)
		return (-1);
	buf[strcspn(buf, "\n")] = '\0';
	if (strcmp(buf, "FROZEN") == 0)
		return (1);
	if (strcmp(buf, "FREEZING") == 0)
		return (2);
	if (strcmp(buf, "THAWED") == 0)
		return (0);
	errno = EINVAL;
	return (-1);
}

/*
 * Waits until cgroup.events has "key want".  The kernel notifies
 * cgroup.events with POLLPRI on change; a read re-arms the notification,
 * so we read, compare, then poll.  The poll is sliced in case a
 * notification came between read and poll on an old kernel.
 */
static int
cg_fd_wait_events(int dirfd, const char *key, uint64_t want,
    int timeout_ms)
{
	struct pollfd	 pfd;
	char		 buf[512];
	uint64_t	 deadline, now, val;
	int		 fd, saved, left;

	deadline = cg_now_ms() + timeout_ms;
	fd = openat(dirfd, "cgroup.events", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return (-1);
	for (;;) {
		if (cg_readfd(fd, buf, sizeof(buf)) == -1 ||
		    cg_keyval(buf, key, &val) == -1)
			goto fail;
		if (val == want)
			break;
		if ((now = cg_now_ms()) >= deadline) {
			errno = ETIMEDOUT;
			goto fail;
		}
		left = deadline - now;
		pfd.fd = fd;
		pfd.events = POLLPRI;
		pfd.revents = 0;
		if (poll(&pfd, 1, left < CG_POLL_SLICE ? left : CG_POLL_SLICE)
		    == -1 && errno != EINTR)
			goto fail;
	}
	close(fd);
	return (0);
 fail:
	saved = errno;
	close(fd);
	errno = saved;
	return (-1);
}

/*
 * Freezes or thaws one cgroup and waits for the state.  A freeze that
 * times out is undone, so a domain is never left half frozen.
 */
static int
cg_fd_setfrozen(int dirfd, enum cgroup_version v, int freeze,
    int timeout_ms)
{
	const char	*want = freeze ? "FROZEN" : "THAWED";
	char		 buf[64];
	uint64_t	 deadline;
	long		 delay = 0;
	int		 fd, saved;

	if (v == CGROUP_V2) {
		if (cg_write(dirfd, "cgroup.freeze", freeze ? "1" : "0") == -1)
			return (-1);
		if (cg_fd_wait_events(dirfd, "frozen", freeze ? 1 : 0,
		    timeout_ms) == 0)
			return (0);
		saved = errno;
		if (freeze)
			(void)cg_write(dirfd, "cgroup.freeze", "0");
		errno = saved;
		return (-1);
	}

	/*
	 * v1: the kernel moves FREEZING to FROZEN when freezer.state is
	 * read and every task is frozen, so we poll it.
	 */
	deadline = cg_now_ms() + timeout_ms;
	if (cg_write(dirfd, "freezer.state", want) == -1)
		return (-1);
	fd = openat(dirfd, "freezer.state", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return (-1);
	for (;;) {
		if (cg_readfd(fd, buf, sizeof(buf)) == -1)
			goto fail;
		buf[strcspn(buf, "\n")] = '\0';
		if (strcmp(buf, want) == 0)
			break;
		if (cg_now_ms() >= deadline) {
			errno = ETIMEDOUT;
			goto fail;
		}
		cg_backoff(&delay);
	}
	close(fd);
	return (0);
 fail:
	saved = errno;
	close(fd);
	if (freeze)
		(void)cg_write(dirfd, "freezer.state", "THAWED");
	errno = saved;
	return (-1);
}

/*
 * Signals every process of a cgroup subtree.  SIGKILL on v2 uses
 * cgroup.kill, which the kernel makes race-free against fork.
 * Otherwise, as runc does, freeze so that nothing forks while we read
 * the pids, signal, then thaw.  v1 tasks frozen do not die from SIGKILL
 * until thawed, so SIGKILL always ends thawed; other signals leave a
 * frozen cgroup frozen.  With no freezer (v1 hierarchies other than
 * freezer's), the signal is sent once, best effort.
 */
static int
cg_fd_signal(int dirfd, enum cgroup_version v, int freezer, int has_kill,
    int sig)
{
	size_t	 found = 0;
	int	 was, rc, saved, frozen = 0;

	if (sig == SIGKILL && v == CGROUP_V2 && has_kill)
		return (cg_write(dirfd, "cgroup.kill", "1"));
	if (!freezer)
		return (cg_fd_procs(dirfd, sig, 0, &found));

	if ((was = cg_fd_state(dirfd, v)) == -1 && errno == ENOENT)
		return (0);	/* removed meanwhile */
	if (was == 1)
		frozen = 1;
	else if (cg_fd_setfrozen(dirfd, v, 1, CG_TIMEOUT_MS) == 0)
		frozen = 1;
	else
		log_warn("cgroup: freeze before signal %d", sig);
	rc = cg_fd_procs(dirfd, sig, 0, &found);
	saved = errno;
	if (frozen && (was != 1 || sig == SIGKILL) &&
	    cg_fd_setfrozen(dirfd, v, 0, CG_TIMEOUT_MS) == -1) {
		log_warn("cgroup: thaw after signal %d", sig);
		if (rc == 0) {
			rc = -1;
			saved = errno;
		}
	}
	errno = saved;
	return (rc);
}

static int
cg_fd_populated(int dirfd, enum cgroup_version v)
{
	uint64_t	 val;
	size_t		 found = 0;

	if (v == CGROUP_V2) {
		if (cg_read_keyval(dirfd, "cgroup.events", "populated",
		    &val) == -1)
			return (-1);
		return (val != 0);
	}
	if (cg_fd_procs(dirfd, 0, 0, &found) == -1)
		return (-1);
	return (found != 0);
}

/*
 * Waits until nothing is left in the subtree, sending SIGKILL again to
 * stragglers now and then (a process that was forking when its siblings
 * were listed on a hierarchy without freezer).
 */
static int
cg_fd_wait_empty(int dirfd, enum cgroup_version v, int timeout_ms)
{
	uint64_t	 deadline, last;
	size_t		 found;
	long		 delay = 0;
	int		 p;

	deadline = cg_now_ms() + timeout_ms;
	last = cg_now_ms();
	for (;;) {
		if ((p = cg_fd_populated(dirfd, v)) == 0)
			return (0);
		if (p == -1)
			return (errno == ENOENT || errno == ENODEV ? 0 : -1);
		if (cg_now_ms() >= deadline) {
			errno = ETIMEDOUT;
			return (-1);
		}
		if (cg_now_ms() - last >= CG_RESIGNAL_MS) {
			found = 0;
			(void)cg_fd_procs(dirfd, SIGKILL, 0, &found);
			last = cg_now_ms();
		}
		cg_backoff(&delay);
	}
}

static int
cg_rmtree_sub(int dirfd, const char *name, void *arg)
{
	int	*depth = arg;

	return (cg_rmtree(dirfd, name, *depth + 1, NULL));
}

/*
 * Removes parentfd/name and its nested cgroups, deepest first.  With
 * expect set, only when the entry is still that directory: a cgroup of
 * the same name created since must not be removed by the old owner.
 * Processes still inside make rmdir fail with EBUSY; they are killed
 * while we retry for a bounded time.
 */
static int
cg_rmtree(int parentfd, const char *name, int depth, const struct stat *expect)
{
	struct stat	 st;
	uint64_t	 deadline;
	size_t		 found;
	long		 delay = 0;
	int		 fd, rc = 0, saved = 0;

	if (depth > CG_DEPTH_MAX) {
		errno = ELOOP;
		return (-1);
	}
	if ((fd = cg_opendir(parentfd, name)) == -1)
		return (errno == ENOENT ? 0 : -1);
	if (expect != NULL && (fstat(fd, &st) == -1 ||
	    st.st_dev != expect->st_dev || st.st_ino != expect->st_ino)) {
		close(fd);
		return (0);
	}
	if (cg_foreach_dir(fd, cg_rmtree_sub, &depth) == -1 &&
	    errno != ENOENT) {
		rc = -1;
		saved = errno;
	}
	deadline = cg_now_ms() + CG_TIMEOUT_MS;
	while (unlinkat(parentfd, name, AT_REMOVEDIR) == -1) {
		if (errno == ENOENT)
			break;
		if (errno != EBUSY || cg_now_ms() >= deadline) {
			if (rc == 0)
				saved = errno;
			rc = -1;
			break;
		}
		found = 0;
		(void)cg_fd_procs(fd, SIGKILL, 0, &found);
		cg_backoff(&delay);
	}
	close(fd);
	if (rc == -1)
		errno = saved;
	return (rc);
}

/*
 * Hierarchies to walk, in order: v1 freezer's first, since its thaw is
 * what lets SIGKILLed tasks die; then the other v1 hierarchies once
 * each; v2 has one.
 */
static int
cg_order(const struct cgroup_env *env, int *order)
{
	int	 i, n = 0, fz;

	if (env->version == CGROUP_V2) {
		order[n++] = 0;
		return (n);
	}
	fz = env->v1_alias[CG_FREEZER];
	if (env->rootfd[fz] != -1)
		order[n++] = fz;
	for (i = 0; i < CG_NCTRL; i++)
		if (env->v1_alias[i] == i && i != fz && env->rootfd[i] != -1)
			order[n++] = i;
	return (n);
}

/* Kills everything in <root>/name in every hierarchy and removes it. */
static int
cg_purge(const struct cgroup_env *env, const char *name)
{
	int	 order[CG_NCTRL], i, n, h, fd, freezer, rc = 0, saved = 0;

	n = cg_order(env, order);
	for (i = 0; i < n; i++) {
		h = order[i];
		if ((fd = cg_opendir(env->rootfd[h], name)) == -1) {
			if (errno == ENOENT)
				continue;
			goto bad;
		}
		freezer = env->version == CGROUP_V2 ||
		    env->v1_alias[CG_FREEZER] == h;
		(void)cg_fd_signal(fd, env->version, freezer, env->has_kill,
		    SIGKILL);
		if (cg_fd_wait_empty(fd, env->version, CG_TIMEOUT_MS) == -1)
			log_warn("cgroup %s: processes survive SIGKILL", name);
		close(fd);
		if (cg_rmtree(env->rootfd[h], name, 0, NULL) == 0)
			continue;
 bad:
		if (rc == 0)
			saved = errno;
		rc = -1;
	}
	if (rc == -1)
		errno = saved;
	return (rc);
}

static int
cg_purge_sub(int dirfd, const char *name, void *arg)
{
	const struct cgroup_env	*env = arg;

	log_warnx("cgroup: removing stale cgroup %s/%s", env->root, name);
	if (cg_purge(env, name) == -1) {
		log_warn("cgroup: remove stale cgroup %s/%s", env->root, name);
		return (-1);
	}
	return (0);
}

/* Enables the CG2_* controllers of *ctrls for the children of dirfd. */
static int
cg_subtree_enable(int dirfd, int *ctrls)
{
	static const struct {
		int		 bit;
		const char	*add;
	} c[] = {
		{ CG2_CPU,	"+cpu" },
		{ CG2_MEMORY,	"+memory" },
		{ CG2_PIDS,	"+pids" },
	};
	char	 buf[1024];
	size_t	 i;
	int	 have, rc = 0;

	if (cg_read(dirfd, "cgroup.subtree_control", buf, sizeof(buf)) == -1)
		have = 0;
	else
		have = cg_words(buf);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		if (!(*ctrls & c[i].bit) || (have & c[i].bit))
			continue;
		if (cg_write(dirfd, "cgroup.subtree_control", c[i].add) == -1) {
			log_warn("cgroup: enable %s controller; its limits "
			    "are skipped", c[i].add + 1);
			*ctrls &= ~c[i].bit;
			rc = -1;
		}
	}
	return (rc);
}

/* Opens mount/<ctrl> for each v1 controller mounted there. */
static int
cg_v1_probe(int mountfd, int *fds)
{
	struct statfs	 sfs;
	int		 i, mask = 0;

	for (i = 0; i < CG_NCTRL; i++) {
		fds[i] = cg_open_ctrl(mountfd, cg_v1_names[i]);
		if (fds[i] == -1)
			continue;
		if (fstatfs(fds[i], &sfs) == -1 ||
		    sfs.f_type != CGROUP_SUPER_MAGIC) {
			close(fds[i]);
			fds[i] = -1;
			continue;
		}
		mask |= 1 << i;
	}
	return (mask);
}

/*
 * v1: controllers that share a hierarchy (same superblock) get one
 * directory, owned by the first of them.  The root is created in each
 * hierarchy; a controller counts as usable when its control file shows
 * up in the root.
 */
static int
cg_v1_setup(struct cgroup_env *env, int *fds)
{
	struct stat	 st[CG_NCTRL];
	int		 i, j, p, used;

	for (i = 0; i < CG_NCTRL; i++) {
		env->v1_alias[i] = i;
		if (fds[i] == -1)
			continue;
		if (fstat(fds[i], &st[i]) == -1) {
			log_warn("cgroup: %s", cg_v1_names[i]);
			return (-1);
		}
		for (j = 0; j < i; j++) {
			if (fds[j] != -1 && st[j].st_dev == st[i].st_dev) {
				env->v1_alias[i] = j;
				break;
			}
		}
		if (env->v1_alias[i] != i)
			continue;
		env->rootfd[i] = cg_mkpath(fds[i], env->root, NULL);
		if (env->rootfd[i] == -1) {
			log_warn("cgroup: create %s/%s/%s", env->mount,
			    cg_v1_names[i], env->root);
			return (-1);
		}
	}
	env->v1_ctrls = 0;
	for (i = 0; i < CG_NCTRL; i++) {
		p = env->v1_alias[i];
		if (fds[i] == -1 || env->rootfd[p] == -1)
			continue;
		if (cg_has(env->rootfd[p], cg_v1_marker[i]))
			env->v1_ctrls |= 1 << i;
	}
	/* Hierarchies none of whose controllers work are not used. */
	for (p = 0; p < CG_NCTRL; p++) {
		if (env->rootfd[p] == -1)
			continue;
		used = 0;
		for (i = 0; i < CG_NCTRL; i++)
			if (env->v1_alias[i] == p &&
			    (env->v1_ctrls & (1 << i)))
				used = 1;
		if (!used) {
			close(env->rootfd[p]);
			env->rootfd[p] = -1;
		}
	}
	for (i = 0; i < CG_NCTRL; i++)
		if (!(env->v1_ctrls & (1 << i)))
			log_warnx("cgroup: v1 %s controller unavailable at "
			    "%s; its %s skipped", cg_v1_names[i], env->mount,
			    i == CG_CPUACCT ? "statistics are" : "limits are");
	if (!(env->v1_ctrls & (1 << CG_FREEZER))) {
		log_warnx("cgroup: v1 needs the freezer controller");
		return (-1);
	}
	return (0);
}

static int
cg_v2_setup(struct cgroup_env *env, int mountfd, int avail)
{
	env->v2_ctrls = avail & CG2_ALL;
	if (env->v2_ctrls != CG2_ALL)
		log_warnx("cgroup: v2 hierarchy %s lacks%s%s%s; those "
		    "limits are skipped", env->mount,
		    (env->v2_ctrls & CG2_CPU) ? "" : " cpu",
		    (env->v2_ctrls & CG2_MEMORY) ? "" : " memory",
		    (env->v2_ctrls & CG2_PIDS) ? "" : " pids");
	env->rootfd[0] = cg_mkpath(mountfd, env->root, &env->v2_ctrls);
	if (env->rootfd[0] == -1) {
		log_warn("cgroup: create %s/%s", env->mount, env->root);
		return (-1);
	}
	env->has_kill = cg_has(env->rootfd[0], "cgroup.kill");
	if (!cg_has(env->rootfd[0], "cgroup.freeze"))
		log_warnx("cgroup: %s/%s has no cgroup.freeze; freeze and "
		    "thaw will fail", env->mount, env->root);
	return (0);
}

int
cgroup_init(struct cgroup_env *env, enum cgroup_version want,
    const char *mount, const char *root)
{
	struct statfs	 sfs;
	char		 buf[1024];
	int		 v1fd[CG_NCTRL], mountfd = -1, v1mask = 0, avail = 0;
	int		 i, n, is_v2, order[CG_NCTRL], st;

	memset(env, 0, sizeof(*env));
	for (i = 0; i < CG_NCTRL; i++) {
		env->rootfd[i] = -1;
		env->v1_alias[i] = i;
		v1fd[i] = -1;
	}
	if (mount == NULL || !cg_path_valid(mount, 1) ||
	    strlcpy(env->mount, mount, sizeof(env->mount)) >=
	    sizeof(env->mount)) {
		log_warnx("cgroup: mount \"%s\": not an absolute path "
		    "without . or ..", mount == NULL ? "" : mount);
		return (-1);
	}
	if (root == NULL || !cg_path_valid(root, 0) ||
	    strlcpy(env->root, root, sizeof(env->root)) >=
	    sizeof(env->root)) {
		log_warnx("cgroup: root \"%s\": not a relative path "
		    "without .. or empty components",
		    root == NULL ? "" : root);
		return (-1);
	}
	if ((mountfd = cg_open_path(mount)) == -1) {
		log_warn("cgroup: %s", mount);
		goto fail;
	}
	if (fstatfs(mountfd, &sfs) == -1) {
		log_warn("cgroup: statfs %s", mount);
		goto fail;
	}
	is_v2 = sfs.f_type == CGROUP2_SUPER_MAGIC;
	if (is_v2 && cg_read(mountfd, "cgroup.controllers", buf,
	    sizeof(buf)) != -1)
		avail = cg_words(buf);
	if (!is_v2)
		v1mask = cg_v1_probe(mountfd, v1fd);

	switch (want) {
	case CGROUP_AUTO:
		if (is_v2 && (avail & CG2_ALL) == CG2_ALL)
			env->version = CGROUP_V2;
		else if (v1mask & (1 << CG_FREEZER))
			env->version = CGROUP_V1;
		else if (is_v2)
			env->version = CGROUP_V2;
		else {
			log_warnx("cgroup: no cgroup2 or cgroup v1 freezer "
			    "hierarchy at %s", mount);
			goto fail;
		}
		break;
	case CGROUP_V2:
		if (!is_v2) {
			log_warnx("cgroup: %s is not a cgroup2 mount", mount);
			goto fail;
		}
		env->version = CGROUP_V2;
		break;
	case CGROUP_V1:
		if (!(v1mask & (1 << CG_FREEZER))) {
			log_warnx("cgroup: %s/freezer is not a cgroup v1 "
			    "mount", mount);
			goto fail;
		}
		env->version = CGROUP_V1;
		break;
	default:
		log_warnx("cgroup: unknown version %d", want);
		goto fail;
	}

	if (env->version == CGROUP_V2) {
		if (cg_v2_setup(env, mountfd, avail) == -1)
			goto fail;
		log_info("cgroup: v2 at %s, root %s, controllers%s%s%s%s",
		    mount, root, (env->v2_ctrls & CG2_CPU) ? " cpu" : "",
		    (env->v2_ctrls & CG2_MEMORY) ? " memory" : "",
		    (env->v2_ctrls & CG2_PIDS) ? " pids" : "",
		    env->v2_ctrls == 0 ? " none" : "");
	} else {
		if (cg_v1_setup(env, v1fd) == -1)
			goto fail;
		log_info("cgroup: v1 at %s, root %s, controllers%s%s%s%s%s",
		    mount, root,
		    (env->v1_ctrls & (1 << CG_CPU)) ? " cpu" : "",
		    (env->v1_ctrls & (1 << CG_CPUACCT)) ? " cpuacct" : "",
		    (env->v1_ctrls & (1 << CG_MEMORY)) ? " memory" : "",
		    (env->v1_ctrls & (1 << CG_FREEZER)) ? " freezer" : "",
		    (env->v1_ctrls & (1 << CG_PIDS)) ? " pids" : "");
	}
	close(mountfd);
	mountfd = -1;
	for (i = 0; i < CG_NCTRL; i++) {
		if (v1fd[i] != -1)
			close(v1fd[i]);
		v1fd[i] = -1;
	}

	/* A root frozen by a previous run would freeze every domain. */
	i = env->version == CGROUP_V2 ? 0 : env->v1_alias[CG_FREEZER];
	if ((st = cg_fd_state(env->rootfd[i], env->version)) == 1 || st == 2) {
		log_warnx("cgroup: root %s was frozen; thawing it", root);
		if (cg_fd_setfrozen(env->rootfd[i], env->version, 0,
		    CG_TIMEOUT_MS) == -1)
			log_warn("cgroup: thaw %s", root);
	}

	/* Whatever a previous run left below the root goes. */
	n = cg_order(env, order);
	for (i = 0; i < n; i++) {
		/* Not fatal: cgroup_create retries on a name it needs. */
		if (cg_foreach_dir(env->rootfd[order[i]], cg_purge_sub,
		    env) == -1)
			log_warn("cgroup: stale cgroups under %s remain", root);
	}
	return (0);
 fail:
	if (mountfd != -1)
		close(mountfd);
	for (i = 0; i < CG_NCTRL; i++) {
		if (v1fd[i] != -1)
			close(v1fd[i]);
		if (env->rootfd[i] != -1)
			close(env->rootfd[i]);
		env->rootfd[i] = -1;
	}
	return (-1);
}

void
cgroup_env_cleanup(struct cgroup_env *env)
{
	struct stat	 st, cur;
	const char	*last;
	int		 i, parent;

	if ((last = strrchr(env->root, '/')) != NULL)
		last++;
	else
		last = env->root;
	for (i = 0; i < CG_NCTRL; i++) {
		if (env->rootfd[i] == -1)
			continue;
		parent = openat(env->rootfd[i], "..", O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC);
		if (parent != -1 && fstat(env->rootfd[i], &st) == 0) {
			/* Only the directory we opened, only when empty. */
			if (fstatat(parent, last, &cur, AT_SYMLINK_NOFOLLOW) ==
			    0 && cur.st_dev == st.st_dev &&
			    cur.st_ino == st.st_ino &&
			    unlinkat(parent, last, AT_REMOVEDIR) == -1 &&
			    errno != EBUSY && errno != ENOTEMPTY)
				log_warn("cgroup: rmdir %s", env->root);
		}
		if (parent != -1)
			close(parent);
		close(env->rootfd[i]);
		env->rootfd[i] = -1;
	}
}

void
cgroup_zero(struct cgroup *cg)
{
	int	 i;

	memset(cg, 0, sizeof(*cg));
	for (i = 0; i < CG_NCTRL; i++) {
		cg->dirfd[i] = -1;
		cg->procsfd[i] = -1;
		cg->alias[i] = i;
	}
}

int
cgroup_create(const struct cgroup_env *env, const char *name,
    uint64_t pids_max, struct cgroup *cg, char *err, size_t errlen)
{
	char		 buf[32];
	struct stat	 st;
	int		 order[CG_NCTRL], i, n, h, stale = 0, fz, saved;

	cgroup_zero(cg);
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (!cg_name_valid(name)) {
		cg_seterr(err, errlen, "cgroup: invalid name");
		errno = EINVAL;
		return (-1);
	}
	strlcpy(cg->name, name, sizeof(cg->name));
	cg->version = env->version;
	cg->has_kill = env->has_kill;
	cg->ctrls = env->version == CGROUP_V2 ? env->v2_ctrls : env->v1_ctrls;
	memcpy(cg->alias, env->v1_alias, sizeof(cg->alias));

	if ((n = cg_order(env, order)) == 0 ||
	    env->rootfd[order[0]] == -1) {
		cg_seterr(err, errlen, "cgroup %s: no cgroup root", name);
		errno = EBADF;
		return (-1);
	}
	for (i = 0; i < n; i++)
		if (fstatat(env->rootfd[order[i]], name, &st,
		    AT_SYMLINK_NOFOLLOW) == 0)
			stale = 1;
	if (stale) {
		log_warnx("cgroup %s: removing a stale cgroup of that name",
		    name);
		if (cg_purge(env, name) == -1) {
			cg_seterr(err, errlen, "cgroup %s: remove stale "
			    "cgroup: %s", name, strerror(errno));
			return (-1);
		}
	}

	for (i = 0; i < n; i++) {
		h = order[i];
		if (mkdirat(env->rootfd[h], name, 0755) == -1) {
			cg_seterr(err, errlen, "cgroup %s: mkdir: %s", name,
			    strerror(errno));
			goto fail;
		}
		if ((cg->dirfd[h] = cg_opendir(env->rootfd[h], name)) == -1) {
			cg_seterr(err, errlen, "cgroup %s: open: %s", name,
			    strerror(errno));
			goto fail;
		}
	}
	/* Controllers sharing a hierarchy share its directory. */
	for (i = 0; i < CG_NCTRL && env->version == CGROUP_V1; i++) {
		h = cg->alias[i];
		if (h == i || cg->dirfd[h] == -1 || env->rootfd[h] == -1)
			continue;
		if ((cg->dirfd[i] = fcntl(cg->dirfd[h], F_DUPFD_CLOEXEC, 0)) ==
		    -1) {
			cg_seterr(err, errlen, "cgroup %s: dup: %s", name,
			    strerror(errno));
			goto fail;
		}
	}

	fz = env->version == CGROUP_V2 ? 0 : CG_FREEZER;
	if (cg_fd_state(cg->dirfd[fz], env->version) != 0) {
		cg_seterr(err, errlen, "cgroup %s: frozen (or unreadable) "
		    "at creation: is a parent cgroup frozen?", name);
		goto fail;
	}

	if ((env->version == CGROUP_V2 && (cg->ctrls & CG2_PIDS)) ||
	    (env->version == CGROUP_V1 && (cg->ctrls & (1 << CG_PIDS)))) {
		if (pids_max == 0)
			strlcpy(buf, "max", sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%llu",
			    (unsigned long long)pids_max);
		if (cg_write(cg->dirfd[env->version == CGROUP_V2 ? 0 :
		    CG_PIDS], "pids.max", buf) == -1) {
			cg_seterr(err, errlen, "cgroup %s: pids.max: %s", name,
			    strerror(errno));
			goto fail;
		}
	}
	if (env->version == CGROUP_V2) {
		/* Keep a domain's own sub-cgroups within our walk. */
		if (cg_write(cg->dirfd[0], "cgroup.max.depth",
		    CG_SUB_DEPTH) == -1 ||
		    cg_write(cg->dirfd[0], "cgroup.max.descendants",
		    CG_SUB_DESCENDANTS) == -1)
			log_warn("cgroup %s: limit nested cgroups", name);
	}

	for (i = 0; i < n; i++) {
		h = order[i];
		cg->procsfd[h] = openat(cg->dirfd[h], "cgroup.procs",
		    O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
		if (cg->procsfd[h] == -1) {
			cg_seterr(err, errlen, "cgroup %s: cgroup.procs: %s",
			    name, strerror(errno));
			goto fail;
		}
	}
	return (0);
 fail:
	saved = errno;
	(void)cgroup_destroy(cg);
	errno = saved;
	return (-1);
}

int
cgroup_attach_self(const struct cgroup *cg)
{
	ssize_t	 n;
	int	 i, done = 0;

	/* Only write(2): this runs in a forked child of a threaded process. */
	for (i = 0; i < CG_NCTRL; i++) {
		if (cg->procsfd[i] == -1)
			continue;
		do {
			n = write(cg->procsfd[i], "0", 1);
		} while (n == -1 && errno == EINTR);
		if (n != 1) {
			if (n != -1)
				errno = EIO;
			return (-1);
		}
		done = 1;
	}
	if (!done) {
		errno = EBADF;
		return (-1);
	}
	return (0);
}

int
cgroup_set_profile(const struct cgroup *cg, const struct proto_cgprofile *p)
{
	char		 buf[64];
	uint64_t	 quota;
	int		 v2 = cg->version == CGROUP_V2, has_cpu, has_mem;
	int		 cpufd, memfd;

	has_cpu = v2 ? (cg->ctrls & CG2_CPU) : (cg->ctrls & (1 << CG_CPU));
	has_mem = v2 ? (cg->ctrls & CG2_MEMORY) :
	    (cg->ctrls & (1 << CG_MEMORY));
	cpufd = cg->dirfd[v2 ? 0 : CG_CPU];
	memfd = cg->dirfd[v2 ? 0 : CG_MEMORY];
	/* Check everything before changing anything. */
	if ((p->has_cpu_pct && (!has_cpu || cpufd == -1)) ||
	    (p->has_mem_max && (!has_mem || memfd == -1))) {
		errno = ENOTSUP;
		return (-1);
	}
	if (p->has_cpu_pct && !(p->cpu_pct > 0 &&
	    p->cpu_pct <= CG_CPU_PCT_MAX)) {
		errno = EINVAL;
		return (-1);
	}
	if (p->has_mem_max && p->mem_max == 0) {
		errno = EINVAL;
		return (-1);
	}

	if (has_cpu && cpufd != -1) {
		/* 100 % is one CPU: a full period of quota. */
		quota = 0;
		if (p->has_cpu_pct) {
			quota = (uint64_t)(p->cpu_pct * (CG_CPU_PERIOD / 100) +
			    0.5);
			if (quota < CG_CPU_QUOTA_MIN)
				quota = CG_CPU_QUOTA_MIN;
		}
		if (v2) {
			if (p->has_cpu_pct)
				snprintf(buf, sizeof(buf), "%llu %d",
				    (unsigned long long)quota, CG_CPU_PERIOD);
			else
				snprintf(buf, sizeof(buf), "max %d",
				    CG_CPU_PERIOD);
			if (cg_write(cpufd, "cpu.max", buf) == -1)
				return (-1);
		} else {
			snprintf(buf, sizeof(buf), "%d", CG_CPU_PERIOD);
			if (cg_write(cpufd, "cpu.cfs_period_us", buf) == -1)
				return (-1);
			if (p->has_cpu_pct)
				snprintf(buf, sizeof(buf), "%llu",
				    (unsigned long long)quota);
			else
				strlcpy(buf, "-1", sizeof(buf));
			if (cg_write(cpufd, "cpu.cfs_quota_us", buf) == -1)
				return (-1);
		}
	}
	if (has_mem && memfd != -1) {
		if (p->has_mem_max)
			snprintf(buf, sizeof(buf), "%llu",
			    (unsigned long long)p->mem_max);
		else
			strlcpy(buf, v2 ? "max" : "-1", sizeof(buf));
		if (cg_write(memfd, v2 ? "memory.max" :
		    "memory.limit_in_bytes", buf) == -1)
			return (-1);
	}
	return (0);
}

int
cgroup_freeze(const struct cgroup *cg, int timeout_ms)
{
	int	 fd = cg->dirfd[cg->version == CGROUP_V2 ? 0 : CG_FREEZER];

	if (fd == -1) {
		errno = ENOTSUP;
		return (-1);
	}
	return (cg_fd_setfrozen(fd, cg->version, 1, cg_timeout(timeout_ms)));
}

int
cgroup_thaw(const struct cgroup *cg, int timeout_ms)
{
	int	 fd = cg->dirfd[cg->version == CGROUP_V2 ? 0 : CG_FREEZER];

	if (fd == -1) {
		errno = ENOTSUP;
		return (-1);
	}
	return (cg_fd_setfrozen(fd, cg->version, 0, cg_timeout(timeout_ms)));
}

int
cgroup_frozen(const struct cgroup *cg)
{
	int	 fd = cg->dirfd[cg->version == CGROUP_V2 ? 0 : CG_FREEZER];
	int	 st;

	if (fd == -1) {
		errno = ENOTSUP;
		return (-1);
	}
	if ((st = cg_fd_state(fd, cg->version)) == -1)
		return (-1);
	return (st == 1);
}

int
cgroup_signal_all(const struct cgroup *cg, int sig)
{
	int	 fd = cg->dirfd[cg->version == CGROUP_V2 ? 0 : CG_FREEZER];

	if (sig <= 0 || sig >= NSIG) {
		errno = EINVAL;
		return (-1);
	}
	if (fd == -1) {
		errno = ENOTSUP;
		return (-1);
	}
	return (cg_fd_signal(fd, cg->version, 1, cg->has_kill, sig));
}

int
cgroup_populated(const struct cgroup *cg)
{
	int	 i, p, any = 0, seen = 0;

	for (i = 0; i < CG_NCTRL; i++) {
		if (cg->dirfd[i] == -1 || cg->alias[i] != i)
			continue;
		seen = 1;
		if ((p = cg_fd_populated(cg->dirfd[i], cg->version)) == -1)
			return (-1);
		if (p)
			any = 1;
		if (cg->version == CGROUP_V2)
			break;
	}
	if (!seen) {
		errno = EBADF;
		return (-1);
	}
	return (any);
}

/*
 * Removes one cgroup directory of ours through ".." of its descriptor
 * (the struct keeps no parent), only while the entry is still that
 * directory.  0: removed or already gone, 1: busy, -1: error.
 */
static int
cg_rmself(int dirfd, const char *name)
{
	struct stat	 st, cur;
	int		 parent, rc = 0, saved = 0;

	parent = openat(dirfd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (parent == -1)
		return (errno == ENOENT ? 0 : -1);
	if (fstat(dirfd, &st) == -1) {
		saved = errno;
		rc = -1;
	} else if (fstatat(parent, name, &cur, AT_SYMLINK_NOFOLLOW) == -1 ||
	    cur.st_dev != st.st_dev || cur.st_ino != st.st_ino)
		rc = 0;
	else if (unlinkat(parent, name, AT_REMOVEDIR) == -1 &&
	    errno != ENOENT) {
		saved = errno;
		rc = errno == EBUSY ? 1 : -1;
	}
	close(parent);
	errno = saved;
	return (rc);
}

/* Kills what is in the cgroup and waits, bounded, until it is empty. */
static void
cg_kill_wait(struct cgroup *cg)
{
	uint64_t	 deadline, last;
	size_t		 found;
	long		 delay = 0;
	int		 i, p;

	if (cgroup_frozen(cg) == 1 && cgroup_thaw(cg, CG_TIMEOUT_MS) == -1)
		log_warn("cgroup %s: thaw before kill", cg->name);
	(void)cgroup_signal_all(cg, SIGKILL);
	deadline = cg_now_ms() + CG_TIMEOUT_MS;
	last = cg_now_ms();
	while ((p = cgroup_populated(cg)) != 0) {
		if (p == -1 && (errno == ENOENT || errno == ENODEV))
			break;
		if (cg_now_ms() >= deadline) {
			log_warnx("cgroup %s: processes survive SIGKILL",
			    cg->name);
			break;
		}
		/* Stragglers on hierarchies without freezer. */
		if (cg_now_ms() - last >= CG_RESIGNAL_MS) {
			for (i = 0; i < CG_NCTRL; i++) {
				if (cg->dirfd[i] == -1 || cg->alias[i] != i)
					continue;
				found = 0;
				(void)cg_fd_procs(cg->dirfd[i], SIGKILL, 0,
				    &found);
			}
			last = cg_now_ms();
		}
		cg_backoff(&delay);
	}
}

int
cgroup_destroy(struct cgroup *cg)
{
	struct stat	 st;
	int		 i, j, r, parent, busy = 0, rc = 0, saved = 0;

	for (i = 0; i < CG_NCTRL; i++) {
		if (cg->procsfd[i] != -1)
			close(cg->procsfd[i]);
		cg->procsfd[i] = -1;
	}
	/*
	 * The usual case, an empty cgroup, costs one rmdir per hierarchy;
	 * rmdir fails with EBUSY while processes or nested cgroups remain.
	 */
	for (i = 0; i < CG_NCTRL; i++) {
		if (cg->dirfd[i] == -1 || cg->alias[i] != i)
			continue;
		if ((r = cg_rmself(cg->dirfd[i], cg->name)) == 1) {
			busy = 1;
			continue;
		}
		if (r == -1 && rc == 0) {
			rc = -1;
			saved = errno;
			log_warn("cgroup %s: remove", cg->name);
		}
		for (j = 0; j < CG_NCTRL; j++) {
			if (j != i && cg->alias[j] == i && cg->dirfd[j] != -1) {
				close(cg->dirfd[j]);
				cg->dirfd[j] = -1;
			}
		}
		close(cg->dirfd[i]);
		cg->dirfd[i] = -1;
	}
	if (busy)
		cg_kill_wait(cg);
	for (i = 0; i < CG_NCTRL && busy; i++) {
		if (cg->dirfd[i] == -1 || cg->alias[i] != i)
			continue;
		parent = openat(cg->dirfd[i], "..", O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC);
		if (parent == -1 || fstat(cg->dirfd[i], &st) == -1 ||
		    cg_rmtree(parent, cg->name, 0, &st) == -1) {
			if (errno != ENOENT && rc == 0) {
				rc = -1;
				saved = errno;
				log_warn("cgroup %s: remove", cg->name);
			}
		}
		if (parent != -1)
			close(parent);
	}
	for (i = 0; i < CG_NCTRL; i++) {
		if (cg->dirfd[i] != -1)
			close(cg->dirfd[i]);
		cg->dirfd[i] = -1;
	}
	if (rc == -1)
		errno = saved;
	return (rc);
}

int
cgroup_stats(const struct cgroup *cg, uint64_t *cpu_ns, uint64_t *max_mem)
{
	uint64_t	 cpu = 0, mem = 0, usec;
	int		 fd;

	if (cg->version == CGROUP_V2) {
		if ((fd = cg->dirfd[0]) == -1) {
			errno = EBADF;
			return (-1);
		}
		/* cpu.stat is a core file: usage exists without cpu. */
		if (cg_read_keyval(fd, "cpu.stat", "usage_usec", &usec) == 0)
			cpu = usec * 1000;
		else if (errno != ENOENT)
			return (-1);
		if (cg_read_u64(fd, "memory.peak", &mem) == -1) {
			if (errno != ENOENT)
				return (-1);
			mem = 0;
		}
	} else {
		if ((fd = cg->dirfd[CG_CPUACCT]) != -1 &&
		    (cg->ctrls & (1 << CG_CPUACCT)) &&
		    cg_read_u64(fd, "cpuacct.usage", &cpu) == -1) {
			if (errno != ENOENT)
				return (-1);
			cpu = 0;
		}
		if ((fd = cg->dirfd[CG_MEMORY]) != -1 &&
		    (cg->ctrls & (1 << CG_MEMORY)) &&
		    cg_read_u64(fd, "memory.max_usage_in_bytes", &mem) == -1) {
			if (errno != ENOENT)
				return (-1);
			mem = 0;
		}
	}
	if (cpu_ns != NULL)
		*cpu_ns = cpu;
	if (max_mem != NULL)
		*max_mem = mem;
	return (0);
}

int
cgroup_oom_kills(const struct cgroup *cg, uint64_t *n)
{
	const char	*file;
	uint64_t	 val;
	int		 fd;

	*n = 0;
	if (cg->version == CGROUP_V2) {
		fd = cg->dirfd[0];
		file = "memory.events";
	} else {
		fd = cg->dirfd[CG_MEMORY];
		file = "memory.oom_control";
	}
	if (fd == -1)
		return (0);
	if (cg_read_keyval(fd, file, "oom_kill", &val) == -1)
		return (errno == ENOENT ? 0 : -1);
	*n = val;
	return (0);
}
