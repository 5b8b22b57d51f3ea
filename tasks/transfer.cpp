#include "tasks/transfer.h"

#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <numbers>
#include <tuple>
#include <utility>

#include "core/divergence.h"
#include "core/error.h"
#include "core/grid.h"
#include "core/output.h"
#include "core/progress.h"
#include "core/transfer_function.h"
#include "models/neurons/adaptation_neuron.h"
#include "models/neurons/prospective_chain.h"
#include "models/shunting/driven_tree.h"
#include "runs/run_file.h"
#include "tasks/frequency_response.h"

namespace prospect::tasks {
namespace {

using core::Complex;
using neurons::ProspectiveUnit;
using Responses = std::vector<Complex>;
constexpr double degree = std::numbers::pi / 180;

struct Settings {
  SweepSettings sweep;
  double operator_tau, tau_m, tau_r;
  std::vector<double> omega_tau;  // Fig. 3 sweep, in units of 1/τ
  double ratio_min, ratio_max, ratio_omega_tau_m;
  std::vector<double> ratios;  // Fig. 11: τr/τm at the centres of equal bins
  core::AdaptationNeuron u_adaptation, i_adaptation;
  std::vector<double> adaptation_omegas;
  Index curve_points;
  double phase_tolerance, gain_tolerance;  // [rad], relative
  // A shunting compartment under several inhibitory conductances.
  std::vector<double> inhibition;  // I at the operating point
  double excitation, amplitude, coupling, compartment_tau;
  std::vector<double> shunting_omega_tau;
};

// A membrane time constant: > 0 and >= dt, else an error naming the key.
double membrane_tau(const core::Options& o, const std::string& key, double dt) {
  const double tau = o.positive(key);
  if (tau < dt)
    core::fail_value(key, o.text(key), "a membrane time constant must be >= integrator.dt = " + o.text("integrator.dt"));
  return tau;
}

// [low, high] from two keys; an error naming them unless high > low.
std::pair<double, double> bounds(const core::Options& o, const std::string& low_key,
                                 const std::string& high_key) {
  const double low = o.real(low_key), high = o.real(high_key);
  if (!(high > low)) {
    core::fail_value(high_key, o.text(high_key), "expected > " + low_key + " = " + o.text(low_key));
  }
  return {low, high};
}

// γ of an adaptation neuron: a number, or "fig12" for the value of Fig. 12.
double coupling(const core::Options& o, const std::string& key, double fig12_value) {
  return o.text(key) == "fig12" ? fig12_value : o.real(key);
}

Settings parse(const core::Options& o) {
  Settings s;
  s.sweep.stepper = core::parse(integrators::kStepperNames, "integrator.stepper", o.text("integrator.stepper"));
  s.sweep.dt = o.positive("integrator.dt");
  s.sweep.transient = o.non_negative("sweep.transient");
  s.sweep.periods = o.positive("sweep.periods");  // >= 1: the table's range
  const double dt = s.sweep.dt;
  s.operator_tau = membrane_tau(o, "operators.tau", dt);
  s.tau_m = membrane_tau(o, "neurons.tau_m", dt);
  s.tau_r = membrane_tau(o, "neurons.tau_r", dt);
  o.positive("sweep.omega_tau_min");  // a log-spaced sweep needs it > 0
  const auto [low, high] = bounds(o, "sweep.omega_tau_min", "sweep.omega_tau_max");
  s.omega_tau = core::logspace(low, high, o.positive_integer("sweep.points"));

  std::tie(s.ratio_min, s.ratio_max) = bounds(o, "tau_ratio.min", "tau_ratio.max");
  const long bins = o.positive_integer("tau_ratio.points");
  for (long k = 0; k < bins; ++k) {
    const double ratio = s.ratio_min + (static_cast<double>(k) + 0.5) *
                                           (s.ratio_max - s.ratio_min) / static_cast<double>(bins);
    // The error neuron's membrane has time constant |τr|.
    if (std::abs(ratio) * s.tau_m < dt) {
      core::fail_value("tau_ratio.points", o.text("tau_ratio.points"),
                       "point " + std::to_string(k) +
                           " has |tau_r| = " + std::to_string(std::abs(ratio) * s.tau_m) +
                           " < dt: the error neuron's membrane cannot be integrated (choose an "
                           "even number of points or another range)");
    }
    s.ratios.push_back(ratio);
  }
  s.ratio_omega_tau_m = o.positive("tau_ratio.omega_tau_m");

  const double tau_m = membrane_tau(o, "adaptation.tau_m", dt);
  const double tau_w = membrane_tau(o, "adaptation.tau_w", dt);
  s.u_adaptation = {tau_m, tau_w, coupling(o, "adaptation.gamma_u", 10 * tau_m / tau_w)};
  s.i_adaptation = {tau_m, tau_w,
                    coupling(o, "adaptation.gamma_i", (tau_m + 0.9 * tau_w) / (tau_m + tau_w))};
  o.positive("adaptation.omega_min");  // drive frequencies are > 0
  const auto [omega_min, omega_max] = bounds(o, "adaptation.omega_min", "adaptation.omega_max");
  s.adaptation_omegas =
      core::linspace(omega_min, omega_max, o.positive_integer("adaptation.points"));

  for (const double inhibition : o.reals("shunting.inhibition")) {
    if (!(inhibition >= 0)) {
      core::fail_value("shunting.inhibition", o.text("shunting.inhibition"),
                       "inhibitory conductances must be >= 0");
    }
    s.inhibition.push_back(inhibition);
  }
  s.excitation = o.positive("shunting.excitation");
  s.amplitude = o.positive("shunting.amplitude");
  s.coupling = o.positive("shunting.coupling");
  s.compartment_tau = membrane_tau(o, "shunting.tau", dt);
  o.positive("shunting.omega_tau_min");
  const auto [shunting_low, shunting_high] =
      bounds(o, "shunting.omega_tau_min", "shunting.omega_tau_max");
  s.shunting_omega_tau =
      core::logspace(shunting_low, shunting_high, o.positive_integer("shunting.points"));

  s.curve_points = o.positive_integer("curve.points");
  s.phase_tolerance = o.positive("summary.phase_tolerance") * degree;
  s.gain_tolerance = o.positive("summary.gain_tolerance");
  return s;
}

// A measured element: the transfer from one signal of a simulated model to another.
struct Element {
  std::string name;     // its group under /spectra or /tau_ratio
  std::string formula;  // the operator it realises
  SignalPair pair;
  std::function<Complex(double omega)> analytic;
  std::function<double(double omega)> first_order_phase;  // adaptation neurons only
  std::vector<std::pair<std::string, double>> attributes = {};  // written beside the spectra
};

// Frequencies of a sweep: measured, and a dense grid for the analytic curves.
struct Axis {
  std::vector<double> omegas, curve;
  double tau;  // frequencies are shown as ωτ; 0: as ω
};

// One model driven at each frequency of an axis; several elements read off the same runs.
struct Sweep {
  std::string figure;
  std::unique_ptr<integrators::DrivenModel> model;
  TimeDirection direction;
  Axis axis;
  std::vector<Element> elements;
};

// The frequencies ωτ = omega_tau of an element with time constant tau.
Axis log_axis(const std::vector<double>& omega_tau, double tau, Index curve_points) {
  Axis axis{omega_tau, {}, tau};
  for (double& w : axis.omegas) w /= tau;
  axis.curve = core::logspace(axis.omegas.front(), axis.omegas.back(), curve_points);
  return axis;
}

std::unique_ptr<neurons::ProspectiveChain> chain(std::vector<ProspectiveUnit> units) {
  return std::make_unique<neurons::ProspectiveChain>(std::move(units));
}

std::vector<Sweep> fig3_and_fig12(const Settings& s) {
  using neurons::AdaptationCurrentNeuron, neurons::AdaptationKind;
  const auto forward = TimeDirection::forward, backward = TimeDirection::backward;
  const double tau = s.operator_tau, tau_m = s.tau_m, tau_r = s.tau_r;
  const Axis operators = log_axis(s.omega_tau, tau, s.curve_points);
  const Axis neurons = log_axis(s.omega_tau, tau_m, s.curve_points);
  const Axis adaptation{s.adaptation_omegas,
                        core::linspace(0, s.adaptation_omegas.back(), s.curve_points), 0};
  const auto one = [](double) { return Complex(1); };

  std::vector<Sweep> sweeps;
  sweeps.push_back({"3b-c", chain({{tau, tau, "y", "z"}}), forward, operators, {}});
  sweeps.back().elements = {
      {"retrospective", "I-_tau", {"y", "input"},
       [=](double w) { return core::retrospective(w, tau); }, {}},
      {"prospective", "D+_tau", {"z", "y"}, [=](double w) { return core::prospective(w, tau); }, {}},
      {"latent_equilibrium", "D+_tau I-_tau", {"z", "input"}, one, {}}};
  // Run backward in time, the same unit realises the anti-causal operators.
  sweeps.push_back({"3b-c", chain({{tau, tau, "y", "z"}}), backward, operators, {}});
  sweeps.back().elements = {
      {"discounted_future", "I+_tau", {"y", "input"},
       [=](double w) { return core::discounted_future(w, tau); }, {}},
      {"lookback", "D-_tau", {"z", "y"}, [=](double w) { return core::lookback(w, tau); }, {}}};

  // The error neuron driven by the forward neuron's rate.
  sweeps.push_back(
      {"3d-e", chain({neurons::forward_neuron(tau_m, tau_r), neurons::error_neuron(tau_m, tau_r)}),
       forward, neurons, {}});
  sweeps.back().elements = {
      {"forward_neuron", "D+_tau_r I-_tau_m", {"r", "input"},
       [=](double w) { return core::gle_neuron(w, tau_m, tau_r); }, {}},
      {"error_neuron", "D+_tau_m I-_tau_r", {"e", "r"},
       [=](double w) { return core::gle_error_neuron(w, tau_m, tau_r); }, {}},
      {"forward_error", "D+_tau_m I-_tau_r D+_tau_r I-_tau_m", {"e", "input"}, one, {}}};
  // The exact adjoint I⁺_{τm} D⁻_{τr} is the forward neuron's unit run backward in time.
  sweeps.push_back({"3d-e", chain({{tau_m, tau_r, "mu", "lambda"}}), backward, neurons, {}});
  sweeps.back().elements = {{"adjoint", "I+_tau_m D-_tau_r", {"lambda", "input"},
                             [=](double w) { return core::gle_adjoint(w, tau_m, tau_r); }, {}}};

  const auto u = s.u_adaptation, i = s.i_adaptation;
  sweeps.push_back({"12", std::make_unique<AdaptationCurrentNeuron>(AdaptationKind::membrane, u),
                    forward, adaptation, {}});
  sweeps.back().elements = {{"u_adaptation", "(1+iw tau_w)/((1+iw tau_w)(1+iw tau_m)+gamma_u)",
                             {"u", "input"}, [=](double w) { return core::u_adaptation(w, u); },
                             [=](double w) { return core::u_adaptation_phase_first_order(w, u); }}};
  sweeps.push_back({"12", std::make_unique<AdaptationCurrentNeuron>(AdaptationKind::input, i),
                    forward, adaptation, {}});
  sweeps.back().elements = {{"i_adaptation", "(1-gamma_I+iw tau_w)/((1+iw tau_w)(1+iw tau_m))",
                             {"u", "input"}, [=](double w) { return core::i_adaptation(w, i); },
                             [=](double w) { return core::i_adaptation_phase_first_order(w, i); }}};
  return sweeps;
}

// A shunting compartment (a leaf with one excitatory and one inhibitory
// synapse, under a soma) on the continuous-time scheme: the excitatory input
// is modulated by the drive, the inhibitory conductance held at each value of
// shunting.inhibition. Compared with the tree's linearised H (DrivenTree).
std::vector<Sweep> shunting_sweeps(const Settings& s) {
  std::vector<Sweep> sweeps;
  for (std::size_t k = 0; k < s.inhibition.size(); ++k) {
    auto tree = shunting::driven_compartment(
        {s.excitation, s.inhibition[k], s.amplitude, s.coupling, s.compartment_tau});
    const shunting::DrivenTree* model = tree.get();
    const double total = model->steady_state()[0].total_conductance(0);
    Sweep sweep{"shunting", std::move(tree), TimeDirection::forward,
                log_axis(s.shunting_omega_tau, s.compartment_tau, s.curve_points), {}};
    char formula[96];
    std::snprintf(formula, sizeof formula, "(dE(1-V)-dI V)/(g_tot+iw tau), I = %g, g_tot = %g",
                  s.inhibition[k], total);
    const std::vector<std::pair<std::string, double>> attributes{
        {"inhibition", s.inhibition[k]}, {"total_conductance", total},
        {"effective_tau", s.compartment_tau / total}};
    const std::string suffix = "_" + std::to_string(k);
    sweep.elements = {
        {"shunting_leaf" + suffix, formula, {"level0/V", "input"},
         [model](double w) { return model->transfer_of(0, w); }, {}, attributes},
        {"shunting_soma" + suffix, "soma through the gated leaf", {"level1/V", "input"},
         [model](double w) { return model->transfer_of(1, w); }, {}, attributes}};
    sweeps.push_back(std::move(sweep));
  }
  return sweeps;
}

// How an element of Fig. 11 is simulated at a given τr.
struct Realisation {
  std::vector<ProspectiveUnit> units;
  TimeDirection direction;
};

struct RatioElement {
  std::string name, formula;
  SignalPair pair;
  std::function<Realisation(double tau_m, double tau_r)> realise;
  std::function<Complex(double omega, double tau_m, double tau_r)> analytic;
};

std::vector<RatioElement> fig11_elements() {
  return {
      {"forward_neuron",
       "D+_tau_r I-_tau_m",
       {"r", "input"},
       [](double tau_m, double tau_r) {
         return Realisation{{neurons::forward_neuron(tau_m, tau_r)}, TimeDirection::forward};
       },
       core::gle_neuron},
      // For τr < 0 the membrane I⁻_{τr} = I⁺_{|τr|} is anti-causal: integrated
      // backward in time, where D⁺_{τm} reads out with -τm.
      {"error_neuron",
       "D+_tau_m I-_tau_r",
       {"e", "input"},
       [](double tau_m, double tau_r) {
         return tau_r > 0
                    ? Realisation{{neurons::error_neuron(tau_m, tau_r)}, TimeDirection::forward}
                    : Realisation{{{-tau_r, -tau_m, "v", "e"}}, TimeDirection::backward};
       },
       core::gle_error_neuron},
      {"adjoint",
       "I+_tau_m D-_tau_r",
       {"lambda", "input"},
       [](double tau_m, double tau_r) {
         return Realisation{{{tau_m, tau_r, "mu", "lambda"}}, TimeDirection::backward};
       },
       core::gle_adjoint},
  };
}

struct Deviation {
  double phase = 0;  // worst |arg(H / H_analytic)| [rad]
  double gain = 0;   // worst ||H / H_analytic| - 1|
};

Deviation worst_deviation(const Responses& measured, const Responses& analytic) {
  Deviation worst;
  for (std::size_t k = 0; k < measured.size(); ++k) {
    const Complex ratio = measured[k] / analytic[k];
    worst.phase = std::max(worst.phase, std::abs(std::arg(ratio)));
    worst.gain = std::max(worst.gain, std::abs(std::abs(ratio) - 1));
  }
  return worst;
}

// f at every point of x.
template <typename F>
auto tabulate(const std::vector<double>& x, F&& f) {
  std::vector<decltype(f(0.0))> values;
  for (const double v : x) values.push_back(f(v));
  return values;
}

// Attributes saying what a group compares and how far it is from analytic.
void describe(core::H5Writer& file, const std::string& group, const std::string& figure,
              const std::string& formula, const SignalPair& pair, const Deviation& worst) {
  file.set_attribute(group, "method", std::string("lock-in"));
  file.set_attribute(group, "figure", figure);
  file.set_attribute(group, "operator", formula);
  file.set_attribute(group, "signal", pair.signal);
  file.set_attribute(group, "reference", pair.reference);
  file.set_attribute(group, "worst_phase_deviation_deg", worst.phase / degree);
  file.set_attribute(group, "worst_gain_deviation", worst.gain);
}

struct SummaryRow {
  std::string name, figure, range;
  std::size_t points;
  Deviation worst;
};

std::string range_text(const char* axis, double low, double high) {
  char text[64];
  std::snprintf(text, sizeof text, "%s %g..%g", axis, low, high);
  return text;
}

// Measures one sweep (one run per drive frequency) and writes each element's
// measured and analytic responses; a summary row per element.
void measure_sweep(const Settings& s, Sweep& sweep, core::H5Writer& file, std::vector<SummaryRow>& rows) {
  SweepSettings settings = s.sweep;
  settings.direction = sweep.direction;
  std::vector<SignalPair> pairs;
  for (const auto& e : sweep.elements) pairs.push_back(e.pair);
  const auto measured = measure_response(*sweep.model, pairs, sweep.axis.omegas, settings);
  for (std::size_t p = 0; p < sweep.elements.size(); ++p) {
    const Element& e = sweep.elements[p];
    const std::string group = "spectra/" + e.name;
    const Responses analytic = tabulate(sweep.axis.omegas, e.analytic);
    file.write(group + "/omega", sweep.axis.omegas, core::units::rad_per_time);
    write_gain_phase(file, group, "", measured[p]);
    write_gain_phase(file, group, "analytic_", analytic);
    file.write(group + "/curve/omega", sweep.axis.curve, core::units::rad_per_time);
    write_gain_phase(file, group + "/curve", "", tabulate(sweep.axis.curve, e.analytic));
    if (e.first_order_phase) {
      file.write(group + "/first_order_phase", tabulate(sweep.axis.omegas, e.first_order_phase), core::units::rad);
      file.write(group + "/curve/first_order_phase",
                 tabulate(sweep.axis.curve, e.first_order_phase), core::units::rad);
    }
    const Deviation worst = worst_deviation(measured[p], analytic);
    describe(file, group, sweep.figure, e.formula, e.pair, worst);
    file.set_attribute(group, "direction", core::name_of(tasks::kTimeDirectionNames, sweep.direction));
    for (const auto& [name, value] : e.attributes) file.set_attribute(group, name, value);
    if (sweep.axis.tau > 0) file.set_attribute(group, "tau", sweep.axis.tau);
    const double scale = sweep.axis.tau > 0 ? sweep.axis.tau : 1;
    rows.push_back({e.name, sweep.figure,
                    range_text(sweep.axis.tau > 0 ? "omega tau" : "omega",
                               sweep.axis.omegas.front() * scale, sweep.axis.omegas.back() * scale),
                    sweep.axis.omegas.size(), worst});
  }
}

// Fig. 11 for one element: one run per τr, at ω = ωτm / τm; ran() after each.
SummaryRow measure_ratios(const Settings& s, const RatioElement& e, core::H5Writer& file,
                          const std::function<void()>& ran) {
  const double omega = s.ratio_omega_tau_m / s.tau_m;
  Responses measured, analytic;
  for (const double ratio : s.ratios) {
    const double tau_r = ratio * s.tau_m;
    const Realisation how = e.realise(s.tau_m, tau_r);
    neurons::ProspectiveChain model(how.units);
    SweepSettings settings = s.sweep;
    settings.direction = how.direction;
    measured.push_back(measure_response(model, {e.pair}, {omega}, settings)[0][0]);
    analytic.push_back(e.analytic(omega, s.tau_m, tau_r));
    ran();
  }
  const std::string group = "tau_ratio/" + e.name;
  file.write(group + "/tau_ratio", s.ratios, core::units::one);
  write_gain_phase(file, group, "", measured);
  write_gain_phase(file, group, "analytic_", analytic);
  const auto curve = core::linspace(s.ratio_min, s.ratio_max, s.curve_points);
  file.write(group + "/curve/tau_ratio", curve, core::units::one);
  write_gain_phase(file, group + "/curve", "", tabulate(curve, [&](double ratio) {
                     return e.analytic(omega, s.tau_m, ratio * s.tau_m);
                   }));
  const Deviation worst = worst_deviation(measured, analytic);
  describe(file, group, "11", e.formula, e.pair, worst);
  file.set_attribute(group, "omega_tau_m", s.ratio_omega_tau_m);
  file.set_attribute(group, "tau_m", s.tau_m);
  return {e.name, "11", range_text("tau_r/tau_m", s.ratios.front(), s.ratios.back()), s.ratios.size(), worst};
}

// The table of elements on stdout; whether every one is within tolerance.
bool print_rows(const Settings& s, const std::vector<SummaryRow>& rows) {
  core::out("%-19s %-5s %-6s %-25s %-17s %-15s %s\n", "element", "fig", "points", "range",
            "max |dphase| deg", "max |dgain| %", "verdict");
  bool all_within = true;
  for (const auto& row : rows) {
    const bool within = row.worst.phase <= s.phase_tolerance && row.worst.gain <= s.gain_tolerance;
    all_within = all_within && within;
    core::out("%-19s %-5s %-6zu %-25s %-17.2e %-15.2e %s\n", row.name.c_str(), row.figure.c_str(),
              row.points, row.range.c_str(), row.worst.phase / degree, 100 * row.worst.gain,
              within ? "within tolerance" : "OUTSIDE tolerance");
  }
  return all_within;
}

}  // namespace

std::string TransferTask::summary() const {
  return "gain and phase of operators and neurons on the ODE layer vs analytic H (GLE paper Figs. "
         "3, 11, 12)";
}

core::OptionTable TransferTask::options() const {
  core::OptionTable t;
  t.add({"integrator.stepper", "rk4", "stepper of every simulation", "none", core::choices(integrators::kStepperNames)})
      .add({"integrator.dt", "0.005", "integration step", "time", "> 0"})
      .add({"sweep.transient", "30", "discarded before each fit, in settling times of the model", "settling times", ">= 0"})
      .add({"sweep.periods", "2", "drive periods fitted after the transient (>= 1)", "1", ">= 1"})
      .add({"sweep.omega_tau_min", "0.05", "lowest drive frequency of Fig. 3, as omega tau", "rad", "> 0"})
      .add({"sweep.omega_tau_max", "20", "highest drive frequency of Fig. 3, as omega tau", "rad", "> 0"})
      .add({"sweep.points", "40", "log-spaced drive frequencies of Fig. 3", "1", "whole >= 1"})
      .add({"operators.tau", "1", "shared time constant of the operators, Fig. 3b-c", "time", "> 0"})
      .add({"neurons.tau_m", "1", "membrane time constant of the neurons, Figs. 3d-e and 11", "time", "> 0"})
      .add({"neurons.tau_r", "0.1", "prospective time constant of the neurons, Fig. 3d-e", "time", "> 0"})
      .add({"tau_ratio.min", "-1", "Fig. 11: lowest tau_r/tau_m", "1", "number"})
      .add({"tau_ratio.max", "2", "Fig. 11: highest tau_r/tau_m", "1", "number"})
      .add({"tau_ratio.points", "30", "Fig. 11: measured at the centres of this many equal bins", "1", "whole >= 1"})
      .add({"tau_ratio.omega_tau_m", "1", "Fig. 11: drive frequency, as omega tau_m", "rad", "> 0"})
      .add({"adaptation.tau_m", "1", "Fig. 12: membrane time constant", "time", "> 0"})
      .add({"adaptation.tau_w", "0.9", "Fig. 12: adaptation time constant", "time", "> 0"})
      .add({"adaptation.gamma_u", "fig12", "Fig. 12: coupling of u into w; fig12: 10 tau_m/tau_w", "1", "fig12 | number"})
      .add({"adaptation.gamma_i", "fig12", "Fig. 12: coupling of I into w; fig12: (tau_m + 0.9 tau_w)/(tau_m + tau_w)", "1", "fig12 | number"})
      .add({"adaptation.omega_min", "0.1", "Fig. 12: lowest drive frequency", "rad/time", "> 0"})
      .add({"adaptation.omega_max", "4", "Fig. 12: highest drive frequency", "rad/time", "> 0"})
      .add({"adaptation.points", "40", "Fig. 12: evenly spaced drive frequencies", "1", "whole >= 1"})
      .add({"shunting.inhibition", "0, 1, 4, 16", "inhibitory conductances of the shunting compartment", "g_leak", "list of >= 0"})
      .add({"shunting.excitation", "1", "its excitatory conductance at the operating point", "g_leak", "> 0"})
      .add({"shunting.amplitude", "0.02", "drive amplitude, relative to the excitatory input (small: linear response)", "1", "> 0"})
      .add({"shunting.coupling", "2", "coupling conductance of the compartment to its soma", "g_leak", "> 0"})
      .add({"shunting.tau", "1", "compartment time constant", "time", "> 0"})
      .add({"shunting.omega_tau_min", "0.1", "lowest drive frequency, as omega tau", "rad", "> 0"})
      .add({"shunting.omega_tau_max", "20", "highest drive frequency, as omega tau", "rad", "> 0"})
      .add({"shunting.points", "20", "log-spaced drive frequencies", "1", "whole >= 1"})
      .add({"curve.points", "400", "points of the analytic curves written for the plots", "1", "whole >= 1"})
      .add({"summary.phase_tolerance", "0.5", "largest phase deviation from analytic that passes", "deg", "> 0"})
      .add({"summary.gain_tolerance", "0.01", "largest relative gain deviation from analytic that passes", "1", "> 0"});
  return t;
}

void TransferTask::run(const runs::RunContext& context) const {
  const Settings s = parse(context.options);
  auto sweeps = fig3_and_fig12(s);
  for (auto& sweep : shunting_sweeps(s)) sweeps.push_back(std::move(sweep));
  const auto ratio_elements = fig11_elements();

  core::H5Writer file = runs::open_run_file(context, name());
  runs::describe_run(file, "neurons", {.stepper = s.sweep.stepper, .dt = s.sweep.dt});

  // One run per drive frequency of a sweep, and per element and τr of Fig. 11.
  std::int64_t runs = static_cast<std::int64_t>(ratio_elements.size() * s.ratios.size());
  for (const auto& sweep : sweeps) runs += static_cast<std::int64_t>(sweep.axis.omegas.size());
  core::Progress progress("transfer", runs, context.progress);
  std::int64_t done = 0;
  std::vector<SummaryRow> rows;
  try {
    for (auto& sweep : sweeps) {
      measure_sweep(s, sweep, file, rows);
      done += static_cast<std::int64_t>(sweep.axis.omegas.size());
      progress.update(done);
    }
    for (const auto& e : ratio_elements) {
      rows.push_back(measure_ratios(s, e, file, [&] { progress.update(++done); }));
    }
  } catch (const core::Diverged& divergence) {
    runs::mark_diverged(file, divergence);  // with the sweeps measured before
    throw;
  }
  progress.finish();

  core::out("transfer: %zu elements, %lld runs (%s, dt %g) in %.2f s\n", rows.size(),
            static_cast<long long>(runs), core::name_of(integrators::kStepperNames, s.sweep.stepper).c_str(),
            s.sweep.dt, progress.seconds_elapsed());
  const bool verdict = print_rows(s, rows);
  file.write("summary/within_tolerance", {1}, &verdict);
  file.close();
  core::out("wrote %s\n", file.path().c_str());
}

}  // namespace prospect::tasks
