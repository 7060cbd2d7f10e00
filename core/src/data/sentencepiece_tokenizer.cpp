#include "data/sentencepiece_tokenizer.h"

#include "store/zip_check.h"

#include <cstdio>

#include <dlfcn.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "data/base64.h"

namespace attn {
namespace {

constexpr int kDefaultVocab = 1000;
constexpr std::size_t kMaxTrainingSentences = 1'000'000;
using Factory = SentencePieceBackend* (*)();

std::filesystem::path executable_directory() {
  std::error_code error;
  auto path = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path() : path.parent_path();
}

// Where the plug-in may be: an explicit override, beside the executable, the
// installed location, and the build tree.
#ifndef ATTN_SENTENCEPIECE_PLUGIN_NAME
#define ATTN_SENTENCEPIECE_PLUGIN_NAME ""
#define ATTN_SENTENCEPIECE_PLUGIN_BUILD_PATH ""
#define ATTN_SENTENCEPIECE_PLUGIN_DIR "lib/attention-studio"
#define ATTN_SENTENCEPIECE_MISSING
#endif

std::vector<std::filesystem::path> plugin_candidates() {
  std::vector<std::filesystem::path> candidates;
  if (const char* overridden = std::getenv("ATTN_SENTENCEPIECE_PLUGIN"))
    candidates.emplace_back(overridden);
  const auto directory = executable_directory();
  candidates.push_back(directory / ATTN_SENTENCEPIECE_PLUGIN_NAME);
  candidates.push_back(directory / ".." / ATTN_SENTENCEPIECE_PLUGIN_DIR /
                       ATTN_SENTENCEPIECE_PLUGIN_NAME);
  candidates.emplace_back(ATTN_SENTENCEPIECE_PLUGIN_BUILD_PATH);
  return candidates;
}

#if defined(__SANITIZE_ADDRESS__)
#define ATTN_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ATTN_ADDRESS_SANITIZER 1
#endif
#endif

// Opens the plug-in once per process; returns its factory or throws.
Factory plugin_factory() {
#ifdef ATTN_SENTENCEPIECE_MISSING
  throw std::invalid_argument(
      "sentencepiece: this build has no SentencePiece (libsentencepiece-dev was not found)");
#endif
#ifdef ATTN_ADDRESS_SANITIZER
  // AddressSanitizer refuses RTLD_DEEPBIND, and without it the plug-in's
  // protobuf binds to LibTorch's and fails its version check. The plug-in's
  // code is fuzzed on its own instead (tests/fuzz/fuzz_sentencepiece.cpp).
  throw std::invalid_argument(
      "sentencepiece: not available in a build with AddressSanitizer (the plug-in needs "
      "RTLD_DEEPBIND)");
#endif
  static std::once_flag once;
  static Factory factory = nullptr;
  static std::string failure;
  std::call_once(once, [] {
    std::string tried;
    for (const auto& candidate : plugin_candidates()) {
      if (!std::filesystem::exists(candidate)) {
        tried += (tried.empty() ? "" : ", ") + candidate.string();
        continue;
      }
      // RTLD_DEEPBIND: the plug-in's protobuf copy binds to itself, not to LibTorch's.
      void* handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
      if (handle == nullptr) {
        failure = std::string("cannot open ") + candidate.string() + ": " + dlerror();
        return;
      }
      factory = reinterpret_cast<Factory>(dlsym(handle, "attn_create_sentencepiece_backend"));
      if (factory == nullptr) failure = candidate.string() + " is not the SentencePiece plug-in";
      return;
    }
    failure = "the SentencePiece plug-in was not found (looked in " + tried + ")";
  });
  if (factory == nullptr) throw std::invalid_argument("sentencepiece: " + failure);
  return factory;
}

std::unique_ptr<SentencePieceBackend> new_backend() {
  return std::unique_ptr<SentencePieceBackend>(plugin_factory()());
}

}  // namespace

SentencePieceTokenizer::SentencePieceTokenizer(std::unique_ptr<SentencePieceBackend> backend)
    : backend_(std::move(backend)) {}

namespace {

// SentencePiece's own check text, in the terms of our options.
std::string explain_training_error(const std::string& error, int vocab_size) {
  // "Vocabulary size is smaller than required_chars. 50 vs 61. Increase vocab_size or …"
  const std::string too_small = "smaller than required_chars. ";
  if (const auto at = error.find(too_small); at != std::string::npos) {
    int asked = 0, needed = 0;
    if (std::sscanf(error.c_str() + at + too_small.size(), "%d vs %d", &asked, &needed) == 2) {
      // `needed` counts the special pieces too (measured: 17 is the least that trains).
      return "vocab_size: " + std::to_string(vocab_size) +
             " is too small for this text: its distinct characters and " +
             "<pad>, <bos>, <eos>, <unk> alone need " + std::to_string(needed) +
             " pieces (use --vocab-size " + std::to_string(needed) +
             " or more, or the char tokenizer)";
    }
  }
  return "sentencepiece: " + error;
}

}  // namespace

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::train(
    const std::vector<std::string_view>& texts, int vocab_size, bool bpe) {
  if (texts.empty()) throw std::invalid_argument("sentencepiece: no training text");
  auto backend = new_backend();
  // SentencePiece samples at most a million sentences anyway (input_sentence_size).
  const std::size_t kept = std::min<std::size_t>(texts.size(), kMaxTrainingSentences);
  const std::vector<std::string> copies(texts.begin(),
                                        texts.begin() + static_cast<std::ptrdiff_t>(kept));
  const int wanted = vocab_size > 0 ? vocab_size : kDefaultVocab;
  const std::string error = backend->train(copies, wanted, bpe);
  if (!error.empty()) throw std::invalid_argument(explain_training_error(error, wanted));
  return std::unique_ptr<SentencePieceTokenizer>(new SentencePieceTokenizer(std::move(backend)));
}

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::from_model(
    const std::string& serialized) {
  auto backend = new_backend();
  const std::string error = backend->load(serialized);
  if (!error.empty()) throw std::invalid_argument("sentencepiece: " + error);
  return std::unique_ptr<SentencePieceTokenizer>(new SentencePieceTokenizer(std::move(backend)));
}

std::vector<int> SentencePieceTokenizer::encode(const std::string& text) const {
  return backend_->encode(text);
}

std::string SentencePieceTokenizer::decode(const std::vector<int>& ids) const {
  std::vector<int> kept;
  for (int id : ids) {
    if (id >= kSpecialTokens || id == kUnkToken) kept.push_back(id);
  }
  return backend_->decode(kept);
}

std::string SentencePieceTokenizer::normalize(const std::string& text) const {
  return decode(encode(text));
}

int SentencePieceTokenizer::vocab_size() const { return backend_->piece_count(); }

std::string SentencePieceTokenizer::piece(int id) const { return backend_->id_to_piece(id); }

std::string SentencePieceTokenizer::save() const {
  const std::string model = backend_->serialized_model();
  return nlohmann::json{
      {"kind", "sentencepiece"}, {"model", base64_encode(model)}, {"model_crc32", crc32_of(model)}}
      .dump();
}

}  // namespace attn
