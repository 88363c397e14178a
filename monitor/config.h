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

#ifndef SUPD_CONFIG_H
#define SUPD_CONFIG_H

#include <sys/types.h>
#include <sys/queue.h>
#include <stdint.h>

#include "proto.h"

/*
 * The configuration of DESIGN.md section 2, as parse.y fills it.
 *
 * Syntax (one statement per line, '#' comments, "strings", macros
 * "name = value" and $name, include "file"):
 *
 *	socket "/run/supd.sock" [owner "root"] [group "supd"] [mode 0660]
 *	user "_supd"
 *	cgroup root "supd"
 *	cgroup version auto | v1 | v2
 *	cgroup mount "/sys/fs/cgroup"		# v2 hierarchy (or v1 base)
 *	limit clients 256
 *	limit request 1M			# suffixes K, M
 *	limit events 1024
 *	seccomp profile "name" {
 *		default (allow | kill | errno)
 *		allow { read write ... }	# syscall names
 *		deny { ptrace mount ... }	# errno EPERM
 *	}
 *	domain "runtime" {
 *		root "/"
 *		readonly (yes | no)		# root seen read-only
 *		exec user 65534:65534
 *		hostname "runtime"
 *		namespaces { pid mount uts ipc net cgroup }
 *		pids max 1024
 *		capabilities { CAP_CHOWN CAP_KILL ... }
 *		mount fstype { "tmpfs" }
 *		mount source { "/tmp" "/srv" }
 *		hook directory "/etc/supd/hooks"
 *		logs directory { "/run" "/tmp" }
 *		seccomp { "default" "strict" }
 *		cgroup profile "small" { cpu 50 memory 64M }
 *	}
 *
 * A statement given twice in the same scope is an error, so is a
 * domain or profile name given twice.
 */

#define SUPD_CONF_FILE		"/etc/supd.conf"
#define SUPD_SOCKET		"/run/supd.sock"
#define SUPD_USER		"_supd"
#define SUPD_USER_FALLBACK	"nobody"
#define SUPD_CGROUP_ROOT	"supd"
#define SUPD_CGROUP_MOUNT	"/sys/fs/cgroup"
#define SUPD_CLIENTS_DEF	256
#define SUPD_EVQUEUE_DEF	1024
#define SUPD_CLIENTS_MAX	65536
#define SUPD_EVQUEUE_MAX	(1024 * 1024)
#define SUPD_REQUEST_MIN	4096
#define SUPD_PIDS_DEF		4096
#define SUPD_DOMAINS_MAX	PROTO_DOMAINS_MAX
#define SUPD_LIST_MAX		64	/* entries of a { } list */
#define SUPD_SYSCALLS_MAX	512

enum cgroup_version {
	CGROUP_AUTO = 0,
	CGROUP_V1,
	CGROUP_V2,
};

enum seccomp_action {
	SECCOMP_ACT_ALLOW_DEF = 0,
	SECCOMP_ACT_KILL_DEF,
	SECCOMP_ACT_ERRNO_DEF,
};

#define NS_PID		0x01
#define NS_MOUNT	0x02
#define NS_UTS		0x04
#define NS_IPC		0x08
#define NS_NET		0x10
#define NS_CGROUP	0x20
#define NS_USER		0x40
#define NS_DEFAULT	(NS_PID | NS_MOUNT | NS_UTS | NS_IPC | NS_NET | \
			    NS_CGROUP)

struct seccomp_profile {
	char				 sp_name[PROTO_NAME_MAX + 1];
	int				 sp_builtin;
	enum seccomp_action		 sp_default;
	size_t				 sp_nallow;
	char				**sp_allow;	/* syscall names */
	size_t				 sp_ndeny;
	char				**sp_deny;
	TAILQ_ENTRY(seccomp_profile)	 sp_entry;
};
TAILQ_HEAD(seccomp_profiles, seccomp_profile);

struct strlist {
	size_t		  n;
	char		**v;
};

struct domain_conf {
	char				 dc_name[PROTO_NAME_MAX + 1];
	char				 dc_root[PROTO_PATH_MAX];
	int				 dc_readonly;
	uid_t				 dc_uid;
	gid_t				 dc_gid;
	char				 dc_hostname[65];	/* HOST_NAME_MAX+1 */
	int				 dc_namespaces;	/* NS_* */
	uint64_t			 dc_pids_max;
	uint64_t			 dc_caps;	/* ceiling, bit mask */
	struct strlist			 dc_fstypes;
	struct strlist			 dc_sources;	/* bind prefixes */
	char				 dc_hookdir[PROTO_PATH_MAX];
	struct strlist			 dc_logdirs;
	struct strlist			 dc_seccomp;	/* allowed profiles */
	size_t				 dc_ncgprofiles;
	struct proto_cgprofile		*dc_cgprofiles;
	TAILQ_ENTRY(domain_conf)	 dc_entry;
};
TAILQ_HEAD(domain_confs, domain_conf);

struct supd_conf {
	char			 sc_socket[PROTO_PATH_MAX];
	char			 sc_sock_owner[64];	/* "" = root */
	char			 sc_sock_group[64];	/* "" = owner's */
	mode_t			 sc_sock_mode;
	char			 sc_user[64];
	char			 sc_cgroup_root[PROTO_PATH_MAX]; /* relative */
	char			 sc_cgroup_mount[PROTO_PATH_MAX];
	enum cgroup_version	 sc_cgroup_version;
	uint32_t		 sc_max_clients;
	uint32_t		 sc_max_request;
	uint32_t		 sc_evqueue;
	struct seccomp_profiles	 sc_seccomp;	/* built-ins first */
	struct domain_confs	 sc_domains;
	size_t			 sc_ndomains;
};

/*
 * parse_config: file NULL means SUPD_CONF_FILE when it exists, else the
 * embedded default.  Returns a new config, or NULL after logging each
 * error as "file:line: message".
 */
struct supd_conf	*parse_config(const char *file);
/* parse_config_string: the same grammar from a buffer (tests, default). */
struct supd_conf	*parse_config_string(const char *name, const char *text);
/*
 * config_new: a configuration holding every default and the built-in
 * seccomp profiles, as the parser starts from; NULL when out of memory.
 */
struct supd_conf	*config_new(void);
void			 config_free(struct supd_conf *);
struct domain_conf	*config_domain(struct supd_conf *, const char *);
struct seccomp_profile	*config_seccomp(struct supd_conf *, const char *);
const struct seccomp_profile *config_domain_seccomp(struct supd_conf *,
			    const struct domain_conf *);
extern const char	 config_default[];	/* the embedded default */

#endif /* SUPD_CONFIG_H */
