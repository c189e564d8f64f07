/* scr_sysscan.c - the system scan screen: draws the findings of the
 * backend's checks (src/sysscan.c: the programs the install runs, memory,
 * hardware virtualization, flash notes and the 7.x flash warning). Errors
 * block (F9 back, F11 reboot);
 * warnings let the operator continue. Nothing found: skipped.
 * STOAT_PROC (default /proc) lets the UI tests stand in fixture
 * meminfo/cpuinfo files. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "media.h"
#include "nls.h"
#include "plan.h"
#include "prereq.h"
#include "sysscan.h"
#include "ui.h"

/* What installing the wizard's answers runs besides mkfs.fat and mcopy
 * (prereq.h); nothing more when the media cannot tell (the confirm screen
 * then says why). */
static void sys_need(struct wiz *w, struct prereq_need *n)
{
	struct install_plan *p = malloc(sizeof(*p));
	const struct disk *d = wiz_disk(w);
	struct stoat_err e = { 0 };

	memset(n, 0, sizeof(*n));
	if (!p)
		return;
	plan_init(p);
	if (d && w->media) {
		p->target = *d;
		p->layout = w->layout;
		p->upgrade = w->action == DA_UPGRADE;
		p->no_boot_entry = w->o->no_boot_entry;
		snprintf(p->efi_dir, sizeof(p->efi_dir), "%s", w->o->efi_dir ? w->o->efi_dir : "");
		if (prereq_need_plan(p, w->media, n, &e) < 0)
			memset(n, 0, sizeof(*n));
	}
	plan_free(p);
	free(p);
}

/* scr_sysscan.c: fill w->notes for the chosen disk from the backend's
 * checks (src/sysscan.c; the same texts and severities as the unattended
 * install, against the media's memory minimum, and the programs the
 * install runs, tried on a scratch image). */
void sysscan_collect(struct wiz *w)
{
	struct sysscan_opts so = { getenv("STOAT_PROC"), wiz_disk(w), &w->layout,
				   w->media ? media_version(w->media) : NULL };
	struct prereq_need need;
	struct sys_findings f;
	int i;

	sys_need(w, &need);
	sysscan_run(&so, &f);
	sysscan_tools(&need, &f);
	w->n_notes = 0;
	for (i = 0; i < f.n && i < WIZ_MAX_NOTES; i++) {
		w->notes[i].error = f.f[i].level == SYS_ERROR;
		w->notes[i].note = f.f[i].level == SYS_NOTE;
		snprintf(w->notes[i].text, sizeof(w->notes[0].text), "%s", f.f[i].text);
		w->n_notes++;
	}
	w->has_errors = sysscan_has_errors(&f);
}

/* Collect the findings; with none, go straight on. */
static void sys_enter(struct wiz *w)
{
	sysscan_collect(w);
	if (!w->n_notes)
		wiz_replace(w, SCR_CONFIRM);
}

/* A finding as the screen shows it: "Error: ...", "Warning: ...", "Note: ...". */
static void note_text(const struct sys_note *n, char *buf, size_t size)
{
	snprintf(buf, size, n->error ? _("Error: %s") : n->note ? _("Note: %s") : _("Warning: %s"), n->text);
}

/* Draw errors, warnings and notes. */
static void sys_draw(struct wiz *w)
{
	static const struct ui_hint warn_hints[] = {
		{ UK_ESC, N_("Cancel"), false },
		{ UK_F9, N_("Back"), false },
		{ UK_ENTER, N_("Continue"), false },
	};
	static const struct ui_hint err_hints[] = {
		{ UK_F9, N_("Back"), false },
		{ UK_F11, N_("Reboot"), false },
	};
	const struct tui *t = &w->tui;
	struct ui_box b;
	char buf[400];
	int i, y;

	/* Size the dialog to the findings. */
	y = ui_wrap(w->has_errors ? _("The system scan found problems that stop the installation:")
		    : _("The system scan found the following. You can continue anyway:"), 72, NULL, 0) + 1;
	for (i = 0; i < w->n_notes; i++) {
		note_text(&w->notes[i], buf, sizeof(buf));
		y += ui_wrap(buf, 72, NULL, 0) + 1;
	}
	b = wiz_dialog(w, y + 5, 76, w->has_errors ? _("Error(s) Found") : _("Warning(s) Found"),
		       w->has_errors ? err_hints : warn_hints,
		       w->has_errors ? N_ELEMS(err_hints) : N_ELEMS(warn_hints));
	y = b.y + ui_para(&b, b.y, w->has_errors
			  ? _("The system scan found problems that stop the installation:")
			  : _("The system scan found the following. You can continue anyway:"),
			  theme_attr(t, EL_DIALOG)) + 1;
	for (i = 0; i < w->n_notes; i++) {
		note_text(&w->notes[i], buf, sizeof(buf));
		y += ui_para(&b, y, buf, theme_attr(t, w->notes[i].error ? EL_ERROR : EL_DIALOG)) + 1;
	}
}

/* Enter continues past warnings; F9 back; F11 reboots past errors. */
static void sys_key(struct wiz *w, const struct ui_event *ev)
{
	if (ev->key == UK_F9)
		wiz_back(w);
	else if (ev->key == UK_ENTER && !w->has_errors)
		wiz_go(w, SCR_CONFIRM);
	else if (ev->key == UK_F11 && w->has_errors) {
		/* F11 reboots, except where the wizard never reboots. */
		w->reboot = !(w->o->demo || w->o->no_reboot || w->o->dry_run);
		wiz_exit(w, WIZARD_FAIL, _("the system scan found errors; nothing was installed"));
	}
}

const struct scr_ops scr_sysscan = {
	.name = "sysscan",
	.enter = sys_enter,
	.draw = sys_draw,
	.key = sys_key,
};
