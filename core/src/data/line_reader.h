#pragma once
// Reads a file line by line through a fixed buffer, so memory stays bounded
// whatever the file holds (a 1 GB line costs no more than a short one).

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

  enum class Status { Line, TooLong, End };
  // Next line without its "\n" (and without a "\r" before it). On TooLong the
  // rest of that line has been skipped and `line` is empty.
  Status next(std::string& line);
  std::int64_t line_number() const { return line_number_; }

 private:
  bool refill();

  std::FILE* file_ = nullptr;
  std::uint64_t file_size_ = 0;
  std::uint64_t consumed_ = 0;
  std::size_t max_line_bytes_;
  std::string buffer_;
  std::size_t position_ = 0;
  std::size_t filled_ = 0;
  std::int64_t line_number_ = 0;
};

}  // namespace attn
