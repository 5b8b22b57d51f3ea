#pragma once
// Putting downloaded or imported files into a set's (staging) folder.

#include <string>

namespace prospect::data {

// `from` inflated into `to` if it is gzip-compressed, else copied; a damaged
// gzip stream is an error naming `from`.
void gunzip_file(const std::string& from, const std::string& to);

// The entries of the zip or tar archive `archive` (compressed or not) into the
// existing folder `folder`. Entries that would leave `folder` (absolute paths,
// ".."), links, devices and damaged archives are errors naming the archive.
void extract_archive(const std::string& archive, const std::string& folder);

// When `folder` holds nothing but one folder, that folder's content moves up
// (release archives wrap everything in NAME-VERSION/).
void lift_single_folder(const std::string& folder);

// The files and folders under `from` copied into the existing folder `to`.
void copy_tree(const std::string& from, const std::string& to);

}  // namespace prospect::data
