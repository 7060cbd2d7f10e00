// attention-train --export: a checkpoint as the files a PyTorch user loads.

#include "attn/python_export.h"

#include <nlohmann/json.hpp>

#include <filesystem>

#include "attn/files.h"
#include "attn/inspection.h"
#include "attn/tokenizer.h"
#include "model/model_factory.h"
#include "train/checkpoint.h"

namespace attn {
namespace fs = std::filesystem;
namespace {

// Python's torch.save format: LibTorch's pickler writes the zip archive
// torch.load reads, a dict of name → tensor (a state_dict).
std::string state_dict_bytes(Seq2SeqModelImpl& model, std::vector<std::string>* names) {
  c10::Dict<std::string, at::Tensor> state;
  for (const auto& item : model.named_parameters(/*recurse=*/true)) {
    state.insert(item.key(), item.value().detach().cpu().contiguous());
    names->push_back(item.key());
  }
  // The positional-encoding table: the numbers the model adds, not a
  // recomputation that could round differently.
  for (const auto& item : model.named_buffers(/*recurse=*/true)) {
    state.insert(item.key(), item.value().detach().cpu().contiguous());
    names->push_back(item.key());
  }
  const std::vector<char> bytes = torch::pickle_save(c10::IValue(state));
  return std::string(bytes.begin(), bytes.end());
}

nlohmann::json side_of(const Tokenizer& tokenizer) {
  std::vector<std::string> pieces;
  for (int id = 0; id < tokenizer.vocab_size(); ++id) pieces.push_back(tokenizer.piece(id));
  const auto saved = nlohmann::json::parse(tokenizer.save());
  nlohmann::json side = {
      {"kind", saved.value("kind", "char")},
      {"pieces", pieces},
      {"special_ids",
       {{"pad", kPadToken}, {"bos", kBosToken}, {"eos", kEosToken}, {"unk", kUnkToken}}}};
  if (side["kind"] == "word") side["attached_prefix"] = "##";
  if (side["kind"] == "sentencepiece")
    side["sentencepiece_model_base64"] = saved.value("model", "");
  return side;
}

}  // namespace

bool export_for_python(const std::string& path, const std::string& which, const std::string& folder,
                       PythonExport* result, std::string* error) {
  const std::string checkpoint = InspectionModel::resolve_checkpoint(path, which, error);
  if (checkpoint.empty()) return false;
  const auto state = read_checkpoint_state(checkpoint, error);
  if (!state) return false;
  std::string message;
  const auto config = run_config_from_json(state->run_config_json, &message, UnknownFields::Ignore);
  if (!config) {
    *error = checkpoint + ": its configuration cannot be read (" + message + ")";
    return false;
  }
  const auto tokenizers = TokenizerPair::load(state->vocabulary_json, &message);
  if (!tokenizers) {
    *error = checkpoint + ": its vocabulary cannot be read (" + message + ")";
    return false;
  }
  const Implementation implementation =
      parse_implementation(config->implementation).value_or(Implementation::Scratch);
  auto model = make_model(config->model, implementation, config->data.seed);
  if (!load_checkpoint(checkpoint, *model, nullptr, /*restore_rng=*/false, error)) return false;

  std::error_code code;
  fs::create_directories(folder, code);
  if (code || !fs::is_directory(folder)) {
    *error = folder + ": cannot create the folder (" + code.message() + ")";
    return false;
  }
  PythonExport done;
  done.checkpoint = checkpoint;
  const ModelConfig& m = config->model;
  // A per-epoch checkpoint stores the epoch to continue in; users want the one completed.
  const bool epoch_done = state->next_batch == 0;
  const nlohmann::json document = {
      {"format", "attention-studio-python/1"},
      {"model",
       {{"d_model", m.d_model},
        {"heads", m.heads},
        {"enc_layers", m.enc_layers},
        {"dec_layers", m.dec_layers},
        {"d_ff", m.d_ff},
        {"dropout", m.dropout},
        {"max_len", m.max_len},
        {"norm", to_string(m.norm)},
        {"activation", to_string(m.activation)},
        {"tie_embeddings", m.tie_embeddings},
        {"shared_vocab", m.shared_vocab},
        {"src_vocab_size", m.src_vocab_size},
        {"tgt_vocab_size", m.tgt_vocab_size}}},
      {"implementation", to_string(implementation)},
      {"special_ids",
       {{"pad", kPadToken}, {"bos", kBosToken}, {"eos", kEosToken}, {"unk", kUnkToken}}},
      {"conventions",
       "source: its pieces, then <eos> (no <bos>); decoder input: <bos>, then the output so far; "
       "embeddings x sqrt(d_model) + sinusoidal positional encoding (the 'positional.table' "
       "buffer); tied output projection = target embedding"},
      {"checkpoint",
       {{"file", fs::path(checkpoint).filename().string()},
        {"step", state->step},
        {"epochs_completed", state->epoch - 1},
        {"mid_epoch", !epoch_done}}},
      {"tokenizer",
       {{"source", side_of(*tokenizers->source)["kind"]},
        {"target", side_of(*tokenizers->target)["kind"]},
        {"shared", tokenizers->shared()}}},
  };
  const nlohmann::json vocabulary = {{"source", side_of(*tokenizers->source)},
                                     {"target", side_of(*tokenizers->target)}};
  try {
    const auto write = [&](const std::string& name, const std::string& contents) {
      const std::string file = (fs::path(folder) / name).string();
      write_file_atomically(file, contents);
      done.files.push_back(file);
    };
    write("pytorch_model.bin", state_dict_bytes(*model, &done.parameter_names));
    write("config.json", document.dump(2) + "\n");
    write("vocabulary.json", vocabulary.dump(1) + "\n");
    write("load_model.py", python_loader_script());
  } catch (const std::exception& e) {
    *error = e.what();
    return false;
  }
  if (result != nullptr) *result = std::move(done);
  return true;
}

}  // namespace attn
