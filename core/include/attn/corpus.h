#pragma once
// The user's own sentence pairs: a UTF-8 TSV file (source<TAB>target per line)
// or two aligned files with one sentence per line.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "attn/example.h"
#include "attn/translatable.h"

namespace attn {

struct CorpusOptions {
  std::string path;              // TSV file, or the source side of two files
  std::string target_path;       // empty for TSV
  std::size_t max_examples = 0;  // 0: no limit
  std::size_t max_length = 0;    // characters per side; longer pairs are dropped; 0: no limit
  bool lowercase = false;
  bool skip_bad_lines = false;           // report and skip malformed lines instead of failing
  std::size_t max_line_bytes = 1 << 20;  // a longer line is an error (or skipped)
  // The most text the kept pairs may hold; a larger corpus is refused at the
  // byte where it passes. 0: an eighth of this machine's memory (tokens,
  // batches and the model need the rest).
  std::uint64_t max_text_bytes = 0;
};

// Where loading failed: file, 1-based line (0 when the whole file is at fault), why.
struct CorpusError {
  std::string file;
  std::int64_t line = 0;
  Text message;
  Text located() const;           // the message after "file:line: "
  std::string to_string() const;  // "file:line: message", in English
};

struct CorpusLoad {
  std::vector<Example> examples;
  std::size_t lines_read = 0;
  std::size_t dropped_too_long = 0;
  std::size_t skipped_bad = 0;
  std::vector<std::int64_t> first_bad_lines;  // up to 10 line numbers
  // The line of the longest kept pair (characters of its longer side), for
  // messages about sequence length.
  std::int64_t longest_line = 0;
  std::size_t longest_characters = 0;
  Text first_bad_reason;
  std::optional<CorpusError> error;  // set when loading failed
};

// progress(fraction in [0,1]) is called now and then; cancel, when set, stops
// the read with an error "cancelled".
using ProgressCallback = std::function<void(double)>;
CorpusLoad load_corpus(const CorpusOptions& options, const ProgressCallback& progress = {},
                       const std::atomic<bool>* cancel = nullptr);

}  // namespace attn
