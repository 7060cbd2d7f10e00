# LibTorch fixes the libstdc++ ABI of std::string and friends. Every target
# that shares a std::string with attn_core must agree with it, so the ABI
# flag (and only that flag) is made public on attn_core; the rest of
# TORCH_CXX_FLAGS stays private to the torch translation units.
set(ATTN_TORCH_ABI_DEFINITION "")
if(TORCH_CXX_FLAGS MATCHES "_GLIBCXX_USE_CXX11_ABI=([01])")
  set(ATTN_TORCH_ABI_DEFINITION "_GLIBCXX_USE_CXX11_ABI=${CMAKE_MATCH_1}")
endif()
