#pragma once
// Whole-file reads and crash-safe writes.

#include <string>

namespace attn {

// Writes to "<path>.tmp", flushes it to disk, then renames it over `path`, so
// a reader or a crash sees the old file or the new one, never half of one.
// Throws std::runtime_error naming the file.
void write_file_atomically(const std::string& path, const std::string& contents);
std::string read_file(const std::string& path);  // throws std::runtime_error

}  // namespace attn
