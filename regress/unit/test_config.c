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
 * The configuration parser: the embedded default against DESIGN.md
 * section 2, sample files using every statement, and one refused input
 * per error, with the line the error is logged at.  Runs from the top of
 * the repository (regress/run.sh does), where regress/unit/conf/ is.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <linux/capability.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "test.h"

#define CONFDIR		"regress/unit/conf/"
#define LOG_MAX		(64 * 1024)

static int	 log_fd = -1;		/* stderr goes here while parsing */
static int	 log_stderr = -1;	/* the real stderr */
static char	 log_text[LOG_MAX];	/* what the last parse logged */

static void	 log_capture(void);
static void	 log_reset(void);
static const char *log_read(void);
static struct supd_conf *parse_str(const char *, const char *);
static struct supd_conf *parse_file(const char *);
static int	 log_has(const char *, int, const char *);
static void	 log_dump(void);
static int	 strv_eq(size_t, char **, const char *const *, size_t);
static int	 strv_has(size_t, char **, const char *);
static uint64_t	 docker_caps(void);
static char	*repeat(const char *, int, const char *, const char *);
static void	 bad(const char *, int, const char *);
static void	 bad_file(const char *, const char *, int, const char *);
static void	 test_default(void);
static void	 test_default_domain(struct supd_conf *, const char *);
static void	 test_builtins(struct supd_conf *);
static void	 test_default_file(void);
static void	 test_good_full(void);
static void	 test_good_empty(void);
static void	 test_good_strings(void);
static void	 test_bad_repeats(void);
static void	 test_bad_names(void);
static void	 test_bad_paths(void);
static void	 test_bad_numbers(void);
static void	 test_bad_values(void);
static void	 test_bad_lists(void);
static void	 test_bad_lexer(void);
static void	 test_bad_files(void);
static void	 test_too_many_domains(void);

#define nitems_of(a)	(sizeof(a) / sizeof((a)[0]))

static void
log_capture(void)
{
	char	 path[] = "/tmp/test_config.XXXXXX";

	log_init(1, 0);
	if ((log_fd = mkstemp(path)) == -1 ||
	    (log_stderr = dup(STDERR_FILENO)) == -1) {
		perror("log_capture");
		exit(1);
	}
	unlink(path);
}

/*
 * stderr goes to the log file only while a parse runs, so what a
 * sanitizer reports at exit is still seen.
 */
static void
log_reset(void)
{
	if (ftruncate(log_fd, 0) == -1 || lseek(log_fd, 0, SEEK_SET) == -1 ||
	    dup2(log_fd, STDERR_FILENO) == -1) {
		perror("log_reset");
		exit(1);
	}
	log_text[0] = '\0';
}

static const char *
log_read(void)
{
	ssize_t	 n;

	if (dup2(log_stderr, STDERR_FILENO) == -1) {
		perror("log_read");
		exit(1);
	}
	n = pread(log_fd, log_text, sizeof(log_text) - 1, 0);
	log_text[n > 0 ? n : 0] = '\0';
	return (log_text);
}

static struct supd_conf *
parse_str(const char *name, const char *text)
{
	struct supd_conf	*conf;

	log_reset();
	conf = parse_config_string(name, text);
	log_read();
	return (conf);
}

static struct supd_conf *
parse_file(const char *path)
{
	struct supd_conf	*conf;

	log_reset();
	conf = parse_config(path);
	log_read();
	return (conf);
}

/* One logged line holds "name:line: " and needle. */
static int
log_has(const char *name, int line, const char *needle)
{
	char		 prefix[256];
	const char	*p, *eol;
	size_t		 len;

	snprintf(prefix, sizeof(prefix), "%s:%d: ", name, line);
	for (p = log_text; *p != '\0'; p = *eol ? eol + 1 : eol) {
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		len = eol - p;
		if (memmem(p, len, prefix, strlen(prefix)) != NULL &&
		    memmem(p, len, needle, strlen(needle)) != NULL)
			return (1);
	}
	return (0);
}

static void
log_dump(void)
{
	const char	*p, *eol;

	for (p = log_text; *p != '\0'; p = *eol ? eol + 1 : eol) {
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		printf("#   %.*s\n", (int)(eol - p), p);
	}
}

static int
strv_eq(size_t n, char **v, const char *const *want, size_t nwant)
{
	size_t	 i;

	if (n != nwant)
		return (0);
	for (i = 0; i < n; i++)
		if (strcmp(v[i], want[i]) != 0)
			return (0);
	return (1);
}

static int
strv_has(size_t n, char **v, const char *s)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return (1);
	return (0);
}

/* Docker's default set, from the kernel's numbering, not proto's. */
static uint64_t
docker_caps(void)
{
	static const int caps[] = {
		CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_FSETID, CAP_KILL,
		CAP_SETGID, CAP_SETUID, CAP_SETPCAP, CAP_NET_BIND_SERVICE,
		CAP_NET_RAW, CAP_SYS_CHROOT, CAP_MKNOD, CAP_AUDIT_WRITE,
		CAP_SETFCAP,
	};
	uint64_t	 mask = 0;
	size_t		 i;

	for (i = 0; i < nitems_of(caps); i++)
		mask |= (uint64_t)1 << caps[i];
	return (mask);
}

/* head, then n times item (with %d replaced by the index), then tail. */
static char *
repeat(const char *head, int n, const char *item, const char *tail)
{
	char	*buf, *p;
	size_t	 size;
	int	 i;

	size = strlen(head) + strlen(tail) + (size_t)n *
	    (strlen(item) + 16) + 1;
	if ((buf = malloc(size)) == NULL) {
		perror("malloc");
		exit(1);
	}
	p = buf + snprintf(buf, size, "%s", head);
	for (i = 0; i < n; i++)
		p += snprintf(p, size - (p - buf), item, i);
	snprintf(p, size - (p - buf), "%s", tail);
	return (buf);
}

/* text must be refused, with needle logged at line. */
static void
bad(const char *text, int line, const char *needle)
{
	struct supd_conf	*conf;
	int			 ok;

	conf = parse_str("<test>", text);
	CHECK(conf == NULL, "refused (%s)", needle);
	ok = log_has("<test>", line, needle);
	CHECK(ok, "logged at line %d: %s", line, needle);
	if (!ok)
		log_dump();
	config_free(conf);
}

static void
bad_file(const char *path, const char *errfile, int line,
    const char *needle)
{
	struct supd_conf	*conf;
	int			 ok;

	conf = parse_file(path);
	CHECK(conf == NULL, "%s refused", path);
	ok = log_has(errfile, line, needle);
	CHECK(ok, "%s: logged at %s:%d: %s", path, errfile, line, needle);
	if (!ok)
		log_dump();
	config_free(conf);
}

static void
test_default_domain(struct supd_conf *conf, const char *name)
{
	static const char *const fstypes[] = { "tmpfs" };
	static const char *const sources[] = { "/tmp", "/srv" };
	static const char *const logdirs[] = { "/run", "/tmp" };
	static const char *const seccomp[] = { "default", "strict" };
	struct domain_conf	*dc;

	dc = config_domain(conf, name);
	CHECK(dc != NULL, "default: domain %s exists", name);
	if (dc == NULL)
		return;
	CHECK(strcmp(dc->dc_name, name) == 0, "%s: name", name);
	CHECK(strcmp(dc->dc_root, "/") == 0, "%s: rooted at /", name);
	CHECK(dc->dc_readonly == 1, "%s: root seen read-only", name);
	CHECK(dc->dc_uid == 65534 && dc->dc_gid == 65534,
	    "%s: exec user 65534:65534", name);
	CHECK(strcmp(dc->dc_hostname, name) == 0, "%s: hostname is the name",
	    name);
	CHECK(dc->dc_namespaces == (NS_PID | NS_MOUNT | NS_UTS | NS_IPC |
	    NS_NET | NS_CGROUP), "%s: the six namespaces, no user", name);
	CHECK(dc->dc_namespaces == NS_DEFAULT, "%s: NS_DEFAULT", name);
	CHECK(dc->dc_pids_max == SUPD_PIDS_DEF, "%s: pids max default", name);
	CHECK(dc->dc_caps == docker_caps(), "%s: Docker's 14 capabilities "
	    "(%#llx)", name, (unsigned long long)dc->dc_caps);
	CHECK(__builtin_popcountll(dc->dc_caps) == 14, "%s: 14 capabilities",
	    name);
	CHECK(strv_eq(dc->dc_fstypes.n, dc->dc_fstypes.v, fstypes,
	    nitems_of(fstypes)), "%s: mount fstype { tmpfs }", name);
	CHECK(strv_eq(dc->dc_sources.n, dc->dc_sources.v, sources,
	    nitems_of(sources)), "%s: mount source { /tmp /srv }", name);
	CHECK(strcmp(dc->dc_hookdir, "/etc/supd/hooks") == 0,
	    "%s: hooks from /etc/supd/hooks", name);
	CHECK(strv_eq(dc->dc_logdirs.n, dc->dc_logdirs.v, logdirs,
	    nitems_of(logdirs)), "%s: logs directory { /run /tmp }", name);
	CHECK(strv_eq(dc->dc_seccomp.n, dc->dc_seccomp.v, seccomp,
	    nitems_of(seccomp)), "%s: seccomp { default strict }", name);
	CHECK(dc->dc_ncgprofiles == 0 && dc->dc_cgprofiles == NULL,
	    "%s: no cgroup profile", name);
}

static void
test_builtins(struct supd_conf *conf)
{
	struct seccomp_profile	*sp, *def, *strict;

	def = TAILQ_FIRST(&conf->sc_seccomp);
	strict = def != NULL ? TAILQ_NEXT(def, sp_entry) : NULL;
	CHECK(def != NULL && strcmp(def->sp_name, "default") == 0,
	    "built-in \"default\" comes first");
	CHECK(strict != NULL && strcmp(strict->sp_name, "strict") == 0,
	    "built-in \"strict\" comes second");
	if (def == NULL || strict == NULL)
		return;
	CHECK(config_seccomp(conf, "default") == def &&
	    config_seccomp(conf, "strict") == strict, "config_seccomp finds "
	    "the built-ins");
	CHECK(def->sp_builtin && strict->sp_builtin, "both are built in");
	CHECK(def->sp_default == SECCOMP_ACT_ALLOW_DEF && def->sp_nallow == 0,
	    "default: allow by default, no allow list");
	CHECK(strv_has(def->sp_ndeny, def->sp_deny, "ptrace") &&
	    strv_has(def->sp_ndeny, def->sp_deny, "kexec_load") &&
	    strv_has(def->sp_ndeny, def->sp_deny, "mount") &&
	    strv_has(def->sp_ndeny, def->sp_deny, "bpf") &&
	    strv_has(def->sp_ndeny, def->sp_deny, "io_uring_setup") &&
	    strv_has(def->sp_ndeny, def->sp_deny, "unshare") &&
	    strv_has(def->sp_ndeny, def->sp_deny, "setns") &&
	    strv_has(def->sp_ndeny, def->sp_deny, "userfaultfd"),
	    "default: denies ptrace, kexec, mount, bpf, io_uring, namespaces");
	CHECK(!strv_has(def->sp_ndeny, def->sp_deny, "read") &&
	    !strv_has(def->sp_ndeny, def->sp_deny, "execve"),
	    "default: does not deny read or execve");
	CHECK(strict->sp_default == SECCOMP_ACT_KILL_DEF &&
	    strict->sp_ndeny == 0, "strict: kill by default, no deny list");
	CHECK(strv_has(strict->sp_nallow, strict->sp_allow, "read") &&
	    strv_has(strict->sp_nallow, strict->sp_allow, "execve") &&
	    strv_has(strict->sp_nallow, strict->sp_allow, "exit_group") &&
	    strv_has(strict->sp_nallow, strict->sp_allow, "mmap") &&
	    strv_has(strict->sp_nallow, strict->sp_allow, "rt_sigreturn") &&
	    strv_has(strict->sp_nallow, strict->sp_allow, "futex"),
	    "strict: allows what a program needs");
	CHECK(!strv_has(strict->sp_nallow, strict->sp_allow, "socket") &&
	    !strv_has(strict->sp_nallow, strict->sp_allow, "connect") &&
	    !strv_has(strict->sp_nallow, strict->sp_allow, "ptrace") &&
	    !strv_has(strict->sp_nallow, strict->sp_allow, "mount"),
	    "strict: no sockets, ptrace or mount");
	TAILQ_FOREACH(sp, &conf->sc_seccomp, sp_entry)
		if (sp != def && sp != strict)
			break;
	CHECK(sp == NULL, "default: only the two built-in profiles");
}

static void
test_default(void)
{
	struct supd_conf	*conf;
	struct domain_conf	*dc;

	conf = parse_str("<default>", config_default);
	CHECK(conf != NULL, "embedded default parses");
	CHECK(log_text[0] == '\0', "embedded default logs nothing");
	if (conf == NULL) {
		log_dump();
		return;
	}
	CHECK(strcmp(conf->sc_socket, "/run/supd.sock") == 0,
	    "default: socket /run/supd.sock");
	CHECK(conf->sc_sock_mode == 0660, "default: socket mode 0660");
	CHECK(conf->sc_sock_owner[0] == '\0' && conf->sc_sock_group[0] ==
	    '\0', "default: socket owned by root");
	CHECK(strcmp(conf->sc_user, "_supd") == 0, "default: user _supd");
	CHECK(strcmp(conf->sc_cgroup_root, "supd") == 0,
	    "default: cgroup root supd");
	CHECK(conf->sc_cgroup_version == CGROUP_AUTO,
	    "default: cgroup version auto");
	CHECK(strcmp(conf->sc_cgroup_mount, SUPD_CGROUP_MOUNT) == 0,
	    "default: cgroup mount %s", SUPD_CGROUP_MOUNT);
	CHECK(conf->sc_max_clients == 256 &&
	    conf->sc_max_clients == SUPD_CLIENTS_DEF, "default: 256 clients");
	CHECK(conf->sc_max_request == 1024 * 1024 &&
	    conf->sc_max_request == PROTO_MSG_DEFAULT,
	    "default: requests up to 1 MiB");
	CHECK(conf->sc_evqueue == 1024 && conf->sc_evqueue ==
	    SUPD_EVQUEUE_DEF, "default: 1024 events per subscriber");
	CHECK(conf->sc_ndomains == 2, "default: two domains");
	dc = TAILQ_FIRST(&conf->sc_domains);
	CHECK(dc != NULL && strcmp(dc->dc_name, "operator") == 0 &&
	    TAILQ_NEXT(dc, dc_entry) != NULL &&
	    strcmp(TAILQ_NEXT(dc, dc_entry)->dc_name, "runtime") == 0 &&
	    TAILQ_NEXT(TAILQ_NEXT(dc, dc_entry), dc_entry) == NULL,
	    "default: operator, then runtime, nothing else");
	test_default_domain(conf, "operator");
	test_default_domain(conf, "runtime");
	test_builtins(conf);
	CHECK(config_domain(conf, "nope") == NULL &&
	    config_domain(conf, "") == NULL, "config_domain: unknown is NULL");
	CHECK(config_seccomp(conf, "nope") == NULL,
	    "config_seccomp: unknown is NULL");
	CHECK(config_domain(NULL, "operator") == NULL &&
	    config_seccomp(NULL, "strict") == NULL, "lookups in NULL");
	config_free(conf);
	config_free(NULL);
}

/* parse_config(NULL) reads SUPD_CONF_FILE, or the default without it. */
static void
test_default_file(void)
{
	struct supd_conf	*conf;
	struct stat		 sb;

	if (stat(SUPD_CONF_FILE, &sb) == 0) {
		printf("# %s exists: parse_config(NULL) fallback not tested\n",
		    SUPD_CONF_FILE);
		return;
	}
	conf = parse_file(NULL);
	CHECK(conf != NULL && conf->sc_ndomains == 2 &&
	    config_domain(conf, "operator") != NULL &&
	    config_domain(conf, "runtime") != NULL,
	    "parse_config(NULL) without %s: the embedded default",
	    SUPD_CONF_FILE);
	config_free(conf);
}

static void
test_good_full(void)
{
	static const char *const allow[] = { "read", "write", "openat",
	    "close", "exit_group" };
	static const char *const deny[] = { "ptrace", "mount", "kill" };
	static const char *const incallow[] = { "read", "write",
	    "exit_group" };
	static const char *const fstypes[] = { "tmpfs", "proc" };
	static const char *const sources[] = { "/tmp", "/srv/data" };
	static const char *const logdirs[] = { "/run" };
	static const char *const seccomp[] = { "default", "web", "incprof" };
	static const char *const strict[] = { "strict" };
	static const char *const order[] = { "inc", "last", "web", "oneline",
	    "braceline" };
	struct supd_conf	*conf;
	struct domain_conf	*dc;
	struct seccomp_profile	*sp;
	struct proto_cgprofile	*cp;
	size_t			 i;

	conf = parse_file(CONFDIR "good_full.conf");
	CHECK(conf != NULL, "good_full.conf parses");
	CHECK(log_text[0] == '\0', "good_full.conf logs nothing");
	if (conf == NULL) {
		log_dump();
		return;
	}

	CHECK(strcmp(conf->sc_socket, "/run/supd/ctl.sock") == 0,
	    "socket from a string macro");
	CHECK(strcmp(conf->sc_sock_owner, "root") == 0 &&
	    strcmp(conf->sc_sock_group, "wheel") == 0, "socket owner, group");
	CHECK(conf->sc_sock_mode == 0600, "socket mode from a redefined "
	    "octal macro (%#o)", (unsigned)conf->sc_sock_mode);
	CHECK(strcmp(conf->sc_user, "_supd") == 0, "user as a bareword");
	CHECK(strcmp(conf->sc_cgroup_root, "system.slice/supd") == 0,
	    "cgroup root, trailing slash dropped");
	CHECK(conf->sc_cgroup_version == CGROUP_V1, "cgroup version v1");
	CHECK(strcmp(conf->sc_cgroup_mount, "/sys/fs/cgroup") == 0,
	    "cgroup mount");
	CHECK(conf->sc_max_clients == 512, "limit clients from a macro");
	CHECK(conf->sc_max_request == 2 * 1024 * 1024, "limit request 2M");
	CHECK(conf->sc_evqueue == 4096, "limit events 4096");

	CHECK(conf->sc_ndomains == nitems_of(order), "five domains");
	i = 0;
	TAILQ_FOREACH(dc, &conf->sc_domains, dc_entry) {
		if (i >= nitems_of(order) || strcmp(dc->dc_name, order[i]) != 0)
			break;
		i++;
	}
	CHECK(dc == NULL && i == nitems_of(order),
	    "domains in file order, the included ones where included");

	sp = config_seccomp(conf, "web");
	CHECK(sp != NULL && !sp->sp_builtin &&
	    sp->sp_default == SECCOMP_ACT_ERRNO_DEF, "profile web: errno");
	CHECK(sp != NULL && strv_eq(sp->sp_nallow, sp->sp_allow, allow,
	    nitems_of(allow)), "profile web: allow list, commas and lines");
	CHECK(sp != NULL && strv_eq(sp->sp_ndeny, sp->sp_deny, deny,
	    nitems_of(deny)), "profile web: deny list with keyword names");
	sp = config_seccomp(conf, "incprof");
	CHECK(sp != NULL && sp->sp_default == SECCOMP_ACT_KILL_DEF &&
	    strv_eq(sp->sp_nallow, sp->sp_allow, incallow,
	    nitems_of(incallow)) && sp->sp_ndeny == 0,
	    "included profile incprof: kill, allow list");
	sp = TAILQ_FIRST(&conf->sc_seccomp);
	CHECK(sp != NULL && sp->sp_builtin && TAILQ_NEXT(sp, sp_entry) &&
	    TAILQ_NEXT(sp, sp_entry)->sp_builtin, "built-ins stay first");

	dc = config_domain(conf, "web");
	CHECK(dc != NULL, "domain web");
	if (dc != NULL) {
		CHECK(strcmp(dc->dc_root, "/srv/web") == 0,
		    "web: root, trailing slash dropped");
		CHECK(dc->dc_readonly == 0, "web: readonly defaults to no "
		    "when root is not /");
		CHECK(dc->dc_uid == 1000 && dc->dc_gid == 1001,
		    "web: exec user 1000:1001 from a macro");
		CHECK(strcmp(dc->dc_hostname, "web-1.example.org") == 0,
		    "web: hostname");
		CHECK(dc->dc_namespaces == NS_DEFAULT,
		    "web: the six namespaces");
		CHECK(dc->dc_pids_max == 512, "web: pids max 512");
		CHECK(dc->dc_caps == ((1ULL << CAP_CHOWN) |
		    (1ULL << CAP_NET_BIND_SERVICE) |
		    (1ULL << CAP_CHECKPOINT_RESTORE)), "web: capabilities");
		CHECK(strv_eq(dc->dc_fstypes.n, dc->dc_fstypes.v, fstypes,
		    nitems_of(fstypes)), "web: mount fstype");
		CHECK(strv_eq(dc->dc_sources.n, dc->dc_sources.v, sources,
		    nitems_of(sources)), "web: mount source");
		CHECK(strcmp(dc->dc_hookdir, "/etc/supd/hooks") == 0,
		    "web: hook directory");
		CHECK(strv_eq(dc->dc_logdirs.n, dc->dc_logdirs.v, logdirs,
		    nitems_of(logdirs)), "web: logs directory");
		CHECK(strv_eq(dc->dc_seccomp.n, dc->dc_seccomp.v, seccomp,
		    nitems_of(seccomp)), "web: seccomp, built-in, own and "
		    "included profiles");
		CHECK(dc->dc_ncgprofiles == 3, "web: three cgroup profiles");
		if (dc->dc_ncgprofiles == 3) {
			cp = &dc->dc_cgprofiles[0];
			CHECK(strcmp(cp->name, "small") == 0 &&
			    cp->has_cpu_pct && cp->cpu_pct == 50.0 &&
			    cp->has_mem_max && cp->mem_max == 64 << 20,
			    "web: small { cpu 50 memory 64M }");
			cp = &dc->dc_cgprofiles[1];
			CHECK(strcmp(cp->name, "big") == 0 &&
			    cp->has_cpu_pct && cp->cpu_pct == 250.5 &&
			    cp->has_mem_max && cp->mem_max == 1ULL << 30,
			    "web: big { cpu 250.5 memory 1G } on lines");
			cp = &dc->dc_cgprofiles[2];
			CHECK(strcmp(cp->name, "tiny") == 0 &&
			    !cp->has_cpu_pct && cp->has_mem_max &&
			    cp->mem_max == 4096, "web: tiny { memory 4096 }");
		}
	}

	dc = config_domain(conf, "oneline");
	CHECK(dc != NULL && dc->dc_readonly == 0 &&
	    strcmp(dc->dc_root, "/") == 0 &&
	    strcmp(dc->dc_hostname, "oneline") == 0 &&
	    dc->dc_uid == 65534 && dc->dc_gid == 65534 &&
	    dc->dc_namespaces == NS_DEFAULT &&
	    dc->dc_pids_max == SUPD_PIDS_DEF && dc->dc_caps == 0 &&
	    dc->dc_fstypes.n == 0 && dc->dc_sources.n == 0 &&
	    dc->dc_logdirs.n == 0 && dc->dc_seccomp.n == 0 &&
	    dc->dc_hookdir[0] == '\0' && dc->dc_ncgprofiles == 0,
	    "oneline: one-line block, defaults, readonly no");
	dc = config_domain(conf, "braceline");
	CHECK(dc != NULL && dc->dc_uid == 0 && dc->dc_gid == 0 &&
	    dc->dc_namespaces == (NS_PID | NS_MOUNT | NS_NET) &&
	    dc->dc_caps == 0 && strv_eq(dc->dc_seccomp.n, dc->dc_seccomp.v,
	    strict, nitems_of(strict)) && dc->dc_readonly == 0,
	    "braceline: brace on its own line, multi-line list, empty list");
	dc = config_domain(conf, "inc");
	CHECK(dc != NULL && strcmp(dc->dc_root, "/var/lib/supd/inc") == 0 &&
	    dc->dc_readonly == 0 && strcmp(dc->dc_hostname, "inc") == 0,
	    "inc: from the included file");
	dc = config_domain(conf, "last");
	CHECK(dc != NULL && dc->dc_readonly == 1 &&
	    strcmp(dc->dc_hostname, "last-host") == 0,
	    "last: included file without a final newline; readonly "
	    "defaults to yes on /");
	config_free(conf);
}

static void
test_good_empty(void)
{
	struct supd_conf	*conf;
	struct seccomp_profile	*sp;
	int			 n = 0;

	conf = parse_file(CONFDIR "good_empty.conf");
	CHECK(conf != NULL, "good_empty.conf parses");
	if (conf == NULL)
		return;
	CHECK(strcmp(conf->sc_socket, SUPD_SOCKET) == 0 &&
	    conf->sc_sock_mode == 0660 && conf->sc_sock_owner[0] == '\0' &&
	    strcmp(conf->sc_user, SUPD_USER) == 0 &&
	    strcmp(conf->sc_cgroup_root, SUPD_CGROUP_ROOT) == 0 &&
	    conf->sc_cgroup_version == CGROUP_AUTO &&
	    strcmp(conf->sc_cgroup_mount, SUPD_CGROUP_MOUNT) == 0 &&
	    conf->sc_max_clients == SUPD_CLIENTS_DEF &&
	    conf->sc_max_request == PROTO_MSG_DEFAULT &&
	    conf->sc_evqueue == SUPD_EVQUEUE_DEF,
	    "empty file: every top-level default");
	CHECK(conf->sc_ndomains == 0 && TAILQ_EMPTY(&conf->sc_domains),
	    "empty file: no domain");
	TAILQ_FOREACH(sp, &conf->sc_seccomp, sp_entry)
		n += sp->sp_builtin;
	CHECK(n == 2 && config_seccomp(conf, "default") != NULL &&
	    config_seccomp(conf, "strict") != NULL,
	    "empty file: the two built-in profiles");
	config_free(conf);
}

static void
test_good_strings(void)
{
	struct supd_conf	*conf;
	struct domain_conf	*dc;

	conf = parse_str("<test>", "");
	CHECK(conf != NULL && conf->sc_ndomains == 0, "empty string parses");
	config_free(conf);

	conf = parse_str("<test>", "user \"x\"\r\nlimit events 7\r\n"
	    "domain \"d\" {\r\n\tpids max 9\r\n}\r\n");
	CHECK(conf != NULL && strcmp(conf->sc_user, "x") == 0 &&
	    conf->sc_evqueue == 7, "CRLF line ends");
	config_free(conf);

	conf = parse_str("<test>", "socket \"/run/a\\\"b\\\\\"");
	CHECK(conf != NULL && strcmp(conf->sc_socket, "/run/a\"b\\") == 0,
	    "string escapes, no final newline");
	config_free(conf);

	conf = parse_str("<test>",
	    "limit request 4096\nlimit clients 65536\n"
	    "limit events 1048576\nsocket \"/run/s\" mode 0\n"
	    "domain \"d\" {\n\texec user 4294967294:4294967294\n"
	    "\tcgroup profile \"max\" { cpu 409600 memory 1 }\n"
	    "\tcgroup profile \"min\" { cpu 0.5 }\n}\n");
	CHECK(conf != NULL, "limits at their bounds");
	if (conf != NULL) {
		dc = config_domain(conf, "d");
		CHECK(conf->sc_max_request == SUPD_REQUEST_MIN &&
		    conf->sc_max_clients == SUPD_CLIENTS_MAX &&
		    conf->sc_evqueue == SUPD_EVQUEUE_MAX &&
		    conf->sc_sock_mode == 0 && dc != NULL &&
		    dc->dc_uid == PROTO_UID_MAX &&
		    dc->dc_gid == PROTO_UID_MAX &&
		    dc->dc_ncgprofiles == 2 &&
		    dc->dc_cgprofiles[0].cpu_pct == 409600.0 &&
		    dc->dc_cgprofiles[0].mem_max == 1 &&
		    dc->dc_cgprofiles[1].cpu_pct == 0.5,
		    "values at their bounds");
	}
	config_free(conf);

	conf = parse_str("<test>", "limit request 4M\n"
	    "s = 64K\ndomain \"d\" { cgroup profile \"p\" { memory $s } }\n");
	CHECK(conf != NULL && conf->sc_max_request == PROTO_MSG_MAX &&
	    config_domain(conf, "d") != NULL &&
	    config_domain(conf, "d")->dc_cgprofiles[0].mem_max == 65536,
	    "4M request limit, size from a macro");
	config_free(conf);

	conf = parse_str("<test>", "domain \"h\" {\n\thostname "
	    "\"a234567890123456789012345678901234567890123456789012345678901"
	    "23\"\n}\n");
	CHECK(conf != NULL, "hostname label of 63 characters");
	config_free(conf);

	conf = parse_str("<test>",
	    "domain \"d\" { seccomp { \"late\" } }\n"
	    "seccomp profile \"late\" { default allow }\n");
	CHECK(conf != NULL, "a profile may be declared after its use");
	config_free(conf);
}

static void
test_bad_repeats(void)
{
	bad("user \"a\"\nuser \"b\"\n", 2, "\"user\" given twice");
	bad("socket \"/run/a\"\n\nsocket \"/run/b\"\n", 3,
	    "\"socket\" given twice");
	bad("socket \"/run/a\" mode 0600 mode 0640\n", 1,
	    "\"mode\" given twice");
	bad("socket \"/run/a\" owner a owner b\n", 1, "\"owner\" given twice");
	bad("cgroup root \"a\"\ncgroup root \"b\"\n", 2,
	    "\"cgroup root\" given twice");
	bad("cgroup version v1\ncgroup version v2\n", 2,
	    "\"cgroup version\" given twice");
	bad("cgroup mount \"/a\"\ncgroup mount \"/b\"\n", 2,
	    "\"cgroup mount\" given twice");
	bad("limit clients 5\nlimit clients 6\n", 2,
	    "\"limit clients\" given twice");
	bad("limit request 8K\nlimit request 8K\n", 2,
	    "\"limit request\" given twice");
	bad("limit events 5\nlimit events 5\n", 2,
	    "\"limit events\" given twice");
	bad("domain \"d\" {\n\troot \"/\"\n\troot \"/x\"\n}\n", 3,
	    "\"root\" given twice");
	bad("domain \"d\" {\n\treadonly no\n\treadonly no\n}\n", 3,
	    "\"readonly\" given twice");
	bad("domain \"d\" {\n\thostname a\n\thostname b\n}\n", 3,
	    "\"hostname\" given twice");
	bad("domain \"d\" {\n\texec user 1:1\n\texec user 1:1\n}\n", 3,
	    "\"exec user\" given twice");
	bad("domain \"d\" {\n\tpids max 1\n\tpids max 2\n}\n", 3,
	    "\"pids max\" given twice");
	bad("domain \"d\" {\n\tcapabilities { CAP_KILL }\n"
	    "\tcapabilities { CAP_CHOWN }\n}\n", 3,
	    "\"capabilities\" given twice");
	bad("domain \"d\" {\n\tnamespaces { pid mount }\n"
	    "\tnamespaces { pid mount }\n}\n", 3,
	    "\"namespaces\" given twice");
	bad("domain \"d\" {\n\tmount fstype { a }\n\tmount fstype { b }\n}\n",
	    3, "\"mount fstype\" given twice");
	bad("domain \"d\" {\n\tmount source { /a }\n\tmount source { /b }\n"
	    "}\n", 3, "\"mount source\" given twice");
	bad("domain \"d\" {\n\thook directory /a\n\thook directory /b\n}\n",
	    3, "\"hook directory\" given twice");
	bad("domain \"d\" {\n\tlogs directory { /a }\n"
	    "\tlogs directory { /b }\n}\n", 3,
	    "\"logs directory\" given twice");
	bad("domain \"d\" {\n\tseccomp { default }\n\tseccomp { strict }\n}\n",
	    3, "\"seccomp\" given twice");
	bad("seccomp profile \"p\" {\n\tdefault kill\n\tdefault allow\n}\n", 3,
	    "\"default\" given twice");
	bad("seccomp profile \"p\" {\n\tdefault kill\n\tallow { read }\n"
	    "\tallow { write }\n}\n", 4, "\"allow\" given twice");
	bad("seccomp profile \"p\" {\n\tdefault allow\n\tdeny { read }\n"
	    "\tdeny { write }\n}\n", 4, "\"deny\" given twice");
	bad("domain \"d\" {\n\tcgroup profile \"c\" { cpu 10 cpu 20 }\n}\n",
	    2, "\"cpu\" given twice");
	bad("domain \"d\" {\n\tcgroup profile \"c\" {\n\t\tmemory 1M\n"
	    "\t\tmemory 2M\n\t}\n}\n", 4, "\"memory\" given twice");
	/* Duplicate names. */
	bad("domain \"d\" {\n}\ndomain \"e\" {\n}\ndomain \"d\" {\n}\n", 5,
	    "domain \"d\" defined twice");
	bad("seccomp profile \"p\" { default kill }\n"
	    "seccomp profile \"p\" { default kill }\n", 2,
	    "seccomp profile \"p\" defined twice");
	bad("seccomp profile \"strict\" { default kill }\n", 1,
	    "\"strict\" is built in");
	bad("\nseccomp profile \"default\" { default allow }\n", 2,
	    "\"default\" is built in");
	bad("domain \"d\" {\n\tcgroup profile \"c\" { cpu 10 }\n"
	    "\tcgroup profile \"c\" { cpu 20 }\n}\n", 3,
	    "cgroup profile \"c\" defined twice");
}

static void
test_bad_names(void)
{
	bad("domain \"bad name\" { }\n", 1, "invalid name");
	bad("domain \"\" { }\n", 1, "invalid name");
	bad("domain \"a2345678901234567890123456789012345678901234567890"
	    "123456789012345\" { }\n", 1, "invalid name");
	bad("seccomp profile \"a/b\" { default kill }\n", 1, "invalid name");
	bad("domain \"d\" {\n\tcgroup profile \"\" { cpu 1 }\n}\n", 2,
	    "invalid name");
	bad("domain \"d\" {\n\tseccomp { \"no/pe\" }\n}\n", 2,
	    "invalid profile name");
	bad("user \"a b\"\n", 1, "invalid name");
	bad("user \"\"\n", 1, "invalid name");
	bad("user \"-x\"\n", 1, "invalid name");
	bad("socket \"/run/s\" group \"a:b\"\n", 1, "invalid name");
	bad("socket \"/run/s\" owner \"a23456789012345678901234567890123456"
	    "7890123456789012345678901234\"\n", 1, "name too long");
	bad("\"a b\" = 1\n", 1, "invalid macro name");
	bad("1abc = 1\n", 1, "invalid macro name");
}

static void
test_bad_paths(void)
{
	struct supd_conf	*conf;
	char			*text;

	bad("domain \"d\" {\n\troot \"relative\"\n}\n", 2,
	    "not an absolute path");
	bad("domain \"d\" {\n\troot \"/srv/../etc\"\n}\n", 2,
	    "\"..\" are not allowed");
	bad("socket \"run/supd.sock\"\n", 1, "not an absolute path");
	bad("domain \"d\" {\n\tmount source { \"/tmp\" \"srv\" }\n}\n", 2,
	    "not an absolute path");
	bad("domain \"d\" {\n\tmount source { \"/tmp/..\" }\n}\n", 2,
	    "\"..\" are not allowed");
	bad("domain \"d\" {\n\thook directory \"hooks\"\n}\n", 2,
	    "not an absolute path");
	bad("domain \"d\" {\n\thook directory \"/etc/./hooks\"\n}\n", 2,
	    "are not allowed");
	bad("domain \"d\" {\n\tlogs directory { \"run\" }\n}\n", 2,
	    "not an absolute path");
	bad("domain \"d\" {\n\tlogs directory { \"/run/../etc\" }\n}\n", 2,
	    "are not allowed");
	bad("cgroup mount \"sys/fs/cgroup\"\n", 1, "not an absolute path");
	bad("cgroup root \"../x\"\n", 1, "\"..\" are not allowed");
	bad("cgroup root \"a/../b\"\n", 1, "\"..\" are not allowed");
	bad("cgroup root \"a/..\"\n", 1, "\"..\" are not allowed");
	bad("cgroup root \"/supd\"\n", 1, "must be a relative path");
	bad("cgroup root \"\"\n", 1, "empty path");
	/* sun_path holds 107 characters and a NUL. */
	text = repeat("socket \"/", 107, "a", "\"\n");
	bad(text, 1, "too long for a UNIX socket");
	free(text);
	text = repeat("socket \"/", 106, "a", "\"\n");
	conf = parse_str("<test>", text);
	CHECK(conf != NULL && strlen(conf->sc_socket) == 107,
	    "socket path of 107 characters");
	config_free(conf);
	free(text);
}

static void
test_bad_numbers(void)
{
	bad("limit clients 0\n", 1, "out of range");
	bad("limit clients 65537\n", 1, "out of range");
	bad("limit clients -1\n", 1, "out of range");
	bad("limit request 4095\n", 1, "out of range");
	bad("limit request 4194305\n", 1, "out of range");
	bad("limit request 5M\n", 1, "out of range");
	bad("limit request 1G\n", 1, "out of range");
	bad("limit request -5\n", 1, "must not be negative");
	bad("limit request 12X\n", 1, "invalid size");
	bad("limit request 99999999999G\n", 1, "invalid size");
	bad("limit events 0\n", 1, "out of range");
	bad("limit events 1048577\n", 1, "out of range");
	bad("limit clients 99999999999999999999\n", 1, "is out of range");
	bad("socket \"/run/s\" mode 01777\n", 1, "out of range");
	bad("socket \"/run/s\" mode 1000\n", 1, "leading 0");
	bad("socket \"/run/s\" mode 660\n", 1, "leading 0");
	bad("socket \"/run/s\" mode 0680\n", 1, "leading 0");
	bad("domain \"d\" {\n\tpids max 0\n}\n", 2, "at least 1");
	bad("domain \"d\" {\n\tpids max -3\n}\n", 2, "at least 1");
	bad("domain \"d\" {\n\texec user 4294967295:0\n}\n", 2,
	    "expected uid:gid");
	bad("domain \"d\" {\n\texec user 0:4294967295\n}\n", 2,
	    "expected uid:gid");
	bad("domain \"d\" {\n\texec user 0:-1\n}\n", 2, "expected uid:gid");
	bad("domain \"d\" {\n\texec user 1000\n}\n", 2, "expected uid:gid");
	bad("domain \"d\" {\n\texec user \"a:b\"\n}\n", 2,
	    "expected uid:gid");
	bad("domain \"d\" {\n\texec user \"1:\"\n}\n", 2, "expected uid:gid");
	bad("domain \"d\" {\n\tcgroup profile \"c\" { cpu 0 }\n}\n", 2,
	    "out of range");
	bad("domain \"d\" {\n\tcgroup profile \"c\" { cpu 409601 }\n}\n", 2,
	    "out of range");
	bad("domain \"d\" {\n\tcgroup profile \"c\" { cpu 409600.5 }\n}\n", 2,
	    "out of range");
	bad("domain \"d\" {\n\tcgroup profile \"c\" { cpu 1.2.3 }\n}\n", 2,
	    "not a number");
	bad("domain \"d\" {\n\tcgroup profile \"c\" { memory 0 }\n}\n", 2,
	    "more than 0");
	bad("domain \"d\" {\n\tcgroup profile \"c\" { memory 0K }\n}\n", 2,
	    "more than 0");
	bad("domain \"d\" {\n\tcgroup profile \"c\" { memory 1T }\n}\n", 2,
	    "invalid size");
}

static void
test_bad_values(void)
{
	char	*text;

	bad("domain \"d\" {\n\tcapabilities { CAP_KILL CAP_NOPE }\n}\n", 2,
	    "unknown capability \"CAP_NOPE\"");
	bad("domain \"d\" {\n\tcapabilities { cap_kill }\n}\n", 2,
	    "unknown capability");
	bad("domain \"d\" {\n\tcapabilities { CAP_KILL CAP_KILL }\n}\n", 2,
	    "listed twice");
	bad("domain \"d\" {\n\thostname \"bad_host\"\n}\n", 2,
	    "not a valid host name");
	bad("domain \"d\" {\n\thostname \"-x\"\n}\n", 2, "not a valid host");
	bad("domain \"d\" {\n\thostname \"x-\"\n}\n", 2, "not a valid host");
	bad("domain \"d\" {\n\thostname \"a..b\"\n}\n", 2, "not a valid host");
	bad("domain \"d\" {\n\thostname \"a.-b\"\n}\n", 2, "not a valid host");
	bad("domain \"d\" {\n\thostname \".a\"\n}\n", 2, "not a valid host");
	bad("domain \"d\" {\n\thostname \"\"\n}\n", 2, "not a valid host");
	text = repeat("domain \"d\" {\n\thostname \"", 64, "a", "\"\n}\n");
	bad(text, 2, "not a valid host name");	/* a 64-character label */
	free(text);
	text = repeat("domain \"d\" {\n\thostname \"", 13, "abcd.",
	    "abcd\"\n}\n");
	bad(text, 2, "not a valid host name");	/* 69 characters */
	free(text);
	bad("domain \"d\" {\n\tseccomp { \"strict\" \"nope\" }\n}\n", 2,
	    "undefined seccomp profile \"nope\"");
	bad("domain \"d\" {\n\tseccomp {\n\t\tstrict\n\t\tnope\n\t}\n}\n", 4,
	    "undefined seccomp profile \"nope\"");
	bad("domain \"d\" {\n\tseccomp { strict strict }\n}\n", 2,
	    "listed twice");
	bad("cgroup version v3\n", 1, "expected auto, v1 or v2");
	bad("seccomp profile \"p\" {\n\tallow { read }\n}\n", 3,
	    "no default action");
	bad("seccomp profile \"p\" {\n\tdefault kill\n\tallow { Read }\n}\n",
	    3, "invalid syscall name");
	bad("seccomp profile \"p\" {\n\tdefault kill\n\tallow { \"a b\" }\n}\n",
	    3, "invalid syscall name");
	bad("seccomp profile \"p\" {\n\tdefault kill\n\tallow { read }\n"
	    "\tdeny { write read }\n}\n", 4, "both allowed and denied");
	bad("seccomp profile \"p\" {\n\tdefault kill\n\tallow { read read }\n"
	    "}\n", 3, "listed twice");
	bad("domain \"d\" {\n\tnamespaces { mount net }\n}\n", 2,
	    "pid and mount are required");
	bad("domain \"d\" {\n\tnamespaces { }\n}\n", 2,
	    "pid and mount are required");
	bad("domain \"d\" {\n\tnamespaces { pid mount user }\n}\n", 2,
	    "user namespaces are not supported");
	bad("domain \"d\" {\n\tnamespaces { pid mount time }\n}\n", 2,
	    "unknown namespace \"time\"");
	bad("domain \"d\" {\n\tnamespaces { pid mount pid }\n}\n", 2,
	    "listed twice");
	bad("domain \"d\" {\n\tmount fstype { \"a b\" }\n}\n", 2,
	    "invalid file system type");
	bad("domain \"d\" {\n\tmount fstype { tmpfs tmpfs }\n}\n", 2,
	    "listed twice");
	bad("domain \"d\" {\n\tmount source { /tmp /tmp/ }\n}\n", 2,
	    "listed twice");
}

static void
test_bad_lists(void)
{
	struct supd_conf	*conf;
	char			*text;

	text = repeat("domain \"d\" {\n\tmount fstype {", 65, " t%d",
	    " }\n}\n");
	bad(text, 2, "too many entries (max 64)");
	free(text);
	text = repeat("domain \"d\" {\n\tmount fstype {", 64, " t%d",
	    " }\n}\n");
	conf = parse_str("<test>", text);
	CHECK(conf != NULL && conf->sc_ndomains == 1 &&
	    TAILQ_FIRST(&conf->sc_domains)->dc_fstypes.n == 64,
	    "64 list entries are fine");
	config_free(conf);
	free(text);
	text = repeat("domain \"d\" {\n\tlogs directory {\n", 65, "\t\t/l%d\n",
	    "\t}\n}\n");
	bad(text, 67, "too many entries");	/* the 65th, on line 67 */
	free(text);
	text = repeat("seccomp profile \"p\" {\n\tdefault kill\n\tallow {", 513,
	    " s%d", " }\n}\n");
	bad(text, 3, "too many entries (max 512)");
	free(text);
	text = repeat("domain \"d\" {\n\tseccomp {", 65, " p%d", " }\n}\n");
	bad(text, 2, "too many entries");
	free(text);
	text = repeat("domain \"d\" {\n", 33,
	    "\tcgroup profile \"c%d\" { cpu 1 }\n", "}\n");
	bad(text, 34, "too many profiles");
	free(text);
}

static void
test_bad_lexer(void)
{
	char	*text;

	bad("limit clients $nope\n", 1, "undefined macro \"$nope\"");
	bad("a = 1\nlimit clients $b\n", 2, "undefined macro");
	bad("limit clients $\n", 1, "without a macro name");
	bad("user \"abc\nlimit clients 3\n", 1, "unterminated string");
	bad("\n\nuser \"abc", 3, "unterminated string");
	text = repeat("user \"", 5000, "a", "\"\n");
	bad(text, 1, "string too long");
	free(text);
	text = repeat("user ", 5000, "a", "\n");
	bad(text, 1, "word too long");
	free(text);
	bad("frobnicate 1\n", 1, "syntax error");
	bad("user \"a\"\n\nlimit clients\n", 3, "syntax error");
	bad("domain \"d\" {\n\troot \"/\" \"/x\"\n}\n", 2, "syntax error");
	bad("domain \"d\" {\n\tfrobnicate\n}\n", 2, "syntax error");
	bad("domain \"d\" {\n\troot \"/\"\n", 2, "syntax error");
	bad("user \"a\" ; \n", 1, "syntax error");
	bad("include \"/nonexistent/supd.conf\"\n", 1,
	    "No such file or directory");
	bad("\ninclude \"/\"\n", 2, "Is a directory");
	/* Errors do not stop the parse: every one is reported. */
	bad("user \"a b\"\nlimit clients 0\nfrobnicate\nlimit events 0\n", 1,
	    "invalid name");
	CHECK(log_has("<test>", 2, "out of range") &&
	    log_has("<test>", 3, "syntax error") &&
	    log_has("<test>", 4, "out of range"), "errors after the first "
	    "are reported too");
}

static void
test_bad_files(void)
{
	struct supd_conf	*conf;
	char			 path[] = "/tmp/test_config_nul.XXXXXX";
	static const char	 nul[] = "user \"_supd\"\nuser \"a\0b\"\n";
	int			 fd;

	bad_file(CONFDIR "bad_inc_main.conf", CONFDIR "bad_inc_err.conf", 3,
	    "limit events 0: out of range");
	bad_file(CONFDIR "bad_loop.conf", CONFDIR "bad_loop.conf", 2,
	    "nested too deeply");
	bad_file(CONFDIR "bad_many.conf", CONFDIR "bad_many.conf", 2,
	    "invalid name");
	CHECK(log_has(CONFDIR "bad_many.conf", 3, "out of range") &&
	    log_has(CONFDIR "bad_many.conf", 5, "not an absolute path") &&
	    log_has(CONFDIR "bad_many.conf", 6, "not a valid host name") &&
	    log_has(CONFDIR "bad_many.conf", 7, "unknown capability"),
	    "bad_many.conf: each error with its line");

	conf = parse_file(CONFDIR "does_not_exist.conf");
	CHECK(conf == NULL && strstr(log_text, "does_not_exist.conf") &&
	    strstr(log_text, "No such file"), "missing file refused");
	config_free(conf);

	/* A NUL byte can only come from a file. */
	if ((fd = mkstemp(path)) == -1 ||
	    write(fd, nul, sizeof(nul) - 1) != (ssize_t)(sizeof(nul) - 1)) {
		perror("nul file");
		exit(1);
	}
	close(fd);
	bad_file(path, path, 2, "string contains a NUL byte");
	if ((fd = open(path, O_WRONLY | O_TRUNC)) == -1 ||
	    write(fd, "user x\n\0\n", 9) != 9) {
		perror("nul file");
		exit(1);
	}
	close(fd);
	bad_file(path, path, 2, "NUL byte in input");
	unlink(path);
}

static void
test_too_many_domains(void)
{
	char	*text;

	text = repeat("", SUPD_DOMAINS_MAX + 1, "domain \"d%d\" { }\n", "");
	bad(text, SUPD_DOMAINS_MAX + 1, "too many domains");
	free(text);
}

int
main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_capture();

	test_default();
	test_default_file();
	test_good_full();
	test_good_empty();
	test_good_strings();
	test_bad_repeats();
	test_bad_names();
	test_bad_paths();
	test_bad_numbers();
	test_bad_values();
	test_bad_lists();
	test_bad_lexer();
	test_bad_files();
	test_too_many_domains();

	TEST_DONE();
}
