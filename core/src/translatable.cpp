#include "attn/translatable.h"

#include <cstring>

namespace attn {

std::string Text::fill_in(const std::string& text, const std::vector<std::string>& arguments) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (text[i] == '%' && next >= '1' && next <= '9') {
      const std::size_t index = static_cast<std::size_t>(next - '1');
      if (index < arguments.size()) {
        out += arguments[index];
        ++i;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

Text verbatim(std::string text) { return Text{kVerbatimContext, "%1", {std::move(text)}}; }

bool is_verbatim(const Text& text) {
  return text.context != nullptr && std::strcmp(text.context, kVerbatimContext) == 0;
}

std::vector<std::string> english(const std::vector<Text>& texts) {
  std::vector<std::string> out;
  out.reserve(texts.size());
  for (const auto& text : texts) out.push_back(text.english());
  return out;
}

}  // namespace attn
