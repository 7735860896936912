/* SPDX-License-Identifier: BSD-3-Clause */
/* Names and texts of decoding errors and status codes, from the lists in
 * att_msg.h. */
#include "att_msg.h"

#include <errno.h>

static const int errnos[] = {
#define _(id, err, name, text) err,
	ATT_ERRORS(_)
#undef _
};

static const char *const err_names[] = {
#define _(id, err, name, text) name,
	ATT_ERRORS(_)
#undef _
};

static const char *const err_texts[] = {
#define _(id, err, name, text) text,
	ATT_ERRORS(_)
#undef _
};

static const char *const status_names[] = {
#define _(id, name, text) name,
	ATT_STATUSES(_)
#undef _
};

static const char *const status_texts[] = {
#define _(id, name, text) text,
	ATT_STATUSES(_)
#undef _
};

enum att_err att_err_of(int rc)
{
	for (unsigned i = 0; i < ATT_ERR_MAX; i++)
		if (rc == -errnos[i])
			return (enum att_err)i;
	return ATT_ERR_MAX;
}

const char *att_err_name(enum att_err e)
{
	return (unsigned)e < ATT_ERR_MAX ? err_names[e] : "unknown";
}

const char *att_err_text(enum att_err e)
{
	return (unsigned)e < ATT_ERR_MAX ? err_texts[e] : "unknown error";
}

const char *att_strerror(int rc)
{
	enum att_err e = att_err_of(rc);

	if (e < ATT_ERR_MAX)
		return err_texts[e];
	switch (rc) {
	case 0:
		return "success";
	case -ENOSPC:
		return "buffer too small";
	case -EINVAL:
		return "invalid argument";
	case -ENOENT:
		return "no such field";
	default:
		return "unknown error";
	}
}

const char *att_status_name(unsigned status)
{
	return status < ATT_STATUS_MAX ? status_names[status] : "unknown";
}

const char *att_status_text(unsigned status)
{
	return status < ATT_STATUS_MAX ? status_texts[status] : "unknown failure";
}
