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

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "proto.h"
#include "proto_int.h"

/*
 * The framer.  It reads msgpack headers only, never allocates, and
 * bounds every header against the bytes the message may still use, so
 * that msgpack-c's unpacker (which allocates from headers before the
 * elements exist) only ever sees bytes whose every count is honest.
 *
 * Only whole items are accepted: a header or a str/bin body that is not
 * complete yet leaves sc->off at its first byte, so a later call parses
 * that one header again (at most 9 bytes) and nothing before it.
 */

enum scan_kind {
	SK_NIL,
	SK_BOOL,
	SK_UINT,	/* any integer >= 0, whatever its encoding */
	SK_NINT,	/* any integer < 0 */
	SK_FLOAT,
	SK_STR,
	SK_BIN,
	SK_ARRAY,
	SK_MAP,
};

struct scan_hdr {
	enum scan_kind	 kind;
	size_t		 hlen;	/* bytes of the header */
	uint64_t	 n;	/* body bytes, or elements of a container */
	uint64_t	 u;	/* value of an SK_UINT */
};

static uint64_t	 scan_be(const uint8_t *, size_t);
static int	 scan_fixed(uint8_t, struct scan_hdr *, size_t *);
static int	 scan_header(const uint8_t *, size_t, struct scan_hdr *);
static int	 scan_fail(struct proto_scan *, struct proto_error *,
		    const char *, ...)
		    __attribute__((__format__ (printf, 3, 4)));
static int	 scan_more(struct proto_scan *, size_t, size_t,
		    struct proto_error *);
static void	 scan_note(struct proto_scan *, const struct scan_hdr *);
static int	 scan_item(struct proto_scan *, const struct scan_hdr *,
		    size_t, int, struct proto_error *);
static int	 scan_run(struct proto_scan *, const void *, size_t, size_t,
		    int, struct proto_error *);

static uint64_t
scan_be(const uint8_t *p, size_t w)
{
	uint64_t	 v = 0;
	size_t		 i;

	for (i = 0; i < w; i++)
		v = (v << 8) | p[i];
	return (v);
}

/*
 * Kind and widths of the bytes 0xc0 .. 0xdf.  *w is the width of the
 * length or value field that follows the type byte.  -1 for 0xc1 and
 * every ext type: the protocol has no use for them.
 */
static int
scan_fixed(uint8_t b, struct scan_hdr *h, size_t *w)
{
	static const uint8_t	 widths[4] = { 1, 2, 4, 8 };

	*w = 0;
	switch (b) {
	case 0xc0:
		h->kind = SK_NIL;
		return (0);
	case 0xc2:
	case 0xc3:
		h->kind = SK_BOOL;
		return (0);
	case 0xc4:
	case 0xc5:
	case 0xc6:
		h->kind = SK_BIN;
		*w = widths[b - 0xc4];
		return (0);
	case 0xca:
	case 0xcb:
		/* The value is part of the header: no body to skip. */
		h->kind = SK_FLOAT;
		h->hlen += b == 0xca ? 4 : 8;
		return (0);
	case 0xcc:
	case 0xcd:
	case 0xce:
	case 0xcf:
		h->kind = SK_UINT;
		*w = widths[b - 0xcc];
		return (0);
	case 0xd0:
	case 0xd1:
	case 0xd2:
	case 0xd3:
		h->kind = SK_NINT;	/* decided once the value is read */
		*w = widths[b - 0xd0];
		return (0);
	case 0xd9:
	case 0xda:
	case 0xdb:
		h->kind = SK_STR;
		*w = widths[b - 0xd9];
		return (0);
	case 0xdc:
	case 0xdd:
		h->kind = SK_ARRAY;
		*w = b == 0xdc ? 2 : 4;
		return (0);
	case 0xde:
	case 0xdf:
		h->kind = SK_MAP;
		*w = b == 0xde ? 2 : 4;
		return (0);
	default:
		return (-1);
	}
}

/*
 * One header from p.  1: parsed; 0: more bytes needed; -1: a byte the
 * protocol refuses (h->u holds it).
 */
static int
scan_header(const uint8_t *p, size_t avail, struct scan_hdr *h)
{
	uint64_t	 v;
	size_t		 w;
	uint8_t		 b;

	memset(h, 0, sizeof(*h));
	h->hlen = 1;
	if (avail == 0)
		return (0);
	b = p[0];
	if (b <= 0x7f) {
		h->kind = SK_UINT;
		h->u = b;
		return (1);
	}
	if (b >= 0xe0) {
		h->kind = SK_NINT;
		return (1);
	}
	if (b <= 0xbf) {
		h->kind = b <= 0x8f ? SK_MAP : b <= 0x9f ? SK_ARRAY : SK_STR;
		h->n = b <= 0x9f ? (b & 0x0f) : (b & 0x1f);
		return (1);
	}
	if (scan_fixed(b, h, &w) == -1) {
		h->u = b;
		return (-1);
	}
	h->hlen += w;
	if (avail < h->hlen)
		return (0);
	v = scan_be(p + 1, w);
	switch (h->kind) {
	case SK_UINT:
		h->u = v;
		break;
	case SK_NINT:
		/* int8 .. int64 holding a value >= 0 is an unsigned one. */
		if ((v >> (w * 8 - 1)) == 0) {
			h->kind = SK_UINT;
			h->u = v;
		}
		break;
	case SK_STR:
	case SK_BIN:
	case SK_ARRAY:
	case SK_MAP:
		h->n = v;
		break;
	default:
		break;
	}
	return (1);
}

static int
scan_fail(struct proto_scan *sc, struct proto_error *err, const char *fmt,
    ...)
{
	char	 msg[PROTO_ERRMSG_MAX];
	va_list	 ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	proto_seterr(err, PROTO_E_SERDE, "framing: %s", msg);
	sc->depth = -1;		/* stays failed */
	return (-1);
}

/* More bytes are needed: fine unless the cap forbids them. */
static int
scan_more(struct proto_scan *sc, size_t len, size_t maxlen,
    struct proto_error *err)
{
	if (len >= maxlen)
		return (scan_fail(sc, err, "message longer than %zu bytes",
		    maxlen));
	return (0);
}

/* The first two elements of the outer array: type, then msgid. */
static void
scan_note(struct proto_scan *sc, const struct scan_hdr *h)
{
	int	 idx = sc->top_items++;

	if (h->kind != SK_UINT)
		return;
	if (idx == 0 && h->u <= PROTO_T_NOTIFY)
		sc->type = (int)h->u;
	else if (idx == 1 && sc->type == PROTO_T_REQUEST &&
	    h->u <= UINT32_MAX) {
		sc->msgid = (uint32_t)h->u;
		sc->have_msgid = 1;
	}
}

/*
 * Accept one whole item whose header is h: account for it in its
 * container and open it if it is a non-empty container.  1: the
 * message is complete; 0: go on; -1: refused.
 */
static int
scan_item(struct proto_scan *sc, const struct scan_hdr *h, size_t maxlen,
    int rpc, struct proto_error *err)
{
	uint64_t	 count = 0;
	size_t		 room;

	room = maxlen - sc->off - h->hlen;
	if (h->kind == SK_ARRAY || h->kind == SK_MAP) {
		if (sc->depth >= PROTO_DEPTH_MAX)
			return (scan_fail(sc, err,
			    "nesting deeper than %d levels", PROTO_DEPTH_MAX));
		/* Every element takes at least one byte. */
		count = h->kind == SK_MAP ? h->n * 2 : h->n;
		if (count > room)
			return (scan_fail(sc, err, "%s of %llu elements "
			    "exceeds the message limit", h->kind == SK_MAP ?
			    "map" : "array", (unsigned long long)h->n));
	}
	if (rpc && sc->depth == 1)
		scan_note(sc, h);
	sc->off += h->hlen;
	if (h->kind == SK_STR || h->kind == SK_BIN)
		sc->off += h->n;
	if (sc->depth > 0)
		sc->left[sc->depth - 1]--;
	if (count > 0) {
		sc->left[sc->depth++] = (uint32_t)count;
		return (0);
	}
	while (sc->depth > 0 && sc->left[sc->depth - 1] == 0)
		sc->depth--;
	if (sc->depth > 0)
		return (0);
	sc->len = sc->off;
	return (1);
}

static int
scan_run(struct proto_scan *sc, const void *buf, size_t len, size_t maxlen,
    int rpc, struct proto_error *err)
{
	const uint8_t	*p = buf;
	struct scan_hdr	 h;
	size_t		 avail;
	int		 r;

	if (sc->depth < 0)
		return (scan_fail(sc, err, "message already refused"));
	if (sc->len != 0)
		return (1);
	if (maxlen > PROTO_MSG_MAX)
		maxlen = PROTO_MSG_MAX;
	/* Bytes past the cap can never belong to this message. */
	if (len > maxlen)
		len = maxlen;
	if (len < sc->off)
		return (scan_fail(sc, err, "buffer shrank"));
	for (;;) {
		avail = len - sc->off;
		if (avail == 0)
			return (scan_more(sc, len, maxlen, err));
		r = scan_header(p + sc->off, avail, &h);
		if (r == -1)
			return (scan_fail(sc, err, "%s 0x%02x refused",
			    h.u == 0xc1 ? "invalid byte" : "ext type",
			    (unsigned int)h.u));
		if (r == 0)
			return (scan_more(sc, len, maxlen, err));
		if (rpc && sc->off == 0 &&
		    (h.kind != SK_ARRAY || h.n < 3 || h.n > 4))
			return (scan_fail(sc, err, "not a msgpack-RPC message "
			    "(expected an array of 3 or 4 elements)"));
		if ((h.kind == SK_STR || h.kind == SK_BIN) &&
		    h.n > maxlen - sc->off - h.hlen)
			return (scan_fail(sc, err, "%s of %llu bytes exceeds "
			    "the message limit", h.kind == SK_STR ? "string" :
			    "binary", (unsigned long long)h.n));
		if ((h.kind == SK_STR || h.kind == SK_BIN) &&
		    h.n > avail - h.hlen)
			return (scan_more(sc, len, maxlen, err));
		if ((r = scan_item(sc, &h, maxlen, rpc, err)) != 0)
			return (r);
	}
}

void
proto_scan_init(struct proto_scan *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->type = -1;
}

int
proto_scan(struct proto_scan *sc, const void *buf, size_t len,
    size_t maxlen, struct proto_error *err)
{
	return (scan_run(sc, buf, len, maxlen, 1, err));
}

/* Same, for one bare msgpack value (a params array, say). */
int
proto_scan_value(struct proto_scan *sc, const void *buf, size_t len,
    size_t maxlen, struct proto_error *err)
{
	return (scan_run(sc, buf, len, maxlen, 0, err));
}

/*
 * Frame complete bytes as exactly one value, then let msgpack-c build
 * the object tree: every count in it has been bounded by the scan.
 * On success the caller destroys *up.
 */
int
proto_unpack(const void *buf, size_t len, int rpc, msgpack_unpacked *up,
    struct proto_scan *sc, struct proto_error *err)
{
	msgpack_unpack_return	 ur;
	size_t			 off = 0;
	int			 r;

	/*
	 * One byte of slack over the buffer, so that a message cut short
	 * reads as "truncated", not as too long.
	 */
	proto_scan_init(sc);
	r = scan_run(sc, buf, len, len < PROTO_MSG_MAX ? len + 1 :
	    PROTO_MSG_MAX, rpc, err);
	if (r == -1)
		return (-1);
	if (r == 0) {
		proto_seterr(err, PROTO_E_SERDE, "framing: truncated message");
		return (-1);
	}
	if (sc->len != len) {
		proto_seterr(err, PROTO_E_SERDE,
		    "framing: trailing bytes after the message");
		return (-1);
	}
	msgpack_unpacked_init(up);
	ur = msgpack_unpack_next(up, buf, len, &off);
	if (ur != MSGPACK_UNPACK_SUCCESS || off != len) {
		msgpack_unpacked_destroy(up);
		proto_seterr(err, PROTO_E_SERDE, "framing: %s",
		    ur == MSGPACK_UNPACK_NOMEM_ERROR ? "message too large" :
		    "malformed message");
		return (-1);
	}
	return (0);
}

int
proto_message_type(const void *buf, size_t len)
{
	struct proto_scan	 sc;

	proto_scan_init(&sc);
	if (proto_scan(&sc, buf, len, len, NULL) != 1 || sc.len != len)
		return (-1);
	return (sc.type);
}
