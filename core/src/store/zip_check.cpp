#include "store/zip_check.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>

namespace attn {
namespace {

constexpr std::uint32_t kEndOfDirectory = 0x06054b50;
constexpr std::uint32_t kZip64EndLocator = 0x07064b50;
constexpr std::uint32_t kZip64End = 0x06064b50;
constexpr std::uint32_t kDirectoryEntry = 0x02014b50;
constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kZip64Field = 0x0001;
constexpr std::uint32_t kUse64 = 0xffffffff;

// Little-endian reads that fail instead of reading past the end.
class Bytes {
 public:
  explicit Bytes(std::string_view bytes) : bytes_(bytes) {}
  std::optional<std::uint64_t> at(std::uint64_t offset, int width) const {
    if (offset > bytes_.size() || bytes_.size() - offset < static_cast<std::uint64_t>(width))
      return std::nullopt;
    std::uint64_t value = 0;
    for (int i = width - 1; i >= 0; --i) {
      value =
          (value << 8) | static_cast<unsigned char>(bytes_[static_cast<std::size_t>(offset) + i]);
    }
    return value;
  }
  std::uint64_t size() const { return bytes_.size(); }
  std::string_view slice(std::uint64_t offset, std::uint64_t length) const {
    return bytes_.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(length));
  }

 private:
  std::string_view bytes_;
};

struct Directory {
  std::uint64_t entries = 0, offset = 0, size = 0;
};

std::optional<Directory> find_directory(const Bytes& zip, std::string& why) {
  if (zip.size() < 22) {
    why = "too short for a zip archive";
    return std::nullopt;
  }
  // The end record is the last 22 bytes plus a comment of at most 65535.
  std::uint64_t end = zip.size() - 22;
  const std::uint64_t lowest = end > 65535 ? end - 65535 : 0;
  while (zip.at(end, 4) != kEndOfDirectory) {
    if (end == lowest) {
      why = "no zip end-of-directory record (truncated?)";
      return std::nullopt;
    }
    --end;
  }
  Directory directory{*zip.at(end + 10, 2), *zip.at(end + 16, 4), *zip.at(end + 12, 4)};
  if (directory.entries == 0xffff || directory.offset == kUse64 || directory.size == kUse64) {
    const auto locator = end >= 20 ? zip.at(end - 20, 4) : std::nullopt;
    const auto record = locator == kZip64EndLocator ? zip.at(end - 20 + 8, 8) : std::nullopt;
    if (!record || zip.at(*record, 4) != kZip64End) {
      why = "damaged zip64 end-of-directory record";
      return std::nullopt;
    }
    auto entries = zip.at(*record + 32, 8), size = zip.at(*record + 40, 8),
         offset = zip.at(*record + 48, 8);
    if (!entries || !size || !offset) {
      why = "damaged zip64 end-of-directory record";
      return std::nullopt;
    }
    directory = {*entries, *offset, *size};
  }
  if (directory.offset > end || directory.size > end - directory.offset) {
    why = "the zip directory lies outside the file (truncated?)";
    return std::nullopt;
  }
  return directory;
}

}  // namespace

unsigned crc32_of(std::string_view bytes) {
  uLong crc = ::crc32(0L, Z_NULL, 0);
  // zlib takes lengths as uInt: feed it in pieces of at most 1 GiB.
  while (!bytes.empty()) {
    const std::size_t piece = std::min<std::size_t>(bytes.size(), std::size_t{1} << 30);
    crc = ::crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(piece));
    bytes.remove_prefix(piece);
  }
  return static_cast<unsigned>(crc);
}

namespace {

// Inflates a deflated entry piece by piece (memory stays bounded whatever
// its recorded size) and compares the length and CRC-32 of what comes out.
bool inflated_matches(std::string_view deflated, std::uint64_t size, std::uint64_t crc) {
  if (deflated.size() > std::numeric_limits<uInt>::max()) return false;
  z_stream stream{};
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return false;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(deflated.data()));
  stream.avail_in = static_cast<uInt>(deflated.size());
  std::array<char, 1 << 16> out{};
  uLong running = ::crc32(0L, Z_NULL, 0);
  std::uint64_t produced = 0;
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    status = inflate(&stream, Z_NO_FLUSH);
    const std::size_t got = out.size() - stream.avail_out;
    running = ::crc32(running, reinterpret_cast<const Bytef*>(out.data()), static_cast<uInt>(got));
    produced += got;
    if (produced > size) status = Z_DATA_ERROR;
    if (status == Z_BUF_ERROR && got > 0) status = Z_OK;  // it only needed more room
  }
  inflateEnd(&stream);
  return status == Z_STREAM_END && produced == size && running == crc;
}

}  // namespace

std::string check_zip_archive(std::string_view bytes) {
  const Bytes zip(bytes);
  std::string why;
  const auto directory = find_directory(zip, why);
  if (!directory) return why;
  std::uint64_t cursor = directory->offset;
  const std::uint64_t directory_end = directory->offset + directory->size;
  for (std::uint64_t index = 0; index < directory->entries; ++index) {
    if (zip.at(cursor, 4) != kDirectoryEntry || cursor + 46 > directory_end) {
      return "damaged zip directory (entry " + std::to_string(index + 1) + ")";
    }
    const auto method = *zip.at(cursor + 10, 2);
    const auto crc = *zip.at(cursor + 16, 4);
    std::uint64_t stored = *zip.at(cursor + 20, 4), size = *zip.at(cursor + 24, 4);
    const auto name_length = *zip.at(cursor + 28, 2), extra_length = *zip.at(cursor + 30, 2);
    const auto comment_length = *zip.at(cursor + 32, 2);
    std::uint64_t local = *zip.at(cursor + 42, 4);
    const std::uint64_t next = cursor + 46 + name_length + extra_length + comment_length;
    if (next > directory_end)
      return "damaged zip directory (entry " + std::to_string(index + 1) + ")";
    const std::string name(zip.slice(cursor + 46, name_length));
    // Sizes and the offset that do not fit 32 bits sit in the zip64 field, in this order.
    for (std::uint64_t extra = cursor + 46 + name_length;
         extra + 4 <= cursor + 46 + name_length + extra_length;) {
      const auto id = *zip.at(extra, 2), length = *zip.at(extra + 2, 2);
      if (id == kZip64Field) {
        std::uint64_t field = extra + 4;
        for (std::uint64_t* value : {&size, &stored, &local}) {
          if (*value != kUse64) continue;
          const auto wide = field + 8 <= extra + 4 + length ? zip.at(field, 8) : std::nullopt;
          if (!wide) return "entry '" + name + "': damaged zip64 sizes";
          *value = *wide;
          field += 8;
        }
      }
      extra += 4 + length;
    }
    // LibTorch stores tensors as they are and may deflate its code entries.
    if ((method != 0 && method != 8) || (method == 0 && stored != size)) {
      return "entry '" + name + "': unexpected compression method " + std::to_string(method);
    }
    const auto local_name_length = zip.at(local + 26, 2),
               local_extra_length = zip.at(local + 28, 2);
    if (zip.at(local, 4) != kLocalHeader || !local_name_length || !local_extra_length ||
        zip.slice(local + 30, *local_name_length) != name) {
      return "entry '" + name + "': damaged local header";
    }
    const std::uint64_t data = local + 30 + *local_name_length + *local_extra_length;
    if (data > directory->offset || stored > directory->offset - data) {
      return "entry '" + name + "' runs past its end";
    }
    const std::string_view content = zip.slice(data, stored);
    const bool intact =
        method == 0 ? crc32_of(content) == crc : inflated_matches(content, size, crc);
    if (!intact) return "entry '" + name + "' is damaged (CRC-32 mismatch)";
    cursor = next;
  }
  return {};
}

}  // namespace attn
