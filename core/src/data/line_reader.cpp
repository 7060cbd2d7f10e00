#include "data/line_reader.h"

#include <cstring>

namespace attn {
namespace {
constexpr std::size_t kBufferBytes = 1 << 20;
}

LineReader::LineReader(const std::string& path, std::size_t max_line_bytes)
    : max_line_bytes_(max_line_bytes), buffer_(kBufferBytes, '\0') {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ != nullptr && std::fseek(file_, 0, SEEK_END) == 0) {
    const long size = std::ftell(file_);
    file_size_ = size > 0 ? static_cast<std::uint64_t>(size) : 0;
    std::fseek(file_, 0, SEEK_SET);
  }
}

LineReader::~LineReader() {
  if (file_ != nullptr) std::fclose(file_);
}

bool LineReader::refill() {
  filled_ = file_ != nullptr ? std::fread(buffer_.data(), 1, buffer_.size(), file_) : 0;
  position_ = 0;
  return filled_ > 0;
}

bool LineReader::skip_rest_of_line() {
  const std::uint64_t limit = static_cast<std::uint64_t>(max_line_bytes_) * kSkipLimit;
  std::uint64_t skipped = 0;
  for (;;) {
    if (position_ >= filled_ && !refill()) return true;  // the file ends the line
    const char* start = buffer_.data() + position_;
    const std::size_t available = filled_ - position_;
    const void* newline = std::memchr(start, '\n', available);
    const std::size_t take =
        newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - start) + 1
                : available;
    position_ += take;
    consumed_ += take;
    skipped += take;
    if (newline) return true;
    if (skipped > limit) return false;
  }
}

LineReader::Status LineReader::next(std::string& line) {
  line.clear();
  if (endless_) return Status::Endless;
  if (inside_long_line_) {
    inside_long_line_ = false;
    if (!skip_rest_of_line()) {
      endless_ = true;
      return Status::Endless;
    }
  }
  bool any = false;
  for (;;) {
    if (position_ >= filled_ && !refill()) {
      if (!any) return Status::End;
      break;  // last line without a newline
    }
    any = true;
    const char* start = buffer_.data() + position_;
    const std::size_t available = filled_ - position_;
    const void* newline = std::memchr(start, '\n', available);
    const std::size_t take =
        newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - start) : available;
    if (line.size() + take > max_line_bytes_) {
      // Refused now: an endless line must not be read to its end first.
      const std::size_t fits = max_line_bytes_ - line.size();
      position_ += fits;
      consumed_ += fits;
      line.clear();
      line.shrink_to_fit();
      inside_long_line_ = true;
      ++line_number_;
      return Status::TooLong;
    }
    line.append(start, take);
    position_ += take;
    consumed_ += take;
    if (newline) {
      ++position_;
      ++consumed_;
      break;
    }
  }
  ++line_number_;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return Status::Line;
}

}  // namespace attn
