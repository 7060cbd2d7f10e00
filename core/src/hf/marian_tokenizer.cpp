#include "hf/marian_tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>

#include "data/sentencepiece_tokenizer.h"

namespace attn {
namespace {

const std::string kWordBoundary = "\xE2\x96\x81";  // U+2581, SentencePiece's space

}  // namespace

std::optional<MarianVocabulary> read_marian_vocabulary(const std::string& text,
                                                       const std::string& file,
                                                       const MarianConfig& config,
                                                       std::string* error) {
  auto fail = [&](const std::string& message) {
    if (error) *error = file + ": " + message;
    return std::nullopt;
  };
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const std::exception& e) {
    return fail(std::string("not valid JSON (") + e.what() + ")");
  }
  if (!document.is_object()) return fail("expected a JSON object of piece → id");
  MarianVocabulary vocabulary;
  vocabulary.pieces.assign(static_cast<std::size_t>(config.vocab_size), std::string());
  std::vector<bool> seen(vocabulary.pieces.size(), false);
  for (const auto& [piece, id] : document.items()) {
    if (!id.is_number_integer()) return fail("\"" + piece + "\": expected an integer id");
    const long long value = id.get<long long>();
    if (value < 0 || value >= config.vocab_size) {
      return fail("\"" + piece + "\": id " + std::to_string(value) +
                  " is outside the model's vocabulary (config.json vocab_size " +
                  std::to_string(config.vocab_size) + ")");
    }
    if (seen[static_cast<std::size_t>(value)])
      return fail("id " + std::to_string(value) + " appears twice");
    seen[static_cast<std::size_t>(value)] = true;
    vocabulary.pieces[static_cast<std::size_t>(value)] = piece;
  }
  const auto unk = document.find("<unk>");
  if (unk == document.end()) return fail("no \"<unk>\" piece");
  vocabulary.unk_id = unk->get<int>();
  for (std::size_t id = 0; id < seen.size(); ++id) {
    if (!seen[id]) vocabulary.pieces[id] = "<unused " + std::to_string(id) + ">";
  }
  if (vocabulary.unk_id == config.pad_id || vocabulary.unk_id == config.eos_id)
    return fail("\"<unk>\" has the id of <pad> or </s>");
  // Ours: <pad>, <bos> (a copy of <pad>), <eos>, <unk>, then the rest in order.
  vocabulary.marian_of_ours = {config.pad_id, config.pad_id, config.eos_id, vocabulary.unk_id};
  for (int id = 0; id < config.vocab_size; ++id) {
    if (id != config.pad_id && id != config.eos_id && id != vocabulary.unk_id)
      vocabulary.marian_of_ours.push_back(id);
  }
  vocabulary.ours_of_marian.assign(vocabulary.pieces.size(), 0);
  for (std::size_t ours = 0; ours < vocabulary.marian_of_ours.size(); ++ours) {
    if (ours == static_cast<std::size_t>(kBosToken)) continue;
    vocabulary.ours_of_marian[static_cast<std::size_t>(vocabulary.marian_of_ours[ours])] =
        static_cast<int>(ours);
  }
  return vocabulary;
}

MarianTokenizer::MarianTokenizer(std::shared_ptr<const MarianVocabulary> vocabulary,
                                 const std::string& spm_model)
    : vocabulary_(std::move(vocabulary)), spm_(SentencePieceTokenizer::from_model(spm_model)) {
  for (std::size_t id = 0; id < vocabulary_->pieces.size(); ++id)
    sorted_pieces_.emplace_back(vocabulary_->pieces[id], static_cast<int>(id));
  std::sort(sorted_pieces_.begin(), sorted_pieces_.end());
}

MarianTokenizer::~MarianTokenizer() = default;

int MarianTokenizer::ours_of_piece(const std::string& piece) const {
  const auto found =
      std::lower_bound(sorted_pieces_.begin(), sorted_pieces_.end(), std::make_pair(piece, -1));
  if (found == sorted_pieces_.end() || found->first != piece) return kUnkToken;
  return vocabulary_->ours_of_marian[static_cast<std::size_t>(found->second)];
}

std::vector<int> MarianTokenizer::encode(const std::string& text) const {
  std::vector<int> ids;
  std::string rest = text;
  // MarianTokenizer.remove_language_code: a ">>code<<" at the start is one piece.
  if (rest.rfind(">>", 0) == 0) {
    const auto close = rest.find("<<", 2);
    if (close != std::string::npos && close > 2) {
      ids.push_back(ours_of_piece(rest.substr(0, close + 2)));
      rest = rest.substr(close + 2);
    }
  }
  for (int spm_id : spm_->encode(rest)) ids.push_back(ours_of_piece(spm_->piece(spm_id)));
  return ids;
}

std::string MarianTokenizer::decode(const std::vector<int>& ids) const {
  // SentencePiece's decoding of plain pieces: the word boundary is a space.
  std::string joined;
  for (int id : ids) {
    if (id == kPadToken || id == kBosToken || id == kEosToken) continue;
    joined += id == kUnkToken ? kWordBoundary + "<unk>" : piece(id);
  }
  std::string text;
  for (std::size_t at = 0; at < joined.size();) {
    if (joined.compare(at, kWordBoundary.size(), kWordBoundary) == 0) {
      text += ' ';
      at += kWordBoundary.size();
    } else {
      text += joined[at++];
    }
  }
  const auto first = text.find_first_not_of(' ');
  return first == std::string::npos ? std::string() : text.substr(first);
}

std::string MarianTokenizer::normalize(const std::string& text) const {
  return decode(encode(text));
}

int MarianTokenizer::vocab_size() const {
  return static_cast<int>(vocabulary_->marian_of_ours.size());
}

std::string MarianTokenizer::piece(int id) const {
  if (id < 0 || id >= vocab_size()) return "<out of range>";
  return vocabulary_
      ->pieces[static_cast<std::size_t>(vocabulary_->marian_of_ours[static_cast<std::size_t>(id)])];
}

std::string MarianTokenizer::save() const {
  return nlohmann::json{{"kind", "marian"},
                        {"note",
                         "MarianMT's tokenizer: source.spm, target.spm and vocab.json "
                         "in the model's folder"}}
      .dump();
}

}  // namespace attn
