/* tui.c - start and end curses; signals that leave the terminal sane.
 *
 * Quitting signals (TERM, HUP) only set a flag: the key loop polls it,
 * ends curses and leaves. A first Ctrl-C (SIGINT) asks, as Esc does; a
 * second one before the question is answered (F9 or Esc) leaves. Crashes (SEGV, BUS, FPE, ILL, ABRT) give the
 * terminal back at once and die with the same signal. */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nls.h"
#include "ui.h"

static volatile sig_atomic_t tui_quit_sig;
/* A Ctrl-C waits to be read as Esc; one was read and its question is open. */
static volatile sig_atomic_t tui_int_new, tui_int_asked;

/* Remember which quitting signal arrived; a first SIGINT only asks. */
static void tui_on_quit(int sig)
{
	if (sig == SIGINT && !tui_int_new && !tui_int_asked)
		tui_int_new = 1;
	else
		tui_quit_sig = sig;
}

/* A crash: restore the terminal, then die of the same signal. */
static void tui_on_crash(int sig)
{
	static const char msg[] = "\nstoat: crashed; the terminal was restored\n";
	ssize_t r;

	endwin();
	r = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)r;
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Install (or, with h = SIG_DFL, remove) the handlers. */
static void tui_signals(bool on)
{
	static const int quit[] = { SIGINT, SIGTERM, SIGHUP };
	static const int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on ? tui_on_quit : SIG_DFL;
	for (i = 0; i < N_ELEMS(quit); i++)
		sigaction(quit[i], &sa, NULL);
	sa.sa_handler = on ? tui_on_crash : SIG_DFL;
	sa.sa_flags = on ? SA_RESETHAND : 0;
	for (i = 0; i < N_ELEMS(crash); i++)
		sigaction(crash[i], &sa, NULL);
}

/* Start curses; 0 or -errno with e filled. */
int tui_init(struct tui *t, bool no_color, struct stoat_err *e)
{
	const char *cs = nl_langinfo(CODESET), *term = getenv("TERM");

	memset(t, 0, sizeof(*t));
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return err_set(e, ENOTTY, _("the wizard needs a terminal; for unattended installs use 'stoat install --kickstart FILE'"));
	if (!term || !*term)
		return err_set(e, EINVAL, _("TERM is not set; set it to your terminal type, e.g. TERM=linux or TERM=vt220"));
	/* In UTF-8, draw lines with Unicode box characters: terminals and
	 * multiplexers that ignore the ACS switch still show them. */
	if (cs && !strcmp(cs, "UTF-8"))
		setenv("NCURSES_NO_UTF8_ACS", "1", 0);
	if (!newterm(NULL, stdout, stdin))
		return err_set(e, EINVAL, _("cannot drive the terminal type '%s'; try TERM=linux or TERM=vt220"),
			       term);
	t->active = true;
	cbreak();
	noecho();
	nonl();
	/* keymap.c reads escape sequences itself, the same under every TERM */
	keypad(stdscr, FALSE);
	intrflush(stdscr, FALSE);
	curs_set(0);
	t->mono = no_color || !has_colors();
	if (!t->mono && start_color() == ERR)
		t->mono = true;
	theme_init(t);
	tui_signals(true);
	return 0;
}

/* Give the terminal back as it was; safe to call twice. */
void tui_end(struct tui *t)
{
	if (!t->active)
		return;
	t->active = false;
	curs_set(1);
	endwin();
	tui_signals(false);
	fflush(stdout);
}

/* A quitting signal (INT, TERM, HUP) has arrived: its number, else 0. */
int tui_quit_signal(void)
{
	return tui_quit_sig;
}

/* A first Ctrl-C arrived since the last call: true once, and the next
 * Ctrl-C leaves until tui_interrupt_rearm(). */
bool tui_interrupt_take(void)
{
	if (!tui_int_new)
		return false;
	tui_int_asked = 1;
	tui_int_new = 0;
	return true;
}

/* The question a Ctrl-C opened was answered: the next Ctrl-C asks again. */
void tui_interrupt_rearm(void)
{
	if (!tui_int_new)
		tui_int_asked = 0;
}

/* True when the screen is at least 80x24. */
bool tui_big_enough(void)
{
	return COLS >= UI_MIN_COLS && LINES >= UI_MIN_LINES;
}

/* True on the Linux virtual console (TERM=linux), whose font has no CJK. */
bool tui_console(void)
{
	const char *term = getenv("TERM");

	return term && (!strcmp(term, "linux") || !strncmp(term, "linux-", 6));
}
