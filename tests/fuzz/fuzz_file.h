#pragma once
// Readers that take a path get the fuzzer's bytes through one temporary file
// per process, rewritten for every input.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace attn::fuzz {

inline std::string scratch_path(const char* suffix) {
  static const std::string directory = [] {
    char pattern[] = "/tmp/attn-fuzz-XXXXXX";
    const char* made = mkdtemp(pattern);
    if (made == nullptr) std::abort();
    return std::string(made);
  }();
  return directory + "/input" + suffix;
}

inline std::string write_scratch(const char* suffix, const std::uint8_t* data, std::size_t size) {
  const std::string path = scratch_path(suffix);
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, file) != size) std::abort();
  std::fclose(file);
  return path;
}

}  // namespace attn::fuzz
