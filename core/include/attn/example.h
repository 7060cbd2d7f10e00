#pragma once

#include <string>
#include <vector>

namespace attn {

// One sentence pair as text.
struct Example {
  std::string source;
  std::string target;
  bool operator==(const Example& other) const {
    return source == other.source && target == other.target;
  }
};

// The same pair as token ids, without <bos>/<eos> (the batcher adds them).
struct EncodedExample {
  std::vector<int> source;
  std::vector<int> target;
};

// Ideal cross-attention of a built-in task: for each target character, the
// source characters the model should look at to produce it (empty where no
// source position is responsible, e.g. a separator). Indexed like the decoder's
// queries: entry t belongs to the query that predicts target character t.
using Alignment = std::vector<std::vector<int>>;

}  // namespace attn
