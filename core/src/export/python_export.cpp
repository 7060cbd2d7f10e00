// attention-train --export: a checkpoint as the files a PyTorch user loads.

#include "attn/python_export.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <mutex>

#include "attn/files.h"
#include "attn/inspection.h"
#include "attn/tokenizer.h"
#include "inspect/inspection_state.h"

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
  // Opened as the Inspector opens it: the same checks and messages.
  const auto opened = InspectionModel::open(path, which, error);
  if (!opened) return false;
  InspectionModel::State& state = state_of(*opened);
  std::lock_guard<std::mutex> lock(state.mutex);
  Seq2SeqModelImpl& model = state.ready_model();
  const std::string& checkpoint = state.checkpoint;
  const TokenizerPair& tokenizers = state.tokenizers;

  std::error_code code;
  fs::create_directories(folder, code);
  if (code || !fs::is_directory(folder)) {
    *error = folder + ": cannot create the folder (" + code.message() + ")";
    return false;
  }
  PythonExport done;
  done.checkpoint = checkpoint;
  const nlohmann::json source = side_of(*tokenizers.source);
  const nlohmann::json target = side_of(*tokenizers.target);
  const nlohmann::json document = {
      {"format", "attention-studio-python/1"},
      {"model", nlohmann::json::parse(to_json(state.config.model))},
      {"implementation", to_string(model.implementation())},
      {"special_ids",
       {{"pad", kPadToken}, {"bos", kBosToken}, {"eos", kEosToken}, {"unk", kUnkToken}}},
      {"conventions",
       "source: its pieces, then <eos> (no <bos>); decoder input: <bos>, then the output so far; "
       "embeddings x sqrt(d_model) + sinusoidal positional encoding (the 'positional.table' "
       "buffer); tied output projection = target embedding"},
      {"checkpoint",
       {{"file", fs::path(checkpoint).filename().string()},
        {"step", state.position.step},
        // A checkpoint stores the epoch to continue in; users want the ones completed.
        {"epochs_completed", state.position.epoch - 1},
        {"mid_epoch", state.position.next_batch != 0}}},
      {"tokenizer",
       {{"source", source["kind"]}, {"target", target["kind"]}, {"shared", tokenizers.shared()}}},
  };
  const nlohmann::json vocabulary = {{"source", source}, {"target", target}};
  try {
    const auto write = [&](const std::string& name, const std::string& contents) {
      const std::string file = (fs::path(folder) / name).string();
      write_file_atomically(file, contents);
      done.files.push_back(file);
    };
    write("pytorch_model.bin", state_dict_bytes(model, &done.parameter_names));
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
