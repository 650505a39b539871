/* knownhosts.c: an ssh host key against known_hosts files, as ssh checks
 * it (issue 14: sync over ssh checks the server's key).  Each row: the
 * lines of a known_hosts file, the host and port asked for, the key the
 * server shows; the answer.  The keys and the hashed line were made with
 * ssh-keygen (-t ed25519; -H for the hash of "[127.0.0.1]:2222"). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "knownhosts.h"

#define K1 "AAAAC3NzaC1lZDI1NTE5AAAAIMgt0gPnJkmhfLc0daqLLSI9Yg8ztP6oSBTJBDei9afI"
#define K2 "AAAAC3NzaC1lZDI1NTE5AAAAIMDG/ZzPQjJgzTUtRpw9hfDujmKhYaNGtlSANctP4/YB"
#define HASHED_2222 "|1|FrerpbtIe26ybywzmMR/yO9mTv8=|JPTfJGxd+sgl+xwNP2LSFILNTvA="

/* base64 to bytes (the test's own: the keys as they appear in the file) */
static size_t unbase64(const char *in, unsigned char *out)
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned v = 0;
	int bits = 0;
	size_t n = 0;
	for (; *in && *in != '='; in++) {
		v = v << 6 | (unsigned)(strchr(t, *in) - t);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(v >> bits);
		}
	}
	return n;
}

static const struct row {
	const char *why, *file, *host;
	int port;
	const char *key;
	enum pk_known want;
} rows[] = {
	{"plain name, port 22", "127.0.0.1 ssh-ed25519 " K1 "\n", "127.0.0.1", 22, K1, PK_KNOWN_MATCH},
	{"plain name on another port is another host (ssh: [host]:port)",
	 "127.0.0.1 ssh-ed25519 " K1 "\n", "127.0.0.1", 2222, K1, PK_KNOWN_NOTFOUND},
	{"[host]:port", "[127.0.0.1]:2222 ssh-ed25519 " K1 "\n", "127.0.0.1", 2222, K1, PK_KNOWN_MATCH},
	{"[host]:port is not the host on 22", "[127.0.0.1]:2222 ssh-ed25519 " K1 "\n", "127.0.0.1", 22, K1,
	 PK_KNOWN_NOTFOUND},
	{"another key for the host: mismatch", "[127.0.0.1]:2222 ssh-ed25519 " K2 "\n", "127.0.0.1", 2222, K1,
	 PK_KNOWN_MISMATCH},
	{"hashed name (HashKnownHosts yes)", HASHED_2222 " ssh-ed25519 " K1 "\n", "127.0.0.1", 2222, K1,
	 PK_KNOWN_MATCH},
	{"hashed name, another host", HASHED_2222 " ssh-ed25519 " K1 "\n", "127.0.0.2", 2222, K1,
	 PK_KNOWN_NOTFOUND},
	{"a comma list and a comment", "# office servers\ngit.example.org,127.0.0.1 ssh-ed25519 " K1 "\n",
	 "127.0.0.1", 22, K1, PK_KNOWN_MATCH},
	{"an empty file", "", "127.0.0.1", 22, K1, PK_KNOWN_NOTFOUND},
	{"no file", NULL, "127.0.0.1", 22, K1, PK_KNOWN_NOTFOUND},
};

Test(knownhosts, table)
{
	char path[] = "/tmp/pk-known-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	close(fd);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		if (r->file) {
			FILE *f = fopen(path, "w");
			cr_assert_not_null(f);
			fputs(r->file, f);
			fclose(f);
		} else {
			unlink(path);
		}
		unsigned char key[128];
		size_t len = unbase64(r->key, key);
		const char *files[] = {path, "/nonexistent/known_hosts", NULL};
		enum pk_known got = 99;
		char why[256] = "";
		cr_assert_eq(pk_known_host(files, r->host, r->port, PK_HOSTKEY_ED25519, (const char *)key, len,
					   &got, why, sizeof why), 0, "%s: %s", r->why, why);
		cr_expect_eq(got, r->want, "%s: got %d, want %d", r->why, (int)got, (int)r->want);
	}
	unlink(path);
}

Test(knownhosts, unknown_key_type_is_an_error)
{
	const char *files[] = {NULL};
	enum pk_known got;
	char why[256] = "";
	cr_assert_eq(pk_known_host(files, "127.0.0.1", 22, PK_HOSTKEY_UNKNOWN, "x", 1, &got, why, sizeof why), -1);
	cr_expect_str_eq(why, "the server's host key is of a type this build cannot check");
}

/* ssh-keygen -l -E sha256 of K1: SHA256:b+sktGxVxLyjjDDN/M5+hMIaLtr7a6IBKUI0ZC3XXsU */
Test(knownhosts, fingerprint_as_ssh_prints_it)
{
	static const unsigned char sha[32] = {
		0x6f, 0xeb, 0x24, 0xb4, 0x6c, 0x55, 0xc4, 0xbc, 0xa3, 0x8c, 0x30, 0xcd, 0xfc, 0xce, 0x7e, 0x84,
		0xc2, 0x1a, 0x2e, 0xda, 0xfb, 0x6b, 0xa2, 0x01, 0x29, 0x42, 0x34, 0x64, 0x2d, 0xd7, 0x5e, 0xc5};
	char fp[64];
	pk_hostkey_fingerprint(sha, fp);
	cr_expect_str_eq(fp, "SHA256:b+sktGxVxLyjjDDN/M5+hMIaLtr7a6IBKUI0ZC3XXsU");
}
