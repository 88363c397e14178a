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
#include <sys/prctl.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event.h>

#include "config.h"
#include "frontend.h"
#include "imsgev.h"
#include "log.h"
#include "priv.h"
#include "proto.h"
#include "sandbox.h"
#include "supd_imsg.h"

#define FE_INFLIGHT_MAX		64	/* requests per connection */
#define FE_INFLIGHT_TOTAL	1024	/* requests of all non-root clients */
#define FE_INFLIGHT_UID		(FE_INFLIGHT_TOTAL / 4)	/* of one uid */
#define FE_BATCH		32	/* messages per read callback */
#define FE_FDQ_MAX		(2 * PROTO_FDS_MAX)	/* queued fds */
#define FE_RECV_FDS		64	/* fds taken by one recvmsg */
#define FE_READ_CHUNK		65536
#define FE_OUT_LOW		(64 * 1024)	/* refill events below */
#define FE_OUT_MAX		(8 * 1024 * 1024) /* stop reading above */
#define FE_PARTIAL_TIMEOUT	30	/* s for a started message */
#define FE_ACCEPT_PAUSE_MS	100
#define FE_UID_SHARE		2	/* a non-root uid: 1/2 of the slots */

/* An `events` request whose answer is awaited, with its filter. */
struct evreq {
	uint32_t		 msgid;
	char			 domain[PROTO_NAME_MAX + 1];
	TAILQ_ENTRY(evreq)	 entry;
};
TAILQ_HEAD(evreqs, evreq);

struct conn {
	uint32_t		 id;		/* slot | generation << 16 */
	int			 fd;
	uid_t			 uid;		/* SO_PEERCRED at accept */
	struct event		 rev;
	struct event		 wev;
	struct event		 tmo;
	int			 reading;
	int			 closing;	/* close once out drains */
	int			 blocked;	/* at an in-flight cap */
	unsigned char		*in;
	size_t			 inlen;
	size_t			 incap;
	struct proto_scan	 sc;
	int			 fdq[FE_FDQ_MAX];
	size_t			 fdq_head;
	size_t			 fdq_n;
	struct evbuffer		*out;
	unsigned int		 inflight;
	struct evreqs		 evreqs;
	/* Event subscription: a bounded ring, then a loss count. */
	int			 subscribed;
	char			 filter[PROTO_NAME_MAX + 1];
	struct proto_event	*ring;
	size_t			 rhead;
	size_t			 rn;
	uint64_t		 lost;
};

/*
 * The frontend's env: the only global of the process besides log state.
 * conns is indexed by the low 16 bits of a connection id.
 */
struct frontend_env {
	struct frontend_args	 args;
	struct event_base	*base;
	struct imsgev		 chan;
	int			 lfd;
	struct event		 lev;
	struct event		 lpause;
	struct conn		**conns;
	uint32_t		 nslots;
	uint32_t		 nconns;
	uint16_t		 gen;
	uint32_t		 inflight;	/* non-root requests at the monitor */
	uint32_t		 fdq_total;	/* fds queued, all clients */
	int			 any_blocked;	/* some client at the global cap */
};

static struct frontend_env	*fenv;

static void	 fe_accept(int, short, void *);
static void	 fe_accept_resume(int, short, void *);
static void	 fe_conn_read(int, short, void *);
static void	 fe_conn_write(int, short, void *);
static void	 fe_conn_timeout(int, short, void *);
static void	 fe_conn_close(struct conn *);
static void	 fe_conn_update(struct conn *);
static int	 fe_conn_recv(struct conn *);
static void	 fe_conn_parse(struct conn *);
static void	 fe_conn_message(struct conn *, const unsigned char *,
		    size_t);
static void	 fe_conn_unblock(struct conn *);
static int	 fe_conn_at_cap(struct conn *);
static void	 fe_conn_request(struct conn *, struct proto_request *);
static int	 fe_conn_take_fds(struct conn *, struct proto_request *,
		    int *, struct proto_error *);
static void	 fe_conn_drop_fds(struct conn *);
static void	 fe_send_error(struct conn *, uint32_t, enum proto_method,
		    const struct proto_error *);
static struct conn *fe_conn_lookup(uint32_t);
static void	 fe_chan_dispatch(int, short, void *);
static void	 fe_rpc_response(struct imsg *);
static void	 fe_event(struct imsg *);
static void	 fe_ev_push(struct conn *, const struct proto_event *);
static void	 fe_ev_drain(struct conn *);
static int	 fe_fd_acceptable(int);
static void	 fe_fd_close(int);
static void	 fe_sig(int, short, void *);
static int	 fe_peer_creds(int, struct conn *);
static uint64_t	 fe_realtime_ms(void);

__dead void
frontend_main(const struct frontend_args *args, int debug, int verbose)
{
	static struct frontend_env	 fe;
	struct event			 ev_term, ev_int;

	fenv = &fe;
	fe.args = *args;
	if (fe.args.user == NULL || fe.args.chroot == NULL ||
	    fe.args.max_clients == 0 || fe.args.max_request == 0 ||
	    fe.args.evqueue == 0)
		fatalx("frontend: missing arguments");
	log_procinit("frontend");
	setproctitle("frontend");
	fe.lfd = FRONTEND_SOCK_FD;
	fe.nslots = fe.args.max_clients;
	if ((fe.conns = calloc(fe.nslots, sizeof(*fe.conns))) == NULL)
		fatal("calloc");

	/* The base opens its epoll fd now, before the sandbox. */
	if ((fe.base = event_init()) == NULL)
		fatalx("event_init");

	/* chroot, ids, capabilities, no_new_privs: see common/priv.c. */
	priv_drop(fe.args.user, SUPD_USER_FALLBACK, fe.args.chroot);
	/* Credential changes cleared the parent-death signal: set it again. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
		fatal("prctl pdeathsig");
	if (getppid() == 1)
		fatalx("monitor is gone");
	/* From here on, only the allowlist of common/sandbox.c. */
	sandbox_frontend(debug);

	signal_set(&ev_term, SIGTERM, fe_sig, NULL);
	signal_set(&ev_int, SIGINT, fe_sig, NULL);
	signal_add(&ev_term, NULL);
	signal_add(&ev_int, NULL);
	signal(SIGPIPE, SIG_IGN);

	imsgev_init(&fe.chan, fe.base, FRONTEND_CHAN_FD, fe_chan_dispatch,
	    NULL);
	imsgbuf_allow_fdpass(&fe.chan.ibuf);
	event_set(&fe.lev, fe.lfd, EV_READ | EV_PERSIST, fe_accept, NULL);
	event_add(&fe.lev, NULL);
	evtimer_set(&fe.lpause, fe_accept_resume, NULL);

	log_debug("serving, %u clients, requests up to %u bytes",
	    fe.args.max_clients, fe.args.max_request);
	event_dispatch();
	exit(0);
}

static uint64_t
fe_realtime_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

static void
fe_sig(int sig, short event, void *arg)
{
	event_loopbreak();
}

static void
fe_accept_resume(int fd, short event, void *arg)
{
	event_add(&fenv->lev, NULL);
}

static void
fe_accept(int lfd, short event, void *arg)
{
	struct timeval	 tv = { 0, FE_ACCEPT_PAUSE_MS * 1000 };
	struct imsg_conn cm;
	struct conn	*c;
	uint32_t	 slot;
	int		 fd, dfd;

	if ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) ==
	    -1) {
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM) {
			/* Back off instead of spinning on a full table. */
			log_warn("accept");
			event_del(&fenv->lev);
			evtimer_add(&fenv->lpause, &tv);
		}
		return;
	}
	if (fenv->nconns >= fenv->nslots) {
		log_warnx("client limit %u reached", fenv->nslots);
		close(fd);
		return;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		log_warn("new connection");
		close(fd);
		return;
	}
	if (fe_peer_creds(fd, c) == -1) {
		free(c);
		close(fd);
		return;
	}
	for (slot = 0; slot < fenv->nslots; slot++)
		if (fenv->conns[slot] == NULL)
			break;
	if ((c->out = evbuffer_new()) == NULL) {
		log_warn("new connection");
		free(c);
		close(fd);
		return;
	}
	c->id = slot | ((uint32_t)++fenv->gen << 16);
	c->fd = fd;
	/* The monitor reads the client's credentials off the socket. */
	cm.conn = c->id;
	if ((dfd = fcntl(fd, F_DUPFD_CLOEXEC, 0)) == -1 ||
	    imsgev_compose(&fenv->chan, IMSG_CONN_NEW, 0, dfd, &cm,
	    sizeof(cm)) == -1) {
		/* A failed compose has closed dfd already. */
		log_warn("new connection");
		evbuffer_free(c->out);
		free(c);
		close(fd);
		return;
	}
	TAILQ_INIT(&c->evreqs);
	proto_scan_init(&c->sc);
	event_set(&c->rev, fd, EV_READ | EV_PERSIST, fe_conn_read, c);
	event_set(&c->wev, fd, EV_WRITE | EV_PERSIST, fe_conn_write, c);
	evtimer_set(&c->tmo, fe_conn_timeout, c);
	fenv->conns[slot] = c;
	fenv->nconns++;
	fe_conn_update(c);
}

/*
 * Whose connection it is: a non-root uid may hold only a share of the
 * connections, so one user cannot lock the others out.  (The monitor
 * learns the credentials for itself, from the socket: IMSG_CONN_NEW.)
 */
static int
fe_peer_creds(int fd, struct conn *c)
{
	struct ucred	 uc;
	socklen_t	 len = sizeof(uc);
	uint32_t	 slot, n = 0, share;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) == -1) {
		log_warn("SO_PEERCRED");
		return (-1);
	}
	c->uid = uc.uid;
	if (c->uid == 0)
		return (0);
	share = fenv->nslots / FE_UID_SHARE;
	if (share < 1)
		share = 1;
	for (slot = 0; slot < fenv->nslots; slot++)
		if (fenv->conns[slot] != NULL && fenv->conns[slot]->uid ==
		    c->uid)
			n++;
	if (n >= share) {
		log_warnx("uid %u holds %u connections, its limit",
		    (unsigned)c->uid, n);
		return (-1);
	}
	return (0);
}

static struct conn *
fe_conn_lookup(uint32_t id)
{
	struct conn	*c;
	uint32_t	 slot = id & 0xffff;

	if (slot >= fenv->nslots || (c = fenv->conns[slot]) == NULL ||
	    c->id != id)
		return (NULL);
	return (c);
}

/*
 * Reading stops while the client leaves its answers unread (output
 * above FE_OUT_MAX) or once the connection is closing.
 */
static void
fe_conn_update(struct conn *c)
{
	int	 want_read;

	want_read = !c->closing && !c->blocked &&
	    evbuffer_get_length(c->out) < FE_OUT_MAX;
	if (want_read && !c->reading)
		event_add(&c->rev, NULL);
	else if (!want_read && c->reading)
		event_del(&c->rev);
	c->reading = want_read;
	if (evbuffer_get_length(c->out) > 0)
		event_add(&c->wev, NULL);
	else {
		event_del(&c->wev);
		if (c->closing)
			fe_conn_close(c);
	}
}

static void
fe_conn_close(struct conn *c)
{
	struct imsg_conn	 cm;
	struct evreq		*er;

	event_del(&c->rev);
	event_del(&c->wev);
	evtimer_del(&c->tmo);
	close(c->fd);
	fe_conn_drop_fds(c);
	while ((er = TAILQ_FIRST(&c->evreqs)) != NULL) {
		TAILQ_REMOVE(&c->evreqs, er, entry);
		free(er);
	}
	if (c->uid != 0)
		fenv->inflight -= c->inflight;
	cm.conn = c->id;
	imsgev_compose(&fenv->chan, IMSG_CONN_CLOSED, 0, -1, &cm,
	    sizeof(cm));
	fenv->conns[c->id & 0xffff] = NULL;
	fenv->nconns--;
	evbuffer_free(c->out);
	free(c->in);
	free(c->ring);
	free(c);
}

static void
fe_conn_drop_fds(struct conn *c)
{
	while (c->fdq_n > 0) {
		fe_fd_close(c->fdq[c->fdq_head]);
		c->fdq_head = (c->fdq_head + 1) % FE_FDQ_MAX;
		c->fdq_n--;
		fenv->fdq_total--;
	}
}

static void
fe_conn_timeout(int fd, short event, void *arg)
{
	struct conn	*c = arg;

	log_debug("client %u: partial request timed out", c->id);
	fe_conn_close(c);
}

static void
fe_conn_read(int fd, short event, void *arg)
{
	struct conn	*c = arg;
	struct timeval	 tv = { FE_PARTIAL_TIMEOUT, 0 };
	int		 rv;

	/* Parsing goes on even with nothing new: batches continue here. */
	if ((rv = fe_conn_recv(c)) == 0 ||
	    (rv == -1 && errno != EAGAIN && errno != EINTR)) {
		fe_conn_close(c);
		return;
	}
	fe_conn_parse(c);
	if (c->closing) {
		fe_conn_update(c);
		return;
	}
	/*
	 * A message that has started must complete in time (slowloris);
	 * one held back by a cap is complete, and waits for us, not them.
	 */
	if (c->inlen > 0 && !c->blocked) {
		if (!evtimer_pending(&c->tmo, NULL))
			evtimer_add(&c->tmo, &tv);
	} else
		evtimer_del(&c->tmo);
	fe_conn_update(c);
}

/*
 * One recvmsg: bytes into the input buffer, passed descriptors onto the
 * connection's queue in arrival order.  Returns bytes read, 0 on EOF,
 * -1 on error; a truncated or overflowing set of fds ends the client.
 */
static int
fe_conn_recv(struct conn *c)
{
	union {
		struct cmsghdr	 hdr;
		char		 buf[CMSG_SPACE(sizeof(int) * FE_RECV_FDS)];
	} cmsgbuf;
	struct msghdr	 msg;
	struct cmsghdr	*cmsg;
	struct iovec	 iov;
	unsigned char	*nin;
	size_t		 want, i, nfds;
	ssize_t		 n;
	int		*fds, bad = 0;

	want = fenv->args.max_request + 1;
	if (c->incap < want && c->incap - c->inlen < FE_READ_CHUNK) {
		size_t ncap = c->incap + FE_READ_CHUNK;

		if (ncap > want)
			ncap = want;
		if ((nin = realloc(c->in, ncap)) == NULL)
			return (-1);
		c->in = nin;
		c->incap = ncap;
	}
	if (c->inlen == c->incap) {
		/* proto_scan refuses anything above max_request. */
		errno = EMSGSIZE;
		return (-1);
	}
	iov.iov_base = c->in + c->inlen;
	iov.iov_len = c->incap - c->inlen;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cmsgbuf.buf;
	msg.msg_controllen = sizeof(cmsgbuf.buf);
	if ((n = recvmsg(c->fd, &msg, MSG_CMSG_CLOEXEC)) <= 0)
		return (n);
	for (cmsg = CMSG_FIRSTHDR(&msg); cmsg != NULL;
	    cmsg = CMSG_NXTHDR(&msg, cmsg)) {
		if (cmsg->cmsg_level != SOL_SOCKET ||
		    cmsg->cmsg_type != SCM_RIGHTS)
			continue;
		nfds = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		fds = (int *)CMSG_DATA(cmsg);
		for (i = 0; i < nfds; i++) {
			/* Bounded per client and in all: fds are scarce. */
			if (c->fdq_n == FE_FDQ_MAX ||
			    fenv->fdq_total >= FE_FDQ_TOTAL) {
				fe_fd_close(fds[i]);
				bad = 1;
				continue;
			}
			c->fdq[(c->fdq_head + c->fdq_n) % FE_FDQ_MAX] = fds[i];
			c->fdq_n++;
			fenv->fdq_total++;
		}
	}
	if (bad || (msg.msg_flags & MSG_CTRUNC)) {
		log_debug("client %u: too many descriptors", c->id);
		errno = EPROTO;
		return (-1);
	}
	c->inlen += n;
	return (n);
}

/*
 * Frame and handle what a client sent, fairly: at most FE_BATCH
 * messages a turn (the rest waits for the next turn of the loop), and
 * nothing more while the client, or all clients, have their fill of
 * requests at the monitor.
 */
static void
fe_conn_parse(struct conn *c)
{
	struct proto_error	 err;
	size_t			 off = 0;
	int			 rv, n = 0;

	c->blocked = 0;
	while (off < c->inlen && !c->closing) {
		if (fe_conn_at_cap(c)) {
			c->blocked = 1;
			if (c->uid != 0)
				fenv->any_blocked = 1;
			break;
		}
		if (n++ == FE_BATCH) {
			event_active(&c->rev, EV_READ, 1);
			break;
		}
		rv = proto_scan(&c->sc, c->in + off, c->inlen - off,
		    fenv->args.max_request, &err);
		if (rv == 0)
			break;
		if (rv == -1) {
			/* Unframeable: answer if we can, then hang up. */
			if (c->sc.have_msgid)
				fe_send_error(c, c->sc.msgid, PROTO_M_MAX,
				    &err);
			log_debug("client %u: %s", c->id, err.message);
			c->closing = 1;
			break;
		}
		fe_conn_message(c, c->in + off, c->sc.len);
		off += c->sc.len;
		proto_scan_init(&c->sc);
	}
	/* A partial message's scan state is relative to its first byte. */
	if (off > 0) {
		memmove(c->in, c->in + off, c->inlen - off);
		c->inlen -= off;
	}
}

/*
 * May this client send one more request to the monitor?  Its own cap
 * first; a non-root client also shares a budget with the others and
 * gets only a part of it per uid, so that no one (root least of all)
 * is locked out by another user's requests.
 */
static int
fe_conn_at_cap(struct conn *c)
{
	struct conn	*o;
	uint32_t	 slot, n = 0;

	if (c->inflight >= FE_INFLIGHT_MAX)
		return (1);
	if (c->uid == 0)
		return (0);
	if (fenv->inflight >= FE_INFLIGHT_TOTAL)
		return (1);
	for (slot = 0; slot < fenv->nslots; slot++)
		if ((o = fenv->conns[slot]) != NULL && o->uid == c->uid)
			n += o->inflight;
	return (n >= FE_INFLIGHT_UID);
}

/* Answers came back: clients held at a cap may go on. */
static void
fe_conn_unblock(struct conn *c)
{
	uint32_t	 slot;

	if (c != NULL && c->blocked && !c->closing) {
		fe_conn_parse(c);
		fe_conn_update(c);
	}
	if (!fenv->any_blocked || fenv->inflight >= FE_INFLIGHT_TOTAL)
		return;
	/* Per-uid caps may still hold some: they block again if so. */
	fenv->any_blocked = 0;
	for (slot = 0; slot < fenv->nslots; slot++) {
		if ((c = fenv->conns[slot]) == NULL || !c->blocked ||
		    c->closing)
			continue;
		fe_conn_parse(c);
		fe_conn_update(c);
	}
}

static void
fe_conn_message(struct conn *c, const unsigned char *buf, size_t len)
{
	struct proto_request	 req;
	struct proto_error	 err;
	int			 type;

	type = proto_message_type(buf, len);
	if (type == PROTO_T_NOTIFY || type == PROTO_T_RESPONSE) {
		/* supd serves no client notifications nor responses. */
		log_debug("client %u: ignoring message of type %d", c->id,
		    type);
		return;
	}
	memset(&req, 0, sizeof(req));
	if (proto_decode_request(buf, len, &req, &err) == -1) {
		if (c->sc.have_msgid)
			fe_send_error(c, c->sc.msgid, PROTO_M_MAX, &err);
		else
			c->closing = 1;
		return;
	}
	fe_conn_request(c, &req);
	proto_request_free(&req);
}

static void
fe_conn_request(struct conn *c, struct proto_request *req)
{
	msgpack_sbuffer		 sbuf;
	struct proto_error	 err;
	struct imsg_rpc		 hdr;
	struct imsg_rpc_fd	 fdm;
	struct iovec		 iov[2];
	struct evreq		*er = NULL;
	int			 fds[PROTO_FDS_MAX];
	uint32_t		 i, nfds = 0;

	memset(&err, 0, sizeof(err));
	if (c->inflight >= FE_INFLIGHT_MAX) {
		proto_seterr(&err, PROTO_E_FAILURE,
		    "%s: too many requests in flight (limit %d)",
		    proto_method_name(req->method), FE_INFLIGHT_MAX);
		fe_send_error(c, req->msgid, req->method, &err);
		return;
	}
	if (req->method == PROTO_M_EVENTS && (c->subscribed ||
	    !TAILQ_EMPTY(&c->evreqs))) {
		/* One subscription per connection: its filter is fixed. */
		proto_seterr(&err, PROTO_E_INVALID_STATE,
		    "events: this connection is already subscribed");
		fe_send_error(c, req->msgid, req->method, &err);
		return;
	}
	if (req->method == PROTO_M_EXEC)
		nfds = req->p.exec.nfds;
	if (fe_conn_take_fds(c, req, fds, &err) == -1) {
		fe_send_error(c, req->msgid, req->method, &err);
		return;
	}
	if (req->method == PROTO_M_EVENTS) {
		if ((er = calloc(1, sizeof(*er))) == NULL)
			goto fail;
		er->msgid = req->msgid;
		strlcpy(er->domain, req->p.dom.domain, sizeof(er->domain));
	}

	msgpack_sbuffer_init(&sbuf);
	if (proto_encode_params(&sbuf, req->method, &req->p) == -1) {
		msgpack_sbuffer_destroy(&sbuf);
		goto fail;
	}
	memset(&hdr, 0, sizeof(hdr));
	hdr.conn = c->id;
	hdr.msgid = req->msgid;
	hdr.method = req->method;
	hdr.nfds = nfds;
	iov[0].iov_base = &hdr;
	iov[0].iov_len = sizeof(hdr);
	iov[1].iov_base = sbuf.data;
	iov[1].iov_len = sbuf.size;
	if (imsgev_composev(&fenv->chan, IMSG_RPC_REQ, c->id, -1, iov, 2) ==
	    -1) {
		msgpack_sbuffer_destroy(&sbuf);
		goto fail;
	}
	msgpack_sbuffer_destroy(&sbuf);
	for (i = 0; i < nfds; i++) {
		fdm.conn = c->id;
		fdm.msgid = req->msgid;
		fdm.index = i;
		/* The channel owns fds[i] from here on, even on failure. */
		if (imsgev_compose(&fenv->chan, IMSG_RPC_FD, c->id, fds[i],
		    &fdm, sizeof(fdm)) == -1)
			fatal("relay descriptor");
		fds[i] = -1;
	}
	if (er != NULL)
		TAILQ_INSERT_TAIL(&c->evreqs, er, entry);
	c->inflight++;
	if (c->uid != 0)
		fenv->inflight++;
	return;
 fail:
	free(er);
	for (i = 0; i < nfds; i++)
		if (fds[i] != -1)
			fe_fd_close(fds[i]);
	proto_seterr(&err, PROTO_E_FAILURE, "%s: out of memory",
	    proto_method_name(req->method));
	fe_send_error(c, req->msgid, req->method, &err);
}

/*
 * A request announcing "fds": N takes the next N queued descriptors;
 * each must be something a process can use as a file (a pipe, socket,
 * regular file or character device), never a directory or O_PATH
 * handle that could open a way out of the domain.
 */
static int
fe_conn_take_fds(struct conn *c, struct proto_request *req, int *fds,
    struct proto_error *err)
{
	uint32_t	 i, n = 0;

	if (req->method == PROTO_M_EXEC)
		n = req->p.exec.nfds;
	if (n == 0)
		return (0);
	if (c->fdq_n < n) {
		proto_seterr(err, PROTO_E_SERDE,
		    "exec: fds: %u descriptors announced, %zu received", n,
		    c->fdq_n);
		return (-1);
	}
	for (i = 0; i < n; i++) {
		fds[i] = c->fdq[c->fdq_head];
		c->fdq_head = (c->fdq_head + 1) % FE_FDQ_MAX;
		c->fdq_n--;
		fenv->fdq_total--;
	}
	for (i = 0; i < n; i++) {
		if (fe_fd_acceptable(fds[i]))
			continue;
		proto_seterr(err, PROTO_E_SERDE,
		    "exec: fds[%u]: not a pipe, UNIX socket, regular file or "
		    "character device", i);
		for (i = 0; i < n; i++)
			fe_fd_close(fds[i]);
		return (-1);
	}
	return (0);
}

static int
fe_fd_acceptable(int fd)
{
	struct stat	 st;
	socklen_t	 len = sizeof(int);
	int		 fl, domain;

	if ((fl = fcntl(fd, F_GETFL)) == -1 || (fl & O_PATH))
		return (0);
	/*
	 * Only local sockets: a TCP socket could make the last close of
	 * it block for its linger time, in this process or the monitor.
	 */
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0)
		return (domain == AF_UNIX);
	if (fstat(fd, &st) == -1)
		return (0);
	return (S_ISFIFO(st.st_mode) || S_ISREG(st.st_mode) ||
	    S_ISCHR(st.st_mode));
}

/*
 * Close a client's descriptor without ever blocking: a socket other
 * than AF_UNIX is reset rather than lingered on.
 */
static void
fe_fd_close(int fd)
{
	struct linger	 lg = { 1, 0 };
	socklen_t	 len = sizeof(int);
	int		 domain;

	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0 &&
	    domain != AF_UNIX)
		(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

static void
fe_send_error(struct conn *c, uint32_t msgid, enum proto_method method,
    const struct proto_error *err)
{
	msgpack_sbuffer	 sbuf;

	msgpack_sbuffer_init(&sbuf);
	if (proto_encode_response(&sbuf, msgid, method, err, NULL) == 0)
		evbuffer_add(c->out, sbuf.data, sbuf.size);
	msgpack_sbuffer_destroy(&sbuf);
}

static void
fe_conn_write(int fd, short event, void *arg)
{
	struct conn	*c = arg;

	if (evbuffer_write(c->out, c->fd) == -1 && errno != EAGAIN &&
	    errno != EINTR) {
		fe_conn_close(c);
		return;
	}
	fe_ev_drain(c);
	fe_conn_update(c);
}

static void
fe_chan_dispatch(int fd, short event, void *arg)
{
	struct imsg	 imsg;
	int		 n;

	if (imsgev_io(&fenv->chan, event) == -1)
		fatalx("monitor channel closed");
	for (;;) {
		if ((n = imsg_get(&fenv->chan.ibuf, &imsg)) == -1)
			fatalx("monitor sent a malformed imsg");
		if (n == 0)
			break;
		if (imsg.fd != -1)
			fatalx("monitor sent an unexpected descriptor");
		switch (imsg.hdr.type) {
		case IMSG_RPC_RES:
			fe_rpc_response(&imsg);
			break;
		case IMSG_EVENT_EVT:
			fe_event(&imsg);
			break;
		default:
			fatalx("monitor sent imsg type %u", imsg.hdr.type);
		}
		imsg_free(&imsg);
	}
	imsgev_update(&fenv->chan);
}

static void
fe_rpc_response(struct imsg *imsg)
{
	struct imsg_rpc		 hdr;
	struct proto_response	 resp;
	struct proto_error	 err;
	struct conn		*c;
	struct evreq		*er;
	const char		*body;
	size_t			 len = imsg_len(imsg);

	if (len < sizeof(hdr))
		fatalx("short response from monitor");
	memcpy(&hdr, imsg->data, sizeof(hdr));
	body = (const char *)imsg->data + sizeof(hdr);
	len -= sizeof(hdr);
	if ((c = fe_conn_lookup(hdr.conn)) == NULL)
		return;		/* the client left; counted off then */
	if (c->inflight > 0) {
		c->inflight--;
		if (c->uid != 0)
			fenv->inflight--;
	}
	if (hdr.method == PROTO_M_EVENTS) {
		TAILQ_FOREACH(er, &c->evreqs, entry)
			if (er->msgid == hdr.msgid)
				break;
		if (er != NULL) {
			TAILQ_REMOVE(&c->evreqs, er, entry);
			memset(&resp, 0, sizeof(resp));
			if (proto_decode_response(PROTO_M_EVENTS, body, len,
			    &resp, &err) == 0 &&
			    resp.error.kind == PROTO_E_NONE &&
			    c->ring == NULL) {
				c->ring = calloc(fenv->args.evqueue,
				    sizeof(*c->ring));
				if (c->ring != NULL) {
					c->subscribed = 1;
					strlcpy(c->filter, er->domain,
					    sizeof(c->filter));
				}
			}
			free(er);
		}
	}
	evbuffer_add(c->out, body, len);
	fe_conn_update(c);
	fe_conn_unblock(c);
}

static void
fe_event(struct imsg *imsg)
{
	struct proto_event	 ev;
	struct conn		*c;
	uint32_t		 slot;

	if (imsg_get_data(imsg, &ev, sizeof(ev)) == -1 ||
	    memchr(ev.domain, '\0', sizeof(ev.domain)) == NULL ||
	    memchr(ev.name, '\0', sizeof(ev.name)) == NULL)
		fatalx("malformed event from monitor");
	for (slot = 0; slot < fenv->nslots; slot++) {
		if ((c = fenv->conns[slot]) == NULL || !c->subscribed ||
		    c->closing)
			continue;
		if (c->filter[0] != '\0' && strcmp(c->filter, ev.domain) != 0)
			continue;
		fe_ev_push(c, &ev);
		fe_ev_drain(c);
		fe_conn_update(c);
	}
}

/*
 * Queue an event for a subscriber.  A full ring counts the event as
 * lost; the first push after room appears is the event_loss marker with
 * the exact count, so delivered + lost always equals produced.
 */
static void
fe_ev_push(struct conn *c, const struct proto_event *ev)
{
	struct proto_event	 loss;
	size_t			 cap = fenv->args.evqueue;

	if (c->rn == cap) {
		c->lost++;
		return;
	}
	if (c->lost > 0) {
		memset(&loss, 0, sizeof(loss));
		loss.timestamp_millis = ev->timestamp_millis;
		loss.type = PROTO_EV_LOSS;
		loss.size = c->lost;
		c->ring[(c->rhead + c->rn) % cap] = loss;
		c->rn++;
		c->lost = 0;
		if (c->rn == cap) {
			c->lost = 1;
			return;
		}
	}
	c->ring[(c->rhead + c->rn) % cap] = *ev;
	c->rn++;
}

static void
fe_ev_drain(struct conn *c)
{
	struct proto_event	 loss;
	msgpack_sbuffer		 sbuf;
	size_t			 cap = fenv->args.evqueue;

	if (!c->subscribed)
		return;
	msgpack_sbuffer_init(&sbuf);
	for (;;) {
		while (c->rn > 0 &&
		    evbuffer_get_length(c->out) + sbuf.size < FE_OUT_LOW) {
			if (proto_encode_event(&sbuf, &c->ring[c->rhead]) ==
			    -1)
				break;
			c->rhead = (c->rhead + 1) % cap;
			c->rn--;
		}
		if (c->lost == 0 || c->rn == cap)
			break;
		/* Room again: report the gap before anything newer. */
		memset(&loss, 0, sizeof(loss));
		loss.timestamp_millis = fe_realtime_ms();
		loss.type = PROTO_EV_LOSS;
		loss.size = c->lost;
		c->lost = 0;
		c->ring[(c->rhead + c->rn) % cap] = loss;
		c->rn++;
		if (evbuffer_get_length(c->out) + sbuf.size >= FE_OUT_LOW)
			break;
	}
	if (sbuf.size > 0)
		evbuffer_add(c->out, sbuf.data, sbuf.size);
	msgpack_sbuffer_destroy(&sbuf);
}
