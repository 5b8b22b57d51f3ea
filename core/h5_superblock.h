#pragma once
// Reads an HDF5 file's superblock itself, before libhdf5 opens the file, and
// refuses one that places anything past the end of the file. libhdf5 sizes
// some buffers from these fields before it reads them (a driver information
// block declaring 4 GB made it allocate and zero 4 GB for a 250-byte file);
// with the superblock checked, every later read is bounded by the file's
// declared end, so opening a file costs memory in proportion to its size.

#include <string>

namespace prospect::core {

// An Error naming `name` (the path the user gave) when the HDF5 file at
// `path` has a superblock whose addresses or sizes run past the file's end.
// Versions it does not know are left to libhdf5.
void check_hdf5_superblock(const std::string& path, const std::string& name);

}  // namespace prospect::core
