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

#ifndef SUPD_PROTO_H
#define SUPD_PROTO_H

#include <sys/types.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include <msgpack.h>

/*
 * The wire contract of DESIGN.md section 3: msgpack-RPC framing, every
 * method's params and results, the error map and both event kinds.  One
 * schema, used by the frontend (client bytes), the monitor (which decodes
 * again), the worker, supctl and the client library.
 *
 * Every limit of the protocol is named here and nowhere else.
 */

#define PROTO_NAME_MAX		64	/* domain, process, profile, hook */
#define PROTO_PATH_MAX		PATH_MAX	/* absolute paths, NUL included */
#define PROTO_ARG_MAX		(128 * 1024)	/* one argv/env string */
#define PROTO_ARGS_MAX		4096	/* argv entries after argv[0] */
#define PROTO_ENV_MAX		4096	/* env entries */
#define PROTO_FDS_MAX		64	/* "fds" per request */
#define PROTO_EXTRA_MAX		61	/* extra_files: fd 3 .. 63 */
#define PROTO_MOUNTS_MAX	64
#define PROTO_OPTIONS_MAX	32	/* mount options */
#define PROTO_OPTION_MAX	256	/* one mount option, fs_type */
#define PROTO_SECCOMP_MAX	16	/* seccomp_filters entries */
#define PROTO_CGPROFILES_MAX	32
#define PROTO_HOOKS_MAX		16
#define PROTO_HOOK_TIMEOUT_DEF	10000	/* ms */
#define PROTO_DOMAINS_MAX	4096	/* status result */
#define PROTO_PROCS_MAX		65536	/* status result, per domain */
#define PROTO_MSG_MAX		(4 * 1024 * 1024) /* hard cap, any message */
#define PROTO_MSG_DEFAULT	(1024 * 1024)	/* default request limit */
#define PROTO_DEPTH_MAX		8	/* deepest schema nesting is 6 */
#define PROTO_ERRMSG_MAX	512
#define PROTO_STR_MAX		PROTO_ARG_MAX	/* any other string */
#define PROTO_UID_MAX		4294967294U	/* 2^32 - 2 */
#define PROTO_CAP_LAST		40	/* CAP_CHECKPOINT_RESTORE */

enum proto_type {
	PROTO_T_REQUEST = 0,
	PROTO_T_RESPONSE = 1,
	PROTO_T_NOTIFY = 2,
};

enum proto_method {
	PROTO_M_PING = 0,
	PROTO_M_CONFIGURE,
	PROTO_M_START,
	PROTO_M_EXEC,
	PROTO_M_TERMINATE,
	PROTO_M_KILL,
	PROTO_M_STOP,
	PROTO_M_FREEZE,
	PROTO_M_THAW,
	PROTO_M_EVENTS,
	PROTO_M_STATUS,
	PROTO_M_MAX
};

enum proto_errkind {
	PROTO_E_NONE = 0,
	PROTO_E_NO_SUCH_ENTITY,
	PROTO_E_INVALID_STATE,
	PROTO_E_SERDE,
	PROTO_E_FAILURE,
};

struct proto_error {
	enum proto_errkind	 kind;
	char			 message[PROTO_ERRMSG_MAX];
	char			 hook_name[PROTO_NAME_MAX + 1];	/* "" = absent */
};

/* A list of strings (args, mount options, seccomp profile names). */
struct proto_strv {
	size_t		  n;
	char		**v;
};

/* A string map (env, hook envs), in wire order; keys unique. */
struct proto_kv {
	char		 *key;
	char		 *value;
};
struct proto_env {
	size_t		  n;
	struct proto_kv	 *kv;
};

enum proto_mount_type {
	PROTO_MOUNT_DRIVE = 0,
	PROTO_MOUNT_BIND,
};

struct proto_mount {
	enum proto_mount_type	 type;
	char			*source;	/* NULL = absent */
	char			*destination;	/* NULL = absent */
	char			*fs_type;	/* NULL = absent */
	struct proto_strv	 options;
	int			 has_chowner;
	uint32_t		 chown_uid;
	uint32_t		 chown_gid;
	int			 has_chmode;
	uint32_t		 chmode;	/* <= 07777 */
};

enum proto_capset {
	PROTO_CAPS_AMBIENT = 0,
	PROTO_CAPS_BOUNDING,
	PROTO_CAPS_EFFECTIVE,
	PROTO_CAPS_INHERITABLE,
	PROTO_CAPS_PERMITTED,
	PROTO_CAPS_MAX
};

/* Capability sets as bit masks (bit n = capability n). */
struct proto_caps {
	uint32_t	 present;	/* bit per proto_capset present */
	uint64_t	 set[PROTO_CAPS_MAX];
};

struct proto_cgprofile {
	char		 name[PROTO_NAME_MAX + 1];
	int		 has_cpu_pct;
	double		 cpu_pct;	/* > 0, finite, <= 100 * 4096 */
	int		 has_mem_max;
	uint64_t	 mem_max;	/* bytes, > 0 */
};

struct proto_hook {
	char		 name[PROTO_NAME_MAX + 1];
	char		*path;
	struct proto_strv args;
	struct proto_env envs;
	uint64_t	 timeout_millis;	/* default 10000 */
};

struct proto_configure {
	char			 domain[PROTO_NAME_MAX + 1];
	int			 has_mounts;
	size_t			 nmounts;
	struct proto_mount	*mounts;
	int			 has_caps;
	struct proto_caps	 caps;
	int			 has_seccomp;
	struct proto_strv	 seccomp;
	int			 has_cgprofiles;
	size_t			 ncgprofiles;
	struct proto_cgprofile	*cgprofiles;
	int			 has_exec_user;
	int			 has_uid;	/* uid/gid may be nil */
	uint32_t		 uid;
	int			 has_gid;
	uint32_t		 gid;
	int			 has_hooks;
	size_t			 nhooks;
	struct proto_hook	*hooks;
};

struct proto_start {
	char		 domain[PROTO_NAME_MAX + 1];
	char		 cgroup_profile[PROTO_NAME_MAX + 1];	/* "" = absent */
};

#define PROTO_FD_NONE	(-1)

struct proto_exec {
	char		 domain[PROTO_NAME_MAX + 1];
	char		 name[PROTO_NAME_MAX + 1];
	char		*path;
	struct proto_strv args;
	char		*cwd;		/* NULL = domain root */
	int		 has_env;
	struct proto_env env;
	char		*logs_sock;	/* NULL = absent */
	uint32_t	 nfds;		/* "fds"; 0 when absent */
	int32_t		 stdin_idx;	/* index into the fds, or FD_NONE */
	int32_t		 stdout_idx;
	int32_t		 stderr_idx;
	size_t		 nextra;
	int32_t		*extra;		/* indices; extra[i] -> fd 3+i */
};

/* terminate, kill */
struct proto_target {
	char		 domain[PROTO_NAME_MAX + 1];
	char		 name[PROTO_NAME_MAX + 1];
	int		 has_timeout;	/* kill only */
	uint64_t	 timeout;	/* ms; 0 = forever */
};

/* stop, freeze, thaw, events, status */
struct proto_domreq {
	char		 domain[PROTO_NAME_MAX + 1];	/* "" = absent */
	int		 has_timeout;	/* stop only */
	uint64_t	 timeout;	/* ms */
	char		 cgroup_profile[PROTO_NAME_MAX + 1]; /* thaw only */
};

union proto_params {
	struct proto_configure	 configure;
	struct proto_start	 start;
	struct proto_exec	 exec;
	struct proto_target	 target;	/* terminate, kill */
	struct proto_domreq	 dom;	/* stop freeze thaw events status */
};

struct proto_request {
	uint32_t		 msgid;
	enum proto_method	 method;
	union proto_params	 p;
};

/* Results. */
struct proto_exec_result {
	int64_t		 pid;
	int64_t		 host_pid;
};

struct proto_stop_result {
	uint64_t	 cpu_ns;
	uint64_t	 run_ns;
	uint64_t	 max_memory_bytes;
};

enum proto_domstate {
	PROTO_DOM_STOPPED = 0,
	PROTO_DOM_RUNNING,
	PROTO_DOM_FROZEN,
};

enum proto_procstate {
	PROTO_PROC_RUNNING = 0,
	PROTO_PROC_EXITED,
};

enum proto_cause {
	PROTO_CAUSE_NONE = 0,
	PROTO_CAUSE_EXITED,
	PROTO_CAUSE_SIGNALED,
	PROTO_CAUSE_OOM_KILLED,
};

struct proto_proc_status {
	char			 name[PROTO_NAME_MAX + 1];
	int64_t			 pid;
	int64_t			 host_pid;
	enum proto_procstate	 state;
	enum proto_cause	 cause;		/* NONE while running */
	int			 has_exit_status;
	int32_t			 exit_status;
	int			 has_signo;
	int32_t			 signo;
};

struct proto_dom_status {
	char			 name[PROTO_NAME_MAX + 1];
	enum proto_domstate	 state;
	int64_t			 worker_pid;	/* 0 = nil */
	char			 cgroup_profile[PROTO_NAME_MAX + 1]; /* "" = nil */
	size_t			 nprocs;
	struct proto_proc_status *procs;
};

struct proto_status_result {
	size_t			 ndomains;
	struct proto_dom_status	*domains;
};

union proto_result {
	struct proto_exec_result	 exec;
	struct proto_stop_result	 stop;
	struct proto_status_result	 status;
};

struct proto_response {
	uint32_t		 msgid;
	struct proto_error	 error;		/* kind NONE = success */
	int			 has_result;	/* 0: result was nil */
	union proto_result	 r;
};

enum proto_evtype {
	PROTO_EV_TERMINATION = 0,
	PROTO_EV_LOSS,
};

/* Fixed-size so it can travel in an imsg as is. */
struct proto_event {
	uint64_t		 timestamp_millis;
	uint32_t		 type;		/* enum proto_evtype */
	uint32_t		 cause;		/* enum proto_cause */
	char			 domain[PROTO_NAME_MAX + 1];
	char			 name[PROTO_NAME_MAX + 1];
	uint8_t			 has_exit_status;
	uint8_t			 has_signo;
	int32_t			 exit_status;
	int32_t			 signo;
	uint64_t		 size;		/* event_loss count */
};

/*
 * Framing.  proto_scan walks the msgpack bytes of one message without
 * allocating: it checks every header against the bytes allowed and the
 * nesting depth, refuses ext types and the never-used 0xc1, and is
 * resumable (call again with the same state after more bytes arrived).
 * Returns 1 when a complete message of sc->len bytes starts at buf, 0
 * when more bytes are needed, -1 when the bytes cannot be framed (err
 * set, kind SERDE; sc->have_msgid tells if a request msgid was read so a
 * serde error can be answered before the connection is closed).
 */
struct proto_scan {
	size_t		 off;		/* bytes accepted so far */
	size_t		 len;		/* message length when complete */
	int		 depth;
	uint32_t	 left[PROTO_DEPTH_MAX + 1];	/* items per level */
	int		 top_items;	/* items of the outer array seen */
	int		 have_msgid;
	uint32_t	 msgid;
	int		 type;		/* first element, -1 unknown */
};

void	 proto_scan_init(struct proto_scan *);
int	 proto_scan(struct proto_scan *, const void *buf, size_t len,
	    size_t maxlen, struct proto_error *);

/*
 * Decoders.  Each takes complete bytes of one message (or of one params
 * array), applies every rule of DESIGN.md ("Decoder rules") and fills the
 * caller's struct.  They return 0, or -1 with err filled (kind SERDE and
 * a message naming the offending field, e.g. "exec: args[3]: contains a
 * NUL byte").  On failure nothing needs freeing.
 */
int	 proto_method_lookup(const char *, size_t, enum proto_method *);
const char *proto_method_name(enum proto_method);

/*
 * [0, msgid, method, params].  When the msgid could be read, req->msgid
 * is set even on failure, so the error can be answered; an unknown
 * method is a SERDE error naming the method.
 */
int	 proto_decode_request(const void *buf, size_t len,
	    struct proto_request *, struct proto_error *);
/* Only the params array of one method, as proto_encode_params made it. */
int	 proto_decode_params(enum proto_method, const void *buf, size_t len,
	    union proto_params *, struct proto_error *);
/* [1, msgid, error, result] for a call of the given method. */
int	 proto_decode_response(enum proto_method, const void *buf,
	    size_t len, struct proto_response *, struct proto_error *);
/* [2, "event", [EVENT]] */
int	 proto_decode_event(const void *buf, size_t len,
	    struct proto_event *, struct proto_error *);
/* Peeks at the type (0, 1, 2) of a complete message; -1 when invalid. */
int	 proto_message_type(const void *buf, size_t len);

void	 proto_params_free(enum proto_method, union proto_params *);
void	 proto_request_free(struct proto_request *);
void	 proto_response_free(enum proto_method, struct proto_response *);

/*
 * Encoders append to a msgpack_sbuffer; they return 0 or -1 (ENOMEM).
 * proto_encode_params writes the params array alone ([] or [map]).
 */
int	 proto_encode_request(msgpack_sbuffer *, const struct proto_request *);
int	 proto_encode_params(msgpack_sbuffer *, enum proto_method,
	    const union proto_params *);
/* error NULL or kind NONE: success; result NULL: nil */
int	 proto_encode_response(msgpack_sbuffer *, uint32_t msgid,
	    enum proto_method, const struct proto_error *,
	    const union proto_result *);
int	 proto_encode_event(msgpack_sbuffer *, const struct proto_event *);

/* Helpers. */
const char *proto_errkind_name(enum proto_errkind);
int	 proto_errkind_lookup(const char *, size_t, enum proto_errkind *);
void	 proto_seterr(struct proto_error *, enum proto_errkind,
	    const char *, ...) __attribute__((__format__ (printf, 3, 4)));
int	 proto_name_valid(const char *, size_t);	/* [A-Za-z0-9._-]{1,64} */
int	 proto_cap_lookup(const char *, size_t);	/* "CAP_X" -> n, or -1 */
const char *proto_cap_name(int);
const char *proto_cause_name(enum proto_cause);
const char *proto_domstate_name(enum proto_domstate);
const char *proto_procstate_name(enum proto_procstate);

#endif /* SUPD_PROTO_H */
