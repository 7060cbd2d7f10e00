#include "attn/snapshot.h"

namespace attn {

std::string to_string(AttentionKind kind) {
  switch (kind) {
    case AttentionKind::EncoderSelf:
      return "encoder self-attention";
    case AttentionKind::DecoderSelf:
      return "decoder self-attention";
    case AttentionKind::Cross:
      return "cross-attention";
  }
  return "attention";
}

const std::vector<AttentionHeads>& ExampleAttention::of(AttentionKind kind) const {
  switch (kind) {
    case AttentionKind::EncoderSelf:
      return encoder_self;
    case AttentionKind::DecoderSelf:
      return decoder_self;
    case AttentionKind::Cross:
      return cross;
  }
  return cross;
}

}  // namespace attn
