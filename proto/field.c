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

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "proto_int.h"

/*
 * Strict decoders for one field of a msgpack object tree that
 * proto_unpack() built from scanned bytes.  Each takes the value (NULL
 * when the key was absent or its value nil), pushes the field's key on
 * the context's path so errors name it, and returns 1 when the field
 * was set, 0 when absent and allowed to be, -1 on error (context error
 * filled).  Whatever they allocate is stored in the caller's struct at
 * once, so the caller's free function releases it on any later error.
 */

static void	 dctx_advance(struct proto_dctx *, int);
static void	 show(char *, size_t, const char *, size_t);
static int	 absent(struct proto_dctx *, int);
static char	*dup_str(const msgpack_object *);
static int	 env_entry(struct proto_dctx *, const msgpack_object_kv *,
		    struct proto_kv *);
static int	 env_cmp(const void *, const void *);
static int	 env_dups(struct proto_dctx *, const struct proto_env *);

void
proto_dctx_init(struct proto_dctx *c, const char *what,
    struct proto_error *err)
{
	memset(c, 0, sizeof(*c));
	c->what = what;
	c->err = err;
}

int
proto_dec_err(struct proto_dctx *c, const char *fmt, ...)
{
	char	 msg[PROTO_ERRMSG_MAX];
	va_list	 ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->plen == 0)
		proto_seterr(c->err, PROTO_E_SERDE, "%s: %s", c->what, msg);
	else
		proto_seterr(c->err, PROTO_E_SERDE, "%s: %s: %s", c->what,
		    c->path, msg);
	return (-1);
}

/* A path too long for the buffer is cut, never overflowed. */
static void
dctx_advance(struct proto_dctx *c, int n)
{
	if (n < 0)
		return;
	c->plen += (size_t)n;
	if (c->plen >= sizeof(c->path))
		c->plen = sizeof(c->path) - 1;
}

/* Appends ".key" (or "key" at the top); NULL pushes nothing. */
size_t
proto_dec_push(struct proto_dctx *c, const char *key)
{
	size_t	 mark = c->plen;

	if (key == NULL)
		return (mark);
	dctx_advance(c, snprintf(c->path + c->plen, sizeof(c->path) - c->plen,
	    "%s%s", c->plen > 0 ? "." : "", key));
	return (mark);
}

size_t
proto_dec_pushi(struct proto_dctx *c, size_t idx)
{
	size_t	 mark = c->plen;

	dctx_advance(c, snprintf(c->path + c->plen, sizeof(c->path) - c->plen,
	    "[%zu]", idx));
	return (mark);
}

void
proto_dec_pop(struct proto_dctx *c, size_t mark)
{
	c->plen = mark;
	c->path[mark] = '\0';
}

/* Client bytes shown back in a message: short and printable only. */
static void
show(char *dst, size_t dsz, const char *s, size_t len)
{
	size_t	 i, n;

	n = len < PROTO_KEYSHOW_MAX ? len : PROTO_KEYSHOW_MAX;
	if (n > dsz - 4)
		n = dsz - 4;
	for (i = 0; i < n; i++)
		dst[i] = (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' &&
		    s[i] != '\\') ? s[i] : '?';
	dst[i] = '\0';
	if (n < len)
		(void)strlcat(dst, "...", dsz);
}

/*
 * Splits a schema map: vals[i] is the value of keys[i], NULL when
 * absent or nil.  Non-string, unknown and repeated keys are refused, so
 * that two decoders can never disagree on what a map says.
 */
int
proto_dec_fields(struct proto_dctx *c, const msgpack_object *o,
    const char *const *keys, size_t nkeys, const msgpack_object **vals)
{
	const msgpack_object_kv	*kv;
	char			 buf[PROTO_KEYSHOW_MAX + 4];
	uint32_t		 seen = 0, i;
	size_t			 k;

	if (o == NULL || o->type != MSGPACK_OBJECT_MAP)
		return (proto_dec_err(c, "expected a map"));
	for (k = 0; k < nkeys; k++)
		vals[k] = NULL;
	for (i = 0; i < o->via.map.size; i++) {
		kv = &o->via.map.ptr[i];
		if (kv->key.type != MSGPACK_OBJECT_STR)
			return (proto_dec_err(c, "map key %u is not a string",
			    i));
		for (k = 0; k < nkeys && k < PROTO_KEYS_MAX; k++) {
			if (strlen(keys[k]) == kv->key.via.str.size &&
			    memcmp(keys[k], kv->key.via.str.ptr,
			    kv->key.via.str.size) == 0)
				break;
		}
		if (k == nkeys || k == PROTO_KEYS_MAX) {
			show(buf, sizeof(buf), kv->key.via.str.ptr,
			    kv->key.via.str.size);
			return (proto_dec_err(c, "unknown key \"%s\"", buf));
		}
		if (seen & (1U << k))
			return (proto_dec_err(c, "duplicate key \"%s\"",
			    keys[k]));
		seen |= 1U << k;
		if (kv->val.type != MSGPACK_OBJECT_NIL)
			vals[k] = &kv->val;
	}
	return (0);
}

static int
absent(struct proto_dctx *c, int flags)
{
	if (flags & PD_REQ)
		return (proto_dec_err(c, "required field missing or nil"));
	return (0);
}

int
proto_dec_uint(struct proto_dctx *c, const char *key, const msgpack_object *o,
    int flags, uint64_t min, uint64_t max, uint64_t *out)
{
	size_t	 mark = proto_dec_push(c, key);
	int	 r = 1;

	if (o == NULL)
		r = absent(c, flags);
	else if (o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER)
		r = proto_dec_err(c, "must not be negative");
	else if (o->type != MSGPACK_OBJECT_POSITIVE_INTEGER)
		r = proto_dec_err(c, "expected unsigned integer");
	else if (o->via.u64 < min || o->via.u64 > max)
		r = proto_dec_err(c, "%llu out of range %llu..%llu",
		    (unsigned long long)o->via.u64, (unsigned long long)min,
		    (unsigned long long)max);
	else
		*out = o->via.u64;
	proto_dec_pop(c, mark);
	return (r);
}

int
proto_dec_int(struct proto_dctx *c, const char *key, const msgpack_object *o,
    int flags, int64_t min, int64_t max, int64_t *out)
{
	size_t	 mark = proto_dec_push(c, key);
	int64_t	 v = 0;
	int	 r = 1;

	if (o == NULL)
		r = absent(c, flags);
	else if (o->type == MSGPACK_OBJECT_POSITIVE_INTEGER) {
		if (o->via.u64 > INT64_MAX)
			r = proto_dec_err(c, "%llu out of range",
			    (unsigned long long)o->via.u64);
		else
			v = (int64_t)o->via.u64;
	} else if (o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER)
		v = o->via.i64;
	else
		r = proto_dec_err(c, "expected integer");
	if (r == 1 && (v < min || v > max))
		r = proto_dec_err(c, "%lld out of range %lld..%lld",
		    (long long)v, (long long)min, (long long)max);
	if (r == 1)
		*out = v;
	proto_dec_pop(c, mark);
	return (r);
}

/* A number in (0, max]: an integer is fine, NaN and infinities not. */
int
proto_dec_double(struct proto_dctx *c, const char *key,
    const msgpack_object *o, int flags, double max, double *out)
{
	size_t	 mark = proto_dec_push(c, key);
	double	 v = 0;
	int	 r = 1;

	if (o == NULL)
		r = absent(c, flags);
	else if (o->type == MSGPACK_OBJECT_FLOAT32 ||
	    o->type == MSGPACK_OBJECT_FLOAT64)
		v = o->via.f64;
	else if (o->type == MSGPACK_OBJECT_POSITIVE_INTEGER)
		v = (double)o->via.u64;
	else if (o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER)
		v = -1;		/* refused below */
	else
		r = proto_dec_err(c, "expected number");
	if (r == 1 && !isfinite(v))
		r = proto_dec_err(c, "must be finite");
	else if (r == 1 && (v <= 0 || v > max))
		r = proto_dec_err(c, "out of range (0, %g]", max);
	if (r == 1)
		*out = v;
	proto_dec_pop(c, mark);
	return (r);
}

/*
 * The checks every string gets: a str (bin is not a string), shorter
 * than max bytes (so it fits a buffer of max with its NUL), no NUL.
 * Does not push a key: the caller has.
 */
int
proto_dec_check_str(struct proto_dctx *c, const msgpack_object *o, int flags,
    size_t max)
{
	if (o == NULL)
		return (absent(c, flags));
	if (o->type == MSGPACK_OBJECT_BIN)
		return (proto_dec_err(c, "expected string, got binary"));
	if (o->type != MSGPACK_OBJECT_STR)
		return (proto_dec_err(c, "expected string"));
	if (o->via.str.size >= max)
		return (proto_dec_err(c, "longer than %zu bytes", max - 1));
	if (memchr(o->via.str.ptr, '\0', o->via.str.size) != NULL)
		return (proto_dec_err(c, "contains a NUL byte"));
	if ((flags & PD_NONEMPTY) && o->via.str.size == 0)
		return (proto_dec_err(c, "must not be empty"));
	return (1);
}

/* Into a caller buffer of bufsz bytes. */
int
proto_dec_strbuf(struct proto_dctx *c, const char *key,
    const msgpack_object *o, int flags, char *buf, size_t bufsz)
{
	size_t	 mark = proto_dec_push(c, key);
	int	 r;

	if ((r = proto_dec_check_str(c, o, flags, bufsz)) == 1) {
		memcpy(buf, o->via.str.ptr, o->via.str.size);
		buf[o->via.str.size] = '\0';
	}
	proto_dec_pop(c, mark);
	return (r);
}

/* Into a buffer of PROTO_NAME_MAX + 1 bytes. */
int
proto_dec_name(struct proto_dctx *c, const char *key, const msgpack_object *o,
    int flags, char *buf)
{
	size_t	 mark = proto_dec_push(c, key);
	int	 r;

	r = proto_dec_check_str(c, o, flags, PROTO_NAME_MAX + 1);
	if (r == 1 && !proto_name_valid(o->via.str.ptr, o->via.str.size))
		r = proto_dec_err(c, "invalid name (expected "
		    "[A-Za-z0-9._-]{1,%d})", PROTO_NAME_MAX);
	if (r == 1) {
		memcpy(buf, o->via.str.ptr, o->via.str.size);
		buf[o->via.str.size] = '\0';
	}
	proto_dec_pop(c, mark);
	return (r);
}

static char *
dup_str(const msgpack_object *o)
{
	char	*s;

	if ((s = malloc(o->via.str.size + 1)) == NULL)
		return (NULL);
	memcpy(s, o->via.str.ptr, o->via.str.size);
	s[o->via.str.size] = '\0';
	return (s);
}

int
proto_dec_str(struct proto_dctx *c, const char *key, const msgpack_object *o,
    int flags, size_t max, char **out)
{
	size_t	 mark = proto_dec_push(c, key);
	int	 r;

	if ((r = proto_dec_check_str(c, o, flags, max)) == 1 &&
	    (*out = dup_str(o)) == NULL)
		r = proto_dec_err(c, "out of memory");
	proto_dec_pop(c, mark);
	return (r);
}

int
proto_dec_path(struct proto_dctx *c, const char *key, const msgpack_object *o,
    int flags, char **out)
{
	size_t	 mark = proto_dec_push(c, key);
	int	 r;

	r = proto_dec_check_str(c, o, flags, PROTO_PATH_MAX);
	if (r == 1 && (o->via.str.size == 0 || o->via.str.ptr[0] != '/'))
		r = proto_dec_err(c, "must be an absolute path");
	if (r == 1 && (*out = dup_str(o)) == NULL)
		r = proto_dec_err(c, "out of memory");
	proto_dec_pop(c, mark);
	return (r);
}

/* One of names[], as its index; NULL entries never match. */
int
proto_dec_enum(struct proto_dctx *c, const char *key, const msgpack_object *o,
    int flags, const char *const *names, size_t n, int *out)
{
	char	 buf[PROTO_KEYSHOW_MAX + 4];
	size_t	 mark = proto_dec_push(c, key), i;
	int	 r;

	if ((r = proto_dec_check_str(c, o, flags, PROTO_STR_MAX)) == 1) {
		for (i = 0; i < n; i++) {
			if (names[i] != NULL &&
			    strlen(names[i]) == o->via.str.size &&
			    memcmp(names[i], o->via.str.ptr,
			    o->via.str.size) == 0)
				break;
		}
		if (i < n)
			*out = (int)i;
		else {
			show(buf, sizeof(buf), o->via.str.ptr,
			    o->via.str.size);
			r = proto_dec_err(c, "unknown value \"%s\"", buf);
		}
	}
	proto_dec_pop(c, mark);
	return (r);
}

/* Type and length only; the caller walks the elements. */
int
proto_dec_array(struct proto_dctx *c, const char *key,
    const msgpack_object *o, int flags, size_t maxn,
    const msgpack_object_array **out)
{
	size_t	 mark = proto_dec_push(c, key);
	int	 r = 1;

	if (o == NULL)
		r = absent(c, flags);
	else if (o->type != MSGPACK_OBJECT_ARRAY)
		r = proto_dec_err(c, "expected array");
	else if (o->via.array.size > maxn)
		r = proto_dec_err(c, "more than %zu elements", maxn);
	else
		*out = &o->via.array;
	proto_dec_pop(c, mark);
	return (r);
}

/*
 * An array of at most maxn strings, each shorter than maxlen; PD_NAME:
 * each a valid name, PD_NONEMPTY: none empty.
 */
int
proto_dec_strv(struct proto_dctx *c, const char *key, const msgpack_object *o,
    int flags, size_t maxn, size_t maxlen, struct proto_strv *sv)
{
	const msgpack_object_array	*a = NULL;
	size_t				 mark, m2, i;
	int				 r;

	if ((r = proto_dec_array(c, key, o, flags, maxn, &a)) != 1)
		return (r);
	if (a->size == 0)
		return (1);
	if (flags & PD_NAME)
		maxlen = PROTO_NAME_MAX + 1;
	mark = proto_dec_push(c, key);
	if ((sv->v = calloc(a->size, sizeof(*sv->v))) == NULL) {
		r = proto_dec_err(c, "out of memory");
		goto done;
	}
	for (i = 0; i < a->size && r == 1; i++) {
		m2 = proto_dec_pushi(c, i);
		r = proto_dec_check_str(c, &a->ptr[i], PD_REQ | flags, maxlen);
		if (r == 1 && (flags & PD_NAME) &&
		    !proto_name_valid(a->ptr[i].via.str.ptr,
		    a->ptr[i].via.str.size))
			r = proto_dec_err(c, "invalid name (expected "
			    "[A-Za-z0-9._-]{1,%d})", PROTO_NAME_MAX);
		if (r == 1 && (sv->v[i] = dup_str(&a->ptr[i])) == NULL)
			r = proto_dec_err(c, "out of memory");
		if (r == 1)
			sv->n = i + 1;
		proto_dec_pop(c, m2);
	}
 done:
	proto_dec_pop(c, mark);
	return (r);
}

static int
env_entry(struct proto_dctx *c, const msgpack_object_kv *e,
    struct proto_kv *kv)
{
	const msgpack_object_str	*k;

	if (e->key.type != MSGPACK_OBJECT_STR)
		return (proto_dec_err(c, "key is not a string"));
	k = &e->key.via.str;
	if (k->size == 0)
		return (proto_dec_err(c, "key is empty"));
	if (memchr(k->ptr, '\0', k->size) != NULL)
		return (proto_dec_err(c, "key contains a NUL byte"));
	if (memchr(k->ptr, '=', k->size) != NULL)
		return (proto_dec_err(c, "key contains '='"));
	if (proto_dec_check_str(c, &e->val, PD_REQ, PROTO_ARG_MAX) == -1)
		return (-1);
	/* "key=value" and its NUL are one string for execve. */
	if ((size_t)k->size + e->val.via.str.size + 2 > PROTO_ARG_MAX)
		return (proto_dec_err(c, "entry longer than %d bytes",
		    PROTO_ARG_MAX - 1));
	if ((kv->key = dup_str(&e->key)) == NULL ||
	    (kv->value = dup_str(&e->val)) == NULL)
		return (proto_dec_err(c, "out of memory"));
	return (1);
}

static int
env_cmp(const void *a, const void *b)
{
	const struct proto_kv	*const *x = a, *const *y = b;

	return (strcmp((*x)->key, (*y)->key));
}

/* Sorted copies of the key pointers: O(n log n) for 4096 entries. */
static int
env_dups(struct proto_dctx *c, const struct proto_env *env)
{
	const struct proto_kv	**s;
	char			  buf[PROTO_KEYSHOW_MAX + 4];
	size_t			  i;
	int			  r = 1;

	if (env->n < 2)
		return (1);
	if ((s = calloc(env->n, sizeof(*s))) == NULL)
		return (proto_dec_err(c, "out of memory"));
	for (i = 0; i < env->n; i++)
		s[i] = &env->kv[i];
	qsort(s, env->n, sizeof(*s), env_cmp);
	for (i = 1; i < env->n; i++) {
		if (strcmp(s[i - 1]->key, s[i]->key) == 0) {
			show(buf, sizeof(buf), s[i]->key, strlen(s[i]->key));
			r = proto_dec_err(c, "duplicate key \"%s\"", buf);
			break;
		}
	}
	free(s);
	return (r);
}

/* {key: value}: keys non-empty without '=', nothing with a NUL. */
int
proto_dec_env(struct proto_dctx *c, const char *key, const msgpack_object *o,
    int flags, struct proto_env *env)
{
	size_t		 mark = proto_dec_push(c, key), m2;
	uint32_t	 i;
	int		 r = 1;

	if (o == NULL)
		r = absent(c, flags);
	else if (o->type != MSGPACK_OBJECT_MAP)
		r = proto_dec_err(c, "expected a map");
	else if (o->via.map.size > PROTO_ENV_MAX)
		r = proto_dec_err(c, "more than %d entries", PROTO_ENV_MAX);
	else if (o->via.map.size > 0 && (env->kv = calloc(o->via.map.size,
	    sizeof(*env->kv))) == NULL)
		r = proto_dec_err(c, "out of memory");
	for (i = 0; r == 1 && i < o->via.map.size; i++) {
		m2 = proto_dec_pushi(c, i);
		env->n = i + 1;
		r = env_entry(c, &o->via.map.ptr[i], &env->kv[i]);
		proto_dec_pop(c, m2);
	}
	if (r == 1)
		r = env_dups(c, env);
	proto_dec_pop(c, mark);
	return (r);
}

void
proto_strv_free(struct proto_strv *sv)
{
	size_t	 i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
}

void
proto_env_free(struct proto_env *env)
{
	size_t	 i;

	for (i = 0; i < env->n; i++) {
		free(env->kv[i].key);
		free(env->kv[i].value);
	}
	free(env->kv);
	env->kv = NULL;
	env->n = 0;
}
