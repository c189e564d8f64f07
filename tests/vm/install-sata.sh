#!/bin/bash
# install-sata.sh - an unattended kickstart install onto a real AHCI SATA
# disk inside the rescue Linux: the 16 GiB disk gets the full 6.x table of
# REFERENCE.md section 4 ("Known real tables": all eight partitions, p3
# ending at sector 33554398), verified on the host from the backing image.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

vm_install_test sata "the SATA disk" "1 2 3 5 6 7 8 9" disk \
	"1 64 8191;2 7086080 15472639;3 15472640 33554398;5 8224 520191;6 520224 1032191;7 1032224 1257471;8 1257504 1843199;9 1843200 7086079;"
done_testing
