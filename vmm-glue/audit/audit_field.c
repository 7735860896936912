/* SPDX-License-Identifier: BSD-3-Clause */
/* Field values of an entry: untrusted strings made bounded UTF-8, the
 * time stamp, and the checks a reader applies to values. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "audit_local.h"

static const char *const result_names[] = { "ok", "refused", "failed" };

const char audit_zero_hash[VG_AUDIT_HASH_HEX + 1] =
	"0000000000000000000000000000000000000000000000000000000000000000";

const char *vg_audit_result_name(enum vg_audit_result r)
{
	return (unsigned)r < 3 ? result_names[r] : "?";
}

int vg_audit_result_parse(const char *s, enum vg_audit_result *out)
{
	for (unsigned i = 0; i < 3; i++) {
		if (strcmp(s, result_names[i]) == 0) {
			*out = (enum vg_audit_result)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 when it is
 * not one (overlong forms, surrogates and values past U+10FFFF included). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t len;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

void audit_field_copy(char *out, size_t max, const char *in)
{
	static const char replacement[] = "\xef\xbf\xbd";   /* U+FFFD */
	const unsigned char *s = (const unsigned char *)(in ? in : "");
	size_t n = strlen((const char *)s), o = 0, i = 0;
	bool cut = false;

	while (i < n) {
		size_t len = utf8_len(s + i, n - i);
		const void *src = len ? (const void *)(s + i) : replacement;
		size_t out_len = len ? len : 3;

		if (o + out_len > max) {
			cut = true;
			break;
		}
		memcpy(out + o, src, out_len);
		o += out_len;
		i += len ? len : 1;
	}
	if (cut && max >= 3) {
		/* Make room for "...", stepping back over whole characters. */
		while (o > max - 3)
			while (o > 0 && ((unsigned char)out[--o] & 0xc0) == 0x80)
				;
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

int audit_time_now(char out[VG_AUDIT_TIME_LEN + 1])
{
	struct timespec ts;
	struct tm tm;

	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return -errno;
	if (!gmtime_r(&ts.tv_sec, &tm) || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 0 ||
	    strftime(out, VG_AUDIT_TIME_LEN + 1, "%Y-%m-%dT%H:%M:%S", &tm) != 19)
		return -ERANGE;
	snprintf(out + 19, VG_AUDIT_TIME_LEN + 1 - 19, ".%03uZ",
		 (unsigned)(ts.tv_nsec / 1000000) % 1000);
	return 0;
}

/* The number written in the n digits at s, or -1 if any is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool audit_time_valid(const char *s)
{
	if (strlen(s) != VG_AUDIT_TIME_LEN || s[4] != '-' || s[7] != '-' ||
	    s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z')
		return false;
	return digits(s, 4) >= 0 && digits(s + 5, 2) >= 1 && digits(s + 5, 2) <= 12 &&
	       digits(s + 8, 2) >= 1 && digits(s + 8, 2) <= 31 &&
	       digits(s + 11, 2) >= 0 && digits(s + 11, 2) <= 23 &&
	       digits(s + 14, 2) >= 0 && digits(s + 14, 2) <= 59 &&
	       digits(s + 17, 2) >= 0 && digits(s + 17, 2) <= 60 &&   /* leap second */
	       digits(s + 20, 3) >= 0;
}

bool audit_hash_valid(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n == VG_AUDIT_HASH_HEX && s[n] == '\0';
}
