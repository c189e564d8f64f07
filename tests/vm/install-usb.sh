#!/bin/bash
# install-usb.sh - an unattended kickstart install onto a real USB stick
# (usb-storage on qemu-xhci) inside the rescue Linux, verified afterwards on
# the host from the stick's backing image: the flash layout 1,5,6,7,8,9 with
# no 2 or 3, clean FAT16 bootbanks, boot.cfg and the modules on p5.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

vm_install_test stick "the stick" "1 5 6 7 8 9" flash
done_testing
