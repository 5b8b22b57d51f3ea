#include "core/fidelity_log.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "core/error.h"

namespace prospect::core {
namespace {

constexpr std::pair<const char*, double TensorFidelity::*> kMeasures[] = {
    {"cosine", &TensorFidelity::cosine},
    {"norm_ratio", &TensorFidelity::norm_ratio},
    {"abs_log10_norm_ratio", &TensorFidelity::abs_log10_norm_ratio},
    {"relative_error", &TensorFidelity::relative_error},
    {"sign_agreement", &TensorFidelity::sign_agreement},
    {"both_nonzero_fraction", &TensorFidelity::both_nonzero_fraction},
    {"reference_norm", &TensorFidelity::reference_norm},
    {"candidate_norm", &TensorFidelity::candidate_norm}};
constexpr std::size_t kMeasureCount = std::size(kMeasures);
constexpr const char* kWeightedCosine = "weighted_cosine";

std::vector<double> first(const H5Reader& file, const std::string& dataset, std::size_t entries) {
  const auto values = file.read_double(dataset).data;
  if (values.size() < entries) {
    fail(file.path(), ": dataset '", dataset, "' has ", values.size(), " entries, expected at least ",
         entries);
  }
  return {values.begin(), values.begin() + static_cast<std::ptrdiff_t>(entries)};
}

// The report's tensors, then "all".
std::vector<const TensorFidelity*> all_of(const FidelityReport& report) {
  std::vector<const TensorFidelity*> tensors;
  for (const auto& tensor : report.tensors) tensors.push_back(&tensor);
  tensors.push_back(&report.all);
  return tensors;
}

// Tensor groups below `group` (those holding a cosine series), by path relative to it.
void find_tensors(const H5Reader& file, const std::string& group, const std::string& prefix,
                  std::vector<std::string>& names) {
  for (const auto& member : file.members(group)) {
    const std::string path = group + "/" + member;
    if (!file.is_group(path)) continue;
    if (file.exists(path + "/cosine")) {
      names.push_back(prefix + member);
    } else {
      find_tensors(file, path, prefix + member + "/", names);
    }
  }
}

}  // namespace

FidelityLog::FidelityLog(std::string comparison, std::string candidate, std::string reference,
                         std::string axis, std::string axis_unit)
    : comparison_(std::move(comparison)),
      candidate_(std::move(candidate)),
      reference_(std::move(reference)),
      axis_name_(std::move(axis)),
      axis_unit_(std::move(axis_unit)),
      group_("metrics/fidelity/" + comparison_) {
  if (comparison_.empty() || comparison_.find('/') != std::string::npos) {
    fail("gradient fidelity: comparison name '", comparison_, "' must be one non-empty path component");
  }
  if (axis_name_.empty() || axis_name_.find('/') != std::string::npos || axis_name_ == "all") {
    fail("gradient fidelity '", comparison_, "': axis name '", axis_name_,
         "' must be one path component other than 'all'");
  }
}

FidelityLog::TensorSeries& FidelityLog::series_for(const TensorFidelity& tensor) {
  const auto match = std::find_if(tensors_.begin(), tensors_.end(),
                                  [&](const TensorSeries& s) { return s.name == tensor.name; });
  if (match == tensors_.end() || match->numel != tensor.numel) {
    fail("gradient fidelity '", comparison_, "': report ", axis_.size() + 1, " has tensor '", tensor.name,
         "' (", tensor.numel, " entries), which the earlier reports do not have");
  }
  return *match;
}

void FidelityLog::add(double axis_value, const FidelityReport& report) {
  if (tensors_.empty()) {  // the first report sets the tensors
    for (const auto* tensor : all_of(report)) {
      if (tensor->name == axis_name_) {
        fail("gradient fidelity '", comparison_, "': a parameter is named like the axis '", axis_name_, "'");
      }
      tensors_.push_back({tensor->name, tensor->numel, std::vector<std::vector<double>>(kMeasureCount)});
    }
  }
  if (report.tensors.size() + 1 != tensors_.size()) {
    fail("gradient fidelity '", comparison_, "': report ", axis_.size() + 1, " compares ",
         report.tensors.size(), " tensors, the earlier reports ", tensors_.size() - 1);
  }
  std::vector<TensorSeries*> targets;  // all found before any is changed
  for (const auto* tensor : all_of(report)) targets.push_back(&series_for(*tensor));
  const auto tensors = all_of(report);
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    for (std::size_t m = 0; m < kMeasureCount; ++m) {
      targets[i]->measures[m].push_back(*tensors[i].*kMeasures[m].second);
    }
  }
  weighted_cosine_.push_back(report.weighted_cosine);
  axis_.push_back(axis_value);
}

void FidelityLog::write(H5Writer& file) const {
  file.write(group_ + "/" + axis_name_, axis_, axis_unit_);
  for (const auto& tensor : tensors_) {
    const std::string path = group_ + "/" + tensor.name;
    for (std::size_t m = 0; m < kMeasureCount; ++m) {
      file.write(path + "/" + kMeasures[m].first, tensor.measures[m], units::one);
    }
    file.set_attribute(path, "numel", static_cast<std::int64_t>(tensor.numel));
  }
  file.write(group_ + "/all/" + kWeightedCosine, weighted_cosine_, units::one);
  file.set_attribute(group_, "candidate", candidate_);
  file.set_attribute(group_, "reference", reference_);
  file.set_attribute(group_, "axis", axis_name_);
}

void FidelityLog::restore(const H5Reader& file, std::size_t entries) {
  axis_.clear();
  tensors_.clear();
  weighted_cosine_.clear();
  if (!file.exists(group_)) {
    if (entries == 0) return;
    fail(file.path(), ": no gradient fidelity series '", group_, "' to resume");
  }
  std::vector<std::string> names;
  find_tensors(file, group_, "", names);
  // The report's order is not stored; "all" goes last, as add() keeps it.
  std::stable_partition(names.begin(), names.end(), [](const std::string& n) { return n != "all"; });
  for (const auto& name : names) {
    const std::string path = group_ + "/" + name;
    TensorSeries series{name, 0, {}};
    series.numel = static_cast<Index>(std::stoll(file.attribute_text(path, "numel")));
    for (const auto& [measure, member] : kMeasures) series.measures.push_back(first(file, path + "/" + measure, entries));
    tensors_.push_back(std::move(series));
  }
  weighted_cosine_ = first(file, group_ + "/all/" + kWeightedCosine, entries);
  axis_ = first(file, group_ + "/" + axis_name_, entries);
}

}  // namespace prospect::core
