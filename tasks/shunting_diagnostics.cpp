#include "tasks/shunting_diagnostics.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace prospect::tasks {
namespace {

const char* const kComponentNames[] = {"excitatory_synapse", "inhibitory_synapse",
                                       "dendritic_conductance", "reactivation"};
const std::string kSummary = "metrics/fidelity_summary/local_vs_exact/";

int component_of(const std::string& name) {
  if (name.ends_with("/preE")) return 0;
  if (name.ends_with("/preI")) return 1;
  if (name.ends_with("/logw")) return 2;
  return 3;  // log_m, b
}

core::ParameterList<float> tree_tensors(shunting::Network<float>& network) {
  core::ParameterList<float> trees;
  for (const auto& ref : network.parameter_refs()) {
    if (!ref.name.starts_with("decoder/")) trees.push_back(ref);
  }
  return trees;
}

std::string rule_name(const shunting::LocalRuleSettings& rule) {
  const char* broadcast = rule.broadcast == shunting::Broadcast::per_soma ? "per_soma"
                          : rule.broadcast == shunting::Broadcast::scalar ? "scalar"
                                                                          : "exact";
  return "local rule " + core::name_of(shunting::kRuleFactorsNames, rule.factors) + ", " + broadcast;
}

// The first `entries` values of a stored series.
std::vector<double> first(const core::H5Reader& file, const std::string& path,
                          std::size_t entries) {
  const auto stored = file.read_double(path).data;
  if (stored.size() < entries) {
    fail(file.path(), ": ", path, " has ", stored.size(), " entries; resuming needs ", entries);
  }
  return {stored.begin(), stored.begin() + static_cast<std::ptrdiff_t>(entries)};
}

// mean, std, and the 5, 25, 50, 75, 95 % quantiles (linear interpolation).
std::vector<double> describe(std::vector<double> values) {
  const auto n = static_cast<double>(values.size());
  double mean = 0;
  for (const double v : values) mean += v;
  mean /= n;
  double variance = 0;
  for (const double v : values) variance += (v - mean) * (v - mean);
  std::sort(values.begin(), values.end());
  std::vector<double> stats{mean, std::sqrt(variance / n)};
  for (const double q : {0.05, 0.25, 0.5, 0.75, 0.95}) {
    const double position = q * (n - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    stats.push_back(values[below] + (position - static_cast<double>(below)) *
                                        (values[above] - values[below]));
  }
  return stats;
}

const char* const kStatistics[] = {"mean", "std", "q05", "q25", "q50", "q75", "q95"};

// The unit of a series of collect(): voltages V, resistances R, or the
// logarithms of conductances in units of g_leak.
const std::string& unit_of(const std::string& path) {
  if (path.ends_with("/V")) return core::units::e_exc;
  if (path.ends_with("/R")) return core::units::per_g_leak;
  return core::units::one;
}

}  // namespace

ShuntingFidelity::ShuntingFidelity(shunting::Network<float>& network)
    : network_(network),
      candidate_(tree_tensors(network)),
      exact_(candidate_),
      fresh_state_(Vector<float>::Zero(network.state()->size())),
      log_("local_vs_exact", rule_name(network.settings().rule), "exact gradient (backprop)", "epoch",
           core::units::one),
      component_cosine_(kComponents),
      component_ratio_(kComponents),
      component_numel_(kComponents, 0) {
  for (const auto& ref : candidate_) {
    component_.push_back(component_of(ref.name));
    component_numel_[static_cast<std::size_t>(component_.back())] += static_cast<double>(ref.size);
  }
}

void ShuntingFidelity::measure(double epoch, const MatrixF& input, const MatrixF& target) {
  network_.exact_gradients(input, target);
  exact_.clear();
  exact_.add(1.0);
  fresh_state_.setZero();  // a fresh rule: ρ from this batch, φ from one running-average step
  network_.local_gradients(input, target, fresh_state_);
  last_ = core::gradient_fidelity(exact_.sums(), candidate_, "local_vs_exact");
  log_.add(epoch, last_);

  std::vector<double> weighted(kComponents, 0), ratio(kComponents, 0), count(kComponents, 0);
  for (std::size_t t = 0; t < last_.tensors.size(); ++t) {
    const auto c = static_cast<std::size_t>(component_of(last_.tensors[t].name));
    weighted[c] += static_cast<double>(last_.tensors[t].numel) * last_.tensors[t].cosine;
    ratio[c] += last_.tensors[t].norm_ratio;
    count[c] += 1;
  }
  double mismatch = 0, numel = 0;
  for (std::size_t c = 0; c < kComponents; ++c) {
    if (count[c] == 0) continue;
    const double mean_ratio = ratio[c] / count[c];
    component_cosine_[c].push_back(weighted[c] / component_numel_[c]);
    component_ratio_[c].push_back(mean_ratio);
    mismatch += component_numel_[c] * std::abs(std::log10(mean_ratio));
    numel += component_numel_[c];
  }
  scale_mismatch_.push_back(mismatch / numel);
  epochs_.push_back(epoch);
  weighted_cosine_.push_back(last_.weighted_cosine);
}

void ShuntingFidelity::write(core::H5Writer& file) const {
  log_.write(file);
  file.write(kSummary + "epoch", epochs_, core::units::one);
  file.write(kSummary + "weighted_cosine", weighted_cosine_, core::units::one);
  file.write(kSummary + "scale_mismatch", scale_mismatch_, core::units::one);
  for (std::size_t c = 0; c < kComponents; ++c) {
    if (component_cosine_[c].empty()) continue;
    const std::string group = kSummary + "components/" + kComponentNames[c];
    file.write(group + "/cosine", component_cosine_[c], core::units::one);
    file.write(group + "/mean_norm_ratio", component_ratio_[c], core::units::one);
    file.set_attribute(group, "numel", static_cast<std::int64_t>(component_numel_[c]));
  }
}

void ShuntingFidelity::restore(const core::H5Reader& file, std::size_t entries) {
  log_.restore(file, entries);
  if (entries == 0) return;
  epochs_ = first(file, kSummary + "epoch", entries);
  weighted_cosine_ = first(file, kSummary + "weighted_cosine", entries);
  scale_mismatch_ = first(file, kSummary + "scale_mismatch", entries);
  for (std::size_t c = 0; c < kComponents; ++c) {
    const std::string group = kSummary + "components/" + kComponentNames[c];
    if (!file.exists(group + "/cosine")) continue;
    component_cosine_[c] = first(file, group + "/cosine", entries);
    component_ratio_[c] = first(file, group + "/mean_norm_ratio", entries);
  }
}

LevelDistributions::LevelDistributions(const shunting::Network<float>& network)
    : network_(network) {}

std::vector<std::pair<std::string, std::vector<double>>> LevelDistributions::collect(
    bool values) const {
  std::vector<std::pair<std::string, std::vector<double>>> series;
  const Index batch = network_.batch();
  const auto& spec = network_.parameters().spec();
  const auto samples = [&](const MatrixF& m) {
    std::vector<double> v;
    for (Index n = 0; values && n < m.cols(); ++n) {
      for (Index s = 0; s < batch; ++s) v.push_back(m(s, n));
    }
    return v;
  };
  const auto log_conductances = [&](const MatrixF& g) {
    std::vector<double> v;
    for (Index k = 0; values && k < g.size(); ++k) {
      v.push_back(std::log(static_cast<double>(g.data()[k])));
    }
    return v;
  };
  for (Index l = 0; l < spec.depth(); ++l) {
    for (Index i = 0; i < static_cast<Index>(spec.levels(l).size()); ++i) {
      const auto& level = network_.level(l, i);
      const auto& s = level.signals();
      const std::string prefix = "layer" + std::to_string(l + 1) + "/level" + std::to_string(i) + "/";
      series.emplace_back(prefix + "V", samples(s.voltage));
      if (spec.core == shunting::Core::shunting) series.emplace_back(prefix + "R", samples(s.resistance));
      if (level.shape().synapses) {
        series.emplace_back(prefix + "active_log_g_exc",
                            log_conductances(level.excitatory().conductance()));
        if (level.inhibitory().k() > 0) {
          series.emplace_back(prefix + "active_log_g_inh",
                              log_conductances(level.inhibitory().conductance()));
        }
      }
    }
  }
  return series;
}

void LevelDistributions::measure(double epoch) {
  const auto series = collect(true);
  if (series_.empty()) {
    for (const auto& [path, values] : series) series_.push_back({path, std::vector<std::vector<double>>(7)});
  }
  epochs_.push_back(epoch);
  for (std::size_t k = 0; k < series.size(); ++k) {
    const auto stats = describe(series[k].second);
    for (std::size_t j = 0; j < stats.size(); ++j) series_[k].stats[j].push_back(stats[j]);
  }
}

void LevelDistributions::write(core::H5Writer& file) const {
  file.write("diagnostics/levels/epoch", epochs_, core::units::one);
  for (const auto& series : series_) {
    for (std::size_t k = 0; k < series.stats.size(); ++k) {
      file.write("diagnostics/levels/" + series.path + "/" + kStatistics[k], series.stats[k],
                 unit_of(series.path));
    }
  }
}

void LevelDistributions::restore(const core::H5Reader& file, std::size_t entries) {
  epochs_.clear();
  series_.clear();
  if (entries == 0) return;
  epochs_ = first(file, "diagnostics/levels/epoch", entries);
  for (const auto& [path, values] : collect(false)) {
    Series series{path, {}};
    for (const char* statistic : kStatistics) {
      series.stats.push_back(first(file, "diagnostics/levels/" + path + "/" + statistic, entries));
    }
    series_.push_back(std::move(series));
  }
}

}  // namespace prospect::tasks
