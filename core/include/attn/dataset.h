#pragma once
// From a data configuration to encoded train/eval sets with statistics.

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "attn/corpus.h"
#include "attn/tasks.h"
#include "attn/tokenizer.h"

namespace attn {

struct DataConfig {
  bool use_corpus = false;  // false: the built-in task
  TaskConfig task;
  CorpusOptions corpus;
  // For a corpus: how many pairs go to evaluation (taken after a seeded shuffle).
  int corpus_eval_size = 500;
  TokenizerConfig tokenizer;
  uint64_t seed = 1;
};

struct DatasetStats {
  std::size_t train_pairs = 0;
  std::size_t eval_pairs = 0;
  // Token lengths of the training split (without <bos>/<eos>): histogram[i] is
  // the number of sequences of length i.
  std::vector<std::size_t> source_length_histogram;
  std::vector<std::size_t> target_length_histogram;
  int source_vocab = 0;
  int target_vocab = 0;
  // Most frequent target-side pieces of the training split, with counts.
  std::vector<std::pair<std::string, std::size_t>> top_tokens;
  double eval_oov_rate = 0;  // share of eval tokens (both sides) that are <unk>
  std::size_t max_source_tokens = 0;
  std::size_t max_target_tokens = 0;
  // Corpus loading report.
  std::size_t dropped_too_long = 0;
  std::size_t skipped_bad = 0;
  // Where the longest pair is ("pairs.tsv:812"); empty for a built-in task.
  std::string longest_pair_at;
  // Wall time of reading (or generating) the pairs, and of the tokenizer and encoding.
  double read_seconds = 0;
  double tokenize_seconds = 0;
};

struct PreparedData {
  std::string name;  // task name or corpus file name
  std::vector<Example> train;
  std::vector<Example> eval;
  std::vector<Alignment> train_alignment;  // empty unless a task with alignment and char tokens
  std::vector<Alignment> eval_alignment;
  TokenizerPair tokenizers;
  std::vector<EncodedExample> train_encoded;
  std::vector<EncodedExample> eval_encoded;
  DatasetStats stats;
};

struct DataResult {
  PreparedData data;
  Text error;  // one readable line; empty on success
  bool ok() const { return error.empty(); }
};

// With `fixed_tokenizers` (a resumed run's vocabulary) no tokenizer is trained.
DataResult prepare_data(const DataConfig& config, const ProgressCallback& progress = {},
                        const std::atomic<bool>* cancel = nullptr,
                        const TokenizerPair* fixed_tokenizers = nullptr);

// The statistics and the first `preview` pairs (text and pieces) as text.
std::string describe_data(const PreparedData& data, std::size_t preview = 5);

}  // namespace attn
