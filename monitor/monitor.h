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

#ifndef SUPD_MONITOR_H
#define SUPD_MONITOR_H

#include <sys/types.h>
#include <sys/queue.h>
#include <time.h>

#include <event.h>

#include "cgroup.h"
#include "config.h"
#include "imsgev.h"
#include "proto.h"
#include "sandbox.h"
#include "supd_imsg.h"

/*
 * A client, as the kernel attests: the credentials read off its socket
 * (IMSG_CONN_NEW), indexed by the low bits of its connection id.
 */
struct client {
	uint32_t		 cl_conn;	/* 0: free */
	uid_t			 cl_uid;
	gid_t			 cl_gid;
	uint32_t		 cl_ngroups;
	gid_t			 cl_groups[IMSG_GROUPS_MAX];
	int			 cl_toomany;	/* more groups than we keep */
};

/* A client request the monitor answers later (start, exec, kill, stop). */
struct waiter {
	uint32_t		 w_conn;
	uint32_t		 w_msgid;
	enum proto_method	 w_method;
	uint32_t		 w_epoch;	/* frontend generation */
	int			 w_orphan;	/* its client left */
	struct event		 w_timer;	/* kill timeout */
	int			 w_timed;
	struct proc		*w_proc;
	TAILQ_ENTRY(waiter)	 w_entry;
};
TAILQ_HEAD(waiters, waiter);

#define DOMAIN_EXITED_MAX	1024	/* exited processes remembered */

enum proc_state {
	PROC_STARTING = 0,	/* exec sent to the worker */
	PROC_RUNNING,
	PROC_EXITED,
};

struct proc {
	char			 proc_name[PROTO_NAME_MAX + 1];
	uint64_t		 proc_id;
	pid_t			 proc_pid;	/* in the domain */
	pid_t			 proc_host_pid;
	enum proc_state		 proc_state;
	enum proto_cause	 proc_cause;
	int			 proc_status;	/* exit status or signo */
	struct waiter		*proc_exec;	/* while STARTING */
	struct waiters		 proc_killers;
	struct domain		*proc_dom;
	TAILQ_ENTRY(proc)	 proc_entry;
};
TAILQ_HEAD(procs, proc);

enum dom_state {
	DOM_STOPPED = 0,
	DOM_STARTING,
	DOM_RUNNING,
	DOM_FROZEN,
	DOM_STOPPING,
};

struct domain {
	struct domain_conf	*dom_conf;
	const char		*dom_name;
	enum dom_state		 dom_state;
	pid_t			 dom_worker;	/* host pid, 0 when none */
	struct imsgev		 dom_iev;
	int			 dom_credfd;	/* host pids of exec'd children */
	struct cgroup		 dom_cg;
	char			 dom_profile[PROTO_NAME_MAX + 1];
	struct timespec		 dom_started;
	uint64_t		 dom_oom_kills;
	struct procs		 dom_procs;
	struct waiter		*dom_start;	/* while STARTING */
	struct waiters		 dom_stoppers;
	struct event		 dom_stop_timer;
	int			 dom_stop_timed;
	int			 dom_killed;	/* SIGKILL sent while stopping */
	uint64_t		 dom_stop_deadline;	/* ms, monotonic */
	uint64_t		 dom_stop_begun;	/* ms, monotonic */
	struct proto_stop_result dom_stats;
	struct sandbox_prog	 dom_seccomp;	/* for every exec; may be empty */
	TAILQ_ENTRY(domain)	 dom_entry;
};
TAILQ_HEAD(domains, domain);

/*
 * The monitor's state: the only global of the process besides log state.
 */
struct monitor_env {
	struct supd_conf	*conf;
	int			 debug;
	int			 verbose;
	struct event_base	*base;
	struct cgroup_env	 cg;
	int			 sock;		/* control socket, listening */
	char			 chroot[PATH_MAX];
	pid_t			 fe_pid;
	uint32_t		 fe_epoch;	/* bumped per frontend started */
	struct imsgev		 fe_iev;
	int			 fe_respawns;
	struct event		 fe_respawn_ev;
	pid_t			 pid;		/* the monitor's own */
	int			 cleaned;	/* shutdown work done */
	time_t			 fe_respawn_time;
	struct domains		 domains;
	struct client		*clients;	/* sc_max_clients slots */
	uint64_t		 next_procid;
	int			 shutting_down;
	/* A request from the frontend whose descriptors are arriving. */
	struct imsg_rpc		 pend_hdr;
	union proto_params	 pend_params;
	int			 pend_active;
	uint32_t		 pend_got;
	int			 pend_fds[PROTO_FDS_MAX];
};

extern struct monitor_env	*env;

/* monitor.c */
__dead void	 monitor_main(struct supd_conf *, int, int);
void		 monitor_respond(uint32_t, uint32_t, enum proto_method,
		    const struct proto_error *, const union proto_result *);
void		 monitor_respond_err(uint32_t, uint32_t, enum proto_method,
		    enum proto_errkind, const char *, ...)
		    __attribute__((__format__ (printf, 5, 6)));
void		 monitor_event(const struct proto_event *);
uint64_t	 monitor_now_ms(void);

/* domain.c */
void		 domain_init(void);
void		 domain_handle(const struct imsg_rpc *, union proto_params *,
		    int *, uint32_t);
const struct client *monitor_client(uint32_t);
void		 domain_child_exited(pid_t, int);
void		 domain_shutdown(void);
void		 domain_conn_closed(uint32_t);
struct domain	*domain_find(const char *);

#endif /* SUPD_MONITOR_H */
