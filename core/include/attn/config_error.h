#pragma once
// What is wrong with one field of a configuration, in words the app can show
// in the user's language.

#include <string>
#include <vector>

#include "attn/translatable.h"

namespace attn {

// A field that holds a value outside its allowed range.
struct ConfigError {
  std::string field;  // e.g. "heads"
  Text message;       // e.g. "heads: d_model 64 is not divisible by 3 heads; …"
};

// The messages of `errors` in English, joined by "; "; empty when there are none.
std::string joined_messages(const std::vector<ConfigError>& errors);

}  // namespace attn
