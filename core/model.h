#pragma once
// The face every model family shows the shared machinery (recording,
// checkpoints, run files, optimizers, the training loops). A family keeps its
// own loop and hot path; this is only what the machinery around it needs:
//
//   family()          "gle" | "ep" | "shunting" | ...: the run file's `model` attribute
//   parameter_refs()  every parameter with its gradient buffer (learned or not)
//   probes()          signals it can be recorded by, sampled from outside on a schedule
//   state()           what a resume must restore besides the parameters (none: stateless)
//   reset()           back to rest, as after construction
//
// Models that learn from labelled batches (EP, dendritic trees) are
// BatchLearners; streamed models (GLE) are stepped by their own loop.

#include <functional>
#include <string>
#include <vector>

#include "core/parameter.h"
#include "core/types.h"

namespace prospect::core {

// A signal a model can be recorded by. read() is called at sampling time, so
// the view may point elsewhere between calls. Rows are neurons (or
// compartments), columns batch samples.
template <typename Scalar>
struct Probe {
  std::string name;  // "layer1/u"
  std::string unit;  // core/units.h: "1" when dimensionless
  std::function<ConstMatrixMap<Scalar>()> read;
};

template <typename Scalar>
class Model {
 public:
  virtual ~Model() = default;
  virtual std::string family() const = 0;
  virtual ParameterList<Scalar> parameter_refs() = 0;
  virtual std::vector<Probe<Scalar>> probes() const { return {}; }
  virtual Vector<Scalar>* state() { return nullptr; }
  virtual void reset() {}
};

// A model that learns one labelled batch at a time. Inputs are
// (features × batch), targets (outputs × batch, one-hot for classes).
template <typename Scalar>
class BatchLearner : public Model<Scalar> {
 public:
  // Forward pass only; output() holds the prediction afterwards. Returns the
  // batch-mean loss against `target`.
  virtual double evaluate(const Matrix<Scalar>& input, const Matrix<Scalar>& target) = 0;
  // Forward pass and learning signal: fills the gradient buffers of
  // parameter_refs() (descent directions, value -= lr · gradient); output()
  // holds the prediction the loss was measured on. Returns the batch-mean loss.
  virtual double learn(const Matrix<Scalar>& input, const Matrix<Scalar>& target) = 0;
  virtual ConstMatrixMap<Scalar> output() const = 0;
  // Called after every optimizer step (refresh derived copies, clamp).
  virtual void parameters_changed() {}
};

}  // namespace prospect::core
