#!/bin/bash
# prospect data against a loopback HTTP server (tests/tools/data_server.py)
# serving small files in the real formats, listed by a test catalogue
# (PROSPECT_DATA_CATALOGUE): a fetch downloads, checks and unpacks (gzip'd IDX
# files, a tar.gz archive); a wrong checksum, a missing file, a cut transfer
# and a stop (SIGTERM) are errors that leave no set behind, and the next
# fetch resumes a cut or stopped transfer with a Range request; --mirror;
# import checks the same way (folder, zip archive, damaged archive); the ep
# and speech tasks find fetched sets by name.
# Usage: tests/tools/test_data_fetch.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
mnist="$tools/../tests/data/mnist_100"
export PROSPECT_DATA="$tmp/home"

# Nothing a task could take for data, and no staging folder, is left for SET.
nothing_left() {
  [[ ! -e $PROSPECT_DATA/$1 ]] || fail "$1 was installed after a failure"
  ! compgen -G "$PROSPECT_DATA/.unpacking-*" >/dev/null || fail "a staging folder was left"
}

# The served files: the MNIST slice (gzip'd IDX) and a tone corpus in FSDD's
# layout as release archives (tar.gz wrapped in one top folder, and zip).
serve="$tmp/serve"
mkdir -p "$serve/corpus-1.0/recordings"
cp "$mnist"/*.gz "$serve/"
write_tone_corpus "$serve/corpus-1.0/recordings"
tar -C "$serve" -czf "$serve/corpus.tar.gz" corpus-1.0
(cd "$serve/corpus-1.0" && "$python" -m zipfile -c "$serve/corpus.zip" recordings)
tree_sum=$(cd "$serve/corpus-1.0" && find recordings -type f -name '*.wav' | LC_ALL=C sort |
           xargs sha256sum | sha256sum | cut -c1-64)
tree_bytes=$(cat "$serve"/corpus-1.0/recordings/*.wav | wc -c)

# start_server [CUT_BYTES]: (re)starts the server; sets url and server.
server=""
start_server() {
  [[ -n $server ]] && kill "$server" && wait "$server" 2>/dev/null || true
  rm -f "$tmp/port"
  "$python" "$tools/../tests/tools/data_server.py" "$serve" "$tmp/port" "$tmp/requests" "$@" &
  server=$!
  for _ in $(seq 100); do [[ -s $tmp/port ]] && break; sleep 0.05; done
  [[ -s $tmp/port ]] || fail "the test server did not start"
  url="http://127.0.0.1:$(cat "$tmp/port")"
}
trap '[[ -n $server ]] && kill "$server"; rm -rf "$tmp"' EXIT
start_server

# write_catalogue BASE_URL MNIST_SUM: mnist (IDX, SHA-256 of the first file =
# MNIST_SUM) and fsdd (the archive, its tree).
write_catalogue() {
  {
    echo "[mnist]"
    echo "title = the first 100 MNIST images"
    echo "unpack = gunzip"
    for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
      echo "url = $1/$f.gz"
      sum=$(zcat "$mnist/$f.gz" | sha256sum | cut -c1-64)
      [[ $f == train-images-idx3-ubyte ]] && sum=$2
      echo "file = $f $(zcat "$mnist/$f.gz" | wc -c) $sum"
    done
    echo "[fsdd]"
    echo "unpack = archive"
    echo "url = $1/corpus.tar.gz"
    echo "tree = recordings .wav 14 $tree_bytes $tree_sum"
  } >"$tmp/catalogue.ini"
}
export PROSPECT_DATA_CATALOGUE="$tmp/catalogue.ini"
good_sum=$(zcat "$mnist/train-images-idx3-ubyte.gz" | sha256sum | cut -c1-64)

# A wrong checksum: an error naming the file, nothing installed, downloads gone.
write_catalogue "$url" "$(printf '0%.0s' $(seq 64))"
expect 1 "train-images-idx3-ubyte: SHA-256 $good_sum, expected 0000" "$prospect" data fetch mnist --quiet
nothing_left mnist
[[ ! -e $PROSPECT_DATA/.downloads/mnist ]] || fail "the downloads that failed their check were kept"

# A file the server does not have: an error naming its URL and the status.
write_catalogue "$url/missing" "$good_sum"
expect 1 "downloading $url/missing/train-images-idx3-ubyte.gz: The requested URL returned error: 404" \
  "$prospect" data fetch mnist --quiet
nothing_left mnist

# A good fetch: the four files unpacked, checked, nothing else left behind.
write_catalogue "$url" "$good_sum"
expect 0 "checked: SHA-256 of 4 files" "$prospect" data fetch mnist --quiet
cmp <(zcat "$mnist/t10k-images-idx3-ubyte.gz") "$PROSPECT_DATA/mnist/t10k-images-idx3-ubyte" ||
  fail "the fetched file differs from the served one"
[[ ! -e $PROSPECT_DATA/.downloads ]] || fail "downloads were left after the fetch"
expect 0 "already in $PROSPECT_DATA/mnist" "$prospect" data fetch mnist --quiet
expect 0 "where:   $PROSPECT_DATA/mnist" "$prospect" data list

# The ep task finds the fetched set by name (data.set = mnist, no data.dir).
expect 0 "" "$prospect" run ep --quiet --set data.set=mnist --set data.train_samples=20 \
  --set data.test_samples=10 --set network.widths=784,16,10 --set batch=10 --set epochs=1 \
  --set gdu.samples=0 --set record.samples=0 -o "$tmp/ep.h5"
"$prospect" info "$tmp/ep.h5" >"$tmp/info"
grep -qF "source=$PROSPECT_DATA/mnist " "$tmp/info" ||
  fail "the ep run does not name the fetched set among its inputs"

# A transfer cut after 300 bytes: an error that keeps the partial download
# and installs nothing; the next fetch resumes it with a Range request.
start_server 300
write_catalogue "$url" "$good_sum"
expect 1 "fetching again resumes" "$prospect" data fetch fsdd --quiet
nothing_left fsdd
[[ $(stat -c %s "$PROSPECT_DATA/.downloads/fsdd/corpus.tar.gz.part") -eq 300 ]] ||
  fail "the partial download does not hold the 300 bytes that arrived"
expect 0 "checked: SHA-256 of 14 files" "$prospect" data fetch fsdd --quiet
grep -qxF "/corpus.tar.gz bytes=300-" "$tmp/requests" || fail "the second fetch did not resume"
[[ -f $PROSPECT_DATA/fsdd/recordings/1_ann_6.wav ]] || fail "the archive's top folder was kept"

# A stop during a transfer (SIGTERM, which ends it as Ctrl-C does; a stalled
# server): exit 143, the bytes that arrived kept for the next fetch, nothing
# installed.
rm -rf "$PROSPECT_DATA/fsdd" "$PROSPECT_DATA/.downloads"
start_server 200 stall
write_catalogue "$url" "$good_sum"
part="$PROSPECT_DATA/.downloads/fsdd/corpus.tar.gz.part"
"$prospect" data fetch fsdd --quiet >"$tmp/out" 2>"$tmp/err" &
fetch=$!
for _ in $(seq 100); do [[ -f $part && $(stat -c %s "$part") -eq 200 ]] && break; sleep 0.05; done
kill -TERM "$fetch"
status=0
wait "$fetch" || status=$?
[[ $status -eq 143 ]] || fail "SIGTERM during a download: exit $status, expected 143"
grep -qF "stopped by SIGTERM while downloading $url/corpus.tar.gz" "$tmp/err" || fail "no word of the stop"
[[ $(stat -c %s "$part") -eq 200 ]] || fail "the bytes that arrived before the stop were not kept"
nothing_left fsdd
start_server
write_catalogue "$url" "$good_sum"
expect 0 "checked: SHA-256 of 14 files" "$prospect" data fetch fsdd --quiet
grep -qxF "/corpus.tar.gz bytes=200-" "$tmp/requests" || fail "the fetch after the stop did not resume"

# The speech task finds the fetched corpus by name.
expect 0 "" "$prospect" run speech --quiet --set epochs=1 --set batch=2 \
  --set mel.bins=8 --set data.validation_below=6 --set data.cache= -o "$tmp/speech.h5"

# --mirror takes every file from another folder of the same names.
start_server
write_catalogue "http://mirror.invalid/data" "$good_sum"
rm -rf "$PROSPECT_DATA/mnist"
expect 0 "checked: SHA-256 of 4 files" "$prospect" data fetch mnist --quiet --mirror "$url"

# import: a folder of .gz files, a zip archive, and a damaged archive.
export PROSPECT_DATA="$tmp/offline"
expect 0 "checked: SHA-256 of 4 files" "$prospect" data import mnist "$mnist"
expect 0 "checked: SHA-256 of 14 files" "$prospect" data import fsdd "$serve/corpus.zip"
rm -rf "$PROSPECT_DATA/fsdd"
cp "$serve/corpus.zip" "$tmp/damaged.zip"
printf 'XXXX' | dd of="$tmp/damaged.zip" bs=1 seek=2000 conv=notrunc 2>/dev/null
expect 1 "damaged.zip" "$prospect" data import fsdd "$tmp/damaged.zip"
nothing_left fsdd
printf 'X' | dd of="$serve/corpus-1.0/recordings/0_ann_0.wav" bs=1 seek=100 conv=notrunc 2>/dev/null
expect 1 "differs from the catalogue's: recordings/: SHA-256" "$prospect" data import fsdd "$serve/corpus-1.0"
nothing_left fsdd
echo "prospect data: fetch, resume, mirror, import and their failures behave"
