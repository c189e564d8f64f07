/* ui.h - what the wizard's files share: terminal, theme, keys, widgets,
 * the wizard state and the screen class.
 *
 * Only ui/ includes this header; it is the one place that includes curses.
 * The backend is reached through the src/ headers only. */
#ifndef STOAT_UI_H
#define STOAT_UI_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <wchar.h>

#include "bootopts.h"
#include "disk.h"
#include "err.h"
#include "lang.h"
#include "identity.h"
#include "image.h"
#include "layout.h"
#include "media_find.h"
#include "mkstick.h"
#include "plan.h"
#include "probe.h"
#include "pxe.h"
#include "wizard.h"

/* Smallest terminal the wizard draws in. */
#define UI_MIN_COLS 80
#define UI_MIN_LINES 24

/* --- tui.c: terminal setup, signals ------------------------------------ */

struct tui {
	bool active;		/* curses is running */
	bool mono;		/* the monochrome scheme is in use */
};

/* Start curses; 0 or -errno with e filled. */
int tui_init(struct tui *t, bool no_color, struct stoat_err *e);
/* Give the terminal back as it was; safe to call twice. */
void tui_end(struct tui *t);
/* A quitting signal (INT, TERM, HUP) has arrived: its number, else 0. */
int tui_quit_signal(void);
/* A first Ctrl-C arrived since the last call: true once, and the next
 * Ctrl-C leaves until tui_interrupt_rearm(). */
bool tui_interrupt_take(void);
/* The question a Ctrl-C opened was answered: the next Ctrl-C asks again. */
void tui_interrupt_rearm(void);
/* True when the screen is at least 80x24. */
bool tui_big_enough(void);
/* True on the Linux virtual console (TERM=linux), whose font has no CJK. */
bool tui_console(void);

/* --- theme.c: semantic elements x schemes ------------------------------ */

enum ui_el {
	EL_SCREEN,		/* the black background */
	EL_TOPLINE,		/* product line at the top */
	EL_DIALOG,		/* normal dialog text */
	EL_BORDER,		/* dialog frame */
	EL_TITLE,		/* dialog title */
	EL_EMPH,		/* highlighted words in a dialog */
	EL_SELECTED,		/* the highlighted list row */
	EL_DISABLED,		/* unusable rows, disabled keys */
	EL_ERROR,		/* error text */
	EL_ERRDIALOG,		/* error dialog frame and title */
	EL_GAUGE,		/* the filled part of a progress bar */
	EL_GAUGE_EMPTY,		/* its empty part */
	EL_KEY,			/* "(F11)" in key hints */
	EL_FIELD,		/* an input field */
	EL_FIELD_FOCUS,		/* the input field with the cursor */
	EL_COUNT
};

/* Set up the color pairs of the scheme (mono: attributes only). */
void theme_init(struct tui *t);
/* The curses attributes of an element in the active scheme. */
attr_t theme_attr(const struct tui *t, enum ui_el el);

/* --- keymap.c: keys, serial fallbacks, hint labels --------------------- */

enum ui_key {
	UK_NONE = 0,
	UK_TICK,		/* nothing pressed within the poll interval */
	UK_QUIT,		/* a quitting signal arrived */
	UK_RESIZE,
	UK_REDRAW,		/* Ctrl-L */
	UK_CHAR,		/* a printable character in ev->ch */
	UK_ENTER, UK_ESC, UK_TAB, UK_BTAB, UK_BACKSPACE,
	UK_UP, UK_DOWN, UK_LEFT, UK_RIGHT, UK_PGUP, UK_PGDN, UK_HOME, UK_END,
	UK_F1, UK_F2, UK_F3, UK_F4, UK_F5, UK_F6, UK_F7, UK_F8, UK_F9,
	UK_F10, UK_F11, UK_F12,
	UK_COUNT
};

struct ui_event {
	enum ui_key key;
	wchar_t ch;		/* for UK_CHAR; 3 on the Esc a Ctrl-C stands for */
	int code;		/* the curses KEY_* code, 0 for characters */
};

/* Read one key, waiting at most a poll interval. */
void keymap_read(struct ui_event *ev);
/* Wait up to ms for a key; UK_TICK if none. Sequences and the Esc
 * fallbacks are read whole; a first Ctrl-C comes as Esc with ch 3. */
void keymap_poll(struct ui_event *ev, int ms);
/* The F-key a character after Esc stands for, or UK_NONE. */
enum ui_key keymap_fallback_key(wchar_t ch);
/* Hand key k back: the next read returns it. */
void keymap_unget(enum ui_key k);
/* The label of a key in hints: "Enter", "Esc", "F11". */
const char *keymap_label(enum ui_key k);
/* The serial fallback of a key ("Esc 1"), or NULL. */
const char *keymap_fallback(enum ui_key k);

/* --- widgets.c / text.c ------------------------------------------------- */

struct ui_box {
	int y, x, h, w;		/* inner area, inside the frame */
};

/* One key hint: key and its (untranslated, N_) label. */
struct ui_hint {
	enum ui_key key;
	const char *label;
	bool disabled;
};

/* A wrapped line: byte range of the source text. */
struct ui_line {
	size_t off, len;
};

/* Display columns of a UTF-8 string (invalid bytes count as one). */
int ui_width(const char *s);
/* Display columns of the first n bytes. */
int ui_nwidth(const char *s, size_t n);
/* Draw s at y,x within at most maxw columns, ending in "..." when it does
 * not fit; never cuts a character. Returns the columns drawn. */
int ui_put(int y, int x, int maxw, const char *s, attr_t a);
/* Like ui_put with n bytes of s. */
int ui_nput(int y, int x, int maxw, const char *s, size_t n, attr_t a);
/* Copy s into buf cut to maxw columns with "..." (by display width). */
void ui_fit(const char *s, int maxw, char *buf, size_t size);
/* Copy s into buf cut to maxw columns from the left: "..." and its end. */
void ui_fit_left(const char *s, int maxw, char *buf, size_t size);
/* Word-wrap s to width columns; fills up to max lines, returns the count
 * (which may exceed max: the caller can size a second pass). */
int ui_wrap(const char *s, int width, struct ui_line *lines, int max);
/* Wrap and draw s in a box starting at line y; returns lines used. */
int ui_para(const struct ui_box *b, int y, const char *s, attr_t a);

/* Fill the screen, draw the top line. */
void ui_background(const struct tui *t, const char *topline);
/* Draw a centred dialog of h x w (clipped to the screen) with title and a
 * key bar; returns the inner area above the key bar. */
struct ui_box ui_dialog(const struct tui *t, int h, int w, const char *title,
			const struct ui_hint *hints, size_t n_hints, bool error);
/* Rows the key bar of the hints needs inside width w. */
int ui_keybar_rows(const struct ui_hint *hints, size_t n, int w);
/* Draw the key hints centred in rows starting at y. */
void ui_keybar(const struct tui *t, int y, int x, int w,
	       const struct ui_hint *hints, size_t n, attr_t bg);
/* A horizontal gauge of w columns, frac in [0,1]. */
void ui_gauge(const struct tui *t, int y, int x, int w, double frac);
/* A gauge of done out of total bytes on line y, "done of total" on y+1. */
void ui_gauge_bytes(const struct tui *t, int y, int x, int w, uint64_t done, uint64_t total);
/* One row of a choice list, "( ) label" across box b on line y: "(o)" in
 * the selection's colours when sel, greyed when off. */
void ui_radio_row(const struct tui *t, const struct ui_box *b, int y, const char *label,
		  bool sel, bool off);
/* A masked field of w columns holding n characters. */
void ui_field(const struct tui *t, int y, int x, int w, size_t n, bool focus);
/* A text field of w columns showing the end of s, the cursor after it. */
void ui_text_field(const struct tui *t, int y, int x, int w, const char *s);
/* Append a typed character (as multibyte) to the text in buf. */
void ui_text_type(char *buf, size_t size, wchar_t ch);
/* Remove the last (multibyte) character of the text in buf. */
void ui_text_erase(char *buf);
/* The "terminal too small" notice. */
void ui_too_small(const struct tui *t);

/* A scrolling list position. */
struct ui_list {
	int n, sel, top;
};
/* Move the selection for up/down/pgup/pgdn/home/end; true if handled. */
bool ui_list_key(struct ui_list *l, enum ui_key k, int visible);
/* Keep the selection on screen. */
void ui_list_fix(struct ui_list *l, int visible);

/* --- ui_pager.c: scrolling text ---------------------------------------- */

/* A pager position over a wrapped text. */
struct ui_pager {
	int n;			/* wrapped lines at the last draw */
	int top;		/* the first line shown */
};
/* Draw text wrapped to b's width in b's rows, from line p->top (first
 * brought into range). Returns the lines shown, -1 when out of memory. */
int ui_pager_draw(const struct tui *t, struct ui_pager *p, const char *text,
		  const struct ui_box *b);
/* Draw "Lines a-b of n" for the shown lines, right-aligned on line y
 * ending at column x_end. */
void ui_pager_position(const struct tui *t, const struct ui_pager *p, int shown,
		       int y, int x_end);
/* Scroll for up/down/pgup/pgdn/home/end; true if handled. */
bool ui_pager_key(struct ui_pager *p, enum ui_key k);

/* --- ui_layoutbar.c: a partition layout as a bar ----------------------- */

/* Draw layout l as a bar across the box's width on line y with its legend
 * below; returns the lines used (0 for an empty layout). */
int ui_layoutbar_draw(const struct tui *t, const struct layout *l, const struct ui_box *b, int y);
/* The lines it takes for l. */
int ui_layoutbar_rows(const struct layout *l);
/* Draw only the bar (no legend); returns the lines used (1, 0 for an
 * empty layout). */
int ui_layoutbar_bar(const struct tui *t, const struct layout *l, const struct ui_box *b, int y);

/* --- the wizard --------------------------------------------------------- */

enum scr_id {
	SCR_WELCOME, SCR_EULA, SCR_SCAN, SCR_DISK, SCR_DISKACTION,
	SCR_KEYBOARD, SCR_PASSWORD, SCR_SYSSCAN, SCR_CONFIRM, SCR_PROGRESS,
	SCR_COMPLETE, SCR_CANCEL, SCR_LANG,
	SCR_IMGMENU, SCR_IMGDEV, SCR_IMGPATH, SCR_IMGCONFIRM, SCR_IMGRUN, SCR_IMGDONE,
	SCR_STICKCONFIRM, SCR_STICKRUN, SCR_STICKDONE,
	SCR_VERSION,
	SCR_MEDIA, SCR_NOMEDIA,
	SCR_BOOTOPTS,
	SCR_OSDATA,
	SCR_PROBE,
	SCR_PXEPATH, SCR_PXERUN, SCR_PXEDONE,
	SCR_COUNT
};

/* What the wizard does: install, or whole-device images (F3 on Welcome). */
enum img_op {
	IMG_NONE = 0,		/* the install path */
	IMG_FLASH,		/* write an image file onto a device */
	IMG_BACKUP,		/* save a device as an image file */
	IMG_STICK,		/* make an installer stick from the media */
	IMG_PXE,		/* write a network boot tree from the media */
};

/* What to do with a disk that already holds something. */
enum disk_action {
	DA_INSTALL = 0,		/* nothing of value on it, or confirmed */
	DA_UPGRADE,
	DA_PRESERVE,		/* install, keep the VMFS datastore */
	DA_OVERWRITE,		/* install, overwrite the VMFS datastore */
};

/* Why the probe screen runs: F1 details (read only), or offered after
 * the confirmation of an install or a flash onto a USB or SD device. */
enum probe_for { PF_DETAILS = 0, PF_INSTALL, PF_FLASH };
enum probe_state { PS_OFFER = 0, PS_RUNNING, PS_DONE };

/* A system scan finding. */
struct sys_note {
	bool error;
	bool note;		/* about this machine, for a target that may go elsewhere */
	char text[320];
};

#define WIZ_MAX_NOTES 8
#define WIZ_HIST 16
#define WIZ_PW_MAX 128

struct scr_ops;

struct wiz {
	const struct wizard_opts *o;	/* &opts */
	/* the options, whose media becomes the one chosen when the wizard
	 * looks for it itself (no --media) */
	struct wizard_opts opts;
	/* the screen classes by enum scr_id, handed in by wizard.c: the run
	 * loop reaches the screens only through them */
	const struct scr_ops *const *screens;
	struct tui tui;
	struct media *media;
	char media_path[4096];		/* where media was opened from */
	/* no --media: install media looked for (media_find.h) and chosen */
	bool finding;			/* no --media was given */
	bool found_done;		/* the search has run */
	bool find_busy;			/* the search is running: say so */
	struct media_found_list found;
	struct ui_list media_list;
	char find_note[512];		/* why the search or an opening failed */
	char topline[256];
	int major;			/* media major version */
	char *eula;			/* license text (malloc'd) */
	bool eula_none;			/* eula is our "no license" notice */
	char lang_note[256];		/* why the language fell back to English */
	struct lang langs[LANG_MAX];	/* the language list's rows */
	struct ui_list lang_list;
	char lang_status[160];		/* why the chosen language cannot be used */

	enum scr_id cur, next;
	bool entered;			/* enter() ran for cur */
	bool worked;			/* work() ran for cur */
	enum scr_id hist[WIZ_HIST];
	int n_hist;
	enum scr_id cancel_from;	/* screen under the cancel dialog */
	double cancel_at;		/* when it opened (monotonic seconds) */
	bool done;
	bool reboot;			/* Enter on Complete: reboot after */
	int status;
	char exit_msg[512];

	/* answers */
	struct ui_list ver_list;	/* the layout for media without a version */
	struct disk_list disks;
	bool scanned;
	char disk_path[4096];		/* the chosen disk, kept across rescans */
	struct ui_list disk_list;
	bool legacy_usb;
	bool usb_live;			/* the next scan first applies (legacy_usb)
					 * or undoes the live USB driver change */
	char disk_status[256];		/* one-line note under the disk list */
	enum disk_action action;
	struct ui_list action_list;
	/* 7.x on flash: where ESX-OSData goes (scr_osdata.c) */
	enum layout_osdata osdata;
	char osdata_path[4096];		/* its disk, with LAYOUT_OSDATA_DISK */
	struct ui_list osdata_list;	/* the three choices */
	struct ui_list osdata_disks;	/* the local disks that may hold it */
	bool osdata_picking;		/* the disk list is shown */
	struct ui_list kbd_list;
	char pw[2][WIZ_PW_MAX];
	size_t pw_len[2];
	int pw_focus;
	bool pw_set;			/* plan.pwhash holds a hash */
	char pw_note[256];
	char bootline[512];		/* the boot options line (Shift+O) */
	char bootedit[512];		/* that line while it is edited */
	bool nested;			/* a nested-ESXi template */
	bool nested_edit;		/* that choice while it is edited */

	/* results */
	struct layout layout;
	struct sys_note notes[WIZ_MAX_NOTES];
	int n_notes;
	bool has_errors;
	struct install_plan plan;
	struct ui_pager pager;		/* EULA / dry-run text position */
	char *dry_text;			/* install_describe() output */

	/* progress */
	int stage;
	uint64_t done_bytes, total_bytes;
	double t_start, t_redraw, rate;
	char log_line[256];
	FILE *log;			/* --log FILE while installing */
	bool cancel_asked;

	/* whole-device images: answers, the backend's view, the outcome */
	enum img_op img;
	struct ui_list img_menu;
	char img_path[4096];
	bool img_verify;		/* read back and compare (default on) */
	bool img_force;			/* backup: replacing the existing file was agreed */
	struct disk img_target;		/* the device as the backend found it */
	uint64_t img_size;		/* bytes to write or read; 0: not known */
	bool img_confirmed;		/* F11 on the image confirmation */
	bool img_started;		/* a progress report has arrived */
	struct image_progress img_prog;
	double img_eta;			/* seconds left in this stage */
	struct image_flash_result img_flash;
	struct image_backup_result img_backup;
	/* several devices at once: Space marks them on the device list */
	char img_marked[IMAGE_MULTI_MAX][4096];	/* their paths, in marking order */
	unsigned img_n_marked;
	unsigned img_n;			/* devices this flash writes: 1, or the marked */
	struct disk img_targets[IMAGE_MULTI_MAX];	/* as the backend found them */
	struct image_progress img_dprog[IMAGE_MULTI_MAX];	/* each one's last report */
	bool img_dstarted[IMAGE_MULTI_MAX];
	bool img_dfailed[IMAGE_MULTI_MAX];
	struct image_multi_result img_multi;
	/* a new identity for the copy (F2 on the image confirmation) */
	bool img_new_identity;
	bool img_id_busy;		/* inspecting the image, or changing the copy */
	struct identity_image img_idimage;	/* the image as inspected for it */
	struct identity_result img_identity;	/* what was changed after the flash */
	int img_identity_rc;
	char img_identity_err[512];
	struct mkstick_result img_stick;	/* the stick as planned, then made */
	struct mkstick_progress stick_prog;

	/* the probe screen (scr_probe.c) */
	enum probe_for probe_for;	/* set before going to it */
	enum probe_state probe_state;
	struct ui_list probe_choice;	/* the offer: probe, or skip */
	struct ui_pager probe_pager;	/* the result's position */
	struct probe_result probe;	/* the last probe's result */
	int probe_rc;			/* its return: 0, -ECANCELED, -errno */
	char probe_err[512];		/* its error */
	char probe_what[128];		/* what runs now, and how far */
	unsigned probe_pct;
	double probe_drawn;		/* when the gauge was last drawn */
	bool probe_quit;		/* a quitting signal stopped it */
	bool probe_go;			/* flash: go on and write the image */
	char probe_fake[4096];		/* a device found to hold less than it */
	char probe_fake_msg[512];	/* claims, and the refusal: kept */

	/* the network boot tree (scr_pxepath.c, scr_pxerun.c, scr_pxedone.c) */
	char pxe_dir[4096];		/* the folder a TFTP server serves */
	char pxe_ks[PXE_URL_MAX];	/* the kickstart URL, "" for none */
	int pxe_focus;			/* the field typed in: 0 folder, 1 URL */
	char pxe_folder[200];		/* the version folder inside pxe_dir */
	struct pxe_progress pxe_prog;	/* the copy, as last reported */
	char pxe_file[1024];		/* the file being copied */
	struct pxe_report pxe_notes;	/* what pxe_write chose and left out */
	char *pxe_readme;		/* the tree's README.txt (malloc'd) */
	struct ui_pager pxe_pager;	/* its position on the done screen */
};

/* One screen: a const table of functions (htop-style screen classes). */
struct scr_ops {
	const char *name;
	/* Called on arrival (may redirect with wiz_go/wiz_replace). */
	void (*enter)(struct wiz *w);
	/* Draw everything (after the background). */
	void (*draw)(struct wiz *w);
	/* Handle one key. */
	void (*key)(struct wiz *w, const struct ui_event *ev);
	/* Long work, run once after the first draw (scan, install). */
	void (*work)(struct wiz *w);
	/* The screen handles Esc itself instead of asking to cancel. */
	bool own_esc;
};

extern const struct scr_ops scr_welcome, scr_eula, scr_scan, scr_disk,
	scr_diskaction, scr_keyboard, scr_password, scr_sysscan, scr_confirm,
	scr_progress, scr_complete, scr_cancel, scr_lang;
extern const struct scr_ops scr_imgmenu, scr_imgdev, scr_imgpath,
	scr_imgconfirm, scr_imgrun, scr_imgdone;
extern const struct scr_ops scr_stickconfirm, scr_stickrun, scr_stickdone;
extern const struct scr_ops scr_version;
extern const struct scr_ops scr_bootopts;
extern const struct scr_ops scr_media, scr_nomedia;
extern const struct scr_ops scr_osdata;
extern const struct scr_ops scr_probe;
extern const struct scr_ops scr_pxepath, scr_pxerun, scr_pxedone;

/* --- wiz.c: the wizard's state, its run loop, what the screens call --- */

/* The wizard's state for options o, without screens yet; NULL, with r
 * filled, when o is refused or memory runs out. */
struct wiz *wiz_new(const struct wizard_opts *o, struct wizard_result *r);
/* Open the media and the terminal, walk w->screens from Welcome until one
 * ends the wizard, and close the terminal; fills r with how it ended. */
void wiz_main(struct wiz *w, struct wizard_result *r);
/* Release w and everything it holds; passwords are wiped. */
void wiz_free(struct wiz *w);
/* Go to a screen, remembering this one for F9. */
void wiz_go(struct wiz *w, enum scr_id id);
/* Go to a screen without remembering this one. */
void wiz_replace(struct wiz *w, enum scr_id id);
/* Go back to the previous screen, keeping the answers. */
void wiz_back(struct wiz *w);
/* Run screen id from inside the current screen's work (a question a
 * backend callback asks) until id moves on; then the current screen
 * carries on. Esc and its cancel dialog, resize and Ctrl-L work as on any
 * screen; w->done tells whether the operator left the wizard meanwhile. */
void wiz_nested(struct wiz *w, enum scr_id id);
/* Leave the wizard with a status and a message for the operator (may be ""). */
void wiz_exit(struct wiz *w, int status, const char *msg);
/* Redraw the current screen completely. */
void wiz_redraw(struct wiz *w);
/* Show a message dialog over the current screen until Enter or Esc. */
void wiz_message(struct wiz *w, const char *title, const char *msg, bool error);
/* Ask yes (F11) or no (F9/Esc) over the current screen. */
bool wiz_ask(struct wiz *w, const char *title, const char *msg,
	     const char *yes_label);
/* Show a message over the current screen until one of the hints' keys
 * (or Esc) is pressed; returns that key (UK_ESC when the wizard ends). */
enum ui_key wiz_message_keys(struct wiz *w, const char *title, const char *msg,
			     const struct ui_hint *hints, size_t n_hints);
/* Whether the probe is offered before writing to the chosen disk: a USB
 * or SD device (not an image file standing in for one). */
bool wiz_probe_offered(const struct wiz *w);
/* The language changed: redo the texts made in it before (top line,
 * notices); the disks are scanned after the license, in the new one. */
void wiz_lang_changed(struct wiz *w);
/* The chosen disk, or NULL. */
const struct disk *wiz_disk(const struct wiz *w);
/* Whether the media fits a fresh install onto d with w->layout (the check
 * the install and the kickstart make, install_check_fit); when not, says
 * why in a dialog, titled for the media when its lack of a UEFI boot
 * loader is the reason, and returns false. */
bool wiz_install_fits(struct wiz *w, const struct disk *d);
/* The wizard's boot options (bootopts.h): the media's, --system-media-size
 * unless default, then the boot options line, and the nested template.
 * 0 or -errno with e filled (bo holds what was read before). */
int wiz_bootopts(const struct wiz *w, struct bootopts *bo, struct stoat_err *e);
/* Draw a screen's standard dialog (shared look), returns the inner box. */
struct ui_box wiz_dialog(struct wiz *w, int h, int wd, const char *title,
			 const struct ui_hint *hints, size_t n_hints);
/* Look for install media (no --media), saying so on the screen meanwhile;
 * with exactly one found, open it for Welcome to show. */
void wiz_media_find(struct wiz *w);
/* Open path as the install media in place of any opened before, and
 * gather what the screens show from it (top line, license). 0, or a
 * negative errno with e filled and the media before kept. */
int wiz_media_use(struct wiz *w, const char *path, struct stoat_err *e);
/* Whether the legacy-USB toggle also switches the USB drivers live (real
 * disks in the list, not a dry run). */
bool wiz_usb_live_applies(const struct wiz *w);
/* Can the disk be used for w->img (the backend's rules)? 0, or a negative
 * errno with e saying why. */
int wiz_img_check(const struct wiz *w, const struct disk *d, struct stoat_err *e);

/* --- ui_disklist.c: the disk list the install and image paths share --- */

/* The disk row text as the list shows it (for F1 and other screens). */
void ui_disklist_row_name(const struct disk *d, char *buf, size_t size);
/* The marker legend, the column heads and the disk list in Local and
 * Remote groups from line y to line end (exclusive), scrolled to keep the
 * chosen disk visible; rows usable() rejects are greyed. With mark, the
 * rows show "[x]" on the marked disks (w->img_marked) and "[ ]" on the
 * other usable ones once one is marked. Returns the list's left column. */
int ui_disklist_draw(struct wiz *w, const struct ui_box *b, int y, int end,
		     bool (*usable)(const struct wiz *w, const struct disk *d), bool mark);
/* The keys every disk list shares: arrows, pages and F1 details, and with
 * mark, Space to mark or unmark the highlighted disk (usable() must
 * accept it). True when the key was one of them. */
bool ui_disklist_key(struct wiz *w, const struct ui_event *ev, bool mark,
		     bool (*usable)(const struct wiz *w, const struct disk *d));
/* Whether disk d is marked (w->img_marked). */
bool ui_disklist_marked(const struct wiz *w, const struct disk *d);

/* --- screens' helpers ---------------------------------------------------- */

/* scr_sysscan.c: fill w->notes for the chosen disk. */
void sysscan_collect(struct wiz *w);

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

#endif
