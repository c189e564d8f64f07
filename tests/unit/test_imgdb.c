/* test_imgdb.c - the ESXi version from an image database: the XML
 * scanner on profiles and VIB descriptors (with the XML a scanner must
 * not be fooled by), the choice between them, and whole imgdb.tgz files
 * made here with tar. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "imgdb.h"
#include "tap.h"

static const char esx_base[] =
	"<?xml version=\"1.0\"?>\n"
	"<vib version=\"5.0\"><type>bootbank</type><name>esx-base</name>"
	"<version>6.7.0-0.0.8169922</version><vendor>VMware</vendor>"
	"<relationships><depends><constraint name=\"esx-update\" relation=\"&gt;=\" version=\"6.7.0-0.0\"/>"
	"</depends></relationships><payloads><payload name=\"b\" type=\"boot\" size=\"1\"/></payloads></vib>\n";

static const char profile[] =
	"<imageprofile><name>ESXi-6.7.0-8169922-standard</name><creator>VMware, Inc.</creator>"
	"<viblist><vib><vib-id>VMware_bootbank_esx-ui_1.33.7-15803439</vib-id><payloads/></vib>"
	"<vib><vib-id>VMware_bootbank_esx-base_6.7.0-0.0.8169922</vib-id>"
	"<payloads><payload payload-name=\"b\">b.b00</payload></payloads></vib>"
	"</viblist></imageprofile>";

/* Add one document, given as a C string, to db. */
static void parse_str(struct imgdb *db, const char *doc)
{
	imgdb_parse_doc(db, doc, strlen(doc));
}

/* Scan one document into a fresh db. */
static void scan1(struct imgdb *db, const char *doc)
{
	memset(db, 0, sizeof(*db));
	parse_str(db, doc);
}

/* The descriptors and the profile as VMware writes them. */
static void test_docs(void)
{
	struct imgdb db;
	char v[256];

	scan1(&db, esx_base);
	is_u64(db.n_described, 1, "an esx-base descriptor gives one version");
	is_str(db.described[0], "6.7.0-0.0.8169922", "its <version>");
	is_u64(db.n_docs, 1, "and counts as a document");
	ok(imgdb_version(&db, v, sizeof(v)) == 1 && !strcmp(v, "6.7.0-0.0.8169922"),
	   "imgdb_version gives it: %s", v);

	scan1(&db, "<vib><type>bootbank</type><name>esx-ui</name><version>1.33.7-15803439</version></vib>");
	ok(db.n_described == 0 && db.n_docs == 1, "another VIB's descriptor gives no version");
	ok(imgdb_version(&db, v, sizeof(v)) == 0, "and imgdb_version says none");

	scan1(&db, profile);
	is_u64(db.n_listed, 1, "the profile lists one esx-base");
	is_str(db.listed[0], "6.7.0-0.0.8169922", "the version after _esx-base_ in its vib-id");
	is_str(db.profile, "ESXi-6.7.0-8169922-standard", "the profile's name is kept for messages");

	scan1(&db, "<VIB><NAME>esx-base</NAME><Version>7.0.3-0.55.20328353</Version></VIB>");
	is_str(db.described[0], "7.0.3-0.55.20328353", "element names in any case");
	scan1(&db, "\xef\xbb\xbf<vib><version>8.0.3-0.0.24022510</version><name> esx-base\n</name></vib>");
	is_str(db.described[0], "8.0.3-0.0.24022510", "a byte order mark, <version> before <name>, blanks around a value");
}

/* XML that must not fool the scanner. */
static void test_tricks(void)
{
	static const struct {
		const char *doc, *want, *what;
	} cases[] = {
		{ "<vib><!-- <name>esx-base</name><version>9.9.9</version> --><name>esx-ui</name><version>1.0</version></vib>",
		  "", "elements in a comment are not read" },
		{ "<vib><name>esx-base</name><version><![CDATA[6.5.0-0.0.4564106]]></version></vib>",
		  "6.5.0-0.0.4564106", "CDATA is text" },
		{ "<vib><name>esx-base</name><version>6.5.0&#45;1</version></vib>",
		  "", "a value with an entity is not taken" },
		{ "<vib><name>esx-base</name><version>6.5<b>x</b>.0</version></vib>",
		  "", "a value with an element inside is not taken" },
		{ "<vib note='a > b'><name>esx-base</name><version>6.0.0-0.0.2494585</version></vib>",
		  "6.0.0-0.0.2494585", "a '>' inside a quoted attribute" },
		{ "<vib><name>esx-base</name><version/><version>6.7.0-1</version></vib>",
		  "", "an empty <version/> is the version element: the next one is not read" },
		{ "<vib><x><name>esx-base</name><version>6.7.0-1</version></x></vib>",
		  "", "name and version deeper down are not the VIB's" },
		{ "<vib><name>esx-base</name><version>6.7.0-0.0.8169922</version><description>cut here",
		  "6.7.0-0.0.8169922", "a cut document keeps what came before the cut" },
		{ "<vib><name>esx-base</name><version>latest</version></vib>", "", "a version must start with a digit" },
		{ "<vib><name>esx-base</name><version>6.7.0 1</version></vib>", "", "and have no blank" },
		{ "<vib><name>esx-base</name></wrong><version>6.7.0-1</version></vib>",
		  "", "a closing tag that closes nothing open stops the scan" },
		{ "<vib><name>esx-base</name><version>6.7.0-1</version></vib><vib><name>x</name><version>2.0</version></vib>",
		  "6.7.0-1", "a second root after the first does not replace what was read" },
		{ "<?xml version='1.0'?><!DOCTYPE vib><vib><name>esx-base</name><version>7.0.0-1.0.15843807</version></vib>",
		  "7.0.0-1.0.15843807", "a declaration and a doctype are skipped" },
	};
	char deep[4096] = "<vib>";
	struct imgdb db;
	size_t i, n;
	int d;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		scan1(&db, cases[i].doc);
		is_str(db.n_described ? db.described[0] : "", cases[i].want, "%s", cases[i].what);
	}
	n = strlen(deep);
	for (d = 0; d < 100; d++)
		n += (size_t)snprintf(deep + n, sizeof(deep) - n, "<a>");
	n += (size_t)snprintf(deep + n, sizeof(deep) - n, "<name>esx-base</name><version>1.0</version>");
	for (d = 0; d < 100; d++)
		n += (size_t)snprintf(deep + n, sizeof(deep) - n, "</a>");
	snprintf(deep + n, sizeof(deep) - n, "<name>esx-base</name><version>6.7.0-2.48.13006603</version></vib>");
	scan1(&db, deep);
	is_str(db.n_described ? db.described[0] : "", "6.7.0-2.48.13006603",
	       "100 levels deep: the nesting is followed and only the VIB's own children count");
	scan1(&db, "<imageprofile><viblist><vib><vib-id>VMware_bootbank_esx-base-foo_1.0</vib-id></vib>"
		   "<vib><vib-id>VMware_bootbank_esx-base_</vib-id></vib></viblist></imageprofile>");
	is_u64(db.n_listed, 0, "esx-base-foo is another VIB, and an empty version none");
	ok(imgdb_version_ok("6.7.0-0.0.8169922", 17) && !imgdb_version_ok("x6", 2) &&
	   !imgdb_version_ok("", 0) &&
	   !imgdb_version_ok("1234567890123456789012345678901234567890123456789012345678901234", 64),
	   "imgdb_version_ok: a digit first, bounded length");
}

/* The profile decides; descriptors only without it; more than one is
 * no answer. */
static void test_choice(void)
{
	struct imgdb db;
	char v[256];

	scan1(&db, profile);
	parse_str(&db, "<vib><name>esx-base</name><version>6.7.0-1.28.10302608</version></vib>");
	ok(imgdb_version(&db, v, sizeof(v)) == 1 && !strcmp(v, "6.7.0-0.0.8169922"),
	   "a profile's esx-base wins over a stray descriptor: %s", v);
	memset(&db, 0, sizeof(db));
	imgdb_parse_doc(&db, esx_base, strlen(esx_base));
	parse_str(&db, "<vib><name>esx-base</name><version>7.0.3-0.55.20328353</version></vib>");
	ok(imgdb_version(&db, v, sizeof(v)) == -1 && strstr(v, "6.7.0-0.0.8169922") && strstr(v, "7.0.3-0.55.20328353"),
	   "two esx-base versions and no profile: no answer, both named: %s", v);
	imgdb_parse_doc(&db, esx_base, strlen(esx_base));
	is_u64(db.n_described, 2, "the same version twice counts once");
}

/* Scan the file at path as imgdb_scan reads media files. */
static int scan_file(struct imgdb *db, const char *path)
{
	struct stream_mem sm;
	struct stream s;
	struct stoat_err e = { 0 };
	FILE *f = fopen(path, "rb");
	static unsigned char buf[1 << 20];
	size_t n;
	int rc;

	memset(db, 0, sizeof(*db));
	if (!f)
		return -ENOENT;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	stream_mem_init(&sm, &s, buf, n);
	rc = imgdb_scan(db, "IMGDB.TGZ", &s, &e);
	return rc;
}

/* Write text to dir/name, making the folders. */
static void put(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	tap_sh("mkdir -p \"$(dirname '%s')\"", path);
	if ((f = fopen(path, "w"))) {
		fputs(text, f);
		fclose(f);
	}
}

/* Whole archives, as media carry them. */
static void test_archives(const char *root)
{
	char tree[4096], tgz[4200], v[256];
	struct imgdb db;

	snprintf(tree, sizeof(tree), "%s/db", root);
	put(tree, "var/db/esximg/profiles/ESXi-6.7.0-8169922-standard-1", profile);
	put(tree, "var/db/esximg/vibs/esx-base-699708918229420497.xml", esx_base);
	put(tree, "var/db/esximg/vibs/deeper/esx-base-1.xml",
	    "<vib><name>esx-base</name><version>9.0.0-1</version></vib>");
	put(tree, "var/db/esximg/bulletins/x.xml",
	    "<vib><name>esx-base</name><version>9.0.0-2</version></vib>");
	snprintf(tgz, sizeof(tgz), "%s/imgdb.tgz", root);
	ok(tap_sh("cd '%s' && tar -czf '%s' var", tree, tgz) == 0, "tar makes an imgdb.tgz");
	ok(scan_file(&db, tgz) == 0 && imgdb_version(&db, v, sizeof(v)) == 1 &&
	   !strcmp(v, "6.7.0-0.0.8169922"), "imgdb.tgz: the version of esx-base: %s", v);
	is_u64(db.n_docs, 2, "only the files right in profiles/ and vibs/ are read");
	ok(!db.trouble[0], "no trouble: %s", db.trouble);

	snprintf(tgz, sizeof(tgz), "%s/plain.tar", root);
	tap_sh("cd '%s' && tar -cf '%s' var", tree, tgz);
	ok(scan_file(&db, tgz) == 0 && db.n_listed == 1, "an uncompressed tar is read too");

	snprintf(tgz, sizeof(tgz), "%s/junk", root);
	tap_sh("head -c 4000 /dev/urandom >'%s'", tgz);
	ok(scan_file(&db, tgz) == 0 && db.n_docs == 0 && strstr(db.trouble, "IMGDB.TGZ cannot be read"),
	   "random bytes: nothing read, and the trouble noted: %s", db.trouble);

	snprintf(tgz, sizeof(tgz), "%s/cut.tgz", root);
	tap_sh("cd '%s' && tar -czf - var | head -c 300 >'%s'", tree, tgz);
	ok(scan_file(&db, tgz) == 0 && db.trouble[0], "a cut archive: trouble noted: %s", db.trouble);
}

int main(void)
{
	char root[] = "/tmp/stoat-test-imgdb.XXXXXX";

	test_docs();
	test_tricks();
	test_choice();
	if (!mkdtemp(root)) {
		skip("cannot make a temporary folder");
		return tap_done();
	}
	test_archives(root);
	tap_sh("rm -rf '%s'", root);
	return tap_done();
}
