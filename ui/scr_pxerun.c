/* scr_pxerun.c - writes the network boot tree: pxe_write with the
 * wizard's media, folder and kickstart URL, a gauge over the media's files
 * from its progress callback. Then the done screen, with the notes the
 * backend reported and the README.txt it wrote; a failure shows the
 * backend's message and goes back to the folder (a tree is only added to,
 * no device is touched). */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io.h"
#include "media.h"
#include "nls.h"
#include "ui.h"

/* The largest README.txt shown. */
#define PXERUN_README_MAX 65536

/* A fresh run: nothing copied, no notes, no README yet. */
static void pxerun_enter(struct wiz *w)
{
	memset(&w->pxe_prog, 0, sizeof(w->pxe_prog));
	w->pxe_file[0] = '\0';
	pxe_report_free(&w->pxe_notes);
	free(w->pxe_readme);
	w->pxe_readme = NULL;
	w->pxe_pager.top = 0;
}

/* Draw the folder, the file being copied and the gauge. */
static void pxerun_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	const struct pxe_progress *p = &w->pxe_prog;
	char buf[4400];
	struct ui_box b;
	int y;

	b = wiz_dialog(w, 13, 74, _("Writing the Network Boot Tree"), NULL, 0);
	y = b.y;
	snprintf(buf, sizeof(buf), _("Writing the network boot tree of %s to %s."), media_title(w->media),
		 w->pxe_dir);
	y += ui_para(&b, y, buf, theme_attr(t, EL_DIALOG)) + 1;
	ui_put(y, b.x, b.w, w->pxe_file, theme_attr(t, EL_TITLE));
	y += 2;
	ui_gauge_bytes(t, y, b.x, b.w, p->done, p->total);
}

/* Callback: progress of the copy. */
static void pxerun_progress(void *ctx, const struct pxe_progress *p)
{
	struct wiz *w = ctx;

	w->pxe_prog = *p;
	w->pxe_prog.file = NULL;	/* the backend's buffer: copied below */
	snprintf(w->pxe_file, sizeof(w->pxe_file), "%s", p->file ? p->file : "");
	wiz_redraw(w);
	refresh();
}

/* The README.txt the backend wrote into the tree (malloc'd), or NULL. */
static char *pxerun_readme(const char *dir)
{
	char path[4200], *text;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/README.txt", dir);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	if ((text = malloc(PXERUN_README_MAX + 1)) && (n = io_read_all(fd, text, PXERUN_README_MAX)) >= 0) {
		text[n] = '\0';
	} else {
		free(text);
		text = NULL;
	}
	close(fd);
	return text;
}

/* Write the tree, then the done screen, or the failure and back. */
static void pxerun_work(struct wiz *w)
{
	struct pxe_opts po = {
		.ks = w->pxe_ks[0] ? w->pxe_ks : NULL,
		.progress = pxerun_progress, .ctx = w,
	};
	struct stoat_err e = { 0 };
	int rc;

	rc = pxe_write(w->media, w->pxe_dir, &po, &w->pxe_notes, &e);
	if (w->done)
		return;
	if (rc < 0) {
		wiz_message(w, _("The Tree Was Not Written"), e.msg, true);
		wiz_back(w);
		return;
	}
	w->pxe_readme = pxerun_readme(w->pxe_dir);
	wiz_replace(w, SCR_PXEDONE);
}

const struct scr_ops scr_pxerun = {
	.name = "pxerun",
	.enter = pxerun_enter,
	.draw = pxerun_draw,
	.work = pxerun_work,
	.own_esc = true,
};
