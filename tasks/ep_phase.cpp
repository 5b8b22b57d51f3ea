#include "tasks/ep_phase.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/error.h"
#include "core/grid.h"
#include "core/named_values.h"
#include "core/output.h"
#include "core/progress.h"
#include "core/transfer_function.h"
#include "core/units.h"
#include "datasets/labelled_subsets.h"
#include "models/ep/driven_network.h"
#include "models/ep/options.h"
#include "models/neurons/prospective_chain.h"
#include "models/shunting/driven_tree.h"
#include "runs/run_file.h"
#include "tasks/ep.h"
#include "tasks/ep_frequency_response.h"
#include "tasks/ep_saved_network.h"

namespace prospect::tasks {
namespace {

using Complex = std::complex<double>;
constexpr double degree = std::numbers::pi / 180;

// The architecture keys of the ep family, which a loaded run file decides.
const std::vector<std::string> kArchitectureKeys = {
    "model", "network.widths", "network.basal_branches", "network.apical_branches",
    "network.sparsity", "network.apical_scale", "network.apical_dense"};
// The data keys, which must scale the image as the run file's training did.
const std::vector<std::string> kDataKeys = {"data.set", "data.dir", "data.mean", "data.std"};

struct Settings {
  SweepSettings sweep;
  std::vector<double> omegas, curve;  // [1/time]
  double tau, beta, amplitude;
  std::vector<ep::DrivenPath> paths;
  std::vector<double> gle_tau_r, inhibition;
  double phase_tolerance, gain_tolerance;  // [rad], relative
};

Settings parse(const core::Options& o) {
  Settings s;
  s.sweep.stepper = integrators::StepperKind::rk4;
  s.sweep.dt = o.positive("integrator.dt");
  s.sweep.transient = o.non_negative("sweep.transient");
  s.sweep.periods = o.positive("sweep.periods");
  if (s.sweep.periods < 1) core::fail_value("sweep.periods", o.text("sweep.periods"), "expected >= 1");
  s.tau = o.positive("network.tau");
  const double low = o.positive("sweep.omega_tau_min"), high = o.positive("sweep.omega_tau_max");
  if (!(high > low)) {
    core::fail_value("sweep.omega_tau_max", o.text("sweep.omega_tau_max"),
                     "expected > sweep.omega_tau_min = " + o.text("sweep.omega_tau_min"));
  }
  s.omegas = core::logspace(low / s.tau, high / s.tau, o.positive_integer("sweep.points"));
  s.curve = core::logspace(low / s.tau, high / s.tau, o.positive_integer("curve.points"));
  if (!(s.omegas.back() * s.sweep.dt < 1)) {
    core::fail_value("integrator.dt", o.text("integrator.dt"),
                     "too coarse for the highest drive frequency: expected omega dt < 1");
  }
  s.beta = o.positive("beta");
  s.amplitude = o.positive("drive.amplitude");
  for (const auto& word : o.words("drive.paths")) {
    s.paths.push_back(core::parse(ep::kDrivenPathNames, "drive.paths", word));
  }
  if (s.paths.empty()) core::fail_value("drive.paths", "", "expected input and/or target");
  if (!o.text("compare.gle_tau_r").empty()) s.gle_tau_r = o.reals("compare.gle_tau_r");
  if (!o.text("compare.inhibition").empty()) s.inhibition = o.reals("compare.inhibition");
  for (const double i : s.inhibition) {
    if (!(i >= 0)) {
      core::fail_value("compare.inhibition", o.text("compare.inhibition"),
                       "inhibitory conductances must be >= 0");
    }
  }
  s.phase_tolerance = o.positive("summary.phase_tolerance") * degree;
  s.gain_tolerance = o.positive("summary.gain_tolerance");
  return s;
}

// The network to drive and the epochs it was trained: from the run file of
// network.file, or initialised as an ep run of this seed starts (epoch 0).
std::pair<ep::Network<double>, long> network_of(const core::Options& o, std::uint64_t seed) {
  const std::string& path = o.text("network.file");
  if (path.empty()) {
    ep::Network<double> network(ep::architecture(o));
    network.initialise(initial_network_seed(seed));
    return {std::move(network), 0};
  }
  auto saved = load_ep_network(
      path, core::parse(kSavedParametersNames, "network.parameters", o.text("network.parameters")));
  for (const auto& key : kDataKeys) {
    if (key != "data.dir" && saved.options.text(key) != o.text(key)) {
      core::fail_value(key, o.text(key), path + " was trained with " + key + " = '" +
                                             saved.options.text(key) + "': its images are scaled so");
    }
  }
  core::out("ep_phase: %s, the parameters after epoch %ld (%s)\n", path.c_str(), saved.epoch,
            o.text("network.parameters").c_str());
  return {std::move(saved.network), saved.epoch};
}

// The test image input.image (features × 1) and its one-hot label.
std::pair<MatrixD, MatrixD> image_and_label(const core::Options& o) {
  const datasets::ImageSet data = load_ep_images(o);
  const long index = o.non_negative_integer("input.image");
  if (index >= data.test.size()) {
    core::fail_value("input.image", o.text("input.image"),
                     "the test set has " + std::to_string(data.test.size()) + " images");
  }
  const auto [input, target] = datasets::one_hot_batch(
      datasets::rows_of(data.test, {static_cast<Index>(index)}), 1, "input.image");
  return {input.cast<double>(), target.cast<double>()};
}

// The modulation's direction times its amplitude: the image itself (its
// contrast) or every pixel alike; the target's own class.
VectorD direction(const core::Options& o, ep::DrivenPath path, const MatrixD& input,
                  const MatrixD& target, double amplitude) {
  if (path == ep::DrivenPath::target) return amplitude * target.col(0);
  const std::string& d = o.choice("drive.direction", {"image", "uniform"});
  return amplitude * (d == "image" ? VectorD(input.col(0)) : VectorD::Ones(input.rows()));
}

// One measured comparison element: simulated and analytic responses.
struct Curves {
  std::string group;
  std::vector<Complex> measured, analytic, curve;
  Complex at_one;  // analytic, at ωτ = 1
};

void write_curves(core::H5Writer& file, const Settings& s, const Curves& c) {
  file.write(c.group + "/omega", s.omegas, core::units::rad_per_time);
  write_gain_phase(file, c.group, "", c.measured);
  write_gain_phase(file, c.group, "analytic_", c.analytic);
  file.write(c.group + "/curve/omega", s.curve, core::units::rad_per_time);
  write_gain_phase(file, c.group + "/curve", "", c.curve);
  file.set_attribute(c.group, "method", std::string("lock-in"));
  file.set_attribute(c.group, "tau", s.tau);
}

template <typename F>
std::vector<Complex> tabulate(const std::vector<double>& omegas, F&& f) {
  std::vector<Complex> values;
  for (const double w : omegas) values.push_back(f(w));
  return values;
}

double degrees_of_lag(Complex h) { return 0.0 - std::arg(h) / degree; }

// The EP network driven along one path: spectra, eigenvalues, a table.
Agreement measure_ep(const Settings& s, const ep::Network<double>& network, ep::DrivenPath path,
                     const MatrixD& input, const MatrixD& target, const VectorD& modulation,
                     core::H5Writer& file) {
  ep::DrivenSettings settings;
  settings.path = path;
  settings.beta = path == ep::DrivenPath::target ? s.beta : 0;
  settings.tau = s.tau;
  ep::DrivenNetwork driven(network, input, target, modulation, settings);
  const auto response = measure_ep_response(driven, s.omegas, s.sweep);
  const Agreement worst = agreement(response);
  const std::string name = core::name_of(ep::kDrivenPathNames, path);
  const VectorD delay = driven.low_frequency_delay();
  // Responses per unit amplitude of the modulation (the direction carries it).
  const double per_amplitude = 1 / s.amplitude;
  const Eigen::VectorXcd at_one = per_amplitude * driven.analytic(1 / s.tau);

  core::out("\npath %s (%s): worst deviation from H over %ld responses: gain %.2e, phase %.2e deg\n",
            name.c_str(), path == ep::DrivenPath::input ? "free dynamics" : "nudged dynamics",
            worst.compared, worst.gain, worst.phase / degree);
  core::out("  %-16s %-14s %-18s %s\n", "signal", "gain at wt=1", "lag at wt=1 [deg]",
            "low-frequency delay [tau]");
  for (std::size_t p = 0; p < response.signals.size(); ++p) {
    const auto k = static_cast<Index>(p);
    Curves c{"spectra/ep/" + name + "/" + response.signals[p], response.measured[p],
             response.analytic[p], {}, at_one(k)};
    for (auto* h : {&c.measured, &c.analytic}) {
      for (Complex& z : *h) z *= per_amplitude;
    }
    c.curve = tabulate(s.curve, [&](double w) { return per_amplitude * driven.analytic(w)(k); });
    write_curves(file, s, c);
    const double lag = std::abs(at_one(k)) > 0 ? degrees_of_lag(at_one(k)) : NAN;
    file.set_attribute(c.group, "lag_at_omega_tau_1_deg", lag);
    file.set_attribute(c.group, "low_frequency_delay", delay(k));
    file.set_attribute(c.group, "amplitude", s.amplitude);
    core::out("  %-16s %-14.4g %-18.2f %.3f\n", response.signals[p].c_str(), std::abs(at_one(k)),
              lag, delay(k) / s.tau);
  }
  const Eigen::VectorXcd rates = driven.linearisation().rates();
  std::vector<double> real(rates.size()), imag(rates.size()), constants;
  for (Index i = 0; i < rates.size(); ++i) {
    real[static_cast<std::size_t>(i)] = rates(i).real();
    imag[static_cast<std::size_t>(i)] = rates(i).imag();
    constants.push_back(-1 / rates(i).real());
  }
  std::sort(constants.rbegin(), constants.rend());
  const std::string group = "ep/" + name;
  file.write(group + "/rates_real", real, core::units::per_time);
  file.write(group + "/rates_imag", imag, core::units::rad_per_time);
  file.write(group + "/time_constants", constants, core::units::time);
  const VectorD& fixed = driven.fixed_point();
  file.write(group + "/fixed_point", std::vector<double>(fixed.data(), fixed.data() + fixed.size()),
             core::units::one);
  const VectorD& slopes = driven.linearisation().slopes;
  file.write(group + "/slopes", std::vector<double>(slopes.data(), slopes.data() + slopes.size()),
             core::units::one);
  const long passing = static_cast<long>(slopes.sum());
  core::out("  %ld of %ld units pass signals (D = 1); time constants -1/Re(lambda): slowest %.3f, "
            "second %.3f, fastest %.3f [tau]\n",
            passing, static_cast<long>(slopes.size()), constants.front() / s.tau,
            constants.size() > 1 ? constants[1] / s.tau : NAN, constants.back() / s.tau);
  return worst;
}

// GLE forward neurons D⁺_{τr} I⁻_{τ} in a chain as deep as the EP network.
Curves gle_chain(const Settings& s, Index depth, double tau_r, std::size_t k) {
  std::vector<neurons::ProspectiveUnit> units;
  for (Index l = 1; l <= depth; ++l) {
    auto unit = neurons::forward_neuron(s.tau, tau_r);
    unit.membrane = "u" + std::to_string(l);
    unit.readout = "r" + std::to_string(l);
    units.push_back(unit);
  }
  neurons::ProspectiveChain chain(units);
  const auto analytic = [&](double w) {
    return std::pow(core::gle_neuron(w, s.tau, tau_r), static_cast<double>(depth));
  };
  return {"spectra/gle/tau_r_" + std::to_string(k),
          measure_response(chain, {{"r" + std::to_string(depth), "input"}}, s.omegas, s.sweep)[0],
          tabulate(s.omegas, analytic), tabulate(s.curve, analytic), analytic(1 / s.tau)};
}

Curves shunting_compartment(const Settings& s, double inhibition, std::size_t k) {
  shunting::Compartment compartment;
  compartment.inhibition = inhibition;
  compartment.tau = s.tau;
  auto tree = shunting::driven_compartment(compartment);
  const auto analytic = [&](double w) { return tree->transfer_of(1, w); };
  return {"spectra/shunting/inhibition_" + std::to_string(k),
          measure_response(*tree, {{"level1/V", "input"}}, s.omegas, s.sweep)[0],
          tabulate(s.omegas, analytic), tabulate(s.curve, analytic), analytic(1 / s.tau)};
}

double worst_phase(const Curves& c) {
  double worst = 0;
  for (std::size_t i = 0; i < c.measured.size(); ++i) {
    worst = std::max(worst, std::abs(std::arg(c.measured[i] / c.analytic[i])));
  }
  return worst;
}

}  // namespace

std::string EpPhaseTask::summary() const {
  return "gain and phase of an EP network's layers (input and teaching paths) vs its linearisation, "
         "beside GLE neurons and shunting compartments";
}

core::OptionTable EpPhaseTask::options() const {
  const core::OptionTable ep_options = ep::options(), ep_task = EpTask().options();
  core::OptionTable t;
  for (const auto& key : kArchitectureKeys) t.add(ep_options.entry(key));
  t.add(ep_options.entry("network.tau"))
      .add({"beta", "0.1", "nudging strength of the target path", "1", "> 0"})
      .add({"network.file", "", "an ep run file whose parameters to analyse (empty: initialise as an "
                                "ep run of this seed starts)", "none", "'' | text"})
      .add({"network.parameters", "kept", "kept (the run's best validation epoch) or final (its "
                                          "last epoch)", "none", core::choices(kSavedParametersNames)});
  for (const auto& key : kDataKeys) t.add(ep_task.entry(key));
  t.add({"input.image", "0", "the test image around which the network is driven", "none", "whole >= 0"})
      .add({"drive.paths", "input,target",
            "input: modulate the input (free dynamics); target: modulate the target (nudged)", "none",
            "list of text"})
      .add({"drive.direction", "image", "the input's modulation: image (its contrast) or uniform "
                                        "(every pixel alike)", "none", "image | uniform"})
      .add({"drive.amplitude", "1e-4", "amplitude of the modulation per pixel (image: of its "
                                       "value) or of the target", "1", "> 0"})
      .add({"integrator.dt", "0.02", "RK4 step of every simulation", "time", "> 0"})
      .add({"sweep.transient", "30", "discarded before each fit, in slowest time constants", "1", ">= 0"})
      .add({"sweep.periods", "2", "drive periods fitted after the transient", "periods", ">= 1"})
      .add({"sweep.omega_tau_min", "0.1", "lowest drive frequency, as omega tau", "1", "> 0"})
      .add({"sweep.omega_tau_max", "10", "highest drive frequency, as omega tau", "1", "> 0"})
      .add({"sweep.points", "9", "log-spaced drive frequencies", "frequencies", "whole >= 1"})
      .add({"curve.points", "200", "points of the analytic curves", "points", "whole >= 1"})
      .add({"compare.gle_tau_r", "1,0", "GLE chains as deep as the network, one per tau_r in units "
                                        "of tau (empty: none)", "1", "'' | list of >= 0"})
      .add({"compare.inhibition", "0,4", "shunting compartments, one per inhibitory conductance "
                                         "(empty: none)", "g_leak", "'' | list of >= 0"})
      .add({"summary.phase_tolerance", "0.1", "largest phase deviation from H that passes", "deg", "> 0"})
      .add({"summary.gain_tolerance", "0.001", "largest relative gain deviation from H that passes", "1", "> 0"});
  t.used_only_when(kArchitectureKeys, "network.file = ''")
      .used_only_when({"network.parameters"}, "network.file != ''");
  return t;
}

void EpPhaseTask::run(const runs::RunContext& context) const {
  const auto& o = context.options;
  const Settings s = parse(o);
  const auto [network, epochs_trained] = network_of(o, context.seed);
  const auto [input, target] = image_and_label(o);
  if (input.rows() != network.architecture().width(0) ||
      target.rows() != network.architecture().width(network.depth())) {
    fail("ep_phase: the images have ", input.rows(), " pixels and ", target.rows(),
         " classes, the network ", network.architecture().width(0), " inputs and ",
         network.architecture().width(network.depth()), " outputs");
  }
  core::H5Writer file = runs::open_run_file(context, name());
  runs::describe_run(file, "ep", {.scheme = "ode", .stepper = integrators::StepperKind::rk4, .dt = s.sweep.dt});
  file.set_attribute("/", "variant", core::name_of(ep::kVariantNames, network.architecture().variant));
  file.set_attribute("/", "epochs_trained", static_cast<double>(epochs_trained));

  const auto frequencies = static_cast<std::int64_t>(s.omegas.size());
  core::Progress progress("ep_phase",
                          frequencies * static_cast<std::int64_t>(s.paths.size() + s.gle_tau_r.size() +
                                                                   s.inhibition.size()),
                          context.progress);
  std::int64_t done = 0;
  const auto ran = [&] { progress.update(done += frequencies); };
  core::out("ep_phase: %s, widths", core::name_of(ep::kVariantNames, network.architecture().variant).c_str());
  for (const Index w : network.architecture().widths) core::out(" %ld", static_cast<long>(w));
  core::out(", tau %g, test image %s; %zu frequencies, omega tau %g..%g\n", s.tau,
            o.text("input.image").c_str(), s.omegas.size(), s.omegas.front() * s.tau,
            s.omegas.back() * s.tau);
  Agreement worst;
  try {
    for (const auto path : s.paths) {
      const VectorD modulation = direction(o, path, input, target, s.amplitude);
      const Agreement a = measure_ep(s, network, path, input, target, modulation, file);
      worst.gain = std::max(worst.gain, a.gain);
      worst.phase = std::max(worst.phase, a.phase);
      ran();
    }
    core::out("\ncomparison on the same time axis (tau %g): output lag at omega tau = 1 [deg]\n", s.tau);
    for (std::size_t k = 0; k < s.gle_tau_r.size(); ++k) {
      const Curves c = gle_chain(s, network.depth(), s.gle_tau_r[k], k);
      write_curves(file, s, c);
      file.set_attribute(c.group, "tau_r", s.gle_tau_r[k]);
      file.set_attribute(c.group, "depth", static_cast<double>(network.depth()));
      core::out("  GLE chain of %ld neurons, tau_r %-6g %7.2f   (worst deviation %.1e deg)\n",
                static_cast<long>(network.depth()), s.gle_tau_r[k], degrees_of_lag(c.at_one),
                worst_phase(c) / degree);
      ran();
    }
    for (std::size_t k = 0; k < s.inhibition.size(); ++k) {
      const Curves c = shunting_compartment(s, s.inhibition[k], k);
      write_curves(file, s, c);
      file.set_attribute(c.group, "inhibition", s.inhibition[k]);
      core::out("  shunting compartment, inhibition %-4g %7.2f   (worst deviation %.1e deg)\n",
                s.inhibition[k], degrees_of_lag(c.at_one), worst_phase(c) / degree);
      ran();
    }
  } catch (const core::Diverged& divergence) {
    runs::mark_diverged(file, divergence);
    throw;
  }
  progress.finish();
  const bool within = worst.gain <= s.gain_tolerance && worst.phase <= s.phase_tolerance;
  core::out("\nEP against its linearisation: worst gain deviation %.2e, phase %.2e deg: %s "
            "(%.1f s)\n", worst.gain, worst.phase / degree,
            within ? "within tolerance" : "OUTSIDE tolerance", progress.seconds_elapsed());
  file.write("summary/worst_gain_deviation", {worst.gain}, core::units::one);
  file.write("summary/worst_phase_deviation_deg", {worst.phase / degree}, core::units::deg);
  const bool verdict = within;
  file.write("summary/within_tolerance", {1}, &verdict);
  file.close();
  core::out("wrote %s\n", file.path().c_str());
}

}  // namespace prospect::tasks
