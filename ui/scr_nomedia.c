/* scr_nomedia.c - no --media was given and no install media was found:
 * say where stoat looked and what the operator can do (insert the CD or
 * stick and look again with F5, start again with --media, or write a
 * flash image with F3, which needs no media). What looked like media but
 * is not is listed with the reason, a line each. */
#include "config.h"

#include <stdio.h>

#include "nls.h"
#include "ui.h"

static const struct ui_hint nomedia_hints[] = {
	{ UK_ESC, N_("Cancel"), false },
	{ UK_F3, N_("Flash Image"), false },
	{ UK_F5, N_("Look Again"), false },
	{ UK_F9, N_("Back"), false },
};

#define NOMEDIA_W 76
#define NOMEDIA_PARAS 5
#define NOMEDIA_REJECTS 3	/* rejected candidates shown at most */

/* The paragraphs of the explanation; returns the count. */
static int nomedia_text(const struct wiz *w, const char *p[NOMEDIA_PARAS])
{
	int n = 0;

	if (w->find_busy) {
		p[n++] = _("Looking for install media...");
		return n;
	}
	p[n++] = _("stoat looked for ESXi install media in the CD/DVD drives, on USB sticks and disks, in the current folder and on the mounted filesystems, and found none.");
	if (w->find_note[0])
		p[n++] = w->find_note;
	else if (w->found.cut)
		p[n++] = _("The search stopped early (time or file limit).");
	p[n++] = _("Insert the ESXi CD or DVD, or plug in a USB stick written with the ESXi ISO, and press F5 to look again. Or press Esc to leave, and start stoat again with --media PATH, naming an ESXi ISO file, a device, or a folder that holds the files of the ISO.");
	p[n++] = _("To write or back up a whole flash image instead, press F3: that needs no install media.");
	return n;
}

/* Rejected candidates to show (those after the usable ones). */
static int nomedia_rejects(const struct wiz *w)
{
	size_t n = w->find_busy ? 0 : w->found.n - w->found.n_usable;

	return n > NOMEDIA_REJECTS ? NOMEDIA_REJECTS : (int)n;
}

/* Draw the explanation and what was looked at but not used. */
static void nomedia_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	const char *p[NOMEDIA_PARAS];
	const char *head = _("Looked at, but not install media stoat can use:");
	int i, n = nomedia_text(w, p), nr = nomedia_rejects(w), y, h = 0;
	struct ui_box b, in;

	for (i = 0; i < n; i++)
		h += ui_wrap(p[i], NOMEDIA_W - 4, NULL, 0) + 1;
	if (nr)
		h += ui_wrap(head, NOMEDIA_W - 4, NULL, 0) + 1;
	for (i = 0; i < nr; i++)
		h += ui_wrap(w->found.v[w->found.n_usable + (size_t)i].why, NOMEDIA_W - 6, NULL, 0);
	h += 3 + ui_keybar_rows(nomedia_hints, N_ELEMS(nomedia_hints), NOMEDIA_W - 4);
	b = wiz_dialog(w, h, NOMEDIA_W, _("No Install Media Found"), nomedia_hints,
		       N_ELEMS(nomedia_hints));
	in = b;
	y = b.y;
	for (i = 0; i < n; i++)
		y += ui_para(&b, y, p[i], theme_attr(t, i ? EL_DIALOG : EL_EMPH)) + 1;
	if (!nr)
		return;
	y += ui_para(&b, y, head, theme_attr(t, EL_DIALOG));
	in.x += 1;
	in.w -= 2;
	/* the reason names the media, whole: wrapped, never cut */
	for (i = 0; i < nr; i++)
		y += ui_para(&in, y, w->found.v[w->found.n_usable + (size_t)i].why, theme_attr(t, EL_DIALOG));
}

/* F5 looks again (on to the list when something was found), F3 writes
 * or backs up a flash image, F9 goes back to Welcome. */
static void nomedia_key(struct wiz *w, const struct ui_event *ev)
{
	switch (ev->key) {
	case UK_F5:
		wiz_media_find(w);
		if (w->found.n_usable)
			wiz_replace(w, SCR_MEDIA);
		break;
	case UK_F3:
		wiz_go(w, SCR_IMGMENU);
		break;
	case UK_F9:
		wiz_back(w);
		break;
	default:
		break;
	}
}

const struct scr_ops scr_nomedia = {
	.name = "nomedia",
	.draw = nomedia_draw,
	.key = nomedia_key,
};
