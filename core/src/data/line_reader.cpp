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
  filled_ = std::fread(buffer_.data(), 1, buffer_.size(), file_);
  position_ = 0;
  return filled_ > 0;
}

LineReader::Status LineReader::next(std::string& line) {
  line.clear();
  bool too_long = false;
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
    const std::size_t take = newline ? static_cast<const char*>(newline) - start : available;
    if (!too_long) {
      if (line.size() + take > max_line_bytes_) {
        too_long = true;
        line.clear();
        line.shrink_to_fit();
      } else {
        line.append(start, take);
      }
    }
    position_ += take;
    consumed_ += take;
    if (newline) {
      ++position_;
      ++consumed_;
      break;
    }
  }
  ++line_number_;
  if (too_long) return Status::TooLong;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return Status::Line;
}

}  // namespace attn
