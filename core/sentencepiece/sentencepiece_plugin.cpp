// The SentencePiece plug-in (see sentencepiece_backend.h for why it is one).

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <memory>
#include <unordered_map>

#include "sentencepiece_backend.h"

namespace attn {
namespace {

class VectorIterator : public sentencepiece::SentenceIterator {
 public:
  explicit VectorIterator(const std::vector<std::string>& texts) : texts_(texts) {}
  bool done() const override { return index_ >= texts_.size(); }
  void Next() override { ++index_; }
  const std::string& value() const override { return texts_[index_]; }
  sentencepiece::util::Status status() const override { return {}; }

 private:
  const std::vector<std::string>& texts_;
  size_t index_ = 0;
};

class Backend : public SentencePieceBackend {
 public:
  std::string train(const std::vector<std::string>& texts, int vocab_size, bool bpe) override {
    // Our special tokens at our ids; hard_vocab_limit off so that a small
    // corpus gets the largest vocabulary it supports instead of an error.
    const std::unordered_map<std::string, std::string> arguments = {
        {"model_type", bpe ? "bpe" : "unigram"},
        {"vocab_size", std::to_string(vocab_size)},
        {"pad_id", "0"},
        {"bos_id", "1"},
        {"eos_id", "2"},
        {"unk_id", "3"},
        {"pad_piece", "<pad>"},
        {"bos_piece", "<bos>"},
        {"eos_piece", "<eos>"},
        {"unk_piece", "<unk>"},
        {"character_coverage", "1.0"},
        {"hard_vocab_limit", "false"},
        {"shuffle_input_sentence", "false"},
        {"num_threads", "1"},
        {"minloglevel", "2"},
    };
    VectorIterator iterator(texts);
    std::string model;
    try {
      const auto status = sentencepiece::SentencePieceTrainer::Train(arguments, &iterator, &model);
      if (!status.ok()) return "training failed: " + std::string(status.message());
    } catch (const std::exception& e) {
      return std::string("training failed: ") + e.what();
    }
    return load(model);
  }

  std::string load(const std::string& serialized) override {
    auto processor = std::make_unique<sentencepiece::SentencePieceProcessor>();
    const auto status = processor->LoadFromSerializedProto(serialized);
    if (!status.ok()) return "cannot load model: " + std::string(status.message());
    processor_ = std::move(processor);
    model_ = serialized;
    return {};
  }

  std::string serialized_model() const override { return model_; }

  std::vector<int> encode(const std::string& text) const override {
    std::vector<int> ids;
    if (processor_) processor_->Encode(text, &ids);
    return ids;
  }

  std::string decode(const std::vector<int>& ids) const override {
    std::string text;
    if (processor_) processor_->Decode(ids, &text);
    return text;
  }

  int piece_count() const override { return processor_ ? processor_->GetPieceSize() : 0; }

  std::string id_to_piece(int id) const override {
    if (!processor_ || id < 0 || id >= piece_count()) return "<?>";
    return processor_->IdToPiece(id);
  }

 private:
  std::unique_ptr<sentencepiece::SentencePieceProcessor> processor_;
  std::string model_;
};

}  // namespace
}  // namespace attn

extern "C" __attribute__((visibility("default"))) attn::SentencePieceBackend*
attn_create_sentencepiece_backend() {
  return new attn::Backend();
}
