/* wizard.c - wizard_run, the front end's one entry point, and the screen
 * table: the one place that names every screen class (ui/scr_*.c). It
 * hands the table to the wizard's state, and ui/wiz.c walks the screens
 * through it, so calls run one way: wizard.c -> scr_*.c -> wiz.c, and
 * wizard.c -> wiz.c. */
#include "config.h"

#include "ui.h"
#include "wizard.h"

static const struct scr_ops *const wiz_screens[SCR_COUNT] = {
	[SCR_WELCOME] = &scr_welcome,
	[SCR_EULA] = &scr_eula,
	[SCR_SCAN] = &scr_scan,
	[SCR_DISK] = &scr_disk,
	[SCR_DISKACTION] = &scr_diskaction,
	[SCR_KEYBOARD] = &scr_keyboard,
	[SCR_PASSWORD] = &scr_password,
	[SCR_SYSSCAN] = &scr_sysscan,
	[SCR_CONFIRM] = &scr_confirm,
	[SCR_PROGRESS] = &scr_progress,
	[SCR_COMPLETE] = &scr_complete,
	[SCR_CANCEL] = &scr_cancel,
	[SCR_LANG] = &scr_lang,
	[SCR_IMGMENU] = &scr_imgmenu,
	[SCR_IMGDEV] = &scr_imgdev,
	[SCR_IMGPATH] = &scr_imgpath,
	[SCR_IMGCONFIRM] = &scr_imgconfirm,
	[SCR_IMGRUN] = &scr_imgrun,
	[SCR_IMGDONE] = &scr_imgdone,
	[SCR_STICKCONFIRM] = &scr_stickconfirm,
	[SCR_STICKRUN] = &scr_stickrun,
	[SCR_STICKDONE] = &scr_stickdone,
	[SCR_VERSION] = &scr_version,
	[SCR_MEDIA] = &scr_media,
	[SCR_NOMEDIA] = &scr_nomedia,
	[SCR_BOOTOPTS] = &scr_bootopts,
	[SCR_OSDATA] = &scr_osdata,
	[SCR_PROBE] = &scr_probe,
	[SCR_PXEPATH] = &scr_pxepath,
	[SCR_PXERUN] = &scr_pxerun,
	[SCR_PXEDONE] = &scr_pxedone,
};

/* Run the installer wizard; fills r and returns r->status. */
int wizard_run(const struct wizard_opts *o, struct wizard_result *r)
{
	struct wiz *w = wiz_new(o, r);

	if (!w)
		return r->status;
	w->screens = wiz_screens;
	wiz_main(w, r);
	wiz_free(w);
	return r->status;
}
