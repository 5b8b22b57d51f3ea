#!/bin/bash
# The built-in catalogue's checks pass on the publishers' files where this
# machine has copies: MNIST and FSDD in $PROSPECT_SHARED_DATA (mnist/, fsdd/),
# Fashion-MNIST in Debian's package. Exits 77 (skipped) when none is here.
# Usage: tests/tools/test_data_catalogue.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
export PROSPECT_DATA="$tmp/home"
unset PROSPECT_DATA_CATALOGUE
shared=${PROSPECT_SHARED_DATA:-/nonexistent}
checked=0

# imports NAME PATH CHECK: `prospect data import` accepts the copy, checked as CHECK says.
imports() {
  [[ -e $2 ]] || return 0
  expect 0 "$1: $PROSPECT_DATA/$1 (checked: $3)" "$prospect" data import "$1" "$2"
  checked=$((checked + 1))
}
imports mnist "$shared/mnist" "SHA-256 of 4 files"
imports fsdd "$shared/fsdd" "SHA-256 of 3000 files"
imports fashion_mnist /usr/share/datasets/fashion-mnist "SHA-256 of 4 files"
# Sizes and counts alone would pass MNIST's files as KMNIST's; the command says so.
imports kmnist "$shared/mnist" "sizes and counts of 4 files only: the publisher gives no checksum"
[[ $checked -gt 0 ]] || { echo "no copies of the publishers' files here: skipped"; exit 77; }
echo "the built-in catalogue accepts the $checked copies here"
