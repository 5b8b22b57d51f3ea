#include "training/classification_meter.h"

#include <cmath>

#include "core/error.h"

namespace prospect::training {

ClassificationMeter::ClassificationMeter(Index classes, Index batch)
    : batch_(batch),
      summed_(MatrixF::Zero(classes, batch)),
      shifted_(classes, batch),
      maximum_(batch),
      batch_loss_(Eigen::RowVectorXd::Zero(batch)) {}

void ClassificationMeter::begin(const std::vector<int>& labels, Index counted) {
  if (static_cast<Index>(labels.size()) != batch_ || counted > batch_) {
    fail("classification meter: ", labels.size(), " labels, ", counted, " counted, for batch ",
         batch_);
  }
  labels_ = labels;
  counted_ = counted;
  summed_.setZero();
  batch_loss_.setZero();
  steps_ = 0;
}

void ClassificationMeter::add_step(const Eigen::Ref<const MatrixF>& output) {
  summed_ += output;
  // Cross-entropy −log softmax(r)[label] = log Σ exp(r − max) + max − r[label].
  maximum_ = output.colwise().maxCoeff();
  shifted_ = (output.rowwise() - maximum_).array().exp();
  for (Index b = 0; b < counted_; ++b) {
    const Index label = labels_[static_cast<std::size_t>(b)];
    batch_loss_(b) += std::log(static_cast<double>(shifted_.col(b).sum())) +
                      static_cast<double>(maximum_(b) - output(label, b));
  }
  ++steps_;
}

void ClassificationMeter::end() {
  for (Index b = 0; b < counted_; ++b) {
    Index predicted = 0;
    summed_.col(b).maxCoeff(&predicted);
    if (predicted == labels_[static_cast<std::size_t>(b)]) ++correct_;
    loss_sum_ += batch_loss_(b);
  }
  loss_terms_ += counted_ * steps_;
  samples_ += counted_;
}

double ClassificationMeter::mean_loss() const {
  return loss_terms_ > 0 ? loss_sum_ / static_cast<double>(loss_terms_) : 0.0;
}

double ClassificationMeter::accuracy() const {
  return samples_ > 0 ? static_cast<double>(correct_) / static_cast<double>(samples_) : 0.0;
}

void ClassificationMeter::clear() {
  loss_sum_ = 0;
  loss_terms_ = 0;
  correct_ = 0;
  samples_ = 0;
}

}  // namespace prospect::training
