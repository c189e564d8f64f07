/* test_identity.c - the UUID line of esx.conf found and removed through
 * state.tgz -> local.tgz, and inspect's reading of a state.tgz. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "identity.h"
#include "inspect.h"
#include "tap.h"

struct file {
	const char *name, *data;
	unsigned mode;
	size_t len;	/* 0: strlen(data) */
};

/* A gzip'd ustar archive of files in memory (malloc'd, *len bytes). */
static char *make_tgz(const struct file *f, size_t n, size_t *len)
{
	size_t cap = 1 << 20, used = 0, i;
	char *buf = malloc(cap);
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();

	archive_write_set_format_ustar(a);
	archive_write_add_filter_gzip(a);
	archive_write_open_memory(a, buf, cap, &used);
	for (i = 0; i < n; i++) {
		size_t l = f[i].len ? f[i].len : strlen(f[i].data);

		archive_entry_clear(e);
		archive_entry_set_pathname(e, f[i].name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, f[i].mode);
		archive_entry_set_mtime(e, 1700000000, 0);
		archive_entry_set_uname(e, "root");
		archive_entry_set_size(e, (la_int64_t)l);
		archive_write_header(a, e);
		archive_write_data(a, f[i].data, l);
	}
	archive_write_close(a);
	archive_write_free(a);
	archive_entry_free(e);
	*len = used;
	return buf;
}

/* The content of member name of the tgz (malloc'd, NUL-terminated), its
 * mode in *mode; NULL when it is not there. */
static char *member(const void *tgz, size_t len, const char *name, unsigned *mode, size_t *size)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char *out = NULL;

	archive_read_support_filter_gzip(a);
	archive_read_support_format_tar(a);
	archive_read_open_memory(a, tgz, len);
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		if (strcmp(archive_entry_pathname(e), name))
			continue;
		*size = (size_t)archive_entry_size(e);
		*mode = archive_entry_perm(e);
		out = calloc(1, *size + 1);
		archive_read_data(a, out, *size);
		break;
	}
	archive_read_free(a);
	return out;
}

/* The /system/uuid line: found with its value, similar keys left alone. */
static void test_conf_uuid(void)
{
	static const char conf[] = "/system/uuidx = \"no\"\n/system/system/uuid = \"no\"\n"
				   "  /system/uuid\t= \"abc-123\"\r\n/last = \"1\"\n";
	char uuid[64];
	size_t off = 0, n = 0;

	ok(inspect_conf_uuid(conf, sizeof(conf) - 1, &off, &n, uuid, sizeof(uuid)), "the UUID line is found");
	is_str(uuid, "abc-123", "its value, without quotes or CR");
	is_u64(off, strstr(conf, "  /system/uuid") - conf, "the line starts at its blanks");
	is_u64(n, strlen("  /system/uuid\t= \"abc-123\"\r\n"), "and ends with its newline");
	ok(!inspect_conf_uuid("/system/uuidx = \"1\"\n", 20, &off, &n, uuid, sizeof(uuid)),
	   "a longer key is not the UUID");
	ok(inspect_conf_uuid("/system/uuid = plain", 20, &off, &n, uuid, sizeof(uuid)) &&
	   !strcmp(uuid, "plain") && n == 20, "an unquoted value on a last line without newline");
	ok(inspect_is_esx_conf("./etc/vmware/esx.conf") && inspect_is_esx_conf("etc/vmware/esx.conf") &&
	   !inspect_is_esx_conf("etc/vmware/esx.conf.bak"), "esx.conf by name, with or without ./");
}

/* identity_strip: exactly the line goes; other members and modes stay. */
static void test_strip(void)
{
	static const char conf[] = "/a = \"1\"\n/system/uuid = \"5f3a-01\"\n/b = \"2\"\n";
	struct file lf[] = {
		{ "etc/hosts", "127.0.0.1 localhost\n", 0644, 0 },
		{ "etc/vmware/esx.conf", conf, 0644, 0 },
		{ "etc/ssh/key", "k\0e\0y", 0600, 6 },
	};
	struct sbuf out = { 0 };
	struct stoat_err e = { 0 };
	struct inspect_bank b;
	size_t llen, slen, nl, size;
	char *local = make_tgz(lf, 3, &llen), *state, *nlocal, *c, uuid[64];
	struct file sf[] = { { "local.tgz", local, 0644, llen } };
	unsigned mode;
	int rc;

	state = make_tgz(sf, 1, &slen);
	memset(&b, 0, sizeof(b));
	inspect_state(state, slen, &b);
	ok(b.config == INSPECT_CONF_PLAIN && !strcmp(b.uuid, "5f3a-01"), "inspect_state reads the UUID");

	rc = identity_strip(state, slen, &out, uuid, sizeof(uuid), &e);
	is_u64((uint64_t)rc, 1, "identity_strip removes a line (%s)", e.msg);
	is_str(uuid, "5f3a-01", "and says which UUID");
	nlocal = member(out.p, out.len, "local.tgz", &mode, &nl);
	ok(nlocal != NULL, "the new state.tgz holds local.tgz");
	c = nlocal ? member(nlocal, nl, "etc/vmware/esx.conf", &mode, &size) : NULL;
	is_str(c ? c : "", "/a = \"1\"\n/b = \"2\"\n", "esx.conf lost exactly the UUID line");
	free(c);
	c = nlocal ? member(nlocal, nl, "etc/ssh/key", &mode, &size) : NULL;
	ok(c && size == 6 && !memcmp(c, "k\0e\0y", 6) && mode == 0600, "another file keeps its bytes and mode");
	free(c);
	c = nlocal ? member(nlocal, nl, "etc/hosts", &mode, &size) : NULL;
	is_str(c ? c : "", "127.0.0.1 localhost\n", "and so does the first one");
	free(c);
	memset(&b, 0, sizeof(b));
	inspect_state(out.p, out.len, &b);
	ok(b.config == INSPECT_CONF_PLAIN && !b.uuid[0], "inspect finds no UUID in the result");
	free(nlocal);

	/* again: nothing left to remove */
	{
		struct sbuf again = { 0 };

		rc = identity_strip(out.p, out.len, &again, uuid, sizeof(uuid), &e);
		ok(rc == 0 && again.len == 0, "a state.tgz without the line: 0, nothing made");
		free(again.p);
	}
	free(out.p);
	rc = identity_strip("not an archive", 14, &out, uuid, sizeof(uuid), &e);
	ok(rc < 0 && e.msg[0], "garbage is an error with a message: %s", e.msg);
	free(out.p);
	free(state);
	free(local);
}

/* The encrypted kind is named as such. */
static void test_encrypted(void)
{
	struct file sf[] = {
		{ "local.tgz.ve", "\x01\x02\x03", 0644, 3 },
		{ "encryption.info", "{}\n", 0644, 0 },
	};
	struct inspect_bank b;
	size_t len;
	char *state = make_tgz(sf, 2, &len);

	memset(&b, 0, sizeof(b));
	inspect_state(state, len, &b);
	ok(b.config == INSPECT_CONF_ENCRYPTED && !b.uuid[0], "local.tgz.ve + encryption.info: encrypted");
	free(state);
}

int main(void)
{
	test_conf_uuid();
	test_strip();
	test_encrypted();
	return tap_done();
}
