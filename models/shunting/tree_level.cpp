#include "models/shunting/tree_level.h"

#include "core/activation.h"

namespace prospect::shunting {
namespace {

// out = Σ_r g_r · input.col(j_r) over the active synapses of compartment n,
// four synapses per pass over the batch.
template <typename Scalar, typename Out>
void gather_sum(const ActiveSynapses<Scalar>& synapses, Index n, const Matrix<Scalar>& input,
                Index batch, Out&& out) {
  const Index k = synapses.k();
  const int* j = synapses.index().col(n).data();
  const Scalar* g = synapses.conductance().col(n).data();
  out.setZero();
  const auto x = [&](Index r) { return input.col(j[r]).head(batch); };
  Index r = 0;
  for (; r + 4 <= k; r += 4) {
    out += g[r] * x(r) + g[r + 1] * x(r + 1) + g[r + 2] * x(r + 2) + g[r + 3] * x(r + 3);
  }
  for (; r < k; ++r) out += g[r] * x(r);
}

template <typename Scalar>
Scalar clipped(Scalar value, Scalar clip) {
  return clip > 0 ? std::clamp(value, -clip, clip) : value;
}

template <typename Derived, typename Scalar>
void clip_all(Eigen::DenseBase<Derived>& values, Scalar clip) {
  if (clip > 0) values = values.derived().array().max(-clip).min(clip);
}

}  // namespace

template <typename Scalar>
TreeLevel<Scalar>::TreeLevel(const LevelShape& shape, Index inputs, Index k_exc, Index k_inh,
                             Core core)
    : shape_(shape), core_(core) {
  const Index n = shape.compartments;
  if (shape.synapses) {
    exc_ = ActiveSynapses<Scalar>(inputs, n, k_exc);
    inh_ = ActiveSynapses<Scalar>(inputs, n, k_inh);
    exc_sums_.resize(k_exc, n);
    inh_sums_.resize(k_inh, n);
  }
  coupling_.resize(shape.children, n);
  coupling_slope_.resize(shape.children, n);
  total_coupling_ = Vector<Scalar>::Zero(n);
  slope_.resize(n);
}

template <typename Scalar>
void TreeLevel<Scalar>::refresh(const LevelParameters<Scalar>& p, bool from_scratch) {
  if (shape_.synapses) {
    if (from_scratch) {
      exc_.select(p.pre_exc);
      inh_.select(p.pre_inh);
    } else {
      exc_.update(p.pre_exc);
      inh_.update(p.pre_inh);
    }
  }
  if (shape_.children > 0) {
    core::activate(core::Activation::softplus, p.log_w, coupling_, coupling_slope_);
    total_coupling_ = coupling_.colwise().sum().transpose();
  }
  slope_ = p.log_m.array().exp();
}

template <typename Scalar>
void TreeLevel<Scalar>::reserve(Index batch) {
  if (batch <= reserved_) return;
  const Index n = compartments();
  auto& s = signals_;
  for (auto* m : {&s.voltage, &s.resistance, &s.output, &s.output_error, &s.voltage_error}) {
    m->resize(batch, n);
  }
  if (shape_.synapses) {
    for (auto* m : {&s.exc, &s.inh, &s.exc_factor, &s.inh_factor}) m->resize(batch, n);
  }
  if (shape_.children > 0) s.current.resize(batch, n);
  reserved_ = batch;
}

template <typename Scalar>
void TreeLevel<Scalar>::forward(const Matrix<Scalar>& input, const TreeLevel* children,
                                Index batch, const LevelParameters<Scalar>& p) {
  for (Index n = 0; n < compartments(); ++n) {
    if (shape_.synapses) drives_column(n, input, batch);
    if (children) current_column(n, *children, batch);
    resistance_column(n, batch);
    voltage_column(n, batch);
    output_column(n, batch, p);
  }
}

template <typename Scalar>
void TreeLevel<Scalar>::compute_drives(const Matrix<Scalar>& input, Index batch) {
  for (Index n = 0; n < compartments(); ++n) drives_column(n, input, batch);
}

template <typename Scalar>
void TreeLevel<Scalar>::compute_current(const TreeLevel& children, Index batch) {
  for (Index n = 0; n < compartments(); ++n) current_column(n, children, batch);
}

template <typename Scalar>
void TreeLevel<Scalar>::compute_resistance(Index batch) {
  for (Index n = 0; n < compartments(); ++n) resistance_column(n, batch);
}

template <typename Scalar>
void TreeLevel<Scalar>::compute_output(Index batch, const LevelParameters<Scalar>& p) {
  for (Index n = 0; n < compartments(); ++n) output_column(n, batch, p);
}

template <typename Scalar>
void TreeLevel<Scalar>::drives_column(Index n, const Matrix<Scalar>& input, Index batch) {
  gather_sum(exc_, n, input, batch, signals_.exc.col(n).head(batch));
  gather_sum(inh_, n, input, batch, signals_.inh.col(n).head(batch));
}

template <typename Scalar>
void TreeLevel<Scalar>::current_column(Index n, const TreeLevel& children, Index batch) {
  const Index b = shape_.children;
  const auto& child_output = children.signals().output;
  auto c = signals_.current.col(n).head(batch);
  c = coupling_(0, n) * child_output.col(n * b).head(batch);
  for (Index k = 1; k < b; ++k) c += coupling_(k, n) * child_output.col(n * b + k).head(batch);
}

template <typename Scalar>
void TreeLevel<Scalar>::resistance_column(Index n, Index batch) {
  if (core_ != Core::shunting) return;
  auto r = signals_.resistance.col(n).head(batch).array();
  const Scalar leak = Scalar(1) + total_coupling_(n) + Scalar(1e-8);
  if (shape_.synapses) {
    r = (leak + signals_.exc.col(n).head(batch).array() + signals_.inh.col(n).head(batch).array())
            .inverse();
  } else {
    r.setConstant(Scalar(1) / leak);
  }
}

template <typename Scalar>
void TreeLevel<Scalar>::voltage_column(Index n, Index batch) {
  auto v = signals_.voltage.col(n).head(batch).array();
  if (shape_.synapses) {
    v = signals_.exc.col(n).head(batch).array();
    if (core_ == Core::additive) v -= signals_.inh.col(n).head(batch).array();
  } else {
    v.setZero();
  }
  if (shape_.children > 0) v += signals_.current.col(n).head(batch).array();
  if (core_ == Core::shunting) v *= signals_.resistance.col(n).head(batch).array();
}

template <typename Scalar>
void TreeLevel<Scalar>::output_column(Index n, Index batch, const LevelParameters<Scalar>& p) {
  signals_.output.col(n).head(batch).array() =
      Scalar(0.5) *
      ((slope_(n) * (signals_.voltage.col(n).head(batch).array() - p.bias(n))).tanh() + Scalar(1));
}

template <typename Scalar>
void TreeLevel<Scalar>::compute_rule_resistance(Index batch) {
  for (Index n = 0; n < compartments(); ++n) {
    auto r = signals_.resistance.col(n).head(batch).array();
    const Scalar leak = Scalar(1) + std::max(total_coupling_(n), Scalar(0)) + Scalar(1e-8);
    if (shape_.synapses) {
      r = (leak + signals_.exc.col(n).head(batch).array().max(Scalar(0)) +
           signals_.inh.col(n).head(batch).array().max(Scalar(0)))
              .inverse();
    } else {
      r.setConstant(Scalar(1) / leak);
    }
  }
}

template <typename Scalar>
void TreeLevel<Scalar>::voltage_error(Index batch, SlopeConvention slope) {
  for (Index n = 0; n < compartments(); ++n) {
    const auto t = Scalar(2) * signals_.output.col(n).head(batch).array() - Scalar(1);
    const Scalar scale = slope == SlopeConvention::exact ? Scalar(0.5) * slope_(n) : Scalar(1);
    signals_.voltage_error.col(n).head(batch).array() =
        signals_.output_error.col(n).head(batch).array() * scale * (Scalar(1) - t.square());
  }
}

template <typename Scalar>
void TreeLevel<Scalar>::gate_gradients(const Matrix<Scalar>& w, Scalar kappa, Index batch,
                                       LevelParameters<Scalar>& p, Scalar clip) const {
  for (Index n = 0; n < compartments(); ++n) {
    const auto t = Scalar(2) * signals_.output.col(n).head(batch).array() - Scalar(1);
    const auto wd = w.col(n).head(batch).array() * (Scalar(1) - t.square());
    const Scalar m = slope_(n);
    p.grad_log_m(n) = clipped(
        kappa * m * (wd * (signals_.voltage.col(n).head(batch).array() - p.bias(n))).sum(), clip);
    p.grad_bias(n) = clipped(-kappa * m * wd.sum(), clip);
  }
}

template <typename Scalar>
void TreeLevel<Scalar>::parameter_gradients(GradientForm form, const Matrix<Scalar>& input,
                                            const TreeLevel* children, Index batch,
                                            LevelParameters<Scalar>& p, Scalar clip) {
  auto& s = signals_;
  const auto u = s.voltage_error.topRows(batch).array();
  const auto v = s.voltage.topRows(batch).array();
  const auto r = s.resistance.topRows(batch).array();
  const bool conductance = form == GradientForm::conductance;
  if (shape_.synapses) {
    if (conductance) {
      s.exc_factor.topRows(batch).array() = u * r * (Scalar(1) - v);
      s.inh_factor.topRows(batch).array() = -(u * r * v);
    } else {
      s.exc_factor.topRows(batch) = s.voltage_error.topRows(batch);
      s.inh_factor.topRows(batch) = -s.voltage_error.topRows(batch);
    }
    synapse_gradients(exc_, s.exc_factor, input, batch, exc_sums_, p.grad_pre_exc, clip);
    synapse_gradients(inh_, s.inh_factor, input, batch, inh_sums_, p.grad_pre_inh, clip);
  }
  if (children) {
    const Index b = shape_.children;
    const auto& a = children->signals().output;
    for (Index n = 0; n < compartments(); ++n) {
      for (Index k = 0; k < b; ++k) {
        const auto child = a.col(n * b + k).head(batch).array();
        const Scalar sum = conductance ? (u.col(n) * r.col(n) * (child - v.col(n))).sum()
                                       : (u.col(n) * child).sum();
        p.grad_log_w(k, n) = clipped(coupling_slope_(k, n) * sum, clip);
      }
    }
  }
}

template <typename Scalar>
void TreeLevel<Scalar>::synapse_gradients(ActiveSynapses<Scalar>& synapses,
                                          const Matrix<Scalar>& factor,
                                          const Matrix<Scalar>& input, Index batch,
                                          Matrix<Scalar>& sums, Matrix<Scalar>& gradient,
                                          Scalar clip) {
  if (synapses.k() == 0) return;
  for (Index n = 0; n < compartments(); ++n) {
    const Scalar* f = factor.col(n).data();
    const int* j = synapses.index().col(n).data();
    const auto x = [&](Index r) { return input.col(j[r]).data(); };
    const Index k = synapses.k();
    Index r = 0;
    // Four synapses per pass: the factor is read once for all four sums.
    for (; r + 4 <= k; r += 4) {
      const Scalar *x0 = x(r), *x1 = x(r + 1), *x2 = x(r + 2), *x3 = x(r + 3);
      Scalar s0 = 0, s1 = 0, s2 = 0, s3 = 0;
#pragma omp simd reduction(+ : s0, s1, s2, s3)
      for (Index s = 0; s < batch; ++s) {
        s0 += f[s] * x0[s];
        s1 += f[s] * x1[s];
        s2 += f[s] * x2[s];
        s3 += f[s] * x3[s];
      }
      sums(r, n) = s0, sums(r + 1, n) = s1, sums(r + 2, n) = s2, sums(r + 3, n) = s3;
    }
    for (; r < k; ++r) {
      sums(r, n) = factor.col(n).head(batch).dot(input.col(j[r]).head(batch));
    }
    sums.col(n).array() *= synapses.slope().col(n).array();
  }
  clip_all(sums, clip);
  synapses.scatter(sums, gradient);
}

template <typename Scalar>
void TreeLevel<Scalar>::child_output_error(TreeLevel& children, Index batch) const {
  const Index b = shape_.children;
  auto& child_error = children.signals().output_error;
  for (Index n = 0; n < compartments(); ++n) {
    const auto u = signals_.voltage_error.col(n).head(batch).array();
    for (Index k = 0; k < b; ++k) {
      auto out = child_error.col(n * b + k).head(batch).array();
      if (core_ == Core::shunting) {
        out = coupling_(k, n) * u * signals_.resistance.col(n).head(batch).array();
      } else {
        out = coupling_(k, n) * u;
      }
    }
  }
}

template <typename Scalar>
void TreeLevel<Scalar>::add_input_error(Matrix<Scalar>& input_error, Index batch) const {
  if (!shape_.synapses) return;
  const auto add = [&](const ActiveSynapses<Scalar>& synapses, const Matrix<Scalar>& factor) {
    for (Index n = 0; n < compartments(); ++n) {
      for (Index r = 0; r < synapses.k(); ++r) {
        input_error.col(synapses.index()(r, n)).head(batch) +=
            synapses.conductance()(r, n) * factor.col(n).head(batch);
      }
    }
  };
  add(exc_, signals_.exc_factor);
  add(inh_, signals_.inh_factor);
}

template class TreeLevel<float>;
template class TreeLevel<double>;

}  // namespace prospect::shunting
