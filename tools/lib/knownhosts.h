/* knownhosts.h: is this ssh host key the one known for the host?  The
 * check OpenSSH makes against ~/.ssh/known_hosts, which libgit2 1.5 does
 * not make (without a certificate callback it takes any host key).
 * libssh2's own parser reads the files: plain and hashed (|1|...) host
 * names, [host]:port entries, every key type libssh2 knows. */
#ifndef PK_KNOWNHOSTS_H
#define PK_KNOWNHOSTS_H

#include <stddef.h>

enum pk_hostkey_type {   /* the raw key's type, as libgit2 gives it */
	PK_HOSTKEY_UNKNOWN, PK_HOSTKEY_RSA, PK_HOSTKEY_DSS, PK_HOSTKEY_ECDSA_256,
	PK_HOSTKEY_ECDSA_384, PK_HOSTKEY_ECDSA_521, PK_HOSTKEY_ED25519,
};

enum pk_known {
	PK_KNOWN_MATCH,      /* a known_hosts line names host (and port) with this key */
	PK_KNOWN_NOTFOUND,   /* no line names it with a key of this type */
	PK_KNOWN_MISMATCH,   /* a line names it with another key of this type */
};

/* Checks key (len bytes, the raw public key blob) of type for host on
 * port (22: the plain name; another: "[host]:port" lines, as ssh writes
 * them) against each file of files (NULL-terminated; a missing file
 * counts as empty).  0 with *out, or -1 (why says it: an unreadable
 * file, an unknown key type). */
int pk_known_host(const char *const *files, const char *host, int port, enum pk_hostkey_type type,
		  const char *key, size_t len, enum pk_known *out, char *why, size_t whylen);

/* "SHA256:<base64, unpadded>" of key, as ssh prints a fingerprint. */
void pk_hostkey_fingerprint(const unsigned char sha256[32], char out[64]);

#endif
