#pragma once
// Where data sets live when a task is given no directory: the data home
// ($PROSPECT_DATA, else $XDG_DATA_HOME/prospect, else ~/.local/share/prospect),
// one folder per set named as `prospect data list` names it, filled by
// `prospect data fetch NAME` or `prospect data import NAME PATH`.

#include <string>

namespace prospect::datasets {

// The data home; an error if none of PROSPECT_DATA, XDG_DATA_HOME and HOME is set.
std::string data_home();

// The folder of the set `name` in the data home (which may not exist yet).
std::string data_set_folder(const std::string& name);

// `directory` if it is not empty; else the data home's folder of `name`, or for
// fashion_mnist Debian's package (fashion_mnist_directory) when that folder is
// missing. A set found nowhere is an error naming `key` and the command that
// fetches it.
std::string data_set_directory(const std::string& directory, const std::string& name,
                               const std::string& key);

}  // namespace prospect::datasets
