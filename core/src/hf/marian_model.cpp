#include "hf/marian_model.h"

#include <torch/script.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <set>

#include "attn/files.h"
#include "hf/marian_tokenizer.h"
#include "hf/safetensors.h"
#include "model/model_factory.h"
#include "model/positional_encoding.h"

namespace attn {
namespace fs = std::filesystem;
namespace {

// The logit bias of our <bos> row (a copy of <pad>, never a target): its
// probability underflows to exactly 0 in float32, so the others are Marian's.
constexpr double kNeverPredicted = -1e4;

struct Failed {
  std::string message;
};

// A file of the folder; empty when it is absent and not `required`.
std::string read_folder_file(const fs::path& path, bool required) {
  std::error_code code;
  if (!fs::is_regular_file(path, code)) {
    if (!required) return {};
    throw Failed{path.string() +
                 ": missing (a MarianMT folder as save_pretrained writes it has "
                 "config.json, model.safetensors, source.spm, target.spm and "
                 "vocab.json)"};
  }
  try {
    return read_file(path.string());
  } catch (const std::exception& e) {
    throw Failed{e.what()};
  }
}

using Tensors = std::map<std::string, torch::Tensor>;

// pytorch_model.bin: torch.save's zip archive of a state dict.
Tensors read_pytorch_bin(const fs::path& path) {
  const std::string bytes = read_folder_file(path, true);
  Tensors tensors;
  try {
    const std::vector<char> data(bytes.begin(), bytes.end());
    const auto value = torch::pickle_load(data);
    if (!value.isGenericDict()) throw std::runtime_error("not a dictionary of tensors");
    for (const auto& item : value.toGenericDict()) {
      if (!item.key().isString() || !item.value().isTensor())
        throw std::runtime_error("an entry is not a named tensor");
      tensors[item.key().toStringRef()] = item.value().toTensor().to(torch::kFloat32);
    }
  } catch (const std::exception& e) {
    std::string why = e.what();
    why = why.substr(0, why.find('\n'));
    throw Failed{path.string() + ": cannot be read as a PyTorch state dict (" + why +
                 "); save the model with safe_serialization=True for model.safetensors"};
  }
  return tensors;
}

// Takes named tensors out of the file's dictionary, checking their shapes.
class WeightSource {
 public:
  WeightSource(Tensors tensors, std::string file) : tensors_(std::move(tensors)), file_(file) {}

  // MarianMTModel's names start with "model."; a bare MarianModel's do not.
  std::optional<torch::Tensor> find(const std::string& name) {
    for (const std::string& key : {"model." + name, name}) {
      const auto found = tensors_.find(key);
      if (found != tensors_.end()) {
        used_.insert(key);
        return found->second;
      }
    }
    return std::nullopt;
  }

  torch::Tensor take(const std::string& name, const std::vector<int64_t>& shape) {
    auto tensor = find(name);
    if (!tensor)
      throw Failed{file_ + ": no tensor \"" + name + "\" (needed by config.json's model)"};
    check_shape(name, *tensor, shape);
    return *tensor;
  }

  void check_shape(const std::string& name, const torch::Tensor& tensor,
                   const std::vector<int64_t>& shape) const {
    if (tensor.sizes() != torch::IntArrayRef(shape)) {
      throw Failed{file_ + ": \"" + name + "\" has shape " + shape_of(tensor.sizes().vec()) +
                   ", config.json's model needs " + shape_of(shape)};
    }
  }

  // A tensor nobody asked for would be a model this reader does not understand.
  void check_all_used() const {
    for (const auto& [name, tensor] : tensors_) {
      if (used_.count(name) == 0)
        throw Failed{file_ + ": unexpected tensor \"" + name + "\" (not part of a MarianMT model)"};
    }
  }

 private:
  static std::string shape_of(const std::vector<int64_t>& shape) {
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
      text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
  }

  Tensors tensors_;
  std::string file_;
  std::set<std::string> used_;
};

// Our parameters by name.
std::map<std::string, torch::Tensor> parameters_of(Seq2SeqModelImpl& model) {
  std::map<std::string, torch::Tensor> parameters;
  for (const auto& item : model.named_parameters(/*recurse=*/true))
    parameters.emplace(item.key(), item.value());
  return parameters;
}

void copy_attention(WeightSource& source, const std::string& from, const std::string& to,
                    std::map<std::string, torch::Tensor>& ours, int64_t d) {
  // q, k, v stacked as LibTorch's in_proj (§3.2.2: the heads are slices of d_model).
  std::vector<torch::Tensor> weights, biases;
  for (const char* part : {"q_proj", "k_proj", "v_proj"}) {
    weights.push_back(source.take(from + "." + part + ".weight", {d, d}));
    biases.push_back(source.take(from + "." + part + ".bias", {d}));
  }
  ours.at(to + ".in_proj_weight").copy_(torch::cat(weights, 0));
  ours.at(to + ".in_proj_bias").copy_(torch::cat(biases, 0));
  ours.at(to + ".out_proj.weight").copy_(source.take(from + ".out_proj.weight", {d, d}));
  ours.at(to + ".out_proj.bias").copy_(source.take(from + ".out_proj.bias", {d}));
}

void copy_linear(WeightSource& source, const std::string& from, const std::string& to,
                 std::map<std::string, torch::Tensor>& ours, int64_t out, int64_t in) {
  ours.at(to + ".weight").copy_(source.take(from + ".weight", {out, in}));
  ours.at(to + ".bias").copy_(source.take(from + ".bias", {out}));
}

void copy_norm(WeightSource& source, const std::string& from, const std::string& to,
               std::map<std::string, torch::Tensor>& ours, int64_t d) {
  ours.at(to + ".weight").copy_(source.take(from + ".weight", {d}));
  ours.at(to + ".bias").copy_(source.take(from + ".bias", {d}));
}

// The file's positional table, where it holds one, must be the one we compute.
void check_positions(WeightSource& source, const std::string& name, const ModelConfig& model,
                     const std::string& file) {
  const auto table = source.find(name);
  if (!table) return;
  source.check_shape(name, *table, {model.max_len, model.d_model});
  const auto ours = sinusoidal_table(model.max_len, model.d_model, PositionLayout::Split);
  const double difference = (table->to(torch::kFloat64) - ours).abs().max().item<double>();
  if (difference > 1e-4) {
    throw Failed{file + ": \"" + name + "\" is not MarianMT's sinusoidal table (differs by " +
                 std::to_string(difference) + ")"};
  }
}

void load_weights(WeightSource& source, const MarianConfig& config,
                  const MarianVocabulary& vocabulary, Seq2SeqModelImpl& model,
                  const std::string& file) {
  torch::NoGradGuard no_grad;
  const auto& shape = config.model;
  const int64_t d = shape.d_model, ff = shape.d_ff, vocab = config.vocab_size;
  auto ours = parameters_of(model);
  const auto rows = torch::tensor(
      std::vector<int64_t>(vocabulary.marian_of_ours.begin(), vocabulary.marian_of_ours.end()),
      torch::kLong);
  // The shared embedding under any of the names a tied model may keep it by.
  std::optional<torch::Tensor> shared;
  for (const char* name :
       {"shared.weight", "encoder.embed_tokens.weight", "decoder.embed_tokens.weight"}) {
    if (auto found = source.find(name)) {
      source.check_shape(name, *found, {vocab, d});
      if (!shared) shared = found;
    }
  }
  if (!shared) throw Failed{file + ": no tensor \"model.shared.weight\" (the embeddings)"};
  const auto embedding = shared->index_select(0, rows);
  auto lm_head = source.find("lm_head.weight");
  if (shape.tie_embeddings) {
    ours.at("embeddings.embedding.weight").copy_(embedding);
  } else {
    if (!lm_head)
      throw Failed{file + ": no tensor \"lm_head.weight\" (tie_word_embeddings is false)"};
    source.check_shape("lm_head.weight", *lm_head, {vocab, d});
    ours.at("embeddings.src_embedding.weight").copy_(embedding);
    ours.at("embeddings.tgt_embedding.weight").copy_(embedding);
    ours.at("embeddings.generator.weight").copy_(lm_head->index_select(0, rows));
  }
  auto bias = source.take("final_logits_bias", {1, vocab}).reshape({vocab}).index_select(0, rows);
  bias[kBosToken] = kNeverPredicted;
  ours.at("embeddings.output_bias").copy_(bias);
  check_positions(source, "encoder.embed_positions.weight", shape, file);
  check_positions(source, "decoder.embed_positions.weight", shape, file);
  for (int i = 0; i < shape.enc_layers; ++i) {
    const std::string from = "encoder.layers." + std::to_string(i);
    const std::string to = "encoder." + std::to_string(i);
    copy_attention(source, from + ".self_attn", to + ".self_attn", ours, d);
    copy_norm(source, from + ".self_attn_layer_norm", to + ".norm1", ours, d);
    copy_linear(source, from + ".fc1", to + ".linear1", ours, ff, d);
    copy_linear(source, from + ".fc2", to + ".linear2", ours, d, ff);
    copy_norm(source, from + ".final_layer_norm", to + ".norm2", ours, d);
  }
  for (int i = 0; i < shape.dec_layers; ++i) {
    const std::string from = "decoder.layers." + std::to_string(i);
    const std::string to = "decoder." + std::to_string(i);
    copy_attention(source, from + ".self_attn", to + ".self_attn", ours, d);
    copy_norm(source, from + ".self_attn_layer_norm", to + ".norm1", ours, d);
    copy_attention(source, from + ".encoder_attn", to + ".multihead_attn", ours, d);
    copy_norm(source, from + ".encoder_attn_layer_norm", to + ".norm2", ours, d);
    copy_linear(source, from + ".fc1", to + ".linear1", ours, ff, d);
    copy_linear(source, from + ".fc2", to + ".linear2", ours, d, ff);
    copy_norm(source, from + ".final_layer_norm", to + ".norm3", ours, d);
  }
  source.check_all_used();
}

// generation_config.json, where present, overrides config.json's generation fields.
void read_generation_config(const fs::path& path, MarianConfig& config) {
  const std::string text = read_folder_file(path, false);
  if (text.empty()) return;
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const std::exception& e) {
    throw Failed{path.string() + ": not valid JSON (" + std::string(e.what()) + ")"};
  }
  if (!document.is_object()) throw Failed{path.string() + ": expected a JSON object"};
  for (const auto& [key, target] : {std::pair<const char*, int*>{"max_length", &config.max_length},
                                    {"num_beams", &config.num_beams}}) {
    const auto found = document.find(key);
    if (found == document.end() || found->is_null()) continue;
    if (!found->is_number_integer() || found->get<long long>() < 1 ||
        found->get<long long>() > 100000)
      throw Failed{path.string() + ": " + key + ": expected a positive integer"};
    *target = found->get<int>();
  }
}

}  // namespace

bool is_hugging_face_folder(const std::string& path) {
  std::error_code code;
  const auto config = fs::path(path) / "config.json";
  if (!fs::is_directory(path, code) || !fs::is_regular_file(config, code)) return false;
  // Our own --export writes a config.json too, without a model_type.
  try {
    return read_file(config.string()).find("\"model_type\"") != std::string::npos;
  } catch (const std::exception&) {
    return false;
  }
}

std::optional<MarianFolder> open_marian_folder(const std::string& directory, std::string* error) {
  const fs::path folder(directory);
  try {
    MarianFolder opened;
    std::string message;
    const auto config_file = folder / "config.json";
    auto config =
        read_marian_config(read_folder_file(config_file, true), config_file.string(), &message);
    if (!config) throw Failed{message};
    opened.config = *config;
    read_generation_config(folder / "generation_config.json", opened.config);
    const auto vocabulary_file = folder / "vocab.json";
    auto vocabulary = read_marian_vocabulary(read_folder_file(vocabulary_file, true),
                                             vocabulary_file.string(), opened.config, &message);
    if (!vocabulary) throw Failed{message};
    auto shared_vocabulary = std::make_shared<const MarianVocabulary>(std::move(*vocabulary));
    for (const char* name : {"source.spm", "target.spm"}) {
      const auto path = folder / name;
      const std::string model = read_folder_file(path, true);
      try {
        auto tokenizer = std::make_shared<MarianTokenizer>(shared_vocabulary, model);
        (name[0] == 's' ? opened.tokenizers.source : opened.tokenizers.target) = tokenizer;
      } catch (const std::exception& e) {
        throw Failed{path.string() + ": " + e.what()};
      }
    }
    Tensors tensors;
    const auto safetensors = folder / "model.safetensors";
    std::error_code code;
    if (fs::is_regular_file(safetensors, code)) {
      auto read = read_safetensors(safetensors.string(), &message);
      if (!read) throw Failed{message};
      tensors = std::move(*read);
      opened.weights_file = safetensors.string();
    } else if (fs::is_regular_file(folder / "pytorch_model.bin", code)) {
      opened.weights_file = (folder / "pytorch_model.bin").string();
      tensors = read_pytorch_bin(folder / "pytorch_model.bin");
    } else {
      throw Failed{safetensors.string() + ": missing (and no pytorch_model.bin beside it)"};
    }
    opened.model = make_model(opened.config.model, Implementation::Scratch, /*seed=*/1);
    WeightSource source(std::move(tensors), opened.weights_file);
    load_weights(source, opened.config, *shared_vocabulary, *opened.model, opened.weights_file);
    opened.model->eval();
    return opened;
  } catch (const Failed& failed) {
    if (error) *error = failed.message;
  } catch (const std::exception& e) {
    if (error) *error = directory + ": " + e.what();
  }
  return std::nullopt;
}

}  // namespace attn
