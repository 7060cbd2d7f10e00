#include "hf/safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <limits>

namespace attn {
namespace {

// The header is small (a few hundred bytes per tensor); a larger one is a
// damaged or hostile file, not a model (the reference reader's limit too).
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;

std::optional<std::uint64_t> dtype_size(const std::string& dtype) {
  static const std::map<std::string, std::uint64_t> sizes = {
      {"BOOL", 1}, {"U8", 1},  {"I8", 1},  {"F8_E4M3", 1}, {"F8_E5M2", 1},
      {"I16", 2},  {"U16", 2}, {"F16", 2}, {"BF16", 2},    {"I32", 4},
      {"U32", 4},  {"F32", 4}, {"I64", 8}, {"U64", 8},     {"F64", 8}};
  const auto found = sizes.find(dtype);
  if (found == sizes.end()) return std::nullopt;
  return found->second;
}

std::uint64_t read_little_endian_u64(const char* bytes) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

bool fail(std::string* error, const std::string& message) {
  if (error) *error = message;
  return false;
}

bool read_entry(const std::string& name, const nlohmann::json& value, std::uint64_t data_size,
                SafetensorsEntry* entry, std::string* error) {
  const std::string where = "tensor \"" + name + "\": ";
  if (!value.is_object()) return fail(error, where + "expected an object");
  const auto dtype = value.find("dtype");
  const auto shape = value.find("shape");
  const auto offsets = value.find("data_offsets");
  if (dtype == value.end() || !dtype->is_string())
    return fail(error, where + "\"dtype\" missing or not a string");
  if (shape == value.end() || !shape->is_array())
    return fail(error, where + "\"shape\" missing or not a list");
  if (offsets == value.end() || !offsets->is_array() || offsets->size() != 2 ||
      !(*offsets)[0].is_number_unsigned() || !(*offsets)[1].is_number_unsigned())
    return fail(error, where + "\"data_offsets\" must be two non-negative integers");
  entry->name = name;
  entry->dtype = dtype->get<std::string>();
  const auto element = dtype_size(entry->dtype);
  if (!element) return fail(error, where + "unknown dtype \"" + entry->dtype + "\"");
  // The element count, guarding against overflow: no tensor is larger than the file.
  std::uint64_t count = 1;
  for (const auto& size : *shape) {
    if (!size.is_number_unsigned())
      return fail(error, where + "\"shape\" must hold non-negative integers");
    const auto extent = size.get<std::uint64_t>();
    if (extent > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return fail(error, where + "a dimension is too large");
    if (extent != 0 && count > data_size / extent)
      return fail(error, where + "its shape holds more elements than the file has bytes");
    count *= extent;
    entry->shape.push_back(static_cast<std::int64_t>(extent));
  }
  entry->begin = (*offsets)[0].get<std::uint64_t>();
  entry->end = (*offsets)[1].get<std::uint64_t>();
  if (entry->begin > entry->end || entry->end > data_size) {
    return fail(error, where + "data_offsets [" + std::to_string(entry->begin) + ", " +
                           std::to_string(entry->end) + "] outside the data (" +
                           std::to_string(data_size) + " bytes; truncated file?)");
  }
  if (count > data_size / *element || entry->end - entry->begin != count * *element) {
    return fail(error, where + std::to_string(entry->end - entry->begin) +
                           " bytes for a shape of " + std::to_string(count) + " " + entry->dtype +
                           " elements (" + std::to_string(*element) + " bytes each)");
  }
  return true;
}

}  // namespace

std::optional<SafetensorsIndex> parse_safetensors_header(std::string_view file,
                                                         std::string* error) {
  if (file.size() < 8) {
    fail(error, "shorter than the 8-byte header length (" + std::to_string(file.size()) +
                    " bytes; truncated file?)");
    return std::nullopt;
  }
  const std::uint64_t header_size = read_little_endian_u64(file.data());
  if (header_size > kMaxHeaderBytes || header_size > file.size() - 8) {
    fail(error, "the header claims " + std::to_string(header_size) + " bytes but the file has " +
                    std::to_string(file.size() - 8) +
                    " after the length (not safetensors, or "
                    "truncated)");
    return std::nullopt;
  }
  SafetensorsIndex index;
  index.data_offset = 8 + header_size;
  const std::uint64_t data_size = file.size() - index.data_offset;
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(file.substr(8, header_size));
  } catch (const std::exception& e) {
    fail(error, std::string("the header is not valid JSON (") + e.what() + ")");
    return std::nullopt;
  }
  if (!header.is_object()) {
    fail(error, "the header is not a JSON object");
    return std::nullopt;
  }
  for (const auto& [name, value] : header.items()) {
    if (name == "__metadata__") {
      if (!value.is_object()) {
        fail(error, "\"__metadata__\" is not an object");
        return std::nullopt;
      }
      for (const auto& [key, text] : value.items()) {
        if (!text.is_string()) {
          fail(error, "\"__metadata__\": \"" + key + "\" is not a string");
          return std::nullopt;
        }
        index.metadata[key] = text.get<std::string>();
      }
      continue;
    }
    SafetensorsEntry entry;
    if (!read_entry(name, value, data_size, &entry, error)) return std::nullopt;
    index.tensors.push_back(std::move(entry));
  }
  // No two tensors may share bytes (the format's writers lay them end to end).
  std::vector<const SafetensorsEntry*> by_offset;
  for (const auto& entry : index.tensors) by_offset.push_back(&entry);
  std::sort(by_offset.begin(), by_offset.end(),
            [](const auto* a, const auto* b) { return a->begin < b->begin; });
  for (std::size_t i = 1; i < by_offset.size(); ++i) {
    if (by_offset[i]->begin < by_offset[i - 1]->end) {
      fail(error,
           "tensors \"" + by_offset[i - 1]->name + "\" and \"" + by_offset[i]->name + "\" overlap");
      return std::nullopt;
    }
  }
  return index;
}

std::optional<torch::Tensor> safetensors_tensor(std::string_view file,
                                                const SafetensorsIndex& index,
                                                const SafetensorsEntry& entry, std::string* error) {
  torch::ScalarType type;
  if (entry.dtype == "F32") {
    type = torch::kFloat32;
  } else if (entry.dtype == "F16") {
    type = torch::kFloat16;
  } else if (entry.dtype == "BF16") {
    type = torch::kBFloat16;
  } else {
    fail(error, "tensor \"" + entry.name + "\": dtype " + entry.dtype +
                    " is not read (expected F32, F16 or BF16)");
    return std::nullopt;
  }
  const std::uint64_t begin = index.data_offset + entry.begin;
  if (begin > file.size() || entry.end - entry.begin > file.size() - begin) {
    fail(error, "tensor \"" + entry.name + "\": outside the file");
    return std::nullopt;
  }
  // The bytes are little-endian, as is every machine this runs on; copied out,
  // since the file's buffer does not outlive the call.
  auto tensor = torch::empty(entry.shape, torch::TensorOptions().dtype(type));
  if (entry.end > entry.begin)
    std::memcpy(tensor.data_ptr(), file.data() + begin, entry.end - entry.begin);
  return type == torch::kFloat32 ? tensor : tensor.to(torch::kFloat32);
}

std::optional<std::map<std::string, torch::Tensor>> read_safetensors(const std::string& path,
                                                                     std::string* error) {
  // One allocation of the file's size (a weights file is hundreds of MB; a
  // stream copy would hold it twice).
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    fail(error, path + ": cannot be opened");
    return std::nullopt;
  }
  std::string bytes(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    fail(error, path + ": cannot be read");
    return std::nullopt;
  }
  std::string why;
  const auto index = parse_safetensors_header(bytes, &why);
  if (!index) {
    fail(error, path + ": " + why);
    return std::nullopt;
  }
  std::map<std::string, torch::Tensor> tensors;
  for (const auto& entry : index->tensors) {
    auto tensor = safetensors_tensor(bytes, *index, entry, &why);
    if (!tensor) {
      fail(error, path + ": " + why);
      return std::nullopt;
    }
    tensors[entry.name] = std::move(*tensor);
  }
  return tensors;
}

}  // namespace attn
