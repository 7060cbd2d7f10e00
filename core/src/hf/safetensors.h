#pragma once
// Reading Hugging Face's safetensors files (model.safetensors) without Python.
//
// The format (huggingface/safetensors, "Format"): 8 bytes, a little-endian
// unsigned 64-bit N; N bytes of a UTF-8 JSON object mapping each tensor's name
// to {"dtype", "shape", "data_offsets": [begin, end]} (offsets into the byte
// buffer that follows the header), with an optional "__metadata__" object of
// strings; then the buffer, each tensor's bytes little-endian and row-major.
// Every offset, size and shape is checked against the file before a byte of
// data is read.

#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace attn {

struct SafetensorsEntry {
  std::string name;
  std::string dtype;  // "F32", "F16", "BF16", "I64", ...
  std::vector<std::int64_t> shape;
  std::uint64_t begin = 0;  // into the data buffer
  std::uint64_t end = 0;
};

struct SafetensorsIndex {
  std::vector<SafetensorsEntry> tensors;  // in the header's order
  std::map<std::string, std::string> metadata;
  std::uint64_t data_offset = 0;  // where the data buffer starts in the file
};

// The header of a whole file's bytes. On any inconsistency returns nullopt and
// sets *error to what is wrong (without the file name).
std::optional<SafetensorsIndex> parse_safetensors_header(std::string_view file, std::string* error);

// One entry's tensor as float32 (F32, F16 and BF16 are read; another dtype is
// an error naming it). `file` is the whole file's bytes the index came from.
std::optional<torch::Tensor> safetensors_tensor(std::string_view file,
                                                const SafetensorsIndex& index,
                                                const SafetensorsEntry& entry, std::string* error);

// Every tensor of the file at `path`, as float32, by name. Errors name the file.
std::optional<std::map<std::string, torch::Tensor>> read_safetensors(const std::string& path,
                                                                     std::string* error);

}  // namespace attn
