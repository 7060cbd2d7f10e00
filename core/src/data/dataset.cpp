#include "attn/dataset.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "data/seeded_random.h"

namespace attn {
namespace {

constexpr std::size_t kTopTokens = 12;

std::vector<EncodedExample> encode_all(const std::vector<Example>& examples,
                                       const TokenizerPair& tokenizers) {
  std::vector<EncodedExample> encoded;
  encoded.reserve(examples.size());
  for (const auto& example : examples) {
    encoded.push_back(
        {tokenizers.source->encode(example.source), tokenizers.target->encode(example.target)});
  }
  return encoded;
}

std::vector<std::size_t> histogram(const std::vector<EncodedExample>& encoded, bool source_side) {
  std::vector<std::size_t> counts;
  for (const auto& example : encoded) {
    const std::size_t length = (source_side ? example.source : example.target).size();
    if (counts.size() <= length) counts.resize(length + 1, 0);
    ++counts[length];
  }
  return counts;
}

DatasetStats compute_stats(const PreparedData& data) {
  DatasetStats stats;
  stats.train_pairs = data.train.size();
  stats.eval_pairs = data.eval.size();
  stats.source_length_histogram = histogram(data.train_encoded, true);
  stats.target_length_histogram = histogram(data.train_encoded, false);
  stats.max_source_tokens =
      stats.source_length_histogram.empty() ? 0 : stats.source_length_histogram.size() - 1;
  stats.max_target_tokens =
      stats.target_length_histogram.empty() ? 0 : stats.target_length_histogram.size() - 1;
  for (const auto& example : data.eval_encoded) {
    stats.max_source_tokens = std::max(stats.max_source_tokens, example.source.size());
    stats.max_target_tokens = std::max(stats.max_target_tokens, example.target.size());
  }
  stats.source_vocab = data.tokenizers.source->vocab_size();
  stats.target_vocab = data.tokenizers.target->vocab_size();

  std::vector<std::size_t> counts(static_cast<std::size_t>(stats.target_vocab), 0);
  for (const auto& example : data.train_encoded) {
    for (int id : example.target) ++counts[static_cast<std::size_t>(id)];
  }
  std::vector<int> ids(counts.size());
  std::iota(ids.begin(), ids.end(), 0);
  std::stable_sort(ids.begin(), ids.end(), [&](int a, int b) { return counts[a] > counts[b]; });
  for (int id : ids) {
    if (stats.top_tokens.size() >= kTopTokens || counts[id] == 0) break;
    stats.top_tokens.emplace_back(data.tokenizers.target->piece(id), counts[id]);
  }

  std::size_t unknown = 0, total = 0;
  for (const auto& example : data.eval_encoded) {
    for (const auto* side : {&example.source, &example.target}) {
      total += side->size();
      unknown += static_cast<std::size_t>(std::count(side->begin(), side->end(), kUnkToken));
    }
  }
  stats.eval_oov_rate = total > 0 ? static_cast<double>(unknown) / static_cast<double>(total) : 0.0;
  return stats;
}

// Splits a loaded corpus into train and eval after a seeded shuffle.
Text split_corpus(std::vector<Example> examples, const DataConfig& config, PreparedData& data) {
  if (examples.size() < 2) {
    Text error{kDataTextContext,
               ATTN_TRANSLATABLE("attn::Data",
                                 "only %1 usable pair; need at least 2 (one to train on, one to "
                                 "evaluate)"),
               {std::to_string(examples.size())}};
    error.location = config.corpus.path + ": ";
    return error;
  }
  SeededRandom random(config.seed);
  random.shuffle(examples);
  // At most a fifth of the corpus goes to evaluation, so small corpora still train.
  std::size_t eval_count = static_cast<std::size_t>(std::max(1, config.corpus_eval_size));
  eval_count = std::min(eval_count, std::max<std::size_t>(1, examples.size() / 5));
  data.eval.assign(examples.begin(), examples.begin() + static_cast<std::ptrdiff_t>(eval_count));
  data.train.assign(examples.begin() + static_cast<std::ptrdiff_t>(eval_count), examples.end());
  return {};
}

}  // namespace

DataResult prepare_data(const DataConfig& config, const ProgressCallback& progress,
                        const std::atomic<bool>* cancel, const TokenizerPair* fixed_tokenizers) {
  DataResult result;
  PreparedData& data = result.data;
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  auto read_done = started;
  try {
    if (config.use_corpus) {
      CorpusLoad load = load_corpus(config.corpus, progress, cancel);
      if (load.error) {
        result.error = load.error->located();
        return result;
      }
      data.name = std::filesystem::path(config.corpus.path).filename().string();
      data.stats.dropped_too_long = load.dropped_too_long;
      data.stats.skipped_bad = load.skipped_bad;
      data.stats.longest_pair_at = config.corpus.path + ":" + std::to_string(load.longest_line);
      if (auto error = split_corpus(std::move(load.examples), config, data); !error.empty()) {
        result.error = error;
        return result;
      }
    } else {
      TaskData task = generate_task(config.task);
      data.name = config.task.name;
      data.train = std::move(task.train);
      data.eval = std::move(task.eval);
      // Alignments are in characters, so they hold only for character tokens.
      if (config.tokenizer.kind == TokenizerKind::Char) {
        data.train_alignment = std::move(task.train_alignment);
        data.eval_alignment = std::move(task.eval_alignment);
      }
    }
    read_done = Clock::now();
    data.tokenizers =
        fixed_tokenizers ? *fixed_tokenizers : train_tokenizers(config.tokenizer, data.train);
  } catch (const std::exception& e) {
    result.error = verbatim(e.what());
    return result;
  }
  data.train_encoded = encode_all(data.train, data.tokenizers);
  data.eval_encoded = encode_all(data.eval, data.tokenizers);
  const auto load_report = std::make_tuple(data.stats.dropped_too_long, data.stats.skipped_bad,
                                           data.stats.longest_pair_at);
  data.stats = compute_stats(data);
  std::tie(data.stats.dropped_too_long, data.stats.skipped_bad, data.stats.longest_pair_at) =
      load_report;
  data.stats.read_seconds = std::chrono::duration<double>(read_done - started).count();
  data.stats.tokenize_seconds = std::chrono::duration<double>(Clock::now() - read_done).count();
  return result;
}

namespace {

std::string sparkline(const std::vector<std::size_t>& counts) {
  static const char* kBars[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  const std::size_t peak = counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
  std::string line;
  for (std::size_t count : counts) {
    const int level = peak == 0 ? 0 : static_cast<int>(std::ceil(8.0 * count / peak));
    line += kBars[level];
  }
  return line;
}

std::string length_line(const std::vector<std::size_t>& counts) {
  std::size_t total = 0, weighted = 0, shortest = counts.size();
  for (std::size_t length = 0; length < counts.size(); ++length) {
    if (counts[length] > 0 && shortest == counts.size()) shortest = length;
    total += counts[length];
    weighted += counts[length] * length;
  }
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << "min " << (total ? shortest : 0) << ", mean "
      << (total ? static_cast<double>(weighted) / total : 0.0) << ", max "
      << (counts.empty() ? 0 : counts.size() - 1) << "  |" << sparkline(counts) << "|";
  return out.str();
}

std::string joined(const std::vector<std::string>& pieces) {
  std::string text;
  for (const auto& piece : pieces) text += (text.empty() ? "" : "|") + piece;
  return text;
}

}  // namespace

std::string describe_data(const PreparedData& data, std::size_t preview) {
  const DatasetStats& s = data.stats;
  std::ostringstream out;
  out << "data: " << data.name;
  if (auto task = find_task(data.name)) out << " (built-in task) - " << task->description;
  out << "\n";
  out << "pairs: " << s.train_pairs << " train, " << s.eval_pairs << " eval";
  if (s.dropped_too_long > 0) out << "; " << s.dropped_too_long << " dropped as too long";
  if (s.skipped_bad > 0) out << "; " << s.skipped_bad << " malformed lines skipped";
  out << "\n";
  out << "tokenizer: " << to_string(data.tokenizers.source->kind()) << ", "
      << (data.tokenizers.shared() ? "shared vocabulary of " + std::to_string(s.source_vocab)
                                   : "source vocabulary " + std::to_string(s.source_vocab) +
                                         ", target vocabulary " + std::to_string(s.target_vocab))
      << " (4 special tokens included)\n";
  out << "source tokens: " << length_line(s.source_length_histogram) << "\n";
  out << "target tokens: " << length_line(s.target_length_histogram) << "\n";
  out << "most frequent target tokens:";
  for (const auto& [piece, count] : s.top_tokens) out << " '" << piece << "' " << count;
  out << "\n";
  out << std::fixed << std::setprecision(2)
      << "eval out-of-vocabulary rate: " << 100.0 * s.eval_oov_rate << "%\n";
  out << std::setprecision(2) << "prepared in " << s.read_seconds + s.tokenize_seconds
      << " s (reading " << s.read_seconds << " s, tokenizer and encoding " << s.tokenize_seconds
      << " s)\n";
  out << "alignment: " << (data.train_alignment.empty() ? "none" : "ideal cross-attention known")
      << "\n";
  const std::size_t shown = std::min(preview, data.train.size());
  out << "first " << shown << " training pairs:\n";
  for (std::size_t i = 0; i < shown; ++i) {
    const Example& example = data.train[i];
    out << "  " << i + 1 << ". " << example.source << "  ->  " << example.target << "\n";
    out << "     " << joined(data.tokenizers.source->pieces(example.source)) << "  ->  "
        << joined(data.tokenizers.target->pieces(example.target)) << "\n";
  }
  return out.str();
}

}  // namespace attn
