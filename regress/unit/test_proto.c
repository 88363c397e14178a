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
 * proto/: framing, every method's params, results, events, limits and
 * round trips.  Hostile inputs follow SECURITY-NOTES.md B6 and (c) 1-14.
 *
 * Inputs are written in a small template notation turned into msgpack
 * by mp(): [a, b], {k: v}, 'str' (\0 \\ \' \xHH escapes, 'ab'*N
 * repeats), b'bin', nil, true, false, integers (unsigned unless
 * negative), floats (1.5, 1.5f for float32, nan, inf), @c1d4@ raw
 * bytes, and rep(N, value) for N array elements.
 */

#include <linux/capability.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "proto_int.h"
#include "test.h"

#define TBUF_MAX	(256 * 1024)	/* composed templates */

struct mcase {
	enum proto_method	 m;
	const char		*base;	/* required fields but domain */
	int			 domain_req;
};

static const struct mcase mcases[] = {
	{ PROTO_M_CONFIGURE,	"",				1 },
	{ PROTO_M_START,	"",				1 },
	{ PROTO_M_EXEC,		"'name': 'n', 'path': '/bin/true'", 1 },
	{ PROTO_M_TERMINATE,	"'name': 'n'",			1 },
	{ PROTO_M_KILL,		"'name': 'n'",			1 },
	{ PROTO_M_STOP,		"",				1 },
	{ PROTO_M_FREEZE,	"",				1 },
	{ PROTO_M_THAW,		"",				1 },
	{ PROTO_M_EVENTS,	"",				0 },
	{ PROTO_M_STATUS,	"",				0 },
};

static msgpack_sbuffer	 tb;		/* output of mp() */
static char		 tbuf[TBUF_MAX];	/* composed templates */

static void	 mp_fail(const char *, const char *);
static void	 mp_ws(const char **);
static void	 mp_expect(const char **, char);
static void	 mp_string(const char **, msgpack_packer *, int);
static void	 mp_number(const char **, msgpack_packer *);
static void	 mp_raw(const char **, msgpack_packer *);
static void	 mp_container(const char **, msgpack_packer *, int);
static void	 mp_value(const char **, msgpack_packer *);
static size_t	 mp_elem(const char **, msgpack_packer *);
static const char *mp(const char *);
static const char *compose(enum proto_method, const char *, const char *,
		    const char *);
static int	 is_zero(const void *, size_t);
static void	 bad(enum proto_method, const char *, const char *);
static void	 bad_field(enum proto_method, const char *, const char *);
static void	 ok_params(enum proto_method, const char *,
		    union proto_params *);
static void	 ok_field(enum proto_method, const char *,
		    union proto_params *);
static void	 roundtrip_params(enum proto_method,
		    const union proto_params *);
static void	 test_util(void);
static void	 test_scan_basic(void);
static void	 test_scan_hostile(void);
static void	 test_scan_trickle(void);
static void	 test_scan_pipeline(void);
static void	 test_request_envelope(void);
static void	 test_common_fields(void);
static void	 test_ping(void);
static void	 test_configure_ok(void);
static void	 test_configure_mounts(void);
static void	 test_configure_caps(void);
static void	 test_configure_rest(void);
static void	 test_start(void);
static void	 test_exec_ok(void);
static void	 test_exec_bad(void);
static void	 test_exec_limits(void);
static void	 test_targets(void);
static void	 test_domreqs(void);
static void	 test_built_roundtrips(void);
static void	 test_responses(void);
static void	 test_responses_bad(void);
static void	 test_events(void);
static void	 test_encode_errors(void);

/* Template notation to msgpack; a bad template is a bug in this file. */
static void
mp_fail(const char *why, const char *at)
{
	fprintf(stderr, "template error: %s at \"%.20s\"\n", why, at);
	abort();
}

static void
mp_ws(const char **s)
{
	while (**s == ' ' || **s == '\t' || **s == '\n')
		(*s)++;
}

static void
mp_expect(const char **s, char c)
{
	mp_ws(s);
	if (**s != c)
		mp_fail("unexpected character", *s);
	(*s)++;
}

static void
mp_string(const char **s, msgpack_packer *pk, int bin)
{
	char		*b;
	size_t		 n = 0, rep = 1, i;
	char		 q = **s, c, hex[3];

	if ((b = malloc(strlen(*s) + 1)) == NULL)
		abort();
	for ((*s)++; **s != q; (*s)++) {
		if (**s == '\0')
			mp_fail("unterminated string", *s);
		c = **s;
		if (c == '\\') {
			(*s)++;
			c = **s;
			if (c == '0')
				c = '\0';
			else if (c == 'x') {
				hex[0] = (*s)[1];
				hex[1] = (*s)[2];
				hex[2] = '\0';
				c = (char)strtoul(hex, NULL, 16);
				*s += 2;
			}
		}
		b[n++] = c;
	}
	(*s)++;
	if (**s == '*') {
		(*s)++;
		rep = strtoul(*s, (char **)s, 10);
	}
	if (bin)
		msgpack_pack_bin(pk, n * rep);
	else
		msgpack_pack_str(pk, n * rep);
	for (i = 0; i < rep; i++) {
		if (bin)
			msgpack_pack_bin_body(pk, b, n);
		else
			msgpack_pack_str_body(pk, b, n);
	}
	free(b);
}

static void
mp_number(const char **s, msgpack_packer *pk)
{
	const char	*p = *s;
	char		*end;
	int		 fl = 0;

	if (strncmp(p, "nan", 3) == 0 || strncmp(p, "inf", 3) == 0 ||
	    strncmp(p, "-inf", 4) == 0)
		fl = 1;
	for (; !fl && strchr("-+0123456789.eE", *p) != NULL; p++)
		if (*p == '.' || *p == 'e' || *p == 'E')
			fl = 1;
	errno = 0;
	if (fl) {
		double d = strtod(*s, &end);

		if (*end == 'f') {
			msgpack_pack_float(pk, (float)d);
			end++;
		} else
			msgpack_pack_double(pk, d);
	} else if (**s == '-')
		msgpack_pack_int64(pk, strtoll(*s, &end, 10));
	else
		msgpack_pack_uint64(pk, strtoull(*s, &end, 10));
	if (end == *s || errno != 0)
		mp_fail("bad number", *s);
	*s = end;
}

static void
mp_raw(const char **s, msgpack_packer *pk)
{
	char		 hex[3];
	unsigned char	 c;

	for ((*s)++; **s != '@'; *s += 2) {
		hex[0] = (*s)[0];
		hex[1] = (*s)[1];
		hex[2] = '\0';
		c = (unsigned char)strtoul(hex, NULL, 16);
		msgpack_sbuffer_write(pk->data, (const char *)&c, 1);
	}
	(*s)++;
}

/* Elements go to a side buffer first: the header needs their count. */
static void
mp_container(const char **s, msgpack_packer *pk, int map)
{
	msgpack_sbuffer	 sb;
	msgpack_packer	 cpk;
	size_t		 n = 0;
	char		 close = map ? '}' : ']';

	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&cpk, &sb, msgpack_sbuffer_write);
	(*s)++;
	for (mp_ws(s); **s != close; mp_ws(s)) {
		if (map) {
			mp_value(s, &cpk);
			mp_expect(s, ':');
			mp_value(s, &cpk);
			n++;
		} else
			n += mp_elem(s, &cpk);
		mp_ws(s);
		if (**s == ',')
			(*s)++;
		else if (**s != close)
			mp_fail("expected , or end", *s);
	}
	(*s)++;
	if (map)
		msgpack_pack_map(pk, n);
	else
		msgpack_pack_array(pk, n);
	msgpack_sbuffer_write(pk->data, sb.data, sb.size);
	msgpack_sbuffer_destroy(&sb);
}

static void
mp_value(const char **s, msgpack_packer *pk)
{
	mp_ws(s);
	if (**s == '[' || **s == '{')
		mp_container(s, pk, **s == '{');
	else if (**s == '\'' || **s == '"')
		mp_string(s, pk, 0);
	else if (**s == 'b' && ((*s)[1] == '\'' || (*s)[1] == '"')) {
		(*s)++;
		mp_string(s, pk, 1);
	} else if (**s == '@')
		mp_raw(s, pk);
	else if (strncmp(*s, "nil", 3) == 0) {
		msgpack_pack_nil(pk);
		*s += 3;
	} else if (strncmp(*s, "true", 4) == 0) {
		msgpack_pack_true(pk);
		*s += 4;
	} else if (strncmp(*s, "false", 5) == 0) {
		msgpack_pack_false(pk);
		*s += 5;
	} else
		mp_number(s, pk);
}

static size_t
mp_elem(const char **s, msgpack_packer *pk)
{
	const char	*start;
	size_t		 n, i;

	mp_ws(s);
	if (strncmp(*s, "rep(", 4) != 0) {
		mp_value(s, pk);
		return (1);
	}
	*s += 4;
	n = strtoul(*s, (char **)s, 10);
	mp_expect(s, ',');
	start = *s;
	for (i = 0; i < n; i++) {
		*s = start;
		mp_value(s, pk);
	}
	if (n == 0)
		mp_value(s, pk);	/* skip it, but parse it */
	mp_expect(s, ')');
	return (n);
}

/* The msgpack of a template, in tb (until the next call). */
static const char *
mp(const char *t)
{
	msgpack_packer	 pk;
	const char	*s = t;

	msgpack_sbuffer_destroy(&tb);
	msgpack_sbuffer_init(&tb);
	msgpack_packer_init(&pk, &tb, msgpack_sbuffer_write);
	mp_value(&s, &pk);
	mp_ws(&s);
	if (*s != '\0')
		mp_fail("trailing text", s);
	return (tb.data);
}

/* "[{'domain': D, base, extra}]" with empty parts left out. */
static const char *
compose(enum proto_method m, const char *domain, const char *base,
    const char *extra)
{
	const char	*parts[3] = { domain, base, extra };
	size_t		 i;
	int		 first = 1;

	(void)m;
	strlcpy(tbuf, "[{", sizeof(tbuf));
	for (i = 0; i < 3; i++) {
		if (parts[i] == NULL || *parts[i] == '\0')
			continue;
		if (!first)
			strlcat(tbuf, ", ", sizeof(tbuf));
		if (i == 0)
			strlcat(tbuf, "'domain': ", sizeof(tbuf));
		if (strlcat(tbuf, parts[i], sizeof(tbuf)) >= sizeof(tbuf))
			abort();
		first = 0;
	}
	strlcat(tbuf, "}]", sizeof(tbuf));
	return (tbuf);
}

static int
is_zero(const void *p, size_t n)
{
	const unsigned char	*b = p;
	size_t			 i;

	for (i = 0; i < n; i++)
		if (b[i] != 0)
			return (0);
	return (1);
}

/*
 * params must fail, both alone and inside a request, with a serde error
 * containing needle, nothing left in the struct (LeakSanitizer checks
 * nothing stayed allocated) and the msgid recovered.
 */
static void
bad(enum proto_method m, const char *params, const char *needle)
{
	union proto_params	 p;
	struct proto_request	 req;
	struct proto_error	 err;
	char			*t;
	int			 r;

	memset(&err, 0, sizeof(err));
	mp(params);
	r = proto_decode_params(m, tb.data, tb.size, &p, &err);
	CHECK(r == -1 && err.kind == PROTO_E_SERDE &&
	    strstr(err.message, needle) != NULL && is_zero(&p, sizeof(p)),
	    "%s params %.60s: \"%s\" (got \"%s\")", proto_method_name(m),
	    params, needle, err.message);
	if (asprintf(&t, "[0, 4242, '%s', %s]", proto_method_name(m),
	    params) == -1)
		abort();
	memset(&err, 0, sizeof(err));
	mp(t);
	r = proto_decode_request(tb.data, tb.size, &req, &err);
	CHECK(r == -1 && err.kind == PROTO_E_SERDE && req.msgid == 4242 &&
	    strstr(err.message, needle) != NULL &&
	    is_zero(&req.p, sizeof(req.p)),
	    "%s request: \"%s\" (got \"%s\")", proto_method_name(m), needle,
	    err.message);
	free(t);
}

/* bad() on the method's valid base map plus extra. */
static void
bad_field(enum proto_method m, const char *extra, const char *needle)
{
	size_t	 i;

	for (i = 0; i < PROTO_NITEMS(mcases); i++)
		if (mcases[i].m == m)
			break;
	if (i == PROTO_NITEMS(mcases))
		abort();
	bad(m, compose(m, "'d'", mcases[i].base, extra), needle);
}

static void
roundtrip_params(enum proto_method m, const union proto_params *p)
{
	union proto_params	 q;
	struct proto_request	 req, req2;
	struct proto_error	 err;
	msgpack_sbuffer		 sb;
	int			 r;

	msgpack_sbuffer_init(&sb);
	r = proto_encode_params(&sb, m, p);
	CHECK(r == 0, "%s: encode params", proto_method_name(m));
	r = proto_decode_params(m, sb.data, sb.size, &q, &err);
	CHECK(r == 0 && proto_params_equal(m, p, &q),
	    "%s: params round trip (%s)", proto_method_name(m),
	    r ? err.message : "");
	if (r == 0)
		proto_params_free(m, &q);

	/* The whole request too, with a msgid at the top of its range. */
	sb.size = 0;
	memset(&req, 0, sizeof(req));
	req.msgid = UINT32_MAX;
	req.method = m;
	req.p = *p;
	r = proto_encode_request(&sb, &req);
	CHECK(r == 0 && proto_message_type(sb.data, sb.size) == 0,
	    "%s: encode request", proto_method_name(m));
	r = proto_decode_request(sb.data, sb.size, &req2, &err);
	CHECK(r == 0 && proto_request_equal(&req, &req2),
	    "%s: request round trip (%s)", proto_method_name(m),
	    r ? err.message : "");
	if (r == 0)
		proto_request_free(&req2);
	msgpack_sbuffer_destroy(&sb);
}

/* params must decode; then round trip.  The caller frees *p. */
static void
ok_params(enum proto_method m, const char *params, union proto_params *p)
{
	struct proto_error	 err;
	int			 r;

	mp(params);
	r = proto_decode_params(m, tb.data, tb.size, p, &err);
	CHECK(r == 0, "%s params %.60s accepted (%s)", proto_method_name(m),
	    params, r ? err.message : "");
	if (r == 0)
		roundtrip_params(m, p);
}

static void
ok_field(enum proto_method m, const char *extra, union proto_params *p)
{
	size_t	 i;

	for (i = 0; i < PROTO_NITEMS(mcases); i++)
		if (mcases[i].m == m)
			break;
	ok_params(m, compose(m, "'d'", mcases[i].base, extra), p);
}

static void
test_util(void)
{
	enum proto_method	 m;
	enum proto_errkind	 k;
	struct proto_error	 err;
	char			 big[2 * PROTO_ERRMSG_MAX];
	int			 i, allok = 1;

	/* The name table is the kernel's numbering. */
	CHECK(PROTO_CAP_LAST == CAP_LAST_CAP, "cap table ends at "
	    "CAP_LAST_CAP");
	CHECK(proto_cap_lookup("CAP_CHOWN", 9) == CAP_CHOWN &&
	    proto_cap_lookup("CAP_NET_BIND_SERVICE", 20) ==
	    CAP_NET_BIND_SERVICE &&
	    proto_cap_lookup("CAP_SYS_ADMIN", 13) == CAP_SYS_ADMIN &&
	    proto_cap_lookup("CAP_AUDIT_READ", 14) == CAP_AUDIT_READ &&
	    proto_cap_lookup("CAP_BPF", 7) == CAP_BPF &&
	    proto_cap_lookup("CAP_CHECKPOINT_RESTORE", 22) ==
	    CAP_CHECKPOINT_RESTORE, "cap numbers match linux/capability.h");
	for (i = 0; i <= PROTO_CAP_LAST; i++)
		if (proto_cap_lookup(proto_cap_name(i),
		    strlen(proto_cap_name(i))) != i)
			allok = 0;
	CHECK(allok, "every cap name looks up to its number");
	CHECK(proto_cap_lookup("CAP_CHOWNX", 10) == -1 &&
	    proto_cap_lookup("CAP_CHOWN", 8) == -1 &&
	    proto_cap_lookup("cap_chown", 9) == -1 &&
	    proto_cap_name(-1) == NULL && proto_cap_name(41) == NULL,
	    "unknown caps refused");

	allok = 1;
	for (i = 0; i < PROTO_M_MAX; i++) {
		if (proto_method_lookup(proto_method_name(i),
		    strlen(proto_method_name(i)), &m) == -1 || (int)m != i)
			allok = 0;
	}
	CHECK(allok, "every method name looks up");
	CHECK(proto_method_lookup("pin", 3, &m) == -1 &&
	    proto_method_lookup("pingx", 5, &m) == -1 &&
	    strcmp(proto_method_name(PROTO_M_MAX), "unknown") == 0,
	    "unknown methods refused");
	CHECK(proto_errkind_lookup("serde", 5, &k) == 0 &&
	    k == PROTO_E_SERDE &&
	    proto_errkind_lookup("no_such_entity", 14, &k) == 0 &&
	    k == PROTO_E_NO_SUCH_ENTITY &&
	    proto_errkind_lookup("none", 4, &k) == -1 &&
	    strcmp(proto_errkind_name(PROTO_E_INVALID_STATE),
	    "invalid_state") == 0 &&
	    strcmp(proto_errkind_name(PROTO_E_FAILURE), "failure") == 0,
	    "error kinds");
	CHECK(strcmp(proto_cause_name(PROTO_CAUSE_OOM_KILLED),
	    "oom_killed") == 0 &&
	    strcmp(proto_domstate_name(PROTO_DOM_FROZEN), "frozen") == 0 &&
	    strcmp(proto_procstate_name(PROTO_PROC_EXITED), "exited") == 0 &&
	    strcmp(proto_domstate_name(99), "unknown") == 0,
	    "state and cause names");

	CHECK(proto_name_valid("a", 1) && proto_name_valid("A-z_0.9", 7) &&
	    proto_name_valid("...", 3) && proto_name_valid(
	    "0123456789012345678901234567890123456789012345678901234567890123",
	    64), "valid names");
	CHECK(!proto_name_valid("", 0) && !proto_name_valid(".", 1) &&
	    !proto_name_valid("..", 2) && !proto_name_valid("a/b", 3) &&
	    !proto_name_valid("a b", 3) && !proto_name_valid("a\0b", 3) &&
	    !proto_name_valid("\xc3\xa9", 2) && !proto_name_valid(
	    "01234567890123456789012345678901234567890123456789012345678901234",
	    65), "invalid names");

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	proto_seterr(&err, PROTO_E_FAILURE, "%s", big);
	CHECK(err.kind == PROTO_E_FAILURE &&
	    strlen(err.message) == PROTO_ERRMSG_MAX - 1 &&
	    err.hook_name[0] == '\0', "proto_seterr truncates");
	proto_seterr(NULL, PROTO_E_FAILURE, "nothing");
}

static void
test_scan_basic(void)
{
	struct proto_scan	 sc;
	struct proto_error	 err;
	const char		*b;
	size_t			 n;
	int			 r;

	b = mp("[0, 9, 'ping', []]");
	n = tb.size;
	proto_scan_init(&sc);
	r = proto_scan(&sc, b, n, PROTO_MSG_DEFAULT, &err);
	CHECK(r == 1 && sc.len == n && sc.type == 0 && sc.have_msgid &&
	    sc.msgid == 9, "scan: ping request");
	CHECK(proto_scan(&sc, b, n, PROTO_MSG_DEFAULT, &err) == 1 &&
	    sc.len == n, "scan: complete state answers 1 again");
	CHECK(proto_message_type(b, n) == 0, "message type: request");

	b = mp("[1, 9, nil, nil]");
	proto_scan_init(&sc);
	r = proto_scan(&sc, b, tb.size, PROTO_MSG_DEFAULT, &err);
	CHECK(r == 1 && sc.type == 1 && !sc.have_msgid,
	    "scan: response, no request msgid");
	CHECK(proto_message_type(b, tb.size) == 1, "message type: response");
	b = mp("[2, 'event', []]");
	CHECK(proto_message_type(b, tb.size) == 2, "message type: notify");
	b = mp("[3, 1, 'x', []]");
	CHECK(proto_message_type(b, tb.size) == -1, "message type: 3");
	b = mp("[0, 1, 'ping', []]");
	CHECK(proto_message_type(b, tb.size - 1) == -1 &&
	    proto_message_type(b, 0) == -1, "message type: truncated");

	/* Non-canonical encodings of the type and msgid are still ints. */
	b = mp("[@d000@, @cf000000000000002a@, 'ping', []]");
	proto_scan_init(&sc);
	r = proto_scan(&sc, b, tb.size, PROTO_MSG_DEFAULT, &err);
	CHECK(r == 1 && sc.type == 0 && sc.have_msgid && sc.msgid == 42,
	    "scan: int8 type, uint64 msgid");
	b = mp("[0, 4294967296, 'ping', []]");
	proto_scan_init(&sc);
	r = proto_scan(&sc, b, tb.size, PROTO_MSG_DEFAULT, &err);
	CHECK(r == 1 && !sc.have_msgid, "scan: msgid beyond uint32 not "
	    "recorded");

	/* Top level: an array of 3 or 4 and nothing else. */
	b = mp("'ping'");
	proto_scan_init(&sc);
	CHECK(proto_scan(&sc, b, tb.size, PROTO_MSG_DEFAULT, &err) == -1 &&
	    strstr(err.message, "msgpack-RPC") != NULL, "scan: top-level str");
	b = mp("[0, 1]");
	proto_scan_init(&sc);
	CHECK(proto_scan(&sc, b, tb.size, PROTO_MSG_DEFAULT, &err) == -1,
	    "scan: top-level array of 2");
	b = mp("[0, 1, 'ping', [], nil]");
	proto_scan_init(&sc);
	CHECK(proto_scan(&sc, b, tb.size, PROTO_MSG_DEFAULT, &err) == -1,
	    "scan: top-level array of 5");
	b = mp("{0: 1, 2: 3, 4: 5}");
	proto_scan_init(&sc);
	CHECK(proto_scan(&sc, b, tb.size, PROTO_MSG_DEFAULT, &err) == -1,
	    "scan: top-level map");

	/* maxlen: the message fits exactly, or is refused at once. */
	b = mp("[0, 1, 'exec', ['x'*100]]");
	n = tb.size;
	proto_scan_init(&sc);
	CHECK(proto_scan(&sc, b, n, n, &err) == 1 && sc.len == n,
	    "scan: message of exactly maxlen");
	proto_scan_init(&sc);
	r = proto_scan(&sc, b, n, n - 1, &err);
	CHECK(r == -1 && err.kind == PROTO_E_SERDE,
	    "scan: message over maxlen (%s)", err.message);
	proto_scan_init(&sc);
	r = proto_scan(&sc, b, 20, 50, &err);
	CHECK(r == -1 && strstr(err.message, "string of 100 bytes") != NULL,
	    "scan: string longer than maxlen refused before its bytes (%s)",
	    err.message);
	CHECK(proto_scan(&sc, b, n, PROTO_MSG_DEFAULT, &err) == -1,
	    "scan: a refused state stays refused");
	proto_scan_init(&sc);
	CHECK(proto_scan(&sc, b, n, PROTO_MSG_MAX * 4, &err) == 1,
	    "scan: maxlen above the hard cap is clamped, not ignored");
	proto_scan_init(&sc);
	CHECK(proto_scan(&sc, b, 0, PROTO_MSG_DEFAULT, &err) == 0 &&
	    proto_scan(&sc, NULL, 0, PROTO_MSG_DEFAULT, &err) == 0,
	    "scan: no bytes yet");
}

static void
test_scan_hostile(void)
{
	static const unsigned char exts[][2] = {
		{ 0xd4, 0x01 }, { 0xd5, 0x01 }, { 0xd6, 0xff },
		{ 0xd7, 0xff }, { 0xd8, 0x01 }, { 0xc7, 0x00 },
		{ 0xc8, 0x00 }, { 0xc9, 0x00 },
	};
	static const unsigned char hdr[] = {
		0x94, 0x00, 0x07, 0xa4, 'p', 'i', 'n', 'g',
	};
	struct proto_scan	 sc;
	struct proto_error	 err;
	struct proto_request	 req;
	union proto_params	 p;
	unsigned char		*buf;
	const char		*b;
	size_t			 i, depth;
	size_t			 depths[] = { 9, 33, 1000, 1000000 };
	int			 r;

	/* 0xc1 is never valid, alone or inside. */
	proto_scan_init(&sc);
	r = proto_scan(&sc, "\xc1", 1, PROTO_MSG_DEFAULT, &err);
	CHECK(r == -1 && strstr(err.message, "0xc1") != NULL,
	    "scan: 0xc1 refused (%s)", err.message);
	b = mp("[0, 7, 'ping', [@c1@]]");
	proto_scan_init(&sc);
	r = proto_scan(&sc, b, tb.size, PROTO_MSG_DEFAULT, &err);
	CHECK(r == -1 && sc.have_msgid && sc.msgid == 7,
	    "scan: nested 0xc1 refused, msgid kept");
	r = proto_decode_request(b, tb.size, &req, &err);
	CHECK(r == -1 && req.msgid == 7 && err.kind == PROTO_E_SERDE,
	    "decode: unframeable request still yields its msgid");

	/* Headers claiming 4 G elements or bytes, with 5 bytes sent. */
	buf = calloc(1, 2000000);
	if (buf == NULL)
		abort();
	memcpy(buf, hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), "\xdd\xff\xff\xff\xff", 5);
	proto_scan_init(&sc);
	r = proto_scan(&sc, buf, sizeof(hdr) + 5, PROTO_MSG_DEFAULT, &err);
	CHECK(r == -1 && strstr(err.message, "array of 4294967295") != NULL,
	    "scan: dd ff ff ff ff refused at once (%s)", err.message);
	r = proto_decode_request(buf, sizeof(hdr) + 5, &req, &err);
	CHECK(r == -1 && req.msgid == 7, "decode: dd ff ff ff ff");
	memcpy(buf + sizeof(hdr), "\xdf\xff\xff\xff\xff", 5);
	proto_scan_init(&sc);
	r = proto_scan(&sc, buf, sizeof(hdr) + 5, PROTO_MSG_DEFAULT, &err);
	CHECK(r == -1 && strstr(err.message, "map of 4294967295") != NULL,
	    "scan: df ff ff ff ff refused at once (%s)", err.message);
	r = proto_decode_params(PROTO_M_EXEC, "\xdd\xff\xff\xff\xff", 5, &p,
	    &err);
	CHECK(r == -1, "decode params: bare dd ff ff ff ff");
	r = proto_decode_params(PROTO_M_EXEC, "\xdf\xff\xff\xff\xff", 5, &p,
	    &err);
	CHECK(r == -1, "decode params: bare df ff ff ff ff");
	r = proto_decode_request("\xdd\xff\xff\xff\xff", 5, &req, &err);
	CHECK(r == -1 && req.msgid == 0, "decode: top-level dd ff ff ff ff");
	/* A map of n pairs needs 2n bytes: n = bytes left is too many. */
	memcpy(buf + sizeof(hdr), "\x91\xde\x00\x05", 4);
	proto_scan_init(&sc);
	r = proto_scan(&sc, buf, sizeof(hdr) + 4, sizeof(hdr) + 4 + 9,
	    &err);
	CHECK(r == -1 && strstr(err.message, "map of 5") != NULL,
	    "scan: map counts two items per entry");
	memcpy(buf + sizeof(hdr), "\x91\xdb\xff\xff\xff\xff", 6);
	proto_scan_init(&sc);
	r = proto_scan(&sc, buf, sizeof(hdr) + 6, PROTO_MSG_DEFAULT, &err);
	CHECK(r == -1 && strstr(err.message, "string of 4294967295") != NULL,
	    "scan: str32 of 4 GiB refused at once");
	memcpy(buf + sizeof(hdr), "\x91\xc6\xff\xff\xff\xff", 6);
	proto_scan_init(&sc);
	r = proto_scan(&sc, buf, sizeof(hdr) + 6, PROTO_MSG_DEFAULT, &err);
	CHECK(r == -1 && strstr(err.message, "binary of") != NULL,
	    "scan: bin32 of 4 GiB refused at once");
	/* The msgpackr chain: array16(65535) headers one inside another. */
	for (i = 0; i < 8; i++)
		memcpy(buf + sizeof(hdr) + 3 * i, "\xdc\xff\xff", 3);
	proto_scan_init(&sc);
	r = proto_scan(&sc, buf, sizeof(hdr) + 24, 1000, &err);
	CHECK(r == -1, "scan: array16(65535) chain refused under a small cap");
	r = proto_decode_request(buf, sizeof(hdr) + 24, &req, &err);
	CHECK(r == -1, "decode: array16(65535) chain refused");

	/* Nesting: 8 levels in all is the most; 9 and more refused. */
	for (i = 0; i < PROTO_NITEMS(depths); i++) {
		depth = depths[i];
		memset(buf + sizeof(hdr), 0x91, depth);
		buf[sizeof(hdr) + depth] = 0xc0;
		proto_scan_init(&sc);
		r = proto_scan(&sc, buf, sizeof(hdr) + depth + 1,
		    PROTO_MSG_MAX, &err);
		CHECK(r == -1 && strstr(err.message, "nesting") != NULL &&
		    sc.have_msgid && sc.msgid == 7,
		    "scan: %zu nested arrays refused", depth + 1);
		r = proto_decode_request(buf, sizeof(hdr) + depth + 1, &req,
		    &err);
		CHECK(r == -1 && strstr(err.message, "nesting") != NULL &&
		    req.msgid == 7, "decode: %zu nested arrays refused",
		    depth + 1);
		r = proto_decode_params(PROTO_M_PING, buf + sizeof(hdr),
		    depth + 1, &p, &err);
		CHECK(r == -1 && strstr(err.message, "nesting") != NULL,
		    "decode params: %zu nested arrays refused", depth);
	}
	memset(buf + sizeof(hdr), 0x91, 6);
	buf[sizeof(hdr) + 6] = 0x90;
	proto_scan_init(&sc);
	r = proto_scan(&sc, buf, sizeof(hdr) + 7, PROTO_MSG_MAX, &err);
	CHECK(r == 1, "scan: 8 levels accepted");
	buf[sizeof(hdr) + 6] = 0x91;
	buf[sizeof(hdr) + 7] = 0x90;
	proto_scan_init(&sc);
	r = proto_scan(&sc, buf, sizeof(hdr) + 8, PROTO_MSG_MAX, &err);
	CHECK(r == -1, "scan: empty array at level 9 refused");

	/* Every ext type, timestamps and zero-length ext included. */
	for (i = 0; i < PROTO_NITEMS(exts); i++) {
		memcpy(buf + sizeof(hdr), "\x91", 1);
		memcpy(buf + sizeof(hdr) + 1, exts[i], 2);
		memset(buf + sizeof(hdr) + 3, 0, 20);
		proto_scan_init(&sc);
		r = proto_scan(&sc, buf, sizeof(hdr) + 23, PROTO_MSG_DEFAULT,
		    &err);
		CHECK(r == -1 && strstr(err.message, "ext") != NULL,
		    "scan: ext 0x%02x refused", exts[i][0]);
	}
	b = mp("[0, 1, 'ping', [@d6ff00000001@]]");
	r = proto_decode_request(b, tb.size, &req, &err);
	CHECK(r == -1 && req.msgid == 1, "decode: timestamp ext refused");
	free(buf);
}

/* 1 byte at a time: 0 until the last byte, and progress as it goes. */
static void
test_scan_trickle(void)
{
	struct proto_scan	 sc, fresh;
	struct proto_error	 err;
	union proto_params	 p;
	msgpack_sbuffer		 sb;
	size_t			 n, k;
	int			 r, allzero = 1, progress = 1;

	msgpack_sbuffer_init(&sb);
	ok_params(PROTO_M_CONFIGURE, "[{'domain': 'd', 'mounts': [{'type': "
	    "'drive', 'destination': '/tmp', 'options': ['size=1m', 'mode=1777'"
	    "]}], 'capabilities': {'bounding': ['CAP_KILL']}, "
	    "'additional_start_hooks': [{'name': 'h', 'path': '/h', "
	    "'envs': {'A': 'B'}}]}]", &p);
	{
		struct proto_request	 req = { 3, PROTO_M_CONFIGURE, p };

		proto_encode_request(&sb, &req);
	}
	n = sb.size;
	proto_scan_init(&sc);
	for (k = 1; k < n; k++) {
		if (proto_scan(&sc, sb.data, k, PROTO_MSG_DEFAULT, &err) != 0)
			allzero = 0;
		proto_scan_init(&fresh);
		if (proto_scan(&fresh, sb.data, k, PROTO_MSG_DEFAULT, &err) !=
		    0)
			allzero = 0;
	}
	CHECK(allzero, "scan: every strict prefix of %zu bytes needs more",
	    n);
	r = proto_scan(&sc, sb.data, n, PROTO_MSG_DEFAULT, &err);
	CHECK(r == 1 && sc.len == n && sc.have_msgid && sc.msgid == 3,
	    "scan: resumed byte by byte, complete at the last byte");
	proto_params_free(PROTO_M_CONFIGURE, &p);

	/*
	 * 100000 one-byte items: after k bytes at most one header (9
	 * bytes) is pending, so no call rescans what came before.
	 */
	sb.size = 0;
	mp("[0, 1, 'exec', [rep(100000, 1)]]");
	proto_scan_init(&sc);
	for (k = 1; k <= tb.size; k++) {
		r = proto_scan(&sc, tb.data, k, PROTO_MSG_DEFAULT, &err);
		if ((k < tb.size && r != 0) || sc.off + 9 < k)
			progress = 0;
	}
	CHECK(progress && r == 1 && sc.len == tb.size,
	    "scan: trickled 100000 items with bounded lag");
	msgpack_sbuffer_destroy(&sb);
}

/* Five valid requests and a malformed one in one buffer. */
static void
test_scan_pipeline(void)
{
	struct proto_scan	 sc;
	struct proto_error	 err;
	struct proto_request	 req;
	msgpack_sbuffer		 sb;
	size_t			 off = 0, first;
	int			 i, r, answered = 0, ok = 1;

	msgpack_sbuffer_init(&sb);
	for (i = 0; i < 5; i++) {
		mp(i % 2 ? "[0, 11, 'status', []]" : "[0, 10, 'ping', []]");
		msgpack_sbuffer_write(&sb, tb.data, tb.size);
		if (i == 0)
			first = tb.size;
	}
	mp("[0, 99, 'exec', [{'domain': 'd'}]]");
	msgpack_sbuffer_write(&sb, tb.data, tb.size);

	proto_scan_init(&sc);
	r = proto_scan(&sc, sb.data, sb.size, PROTO_MSG_DEFAULT, &err);
	CHECK(r == 1 && sc.len == first, "scan: pipelined, first length");
	for (i = 0; i < 6; i++) {
		proto_scan_init(&sc);
		r = proto_scan(&sc, sb.data + off, sb.size - off,
		    PROTO_MSG_DEFAULT, &err);
		if (r != 1) {
			ok = 0;
			break;
		}
		r = proto_decode_request(sb.data + off, sc.len, &req, &err);
		if (i < 5 && (r != 0 || req.msgid != (uint32_t)(10 + i % 2)))
			ok = 0;
		if (i == 5 && (r != -1 || req.msgid != 99 ||
		    strstr(err.message, "exec: name") == NULL))
			ok = 0;
		if (r == 0)
			proto_request_free(&req);
		answered++;
		off += sc.len;
	}
	CHECK(ok && answered == 6 && off == sb.size,
	    "pipeline: five answered in order, the sixth refused");
	r = proto_decode_request(sb.data, sb.size, &req, &err);
	CHECK(r == -1 && strstr(err.message, "trailing bytes") != NULL &&
	    req.msgid == 10, "decode: trailing bytes refused");
	msgpack_sbuffer_destroy(&sb);
}

static void
test_request_envelope(void)
{
	struct proto_request	 req;
	struct proto_error	 err;
	const char		*b;
	int			 r;

	b = mp("[0, 5, 'nope', []]");
	r = proto_decode_request(b, tb.size, &req, &err);
	CHECK(r == -1 && req.msgid == 5 &&
	    strstr(err.message, "unknown method \"nope\"") != NULL,
	    "request: unknown method named (%s)", err.message);
	b = mp("[0, 5, 'no\\0pe/\\xff', []]");
	r = proto_decode_request(b, tb.size, &req, &err);
	CHECK(r == -1 && strstr(err.message, "\"no?pe??\"") != NULL,
	    "request: unknown method shown printable (%s)", err.message);
	b = mp("[0, 5, b'ping', []]");
	r = proto_decode_request(b, tb.size, &req, &err);
	CHECK(r == -1 && strstr(err.message, "method: expected string") !=
	    NULL && req.msgid == 5, "request: method as bin");
	b = mp("[0, -1, 'ping', []]");
	r = proto_decode_request(b, tb.size, &req, &err);
	CHECK(r == -1 && strstr(err.message, "msgid: must not be negative") !=
	    NULL, "request: msgid -1 (%s)", err.message);
	b = mp("[0, 4294967296, 'ping', []]");
	r = proto_decode_request(b, tb.size, &req, &err);
	CHECK(r == -1 && strstr(err.message, "msgid: 4294967296 out of "
	    "range") != NULL, "request: msgid 2^32");
	b = mp("[0, 1.0, 'ping', []]");
	r = proto_decode_request(b, tb.size, &req, &err);
	CHECK(r == -1 && strstr(err.message, "msgid: expected unsigned") !=
	    NULL, "request: float msgid");
	b = mp("[1, 5, 'ping', []]");
	r = proto_decode_request(b, tb.size, &req, &err);
	CHECK(r == -1 && strstr(err.message, "request: type:") != NULL,
	    "request: type 1 is not a request");
	b = mp("[0, 5, 'ping']");
	r = proto_decode_request(b, tb.size, &req, &err);
	CHECK(r == -1 && strstr(err.message, "expected [0, msgid") != NULL,
	    "request: 3 elements");
	b = mp("[0, 5, 'ping', []]");
	r = proto_decode_request(b, tb.size - 1, &req, &err);
	CHECK(r == -1 && strstr(err.message, "truncated") != NULL &&
	    req.msgid == 5, "request: truncated");
	r = proto_decode_request(b, 0, &req, &err);
	CHECK(r == -1, "request: empty buffer");
	b = mp("[0, 4294967295, 'ping', []]");
	r = proto_decode_request(b, tb.size, &req, &err);
	CHECK(r == 0 && req.msgid == UINT32_MAX && req.method == PROTO_M_PING,
	    "request: msgid 2^32-1");
	r = proto_decode_params(PROTO_M_MAX, "\x90", 1, &req.p, &err);
	CHECK(r == -1, "params: unknown method value");
}

/* Shared by every method: the params shape, keys, and the domain. */
static void
test_common_fields(void)
{
	const struct mcase	*mc;
	union proto_params	 p;
	size_t			 i;
	char			 dom[80];
	const char		*name;

	for (i = 0; i < PROTO_NITEMS(mcases); i++) {
		mc = &mcases[i];
		name = proto_method_name(mc->m);
		bad(mc->m, "{}", "params: expected");
		bad(mc->m, "[1]", "params: expected");
		bad(mc->m, "[{}, {}]", "params: expected");
		bad(mc->m, "nil", "params: expected");
		bad_field(mc->m, "'foo': 1", "unknown key \"foo\"");
		bad_field(mc->m, "'Domain': 'x'", "unknown key \"Domain\"");
		bad_field(mc->m, "'domain': 'x'", "duplicate key \"domain\"");
		bad_field(mc->m, "'domain': nil", "duplicate key \"domain\"");
		bad_field(mc->m, "1: 'x'", "is not a string");
		bad_field(mc->m, "b'domain': 'x'", "is not a string");
		bad_field(mc->m, "'\\x01\\0\"': 'x'", "unknown key \"???\"");
		if (mc->domain_req) {
			bad(mc->m, "[]", "domain: required field missing");
			bad(mc->m, compose(mc->m, "", mc->base, ""),
			    "domain: required field missing");
			bad(mc->m, compose(mc->m, "nil", mc->base, ""),
			    "domain: required field missing");
		} else {
			ok_params(mc->m, "[]", &p);
			CHECK(p.dom.domain[0] == '\0', "%s: [] is no filter",
			    name);
			ok_params(mc->m, "[{}]", &p);
			ok_params(mc->m, "[{'domain': nil}]", &p);
			CHECK(p.dom.domain[0] == '\0', "%s: nil domain", name);
		}
		bad(mc->m, compose(mc->m, "5", mc->base, ""),
		    "domain: expected string");
		bad(mc->m, compose(mc->m, "-1", mc->base, ""),
		    "domain: expected string");
		bad(mc->m, compose(mc->m, "['d']", mc->base, ""),
		    "domain: expected string");
		bad(mc->m, compose(mc->m, "b'd'", mc->base, ""),
		    "domain: expected string, got binary");
		bad(mc->m, compose(mc->m, "'d\\0x'", mc->base, ""),
		    "domain: contains a NUL byte");
		bad(mc->m, compose(mc->m, "''", mc->base, ""),
		    "domain: invalid name");
		bad(mc->m, compose(mc->m, "'..'", mc->base, ""),
		    "domain: invalid name");
		bad(mc->m, compose(mc->m, "'a/b'", mc->base, ""),
		    "domain: invalid name");
		bad(mc->m, compose(mc->m, "'\\xc3\\xa9'", mc->base, ""),
		    "domain: invalid name");
		bad(mc->m, compose(mc->m, "'a'*65", mc->base, ""),
		    "domain: longer than 64 bytes");
		bad(mc->m, compose(mc->m, "'a'*4096", mc->base, ""),
		    "domain: longer than 64 bytes");
		snprintf(dom, sizeof(dom), "'A-z_.%.59s'",
		    "0123456789012345678901234567890123456789012345678901234567"
		    "89");
		ok_params(mc->m, compose(mc->m, dom, mc->base, ""), &p);
		CHECK(strlen(p.start.domain) == 64, "%s: 64-byte domain",
		    name);
		proto_params_free(mc->m, &p);
	}
}

static void
test_ping(void)
{
	union proto_params	 p;

	ok_params(PROTO_M_PING, "[]", &p);
	ok_params(PROTO_M_PING, "[{}]", &p);
	bad(PROTO_M_PING, "[{'domain': 'd'}]", "ping: unknown key \"domain\"");
	bad(PROTO_M_PING, "[{1: 2}]", "is not a string");
	bad(PROTO_M_PING, "[nil]", "params: expected");
	bad(PROTO_M_PING, "{}", "params: expected");
}

static void
test_configure_ok(void)
{
	union proto_params	 p;
	struct proto_configure	*c = &p.configure;
	struct proto_mount	*m;

	ok_params(PROTO_M_CONFIGURE, "[{'domain': 'rt', 'mounts': ["
	    "{'type': 'drive', 'source': 'tmpfs', 'destination': '/tmp', "
	    "'fs_type': 'tmpfs', 'options': ['size=64m', 'nosuid'], "
	    "'chowner': [1000, 4294967294], 'chmode': 4095}, "
	    "{'type': 'bind', 'source': '/srv/data', 'destination': '/data', "
	    "'fs_type': nil, 'chmode': 0}], "
	    "'capabilities': {'ambient': [], 'bounding': ['CAP_CHOWN', "
	    "'CAP_CHECKPOINT_RESTORE', 'CAP_NET_BIND_SERVICE'], "
	    "'permitted': nil, 'effective': ['CAP_KILL']}, "
	    "'seccomp_filters': ['default', 'strict'], "
	    "'cgroup_profiles': [{'name': 'small', 'cpu_pct': 50.5, "
	    "'mem_max': 67108864}, {'name': 'big', 'cpu_pct': 409600}, "
	    "{'name': 'f32', 'cpu_pct': 1.5f}, {'name': 'none'}], "
	    "'exec_user': {'uid': 0, 'gid': nil}, "
	    "'additional_start_hooks': [{'name': 'net', 'path': '/etc/h/net', "
	    "'args': ['-v', ''], 'envs': {'A': 'b=c', 'EMPTY': ''}, "
	    "'timeout_millis': 3600000}, {'name': 'dflt', 'path': '/h'}]}]",
	    &p);
	CHECK(strcmp(c->domain, "rt") == 0 && c->has_mounts &&
	    c->nmounts == 2, "configure: domain, two mounts");
	m = &c->mounts[0];
	CHECK(c->nmounts == 2 && m->type == PROTO_MOUNT_DRIVE &&
	    strcmp(m->source, "tmpfs") == 0 &&
	    strcmp(m->destination, "/tmp") == 0 &&
	    strcmp(m->fs_type, "tmpfs") == 0 && m->options.n == 2 &&
	    strcmp(m->options.v[1], "nosuid") == 0 && m->has_chowner &&
	    m->chown_uid == 1000 && m->chown_gid == PROTO_UID_MAX &&
	    m->has_chmode && m->chmode == 07777, "configure: drive mount");
	m = &c->mounts[1];
	CHECK(c->nmounts == 2 && m->type == PROTO_MOUNT_BIND &&
	    strcmp(m->source, "/srv/data") == 0 && m->fs_type == NULL &&
	    m->options.n == 0 && !m->has_chowner && m->has_chmode &&
	    m->chmode == 0, "configure: bind mount");
	CHECK(c->has_caps && c->caps.present == ((1U << PROTO_CAPS_AMBIENT) |
	    (1U << PROTO_CAPS_BOUNDING) | (1U << PROTO_CAPS_EFFECTIVE)) &&
	    c->caps.set[PROTO_CAPS_AMBIENT] == 0 &&
	    c->caps.set[PROTO_CAPS_BOUNDING] == ((1ULL << CAP_CHOWN) |
	    (1ULL << CAP_CHECKPOINT_RESTORE) |
	    (1ULL << CAP_NET_BIND_SERVICE)) &&
	    c->caps.set[PROTO_CAPS_EFFECTIVE] == (1ULL << CAP_KILL),
	    "configure: capability masks, nil set absent");
	CHECK(c->has_seccomp && c->seccomp.n == 2 &&
	    strcmp(c->seccomp.v[0], "default") == 0, "configure: seccomp");
	CHECK(c->has_cgprofiles && c->ncgprofiles == 4 &&
	    strcmp(c->cgprofiles[0].name, "small") == 0 &&
	    c->cgprofiles[0].has_cpu_pct && c->cgprofiles[0].cpu_pct == 50.5 &&
	    c->cgprofiles[0].has_mem_max &&
	    c->cgprofiles[0].mem_max == 67108864 &&
	    c->cgprofiles[1].cpu_pct == 409600 &&
	    !c->cgprofiles[1].has_mem_max &&
	    c->cgprofiles[2].cpu_pct == 1.5 &&
	    !c->cgprofiles[3].has_cpu_pct, "configure: cgroup profiles");
	CHECK(c->has_exec_user && c->has_uid && c->uid == 0 && !c->has_gid,
	    "configure: exec_user uid 0, gid nil");
	CHECK(c->has_hooks && c->nhooks == 2 &&
	    strcmp(c->hooks[0].name, "net") == 0 &&
	    strcmp(c->hooks[0].path, "/etc/h/net") == 0 &&
	    c->hooks[0].args.n == 2 && c->hooks[0].args.v[1][0] == '\0' &&
	    c->hooks[0].envs.n == 2 &&
	    strcmp(c->hooks[0].envs.kv[0].value, "b=c") == 0 &&
	    c->hooks[0].timeout_millis == 3600000 &&
	    c->hooks[1].timeout_millis == PROTO_HOOK_TIMEOUT_DEF,
	    "configure: hooks, default timeout");
	proto_params_free(PROTO_M_CONFIGURE, &p);

	ok_params(PROTO_M_CONFIGURE, "[{'domain': 'rt', 'mounts': [], "
	    "'seccomp_filters': [], 'cgroup_profiles': [], "
	    "'additional_start_hooks': [], 'capabilities': {}, "
	    "'exec_user': {}}]", &p);
	CHECK(c->has_mounts && c->nmounts == 0 && c->has_seccomp &&
	    c->has_cgprofiles && c->has_hooks && c->has_caps &&
	    c->caps.present == 0 && c->has_exec_user && !c->has_uid,
	    "configure: empty containers are present");
	proto_params_free(PROTO_M_CONFIGURE, &p);
	ok_params(PROTO_M_CONFIGURE, "[{'domain': 'rt', 'mounts': nil, "
	    "'capabilities': nil, 'exec_user': nil}]", &p);
	CHECK(!c->has_mounts && !c->has_caps && !c->has_exec_user,
	    "configure: nil containers are absent");
	proto_params_free(PROTO_M_CONFIGURE, &p);
}

static void
test_configure_mounts(void)
{
	enum proto_method	 m = PROTO_M_CONFIGURE;
	char			 t[1024];

#define MNT(x) (snprintf(t, sizeof(t), "'mounts': [{'type': 'drive', " \
	    "'destination': '/mnt'%s}]", x), t)
	bad_field(m, "'mounts': 5", "configure: mounts: expected array");
	bad_field(m, "'mounts': {}", "mounts: expected array");
	bad_field(m, "'mounts': [rep(65, {'type': 'drive', "
	    "'destination': '/m'})]", "mounts: more than 64 elements");
	bad_field(m, "'mounts': [5]", "mounts[0]: expected a map");
	bad_field(m, "'mounts': [{'destination': '/m'}]",
	    "mounts[0].type: required field missing");
	bad_field(m, "'mounts': [{'type': nil, 'destination': '/m'}]",
	    "mounts[0].type: required field missing");
	bad_field(m, "'mounts': [{'type': 'nfs', 'destination': '/m'}]",
	    "mounts[0].type: unknown value \"nfs\"");
	bad_field(m, "'mounts': [{'type': 1, 'destination': '/m'}]",
	    "mounts[0].type: expected string");
	bad_field(m, "'mounts': [{'type': 'drive'}]",
	    "mounts[0].destination: required field missing");
	bad_field(m, "'mounts': [{'type': 'drive', 'destination': 'mnt'}]",
	    "mounts[0].destination: must be an absolute path");
	bad_field(m, "'mounts': [{'type': 'drive', 'destination': ''}]",
	    "mounts[0].destination: must be an absolute path");
	bad_field(m, "'mounts': [{'type': 'drive', 'destination': '/a\\0b'}]",
	    "mounts[0].destination: contains a NUL byte");
	bad_field(m, "'mounts': [{'type': 'drive', 'destination': b'/m'}]",
	    "mounts[0].destination: expected string, got binary");
	bad_field(m, "'mounts': [{'type': 'drive', 'destination': "
	    "'/'*4096}]", "mounts[0].destination: longer than 4095 bytes");
	bad_field(m, "'mounts': [{'type': 'bind', 'destination': '/m'}]",
	    "mounts[0].source: required field missing");
	bad_field(m, "'mounts': [{'type': 'bind', 'source': 'srv', "
	    "'destination': '/m'}]", "mounts[0].source: must be an absolute");
	bad_field(m, MNT(", 'source': ''"), "mounts[0].source: must not be "
	    "empty");
	bad_field(m, MNT(", 'source': 'a\\0'"), "mounts[0].source: contains "
	    "a NUL byte");
	bad_field(m, MNT(", 'fs_type': b'tmpfs'"), "mounts[0].fs_type: "
	    "expected string, got binary");
	bad_field(m, MNT(", 'fs_type': 't'*256"), "mounts[0].fs_type: longer "
	    "than 255 bytes");
	bad_field(m, MNT(", 'options': 'ro'"), "mounts[0].options: expected "
	    "array");
	bad_field(m, MNT(", 'options': ['ro', 'a\\0b']"),
	    "mounts[0].options[1]: contains a NUL byte");
	bad_field(m, MNT(", 'options': ['']"), "mounts[0].options[0]: must "
	    "not be empty");
	bad_field(m, MNT(", 'options': [1]"), "mounts[0].options[0]: "
	    "expected string");
	bad_field(m, MNT(", 'options': ['o'*256]"), "mounts[0].options[0]: "
	    "longer than 255 bytes");
	bad_field(m, MNT(", 'options': [rep(33, 'ro')]"), "mounts[0].options: "
	    "more than 32 elements");
	bad_field(m, MNT(", 'chowner': [1]"), "mounts[0].chowner: expected "
	    "[uid, gid]");
	bad_field(m, MNT(", 'chowner': [1, 2, 3]"), "mounts[0].chowner: "
	    "expected [uid, gid]");
	bad_field(m, MNT(", 'chowner': {'uid': 1}"), "mounts[0].chowner: "
	    "expected [uid, gid]");
	bad_field(m, MNT(", 'chowner': [-1, 0]"), "mounts[0].chowner[0]: "
	    "must not be negative");
	bad_field(m, MNT(", 'chowner': [0, 4294967295]"),
	    "mounts[0].chowner[1]: 4294967295 out of range");
	bad_field(m, MNT(", 'chowner': [9223372036854775808, 0]"),
	    "mounts[0].chowner[0]: 9223372036854775808 out of range");
	bad_field(m, MNT(", 'chowner': [0, 1.0]"), "mounts[0].chowner[1]: "
	    "expected unsigned integer");
	bad_field(m, MNT(", 'chowner': [nil, 0]"), "mounts[0].chowner[0]: "
	    "expected unsigned integer");
	bad_field(m, MNT(", 'chowner': ['0', 0]"), "mounts[0].chowner[0]: "
	    "expected unsigned integer");
	bad_field(m, MNT(", 'chmode': 4096"), "mounts[0].chmode: 4096 out of "
	    "range");
	bad_field(m, MNT(", 'chmode': -1"), "mounts[0].chmode: must not be "
	    "negative");
	bad_field(m, MNT(", 'chmode': '0755'"), "mounts[0].chmode: expected "
	    "unsigned integer");
	bad_field(m, MNT(", 'chmode': 493.0"), "mounts[0].chmode: expected "
	    "unsigned integer");
	bad_field(m, MNT(", 'foo': 1"), "mounts[0]: unknown key \"foo\"");
	bad_field(m, MNT(", 'type': 'bind'"), "mounts[0]: duplicate key "
	    "\"type\"");
	bad_field(m, MNT(", 1: 1"), "mounts[0]: map key 2 is not a string");
	bad_field(m, "'mounts': [{'type': 'drive', 'destination': '/m'}, "
	    "{'type': 'drive', 'destination': 'rel'}]",
	    "mounts[1].destination: must be an absolute path");
#undef MNT
}

static void
test_configure_caps(void)
{
	enum proto_method	 m = PROTO_M_CONFIGURE;

	bad_field(m, "'capabilities': ['CAP_KILL']", "configure: "
	    "capabilities: expected a map");
	bad_field(m, "'capabilities': {'all': []}", "capabilities: unknown "
	    "key \"all\"");
	bad_field(m, "'capabilities': {'bounding': [], 'bounding': []}",
	    "capabilities: duplicate key \"bounding\"");
	bad_field(m, "'capabilities': {'bounding': 'CAP_KILL'}",
	    "capabilities.bounding: expected array");
	bad_field(m, "'capabilities': {'ambient': ['CAP_FOO']}",
	    "capabilities.ambient[0]: unknown capability");
	bad_field(m, "'capabilities': {'ambient': ['cap_kill']}",
	    "capabilities.ambient[0]: unknown capability");
	bad_field(m, "'capabilities': {'ambient': ['CAP_KILL\\0']}",
	    "capabilities.ambient[0]: contains a NUL byte");
	bad_field(m, "'capabilities': {'permitted': ['CAP_KILL', 12]}",
	    "capabilities.permitted[1]: expected string");
	bad_field(m, "'capabilities': {'permitted': [b'CAP_KILL']}",
	    "capabilities.permitted[0]: expected string, got binary");
	bad_field(m, "'capabilities': {'inheritable': ['CAP_KILL', "
	    "'CAP_KILL']}", "capabilities.inheritable[1]: duplicate "
	    "capability CAP_KILL");
	bad_field(m, "'capabilities': {'effective': [rep(42, 'CAP_KILL')]}",
	    "capabilities.effective: more than 41 elements");
}

static void
test_configure_rest(void)
{
	enum proto_method	 m = PROTO_M_CONFIGURE;
	union proto_params	 p;

	bad_field(m, "'seccomp_filters': 'default'", "seccomp_filters: "
	    "expected array");
	bad_field(m, "'seccomp_filters': ['a/b']", "seccomp_filters[0]: "
	    "invalid name");
	bad_field(m, "'seccomp_filters': ['ok', 'x\\0']", "seccomp_filters[1]"
	    ": contains a NUL byte");
	bad_field(m, "'seccomp_filters': ['s'*65]", "seccomp_filters[0]: "
	    "longer than 64 bytes");
	bad_field(m, "'seccomp_filters': [rep(17, 'a')]", "seccomp_filters: "
	    "more than 16 elements");

	bad_field(m, "'cgroup_profiles': {}", "cgroup_profiles: expected "
	    "array");
	bad_field(m, "'cgroup_profiles': [{'cpu_pct': 1}]",
	    "cgroup_profiles[0].name: required field missing");
	bad_field(m, "'cgroup_profiles': [{'name': 'a b'}]",
	    "cgroup_profiles[0].name: invalid name");
	bad_field(m, "'cgroup_profiles': [{'name': 'a', 'cpu_pct': 0}]",
	    "cgroup_profiles[0].cpu_pct: out of range");
	bad_field(m, "'cgroup_profiles': [{'name': 'a', 'cpu_pct': 0.0}]",
	    "cgroup_profiles[0].cpu_pct: out of range");
	bad_field(m, "'cgroup_profiles': [{'name': 'a', 'cpu_pct': -1}]",
	    "cgroup_profiles[0].cpu_pct: out of range");
	bad_field(m, "'cgroup_profiles': [{'name': 'a', 'cpu_pct': -0.5}]",
	    "cgroup_profiles[0].cpu_pct: out of range");
	bad_field(m, "'cgroup_profiles': [{'name': 'a', 'cpu_pct': 409601}]",
	    "cgroup_profiles[0].cpu_pct: out of range");
	bad_field(m, "'cgroup_profiles': [{'name': 'a', 'cpu_pct': 1e9}]",
	    "cgroup_profiles[0].cpu_pct: out of range");
	bad_field(m, "'cgroup_profiles': [{'name': 'a', 'cpu_pct': nan}]",
	    "cgroup_profiles[0].cpu_pct: must be finite");
	bad_field(m, "'cgroup_profiles': [{'name': 'a', 'cpu_pct': inf}]",
	    "cgroup_profiles[0].cpu_pct: must be finite");
	bad_field(m, "'cgroup_profiles': [{'name': 'a', 'cpu_pct': '50'}]",
	    "cgroup_profiles[0].cpu_pct: expected number");
	bad_field(m, "'cgroup_profiles': [{'name': 'a', 'cpu_pct': true}]",
	    "cgroup_profiles[0].cpu_pct: expected number");
	bad_field(m, "'cgroup_profiles': [{'name': 'a', 'mem_max': 0}]",
	    "cgroup_profiles[0].mem_max: 0 out of range");
	bad_field(m, "'cgroup_profiles': [{'name': 'a', 'mem_max': -1}]",
	    "cgroup_profiles[0].mem_max: must not be negative");
	bad_field(m, "'cgroup_profiles': [{'name': 'a', 'mem_max': 1.0}]",
	    "cgroup_profiles[0].mem_max: expected unsigned integer");
	bad_field(m, "'cgroup_profiles': [{'name': 'a'}, {'name': 'b'}, "
	    "{'name': 'a'}]", "cgroup_profiles[2]: duplicate name \"a\"");
	bad_field(m, "'cgroup_profiles': [rep(33, {'name': 'a'})]",
	    "cgroup_profiles: more than 32 elements");
	bad_field(m, "'cgroup_profiles': [{'name': 'a', 'cpu': 1}]",
	    "cgroup_profiles[0]: unknown key \"cpu\"");
	ok_field(m, "'cgroup_profiles': [{'name': 'a', 'mem_max': "
	    "18446744073709551615}]", &p);
	CHECK(p.configure.ncgprofiles == 1 &&
	    p.configure.cgprofiles[0].mem_max == UINT64_MAX,
	    "configure: mem_max 2^64-1");
	proto_params_free(m, &p);

	bad_field(m, "'exec_user': [0, 0]", "exec_user: expected a map");
	bad_field(m, "'exec_user': {'uid': -1}", "configure: exec_user.uid: "
	    "must not be negative");
	bad_field(m, "'exec_user': {'uid': 4294967295}", "exec_user.uid: "
	    "4294967295 out of range");
	bad_field(m, "'exec_user': {'gid': 4294967296, 'uid': 0}",
	    "exec_user.gid: 4294967296 out of range");
	bad_field(m, "'exec_user': {'uid': 9223372036854775808}",
	    "exec_user.uid: 9223372036854775808 out of range");
	bad_field(m, "'exec_user': {'uid': 18446744073709551615}",
	    "exec_user.uid: 18446744073709551615 out of range");
	bad_field(m, "'exec_user': {'uid': 0.0}", "exec_user.uid: expected "
	    "unsigned integer");
	bad_field(m, "'exec_user': {'uid': true}", "exec_user.uid: expected "
	    "unsigned integer");
	bad_field(m, "'exec_user': {'uid': '0'}", "exec_user.uid: expected "
	    "unsigned integer");
	bad_field(m, "'exec_user': {'user': 0}", "exec_user: unknown key "
	    "\"user\"");
	ok_field(m, "'exec_user': {'uid': 4294967294, 'gid': 1}", &p);
	CHECK(p.configure.has_uid && p.configure.uid == PROTO_UID_MAX &&
	    p.configure.has_gid && p.configure.gid == 1,
	    "configure: uid 2^32-2 accepted");
	proto_params_free(m, &p);
	/* 2^31 fits the uint32 field: no int32 overflow to fear. */
	ok_field(m, "'exec_user': {'uid': 2147483648, 'gid': 2147483647}",
	    &p);
	CHECK(p.configure.uid == 2147483648U && p.configure.gid == INT32_MAX,
	    "configure: uid 2^31 stays 2^31");
	proto_params_free(m, &p);
	ok_field(m, "'exec_user': {'uid': 1}", &p);
	CHECK(p.configure.has_uid && p.configure.uid == 1 &&
	    !p.configure.has_gid, "configure: uid 1 with no gid is not 0:0");
	proto_params_free(m, &p);

	bad_field(m, "'additional_start_hooks': {}",
	    "additional_start_hooks: expected array");
	bad_field(m, "'additional_start_hooks': [{'path': '/h'}]",
	    "additional_start_hooks[0].name: required field missing");
	bad_field(m, "'additional_start_hooks': [{'name': 'h'}]",
	    "additional_start_hooks[0].path: required field missing");
	bad_field(m, "'additional_start_hooks': [{'name': 'h', 'path': 'h'}]",
	    "additional_start_hooks[0].path: must be an absolute path");
	bad_field(m, "'additional_start_hooks': [{'name': 'h', 'path': "
	    "'/h\\0'}]", "additional_start_hooks[0].path: contains a NUL");
	bad_field(m, "'additional_start_hooks': [{'name': 'h', 'path': '/h', "
	    "'timeout_millis': 0}]", "additional_start_hooks[0]."
	    "timeout_millis: 0 out of range");
	bad_field(m, "'additional_start_hooks': [{'name': 'h', 'path': '/h', "
	    "'timeout_millis': 3600001}]", "timeout_millis: 3600001 out of "
	    "range");
	bad_field(m, "'additional_start_hooks': [{'name': 'h', 'path': '/h', "
	    "'timeout_millis': 1.5}]", "timeout_millis: expected unsigned");
	bad_field(m, "'additional_start_hooks': [{'name': 'h', 'path': '/h', "
	    "'args': ['a', 'b\\0']}]", "additional_start_hooks[0].args[1]: "
	    "contains a NUL byte");
	bad_field(m, "'additional_start_hooks': [{'name': 'h', 'path': '/h', "
	    "'envs': {'A=B': 'c'}}]", "additional_start_hooks[0].envs[0]: "
	    "key contains '='");
	bad_field(m, "'additional_start_hooks': [{'name': 'h', 'path': '/h', "
	    "'envs': ['A']}]", "additional_start_hooks[0].envs: expected a "
	    "map");
	bad_field(m, "'additional_start_hooks': [{'name': 'h', 'path': '/h'}, "
	    "{'name': 'h', 'path': '/i'}]", "additional_start_hooks[1]: "
	    "duplicate name \"h\"");
	bad_field(m, "'additional_start_hooks': [rep(17, {'name': 'h', "
	    "'path': '/h'})]", "additional_start_hooks: more than 16");
	bad_field(m, "'additional_start_hooks': [{'name': 'h', 'path': '/h', "
	    "'env': {}}]", "additional_start_hooks[0]: unknown key \"env\"");
}

static void
test_start(void)
{
	union proto_params	 p;

	ok_field(PROTO_M_START, "'cgroup_profile': 'small'", &p);
	CHECK(strcmp(p.start.domain, "d") == 0 &&
	    strcmp(p.start.cgroup_profile, "small") == 0,
	    "start: domain and profile");
	ok_field(PROTO_M_START, "'cgroup_profile': nil", &p);
	CHECK(p.start.cgroup_profile[0] == '\0', "start: nil profile");
	bad_field(PROTO_M_START, "'cgroup_profile': 'a/b'",
	    "start: cgroup_profile: invalid name");
	bad_field(PROTO_M_START, "'cgroup_profile': 5",
	    "start: cgroup_profile: expected string");
	bad_field(PROTO_M_START, "'cgroup_profile': 'p\\0'",
	    "start: cgroup_profile: contains a NUL byte");
	bad_field(PROTO_M_START, "'cgroup_profile': 'p'*65",
	    "start: cgroup_profile: longer than 64");
	bad_field(PROTO_M_START, "'timeout': 1", "start: unknown key");
}

static void
test_exec_ok(void)
{
	union proto_params	 p;
	struct proto_exec	*e = &p.exec;

	ok_params(PROTO_M_EXEC, "[{'domain': 'runtime', 'name': 'fn-1', "
	    "'path': '/usr/bin/env', 'args': ['-i', '', ';id>/tmp/pwn'], "
	    "'cwd': '/srv', 'env': {'PATH': '/bin', 'X': '', 'Y': 'a=b'}, "
	    "'logs_sock': '/run/logs.sock', 'fds': 4, 'stdin': 0, "
	    "'stdout': 1, 'stderr': 1, 'extra_files': [3, 2, 3]}]", &p);
	CHECK(strcmp(e->domain, "runtime") == 0 &&
	    strcmp(e->name, "fn-1") == 0 && e->path != NULL &&
	    strcmp(e->path, "/usr/bin/env") == 0, "exec: names and path");
	CHECK(e->args.n == 3 && e->args.v[1][0] == '\0' &&
	    strcmp(e->args.v[2], ";id>/tmp/pwn") == 0,
	    "exec: args verbatim");
	CHECK(e->cwd != NULL && strcmp(e->cwd, "/srv") == 0 &&
	    e->logs_sock != NULL &&
	    strcmp(e->logs_sock, "/run/logs.sock") == 0, "exec: cwd, logs");
	CHECK(e->has_env && e->env.n == 3 &&
	    strcmp(e->env.kv[0].key, "PATH") == 0 &&
	    strcmp(e->env.kv[2].value, "a=b") == 0, "exec: env in order");
	CHECK(e->nfds == 4 && e->stdin_idx == 0 && e->stdout_idx == 1 &&
	    e->stderr_idx == 1 && e->nextra == 3 && e->extra[0] == 3 &&
	    e->extra[1] == 2, "exec: descriptors");
	proto_params_free(PROTO_M_EXEC, &p);

	ok_field(PROTO_M_EXEC, "", &p);
	CHECK(e->args.n == 0 && e->cwd == NULL && !e->has_env &&
	    e->logs_sock == NULL && e->nfds == 0 &&
	    e->stdin_idx == PROTO_FD_NONE && e->stdout_idx == PROTO_FD_NONE &&
	    e->stderr_idx == PROTO_FD_NONE && e->nextra == 0,
	    "exec: defaults");
	proto_params_free(PROTO_M_EXEC, &p);
	ok_field(PROTO_M_EXEC, "'env': {}, 'args': [], 'extra_files': [], "
	    "'fds': 0, 'cwd': nil, 'stdin': nil", &p);
	CHECK(e->has_env && e->env.n == 0 && e->nfds == 0 &&
	    e->stdin_idx == PROTO_FD_NONE && e->cwd == NULL,
	    "exec: empty env is an empty environment");
	proto_params_free(PROTO_M_EXEC, &p);
	ok_field(PROTO_M_EXEC, "'fds': 64, 'extra_files': [rep(61, 63)]",
	    &p);
	CHECK(e->nfds == 64 && e->nextra == PROTO_EXTRA_MAX &&
	    e->extra[60] == 63, "exec: fds and extra_files at their limits");
	proto_params_free(PROTO_M_EXEC, &p);
}

static void
test_exec_bad(void)
{
	enum proto_method	 m = PROTO_M_EXEC;

	bad(m, "[{'domain': 'd', 'path': '/bin/true'}]",
	    "exec: name: required field missing");
	bad(m, "[{'domain': 'd', 'name': 'n'}]",
	    "exec: path: required field missing");
	bad(m, "[{'domain': 'd', 'name': 'n', 'path': nil}]",
	    "exec: path: required field missing");
	bad(m, "[{'domain': 'd', 'name': '../n', 'path': '/x'}]",
	    "exec: name: invalid name");
	bad(m, "[{'domain': 'd', 'name': 'n\\0', 'path': '/x'}]",
	    "exec: name: contains a NUL byte");
	bad(m, "[{'domain': 'd', 'name': b'n', 'path': '/x'}]",
	    "exec: name: expected string, got binary");
	bad(m, "[{'domain': 'd', 'name': 'n', 'path': 'bin/true'}]",
	    "exec: path: must be an absolute path");
	bad(m, "[{'domain': 'd', 'name': 'n', 'path': ''}]",
	    "exec: path: must be an absolute path");
	bad(m, "[{'domain': 'd', 'name': 'n', 'path': '/bin/true\\0x'}]",
	    "exec: path: contains a NUL byte");
	bad(m, "[{'domain': 'd', 'name': 'n', 'path': b'/bin/true'}]",
	    "exec: path: expected string, got binary");
	bad(m, "[{'domain': 'd', 'name': 'n', 'path': ['/bin/true']}]",
	    "exec: path: expected string");
	bad_field(m, "'args': {'a': 'b'}", "exec: args: expected array");
	bad_field(m, "'args': 'a'", "exec: args: expected array");
	bad_field(m, "'args': ['a', 'b', 'c', 'd\\0']",
	    "exec: args[3]: contains a NUL byte");
	bad_field(m, "'args': [1]", "exec: args[0]: expected string");
	bad_field(m, "'args': [nil]", "exec: args[0]: expected string");
	bad_field(m, "'args': ['a', b'b']",
	    "exec: args[1]: expected string, got binary");
	bad_field(m, "'cwd': 'srv'", "exec: cwd: must be an absolute path");
	bad_field(m, "'cwd': '/s\\0'", "exec: cwd: contains a NUL byte");
	bad_field(m, "'logs_sock': 'l.sock'",
	    "exec: logs_sock: must be an absolute path");
	bad_field(m, "'env': ['A=B']", "exec: env: expected a map");
	bad_field(m, "'env': {'': 'x'}", "exec: env[0]: key is empty");
	bad_field(m, "'env': {'A': 'x', 'B=C': 'x'}",
	    "exec: env[1]: key contains '='");
	bad_field(m, "'env': {'A\\0': 'x'}", "exec: env[0]: key contains a "
	    "NUL byte");
	bad_field(m, "'env': {'A': 'x\\0y'}", "exec: env[0]: contains a NUL "
	    "byte");
	bad_field(m, "'env': {'A': 1}", "exec: env[0]: expected string");
	bad_field(m, "'env': {'A': nil}", "exec: env[0]: expected string");
	bad_field(m, "'env': {'A': b'x'}", "exec: env[0]: expected string, "
	    "got binary");
	bad_field(m, "'env': {1: 'x'}", "exec: env[0]: key is not a string");
	bad_field(m, "'env': {'A': '1', 'B': '2', 'A': '3'}",
	    "exec: env: duplicate key \"A\"");
	bad_field(m, "'fds': -1", "exec: fds: must not be negative");
	bad_field(m, "'fds': 65", "exec: fds: 65 out of range");
	bad_field(m, "'fds': 4294967295", "exec: fds: 4294967295 out of "
	    "range");
	bad_field(m, "'fds': 1.0", "exec: fds: expected unsigned integer");
	bad_field(m, "'fds': '1'", "exec: fds: expected unsigned integer");
	bad_field(m, "'stdin': 0", "exec: stdin: index 0 out of range (fds "
	    "is 0)");
	bad_field(m, "'stdout': 0", "exec: stdout: index 0 out of range");
	bad_field(m, "'stderr': 0", "exec: stderr: index 0 out of range");
	bad_field(m, "'fds': 2, 'stdin': 2", "exec: stdin: index 2 out of "
	    "range (fds is 2)");
	bad_field(m, "'fds': 2, 'stdout': -1", "exec: stdout: must not be "
	    "negative");
	bad_field(m, "'fds': 2, 'stderr': 4294967296",
	    "exec: stderr: 4294967296 out of range");
	bad_field(m, "'fds': 2, 'stdin': 0.0", "exec: stdin: expected "
	    "unsigned integer");
	bad_field(m, "'extra_files': [0]", "exec: extra_files[0]: index 0 "
	    "out of range");
	bad_field(m, "'fds': 3, 'extra_files': [0, 3]",
	    "exec: extra_files[1]: index 3 out of range");
	bad_field(m, "'fds': 3, 'extra_files': ['0']",
	    "exec: extra_files[0]: expected unsigned integer");
	bad_field(m, "'fds': 3, 'extra_files': 0",
	    "exec: extra_files: expected array");
	bad_field(m, "'fds': 64, 'extra_files': [rep(62, 0)]",
	    "exec: extra_files: more than 61 elements");
	bad_field(m, "'name': 'x'", "exec: duplicate key \"name\"");
	bad_field(m, "'timeout': 1", "exec: unknown key \"timeout\"");
	bad_field(m, "'foo': 1", "exec: unknown key \"foo\"");
}

static void
test_exec_limits(void)
{
	enum proto_method	 m = PROTO_M_EXEC;
	union proto_params	 p;
	char			*t;

	/* Path: PATH_MAX includes the NUL. */
	if (asprintf(&t, "[{'domain': 'd', 'name': 'n', 'path': '/'*%d}]",
	    PROTO_PATH_MAX - 1) == -1)
		abort();
	ok_params(m, t, &p);
	CHECK(p.exec.path != NULL &&
	    strlen(p.exec.path) == PROTO_PATH_MAX - 1, "exec: path of "
	    "PATH_MAX - 1 bytes");
	proto_params_free(m, &p);
	free(t);
	if (asprintf(&t, "[{'domain': 'd', 'name': 'n', 'path': '/'*%d}]",
	    PROTO_PATH_MAX) == -1)
		abort();
	bad(m, t, "exec: path: longer than 4095 bytes");
	free(t);

	/* argv: 4096 entries after argv[0], each under 128 KiB. */
	ok_field(m, "'args': [rep(4096, 'a')]", &p);
	CHECK(p.exec.args.n == PROTO_ARGS_MAX, "exec: 4096 args");
	proto_params_free(m, &p);
	bad_field(m, "'args': [rep(4097, 'a')]", "exec: args: more than 4096 "
	    "elements");
	bad_field(m, "'args': [rep(100000, '')]", "exec: args: more than "
	    "4096 elements");
	ok_field(m, "'args': ['a'*131071]", &p);
	CHECK(p.exec.args.n == 1 && strlen(p.exec.args.v[0]) == 131071,
	    "exec: argument of 128 KiB - 1");
	proto_params_free(m, &p);
	bad_field(m, "'args': ['a'*131072]", "exec: args[0]: longer than "
	    "131071 bytes");
	bad_field(m, "'args': ['x', 'a'*1048576]", "exec: args[1]: longer "
	    "than");

	/* env: 4096 entries; KEY=VALUE and its NUL within 128 KiB. */
	{
		char	*ents, *t2;
		size_t	 i, off = 0, last = 0, sz = 4096 * 24;

		if ((ents = malloc(sz)) == NULL)
			abort();
		for (i = 0; i < 4096; i++) {
			last = off;
			off += snprintf(ents + off, sz - off, "%s'K%zu': 'v'",
			    i ? ", " : "", i);
		}
		if (asprintf(&t2, "'env': {%s}", ents) == -1)
			abort();
		ok_field(m, t2, &p);
		CHECK(p.exec.env.n == PROTO_ENV_MAX, "exec: 4096 env entries");
		proto_params_free(m, &p);
		free(t2);
		if (asprintf(&t2, "'env': {%s, 'K4096': 'v'}", ents) == -1)
			abort();
		bad_field(m, t2, "exec: env: more than 4096 entries");
		free(t2);
		/* The last of 4096 keys repeats K7: found (sorted, not n^2). */
		snprintf(ents + last, sz - last, ", 'K7': 'w'");
		if (asprintf(&t2, "'env': {%s}", ents) == -1)
			abort();
		bad_field(m, t2, "exec: env: duplicate key \"K7\"");
		free(t2);
		free(ents);
	}
	ok_field(m, "'env': {'K': 'v'*131069}", &p);
	CHECK(p.exec.env.n == 1, "exec: env entry of 128 KiB with =, NUL");
	proto_params_free(m, &p);
	bad_field(m, "'env': {'K': 'v'*131070}", "exec: env[0]: entry "
	    "longer than 131071 bytes");
}

static void
test_targets(void)
{
	union proto_params	 p;

	ok_field(PROTO_M_TERMINATE, "", &p);
	CHECK(strcmp(p.target.domain, "d") == 0 &&
	    strcmp(p.target.name, "n") == 0 && !p.target.has_timeout,
	    "terminate: domain and name");
	bad(PROTO_M_TERMINATE, "[{'domain': 'd'}]",
	    "terminate: name: required field missing");
	bad(PROTO_M_TERMINATE, "[{'domain': 'd', 'name': 'a b'}]",
	    "terminate: name: invalid name");
	bad_field(PROTO_M_TERMINATE, "'timeout': 5",
	    "terminate: unknown key \"timeout\"");

	ok_field(PROTO_M_KILL, "", &p);
	CHECK(!p.target.has_timeout, "kill: no timeout");
	ok_field(PROTO_M_KILL, "'timeout': 250", &p);
	CHECK(p.target.has_timeout && p.target.timeout == 250,
	    "kill: timeout");
	ok_field(PROTO_M_KILL, "'Timeout': 7", &p);
	CHECK(p.target.has_timeout && p.target.timeout == 7,
	    "kill: Timeout accepted");
	ok_field(PROTO_M_KILL, "'timeout': 0", &p);
	CHECK(p.target.has_timeout && p.target.timeout == 0,
	    "kill: timeout 0 (forever)");
	ok_field(PROTO_M_KILL, "'timeout': nil", &p);
	CHECK(!p.target.has_timeout, "kill: nil timeout is absent");
	ok_field(PROTO_M_KILL, "'timeout': 18446744073709551615", &p);
	CHECK(p.target.timeout == UINT64_MAX, "kill: timeout 2^64-1");
	bad_field(PROTO_M_KILL, "'timeout': 1, 'Timeout': 1",
	    "kill: timeout: both timeout and Timeout given");
	bad_field(PROTO_M_KILL, "'timeout': -1",
	    "kill: timeout: must not be negative");
	bad_field(PROTO_M_KILL, "'timeout': 1.5",
	    "kill: timeout: expected unsigned integer");
	bad_field(PROTO_M_KILL, "'Timeout': '5'",
	    "kill: Timeout: expected unsigned integer");
	bad_field(PROTO_M_KILL, "'timeout': 1, 'timeout': 2",
	    "kill: duplicate key \"timeout\"");
	bad_field(PROTO_M_KILL, "'TIMEOUT': 1", "kill: unknown key");
	bad(PROTO_M_KILL, "[{'domain': 'd', 'name': 5}]",
	    "kill: name: expected string");
}

static void
test_domreqs(void)
{
	union proto_params	 p;

	ok_field(PROTO_M_STOP, "'timeout': 1000", &p);
	CHECK(strcmp(p.dom.domain, "d") == 0 && p.dom.has_timeout &&
	    p.dom.timeout == 1000, "stop: timeout");
	ok_field(PROTO_M_STOP, "'Timeout': 0", &p);
	CHECK(p.dom.has_timeout && p.dom.timeout == 0, "stop: Timeout 0");
	bad_field(PROTO_M_STOP, "'Timeout': 1, 'timeout': 2",
	    "stop: timeout: both");
	bad_field(PROTO_M_STOP, "'timeout': -5", "stop: timeout: must not");
	bad_field(PROTO_M_STOP, "'timeout': 0.5", "stop: timeout: expected "
	    "unsigned integer");
	bad_field(PROTO_M_STOP, "'name': 'n'", "stop: unknown key \"name\"");

	ok_field(PROTO_M_FREEZE, "", &p);
	CHECK(strcmp(p.dom.domain, "d") == 0, "freeze: domain");
	bad_field(PROTO_M_FREEZE, "'timeout': 1",
	    "freeze: unknown key \"timeout\"");
	bad_field(PROTO_M_FREEZE, "'cgroup_profile': 'x'",
	    "freeze: unknown key \"cgroup_profile\"");

	ok_field(PROTO_M_THAW, "'cgroup_profile': 'big'", &p);
	CHECK(strcmp(p.dom.cgroup_profile, "big") == 0, "thaw: profile");
	bad_field(PROTO_M_THAW, "'cgroup_profile': 'b\\0'",
	    "thaw: cgroup_profile: contains a NUL byte");
	bad_field(PROTO_M_THAW, "'cgroup_profile': ''",
	    "thaw: cgroup_profile: invalid name");
	bad_field(PROTO_M_THAW, "'timeout': 1", "thaw: unknown key");

	ok_field(PROTO_M_EVENTS, "", &p);
	CHECK(strcmp(p.dom.domain, "d") == 0, "events: filter");
	bad_field(PROTO_M_EVENTS, "'name': 'n'", "events: unknown key");
	ok_field(PROTO_M_STATUS, "", &p);
	CHECK(strcmp(p.dom.domain, "d") == 0, "status: filter");
	bad_field(PROTO_M_STATUS, "'all': true", "status: unknown key");
}

/* Structs built by hand, encoded, decoded back. */
static void
test_built_roundtrips(void)
{
	union proto_params	 p;
	char			 path[] = "/bin/sh", cwd[] = "/";
	char			 a0[] = "-c", a1[] = "exit 3";
	char			 k[] = "HOME", v[] = "/root";
	char			*argv[] = { a0, a1 };
	struct proto_kv		 kv = { k, v };
	int32_t			 extra[] = { 0, 1 };
	char			 src[] = "/srv/x", dst[] = "/x";
	char			 opt[] = "ro";
	char			*opts[] = { opt };
	struct proto_mount	 mnt;
	struct proto_cgprofile	 cgp;
	struct proto_hook	 hook;
	char			 hpath[] = "/etc/supd/hooks/a";
	int			 i;

	memset(&p, 0, sizeof(p));
	strlcpy(p.exec.domain, "runtime", sizeof(p.exec.domain));
	strlcpy(p.exec.name, "p1", sizeof(p.exec.name));
	p.exec.path = path;
	p.exec.args.n = 2;
	p.exec.args.v = argv;
	p.exec.cwd = cwd;
	p.exec.has_env = 1;
	p.exec.env.n = 1;
	p.exec.env.kv = &kv;
	p.exec.nfds = 2;
	p.exec.stdin_idx = PROTO_FD_NONE;
	p.exec.stdout_idx = 1;
	p.exec.stderr_idx = 0;
	p.exec.nextra = 2;
	p.exec.extra = extra;
	roundtrip_params(PROTO_M_EXEC, &p);

	memset(&p, 0, sizeof(p));
	memset(&mnt, 0, sizeof(mnt));
	memset(&cgp, 0, sizeof(cgp));
	memset(&hook, 0, sizeof(hook));
	strlcpy(p.configure.domain, "operator", sizeof(p.configure.domain));
	mnt.type = PROTO_MOUNT_BIND;
	mnt.source = src;
	mnt.destination = dst;
	mnt.options.n = 1;
	mnt.options.v = opts;
	mnt.has_chowner = 1;
	mnt.chown_uid = 65534;
	mnt.chown_gid = 0;
	p.configure.has_mounts = 1;
	p.configure.nmounts = 1;
	p.configure.mounts = &mnt;
	p.configure.has_caps = 1;
	p.configure.caps.present = 0x1f;
	for (i = 0; i < PROTO_CAPS_MAX; i++)
		p.configure.caps.set[i] = (1ULL << (PROTO_CAP_LAST + 1)) - 1 -
		    (uint64_t)i;
	strlcpy(cgp.name, "c", sizeof(cgp.name));
	cgp.has_cpu_pct = 1;
	cgp.cpu_pct = 0.001;
	p.configure.has_cgprofiles = 1;
	p.configure.ncgprofiles = 1;
	p.configure.cgprofiles = &cgp;
	p.configure.has_exec_user = 1;
	p.configure.has_gid = 1;
	p.configure.gid = 7;
	strlcpy(hook.name, "a", sizeof(hook.name));
	hook.path = hpath;
	hook.timeout_millis = 1;
	hook.envs.n = 1;
	hook.envs.kv = &kv;
	p.configure.has_hooks = 1;
	p.configure.nhooks = 1;
	p.configure.hooks = &hook;
	roundtrip_params(PROTO_M_CONFIGURE, &p);

	memset(&p, 0, sizeof(p));
	strlcpy(p.start.domain, "d", sizeof(p.start.domain));
	roundtrip_params(PROTO_M_START, &p);
	strlcpy(p.start.cgroup_profile, "big", sizeof(p.start.cgroup_profile));
	roundtrip_params(PROTO_M_START, &p);
	memset(&p, 0, sizeof(p));
	strlcpy(p.target.domain, "d", sizeof(p.target.domain));
	strlcpy(p.target.name, "n", sizeof(p.target.name));
	roundtrip_params(PROTO_M_TERMINATE, &p);
	roundtrip_params(PROTO_M_KILL, &p);
	p.target.has_timeout = 1;
	p.target.timeout = 123456789012ULL;
	roundtrip_params(PROTO_M_KILL, &p);
	memset(&p, 0, sizeof(p));
	roundtrip_params(PROTO_M_PING, &p);
	roundtrip_params(PROTO_M_EVENTS, &p);
	roundtrip_params(PROTO_M_STATUS, &p);
	strlcpy(p.dom.domain, "d", sizeof(p.dom.domain));
	roundtrip_params(PROTO_M_FREEZE, &p);
	roundtrip_params(PROTO_M_EVENTS, &p);
	roundtrip_params(PROTO_M_STATUS, &p);
	roundtrip_params(PROTO_M_THAW, &p);
	p.dom.has_timeout = 1;
	roundtrip_params(PROTO_M_STOP, &p);
	memset(&p.dom.cgroup_profile, 0, sizeof(p.dom.cgroup_profile));
	p.dom.has_timeout = 0;
	strlcpy(p.dom.cgroup_profile, "p", sizeof(p.dom.cgroup_profile));
	roundtrip_params(PROTO_M_THAW, &p);
}

static void
test_responses(void)
{
	struct proto_response		 resp;
	struct proto_error		 err, rerr;
	union proto_result		 res;
	struct proto_proc_status	 procs[3];
	struct proto_dom_status		 doms[2];
	msgpack_sbuffer			 sb;
	const char			*b;
	int				 m, r, ok;

	msgpack_sbuffer_init(&sb);
	/* Success with a nil result, for every method. */
	ok = 1;
	for (m = 0; m < PROTO_M_MAX; m++) {
		sb.size = 0;
		if (proto_encode_response(&sb, (uint32_t)m, m, NULL, NULL) ==
		    -1 || proto_decode_response(m, sb.data, sb.size, &resp,
		    &err) == -1 || resp.msgid != (uint32_t)m ||
		    resp.error.kind != PROTO_E_NONE || resp.has_result)
			ok = 0;
		proto_response_free(m, &resp);
	}
	CHECK(ok, "responses: nil result for every method");

	/* Errors of every kind, with and without hook_name. */
	ok = 1;
	for (m = PROTO_E_NO_SUCH_ENTITY; m <= PROTO_E_FAILURE; m++) {
		proto_seterr(&rerr, m, "it went wrong: %d", m);
		if (m == PROTO_E_FAILURE)
			strlcpy(rerr.hook_name, "net", sizeof(rerr.hook_name));
		sb.size = 0;
		memset(&res, 0, sizeof(res));
		if (proto_encode_response(&sb, 77, PROTO_M_START, &rerr,
		    &res) == -1 || proto_decode_response(PROTO_M_START,
		    sb.data, sb.size, &resp, &err) == -1 ||
		    resp.msgid != 77 || resp.error.kind != (unsigned)m ||
		    strcmp(resp.error.message, rerr.message) != 0 ||
		    strcmp(resp.error.hook_name, rerr.hook_name) != 0 ||
		    resp.has_result)
			ok = 0;
		proto_response_free(PROTO_M_START, &resp);
	}
	CHECK(ok, "responses: error kinds, hook_name");
	b = mp("[1, 1, {'error_kind': 'failure', 'message': 'm'}, nil]");
	r = proto_decode_response(PROTO_M_START, b, tb.size, &resp, &err);
	CHECK(r == 0 && resp.error.hook_name[0] == '\0',
	    "responses: hook_name absent");
	/* An error with the result of an exec: the error wins. */
	sb.size = 0;
	res.exec.pid = 5;
	proto_seterr(&rerr, PROTO_E_INVALID_STATE, "frozen");
	proto_encode_response(&sb, 3, PROTO_M_EXEC, &rerr, &res);
	r = proto_decode_response(PROTO_M_EXEC, sb.data, sb.size, &resp,
	    &err);
	CHECK(r == 0 && resp.error.kind == PROTO_E_INVALID_STATE &&
	    !resp.has_result, "responses: error carries no result");

	/* exec and stop results, at their integer edges. */
	sb.size = 0;
	res.exec.pid = 1;
	res.exec.host_pid = INT64_MAX;
	proto_encode_response(&sb, 4, PROTO_M_EXEC, NULL, &res);
	r = proto_decode_response(PROTO_M_EXEC, sb.data, sb.size, &resp,
	    &err);
	CHECK(r == 0 && resp.has_result && resp.r.exec.pid == 1 &&
	    resp.r.exec.host_pid == INT64_MAX, "responses: exec result");
	sb.size = 0;
	res.stop.cpu_ns = UINT64_MAX;
	res.stop.run_ns = 0;
	res.stop.max_memory_bytes = 1 << 20;
	proto_encode_response(&sb, 4, PROTO_M_STOP, NULL, &res);
	r = proto_decode_response(PROTO_M_STOP, sb.data, sb.size, &resp,
	    &err);
	CHECK(r == 0 && resp.r.stop.cpu_ns == UINT64_MAX &&
	    resp.r.stop.run_ns == 0 &&
	    resp.r.stop.max_memory_bytes == 1 << 20, "responses: stop result");

	/* status, every nullable field both ways. */
	memset(procs, 0, sizeof(procs));
	memset(doms, 0, sizeof(doms));
	strlcpy(procs[0].name, "web", sizeof(procs[0].name));
	procs[0].pid = 2;
	procs[0].host_pid = 4000;
	procs[0].state = PROTO_PROC_RUNNING;
	strlcpy(procs[1].name, "job", sizeof(procs[1].name));
	procs[1].state = PROTO_PROC_EXITED;
	procs[1].cause = PROTO_CAUSE_EXITED;
	procs[1].has_exit_status = 1;
	procs[1].exit_status = 3;
	strlcpy(procs[2].name, "big", sizeof(procs[2].name));
	procs[2].state = PROTO_PROC_EXITED;
	procs[2].cause = PROTO_CAUSE_OOM_KILLED;
	procs[2].has_signo = 1;
	procs[2].signo = 9;
	strlcpy(doms[0].name, "runtime", sizeof(doms[0].name));
	doms[0].state = PROTO_DOM_RUNNING;
	doms[0].worker_pid = 3999;
	strlcpy(doms[0].cgroup_profile, "small",
	    sizeof(doms[0].cgroup_profile));
	doms[0].nprocs = 3;
	doms[0].procs = procs;
	strlcpy(doms[1].name, "operator", sizeof(doms[1].name));
	doms[1].state = PROTO_DOM_STOPPED;
	res.status.ndomains = 2;
	res.status.domains = doms;
	sb.size = 0;
	r = proto_encode_response(&sb, 8, PROTO_M_STATUS, NULL, &res);
	CHECK(r == 0, "responses: encode status");
	r = proto_decode_response(PROTO_M_STATUS, sb.data, sb.size, &resp,
	    &err);
	{
		struct proto_response	 want;

		memset(&want, 0, sizeof(want));
		want.msgid = 8;
		want.has_result = 1;
		want.r = res;

		CHECK(r == 0 && proto_response_equal(PROTO_M_STATUS, &resp,
		    &want), "responses: status round trip (%s)",
		    r ? err.message : "");
	}
	CHECK(r == 0 && resp.r.status.ndomains == 2 &&
	    resp.r.status.domains[1].worker_pid == 0 &&
	    resp.r.status.domains[1].cgroup_profile[0] == '\0' &&
	    resp.r.status.domains[1].nprocs == 0 &&
	    resp.r.status.domains[0].procs[0].cause == PROTO_CAUSE_NONE &&
	    !resp.r.status.domains[0].procs[0].has_exit_status &&
	    resp.r.status.domains[0].procs[2].signo == 9,
	    "responses: status nils");
	proto_response_free(PROTO_M_STATUS, &resp);
	CHECK(resp.r.status.domains == NULL, "responses: status freed");

	/* A bad proc deep in the array: the partial result is freed. */
	b = mp("[1, 2, nil, {'domains': [{'name': 'a', 'state': 'running', "
	    "'processes': [{'name': 'p', 'pid': 1, 'host_pid': 2, 'state': "
	    "'running'}]}, {'name': 'b', 'state': 'frozen', 'worker_pid': nil, "
	    "'processes': [{'name': 'p', 'pid': 1, 'host_pid': 2, "
	    "'state': 'exited', 'cause': 'vanished'}]}]}]");
	r = proto_decode_response(PROTO_M_STATUS, b, tb.size, &resp, &err);
	CHECK(r == -1 && strstr(err.message, "status: domains[1]."
	    "processes[0].cause: unknown value \"vanished\"") != NULL &&
	    is_zero(&resp, sizeof(resp)),
	    "responses: status error names its field (%s)", err.message);
	msgpack_sbuffer_destroy(&sb);
}

static void
test_responses_bad(void)
{
	static const struct {
		enum proto_method	 m;
		const char		*t;
		const char		*needle;
	} cases[] = {
		{ PROTO_M_PING, "[1, 1, nil, 5]",
		    "ping: result: expected nil" },
		{ PROTO_M_PING, "[1, 1, nil]", "ping: expected [1, msgid" },
		{ PROTO_M_PING, "[1, 1, nil, nil, nil]", "msgpack-RPC" },
		{ PROTO_M_PING, "[0, 1, nil, nil]", "ping: type:" },
		{ PROTO_M_PING, "[1, -1, nil, nil]", "msgid: must not be" },
		{ PROTO_M_PING, "[1, 4294967296, nil, nil]", "msgid: " },
		{ PROTO_M_PING, "[1, 1, 'error', nil]",
		    "error: expected a map" },
		{ PROTO_M_PING, "[1, 1, {'message': 'm'}, nil]",
		    "error.error_kind: required field missing" },
		{ PROTO_M_PING, "[1, 1, {'error_kind': 'serde'}, nil]",
		    "error.message: required field missing" },
		{ PROTO_M_PING, "[1, 1, {'error_kind': 'none', 'message': ''}, "
		    "nil]", "error.error_kind: unknown value \"none\"" },
		{ PROTO_M_PING, "[1, 1, {'error_kind': 'oops', 'message': ''}, "
		    "nil]", "error.error_kind: unknown value \"oops\"" },
		{ PROTO_M_PING, "[1, 1, {'error_kind': 'serde', 'message': "
		    "'a\\0b'}, nil]", "error.message: contains a NUL byte" },
		{ PROTO_M_PING, "[1, 1, {'error_kind': 'serde', 'message': "
		    "'m'*512}, nil]", "error.message: longer than 511 bytes" },
		{ PROTO_M_PING, "[1, 1, {'error_kind': 'serde', 'message': "
		    "'m', 'hook_name': '../x'}, nil]",
		    "error.hook_name: invalid name" },
		{ PROTO_M_PING, "[1, 1, {'error_kind': 'serde', 'message': "
		    "'m', 'code': 1}, nil]", "error: unknown key \"code\"" },
		{ PROTO_M_EXEC, "[1, 1, {'error_kind': 'serde', 'message': "
		    "'m'}, {'pid': 1, 'host_pid': 1}]",
		    "result: must be nil with an error" },
		{ PROTO_M_EXEC, "[1, 1, nil, {'pid': 1}]",
		    "exec: host_pid: required field missing" },
		{ PROTO_M_EXEC, "[1, 1, nil, {'pid': '1', 'host_pid': 1}]",
		    "exec: pid: expected integer" },
		{ PROTO_M_EXEC, "[1, 1, nil, {'pid': 1, 'host_pid': "
		    "9223372036854775808}]", "host_pid: 9223372036854775808 out"
		    " of range" },
		{ PROTO_M_EXEC, "[1, 1, nil, [1, 2]]", "exec: expected a map" },
		{ PROTO_M_STOP, "[1, 1, nil, {'cpu_ns': 1, 'run_ns': -1, "
		    "'max_memory_bytes': 1}]", "stop: run_ns: must not be" },
		{ PROTO_M_STOP, "[1, 1, nil, {'cpu_ns': 1, 'run_ns': 1}]",
		    "stop: max_memory_bytes: required" },
		{ PROTO_M_STATUS, "[1, 1, nil, {}]",
		    "status: domains: required" },
		{ PROTO_M_STATUS, "[1, 1, nil, {'domains': [{'name': 'a', "
		    "'state': 'paused', 'processes': []}]}]",
		    "status: domains[0].state: unknown value \"paused\"" },
		{ PROTO_M_STATUS, "[1, 1, nil, {'domains': [{'name': 'a', "
		    "'state': 'running'}]}]",
		    "status: domains[0].processes: required" },
		{ PROTO_M_STATUS, "[1, 1, nil, {'domains': [{'name': 'a', "
		    "'state': 'running', 'processes': [], "
		    "'worker_pid': 'x'}]}]",
		    "status: domains[0].worker_pid: expected integer" },
		{ PROTO_M_STATUS, "[1, 1, nil, {'domains': [{'name': 'a', "
		    "'state': 'running', 'processes': [{'name': 'p', 'pid': 1, "
		    "'host_pid': 1, 'state': 'exited', 'exit_status': "
		    "2147483648}]}]}]",
		    "domains[0].processes[0].exit_status: 2147483648 out" },
		{ PROTO_M_STATUS, "[1, 1, nil, {'domains': [rep(2, {'name': "
		    "'a', 'state': 'running', 'processes': [], 'x': 1})]}]",
		    "domains[0]: unknown key \"x\"" },
	};
	struct proto_response	 resp;
	struct proto_error	 err;
	size_t			 i;
	int			 r;

	for (i = 0; i < PROTO_NITEMS(cases); i++) {
		memset(&err, 0, sizeof(err));
		mp(cases[i].t);
		r = proto_decode_response(cases[i].m, tb.data, tb.size, &resp,
		    &err);
		CHECK(r == -1 && err.kind == PROTO_E_SERDE &&
		    strstr(err.message, cases[i].needle) != NULL &&
		    is_zero(&resp, sizeof(resp)),
		    "responses: %s refused: \"%s\" (got \"%s\")",
		    cases[i].t, cases[i].needle, err.message);
	}
	r = proto_decode_response(PROTO_M_MAX, "\x94\x01\x01\xc0\xc0", 5,
	    &resp, &err);
	CHECK(r == -1, "responses: unknown method value");
}

static void
test_events(void)
{
	static const struct {
		const char	*t;
		const char	*needle;
	} cases[] = {
		{ "[2, 'evnt', [{}]]", "event: method: expected \"event\"" },
		{ "[2, 'event', []]", "event: params: expected [event]" },
		{ "[2, 'event', [{}, {}]]", "event: params: expected [event]" },
		{ "[2, 'event', {}]", "event: params: expected [event]" },
		{ "[1, 'event', [{}], nil]", "event: expected [2" },
		{ "[0, 'event', [{}]]", "event: type:" },
		{ "[2, 'event', [{'event': {'type': 'event_loss', "
		    "'size': 1}}]]", "event: timestamp_millis: required" },
		{ "[2, 'event', [{'timestamp_millis': -1, 'event': {'type': "
		    "'event_loss', 'size': 1}}]]",
		    "timestamp_millis: must not" },
		{ "[2, 'event', [{'timestamp_millis': 1}]]",
		    "event: event: required field missing" },
		{ "[2, 'event', [{'timestamp_millis': 1, 'event': []}]]",
		    "event: event: expected a map" },
		{ "[2, 'event', [{'timestamp_millis': 1, 'event': {'type': "
		    "'crash'}}]]", "event.type: unknown value \"crash\"" },
		{ "[2, 'event', [{'timestamp_millis': 1, 'event': {'type': "
		    "'event_loss'}}]]", "event.size: required field missing" },
		{ "[2, 'event', [{'timestamp_millis': 1, 'event': {'type': "
		    "'event_loss', 'size': 1, 'domain': 'd'}}]]",
		    "event.domain: must be nil" },
		{ "[2, 'event', [{'timestamp_millis': 1, 'event': {'type': "
		    "'event_loss', 'size': 1, 'signo': 9}}]]",
		    "event.signo: must be nil" },
		{ "[2, 'event', [{'timestamp_millis': 1, 'event': {'type': "
		    "'process_termination', 'name': 'n', 'cause': 'exited', "
		    "'exit_status': 0}}]]", "event.domain: required field" },
		{ "[2, 'event', [{'timestamp_millis': 1, 'event': {'type': "
		    "'process_termination', 'domain': 'd', 'name': 'n', "
		    "'exit_status': 0}}]]", "event.cause: required field" },
		{ "[2, 'event', [{'timestamp_millis': 1, 'event': {'type': "
		    "'process_termination', 'domain': 'd', 'name': 'n', "
		    "'cause': 'exited', 'exit_status': 0, 'signo': 9}}]]",
		    "event: expected exactly one of exit_status and signo" },
		{ "[2, 'event', [{'timestamp_millis': 1, 'event': {'type': "
		    "'process_termination', 'domain': 'd', 'name': 'n', "
		    "'cause': 'exited'}}]]",
		    "expected exactly one of exit_status" },
		{ "[2, 'event', [{'timestamp_millis': 1, 'event': {'type': "
		    "'process_termination', 'domain': 'd', 'name': 'n', "
		    "'cause': 'exited', 'exit_status': 0, 'size': 0}}]]",
		    "event.size: must be nil" },
		{ "[2, 'event', [{'timestamp_millis': 1, 'event': {'type': "
		    "'process_termination', 'domain': 'd', 'name': 'n', "
		    "'cause': 'killed', 'signo': 9}}]]",
		    "event.cause: unknown value \"killed\"" },
		{ "[2, 'event', [{'timestamp_millis': 1, 'event': {'type': "
		    "'process_termination', 'domain': 'd', 'name': 'n\\0', "
		    "'cause': 'exited', 'exit_status': 0}}]]",
		    "event.name: contains a NUL byte" },
		{ "[2, 'event', [{'timestamp_millis': 1, 'event': {'type': "
		    "'process_termination', 'domain': 'd', 'name': 'n', "
		    "'cause': 'signaled', 'signo': 2147483648}}]]",
		    "event.signo: 2147483648 out of range" },
		{ "[2, 'event', [{'timestamp_millis': 1, 'event': {'type': "
		    "'event_loss', 'size': 1, 'extra': 1}}]]",
		    "event: unknown key \"extra\"" },
	};
	struct proto_event	 ev, got;
	struct proto_error	 err;
	msgpack_sbuffer		 sb;
	size_t			 i;
	int			 r;

	msgpack_sbuffer_init(&sb);
	memset(&ev, 0, sizeof(ev));
	ev.timestamp_millis = 1700000000123ULL;
	ev.type = PROTO_EV_TERMINATION;
	ev.cause = PROTO_CAUSE_EXITED;
	strlcpy(ev.domain, "runtime", sizeof(ev.domain));
	strlcpy(ev.name, "fn", sizeof(ev.name));
	ev.has_exit_status = 1;
	ev.exit_status = 255;
	r = proto_encode_event(&sb, &ev);
	CHECK(r == 0 && proto_message_type(sb.data, sb.size) == 2,
	    "events: encode termination");
	r = proto_decode_event(sb.data, sb.size, &got, &err);
	CHECK(r == 0 && proto_event_equal(&ev, &got),
	    "events: exited round trip (%s)", r ? err.message : "");
	/* Seven keys in "event", nil where absent. */
	{
		msgpack_unpacked	 up;
		const msgpack_object	*body;
		size_t			 off = 0, nnil = 0, j;

		msgpack_unpacked_init(&up);
		msgpack_unpack_next(&up, sb.data, sb.size, &off);
		body = &up.data.via.array.ptr[2].via.array.ptr[0].via.map.
		    ptr[1].val;
		for (j = 0; j < body->via.map.size; j++)
			nnil += body->via.map.ptr[j].val.type ==
			    MSGPACK_OBJECT_NIL;
		CHECK(body->type == MSGPACK_OBJECT_MAP &&
		    body->via.map.size == 7 && nnil == 2,
		    "events: all seven keys, signo and size nil");
		msgpack_unpacked_destroy(&up);
	}
	ev.cause = PROTO_CAUSE_OOM_KILLED;
	ev.has_exit_status = 0;
	ev.has_signo = 1;
	ev.signo = 9;
	sb.size = 0;
	proto_encode_event(&sb, &ev);
	r = proto_decode_event(sb.data, sb.size, &got, &err);
	CHECK(r == 0 && proto_event_equal(&ev, &got) &&
	    got.cause == PROTO_CAUSE_OOM_KILLED && got.signo == 9,
	    "events: oom_killed round trip");

	memset(&ev, 0, sizeof(ev));
	ev.timestamp_millis = 5;
	ev.type = PROTO_EV_LOSS;
	ev.size = 12345;
	sb.size = 0;
	proto_encode_event(&sb, &ev);
	r = proto_decode_event(sb.data, sb.size, &got, &err);
	CHECK(r == 0 && proto_event_equal(&ev, &got) && got.size == 12345 &&
	    got.domain[0] == '\0', "events: event_loss round trip");
	mp("[2, 'event', [{'timestamp_millis': 5, 'event': {'type': "
	    "'event_loss', 'size': 3}}]]");
	r = proto_decode_event(tb.data, tb.size, &got, &err);
	CHECK(r == 0 && got.type == PROTO_EV_LOSS && got.size == 3,
	    "events: absent keys read as nil");

	for (i = 0; i < PROTO_NITEMS(cases); i++) {
		memset(&err, 0, sizeof(err));
		mp(cases[i].t);
		r = proto_decode_event(tb.data, tb.size, &got, &err);
		CHECK(r == -1 && err.kind == PROTO_E_SERDE &&
		    strstr(err.message, cases[i].needle) != NULL &&
		    is_zero(&got, sizeof(got)),
		    "events: %.50s refused: \"%s\" (got \"%s\")", cases[i].t,
		    cases[i].needle, err.message);
	}
	msgpack_sbuffer_destroy(&sb);
}

/* Encoders refuse what cannot be sent, and leave the buffer as it was. */
static void
test_encode_errors(void)
{
	struct proto_request	 req;
	struct proto_event	 ev;
	struct proto_error	 e;
	msgpack_sbuffer		 sb;
	size_t			 before;

	msgpack_sbuffer_init(&sb);
	msgpack_sbuffer_write(&sb, "\xc0", 1);
	before = sb.size;
	memset(&req, 0, sizeof(req));
	req.method = PROTO_M_MAX;
	CHECK(proto_encode_request(&sb, &req) == -1 && sb.size == before,
	    "encode: unknown method refused");
	req.method = PROTO_M_EXEC;
	strlcpy(req.p.exec.domain, "d", sizeof(req.p.exec.domain));
	CHECK(proto_encode_request(&sb, &req) == -1 && sb.size == before,
	    "encode: exec without a path refused, buffer unchanged");
	req.method = PROTO_M_CONFIGURE;
	memset(&req.p, 0, sizeof(req.p));
	req.p.configure.has_caps = 1;
	req.p.configure.caps.present = 1;
	req.p.configure.caps.set[0] = 1ULL << 41;
	CHECK(proto_encode_request(&sb, &req) == -1 && sb.size == before,
	    "encode: capability 41 refused");
	memset(&ev, 0, sizeof(ev));
	ev.type = 7;
	CHECK(proto_encode_event(&sb, &ev) == -1 && sb.size == before,
	    "encode: unknown event type refused");
	memset(&e, 0, sizeof(e));
	e.kind = 9;
	CHECK(proto_encode_response(&sb, 1, PROTO_M_PING, &e, NULL) == -1 &&
	    sb.size == before, "encode: unknown error kind refused");
	msgpack_sbuffer_destroy(&sb);
}

int
main(void)
{
	msgpack_sbuffer_init(&tb);
	test_util();
	test_scan_basic();
	test_scan_hostile();
	test_scan_trickle();
	test_scan_pipeline();
	test_request_envelope();
	test_common_fields();
	test_ping();
	test_configure_ok();
	test_configure_mounts();
	test_configure_caps();
	test_configure_rest();
	test_start();
	test_exec_ok();
	test_exec_bad();
	test_exec_limits();
	test_targets();
	test_domreqs();
	test_built_roundtrips();
	test_responses();
	test_responses_bad();
	test_events();
	test_encode_errors();
	msgpack_sbuffer_destroy(&tb);
	TEST_DONE();
}
