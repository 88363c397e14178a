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

#ifndef SUPD_CLIENT_H
#define SUPD_CLIENT_H

#include <sys/queue.h>
#include <stddef.h>
#include <stdint.h>

#include "proto.h"

/*
 * The C client of the supd control socket, used by supctl, the tests and
 * the benchmarks.  One struct supd_client is one connection.  Several
 * requests may be in flight on it: responses are matched by msgid, and
 * whatever arrives while a caller waits for something else (another
 * call's response, event notifications) is kept, in arrival order, in a
 * bounded queue.
 *
 * Errors: functions that fail return -1 (NULL for supd_client_connect)
 * with errno set and the struct proto_error filled with kind
 * PROTO_E_FAILURE (or PROTO_E_SERDE when supd sent bytes that do not
 * decode) and a message such as "connect /run/supd.sock: No such file
 * or directory" or "connection closed by supd".  An error answered by
 * supd is not a failure of the library: the call returns 0 and the
 * response carries the error.
 */

#define SUPD_SOCKET_DEFAULT	"/run/supd.sock"

/* Notifications kept while nobody reads them; more are counted as lost. */
#define SUPD_CLIENT_NOTIFY_MAX	1024
/* Bytes of every buffered message together. */
#define SUPD_CLIENT_QUEUE_BYTES	(32 * 1024 * 1024)

struct supd_client_msg;
TAILQ_HEAD(supd_client_msgq, supd_client_msg);

struct supd_client {
	int			 sc_fd;
	uint32_t		 sc_msgid;	/* the next request's msgid */
	uint64_t		 sc_inflight;	/* requests not answered yet */
	char			*sc_buf;	/* received bytes */
	size_t			 sc_bufsz;	/* <= PROTO_MSG_MAX */
	size_t			 sc_start;	/* first unconsumed byte */
	size_t			 sc_end;	/* end of the received bytes */
	struct proto_scan	 sc_scan;	/* framing at sc_start */
	struct supd_client_msgq	 sc_queue;	/* kept messages */
	size_t			 sc_nnotify;	/* notifications in sc_queue */
	size_t			 sc_qbytes;	/* bytes in sc_queue */
	uint64_t		 sc_lost;	/* notifications dropped */
};

struct supd_client *supd_client_connect(const char *, struct proto_error *);
void	 supd_client_close(struct supd_client *);
int	 supd_client_fd(const struct supd_client *);

/*
 * Sends one request; req->msgid is assigned here.  fds (may be NULL when
 * nfds is 0) travel as SCM_RIGHTS with the request's first byte; they
 * stay open in the caller.
 */
int	 supd_client_send(struct supd_client *, struct proto_request *,
	    const int *fds, size_t nfds, struct proto_error *);

/*
 * Waits for the response to msgid, a request of the given method, and
 * decodes it into resp (free it with proto_response_free).  timeout_ms
 * < 0 waits forever; on timeout the response is not lost: it can be
 * waited for again.  Returns 0, or -1 (errno ETIMEDOUT on timeout).
 */
int	 supd_client_wait(struct supd_client *, enum proto_method,
	    uint32_t msgid, int timeout_ms, struct proto_response *,
	    struct proto_error *);

/* supd_client_send then supd_client_wait, without a timeout. */
int	 supd_client_call(struct supd_client *, struct proto_request *,
	    const int *fds, size_t nfds, struct proto_response *,
	    struct proto_error *);

/*
 * The next event notification, kept ones first.  timeout_ms < 0 waits
 * forever, 0 only takes what is already there.  When the local queue
 * overflowed, a PROTO_EV_LOSS event made here reports how many events
 * were dropped, at the place where they were.  Returns 1 with ev
 * filled, 0 on timeout, -1 on error.
 */
int	 supd_client_event(struct supd_client *, struct proto_event *,
	    int timeout_ms, struct proto_error *);

#endif /* SUPD_CLIENT_H */
