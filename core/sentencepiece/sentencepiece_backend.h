#pragma once
// The interface of the SentencePiece plug-in.
//
// Debian's libsentencepiece carries its own copy of protobuf 3.14 and exports
// its symbols; LibTorch loads the system protobuf 3.21. Linked into one
// process the two collide at start-up. So SentencePiece lives in a plug-in
// that attn_core opens with RTLD_LOCAL | RTLD_DEEPBIND: its protobuf stays
// private to it. Only this torch-free, protobuf-free interface crosses over,
// and errors come back as strings, never as exceptions.

#include <string>
#include <vector>

namespace attn {

class SentencePieceBackend {
 public:
  virtual ~SentencePieceBackend() = default;
  // Each returns an error message, empty on success.
  virtual std::string train(const std::vector<std::string>& texts, int vocab_size, bool bpe) = 0;
  virtual std::string load(const std::string& serialized_model) = 0;

  virtual std::string serialized_model() const = 0;
  virtual std::vector<int> encode(const std::string& text) const = 0;
  virtual std::string decode(const std::vector<int>& ids) const = 0;
  virtual int piece_count() const = 0;
  virtual std::string id_to_piece(int id) const = 0;
};

}  // namespace attn

// The plug-in's one exported symbol.
extern "C" attn::SentencePieceBackend* attn_create_sentencepiece_backend();
