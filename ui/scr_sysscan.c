/* scr_sysscan.c - the system scan: memory, hardware virtualization, flash
 * notes and the 7.x flash warning. Errors block (F9 back, F11 reboot);
 * warnings let the operator continue. Nothing found: skipped.
 *
 * When the target is an image file the host does not run the result, so
 * host checks are only warnings there. STOAT_PROC (default /proc) lets the
 * UI tests stand in fixture meminfo/cpuinfo files. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "ui.h"

/* ESXi wants 4 GB; MemTotal shows a little less than what is installed. */
#define SYS_MIN_RAM_KB (3800ull * 1024)

/* Add a finding. */
static void sys_add(struct wiz *w, bool error, const char *text)
{
	if (w->n_notes >= WIZ_MAX_NOTES)
		return;
	w->notes[w->n_notes].error = error;
	snprintf(w->notes[w->n_notes].text, sizeof(w->notes[0].text), "%s", text);
	w->n_notes++;
	if (error)
		w->has_errors = true;
}

/* Open a file under the proc root. */
static FILE *sys_open(const char *name)
{
	const char *root = getenv("STOAT_PROC");
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root && *root ? root : "/proc", name);
	return fopen(path, "r");
}

/* MemTotal in kB, or 0 when unknown. */
static unsigned long long sys_mem_kb(void)
{
	unsigned long long kb = 0;
	char line[256];
	FILE *f = sys_open("meminfo");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* 1 when cpuinfo lists vmx or svm, 0 when not, -1 when unreadable. */
static int sys_has_vt(void)
{
	char line[4096];
	FILE *f = sys_open("cpuinfo");
	int found = 0;

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5) && (strstr(line, " vmx") || strstr(line, " svm")))
			found = 1;
	fclose(f);
	return found;
}

/* scr_sysscan.c: fill w->notes for the chosen disk. */
void sysscan_collect(struct wiz *w)
{
	const struct disk *d = wiz_disk(w);
	bool host = d && !d->is_file && d->transport != TR_FILE;
	unsigned long long kb = sys_mem_kb();
	char buf[320];

	w->n_notes = 0;
	w->has_errors = false;
	if (kb && kb < SYS_MIN_RAM_KB) {
		snprintf(buf, sizeof(buf), _("This machine has %.1f GB of memory; ESXi needs at least 4 GB to boot."),
			 (double)kb * 1024 / 1e9);
		sys_add(w, host, buf);
	}
	if (sys_has_vt() == 0)
		sys_add(w, false, _("The CPU offers no hardware virtualization (Intel VT-x or AMD-V), or it is disabled in the firmware: 64-bit virtual machines will not run."));
	if (d && disk_is_flash(d)) {
		if (w->layout.warning[0])
			sys_add(w, false, w->layout.warning);
		else if (w->layout.profile == LAYOUT_ESXI7)
			sys_add(w, false, _("ESXi 7 and later on USB or SD flash run in a degraded mode: logs and system data live in memory and are lost at every reboot, unless another persistent disk holds them."));
		else
			sys_add(w, false, _("The target is a USB or SD flash device: it gets no scratch or datastore partition, so logs live in memory and are lost at every reboot."));
	} else if (w->layout.warning[0]) {
		sys_add(w, false, w->layout.warning);
	}
}

/* Collect the findings; with none, go straight on. */
static void sys_enter(struct wiz *w)
{
	sysscan_collect(w);
	if (!w->n_notes)
		wiz_replace(w, SCR_CONFIRM);
}

/* Draw errors and warnings. */
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
		snprintf(buf, sizeof(buf), w->notes[i].error ? _("Error: %s") : _("Warning: %s"),
			 w->notes[i].text);
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
		snprintf(buf, sizeof(buf), w->notes[i].error ? _("Error: %s") : _("Warning: %s"),
			 w->notes[i].text);
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
		wiz_exit(w, EXIT_FAIL, _("the system scan found errors; nothing was installed"));
	}
}

const struct scr_ops scr_sysscan = {
	.name = "sysscan",
	.enter = sys_enter,
	.draw = sys_draw,
	.key = sys_key,
};
