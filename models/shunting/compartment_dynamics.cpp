#include "models/shunting/compartment_dynamics.h"

namespace prospect::shunting {

template <typename Scalar>
CompartmentDynamics<Scalar>::CompartmentDynamics(Layers<Scalar>& levels,
                                                 const Parameters<Scalar>& parameters)
    : levels_(levels), parameters_(parameters) {
  for (const auto& layer : levels_) {
    auto& offsets = offsets_.emplace_back();
    for (const auto& level : layer) {
      offsets.push_back(compartments_);
      compartments_ += level.compartments();
    }
  }
}

template <typename Scalar>
void CompartmentDynamics<Scalar>::set_input(const Matrix<Scalar>& input, Index batch,
                                            Scalar tau) {
  batch_ = batch;
  tau_ = tau;
  for (auto& level : levels_.front()) {
    if (level.shape().synapses) level.compute_drives(input, batch);
  }
}

template <typename Scalar>
Index CompartmentDynamics<Scalar>::state_size() const {
  return batch_ * compartments_;
}

template <typename Scalar>
void CompartmentDynamics<Scalar>::unpack(const Vector<Scalar>& x) {
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    auto& layer = levels_[l];
    for (std::size_t i = 0; i < layer.size(); ++i) {
      auto& level = layer[i];
      if (l > 0 && level.shape().synapses) {
        level.compute_drives(levels_[l - 1].back().signals().output, batch_);
      }
      if (i > 0) level.compute_current(layer[i - 1], batch_);
      level.signals().voltage.topRows(batch_) = ConstMatrixMap<Scalar>(
          x.data() + batch_ * offset(l, i), batch_, level.compartments());
      level.compute_output(batch_, parameters_.level(static_cast<Index>(l), static_cast<Index>(i)));
    }
  }
}

template <typename Scalar>
void CompartmentDynamics<Scalar>::derivative(const Vector<Scalar>& x, Vector<Scalar>& dxdt,
                                             double) {
  unpack(x);
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    for (std::size_t i = 0; i < levels_[l].size(); ++i) {
      const auto& level = levels_[l][i];
      level.voltage_rate(batch_, tau_,
                         MatrixMap<Scalar>(dxdt.data() + batch_ * offset(l, i), batch_,
                                           level.compartments()));
    }
  }
}

template class CompartmentDynamics<float>;
template class CompartmentDynamics<double>;

}  // namespace prospect::shunting
