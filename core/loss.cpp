#include "core/loss.h"

#include "core/error.h"

namespace prospect::core {

Loss parse_loss(std::string_view value, std::string_view key) {
  if (value == "mse") return Loss::mse;
  if (value == "cross_entropy" || value == "ce") return Loss::cross_entropy;
  fail("key '", key, "': unknown loss '", value, "' (expected mse or cross_entropy)");
}

std::string to_string(Loss loss) {
  return loss == Loss::mse ? "mse" : "cross_entropy";
}

}  // namespace prospect::core
