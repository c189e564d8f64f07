/* scr_imgmenu.c - F3 on the welcome screen: instead of installing, write
 * an image file onto a whole device, back a device up into one, make an
 * installer stick or write a network boot tree. The
 * choices are a table of label and hint; Enter goes on to the disk scan. */
#include "config.h"

#include <stdio.h>

#include "nls.h"
#include "ui.h"

static const struct ui_hint imgmenu_hints[] = {
	{ UK_ESC, N_("Cancel"), false },
	{ UK_F9, N_("Back"), false },
	{ UK_ENTER, N_("Continue"), false },
};

struct imgmenu_item {
	enum img_op op;
	const char *label;
	const char *hint;
};

static const struct imgmenu_item imgmenu_items[] = {
	{ IMG_FLASH, N_("Write an image file to a device"),
	  N_("Replaces everything on a USB stick, SD card or disk with a raw or compressed image (gzip, xz, zstd, bzip2), then reads it back to check it.") },
	{ IMG_BACKUP, N_("Back up a device to an image file"),
	  N_("Saves a whole device as an image file, compressed as its name says, and a .sha256 checksum file beside it. The device is only read.") },
	{ IMG_STICK, N_("Make an installer stick"),
	  N_("Replaces everything on a USB stick with the ESXi installer from the media, bootable by UEFI and, where the media's boot-loader kit allows it, by BIOS.") },
	{ IMG_PXE, N_("Write a network boot tree"),
	  N_("Writes the media's files, VMware's UEFI boot loader, a boot.cfg and a dnsmasq configuration into a folder for a TFTP server, to boot the ESXi installer over the network. No device is touched.") },
};

/* Start on the remembered choice (the first the first time). */
static void imgmenu_enter(struct wiz *w)
{
	w->img_menu.n = (int)N_ELEMS(imgmenu_items);
	ui_list_fix(&w->img_menu, w->img_menu.n);
}

/* Draw the choices and the hint of the highlighted one. */
static void imgmenu_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	struct ui_box b;
	int y, i;

	b = wiz_dialog(w, 17, 70, _("Flash Image"), imgmenu_hints, N_ELEMS(imgmenu_hints));
	y = b.y;
	y += ui_para(&b, y, _("Instead of installing, work on a whole USB stick, SD card or disk as dd would, with the installer's safety checks, or write a network boot tree."),
		     theme_attr(t, EL_DIALOG)) + 1;
	for (i = 0; i < w->img_menu.n; i++) {
		attr_t a = theme_attr(t, i == w->img_menu.sel ? EL_SELECTED : EL_DIALOG);

		attrset(a);
		mvhline(y, b.x + 2, ' ', b.w - 4);
		/* A '>' too, for terminals that show no attributes. */
		if (i == w->img_menu.sel)
			ui_put(y, b.x + 2, 1, ">", a);
		ui_put(y, b.x + 4, b.w - 6, _(imgmenu_items[i].label), a);
		y++;
	}
	y++;
	ui_para(&b, y, _(imgmenu_items[w->img_menu.sel].hint), theme_attr(t, EL_EMPH));
}

/* Arrows choose, Enter scans for devices (not in a dry run), F9 goes back. */
static void imgmenu_key(struct wiz *w, const struct ui_event *ev)
{
	if (ui_list_key(&w->img_menu, ev->key, w->img_menu.n))
		return;
	if (ev->key == UK_F9) {
		w->img = IMG_NONE;
		wiz_back(w);
	} else if (ev->key == UK_ENTER && w->o->dry_run) {
		/* --dry-run promises that nothing is written. */
		wiz_message(w, _("Dry Run"), _("With --dry-run nothing is written, so images can be neither written nor backed up. Start the wizard without --dry-run for that."), true);
	} else if (ev->key == UK_ENTER) {
		w->img = imgmenu_items[w->img_menu.sel].op;
		wiz_go(w, SCR_SCAN);
	}
}

const struct scr_ops scr_imgmenu = {
	.name = "imgmenu",
	.enter = imgmenu_enter,
	.draw = imgmenu_draw,
	.key = imgmenu_key,
};
