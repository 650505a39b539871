/* knownhosts.c: ssh host keys against known_hosts files (knownhosts.h). */
#include "knownhosts.h"

#include <errno.h>
#include <libssh2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int key_mask(enum pk_hostkey_type t)
{
	switch (t) {
	case PK_HOSTKEY_RSA: return LIBSSH2_KNOWNHOST_KEY_SSHRSA;
	case PK_HOSTKEY_DSS: return LIBSSH2_KNOWNHOST_KEY_SSHDSS;
	case PK_HOSTKEY_ECDSA_256: return LIBSSH2_KNOWNHOST_KEY_ECDSA_256;
	case PK_HOSTKEY_ECDSA_384: return LIBSSH2_KNOWNHOST_KEY_ECDSA_384;
	case PK_HOSTKEY_ECDSA_521: return LIBSSH2_KNOWNHOST_KEY_ECDSA_521;
	case PK_HOSTKEY_ED25519: return LIBSSH2_KNOWNHOST_KEY_ED25519;
	case PK_HOSTKEY_UNKNOWN: break;
	}
	return 0;
}

int pk_known_host(const char *const *files, const char *host, int port, enum pk_hostkey_type type,
		  const char *key, size_t len, enum pk_known *out, char *why, size_t whylen)
{
	*out = PK_KNOWN_NOTFOUND;
	int mask = key_mask(type);
	if (!mask) {
		snprintf(why, whylen, "the server's host key is of a type this build cannot check");
		return -1;
	}
	/* A session only to own the collection: nothing is connected. */
	LIBSSH2_SESSION *sess = libssh2_session_init();
	LIBSSH2_KNOWNHOSTS *kh = sess ? libssh2_knownhost_init(sess) : NULL;
	int ret = -1;
	if (!kh) {
		snprintf(why, whylen, "out of memory checking the host key");
		goto out;
	}
	for (const char *const *f = files; *f; f++) {
		struct stat st;
		if (stat(*f, &st) < 0) {
			if (errno == ENOENT || errno == ENOTDIR)
				continue;
			snprintf(why, whylen, "cannot read %s: %s", *f, strerror(errno));
			goto out;
		}
		/* libssh2 stops at a line it cannot parse (a key type it does not
		 * know, such as an sk- key): the lines before it are still read,
		 * so such a file is checked as far as it goes. */
		libssh2_knownhost_readfile(kh, *f, LIBSSH2_KNOWNHOST_FILE_OPENSSH);
	}
	/* As ssh names a host on another port: "[host]:port", and only that
	 * (libssh2 given the port would also take the plain name's key, which
	 * ssh does not); hashed names are hashes of the same string. */
	char name[300];
	if (port == 22)
		snprintf(name, sizeof name, "%s", host);
	else
		snprintf(name, sizeof name, "[%s]:%d", host, port);
	struct libssh2_knownhost *found = NULL;
	int r = libssh2_knownhost_checkp(kh, name, -1, key, len,
					 LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | mask, &found);
	if (r == LIBSSH2_KNOWNHOST_CHECK_MATCH)
		*out = PK_KNOWN_MATCH;
	else if (r == LIBSSH2_KNOWNHOST_CHECK_MISMATCH)
		*out = PK_KNOWN_MISMATCH;
	else if (r == LIBSSH2_KNOWNHOST_CHECK_NOTFOUND)
		*out = PK_KNOWN_NOTFOUND;
	else {
		snprintf(why, whylen, "libssh2 could not check the host key");
		goto out;
	}
	ret = 0;
out:
	if (kh)
		libssh2_knownhost_free(kh);
	if (sess)
		libssh2_session_free(sess);
	return ret;
}

void pk_hostkey_fingerprint(const unsigned char sha256[32], char out[64])
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *p = out + sprintf(out, "SHA256:");
	for (int i = 0; i < 32; i += 3) {
		unsigned v = (unsigned)sha256[i] << 16 | (i + 1 < 32 ? (unsigned)sha256[i + 1] << 8 : 0) |
			     (i + 2 < 32 ? sha256[i + 2] : 0);
		int n = 32 - i >= 3 ? 4 : 32 - i + 1; /* no padding, as ssh prints it */
		for (int k = 0; k < n; k++)
			*p++ = b64[(v >> (18 - 6 * k)) & 63];
	}
	*p = '\0';
}
