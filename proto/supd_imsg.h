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

#ifndef SUPD_IMSG_TYPES_H
#define SUPD_IMSG_TYPES_H

#include <stdint.h>

#include "proto.h"

/*
 * Every imsg type of supd, in one enum, grouped by peer pair.  Values are
 * never reused or renumbered.  The payload of each is named beside it;
 * "+ params" means the fixed struct is followed by the msgpack params
 * array of the method (proto_encode_params), which the receiver decodes
 * again with the strict decoder.
 */
enum imsg_type {
	IMSG_NONE = 0,

	/* frontend -> monitor */
	IMSG_RPC_REQ = 100,	/* struct imsg_rpc + params */
	IMSG_RPC_FD,		/* struct imsg_rpc_fd, fd attached */
	IMSG_CONN_CLOSED,	/* struct imsg_conn */
	IMSG_CONN_NEW,		/* struct imsg_conn, the client's socket */

	/* monitor -> frontend */
	IMSG_RPC_RES = 200,	/* struct imsg_rpc + msgpack response */
	IMSG_EVENT_EVT,		/* struct proto_event */

	/* monitor -> worker */
	IMSG_W_EXEC_REQ = 300,	/* struct imsg_wexec + exec params */
	IMSG_W_FD,		/* struct imsg_wfd, fd attached */
	IMSG_W_SIGNAL_REQ,	/* struct imsg_wsignal */

	/* worker -> monitor */
	IMSG_W_READY_EVT = 400,	/* struct imsg_wready */
	IMSG_W_EXEC_RES,	/* struct imsg_wexec_res */
	IMSG_W_EXIT_EVT,	/* struct imsg_wexit */
};

#define IMSG_GROUPS_MAX	32	/* client groups kept, at most */

/*
 * A request relayed for a client; conn identifies the connection.  Who
 * the client is, the monitor learnt itself from the connection's socket
 * (IMSG_CONN_NEW): the frontend's word is not taken for it.
 */
struct imsg_rpc {
	uint32_t	 conn;
	uint32_t	 msgid;
	uint32_t	 method;	/* enum proto_method */
	uint32_t	 nfds;		/* IMSG_RPC_FD messages that follow */
};

struct imsg_rpc_fd {
	uint32_t	 conn;
	uint32_t	 msgid;
	uint32_t	 index;		/* 0 .. nfds - 1, in order */
};

struct imsg_conn {
	uint32_t	 conn;
};

/*
 * Exec request for a worker.  The monitor resolved identity and policy;
 * the worker decodes the params again for path, args, env, cwd and the
 * fd indices.  logs_fd tells whether the last fd is the logs socket.
 */
struct imsg_wexec {
	uint64_t	 procid;	/* unique per process, never reused */
	uint32_t	 uid;
	uint32_t	 gid;
	uint64_t	 caps_bounding;	/* bounding set kept */
	uint32_t	 nfds;		/* IMSG_W_FD messages that follow */
	uint32_t	 logs_fd;	/* 1: fd nfds-1 is the logs socket */
};

struct imsg_wfd {
	uint64_t	 procid;
	uint32_t	 index;
	uint32_t	 pad;
};

struct imsg_wsignal {
	uint64_t	 procid;
	int32_t		 signo;
	uint32_t	 pad;
};

struct imsg_wready {
	int32_t		 error;		/* 0 = ready, else errno */
	char		 message[PROTO_ERRMSG_MAX];
};

struct imsg_wexec_res {
	uint64_t	 procid;
	int32_t		 error;		/* 0 = execve succeeded */
	int32_t		 pid;		/* inside the domain */
	char		 message[PROTO_ERRMSG_MAX];
};

struct imsg_wexit {
	uint64_t	 procid;
	int32_t		 pid;
	int32_t		 status;	/* wait(2) status */
};

#endif /* SUPD_IMSG_TYPES_H */
