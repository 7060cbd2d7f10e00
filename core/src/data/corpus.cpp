#include "attn/corpus.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include <unistd.h>

#include "data/line_reader.h"
#include "data/utf8.h"

namespace attn {

Text CorpusError::located() const {
  Text text = message;
  text.location = line > 0 ? file + ":" + std::to_string(line) + ": " : file + ": ";
  return text;
}

std::string CorpusError::to_string() const { return located().english(); }

namespace {

Text says(const char* source, std::vector<std::string> arguments = {}) {
  return Text{kDataTextContext, source, std::move(arguments)};
}

constexpr std::size_t kBadLinesReported = 10;
constexpr std::int64_t kProgressEveryLines = 65536;
const std::string kByteOrderMark = "\xEF\xBB\xBF";

std::optional<CorpusError> check_file(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error))
    return CorpusError{path, 0, says(ATTN_TRANSLATABLE("attn::Data", "no such file"))};
  if (std::filesystem::is_directory(path, error)) {
    return CorpusError{
        path, 0,
        says(ATTN_TRANSLATABLE("attn::Data", "is a directory; expected a UTF-8 text file"))};
  }
  // A pipe or FIFO (`--corpus <(cat big.tsv)`) can be read once only: peeking
  // here would swallow its first lines, so the line reader checks it instead.
  if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr)
    return CorpusError{
        path, 0, says(ATTN_TRANSLATABLE("attn::Data", "cannot open: %1"), {std::strerror(errno)})};
  char head[8192];
  const std::size_t read = std::fread(head, 1, sizeof head, file);
  std::fclose(file);
  if (read == 0)
    return CorpusError{
        path, 0,
        says(ATTN_TRANSLATABLE("attn::Data",
                               "the file is empty; expected one sentence pair per line"))};
  if (const void* nul = std::memchr(head, '\0', read)) {
    const auto offset = static_cast<const char*>(nul) - head;
    return CorpusError{path, 0,
                       says(ATTN_TRANSLATABLE("attn::Data",
                                              "looks like a binary file (NUL byte at offset %1); "
                                              "expected UTF-8 text"),
                            {std::to_string(offset)})};
  }
  return std::nullopt;
}

// Why a side is unusable, or empty when it is fine.
Text check_text(const std::string& text) {
  const std::size_t invalid = utf8::first_invalid(text);
  if (invalid != std::string::npos) {
    return says(ATTN_TRANSLATABLE("attn::Data", "invalid UTF-8 at byte %1 of the line"),
                {std::to_string(invalid + 1)});
  }
  if (text.find('\0') != std::string::npos)
    return says(ATTN_TRANSLATABLE("attn::Data", "contains a NUL byte; expected text"));
  return {};
}

std::uint64_t text_budget(const CorpusOptions& options) {
  if (options.max_text_bytes > 0) return options.max_text_bytes;
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return std::uint64_t{1} << 30;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) / 8;
}

class Loader {
 public:
  Loader(const CorpusOptions& options, const ProgressCallback& progress,
         const std::atomic<bool>* cancel)
      : options_(options), progress_(progress), cancel_(cancel), budget_(text_budget(options)) {}

  CorpusLoad run() {
    for (const std::string* path : {&options_.path, &options_.target_path}) {
      if (path->empty()) continue;
      if (auto error = check_file(*path)) return fail(*error);
    }
    if (options_.target_path.empty()) {
      read_tsv();
    } else {
      read_aligned();
    }
    if (!result_.error && result_.examples.empty()) {
      const std::string bad = std::to_string(result_.skipped_bad);
      const std::string long_pairs = std::to_string(result_.dropped_too_long);
      Text why = says(ATTN_TRANSLATABLE("attn::Data", "no usable sentence pairs"));
      if (result_.skipped_bad > 0 && result_.dropped_too_long > 0) {
        why = says(ATTN_TRANSLATABLE("attn::Data",
                                     "no usable sentence pairs; %1 malformed lines skipped; %2 "
                                     "pairs longer than max_length dropped"),
                   {bad, long_pairs});
      } else if (result_.skipped_bad > 0) {
        why = says(
            ATTN_TRANSLATABLE("attn::Data", "no usable sentence pairs; %1 malformed lines skipped"),
            {bad});
      } else if (result_.dropped_too_long > 0) {
        why = says(ATTN_TRANSLATABLE("attn::Data",
                                     "no usable sentence pairs; %1 pairs longer than max_length "
                                     "dropped"),
                   {long_pairs});
      }
      result_.error = CorpusError{options_.path, 0, why};
    }
    if (progress_) progress_(1.0);
    return std::move(result_);
  }

 private:
  CorpusLoad fail(const CorpusError& error) {
    result_.error = error;
    result_.examples.clear();
    return std::move(result_);
  }

  // Returns false when loading must stop (an error without skip_bad_lines).
  bool bad_line(const std::string& file, std::int64_t line, const Text& reason) {
    if (!options_.skip_bad_lines) {
      result_.error = CorpusError{file, line, reason};
      return false;
    }
    ++result_.skipped_bad;
    if (result_.first_bad_lines.size() < kBadLinesReported) result_.first_bad_lines.push_back(line);
    if (result_.first_bad_reason.empty()) result_.first_bad_reason = reason;
    return true;
  }

  // Adds a pair that passed the format checks; false once max_examples is
  // reached or the kept text passes its budget (then with an error naming
  // the byte where reading stopped).
  bool add(std::string source, std::string target, std::int64_t line, const LineReader& reader) {
    if (options_.lowercase) {
      source = utf8::to_lower(source);
      target = utf8::to_lower(target);
    }
    const std::size_t characters = std::max(utf8::length(source), utf8::length(target));
    if (options_.max_length > 0 && characters > options_.max_length) {
      ++result_.dropped_too_long;
      return true;
    }
    if (characters > result_.longest_characters) {
      result_.longest_characters = characters;
      result_.longest_line = line;
    }
    kept_bytes_ += source.size() + target.size();
    if (kept_bytes_ > budget_) {
      result_.error = CorpusError{
          options_.path, line,
          says(ATTN_TRANSLATABLE("attn::Data",
                                 "the corpus holds more than the %1 MB of text it may take in "
                                 "memory (an eighth of this machine's); reading stopped at byte "
                                 "offset %2. Use --max-examples or a part of the file"),
               {std::to_string(budget_ >> 20), std::to_string(reader.bytes_read())})};
      return false;
    }
    result_.examples.push_back({std::move(source), std::move(target)});
    return options_.max_examples == 0 || result_.examples.size() < options_.max_examples;
  }

  // False when cancelled.
  bool report(const LineReader& reader) {
    if (reader.line_number() % kProgressEveryLines != 0) return true;
    if (cancel_ != nullptr && cancel_->load()) {
      result_.error = CorpusError{options_.path, reader.line_number(),
                                  says(ATTN_TRANSLATABLE("attn::Data", "cancelled"))};
      return false;
    }
    if (progress_ && reader.file_size() > 0) {
      progress_(static_cast<double>(reader.bytes_read()) / static_cast<double>(reader.file_size()));
    }
    return true;
  }

  static void strip_bom(const LineReader& reader, std::string& line) {
    if (reader.line_number() == 1 && line.compare(0, kByteOrderMark.size(), kByteOrderMark) == 0) {
      line.erase(0, kByteOrderMark.size());
    }
  }

  Text too_long_reason(const LineReader& reader) const {
    return says(ATTN_TRANSLATABLE("attn::Data",
                                  "the line is longer than the %1-byte line limit (refused at "
                                  "byte offset %2)"),
                {std::to_string(options_.max_line_bytes), std::to_string(reader.bytes_read())});
  }

  // A line with no end in sight (/dev/zero, a binary stream): nothing after it
  // can be trusted to be sentence pairs, so loading stops even when bad lines
  // are skipped.
  void endless(const std::string& file, const LineReader& reader) {
    result_.error = CorpusError{
        file, reader.line_number(),
        says(ATTN_TRANSLATABLE("attn::Data",
                               "no line end within %1 MB (reading stopped at byte offset %2); "
                               "expected one sentence pair per line"),
             {std::to_string((options_.max_line_bytes * LineReader::kSkipLimit) >> 20),
              std::to_string(reader.bytes_read())})};
  }

  void read_tsv() {
    const std::string& file = options_.path;
    LineReader reader(file, options_.max_line_bytes);
    std::string line;
    for (;;) {
      const auto status = reader.next(line);
      if (status == LineReader::Status::End) break;
      if (status == LineReader::Status::Endless) return endless(file, reader);
      ++result_.lines_read;
      if (!report(reader)) return;
      const std::int64_t number = reader.line_number();
      if (status == LineReader::Status::TooLong) {
        if (!bad_line(file, number, too_long_reason(reader))) return;
        continue;
      }
      strip_bom(reader, line);
      if (line.empty()) continue;  // blank lines separate nothing
      if (auto problem = check_text(line); !problem.empty()) {
        if (!bad_line(file, number, problem)) return;
        continue;
      }
      const auto tab = line.find('\t');
      if (tab == std::string::npos) {
        if (!bad_line(file, number,
                      says(ATTN_TRANSLATABLE("attn::Data",
                                             "expected 'source<TAB>target' but found no tab"))))
          return;
        continue;
      }
      if (line.find('\t', tab + 1) != std::string::npos) {
        if (!bad_line(file, number,
                      says(ATTN_TRANSLATABLE("attn::Data",
                                             "expected one tab between source and target but "
                                             "found more"))))
          return;
        continue;
      }
      std::string source = line.substr(0, tab), target = line.substr(tab + 1);
      if (source.find_first_not_of(" \t") == std::string::npos) {
        if (!bad_line(
                file, number,
                says(ATTN_TRANSLATABLE("attn::Data", "the source side (before the tab) is empty"))))
          return;
        continue;
      }
      if (target.find_first_not_of(" \t") == std::string::npos) {
        if (!bad_line(
                file, number,
                says(ATTN_TRANSLATABLE("attn::Data", "the target side (after the tab) is empty"))))
          return;
        continue;
      }
      if (!add(std::move(source), std::move(target), number, reader)) return;
    }
  }

  void read_aligned() {
    LineReader sources(options_.path, options_.max_line_bytes);
    LineReader targets(options_.target_path, options_.max_line_bytes);
    std::string source, target;
    for (;;) {
      const auto source_status = sources.next(source);
      const auto target_status = targets.next(target);
      if (source_status == LineReader::Status::Endless) return endless(options_.path, sources);
      if (target_status == LineReader::Status::Endless)
        return endless(options_.target_path, targets);
      const bool source_done = source_status == LineReader::Status::End;
      const bool target_done = target_status == LineReader::Status::End;
      if (source_done && target_done) break;
      if (source_done != target_done) {
        report_length_mismatch(sources, targets, source_done);
        return;
      }
      ++result_.lines_read;
      if (!report(sources)) return;
      const std::int64_t number = sources.line_number();
      if (source_status == LineReader::Status::TooLong) {
        if (!bad_line(options_.path, number, too_long_reason(sources))) return;
        continue;
      }
      if (target_status == LineReader::Status::TooLong) {
        if (!bad_line(options_.target_path, number, too_long_reason(targets))) return;
        continue;
      }
      strip_bom(sources, source);
      strip_bom(targets, target);
      if (auto problem = check_text(source); !problem.empty()) {
        if (!bad_line(options_.path, number, problem)) return;
        continue;
      }
      if (auto problem = check_text(target); !problem.empty()) {
        if (!bad_line(options_.target_path, number, problem)) return;
        continue;
      }
      if (source.find_first_not_of(" \t") == std::string::npos) {
        if (!bad_line(
                options_.path, number,
                says(ATTN_TRANSLATABLE("attn::Data", "empty line; expected a source sentence"))))
          return;
        continue;
      }
      if (target.find_first_not_of(" \t") == std::string::npos) {
        if (!bad_line(
                options_.target_path, number,
                says(ATTN_TRANSLATABLE("attn::Data", "empty line; expected a target sentence"))))
          return;
        continue;
      }
      if (!add(std::move(source), std::move(target), number, sources)) return;
    }
  }

  // One file ended first: count the other's remaining lines for the message.
  void report_length_mismatch(LineReader& sources, LineReader& targets, bool source_ended) {
    LineReader& longer = source_ended ? targets : sources;
    std::string ignored;
    for (auto status = longer.next(ignored); status != LineReader::Status::End;
         status = longer.next(ignored)) {
      if (status == LineReader::Status::Endless)
        return endless(source_ended ? options_.target_path : options_.path, longer);
    }
    const auto source_lines = sources.line_number();
    const auto target_lines = targets.line_number();
    result_.examples.clear();
    result_.error = CorpusError{
        options_.path, 0,
        says(ATTN_TRANSLATABLE("attn::Data",
                               "has %1 lines but %2 has %3; aligned files need one target line "
                               "per source line"),
             {std::to_string(source_lines), options_.target_path, std::to_string(target_lines)})};
  }

  const CorpusOptions& options_;
  const ProgressCallback& progress_;
  const std::atomic<bool>* cancel_;
  const std::uint64_t budget_;
  std::uint64_t kept_bytes_ = 0;
  CorpusLoad result_;
};

}  // namespace

CorpusLoad load_corpus(const CorpusOptions& options, const ProgressCallback& progress,
                       const std::atomic<bool>* cancel) {
  CorpusLoad load = Loader(options, progress, cancel).run();
  if (load.error) load.examples.clear();
  return load;
}

}  // namespace attn
