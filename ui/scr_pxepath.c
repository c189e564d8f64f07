/* scr_pxepath.c - the network boot tree (F3, "Write a network boot tree"):
 * the folder a TFTP server serves and an optional kickstart URL, two text
 * fields with Tab between them, each checked as it is typed. The URL is
 * checked by the rule of `stoat pxe --ks` (pxe_ks_check) and the version
 * folder named by pxe_folder, so the wizard refuses what the command line
 * refuses. With no install media there is nothing to write: the screen
 * says so and how to get some. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "media.h"
#include "nls.h"
#include "ui.h"

/* Whether the folder will do; msg says why not, or what happens in it. */
static bool pxepath_dir_check(const struct wiz *w, char *msg, size_t size)
{
	struct stat st;

	if (!w->pxe_dir[0]) {
		snprintf(msg, size, "%s", _("Type the path of the folder to write the tree in."));
		return false;
	}
	if (stat(w->pxe_dir, &st) < 0) {
		if (errno != ENOENT) {
			snprintf(msg, size, _("Cannot use %s: %s."), w->pxe_dir, strerror(errno));
			return false;
		}
		snprintf(msg, size, _("The folder is made. The media's files go into %s/%s."),
			 w->pxe_dir, w->pxe_folder);
		return true;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(msg, size, _("%s is not a folder."), w->pxe_dir);
		return false;
	}
	snprintf(msg, size, _("The folder exists: what is in it stays (other versions too), and the media's files go into %s/%s."),
		 w->pxe_dir, w->pxe_folder);
	return true;
}

/* Whether the kickstart URL will do; msg says why not, or what it does. */
static bool pxepath_ks_check(const struct wiz *w, char *msg, size_t size)
{
	struct stoat_err e = { 0 };

	if (!w->pxe_ks[0]) {
		snprintf(msg, size, "%s", _("Optional. Without a kickstart the installer asks its questions at the console."));
		return true;
	}
	if (pxe_ks_check(w->pxe_ks, &e) < 0) {
		snprintf(msg, size, "%s", e.msg);
		return false;
	}
	snprintf(msg, size, _("boot.cfg gets ks=%s: the installer fetches the kickstart from there."), w->pxe_ks);
	return true;
}

/* The version folder of the media; false with why when it has none. */
static bool pxepath_media(struct wiz *w, char *why, size_t size)
{
	struct stoat_err e = { 0 };

	if (!w->media) {
		if (w->found_done && w->found.n_usable > 1)
			snprintf(why, size, _("Install media was found in %zu places and none is chosen yet. Press F9 twice, choose the media with Enter on the welcome screen, then go back to the welcome screen and press F3."),
				 w->found.n_usable);
		else
			snprintf(why, size, "%s", _("A network boot tree is made from ESXi install media, and the wizard has none. Press F9 twice to go back to the welcome screen, where Enter says where stoat looked and F5 there looks again; or press Esc to leave, and start stoat again with --media PATH (an ESXi ISO file, a device, or a folder that holds the files of the ISO)."));
		return false;
	}
	if (pxe_folder(w->media, w->pxe_folder, sizeof(w->pxe_folder), &e) < 0) {
		snprintf(why, size, "%s", e.msg);
		return false;
	}
	return true;
}

/* Start in the folder field. */
static void pxepath_enter(struct wiz *w)
{
	w->pxe_focus = 0;
}

/* Draw the explanation, the two fields with their notes, and what only
 * the command line does; or why there is nothing to write. */
static void pxepath_draw(struct wiz *w)
{
	static const struct ui_hint hints[] = {
		{ UK_ESC, N_("Cancel"), false },
		{ UK_TAB, N_("Next Field"), false },
		{ UK_F9, N_("Back"), false },
		{ UK_ENTER, N_("Write"), false },
	};
	static const struct ui_hint none_hints[] = {
		{ UK_ESC, N_("Cancel"), false },
		{ UK_F9, N_("Back"), false },
	};
	const struct tui *t = &w->tui;
	const char *label[2] = { _("Folder:"), _("Kickstart URL:") };
	char buf[4800];
	struct ui_box b;
	bool ok;
	int y, lw, fy[2], i;

	if (!pxepath_media(w, buf, sizeof(buf))) {
		/* media whose version is not known cannot name the folder */
		b = wiz_dialog(w, 14, 74, w->media ? _("Network Boot Tree") : _("No Install Media"),
			       none_hints, N_ELEMS(none_hints));
		ui_para(&b, b.y, buf, theme_attr(t, EL_ERROR));
		return;
	}
	b = wiz_dialog(w, 21, 78, _("Network Boot Tree"), hints, N_ELEMS(hints));
	y = b.y;
	snprintf(buf, sizeof(buf), _("Writes %s for UEFI network boot into a folder that a TFTP server serves as its root: the media's files, VMware's boot loader mboot.efi, a boot.cfg, a dnsmasq.conf and a README.txt that says what to do next."),
		 media_title(w->media));
	y += ui_para(&b, y, buf, theme_attr(t, EL_DIALOG)) + 1;
	lw = ui_width(label[0]) > ui_width(label[1]) ? ui_width(label[0]) : ui_width(label[1]);
	for (i = 0; i < 2; i++) {
		fy[i] = y;
		ui_put(y, b.x, lw, label[i], theme_attr(t, i == w->pxe_focus ? EL_TITLE : EL_DIALOG));
		ok = i ? pxepath_ks_check(w, buf, sizeof(buf)) : pxepath_dir_check(w, buf, sizeof(buf));
		y += 1 + ui_para(&b, y + 1, buf, theme_attr(t, ok ? (i ? EL_DIALOG : EL_EMPH) : EL_ERROR)) + 1;
	}
	ui_para(&b, y, _("Per-host boot.cfg files (--mac), UEFI HTTP boot (--http) and BIOS clients (--pxelinux) are made by stoat pxe on the command line."),
		theme_attr(t, EL_DISABLED));
	/* The fields last, the focused one after the other: it keeps the cursor. */
	for (i = 0; i < 2; i++) {
		int f = i == 0 ? 1 - w->pxe_focus : w->pxe_focus;

		ui_text_field(t, fy[f], b.x + lw + 2, b.w - lw - 3, f ? w->pxe_ks : w->pxe_dir);
	}
}

/* Typing into the focused field, Tab between them, Enter writes when both
 * will do (otherwise the reason is on the screen already), F9 back. */
static void pxepath_key(struct wiz *w, const struct ui_event *ev)
{
	char *field = w->pxe_focus ? w->pxe_ks : w->pxe_dir;
	size_t size = w->pxe_focus ? sizeof(w->pxe_ks) : sizeof(w->pxe_dir);
	char msg[4800];

	switch (ev->key) {
	case UK_CHAR: ui_text_type(field, size, ev->ch); break;
	case UK_BACKSPACE: ui_text_erase(field); break;
	case UK_TAB: case UK_BTAB: case UK_DOWN: case UK_UP: w->pxe_focus = !w->pxe_focus; break;
	case UK_F9: wiz_back(w); break;
	case UK_ENTER:
		if (!pxepath_media(w, msg, sizeof(msg)))
			break;
		if (!pxepath_dir_check(w, msg, sizeof(msg)))
			w->pxe_focus = 0;
		else if (!pxepath_ks_check(w, msg, sizeof(msg)))
			w->pxe_focus = 1;
		else
			wiz_go(w, SCR_PXERUN);
		break;
	default:
		break;
	}
}

const struct scr_ops scr_pxepath = {
	.name = "pxepath",
	.enter = pxepath_enter,
	.draw = pxepath_draw,
	.key = pxepath_key,
};
