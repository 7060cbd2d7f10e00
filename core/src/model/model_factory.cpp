#include "model/model_factory.h"

#include <stdexcept>
#include <unordered_set>

#include "model/library_transformer.h"
#include "model/scratch_transformer.h"

namespace attn {

Seq2SeqModelImpl::Seq2SeqModelImpl(const ModelConfig& config, Implementation implementation)
    : config_(config), implementation_(implementation) {
  embeddings_ = register_module("embeddings", TokenEmbeddings(config));
}

Seq2SeqModel make_model(const ModelConfig& config, Implementation implementation, uint64_t seed) {
  const std::string problems = validation_message(config);
  if (!problems.empty()) throw std::invalid_argument("invalid model configuration: " + problems);
  torch::manual_seed(seed);
  if (implementation == Implementation::Library) {
    return std::make_shared<LibraryTransformerImpl>(config);
  }
  return std::make_shared<ScratchTransformerImpl>(config);
}

void copy_weights(torch::nn::Module& from, torch::nn::Module& to) {
  torch::NoGradGuard no_grad;
  auto source_parameters = from.named_parameters(/*recurse=*/true);
  auto source_buffers = from.named_buffers(/*recurse=*/true);
  auto copy_into = [](const torch::OrderedDict<std::string, torch::Tensor>& source,
                      torch::OrderedDict<std::string, torch::Tensor> destination) {
    if (source.size() != destination.size()) {
      throw std::invalid_argument("copy_weights: models have " + std::to_string(source.size()) +
                                  " and " + std::to_string(destination.size()) + " tensors");
    }
    for (const auto& item : destination) {
      const torch::Tensor* match = source.find(item.key());
      if (match == nullptr) {
        throw std::invalid_argument("copy_weights: no tensor named '" + item.key() +
                                    "' in the source model");
      }
      if (match->sizes() != item.value().sizes()) {
        throw std::invalid_argument("copy_weights: '" + item.key() + "' has another shape");
      }
      item.value().copy_(*match);
    }
  };
  copy_into(source_parameters, to.named_parameters(/*recurse=*/true));
  copy_into(source_buffers, to.named_buffers(/*recurse=*/true));
}

int64_t count_module_parameters(const torch::nn::Module& module) {
  std::unordered_set<const void*> seen;
  int64_t total = 0;
  for (const auto& parameter : module.parameters(/*recurse=*/true)) {
    if (seen.insert(parameter.unsafeGetTensorImpl()).second) total += parameter.numel();
  }
  return total;
}

}  // namespace attn
