/* bootkit.c - find safeboot, mboot, crypto64 and the syslinux pieces on
 * install media, in payloads and nested archives, and judge each by its
 * content (see bootkit.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bootbank.h"
#include "bootkit.h"
#include "le.h"
#include "media.h"
#include "nls.h"
#include "vmtar.h"

/* Strings each VMware loader carries, in every esx-boot release from
 * 6.7 to 9.0 (github.com/vmware/esx-boot): safeboot checks the boot-bank
 * marker and puts bootUUID= on the kernel's command line; mboot parses
 * kernelopt= and loads Multiboot kernels; crypto64 names itself. */
#define MARK_SAFEBOOT_UUID "bootUUID="
#define MARK_MBOOT_OPT "kernelopt"
#define MARK_MBOOT_MB "Multiboot"
#define MARK_CRYPTO "ESXboot Cryptographic Module"

#define PE_MACHINE_X64 0x8664
#define PE_MAGIC_PE32PLUS 0x20B
#define LDLINUX_MAGIC 0x3eb202feu	/* syslinux's ldlinux.sys signature */
#define LDLINUX_MAX (1u << 20)
#define BOOTKIT_MAX_MEMBERS (1u << 18)	/* members looked at in one search */

/* Whether data holds the string s. */
static bool has_str(const unsigned char *data, size_t size, const char *s)
{
	return memmem(data, size, s, strlen(s)) != NULL;
}

/* Whether name ends with suffix, ignoring case. */
static bool ends_with(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n >= k && !strcasecmp(name + n - k, suffix);
}

/* Whether name contains word, ignoring case. */
static bool name_has(const char *name, const char *word)
{
	return strcasestr(name, word) != NULL;
}

/* The piece a base name claims to be, or -1. */
static int piece_by_name(const char *name)
{
	if (ends_with(name, ".efi")) {
		if (name_has(name, "safeboot"))
			return BOOTKIT_SAFEBOOT_EFI;
		if (name_has(name, "crypto"))
			return BOOTKIT_CRYPTO_EFI;
		if (name_has(name, "mboot") || !strcasecmp(name, "bootx64.efi"))
			return BOOTKIT_MBOOT_EFI;
		return -1;
	}
	if (ends_with(name, ".c32"))
		return name_has(name, "safeboot") ? BOOTKIT_SAFEBOOT_C32
		     : name_has(name, "mboot") ? BOOTKIT_MBOOT_C32 : -1;
	if (!strcasecmp(name, "ldlinux.sys"))
		return BOOTKIT_LDLINUX_SYS;
	if (!strncasecmp(name, "fatbootsector", 13) || !strcasecmp(name, "ldlinux.bss"))
		return BOOTKIT_FAT_BOOT_SECTOR;
	if (!strcasecmp(name, "gptmbr.bin"))
		return BOOTKIT_GPTMBR;
	return -1;
}

/* Whether a base name is one the kit looks at: every .efi and .c32 (told
 * apart by content), and the syslinux pieces by name. */
static bool is_candidate(const char *name)
{
	return ends_with(name, ".efi") || ends_with(name, ".c32") || piece_by_name(name) >= 0;
}

/* Judge an x86-64 UEFI image: 0, or -1 with why. */
static int judge_pe(const char *name, const unsigned char *d, size_t n, char *why, size_t ws)
{
	uint32_t pe;
	uint16_t sub;

	if (n < 0x40 || d[0] != 'M' || d[1] != 'Z') {
		snprintf(why, ws, _("%s is not a UEFI program (no MZ header)"), name);
		return -1;
	}
	pe = le32_get(d + 0x3C);
	if (pe > n || n - pe < 24 + 70 || memcmp(d + pe, "PE\0\0", 4)) {
		snprintf(why, ws, _("%s is not a UEFI program (no PE header)"), name);
		return -1;
	}
	if (le16_get(d + pe + 4) != PE_MACHINE_X64 || le16_get(d + pe + 24) != PE_MAGIC_PE32PLUS) {
		snprintf(why, ws, _("%s is a program for another processor (machine 0x%04x), not x86-64"),
			 name, le16_get(d + pe + 4));
		return -1;
	}
	sub = le16_get(d + pe + 24 + 68);
	if (sub < 10 || sub > 12) {
		snprintf(why, ws, _("%s is not a UEFI program (PE subsystem %u)"), name, sub);
		return -1;
	}
	return 0;
}

/* Which VMware loader a UEFI image or COM32 module is, by its strings. */
static int judge_loader(const char *name, const unsigned char *d, size_t n, bool efi,
			char *why, size_t ws)
{
	if (has_str(d, n, BOOTBANK_MARKER) && has_str(d, n, MARK_SAFEBOOT_UUID))
		return efi ? BOOTKIT_SAFEBOOT_EFI : BOOTKIT_SAFEBOOT_C32;
	if (efi && has_str(d, n, MARK_CRYPTO))
		return BOOTKIT_CRYPTO_EFI;
	if (has_str(d, n, MARK_MBOOT_OPT) && has_str(d, n, MARK_MBOOT_MB))
		return efi ? BOOTKIT_MBOOT_EFI : BOOTKIT_MBOOT_C32;
	snprintf(why, ws, efi ? _("%s is a UEFI program, but not VMware's safeboot, mboot or crypto64")
			      : _("%s is a COM32 module, but not VMware's safeboot.c32 or mboot.c32"),
		 name);
	return -1;
}

/* Judge a file by content (see bootkit.h). */
int bootkit_classify(const char *name, const unsigned char *d, size_t n,
		     char *why, size_t ws)
{
	int want = piece_by_name(name);
	size_t i;

	if (ends_with(name, ".efi"))
		return judge_pe(name, d, n, why, ws) < 0 ? -1 : judge_loader(name, d, n, true, why, ws);
	if (ends_with(name, ".c32")) {
		if (n >= 4 && !memcmp(d, "\177ELF", 4)) {
			snprintf(why, ws, _("%s is a module of syslinux 5 or later, which ESXi's syslinux 3.86 cannot run"),
				 name);
			return -1;
		}
		if (n < 5 || memcmp(d, "\xb8\xfe\x4c\xcd\x21", 5)) {
			snprintf(why, ws, _("%s is not a COM32 module"), name);
			return -1;
		}
		return judge_loader(name, d, n, false, why, ws);
	}
	switch (want) {
	case BOOTKIT_LDLINUX_SYS:
		for (i = 0; n <= LDLINUX_MAX && i + 4 <= n && i < 2048; i += 4)
			if (le32_get(d + i) == LDLINUX_MAGIC)
				return want;
		snprintf(why, ws, _("%s is not syslinux's ldlinux.sys (no signature)"), name);
		return -1;
	case BOOTKIT_FAT_BOOT_SECTOR:
		if (n == 512 && ((d[0] == 0xEB && d[2] == 0x90) || d[0] == 0xE9))
			return want;
		snprintf(why, ws, _("%s is not a FAT boot sector (%zu bytes, or no jump at its start)"),
			 name, n);
		return -1;
	case BOOTKIT_GPTMBR:
		for (i = 0; i < n && !d[i]; i++)
			;
		if (n >= 64 && i < n && (n <= BOOTKIT_GPTMBR_CODE ||
					 (n == 512 && d[510] == 0x55 && d[511] == 0xAA)))
			return want;
		snprintf(why, ws, _("%s is not a GPT MBR boot stub (%zu bytes)"), name, n);
		return -1;
	default:
		snprintf(why, ws, _("%s is not a boot loader file"), name);
		return -1;
	}
}

/* Offer a file to the kit (see bootkit.h). */
int bootkit_offer(struct bootkit *kit, const char *name, const void *data, size_t size,
		  enum bootkit_source src, const char *origin)
{
	char why[sizeof(kit->piece[0].why)];
	int p = bootkit_classify(name, data, size, why, sizeof(why));
	struct bootkit_file *f;
	unsigned char *copy;

	if (p < 0) {
		int want = piece_by_name(name);

		if (want >= 0 && !kit->piece[want].data && !kit->piece[want].why[0])
			snprintf(kit->piece[want].why, sizeof(kit->piece[want].why), "%s (%s)",
				 why, origin);
		return -1;
	}
	f = &kit->piece[p];
	if (f->data && f->source <= src)
		return -1;
	if (!(copy = malloc(size ? size : 1)))
		return -1;
	memcpy(copy, data, size);
	free(f->data);
	f->data = copy;
	f->size = size;
	f->source = src;
	f->why[0] = '\0';
	snprintf(f->origin, sizeof(f->origin), "%s", origin);
	return p;
}

/* One search through a container and what it holds. */
struct bk_scan {
	struct bootkit *kit;
	enum bootkit_source src;
	unsigned depth;			/* of the container being read */
	unsigned *members;
	char where[256];		/* "IMGPAYLD.TGZ: payloads/btldr.v00" */
};

/* Base name of a path inside a container. */
static const char *base_of(const char *name)
{
	const char *s = strrchr(name, '/');

	return s ? s + 1 : name;
}

/* Whether a member's name looks like an archive worth opening: tar and
 * compressed suffixes, ESXi payload names (x.v00, x.t00), btldr*. */
static bool looks_archive(const char *base)
{
	static const char *const sfx[] = { ".tgz", ".tar", ".gz", ".vgz", ".xz", ".txz",
					   ".zst", ".zstd", ".bz2", ".tbz" };
	const char *dot = strrchr(base, '.');
	size_t i;

	if (!strncasecmp(base, "btldr", 5))
		return true;
	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++)
		if (ends_with(base, sfx[i]))
			return true;
	return dot && strlen(dot) == 4 && isalpha((unsigned char)dot[1]) &&
	       isdigit((unsigned char)dot[2]) && isdigit((unsigned char)dot[3]);
}

static int bk_container(struct bk_scan *s, const struct stream *in, struct stoat_err *e);

/* Whether a container member is read: a kit file, or a nested archive. */
static int bk_pick(void *ctx, const char *name, uint64_t size, struct stoat_err *e)
{
	struct bk_scan *s = ctx;
	const char *base = base_of(name);

	if (++*s->members > BOOTKIT_MAX_MEMBERS)
		return err_set(e, E2BIG, _("more than %u files in nested archives"), BOOTKIT_MAX_MEMBERS);
	if (is_candidate(base))
		return 1;
	return s->depth < BOOTKIT_MAX_DEPTH && size && looks_archive(base);
}

/* Read one picked member: offer a kit file, or open a nested archive. */
static int bk_use(void *ctx, const char *name, uint64_t size, const struct stream *in,
		  struct stoat_err *e)
{
	struct bk_scan *s = ctx, sub = *s;
	const char *base = base_of(name);
	char origin[sizeof(s->where) + 256];
	unsigned char *data;
	int rc, want;

	snprintf(origin, sizeof(origin), "%s: %s", s->where, name);
	if (is_candidate(base)) {
		rc = stream_slurp(in, size, BOOTKIT_FILE_MAX, &data, e);
		if (rc == -EFBIG) {
			want = piece_by_name(base);
			if (want >= 0 && !s->kit->piece[want].why[0])
				snprintf(s->kit->piece[want].why, sizeof(s->kit->piece[want].why),
					 _("%s is %llu bytes, too large for a boot loader file"),
					 origin, (unsigned long long)size);
			return 0;
		}
		if (rc < 0)
			return rc;
		bootkit_offer(s->kit, base, data, (size_t)size, s->src, origin);
		free(data);
		return 0;
	}
	sub.depth++;
	snprintf(sub.where, sizeof(sub.where), "%s", origin);
	rc = bk_container(&sub, in, e);
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0 && !s->kit->trouble[0])
		snprintf(s->kit->trouble, sizeof(s->kit->trouble), "%s: %s", origin, e ? e->msg : "");
	return 0;
}

/* vmtar: pick by name and type. */
static int bk_vm_pick(void *ctx, const struct vmtar_entry *ent, struct stoat_err *e)
{
	return ent->type == VMTAR_FILE ? bk_pick(ctx, ent->name, ent->size, e) : 0;
}

/* vmtar: a picked entry's data. */
static int bk_vm_data(void *ctx, const struct vmtar_entry *ent, const struct stream *in,
		      struct stoat_err *e)
{
	return bk_use(ctx, ent->name, ent->size, in, e);
}

/* Read a container: decompress, then a vmtar, a tar, or nothing. */
static int bk_container(struct bk_scan *s, const struct stream *in, struct stoat_err *e)
{
	struct vmtar_visit vv = { s, bk_vm_pick, bk_vm_data };
	struct stream_members tm = { s, bk_pick, bk_use };
	unsigned char head[VMTAR_BLOCK];
	struct stream_unpack *u;
	struct stream plain, whole;
	struct stream_cat cat;
	ssize_t n;
	int rc;

	if ((rc = stream_unpack_open(in, &u, &plain, e)) < 0)
		return rc;
	n = stream_read_full(&plain, head, sizeof(head), e);
	if (n < 0)
		rc = (int)n;
	else if (n == (ssize_t)sizeof(head) && vmtar_is_header(head))
		rc = vmtar_parse(&plain, head, sizeof(head), &vv, e);
	else if (n == (ssize_t)sizeof(head) && !memcmp(head + 257, "ustar", 5)) {
		stream_cat_init(&cat, &whole, head, sizeof(head), &plain);
		rc = stream_tar_walk(&whole, &tm, e);
	}
	stream_unpack_close(u);
	return rc;
}

/* Search one container (see bootkit.h). */
int bootkit_scan(struct bootkit *kit, const char *name, enum bootkit_source src,
		 const struct stream *in, struct stoat_err *e)
{
	unsigned members = 0;
	struct bk_scan s = { kit, src, 1, &members, "" };
	struct stoat_err own = { 0 };
	size_t n;
	int rc;

	snprintf(s.where, sizeof(s.where), "%s", name);
	n = strlen(kit->searched);
	snprintf(kit->searched + n, sizeof(kit->searched) - n, "%s%s", n ? ", " : "", name);
	rc = bk_container(&s, in, &own);
	if (rc == -ENOMEM)
		return err_set(e, ENOMEM, "%s", own.msg);
	if (rc < 0 && !kit->trouble[0])
		snprintf(kit->trouble, sizeof(kit->trouble), _("%s cannot be read: %s"), name, own.msg);
	return 0;
}

/* The media-level search: which files are payloads, which loose files. */
struct bk_find {
	struct bootkit *kit;
	char btldr[8][BOOTCFG_NAME_MAX];	/* boot.cfg's btldr* base names */
	size_t n_btldr;
	bool saw_btldr, saw_imgpayld;
};

/* What a media file is to the search: 1 btldr, 2 imgpayld, 3 loose, 0 none. */
static int bk_media_kind(const struct bk_find *f, const char *raw)
{
	char name[1024];
	const char *base;
	size_t i;

	if (media_norm_name(raw, name, sizeof(name)) < 0)
		return 0;
	base = base_of(name);
	for (i = 0; i < f->n_btldr; i++)
		if (!strcasecmp(base, f->btldr[i]))
			return 1;
	if (!strcasecmp(base, "imgpayld.tgz"))
		return 2;
	return is_candidate(base) ? 3 : 0;
}

/* media walk: pick payloads and loose kit files. */
static int bk_media_pick(void *ctx, const char *raw, uint64_t size, struct stoat_err *e)
{
	(void)size;
	(void)e;
	return bk_media_kind(ctx, raw) != 0;
}

/* media walk: scan a payload, or offer a loose file. */
static int bk_media_use(void *ctx, const char *raw, uint64_t size, const struct stream *in,
			struct stoat_err *e)
{
	struct bk_find *f = ctx;
	int kind = bk_media_kind(f, raw);
	char name[1024];
	unsigned char *data;
	int rc;

	if (media_norm_name(raw, name, sizeof(name)) < 0)
		return 0;
	if (kind == 1 || kind == 2) {
		f->saw_btldr |= kind == 1;
		f->saw_imgpayld |= kind == 2;
		return bootkit_scan(f->kit, name, kind == 1 ? BOOTKIT_FROM_BTLDR : BOOTKIT_FROM_IMGPAYLD,
				    in, e);
	}
	rc = stream_slurp(in, size, BOOTKIT_FILE_MAX, &data, e);
	if (rc == -EFBIG)
		return 0;
	if (rc < 0)
		return rc;
	bootkit_offer(f->kit, base_of(name), data, (size_t)size, BOOTKIT_FROM_MEDIA, name);
	free(data);
	return 0;
}

/* Search the media (see bootkit.h). */
int bootkit_find(const char *path, bool is_dir, const struct bootcfg *boot,
		 struct bootkit *kit, struct stoat_err *e)
{
	struct bk_find f = { kit, { { 0 } }, 0, false, false };
	struct stream_members m = { &f, bk_media_pick, bk_media_use };
	size_t i;
	int rc;

	memset(kit, 0, sizeof(*kit));
	for (i = 0; i <= boot->n_modules && f.n_btldr < sizeof(f.btldr) / sizeof(f.btldr[0]); i++) {
		char entry[BOOTCFG_NAME_MAX], *bs;
		const char *args, *mod;

		/* The path without its arguments, with the loader's
		 * backslashes taken as slashes. */
		if (bootcfg_split_entry(i ? boot->modules[i - 1] : boot->kernel, entry,
					sizeof(entry), &args) < 0)
			continue;
		for (bs = entry; (bs = strchr(bs, '\\')); )
			*bs = '/';
		mod = base_of(entry);
		if (!strncasecmp(mod, "btldr", 5))
			snprintf(f.btldr[f.n_btldr++], sizeof(f.btldr[0]), "%s", mod);
	}
	if ((rc = media_walk_pull(path, is_dir, &m, e)) < 0)
		return rc;
	snprintf(kit->searched, sizeof(kit->searched), "%s%s%s%s%s%s%s",
		 f.saw_btldr ? f.btldr[0] : "", f.saw_btldr ? ", " : "",
		 f.saw_imgpayld ? "imgpayld.tgz, " : "", _("the media's own files"),
		 f.n_btldr ? "" : " (", f.n_btldr ? "" : _("boot.cfg lists no btldr payload"),
		 f.n_btldr ? "" : ")");
	return 0;
}

/* Take the host's GPT MBR stub when the kit has none (see bootkit.h). A
 * file larger than the buffer is judged by its first 4 KiB, which is
 * already too many for a stub. */
int bootkit_host_gptmbr(struct bootkit *kit, const char *path, struct stoat_err *e)
{
	struct bootkit_file *g = &kit->piece[BOOTKIT_GPTMBR];
	unsigned char buf[4096];
	size_t n;
	FILE *fp;

	(void)e;
	if (g->data || !path || !*path)
		return 0;
	if (!(fp = fopen(path, "rb"))) {
		if (!g->why[0])
			snprintf(g->why, sizeof(g->why), _("cannot read %s: %s"), path, strerror(errno));
		return 0;
	}
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	bootkit_offer(kit, "gptmbr.bin", buf, n, BOOTKIT_FROM_HOST, path);
	return 0;
}

/* Names of the pieces for messages: file names stay as they are. */
const char *bootkit_piece_name(enum bootkit_piece p)
{
	static const char *const names[BOOTKIT_N_PIECES] = {
		[BOOTKIT_SAFEBOOT_EFI] = "safeboot (UEFI)",
		[BOOTKIT_MBOOT_EFI] = "mboot (UEFI)",
		[BOOTKIT_CRYPTO_EFI] = "crypto64.efi",
		[BOOTKIT_SAFEBOOT_C32] = "safeboot.c32",
		[BOOTKIT_MBOOT_C32] = "mboot.c32",
		[BOOTKIT_LDLINUX_SYS] = "ldlinux.sys",
		[BOOTKIT_FAT_BOOT_SECTOR] = N_("syslinux's FAT boot sector (fatBootSector)"),
		[BOOTKIT_GPTMBR] = N_("a GPT MBR boot stub (gptmbr.bin)"),
	};

	return (unsigned)p < BOOTKIT_N_PIECES ? _(names[p]) : "?";
}

/* Whether every piece of need[] is there; else why names what is not,
 * where it was looked for, the first near miss and the first payload
 * that could not be read. */
static bool bk_ready(const struct bootkit *kit, const enum bootkit_piece *need, size_t n,
		     char *why, size_t ws)
{
	char list[256] = "";
	size_t i, len = 0;
	const char *near = NULL;

	if (ws)
		why[0] = '\0';
	for (i = 0; i < n; i++) {
		const struct bootkit_file *f = &kit->piece[need[i]];

		if (f->data)
			continue;
		if (!near && f->why[0])
			near = f->why;
		if (len < sizeof(list))
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", len ? ", " : "",
						bootkit_piece_name(need[i]));
	}
	if (!len)
		return true;
	snprintf(why, ws, _("not found in %s: %s%s%s%s%s"),
		 kit->searched[0] ? kit->searched : "-", list, near ? "; " : "", near ? near : "",
		 kit->trouble[0] ? "; " : "", kit->trouble);
	return false;
}

/* Whether UEFI boot can be set up. */
bool bootkit_uefi_ready(const struct bootkit *kit, char *why, size_t why_size)
{
	static const enum bootkit_piece need[] = { BOOTKIT_SAFEBOOT_EFI, BOOTKIT_MBOOT_EFI };

	return bk_ready(kit, need, sizeof(need) / sizeof(need[0]), why, why_size);
}

/* Whether legacy BIOS boot can be set up. syslinux's FAT boot sector has
 * to come with the kit: it and ldlinux.sys are one program, and the
 * host's syslinux (6.x on Debian) cannot run ESXi's 3.86 modules. */
bool bootkit_bios_ready(const struct bootkit *kit, char *why, size_t why_size)
{
	static const enum bootkit_piece need[] = {
		BOOTKIT_SAFEBOOT_C32, BOOTKIT_MBOOT_C32, BOOTKIT_LDLINUX_SYS,
		BOOTKIT_FAT_BOOT_SECTOR, BOOTKIT_GPTMBR,
	};

	return bk_ready(kit, need, sizeof(need) / sizeof(need[0]), why, why_size);
}

/* Whether an installer stick can boot by legacy BIOS: syslinux 3.86 runs
 * mboot.c32 straight from the stick, so safeboot.c32 is not needed. */
bool bootkit_stick_bios_ready(const struct bootkit *kit, char *why, size_t why_size)
{
	static const enum bootkit_piece need[] = {
		BOOTKIT_MBOOT_C32, BOOTKIT_LDLINUX_SYS, BOOTKIT_FAT_BOOT_SECTOR, BOOTKIT_GPTMBR,
	};

	return bk_ready(kit, need, sizeof(need) / sizeof(need[0]), why, why_size);
}

/* Free the pieces. */
void bootkit_free(struct bootkit *kit)
{
	size_t i;

	if (!kit)
		return;
	for (i = 0; i < BOOTKIT_N_PIECES; i++)
		free(kit->piece[i].data);
	memset(kit, 0, sizeof(*kit));
}
