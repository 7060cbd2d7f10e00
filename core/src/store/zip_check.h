#pragma once
// Checks a LibTorch archive (a zip file; tensors stored, code maybe deflated) before LibTorch
// parses it. LibTorch's reader skips the zip's CRC-32 checks, and its
// unpickler can crash on damaged bytes (found by tests/fuzz/fuzz_checkpoint),
// so a damaged checkpoint must be caught here, by its own checksums.

#include <string>
#include <string_view>

namespace attn {

// Empty when every entry of the central directory has a matching local header
// and its bytes match the recorded CRC-32; otherwise what is wrong, e.g.
// "entry 'archive/data.pkl' is damaged (CRC-32 mismatch)".
std::string check_zip_archive(std::string_view bytes);

// CRC-32 (IEEE 802.3, as zip uses it).
unsigned crc32_of(std::string_view bytes);

}  // namespace attn
