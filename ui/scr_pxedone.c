/* scr_pxedone.c - the network boot tree is written: where, the dnsmasq
 * snippet's path, the kickstart, the notes pxe_write reported (which mboot
 * was kept, BIOS clients not served), and the tree's README.txt in a pager
 * (what to do next). Enter leaves the wizard with status 0. */
#include "config.h"

#include <stdio.h>

#include "media.h"
#include "nls.h"
#include "ui.h"

static const struct ui_hint pxedone_hints[] = {
	{ UK_ENTER, N_("Exit"), false },
};

/* Draw the summary, the notes and the README. */
static void pxedone_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	char buf[4800];
	struct ui_box b, text;
	size_t i;
	int y, shown;

	b = wiz_dialog(w, LINES - 2, 78, _("Network Boot Tree Written"), pxedone_hints,
		       N_ELEMS(pxedone_hints));
	y = b.y;
	snprintf(buf, sizeof(buf), _("%s holds the network boot tree of %s: the media's files in %s/, mboot.efi and boot.cfg beside it."),
		 w->pxe_dir, media_title(w->media), w->pxe_folder);
	y += ui_para(&b, y, buf, theme_attr(t, EL_EMPH));
	snprintf(buf, sizeof(buf), _("dnsmasq configuration: %s/dnsmasq.conf"), w->pxe_dir);
	y += ui_para(&b, y, buf, theme_attr(t, EL_TITLE));
	if (w->pxe_ks[0])
		snprintf(buf, sizeof(buf), _("Kickstart: ks=%s"), w->pxe_ks);
	else
		snprintf(buf, sizeof(buf), "%s", _("Kickstart: none (the installer asks at the console)"));
	y += ui_para(&b, y, buf, theme_attr(t, EL_DIALOG));
	for (i = 0; i < w->pxe_notes.n; i++) {
		snprintf(buf, sizeof(buf), _("Note: %s"), w->pxe_notes.line[i]);
		y += ui_para(&b, y, buf, theme_attr(t, EL_DIALOG));
	}
	if (!w->pxe_readme || b.y + b.h - y < 4)
		return;
	snprintf(buf, sizeof(buf), _("%s/README.txt:"), w->pxe_dir);
	ui_put(++y, b.x, b.w, buf, theme_attr(t, EL_TITLE));
	/* the README under its name; its position on the last line */
	text = (struct ui_box){ .y = y + 1, .x = b.x + 1, .h = b.y + b.h - y - 2, .w = b.w - 1 };
	shown = ui_pager_draw(t, &w->pxe_pager, w->pxe_readme, &text);
	if (shown >= 0)
		ui_pager_position(t, &w->pxe_pager, shown, b.y + b.h - 1, b.x + b.w);
}

/* Arrows and pages scroll the README; Enter (or Esc: nothing is left to
 * cancel) leaves with status 0. */
static void pxedone_key(struct wiz *w, const struct ui_event *ev)
{
	if (ui_pager_key(&w->pxe_pager, ev->key))
		return;
	if (ev->key == UK_ENTER || ev->key == UK_ESC)
		wiz_exit(w, WIZARD_OK, "");
}

const struct scr_ops scr_pxedone = {
	.name = "pxedone",
	.draw = pxedone_draw,
	.key = pxedone_key,
	.own_esc = true,
};
