#pragma once
// The local learning rules 3F, 4F, 5F (models/shunting/README.md, Local
// rules): a broadcast error e times synapse-local factors, scaled per level
// by ρ (4F) and ρφ (5F).
//
//   e      per_soma: δ = δ_out W at the level with as many compartments as
//          output somata (the soma level), δ̄_s = mean_u δ_{s,u} everywhere else;
//          scalar: δ̄ everywhere (§7.1); exact: B ∂L/∂a (diagnostic, §15 test 2)
//   e_v    = e a'(V): exact a' = ½ m (1 − (2a−1)²), or neurips (1 − (2a−1)²) (§7.2, §14.20)
//   grads  (1/B) Σ_s e_v s R (E_rev − V) x sig(pre) on active synapses,
//          (1/B) Σ_s e_v s R (a_child − V) sig(logw), gate with e (2× the exact
//          derivative), s = 1 | ρ | ρφ (§7.3); additive cores without R and
//          driving force unless the form is forced to conductance (§7.6, §14.21)
//   ρ      dot: mean_s(ā_s h̄_s), pearson: corr(ā, h̄); ā = mean of the level's V,
//          h̄ = mean soma output; EMA (first value taken as is), clamped (§7.4)
//   φ      conditional: pooled moments of y = V − ⟨V⟩, z = P − ⟨P⟩ (P = child
//          current, or the excitatory drive at the leaves), EMAs from 0,
//          φ = Vy / max(Vy − β Cyz, 1e-12), β = Cyz / (Vz + λ), clamped;
//          variance_ratio: pooled var(V) / (its EMA + 1e-8), clamped (§7.5)

#include <string>
#include <string_view>

#include "core/named_values.h"
#include "core/types.h"

namespace prospect::shunting {

enum class RuleFactors { three, four, five };
enum class Broadcast { per_soma, scalar, exact };
enum class RhoMode { none, dot, pearson };
enum class PhiMode { none, conditional, variance_ratio };
enum class SlopeConvention { exact, neurips };
enum class RuleForm { automatic, conductance };  // the code's dynamics_mode: auto | conductance
enum class DecoderUpdate { local, none };

inline constexpr core::NamedValue<RuleFactors> kRuleFactorsNames[] = {
    {RuleFactors::three, "3f"}, {RuleFactors::four, "4f"}, {RuleFactors::five, "5f"}};
inline constexpr core::NamedValue<Broadcast> kBroadcastNames[] = {
    {Broadcast::per_soma, "per_soma"}, {Broadcast::scalar, "scalar"}, {Broadcast::exact, "exact"}};
inline constexpr core::NamedValue<RhoMode> kRhoModeNames[] = {
    {RhoMode::dot, "dot"}, {RhoMode::pearson, "pearson"}, {RhoMode::none, "none"}};
inline constexpr core::NamedValue<PhiMode> kPhiModeNames[] = {
    {PhiMode::conditional, "conditional"}, {PhiMode::variance_ratio, "variance_ratio"},
    {PhiMode::none, "none"}};
inline constexpr core::NamedValue<SlopeConvention> kSlopeConventionNames[] = {
    {SlopeConvention::exact, "exact"}, {SlopeConvention::neurips, "neurips"}};
inline constexpr core::NamedValue<RuleForm> kRuleFormNames[] = {
    {RuleForm::automatic, "auto"}, {RuleForm::conductance, "conductance"}};
inline constexpr core::NamedValue<DecoderUpdate> kDecoderUpdateNames[] = {
    {DecoderUpdate::local, "local"}, {DecoderUpdate::none, "none"}};

struct LocalRuleSettings {
  RuleFactors factors = RuleFactors::five;
  Broadcast broadcast = Broadcast::per_soma;
  RhoMode rho = RhoMode::dot;
  PhiMode phi = PhiMode::conditional;
  SlopeConvention slope = SlopeConvention::exact;
  RuleForm form = RuleForm::automatic;
  DecoderUpdate decoder = DecoderUpdate::local;
  double average_rate = 0.1;  // α of the running averages
  double rho_min = 0.1, rho_max = 2;
  double phi_min = 0.25, phi_max = 4;
  double ridge = 1e-3;  // λ
};

// The running averages of one level, as consecutive entries of the model's
// state vector (what a resume restores).
struct FactorState {
  static constexpr Index size = 7;
  enum Entry : Index { rho_average, rho_started, vy, vz, cyz, variance_average, variance_started };
};

// ρ of a level from the per-sample means of its voltages and of the soma
// outputs; updates `state` (FactorState::size entries). 1 for RhoMode::none.
template <typename Scalar>
double update_rho(const LocalRuleSettings& settings, Scalar* state,
                  const Eigen::Ref<const Vector<double>>& level_mean,
                  const Eigen::Ref<const Vector<double>>& soma_mean);

// φ of a level from its voltages and proxies (first `batch` rows); updates `state`.
template <typename Scalar>
double update_phi(const LocalRuleSettings& settings, Scalar* state,
                  const Matrix<Scalar>& voltage, const Matrix<Scalar>& proxy, Index batch);

}  // namespace prospect::shunting
