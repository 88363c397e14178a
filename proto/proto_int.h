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

#ifndef SUPD_PROTO_INT_H
#define SUPD_PROTO_INT_H

/*
 * Internal to proto/: the scanner variant used on bare values, the
 * strict field decoders shared by every schema, the name tables and the
 * structural comparisons used by the round-trip tests and the fuzzer.
 */

#include "proto.h"

/* Limits of the schema that only proto/ needs to know. */
#define PROTO_HOOK_TIMEOUT_MAX	3600000	/* ms: one hour */
#define PROTO_CPU_PCT_MAX	(100.0 * 4096)	/* 4096 CPUs */
#define PROTO_CHMODE_MAX	07777
#define PROTO_CAPNAMES_MAX	(PROTO_CAP_LAST + 1) /* names per set */
#define PROTO_KEYS_MAX		32	/* keys of one schema map */
#define PROTO_DPATH_MAX		128	/* error message field path */
#define PROTO_KEYSHOW_MAX	32	/* bytes of a bad key shown back */

#define PROTO_NITEMS(a)		(sizeof(a) / sizeof((a)[0]))

/* Flags of the proto_dec_* field decoders. */
#define PD_REQ		0x01	/* absent or nil is an error */
#define PD_NONEMPTY	0x02	/* the empty string is an error */
#define PD_NAME		0x04	/* strv: every element is a name */

/*
 * Decoding context: what is being decoded ("exec", "status result",
 * "event") and the path of the current field, so that every error names
 * the field it is about: "exec: args[3]: contains a NUL byte".
 */
struct proto_dctx {
	const char		*what;
	struct proto_error	*err;
	size_t			 plen;
	char			 path[PROTO_DPATH_MAX];
};

/* scan.c */
int	 proto_scan_value(struct proto_scan *, const void *, size_t, size_t,
	    struct proto_error *);
int	 proto_unpack(const void *, size_t, int, msgpack_unpacked *,
	    struct proto_scan *, struct proto_error *);

/* field.c */
void	 proto_dctx_init(struct proto_dctx *, const char *,
	    struct proto_error *);
int	 proto_dec_err(struct proto_dctx *, const char *, ...)
	    __attribute__((__format__ (printf, 2, 3)));
size_t	 proto_dec_push(struct proto_dctx *, const char *);
size_t	 proto_dec_pushi(struct proto_dctx *, size_t);
void	 proto_dec_pop(struct proto_dctx *, size_t);
int	 proto_dec_fields(struct proto_dctx *, const msgpack_object *,
	    const char *const *, size_t, const msgpack_object **);
int	 proto_dec_check_str(struct proto_dctx *, const msgpack_object *,
	    int, size_t);
int	 proto_dec_uint(struct proto_dctx *, const char *,
	    const msgpack_object *, int, uint64_t, uint64_t, uint64_t *);
int	 proto_dec_int(struct proto_dctx *, const char *,
	    const msgpack_object *, int, int64_t, int64_t, int64_t *);
int	 proto_dec_double(struct proto_dctx *, const char *,
	    const msgpack_object *, int, double, double *);
int	 proto_dec_strbuf(struct proto_dctx *, const char *,
	    const msgpack_object *, int, char *, size_t);
int	 proto_dec_name(struct proto_dctx *, const char *,
	    const msgpack_object *, int, char *);
int	 proto_dec_str(struct proto_dctx *, const char *,
	    const msgpack_object *, int, size_t, char **);
int	 proto_dec_path(struct proto_dctx *, const char *,
	    const msgpack_object *, int, char **);
int	 proto_dec_enum(struct proto_dctx *, const char *,
	    const msgpack_object *, int, const char *const *, size_t, int *);
int	 proto_dec_array(struct proto_dctx *, const char *,
	    const msgpack_object *, int, size_t, const msgpack_object_array **);
int	 proto_dec_strv(struct proto_dctx *, const char *,
	    const msgpack_object *, int, size_t, size_t, struct proto_strv *);
int	 proto_dec_env(struct proto_dctx *, const char *,
	    const msgpack_object *, int, struct proto_env *);
void	 proto_strv_free(struct proto_strv *);
void	 proto_env_free(struct proto_env *);

/* decode_configure.c */
int	 proto_dec_configure(struct proto_dctx *, const msgpack_object *,
	    struct proto_configure *);
void	 proto_configure_free(struct proto_configure *);

/* util.c: wire names, indexed by their enum; NULL never matches */
extern const char *const proto_mount_names[2];
extern const char *const proto_capset_names[PROTO_CAPS_MAX];
extern const char *const proto_domstate_names[3];
extern const char *const proto_procstate_names[2];
extern const char *const proto_cause_names[4];
extern const char *const proto_evtype_names[2];
extern const char *const proto_errkind_names[5];

/* compare.c: structural equality, 1 when equal */
int	 proto_params_equal(enum proto_method, const union proto_params *,
	    const union proto_params *);
int	 proto_request_equal(const struct proto_request *,
	    const struct proto_request *);
int	 proto_response_equal(enum proto_method,
	    const struct proto_response *, const struct proto_response *);
int	 proto_event_equal(const struct proto_event *,
	    const struct proto_event *);

#endif /* SUPD_PROTO_INT_H */
