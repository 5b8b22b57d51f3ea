#include "models/shunting/network.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/divergence.h"
#include "core/error.h"

namespace prospect::shunting {

namespace {

// The mean of each of the first `batch` rows (samples) into out.head(batch),
// summed column after column so that memory is read in order.
template <typename Scalar>
void row_means(const Matrix<Scalar>& values, Index batch, Vector<double>& out) {
  auto mean = out.head(batch);
  mean = values.col(0).head(batch).template cast<double>();
  for (Index c = 1; c < values.cols(); ++c) mean += values.col(c).head(batch).template cast<double>();
  mean /= static_cast<double>(values.cols());
}

}  // namespace

template <typename Scalar>
Network<Scalar>::Network(Parameters<Scalar> parameters, NetworkSettings settings)
    : parameters_(std::move(parameters)), settings_(settings) {
  for (std::size_t g = 0; g < kParameterGroups.size(); ++g) {
    const double scale = settings_.rate_scales[g];
    if (!(scale > 0 && std::isfinite(scale))) {
      fail("relative learning rate of the ", kParameterGroups[g], " ", scale,
           ": expected a finite number > 0");
    }
  }
  const auto& spec = parameters_.spec();
  for (Index l = 0; l < spec.depth(); ++l) {
    auto& layer = levels_.emplace_back();
    for (const LevelShape& shape : spec.levels(l)) {
      layer.emplace_back(shape, spec.layer_inputs(l), spec.excitatory_synapses,
                         spec.inhibitory_synapses, spec.core);
    }
    last_rho_.resize(last_rho_.size() + layer.size(), 1.0);
  }
  last_phi_ = last_rho_;
  rule_state_ = Vector<Scalar>::Zero(FactorState::size * static_cast<Index>(last_rho_.size()));
  refresh(true);
  dynamics_ = std::make_unique<CompartmentDynamics<Scalar>>(levels_, parameters_);
  stepper_ = std::make_unique<integrators::Stepper<Scalar>>(settings_.continuous.stepper);
}

template <typename Scalar>
core::ParameterList<Scalar> Network<Scalar>::parameter_refs() {
  std::vector<ParameterGroup> groups;
  auto list = parameters_.all(&groups);
  // Synapse tensors come as preE, preI per level with synapses, in level order.
  std::vector<const std::vector<Index>*> supports;
  for (const auto& layer : levels_) {
    for (const auto& level : layer) {
      if (!level.shape().synapses) continue;
      supports.push_back(&level.excitatory().flat());
      supports.push_back(&level.inhibitory().flat());
    }
  }
  std::size_t next_support = 0;
  for (std::size_t k = 0; k < list.size(); ++k) {
    list[k].rate_scale = settings_.rate_scales[static_cast<std::size_t>(groups[k])];
    if (groups[k] == ParameterGroup::synapses) list[k].gradient_support = supports[next_support++];
  }
  return list;
}

template <typename Scalar>
std::vector<core::Probe<Scalar>> Network<Scalar>::probes() const {
  std::vector<core::Probe<Scalar>> probes;
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    for (std::size_t i = 0; i < levels_[l].size(); ++i) {
      const auto& level = levels_[l][i];
      const auto& s = level.signals();
      const std::string prefix =
          "layer" + std::to_string(l + 1) + "/level" + std::to_string(i) + "/";
      const auto add = [&](const std::string& name, const std::string& unit,
                           const Matrix<Scalar>* signal) {
        // Signals are samples × compartments; probes show compartments × samples.
        auto view = std::make_shared<Matrix<Scalar>>();
        probes.push_back({prefix + name, unit, [this, signal, view]() {
                            *view = signal->topRows(batch_).transpose();
                            return ConstMatrixMap<Scalar>(view->data(), view->rows(), view->cols());
                          }});
      };
      if (level.shape().synapses) {
        add("E", core::units::g_leak, &s.exc);
        add("I", core::units::g_leak, &s.inh);
      }
      if (level.shape().children > 0) add("C", core::units::g_leak, &s.current);
      add("V", core::units::e_exc, &s.voltage);
      if (level.core() == Core::shunting) add("R", core::units::per_g_leak, &s.resistance);
      add("a", core::units::one, &s.output);
    }
  }
  return probes;
}

template <typename Scalar>
void Network<Scalar>::refresh(bool from_scratch) {
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    for (std::size_t i = 0; i < levels_[l].size(); ++i) {
      levels_[l][i].refresh(parameters_.level(static_cast<Index>(l), static_cast<Index>(i)),
                            from_scratch);
    }
  }
}

template <typename Scalar>
void Network<Scalar>::parameters_changed() {
  refresh(false);
}

template <typename Scalar>
void Network<Scalar>::set_learning(Learning learning, RuleFactors factors) {
  settings_.learning = learning;
  settings_.rule.factors = factors;
}

template <typename Scalar>
void Network<Scalar>::reselect() {
  refresh(true);
}

template <typename Scalar>
void Network<Scalar>::reserve(Index batch) {
  if (batch <= reserved_) return;
  const auto& spec = parameters_.spec();
  input_.resize(batch, spec.inputs);
  logits_.resize(spec.classes, batch);
  probabilities_.resize(spec.classes, batch);
  soma_error_.resize(batch, spec.output_somata());
  mean_error_.resize(batch);
  mean_output_.resize(batch);
  level_mean_.resize(batch);
  for (auto& layer : levels_) {
    for (auto& level : layer) level.reserve(batch);
  }
  reserved_ = batch;
}

template <typename Scalar>
const Matrix<Scalar>& Network<Scalar>::layer_input(std::size_t layer) const {
  return layer == 0 ? input_ : levels_[layer - 1].back().signals().output;
}

template <typename Scalar>
void Network<Scalar>::load(const Matrix<Scalar>& input) {
  const auto& spec = parameters_.spec();
  if (input.rows() != spec.inputs) {
    fail("shunting network: input of ", input.rows(), " features; the network reads ",
         spec.inputs);
  }
  if (!input.allFinite()) fail("shunting network: the input contains non-finite values");
  batch_ = input.cols();
  reserve(batch_);
  // Transposed in tiles of 16 × 16, which read and write whole cache lines.
  constexpr Index tile = 16;
  for (Index j = 0; j < spec.inputs; j += tile) {
    for (Index s = 0; s < batch_; s += tile) {
      const Index features = std::min(tile, spec.inputs - j), samples = std::min(tile, batch_ - s);
      input_.block(s, j, samples, features) = input.block(j, s, features, samples).transpose();
    }
  }
}

template <typename Scalar>
void Network<Scalar>::solve_steady_state() {
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    auto& layer = levels_[l];
    for (std::size_t i = 0; i < layer.size(); ++i) {
      layer[i].forward(layer_input(l), i > 0 ? &layer[i - 1] : nullptr, batch_,
                       parameters_.level(static_cast<Index>(l), static_cast<Index>(i)));
    }
  }
}

template <typename Scalar>
integrators::Settled Network<Scalar>::relax_from_rest(const std::function<void(double)>& observer) {
  // One steady-state pass, cheap beside the hundreds of relaxation steps, tells
  // whether the state the relaxation heads for attracts at all.
  solve_steady_state();
  check_steady_state_attracts();
  const auto& c = settings_.continuous;
  dynamics_->set_input(input_, batch_, static_cast<Scalar>(c.tau));
  relaxed_.setZero(dynamics_->state_size());
  const auto settled = integrators::settle(
      *stepper_, *dynamics_, relaxed_, c.settling, "shunting network: relaxing the compartments",
      [&](const Vector<Scalar>& x, long step) {
        if (!observer) return;
        dynamics_->unpack(x);
        observer(static_cast<double>(step) * c.settling.dt);
      });
  dynamics_->unpack(relaxed_);
  for (auto& layer : levels_) {
    for (auto& level : layer) level.compute_resistance(batch_);
  }
  return settled;
}

template <typename Scalar>
void Network<Scalar>::read_out() {
  check_finite();
  const auto& decoder = parameters_.decoder();
  const auto h = levels_.back().back().signals().output.topRows(batch_);
  auto logits = logits_.leftCols(batch_);
  logits.noalias() = decoder.weights * h.transpose();
  logits.colwise() += decoder.bias;
}

template <typename Scalar>
void Network<Scalar>::forward(const Matrix<Scalar>& input) {
  load(input);
  if (settings_.scheme == Scheme::continuous) {
    relax_from_rest({});
  } else {
    solve_steady_state();
  }
  read_out();
}

template <typename Scalar>
integrators::Settled Network<Scalar>::relax(const Matrix<Scalar>& input,
                                            const std::function<void(double)>& observer) {
  load(input);
  const auto settled = relax_from_rest(observer);
  read_out();
  return settled;
}

template <typename Scalar>
void Network<Scalar>::check_finite() const {
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    for (std::size_t i = 0; i < levels_[l].size(); ++i) {
      const auto v = levels_[l][i].signals().voltage.topRows(batch_);
      // v · 0 sums to 0 unless some v is infinite or NaN (a vectorised test).
      if (std::isfinite((v.array() * Scalar(0)).sum())) continue;
      for (Index n = 0; n < v.cols(); ++n) {
        for (Index s = 0; s < batch_; ++s) {
          if (!std::isfinite(v(s, n))) {
            // A divergence (core/divergence.h): the training loop records it in the run file.
            std::ostringstream where;
            where << "shunting network: non-finite voltage V = " << v(s, n) << " in layer "
                  << l + 1 << ", level " << i << ", compartment " << n << ", sample " << s
                  << " (diverged parameters? lower the learning rates or clip the gradients)";
            throw core::Diverged(where.str());
          }
        }
      }
    }
  }
}

// A shunting compartment relaxes as τ dV/dt = −g V + drive with total
// conductance g = 1 + Σ couplings + E + I = 1/R: towards its steady state
// only if g > 0. Signed inputs can make E or I negative, and where g <= 0 the
// steady state repels, so the relaxation could only diverge.
template <typename Scalar>
void Network<Scalar>::check_steady_state_attracts() const {
  check_finite();
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    for (std::size_t i = 0; i < levels_[l].size(); ++i) {
      const auto& level = levels_[l][i];
      if (level.core() != Core::shunting) continue;
      const auto r = level.signals().resistance.topRows(batch_);
      if ((r.array() > 0).all()) continue;
      for (Index n = 0; n < r.cols(); ++n) {
        for (Index s = 0; s < batch_; ++s) {
          if (r(s, n) > 0) continue;
          fail("shunting network: the steady state of layer ", l + 1, ", level ", i,
               ", compartment ", n, ", sample ", s, " repels: its total conductance 1 + couplings + E + I is ",
               Scalar(1) / r(s, n),
               " (<= 0: signed inputs make E or I negative), so the continuous-time scheme cannot "
               "settle; give the tree non-negative inputs (synthetic tasks: data.channels = on_off)");
        }
      }
    }
  }
}

template <typename Scalar>
double Network<Scalar>::loss(const Matrix<Scalar>& target) {
  const auto& spec = parameters_.spec();
  if (target.rows() != spec.classes || target.cols() != batch_) {
    fail("shunting network: target of shape ", target.rows(), " x ", target.cols(),
         "; expected ", spec.classes, " x ", batch_, " (classes x batch)");
  }
  double total = 0;
  for (Index s = 0; s < batch_; ++s) {
    const auto z = logits_.col(s).array();
    const Scalar top = z.maxCoeff();
    auto p = probabilities_.col(s).array();
    p = (z - top).exp();
    const Scalar sum = p.sum();
    p /= sum;
    const double log_norm = static_cast<double>(top) + std::log(static_cast<double>(sum));
    for (Index c = 0; c < spec.classes; ++c) {
      if (target(c, s) != 0) total -= target(c, s) * (static_cast<double>(z(c)) - log_norm);
    }
  }
  return total / static_cast<double>(batch_);
}

template <typename Scalar>
void Network<Scalar>::decoder_error(const Matrix<Scalar>& target, DecoderUpdate update,
                                    Scalar clip) {
  auto& decoder = parameters_.decoder();
  auto delta = probabilities_.leftCols(batch_);
  delta -= target;  // δ_out = softmax − target, per sample
  soma_error_.topRows(batch_).noalias() = delta.transpose() * decoder.weights;
  if (update == DecoderUpdate::none) {
    decoder.grad_weights.setZero();
    decoder.grad_bias.setZero();
    return;
  }
  const Scalar inverse_batch = Scalar(1) / static_cast<Scalar>(batch_);
  const auto h = levels_.back().back().signals().output.topRows(batch_);
  decoder.grad_weights.noalias() = inverse_batch * (delta * h);
  decoder.grad_bias = inverse_batch * delta.rowwise().sum();
  if (clip > 0) {
    decoder.grad_weights = decoder.grad_weights.array().max(-clip).min(clip);
    decoder.grad_bias = decoder.grad_bias.array().max(-clip).min(clip);
  }
}

template <typename Scalar>
void Network<Scalar>::backward_exact(Scalar clip) {
  const Index batch = batch_;
  levels_.back().back().signals().output_error.topRows(batch) =
      soma_error_.topRows(batch) / static_cast<Scalar>(batch);
  const GradientForm form =
      parameters_.spec().core == Core::shunting ? GradientForm::conductance : GradientForm::additive;
  for (std::size_t l = levels_.size(); l-- > 0;) {
    auto& layer = levels_[l];
    if (l > 0) levels_[l - 1].back().signals().output_error.topRows(batch).setZero();
    for (std::size_t i = layer.size(); i-- > 0;) {
      auto& level = layer[i];
      auto& p = parameters_.level(static_cast<Index>(l), static_cast<Index>(i));
      TreeLevel<Scalar>* children = i > 0 ? &layer[i - 1] : nullptr;
      level.voltage_error(batch, SlopeConvention::exact);
      level.gate_gradients(level.signals().output_error, Scalar(0.5), batch, p, clip);
      level.parameter_gradients(form, layer_input(l), children, batch, p, clip);
      if (children) level.child_output_error(*children, batch);
      if (l > 0) level.add_input_error(levels_[l - 1].back().signals().output_error, batch);
    }
  }
}

template <typename Scalar>
void Network<Scalar>::local_rule(const LocalRuleSettings& rule, Scalar* state, Scalar clip) {
  const Index batch = batch_;
  const Index somata = parameters_.spec().output_somata();
  const auto delta = soma_error_.topRows(batch);
  // δ̄_s, or the largest-magnitude entry of δ_s where the mean vanishes (§5).
  for (Index s = 0; s < batch; ++s) {
    double mean = static_cast<double>(delta.row(s).sum()) / static_cast<double>(somata);
    if (std::abs(mean) <= 1e-6) {
      Index largest = 0;
      delta.row(s).cwiseAbs().maxCoeff(&largest);
      mean = static_cast<double>(delta(s, largest));
    }
    mean_error_(s) = mean;
  }
  row_means(levels_.back().back().signals().output, batch, mean_output_);
  if (rule.broadcast == Broadcast::exact) backward_exact(0);

  const bool additive_form =
      parameters_.spec().core == Core::additive && rule.form == RuleForm::automatic;
  std::size_t k = 0;
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    auto& layer = levels_[l];
    for (std::size_t i = 0; i < layer.size(); ++i, ++k) {
      auto& level = layer[i];
      auto& s = level.signals();
      auto& p = parameters_.level(static_cast<Index>(l), static_cast<Index>(i));
      auto e = s.output_error.topRows(batch);
      if (rule.broadcast == Broadcast::exact) {
        e *= static_cast<Scalar>(batch);
      } else if (rule.broadcast == Broadcast::per_soma && level.compartments() == somata) {
        e = delta;
      } else {
        for (Index n = 0; n < e.cols(); ++n) e.col(n) = mean_error_.head(batch).cast<Scalar>();
      }
      Scalar* factors = state + static_cast<Index>(k) * FactorState::size;
      row_means(s.voltage, batch, level_mean_);
      const double rho = rule.factors == RuleFactors::three
                             ? 1.0
                             : update_rho(rule, factors, level_mean_.head(batch),
                                          mean_output_.head(batch));
      const double phi =
          rule.factors == RuleFactors::five
              ? update_phi(rule, factors, s.voltage,
                           level.shape().children > 0 ? s.current : s.exc, batch)
              : 1.0;
      last_rho_[k] = rho;
      last_phi_[k] = phi;
      e *= static_cast<Scalar>(rho * phi / static_cast<double>(batch));  // e ρφ / B
      level.gate_gradients(s.output_error, Scalar(1), batch, p, clip);
      level.voltage_error(batch, rule.slope);
      if (!additive_form) level.compute_rule_resistance(batch);
      level.parameter_gradients(additive_form ? GradientForm::additive : GradientForm::conductance,
                                layer_input(l), i > 0 ? &layer[i - 1] : nullptr, batch, p, clip);
    }
  }
}

template <typename Scalar>
double Network<Scalar>::evaluate(const Matrix<Scalar>& input, const Matrix<Scalar>& target) {
  forward(input);
  return loss(target);
}

template <typename Scalar>
double Network<Scalar>::learn(const Matrix<Scalar>& input, const Matrix<Scalar>& target) {
  const auto clip = static_cast<Scalar>(settings_.clip);
  forward(input);
  const double value = loss(target);
  if (settings_.learning == Learning::backprop) {
    decoder_error(target, DecoderUpdate::local, clip);
    backward_exact(clip);
  } else {
    decoder_error(target, settings_.rule.decoder, clip);
    local_rule(settings_.rule, rule_state_.data(), clip);
  }
  return value;
}

template <typename Scalar>
double Network<Scalar>::exact_gradients(const Matrix<Scalar>& input,
                                        const Matrix<Scalar>& target) {
  forward(input);
  const double value = loss(target);
  decoder_error(target, DecoderUpdate::local, 0);
  backward_exact(0);
  return value;
}

template <typename Scalar>
double Network<Scalar>::local_gradients(const Matrix<Scalar>& input,
                                        const Matrix<Scalar>& target,
                                        Vector<Scalar>& rule_state) {
  if (rule_state.size() != rule_state_.size()) {
    fail("shunting network: a rule state of ", rule_state.size(), " values; expected ",
         rule_state_.size());
  }
  forward(input);
  const double value = loss(target);
  decoder_error(target, settings_.rule.decoder, 0);
  local_rule(settings_.rule, rule_state.data(), 0);
  return value;
}

template <typename Scalar>
ConstMatrixMap<Scalar> Network<Scalar>::output() const {
  return {logits_.data(), logits_.rows(), batch_};
}

template class Network<float>;
template class Network<double>;

}  // namespace prospect::shunting
