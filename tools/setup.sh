#!/usr/bin/env bash
# Installs what prospect needs on Debian (bookworm): compiler, CMake, Eigen,
# Boost (Odeint headers, Program_options), HDF5 with its C++ API, FFTW3,
# libsndfile (audio files), zlib (gzip-compressed IDX files), xxHash (data
# fingerprints), libcurl, OpenSSL and libarchive (`prospect data fetch`:
# downloads, checksums, zip and tar archives), Open MPI (the
# MPI sweep executor), Catch2 v2, Google Benchmark, python3 with
# h5py/numpy/matplotlib for the plot scripts, pybind11, the Python headers and
# pytest and hypothesis (property-based tests) for the Python module, venv,
# pip, setuptools and wheel for its pip
# install, tqdm (its progress bars), mypy (type-checks the examples), nbclient,
# nbformat and ipykernel (execute the example notebooks), and the Fashion-MNIST data set
# (/usr/share/datasets/fashion-mnist). Skips apt entirely when everything is
# already there.
set -euo pipefail

packages=(build-essential cmake pkg-config libeigen3-dev libboost-dev libboost-program-options-dev
          libhdf5-dev libopenmpi-dev openmpi-bin libfftw3-dev libsndfile1-dev zlib1g-dev libxxhash-dev
          libcurl4-openssl-dev libssl-dev libarchive-dev catch2
          libbenchmark-dev python3-h5py python3-numpy python3-matplotlib time dataset-fashion-mnist
          pybind11-dev python3-dev python3-pytest python3-hypothesis python3-venv python3-pip
          python3-setuptools python3-wheel python3-tqdm mypy python3-nbclient python3-nbformat
          python3-ipykernel)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
