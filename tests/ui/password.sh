#!/bin/sh
# password.sh - one password policy (ESXi's, through libpasswdqc) in both
# front ends: each password of a table is typed into the wizard's root
# password screen and given to `stoat --kickstart-check` as `rootpw`; both
# accept it, or both refuse it with the same sentence.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures || skip_all "cannot build fixture media"

# flat: the pane's text without the dialog frame, on one line.
flat() { ui_cap | sed 's/[│┌┐└┘─]/ /g' | tr -s ' \n' ' '; }

# ks_verdict PW: "ok", or the policy sentence the kickstart check refuses PW with.
ks_verdict() {
	printf 'vmaccepteula\nrootpw %s\ninstall --firstdisk\n' "$1" >"$UI_DIR/pw.ks"
	out=$("$STOAT" --kickstart-check "$UI_DIR/pw.ks" 2>&1)
	case $out in
	*"kickstart file is valid"*) echo ok ;;
	*"does not meet the policy: "*)
		# the sentence, without passwdqc's own words after it
		printf '%s\n' "$out" | sed -n 's/.*does not meet the policy: //p' | sed 's/ (passwdqc: .*//' ;;
	*) echo "unexpected: $out" ;;
	esac
}

# The table: ESXi's examples of what passwdqc refuses, and what it takes.
for pw in 'VMware!' 'Password1' 'abcdEF5h' 'short' 'Stoat-2024x' 'tr0ub4dor&3X'; do
	want=$(ks_verdict "$pw")
	ui_start
	ui_pick_disk && ui_wait "Select a Keyboard Layout" 20 && ui_keys Enter &&
		ui_wait "Enter a Root Password" 20
	ui_type "$pw"; ui_keys Tab
	if [ "$pw" = 'Stoat-2024x' ]; then
		# one field typed: the status asks for the second, it does not
		# call an empty field a mismatch
		ui_wait "Now type the same password in the second field." 10
		ok $? "$pw: with only the first field typed, the status asks for the second"
	fi
	ui_type "$pw"
	sleep 0.5
	if [ "$want" = ok ]; then
		ui_wait "Match: both passwords are the same." 10
		ok $? "$pw: the kickstart check takes it, and so does the wizard"
	else
		# the first words of the sentence: the wizard wraps it in its dialog
		head=$(printf '%s\n' "$want" | cut -d' ' -f1-9)
		[ -n "$head" ] || head="(the kickstart check gave no reason: $want)"
		like "$(flat)" "$(printf '%s' "$head" | sed 's/[][\\.*^$()+?{}|]/\\&/g')" \
			"$pw: refused in both, with the same reason: $head ..."
	fi
	ui_keys Escape; ui_wait "Cancel the Installation?" 10 && ui_keys F11
	ui_exit_status 20 >/dev/null
done
done_testing
