#pragma once
// Base64 (RFC 4648) for binary blobs inside JSON documents.

#include <optional>
#include <string>

namespace attn {

std::string base64_encode(const std::string& bytes);
std::optional<std::string> base64_decode(const std::string& text);

}  // namespace attn
