#pragma once
// Reads a file line by line through a fixed buffer, so memory stays bounded
// whatever the file holds (a 1 GB line costs no more than a short one), and
// an endless input (/dev/zero, a pipe that never sends a newline) ends.

#include <cstdint>
#include <cstdio>
#include <string>

namespace attn {

class LineReader {
 public:
  LineReader(const std::string& path, std::size_t max_line_bytes);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  bool is_open() const { return file_ != nullptr; }
  std::uint64_t file_size() const { return file_size_; }
  std::uint64_t bytes_read() const { return consumed_; }

  // TooLong is returned the moment a line passes max_line_bytes, with `line`
  // empty; the next call skips the rest of that line first. Endless: the rest
  // went on for kSkipLimit times max_line_bytes without a line end, and
  // nothing more is read.
  enum class Status { Line, TooLong, Endless, End };
  static constexpr std::size_t kSkipLimit = 64;
  // Next line without its "\n" (and without a "\r" before it).
  Status next(std::string& line);
  std::int64_t line_number() const { return line_number_; }

 private:
  bool refill();
  // Past the rest of an over-long line; false when it does not end in time.
  bool skip_rest_of_line();

  std::FILE* file_ = nullptr;
  std::uint64_t file_size_ = 0;
  std::uint64_t consumed_ = 0;
  std::size_t max_line_bytes_;
  std::string buffer_;
  std::size_t position_ = 0;
  std::size_t filled_ = 0;
  std::int64_t line_number_ = 0;
  bool inside_long_line_ = false;
  bool endless_ = false;
};

}  // namespace attn
