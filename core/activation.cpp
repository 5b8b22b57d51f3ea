#include "core/activation.h"

#include "core/error.h"

namespace prospect::core {

Activation parse_activation(std::string_view value, std::string_view key) {
  if (value == "linear") return Activation::linear;
  if (value == "tanh") return Activation::tanh;
  if (value == "softplus") return Activation::softplus;
  if (value == "sigmoid") return Activation::sigmoid;
  if (value == "relu") return Activation::relu;
  fail("key '", key, "': unknown activation '", value,
       "' (expected linear, tanh, softplus, sigmoid or relu)");
}

std::string to_string(Activation activation) {
  switch (activation) {
    case Activation::linear: return "linear";
    case Activation::tanh: return "tanh";
    case Activation::softplus: return "softplus";
    case Activation::sigmoid: return "sigmoid";
    case Activation::relu: return "relu";
  }
  return "unknown";
}

}  // namespace prospect::core
