#include "attn/blas_tuning.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace attn {

void prefer_fast_blas_kernels(char** argv) {
  if (std::getenv("OPENBLAS_CORETYPE") != nullptr || std::getenv("ATTN_BLAS_CHECKED") != nullptr)
    return;
  using CoreName = char* (*)();
  auto core_name = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  if (core_name == nullptr) return;  // not OpenBLAS
  const char* core = core_name();
  const bool generic =
      core != nullptr && (strcasecmp(core, "prescott") == 0 || strcasecmp(core, "core2") == 0 ||
                          strcasecmp(core, "nehalem") == 0 || strcasecmp(core, "katmai") == 0);
  if (!generic) return;
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return;
  setenv("OPENBLAS_CORETYPE", "Haswell", 1);
  setenv("ATTN_BLAS_CHECKED", "1", 1);  // never loop
  execv("/proc/self/exe", argv);
  // execv returned: keep running with the kernels we have.
}

}  // namespace attn
